"""Publishing what a batch made: a podcast feed of the audio editions (``feed.xml``, with a
Podcasting 2.0 chapters file beside each audio edition), an OPDS catalogue of the books
(``catalog.json``) and an accessible index page (``index.html``), next to the article folders.

Not to be confused with :mod:`triptych.run.publish`, which moves one run's staged editions into
place. This package reads what the batch left (each folder's manifest, through
:mod:`triptych.run.manifest`, and each EPUB's package document) and never re-makes an edition.
Everything it writes is deterministic (sorted, dated from the articles and the manifests, or
``SOURCE_DATE_EPOCH``), and each file is replaced atomically, only when its bytes change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from triptych.clock import build_time, source_date_epoch
from triptych.files import write_if_changed, writing_into
from triptych.publishing.book import BookAccessibility, read_accessibility
from triptych.publishing.chapters import chapters_bytes, chapters_data, chapters_name
from triptych.publishing.config import CHANNEL_FILE, BaseUrl, Channel, load_channel
from triptych.publishing.entries import Entry, collect, newest
from triptych.publishing.feed import FEED_FILE, feed_bytes
from triptych.publishing.index_page import INDEX_FILE, index_bytes
from triptych.publishing.opds import CATALOG_FILE, catalog_bytes, catalog_data
from triptych.publishing.opds import MEDIA_TYPE as OPDS_TYPE

__all__ = ["CHANNEL_FILE", "BaseUrl", "Channel", "Published", "load_channel", "publish"]

ALTERNATES = (
    (FEED_FILE, "application/rss+xml", "Podcast feed of the audio editions (RSS)"),
    (CATALOG_FILE, OPDS_TYPE, "Catalogue of the books (OPDS 2.0)"),
)
"""What the index page links with ``rel="alternate"``: file, media type, title."""
ITUNES_IMAGE_PIXELS = (1400, 3000)


@dataclass(frozen=True, slots=True)
class Published:
    """What publishing wrote: the files it wrote, those already up to date, and its warnings."""

    outdir: Path
    written: tuple[Path, ...]
    unchanged: tuple[Path, ...]
    episodes: int
    books: int
    articles: int
    warnings: tuple[str, ...] = field(default=())


def publish(outdir: Path, base: BaseUrl, channel: Channel, *, folders: Iterable[Path] | None = None) -> Published:
    """Write the feed, the chapters files, the catalogue and the index page of ``outdir``'s
    articles (every folder with a manifest, or only ``folders``); articles whose editions failed
    are left out, each with a warning."""
    entries, warnings = collect(outdir, folders)
    built = build_time() if source_date_epoch() is not None else newest(entries)
    files: dict[Path, bytes] = {}
    image = channel.image_file
    if image is not None:
        files[outdir / channel.image_name] = image.read_bytes()
        warnings += _image_warnings(image)
    for entry in entries:
        chapters = chapters_data(entry, channel)
        if chapters is not None:
            files[entry.file(chapters_name(entry))] = chapters_bytes(chapters)
    books = {e.slug: _book(e, warnings) for e in entries if e.edition("epub") is not None}
    catalog = catalog_data(entries, channel, base, books, built)
    written: list[Path] = []
    unchanged: list[Path] = []
    with writing_into(outdir):
        for path, data in files.items():  # the chapters first: the feed points at them
            (written if write_if_changed(path, data) else unchanged).append(path)
        for path, data in (
            (outdir / FEED_FILE, feed_bytes(entries, channel, base, built)),
            (outdir / CATALOG_FILE, catalog_bytes(catalog)),
            (outdir / INDEX_FILE, index_bytes(entries, channel, ALTERNATES)),
        ):
            (written if write_if_changed(path, data) else unchanged).append(path)
    return Published(
        outdir=outdir,
        written=tuple(written),
        unchanged=tuple(unchanged),
        episodes=sum(e.edition("audio") is not None for e in entries),
        books=len(catalog["publications"]),
        articles=len(entries),
        warnings=tuple(warnings),
    )


def _book(entry: Entry, warnings: list[str]) -> BookAccessibility | None:
    epub = entry.edition("epub")
    assert epub is not None
    assert epub.path is not None
    try:
        return read_accessibility(entry.file(epub.path))
    except (ValueError, OSError) as exc:
        warnings.append(f"{entry.slug}: the book's accessibility metadata can't be read ({exc}); catalogued without it")
        return None


def _image_warnings(image: Path) -> list[str]:
    """Podcast directories want a square image of 1400 to 3000 pixels."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(image) as picture:
            width, height = picture.size
    except (OSError, UnidentifiedImageError) as exc:
        return [f"{image}: the channel image can't be read ({exc})"]
    low, high = ITUNES_IMAGE_PIXELS
    if width != height or not low <= width <= high:
        wanted = f"podcast directories want a square of {low} to {high} pixels"
        return [f"{image}: the channel image is {width}×{height}; {wanted}"]
    return []
