"""``catalog.json``: an OPDS 2.0 catalogue of the EPUB editions, one publication per book, with
the metadata library clients show and filter on, the book's own accessibility metadata among it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from triptych.publishing.book import BookAccessibility
from triptych.publishing.config import BaseUrl, Channel
from triptych.publishing.entries import Entry

CATALOG_FILE = "catalog.json"
MEDIA_TYPE = "application/opds+json"
ACQUISITION = "http://opds-spec.org/acquisition/open-access"
EPUB_TYPE = "application/epub+zip"
CONFORMANCE_URIS = {
    "EPUB Accessibility 1.1 - WCAG 2.2 Level AA": "https://www.w3.org/TR/epub-a11y-11#wcag-2.2-aa",
    "EPUB Accessibility 1.1 - WCAG 2.1 Level AA": "https://www.w3.org/TR/epub-a11y-11#wcag-2.1-aa",
    "EPUB Accessibility 1.1 - WCAG 2.0 Level AA": "https://www.w3.org/TR/epub-a11y-11#wcag-2.0-aa",
    "EPUB Accessibility 1.1 - WCAG 2.2 Level A": "https://www.w3.org/TR/epub-a11y-11#wcag-2.2-a",
}
"""The conformance statements of EPUB Accessibility 1.1, as the URIs the OPDS ``conformsTo`` takes."""


def accessibility(book: BookAccessibility) -> dict[str, Any]:
    """The Readium/OPDS accessibility object for what the book carries (nothing it does not claim)."""
    uris = [CONFORMANCE_URIS.get(c, c) for c in book.conforms_to]
    data: dict[str, Any] = {
        **({"conformsTo": [u for u in uris if "://" in u]} if any("://" in u for u in uris) else {}),
        **({"certification": {"certifiedBy": book.certified_by}} if book.certified_by else {}),
        **({"summary": book.summary} if book.summary else {}),
        **({"accessMode": list(book.access_modes)} if book.access_modes else {}),
        **({"accessModeSufficient": [list(s) for s in book.sufficient]} if book.sufficient else {}),
        **({"feature": list(book.features)} if book.features else {}),
        **({"hazard": list(book.hazards)} if book.hazards else {}),
    }
    return data


def publication(entry: Entry, channel: Channel, base: BaseUrl, book: BookAccessibility | None) -> dict[str, Any]:
    """One book of the catalogue."""
    epub = entry.edition("epub")
    assert epub is not None
    assert epub.path is not None
    article = entry.article
    subjects = [*article.keywords, *([article.section] if article.section else [])]
    metadata: dict[str, Any] = {
        "@type": "http://schema.org/Book",
        "identifier": article.identifier,
        "title": article.title,
        **({"subtitle": article.subtitle} if article.subtitle else {}),
        **({"author": [{"name": name} for name in article.authors]} if article.authors else {}),
        "language": article.language,
        **({"publisher": article.publisher} if article.publisher else {}),
        "published": article.published or entry.published.date().isoformat(),
        "modified": entry.recorded.created,
        **({"subject": [{"name": s} for s in subjects]} if subjects else {}),
        **({"description": article.description or article.subtitle} if article.description or article.subtitle else {}),
        **({"accessibility": accessibility(book)} if book is not None else {}),
    }
    links: list[dict[str, Any]] = [{"rel": ACQUISITION, "href": base.url(entry.slug, epub.path), "type": EPUB_TYPE}]
    web = entry.edition("html")
    if web is not None and web.path:
        links.append({"rel": "alternate", "href": base.url(entry.slug, web.path), "type": "text/html"})
    images = [{"href": channel.image_url(base), "type": channel.image_type}]
    return {"metadata": metadata, "links": links, "images": images}


def catalog_data(
    entries: Sequence[Entry],
    channel: Channel,
    base: BaseUrl,
    books: dict[str, BookAccessibility | None],
    built: datetime | None,
) -> dict[str, Any]:
    """The catalogue as data: every article with an EPUB edition, newest first. ``books`` holds
    each book's accessibility metadata, by the article's folder name."""
    publications = [publication(e, channel, base, books.get(e.slug)) for e in entries if e.edition("epub")]
    return {
        "metadata": {
            "title": channel.title,
            "description": channel.description,
            **({"modified": built.isoformat(timespec="seconds")} if built is not None else {}),
            "numberOfItems": len(publications),
        },
        "links": [
            {"rel": "self", "href": base.url(CATALOG_FILE), "type": MEDIA_TYPE},
            {"rel": "alternate", "href": base.url("index.html"), "type": "text/html"},
            {"rel": "related", "href": base.url("feed.xml"), "type": "application/rss+xml"},
        ],
        "publications": publications,
    }


def catalog_bytes(data: dict[str, Any]) -> bytes:
    """The catalogue's bytes: the same data always gives the same bytes."""
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
