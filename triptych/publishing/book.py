"""What an EPUB says about its own accessibility (the schema.org metadata of its package document:
``accessMode``, ``accessModeSufficient``, ``accessibilityFeature``, ``accessibilityHazard``,
``accessibilitySummary``, and ``dcterms:conformsTo`` with ``a11y:certifiedBy`` when it was
checked), read from the zip without extracting anything."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

OPF = "http://www.idpf.org/2007/opf"
CONTAINER = "urn:oasis:names:tc:opendocument:xmlns:container"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
MAX_PACKAGE_BYTES = 4 << 20
"""A package document larger than this is not read (a book's is a few kilobytes)."""


@dataclass(frozen=True, slots=True)
class BookAccessibility:
    """The accessibility metadata of one EPUB."""

    access_modes: tuple[str, ...] = ()
    sufficient: tuple[tuple[str, ...], ...] = ()
    """Each set of access modes that is enough on its own to read the book."""
    features: tuple[str, ...] = ()
    hazards: tuple[str, ...] = ()
    summary: str | None = None
    conforms_to: tuple[str, ...] = ()
    certified_by: str | None = None


def _member(book: zipfile.ZipFile, name: str) -> bytes:
    info = book.getinfo(name)
    if info.file_size > MAX_PACKAGE_BYTES:
        raise ValueError(f"{name} is {info.file_size} bytes, too large for a package document")
    return book.read(info)


def read_accessibility(path: Path) -> BookAccessibility:
    """The book's accessibility metadata; raises ``ValueError`` (or ``OSError``) for a book that
    can't be read."""
    try:
        with zipfile.ZipFile(path) as book:
            container = etree.fromstring(_member(book, "META-INF/container.xml"), _PARSER)
            rootfile = container.find(f".//{{{CONTAINER}}}rootfile")
            if rootfile is None or not rootfile.get("full-path"):
                raise ValueError("META-INF/container.xml names no package document")
            package = etree.fromstring(_member(book, str(rootfile.get("full-path"))), _PARSER)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise ValueError(f"{path.name}: not a readable EPUB ({exc})") from None
    values: dict[str, list[str]] = {}
    for meta in package.iterfind(f"{{{OPF}}}metadata/{{{OPF}}}meta"):
        prop = meta.get("property")
        if prop and not meta.get("refines") and meta.text and meta.text.strip():
            values.setdefault(prop, []).append(" ".join(meta.text.split()))
    for link in package.iterfind(f"{{{OPF}}}metadata/{{{OPF}}}link"):
        if link.get("rel") == "dcterms:conformsTo" and link.get("href"):
            values.setdefault("dcterms:conformsTo", []).append(str(link.get("href")))

    def each(prop: str) -> tuple[str, ...]:
        return tuple(values.get(prop, ()))

    return BookAccessibility(
        access_modes=each("schema:accessMode"),
        sufficient=tuple(
            tuple(m.strip() for m in v.split(",") if m.strip()) for v in each("schema:accessModeSufficient")
        ),
        features=each("schema:accessibilityFeature"),
        hazards=each("schema:accessibilityHazard"),
        summary=next(iter(each("schema:accessibilitySummary")), None),
        conforms_to=each("dcterms:conformsTo"),
        certified_by=next(iter(each("a11y:certifiedBy")), None),
    )
