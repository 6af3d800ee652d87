"""The print layout: the shared HTML with the print sheets, laid out in pages by WeasyPrint.

Made once per run (``context.get(PRINT_LAYOUT)``) and shared: the PDF is written from it, and
its page breaks (``PAGE_BREAKS``) give the EPUB its print page list and the index its pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from lxml import etree

from styles import stylesheet
from triptych.clock import build_time
from triptych.context import ExportContext, Key
from triptych.errors import ExportError
from triptych.handover import race
from triptych.language import label
from triptych.model import Article
from triptych.options import Option, Schema, choice
from triptych.renditions.html import HtmlRenderer, serialize
from triptych.version import __version__

if TYPE_CHECKING:
    from triptych.pdf.hyphenation import Hyphenation

PAGE_SIZES = {"a4": "A4", "letter": "letter"}
STYLES = {"standard": ("base.css", "print.css"), "large-print": ("base.css", "print.css", "large-print.css")}
LETTER_REGIONS = frozenset(
    ("US", "CA", "MX", "PH", "CL", "CO", "VE", "PR", "GT", "CR", "PA", "DO", "SV", "NI", "HN", "BZ")
)

PAGE_SIZE: Option[str | None] = choice(
    "page-size", tuple(PAGE_SIZES), None, "page size of the print edition",
    default_text="letter where the language's region uses it (en-US, es-MX...), else a4",
)  # fmt: skip
STYLE: Option[str | None] = choice("style", tuple(STYLES), "standard", "print style: standard, or 18 pt large print")
PRINT_OPTIONS: Schema = (PAGE_SIZE, STYLE)
"""The options of the print layout (the PDF's, and the EPUB's print page numbers follow them)."""


@dataclass(frozen=True, slots=True)
class PageBreak:
    """Where a page of the print edition starts: its label, and the id of the element it starts at
    (a block of the article, or ``title``)."""

    label: str
    block_id: str

    @property
    def marker_id(self) -> str:
        """The id of the page-break marker in a document that marks the pages."""
        return "page-" + re.sub(r"[^A-Za-z0-9_.-]", "_", self.label)


@dataclass(frozen=True, slots=True)
class PrintOptions:
    """The print layout's options, checked: page size and style."""

    page_size: str
    style: str

    @classmethod
    def of(cls, context: ExportContext) -> PrintOptions:
        """The options in force for the run's article."""
        size = context.option(PAGE_SIZE) or default_page_size(context.article.meta.language)
        return cls(page_size=size, style=context.option(STYLE) or "standard")


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


MEDIA_ROOT = PurePosixPath("/triptych-media")
"""Where the print document says the article's images are: not their real folder, so that the PDF
does not depend on where the article sits (the fetcher serves them from the media bag)."""


def image_urls(article: Article, context: ExportContext) -> dict[str, str]:
    """The URL under which the print document names each image of the bag (the fetcher serves them)."""
    return {src: (MEDIA_ROOT / src).as_uri() for src in context.media}


def print_document(article: Article, options: PrintOptions, context: ExportContext, *, tight: bool = False) -> bytes:
    """The print rendition: the shared HTML, with link targets printed and the print sheets
    (``tight``: set a little tighter, ``styles/print-tight.css``)."""
    urls = image_urls(article, context)

    def file_url(src: str) -> str:
        if src not in urls:
            raise ExportError(f"image {src!r} was not read with the article", hint="read it with read_source")
        return urls[src]

    renderer = HtmlRenderer(article, image_url=file_url, link_targets=True)
    css = page_css(article.meta.language, options.page_size) + stylesheet(*STYLES[options.style])
    if tight:
        css += stylesheet("print-tight.css")
    document = renderer.document(css)
    moment = build_time().strftime("%Y-%m-%dT%H:%M:%SZ")
    head = document.find("head")
    if head is None:
        raise ExportError("the HTML rendition has no <head>", hint="report this as a bug in Triptych")
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
    """WeasyPrint's rendered document (``document.write_pdf(...)`` writes the PDF)."""
    options: PrintOptions
    messages: list[str] = field(default_factory=list)
    """What the PDF engine logged while laying out."""
    refused: list[str] = field(default_factory=list)
    """The URLs the guarded fetcher refused."""

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


