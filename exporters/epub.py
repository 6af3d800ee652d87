"""The e-reader edition: EPUB 3 with EPUB Accessibility 1.1 metadata that is true of the book.

Cover, title page, navigation document (contents, landmarks, the print page list when the print
pagination is known) and the article, built from the shared HTML rendition; packaged with
ebooklib so that two runs with the same ``SOURCE_DATE_EPOCH`` give byte-identical books.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from styles import stylesheet
from triptych import __version__
from triptych.errors import ExportError, TriptychError
from triptych.exporter import ExportContext
from triptych.language import direction
from triptych.limits import Limits
from triptych.model import Article
from triptych.resources import load_image

if TYPE_CHECKING:
    from triptych.epub.xhtml import PageBreak, TocEntry
    from triptych.speech.narration import Narration

PAGE_BREAKS_RENDITION = "print-page-breaks"
"""The rendition key under which a run may supply print page breaks (a sequence of PageBreak)."""

_SUFFIXES = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp"}


class EpubExporter:
    """EPUB 3 e-reader edition."""

    name = "epub"
    suffix = "epub"
    description = "EPUB 3 with EPUB Accessibility 1.1 metadata (EPUBCheck and Ace clean)"

    def export(self, article: Article, target: Path, context: ExportContext) -> None:
        """Build the book and write it to ``target``."""
        from ebooklib import epub

        from triptych.epub import accessibility
        from triptych.epub.package import RepeatableWriter, identifier, modified_time, package_date
        from triptych.epub.xhtml import ARTICLE, COVER, NAV, STYLESHEET, TITLE_PAGE, XhtmlBuilder, toc

        meta = article.meta
        images: dict[str, tuple[str, bytes, str]] = {}
        limits = Limits.of(context.options)

        def image_url(src: str) -> str:
            if article.base_dir is None:
                raise ExportError("an image needs the article's folder")
            if src not in images:
                data, media_type = load_image(article.base_dir, src, limits)
                name = f"images/{hashlib.sha256(data).hexdigest()[:16]}{_SUFFIXES[media_type]}"
                images[src] = (name, data, media_type)
            return images[src][0]

        page_breaks: Sequence[PageBreak] = context.rendition(
            PAGE_BREAKS_RENDITION, lambda: _print_page_breaks(article, context) if context.flag("print-pages") else ()
        )
        keep_missing = context.flag("allow-missing-alt")
        narration = _narration(article, context) if context.flag("narrated") else None
        sentences: dict[str, list[tuple[str, str]]] = {}
        for timing in narration.timings if narration else ():
            segment = timing.segment
            if segment.kind == "sentence" and segment.block_id:
                sentences.setdefault(segment.block_id, []).append((segment.id, segment.text))
        builder = XhtmlBuilder(article, image_url, keep_missing_alt=keep_missing, sentences=sentences)
        documents = {
            COVER: builder.cover(),
            TITLE_PAGE: builder.title_page(),
            ARTICLE: builder.article_page(page_breaks),
        }
        documents[NAV] = builder.nav(page_breaks)
        for warning in builder.warnings:
            context.warn(warning)

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
        from ebooklib import VERSION

        engine = ".".join(map(str, VERSION))
        book.set_unique_metadata(
            "OPF", "generator", "", {"name": "generator", "content": f"Triptych {__version__} (EbookLib {engine})"}
        )
        for prop, value in accessibility.metadata(article, page_list=bool(page_breaks), narrated=bool(narration)):
            book.add_metadata(None, "meta", value, {"property": prop})
        overlays = _add_narration(book, narration, documents, context) if narration else {}
        if page_breaks:
            book.add_metadata(None, "meta", "print edition (PDF)", {"property": "pageBreakSource"})

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
        for name, data, media_type in images.values():
            book.add_item(
                epub.EpubItem(uid=f"img-{Path(name).stem}", file_name=name, media_type=media_type, content=data)
            )
        book.toc = _ncx_toc(toc(article))
        book.add_item(epub.EpubNcx())
        book.spine = [items[COVER], items[TITLE_PAGE], items[NAV], items[ARTICLE]]

        writer = RepeatableWriter(
            target,
            book,
            language=meta.language,
            direction=direction(meta.language),
            moment=modified_time(article, os.environ.get("SOURCE_DATE_EPOCH")),
        )
        writer.process()
        try:
            writer.write()
        except (OSError, ValueError) as exc:
            raise ExportError(f"the EPUB could not be written: {exc}") from exc


def _print_page_breaks(article: Article, context: ExportContext) -> tuple[PageBreak, ...]:
    """Where the pages of the run's print edition start (the same layout the PDF is written from)."""
    from exporters.pdf import print_layout

    try:
        return print_layout(article, context).page_breaks()
    except TriptychError as exc:  # no print layout (a character no font has): a book without page numbers
        context.warn(f"EPUB made without print page numbers: {exc}")
        return ()


def _narration(article: Article, context: ExportContext) -> Narration:
    from exporters.audio import narration_of

    return narration_of(article, context)


def _add_narration(
    book: Any, narration: Narration, documents: dict[str, bytes], context: ExportContext
) -> dict[str, str]:
    """Put the narration's audio and a media overlay per narrated document into the book; return
    the overlay item id of each document."""
    from ebooklib import epub

    from exporters.audio import narration_mp3
    from triptych.epub.overlay import ACTIVE_CLASS, media_clock, overlays

    audio = narration_mp3(context.article, context)
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
