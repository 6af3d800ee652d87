"""``index.html``: one accessible page that lists every published article, newest first, with a
link to each edition and its size (and the audio's duration), and the feed and catalogues linked
with ``rel="alternate"``. Like the web edition: landmarks, headings, the web edition's stylesheet
inlined under a strict Content-Security-Policy, no script, works offline (every link is relative)."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from urllib.parse import quote

from lxml import etree

from styles import stylesheet
from triptych.language import direction
from triptych.publishing.config import Channel
from triptych.publishing.entries import LABELS, Entry

INDEX_FILE = "index.html"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip
KINDS = {"html": "HTML", "pdf": "PDF", "epub": "EPUB", ".mp3": "MP3", ".m4b": "M4B", ".wav": "WAV"}


def size_text(size: int) -> str:
    """A file size as people read it: ``980 bytes``, ``45 kB``, ``1.2 MB`` (powers of 1000)."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{round(size / 1000)} kB"
    return f"{size / 1_000_000:.1f} MB"


def duration_words(seconds: float) -> str:
    """A duration as people read it: ``3 min 12 s``, ``1 h 2 min``."""
    whole = round(seconds)
    hours, minutes, rest = whole // 3600, whole % 3600 // 60, whole % 60
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _href(*parts: str) -> str:
    return "/".join(quote(part) for part in parts)


def index_bytes(entries: Sequence[Entry], channel: Channel, alternates: Sequence[tuple[str, str, str]]) -> bytes:
    """The page; ``alternates`` are the feed and catalogues written beside it: (file, media type, title)."""
    css = stylesheet("web.css", "listing.css")
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    root = etree.Element("html", {"lang": "en"})
    head = _el(root, "head")
    _el(head, "meta", charset="utf-8")
    _el(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    csp = f"default-src 'none'; style-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    _el(head, "meta", http_equiv="Content-Security-Policy", content=csp)
    _el(head, "title", channel.title)
    _el(head, "meta", name="description", content=channel.description)
    _el(head, "meta", name="color-scheme", content="light dark")
    _el(head, "meta", name="generator", content="Triptych")
    for name, media_type, title in alternates:
        _el(head, "link", rel="alternate", type=media_type, href=name, title=title)
    _el(head, "style", css)
    body = _el(root, "body")
    banner = _el(body, "header", class_="channel")
    _el(banner, "h1", channel.title, lang=channel.language, dir=direction(channel.language))
    _el(banner, "p", channel.description, class_="channel-description", lang=channel.language,
        dir=direction(channel.language))  # fmt: skip
    main = _el(body, "main", aria_label="Articles")
    if not entries:
        _el(main, "p", "No articles have been published yet.")
    else:
        listing = _el(main, "ol", class_="articles", reversed="reversed")
        for entry in entries:
            _article(_el(listing, "li"), entry)
    footer = _el(body, "footer", class_="channel")
    _el(footer, "h2", "Subscribe", id="subscribe")
    links = _el(footer, "ul", aria_labelledby="subscribe")
    for name, media_type, title in alternates:
        _el(_el(links, "li"), "a", title, href=name, rel="alternate", type=media_type)
    _el(footer, "p", "Made with Triptych.")
    page: bytes = etree.tostring(root, doctype="<!DOCTYPE html>", encoding="utf-8", method="html", pretty_print=True)
    return page


def _article(item: etree._Element, entry: Entry) -> None:
    article = entry.article
    lang, ident = article.language, entry.slug
    node = _el(item, "article", id=ident, aria_labelledby=f"{ident}-title")
    heading = _el(node, "h2", id=f"{ident}-title", lang=lang, dir=direction(lang))
    web = entry.edition("html")
    if web is not None and web.path:
        _el(heading, "a", article.title, href=_href(entry.slug, web.path))
    else:
        heading.text = article.title
    if article.subtitle:
        _el(node, "p", article.subtitle, class_="deck", lang=lang, dir=direction(lang))
    if article.authors:
        byline = _el(node, "p", "By ", class_="byline")
        _el(byline, "span", ", ".join(article.authors), lang=lang)
    dateline = _el(node, "p", class_="dateline")
    when = entry.published
    _el(dateline, "time", f"{when.day} {MONTHS[when.month - 1]} {when.year}",
        datetime=article.published or when.date().isoformat())  # fmt: skip
    if article.publisher:
        dateline[-1].tail = " · "
        _el(dateline, "span", article.publisher, lang=lang)
    if article.description and article.description != article.subtitle:
        _el(node, "p", article.description, lang=lang, dir=direction(lang))
    editions = _el(node, "ul", class_="editions", aria_label=f"Editions of {article.title}")
    for fmt, label in LABELS.items():
        output = entry.edition(fmt)
        if output is None or not output.path:
            continue
        line = _el(editions, "li")
        _el(line, "a", label, href=_href(entry.slug, output.path), type=_media_type(output.path))
        kind = KINDS.get(fmt) or KINDS.get(output.path[output.path.rfind(".") :].lower(), fmt.upper())
        facts = [kind, size_text(entry.file(output.path).stat().st_size)]
        duration = output.details.get("duration")
        if fmt == "audio" and isinstance(duration, int | float):
            facts.insert(1, duration_words(float(duration)))
        _el(line, "span", f" ({', '.join(facts)})", class_="facts")
        captions = entry.companion(".vtt") if fmt == "audio" else None
        if captions is not None:
            line[-1].tail = " with "
            _el(line, "a", "captions", href=_href(entry.slug, captions), type="text/vtt")
            size = size_text(entry.file(captions).stat().st_size)
            _el(line, "span", f" (WebVTT, {size})", class_="facts")


def _media_type(name: str) -> str:
    suffix = name[name.rfind(".") :].lower()
    return {
        ".html": "text/html",
        ".pdf": "application/pdf",
        ".epub": "application/epub+zip",
        ".mp3": "audio/mpeg",
        ".m4b": "audio/mp4",
        ".wav": "audio/wav",
    }.get(suffix, "application/octet-stream")
