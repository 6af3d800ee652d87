"""The print edition: a tagged PDF/UA-1 file made by WeasyPrint from the HTML rendition.

Options (``-O KEY=VALUE`` or ``--page-size``/``--style``): ``page-size`` is ``a4`` or ``letter``
(default: US Letter for articles whose language names a region that uses it, else A4);
``style`` is ``standard`` or ``large-print``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from styles import stylesheet
from triptych import __version__
from triptych.errors import ExportError, UsageError
from triptych.exporter import ExportContext
from triptych.language import label
from triptych.model import Article
from triptych.renditions.html import HtmlRenderer, serialize

PAGE_SIZES = {"a4": "A4", "letter": "letter"}
STYLES = {"standard": ("base.css", "print.css"), "large-print": ("base.css", "print.css", "large-print.css")}
LETTER_REGIONS = frozenset(
    ("US", "CA", "MX", "PH", "CL", "CO", "VE", "PR", "GT", "CR", "PA", "DO", "SV", "NI", "HN", "BZ")
)


@dataclass(frozen=True, slots=True)
class PdfOptions:
    """The print edition's options, checked."""

    page_size: str
    style: str

    @classmethod
    def from_context(cls, article: Article, options: dict[str, str]) -> PdfOptions:
        size = options.get("page-size") or default_page_size(article.meta.language)
        style = options.get("style", "standard")
        if size.lower() not in PAGE_SIZES:
            raise UsageError(f"page size {size!r} is not known", hint="use a4 or letter")
        if style not in STYLES:
            raise UsageError(f"style {style!r} is not known", hint=f"use {' or '.join(STYLES)}")
        return cls(page_size=size.lower(), style=style)


def default_page_size(language: str) -> str:
    """US Letter where the language tag's region uses it (en-US, es-MX, ...), else A4."""
    parts = language.replace("_", "-").split("-")
    region = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    return "letter" if region in LETTER_REGIONS else "a4"


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_css(language: str, size: str) -> str:
    """The generated part of the print sheet: page size and "Page N of M" in the article's language."""
    template = label(language, "page_of", page="\x00page", pages="\x00pages")
    parts = []
    for chunk in template.split("\x00"):
        for counter in ("pages", "page"):
            if chunk.startswith(counter):
                parts.append(f"counter({counter})")
                chunk = chunk[len(counter) :]
                break
        if chunk:
            parts.append(_css_string(chunk))
    return f"@page {{ size: {PAGE_SIZES[size]}; @bottom-center {{ content: {' '.join(parts)}; }} }}\n"


def _timestamp() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch), UTC) if epoch and epoch.isdigit() else datetime.now(UTC)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _engine_messages() -> Iterator[list[str]]:
    """Collect what WeasyPrint logs (it logs, rather than raises, most problems)."""
    logger = logging.getLogger("weasyprint")
    collector = _Collector()
    logger.addHandler(collector)
    propagate, logger.propagate = logger.propagate, False  # relayed as export warnings instead
    try:
        yield collector.messages
    finally:
        logger.removeHandler(collector)
        logger.propagate = propagate


def print_document(article: Article, options: PdfOptions, context: ExportContext) -> bytes:
    """The print rendition: the shared HTML, with link targets printed and the print sheets."""
    base_dir = article.base_dir

    def file_url(src: str) -> str:
        if base_dir is None:
            raise ExportError("an image needs the article's folder")
        return (base_dir / src).resolve().as_uri()

    renderer = HtmlRenderer(article, image_url=file_url, link_targets=True)
    css = page_css(article.meta.language, options.page_size) + stylesheet(*STYLES[options.style])
    document = renderer.document(css)
    moment = _timestamp().strftime("%Y-%m-%dT%H:%M:%SZ")
    head = document.find("head")
    assert head is not None
    for name in ("dcterms.created", "dcterms.modified"):
        head.append(etree.Element("meta", {"name": name, "content": moment}))
    generator = head.find("meta[@name='generator']")
    if generator is not None:
        generator.set("content", f"Triptych {__version__}")
    for warning in renderer.warnings:
        context.warn(warning)
    return serialize(document)


def _drawn_text(page: bytes) -> str:
    from lxml import html

    body = html.fromstring(page).find("body")
    return "".join(str(t) for t in body.itertext()) if body is not None else ""


class PdfExporter:
    """Tagged PDF/UA-1 print edition."""

    name = "pdf"
    suffix = "pdf"
    description = "Tagged PDF/UA-1 for print and screen readers (A4 or US Letter; large print)"

    def export(self, article: Article, target: Path, context: ExportContext) -> None:
        """Render the print edition to ``target``, then fix its tags and metadata."""
        import weasyprint

        from triptych.pdf.fetcher import guarded_fetcher
        from triptych.pdf.fixup import DocumentInfo, fix_pdf
        from triptych.pdf.fonts import check_coverage
        from triptych.pdf.tagging import recording_tags

        options = PdfOptions.from_context(article, dict(context.options))
        page = print_document(article, options, context)
        source = article.meta.source.name if article.meta.source else "article"
        check_coverage(_drawn_text(page), source)
        refused: list[str] = []
        fetcher = guarded_fetcher(article.base_dir, refused)
        with _engine_messages() as messages:
            html = weasyprint.HTML(string=page.decode("utf-8"), base_url=None, url_fetcher=fetcher)
            document = html.render()
            with recording_tags() as notes:
                document.write_pdf(target, pdf_variant="pdf/ua-1", pdf_tags=True)
        for message in messages:
            if "has no required alt description" not in message:  # decorative images: fixed below
                context.warn(f"PDF engine: {message}")
        for url in refused:
            context.warn(f"PDF engine: refused to load {url[:80]}")
        published = article.meta.published
        info = DocumentInfo(
            producer=f"Triptych {__version__} (WeasyPrint {weasyprint.__version__})",
            language=article.meta.language,
            published=published.isoformat() if published is not None else None,
            authors=article.meta.authors,
            keywords=article.meta.keywords,
        )
        fix_pdf(target, notes, info, modified=_timestamp().isoformat(timespec="seconds"))