@dataclass(frozen=True, slots=True)
class PrintPages:
    """The print rendition, and the same set a little tighter (tried when the last page is short)."""

    standard: bytes
    tight: bytes | None
    """``None`` for a style that is not tightened (large print)."""


HYPHENATED_STYLES = frozenset({"standard"})
"""The styles that are hyphenated, and tried tighter when the last page is short (large print is
neither: large-print.css)."""


def _print_pages(context: ExportContext) -> PrintPages:
    from triptych.pdf.fonts import check_coverage

    article = context.article
    options = PrintOptions.of(context)
    page = print_document(article, options, context)
    check_coverage(_drawn_text(page), article.meta.source.name if article.meta.source else "article")
    tight = print_document(article, options, context, tight=True) if options.style in HYPHENATED_STYLES else None
    return PrintPages(page, tight)


def _hyphenation(context: ExportContext) -> Hyphenation | None:
    from triptych.pdf.hyphenation import patterns

    if PrintOptions.of(context).style not in HYPHENATED_STYLES:
        return None
    return patterns(context.article.meta.language)


PRINT_PAGES: Key[PrintPages] = Key("print-pages", _print_pages)
"""The print rendition (:func:`print_document` with the options in force), its characters checked
against the installed fonts, and its tighter setting: they need no PDF engine, so the run makes them
while the engine loads."""
HYPHENATION: Key[Hyphenation | None] = Key("print-hyphenation", _hyphenation)
"""The hyphenation patterns of the article's language, parsed (the layout's largest first-use cost,
:mod:`triptych.pdf.hyphenation`); ``None`` for a style that is not hyphenated."""


def _lay_out(context: ExportContext) -> PrintLayout:
    from triptych.pdf.engine import weasyprint as engine
    from triptych.pdf.fetcher import guarded_fetcher
    from triptych.pdf.hyphenation import install
    from triptych.pdf.messages import engine_messages

    article = context.article
    options = PrintOptions.of(context)
    pages = context.get(PRINT_PAGES)
    install(context.get(HYPHENATION))
    layout = PrintLayout(document=None, options=options)
    urls = image_urls(article, context)
    weasyprint = engine()
    fetcher = guarded_fetcher({urls[src]: media for src, media in context.media.items()}, layout.refused)

    def render(page: bytes) -> Any:
        return weasyprint.HTML(string=page.decode("utf-8"), base_url=None, url_fetcher=fetcher).render()

    with engine_messages() as messages:
        if pages.tight is None:
            layout.document = render(pages.standard)
        else:  # the tighter setting, kept when the standard one ends on a short page that it saves
            layout.document = race(partial(render, pages.standard), partial(render, pages.tight),
                                   needed=_short_last_page, size=lambda document: len(document.pages),
                                   logs=(messages, layout.refused))  # fmt: skip
    layout.messages = messages
    return layout


SHORT_LAST_PAGE = 0.2
"""A last page whose text fills this share of its height or less is worth a tighter setting to save."""


def _short_last_page(document: Any) -> bool:
    """Whether the layout ends on a page that its text fills only a little (a few lines)."""
    from weasyprint.formatting_structure.boxes import LineBox, MarginBox

    if len(document.pages) < 2:
        return False
    page = document.pages[-1]._page_box
    top, height = page.content_box_y(), page.height
    content = [child for child in page.children if not isinstance(child, MarginBox)]  # not the page numbers
    bottoms = [
        box.position_y + box.height for root in content for box in root.descendants() if isinstance(box, LineBox)
    ]
    return bool(bottoms) and (max(bottoms) - top) <= SHORT_LAST_PAGE * height


PRINT_LAYOUT: Key[PrintLayout] = Key("print-layout", _lay_out)
"""The run's print layout, for the print options in force."""
FIRST_PAGES: Key[dict[str, int]] = Key(
    "print-first-pages", lambda context: context.get(PRINT_LAYOUT).first_pages(), basis=PRINT_LAYOUT
)
"""The page (1-based) on which each element with an id starts, in the run's print edition."""
PAGE_BREAKS: Key[tuple[PageBreak, ...]] = Key(
    "print-page-breaks", lambda context: context.get(PRINT_LAYOUT).page_breaks(), basis=PRINT_LAYOUT
)
"""Where the pages of the run's print edition start."""
