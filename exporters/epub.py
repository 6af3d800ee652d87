"""The e-reader edition: EPUB 3 with EPUB Accessibility 1.1 metadata that is true of the book.

Cover, title page, navigation document (contents, landmarks, the print page list when the run
lays out the print edition, or with ``print-pages``) and the article, built from the shared HTML
rendition; with ``narrated``, the narration and Media Overlays. Packaged with ebooklib so that two
runs with the same ``SOURCE_DATE_EPOCH`` give byte-identical books.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from styles import stylesheet
from triptych.clock import source_date_epoch
from triptych.errors import ExportError, TriptychError
from triptych.exporter import BaseExporter, ExportContext, Exported
from triptych.language import direction
from triptych.model import Article
from triptych.options import flag
from triptych.renditions.narration import NARRATED, NARRATION, NARRATION_MP3, SPEECH_OPTIONS, sentences_by_block
from triptych.renditions.print_layout import PAGE_BREAKS, PRINT_OPTIONS, PageBreak
from triptych.version import __version__

if TYPE_CHECKING:
    from ebooklib import epub as epub_module

    from triptych.epub.xhtml import TocEntry
    from triptych.speech.narration import Narration

_SUFFIXES = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp"}

PRINT_PAGES = flag("print-pages", "carry the print edition's page numbers in a page list",
                   default_text="no (yes when the PDF is made in the same run)")  # fmt: skip
ALLOW_MISSING_ALT = flag(
    "allow-missing-alt", "keep an image with no text alternative without one (the book then fails its checks)"
)


class EpubExporter(BaseExporter):
    """EPUB 3 e-reader edition."""

    name = "epub"
    suffix = "epub"
    description = "EPUB 3 with EPUB Accessibility 1.1 metadata (EPUBCheck and Ace clean)"
    options = (NARRATED, PRINT_PAGES, ALLOW_MISSING_ALT, *PRINT_OPTIONS, *SPEECH_OPTIONS)
    can_use = frozenset({PAGE_BREAKS})

    def export(self, article: Article, target: Path, context: ExportContext) -> Exported:
        """Build the book and write it to ``target``; report where each element id is in it."""
        from triptych.epub.package import RepeatableWriter, modified_time
        from triptych.epub.xhtml import ARTICLE, COVER, NAV, TITLE_PAGE, XhtmlBuilder

        images: dict[str, tuple[str, bytes, str]] = {}

        def image_url(src: str) -> str:
            if src not in images:
                media = context.media[src]
                name = f"images/{hashlib.sha256(media.data).hexdigest()[:16]}{_SUFFIXES[media.media_type]}"
                images[src] = (name, media.data, media.media_type)
            return images[src][0]

        page_breaks = _page_breaks(context)
        narration = context.get(NARRATION) if context.option(NARRATED) else None
        builder = XhtmlBuilder(article, image_url, keep_missing_alt=context.option(ALLOW_MISSING_ALT),
                               sentences=sentences_by_block(narration))  # fmt: skip
        documents = {
            COVER: builder.cover(),
            TITLE_PAGE: builder.title_page(),
            ARTICLE: builder.article_page(page_breaks),
        }
        documents[NAV] = builder.nav(page_breaks)
        for warning in builder.warnings:
            context.warn(warning)
        book = _book(article, page_breaks, narration)
        overlays = _add_narration(book, narration, documents, context) if narration else {}
        if page_breaks:
            book.add_metadata(None, "meta", "print edition (PDF)", {"property": "pageBreakSource"})
        _add_items(book, article, documents, overlays, images.values())
        writer = RepeatableWriter(target, book, language=article.meta.language,
                                  direction=direction(article.meta.language),
                                  moment=modified_time(article, source_date_epoch()))  # fmt: skip
        writer.process()
        try:
            writer.write()
        except (OSError, ValueError) as exc:
            raise ExportError(f"the EPUB could not be written: {exc}") from exc
        anchors = {ident: f"{TITLE_PAGE}#{ident}" for ident in builder.title_ids}
        anchors |= {ident: f"{ARTICLE}#{ident}" for ident in builder.article_ids}  # the title: the article's own
        return Exported(anchors=anchors)

    def certify(self, path: Path, checkers: str) -> None:
        """Write the conformance claim into a book that passed its checks."""
        from triptych.epub.accessibility import claims
        from triptych.epub.package import add_metadata

        add_metadata(path, claims(f"Triptych {__version__} ({checkers})"))


def _page_breaks(context: ExportContext) -> Sequence[PageBreak]:
    """Where the pages of the run's print edition start, when the run lays it out or the user asks."""
    if not (context.offers(PAGE_BREAKS) or context.option(PRINT_PAGES)):
        return ()
    try:
        return context.get(PAGE_BREAKS)
    except TriptychError as exc:  # no print layout (a character no font has): a book without page numbers
        context.warn(f"EPUB made without print page numbers: {exc}")
        return ()


