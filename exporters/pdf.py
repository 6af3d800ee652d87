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
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lxml import etree

from styles import stylesheet
from triptych import __version__
from triptych.epub.xhtml import PageBreak
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


@dataclass
class PrintLayout:
    """The print edition laid out in pages (made once per run, shared with the EPUB's page list)."""

    document: Any
    options: PdfOptions
    messages: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def first_pages(self) -> dict[str, int]:
        """The page (1-based) on which each element with an id starts."""
        pages: dict[str, int] = {}
        for number, page in enumerate(self.document.pages, 1):
            for box in page._page_box.descendants():
                element = getattr(box, "element", None)
                ident = element.get("id") if element is not None and isinstance(element.tag, str) else None
                if ident and ident not in pages:
                    pages[ident] = number
        return pages

    def page_breaks(self) -> tuple[PageBreak, ...]:
        """Where each page starts: before the first element that begins on it.

        A page on which no element begins (one paragraph filling it all) gets no break.
        """
        breaks: dict[int, PageBreak] = {}
        for ident, number in self.first_pages().items():  # in document order
            breaks.setdefault(number, PageBreak(str(number), ident))
        return tuple(breaks[n] for n in sorted(breaks))


def print_layout(article: Article, context: ExportContext) -> PrintLayout:
    """The run's print layout for the PDF options in force (rendered once, then shared)."""
    options = PdfOptions.from_context(article, dict(context.options))

    def make() -> PrintLayout:
        import weasyprint

        from triptych.limits import Limits
        from triptych.pdf.fetcher import guarded_fetcher
        from triptych.pdf.fonts import check_coverage

        page = print_document(article, options, context)
        source = article.meta.source.name if article.meta.source else "article"
        check_coverage(_drawn_text(page), source)
        layout = PrintLayout(document=None, options=options)
        fetcher = guarded_fetcher(article.base_dir, layout.refused, Limits.of(context.options))
        with _engine_messages() as messages:
            html = weasyprint.HTML(string=page.decode("utf-8"), base_url=None, url_fetcher=fetcher)
            layout.document = html.render()
        layout.messages = messages
        return layout

    return context.rendition(f"print-layout:{options.page_size}:{options.style}", make)


class PdfExporter:
    """Tagged PDF/UA-1 print edition."""

    name = "pdf"
    suffix = "pdf"
    description = "Tagged PDF/UA-1 for print and screen readers (A4 or US Letter; large print)"

    def export(self, article: Article, target: Path, context: ExportContext) -> None:
        """Render the print edition to ``target``, then fix its tags and metadata."""
        import weasyprint

        from triptych.pdf.fixup import DocumentInfo, fix_pdf
        from triptych.pdf.tagging import recording_tags

        layout = print_layout(article, context)
        with _engine_messages() as messages, recording_tags() as notes:
            layout.document.write_pdf(target, pdf_variant="pdf/ua-1", pdf_tags=True)
        for message in (*layout.messages, *messages):
            if "has no required alt description" not in message:  # decorative images: fixed below
                context.warn(f"PDF engine: {message}")
        for url in layout.refused:
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
