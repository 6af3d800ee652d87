"""Packaging with ebooklib: the package document's metadata, and a writer that is repeatable.

ebooklib's writer stamps every zip entry with the current time, writes no ``xml:lang`` on the
package, and swallows write errors; :class:`RepeatableWriter` fixes all three.
"""

from __future__ import annotations

import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ebooklib import epub

from triptych.epub.xhtml import XML_LANG
from triptych.errors import ExportError
from triptych.ids import publication_id
from triptych.model import Article

_EPOCH_1980 = datetime(1980, 1, 1, tzinfo=UTC)
_PRESSED = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".mp3", ".m4a")


def identifier(article: Article) -> str:
    """A stable ``urn:uuid`` (see :func:`triptych.ids.publication_id`)."""
    return publication_id(article.meta)


def package_date(value: date | datetime) -> str:
    """``dc:date`` in W3CDTF: a date, or an aware date-time in UTC."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.date().isoformat()
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def modified_time(article: Article, source_date_epoch: int | None) -> datetime:
    """``dcterms:modified``: ``SOURCE_DATE_EPOCH``, else the article's date, else now (UTC)."""
    if source_date_epoch is not None:
        moment = datetime.fromtimestamp(source_date_epoch, UTC)
    elif isinstance(article.meta.published, datetime):
        published = article.meta.published
        moment = published.astimezone(UTC) if published.tzinfo else published.replace(tzinfo=UTC)
    elif isinstance(article.meta.published, date):
        moment = datetime(*article.meta.published.timetuple()[:3], tzinfo=UTC)
    else:
        moment = datetime.now(UTC).replace(microsecond=0)
    return max(moment, _EPOCH_1980)


def add_metadata(book: Path, pairs: list[tuple[str, str]]) -> None:
    """Add ``<meta property=...>`` entries to a written book's package document, keeping every other
    entry of the zip as it was (order, times, compression); the book is replaced atomically."""
    from lxml import etree

    opf_ns = "http://www.idpf.org/2007/opf"
    temp = book.with_name(f".{book.name}.tmp")
    try:
        with zipfile.ZipFile(book) as source, zipfile.ZipFile(temp, "w") as target:
            for info in source.infolist():
                data = source.read(info)
                if info.filename.endswith(".opf"):
                    root = etree.fromstring(data)
                    metadata = root.find(f"{{{opf_ns}}}metadata")
                    if metadata is None:
                        raise ExportError(
                            f"{book.name}: the package document {info.filename} has no <metadata> element,"
                            " so the accessibility metadata can't be added",
                            hint="the EPUB writer (ebooklib) made an unexpected package: reinstall Triptych's"
                            " dependencies (./setup.sh, or pip install -e .) and report it as a bug in Triptych"
                            " if it keeps happening; the other formats (-f pdf,html,audio) are not affected",
                        )
                    for prop, value in pairs:
                        etree.SubElement(metadata, f"{{{opf_ns}}}meta", {"property": prop}).text = value
                    data = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
                target.writestr(info, data, compress_type=info.compress_type)
        temp.replace(book)
    finally:
        temp.unlink(missing_ok=True)


class _RepeatableZip(zipfile.ZipFile):
    """A zip whose entries all carry one fixed time and plain file permissions."""

    def __init__(self, path: Path, moment: datetime) -> None:
        super().__init__(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6)
        self.moment = moment.timetuple()[:6]

    def writestr(  # type: ignore[override]
        self, zinfo_or_arcname: str | zipfile.ZipInfo, data: Any, compress_type: int | None = None, **_: Any
    ) -> None:
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        info = zipfile.ZipInfo(name, date_time=self.moment)
        if compress_type is None:  # images are compressed already: deflating them again only costs time
            compress_type = zipfile.ZIP_STORED if name.endswith(_PRESSED) else zipfile.ZIP_DEFLATED
        info.compress_type = compress_type
        info.external_attr = 0o644 << 16
        super().writestr(info, data)


class RepeatableWriter(epub.EpubWriter):  # type: ignore[misc]
    """ebooklib's writer with fixed entry times, ``xml:lang`` (and ``dir``) on the package, and errors raised."""

    def __init__(self, path: Path, book: epub.EpubBook, *, language: str, direction: str, moment: datetime) -> None:
        options = {"mtime": moment, "epub2_guide": False, "epub3_landmark": False, "raise_exceptions": True}
        super().__init__(str(path), book, options)
        self.path = path
        self.language = language
        self.direction = direction
        self.moment = moment

    def _write_opf_file(self, root: Any) -> None:
        root.set(XML_LANG, self.language)
        if self.direction == "rtl":
            root.set("dir", "rtl")
        super()._write_opf_file(root)

    def write(self) -> None:
        """Write the book; any error propagates (the run then discards the partial file)."""
        self.out = _RepeatableZip(self.path, self.moment)
        try:
            self.out.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
            self._write_container()
            self._write_opf()
            self._write_items()
        finally:
            self.out.close()