def _book(article: Article, page_breaks: Sequence[PageBreak], narration: Narration | None) -> epub_module.EpubBook:
    """The book with its package metadata (the items come after)."""
    from ebooklib import VERSION, epub

    from triptych.epub import accessibility
    from triptych.epub.package import identifier, package_date

    meta = article.meta
    book = epub.EpubBook()
    book.set_identifier(identifier(article))
    book.set_title(meta.title)
    book.set_language(meta.language)
    book.set_direction(direction(meta.language))
    for number, author in enumerate(meta.authors, 1):
        book.add_author(author, uid=f"creator-{number}", role="aut")
    if meta.published is not None:
        book.add_metadata("DC", "date", package_date(meta.published))
    if meta.publisher:
        book.add_metadata("DC", "publisher", meta.publisher)
    for subject in (*meta.keywords, *([meta.section] if meta.section else [])):
        book.add_metadata("DC", "subject", subject)
    if meta.description or meta.subtitle:
        book.add_metadata("DC", "description", meta.description or meta.subtitle)
    engine = ".".join(map(str, VERSION))
    book.set_unique_metadata(
        "OPF", "generator", "", {"name": "generator", "content": f"Triptych {__version__} (EbookLib {engine})"}
    )
    for prop, value in accessibility.metadata(article, page_list=bool(page_breaks), narrated=bool(narration)):
        book.add_metadata(None, "meta", value, {"property": prop})
    return book


def _add_items(
    book: Any,
    article: Article,
    documents: dict[str, bytes],
    overlays: dict[str, str],
    images: Any,
) -> None:
    """The stylesheet, the documents (in reading order), the images, the NCX and the spine."""
    from ebooklib import epub

    from triptych.epub.xhtml import ARTICLE, COVER, NAV, STYLESHEET, TITLE_PAGE, toc

    css = epub.EpubItem(uid="style", file_name=STYLESHEET, media_type="text/css",
                        content=stylesheet("base.css", "epub.css").encode("utf-8"))  # fmt: skip
    book.add_item(css)
    items = {}
    for file_name, content in documents.items():
        item = epub.EpubItem(uid=Path(file_name).stem, file_name=file_name,
                             media_type="application/xhtml+xml", content=content)  # fmt: skip
        item.properties = ["nav"] if file_name == NAV else []
        if file_name in overlays:
            item.media_overlay = overlays[file_name]
        book.add_item(item)
        items[file_name] = item
    for name, data, media_type in images:
        book.add_item(epub.EpubItem(uid=f"img-{Path(name).stem}", file_name=name, media_type=media_type, content=data))
    book.toc = _ncx_toc(toc(article))
    book.add_item(epub.EpubNcx())
    book.spine = [items[COVER], items[TITLE_PAGE], items[NAV], items[ARTICLE]]


def _add_narration(
    book: Any, narration: Narration, documents: dict[str, bytes], context: ExportContext
) -> dict[str, str]:
    """Put the narration's audio and a media overlay per narrated document into the book; return
    the overlay item id of each document."""
    from ebooklib import epub

    from triptych.epub.overlay import ACTIVE_CLASS, media_clock, overlays

    audio = context.get(NARRATION_MP3)
    href = "audio/narration.mp3"
    book.add_item(epub.EpubItem(uid="narration", file_name=href, media_type="audio/mpeg", content=audio.read_bytes()))
    made = overlays(narration, documents, href)
    for overlay in made:
        book.add_item(epub.EpubItem(uid=overlay.item_id, file_name=overlay.file_name,
                                    media_type="application/smil+xml", content=overlay.content))  # fmt: skip
        book.add_metadata(None, "meta", media_clock(overlay.duration),
                          {"property": "media:duration", "refines": f"#{overlay.item_id}"})  # fmt: skip
    total = sum(round(o.duration * 1000) for o in made) / 1000
    book.add_metadata(None, "meta", media_clock(total), {"property": "media:duration"})
    book.add_metadata(None, "meta", f"{narration.engine}, voice {narration.voice.id}", {"property": "media:narrator"})
    book.add_metadata(None, "meta", ACTIVE_CLASS, {"property": "media:active-class"})
    return {o.document: o.item_id for o in made}


def _ncx_toc(entries: Sequence[TocEntry]) -> list[object]:
    """The same table of contents for ebooklib's NCX (for EPUB 2 reading systems)."""
    from ebooklib import epub

    counter = iter(range(1, 1_000_000))

    def convert(entry: TocEntry) -> object:
        if not entry.children:
            return epub.Link(entry.href, entry.title, f"toc-{next(counter)}")
        return (epub.Section(entry.title, entry.href), [convert(child) for child in entry.children])

    return [convert(entry) for entry in entries]
