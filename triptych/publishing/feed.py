"""``feed.xml``: an RSS 2.0 podcast feed of the audio editions, with the iTunes namespace and the
Podcasting 2.0 tags (transcript, chapters, guid), one item per article that has an audio edition."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from email.utils import format_datetime

from lxml import etree

from triptych.publishing.chapters import MEDIA_TYPE as CHAPTERS_TYPE
from triptych.publishing.chapters import chapters_name
from triptych.publishing.config import BaseUrl, Channel
from triptych.publishing.entries import Entry
from triptych.version import __version__

FEED_FILE = "feed.xml"
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
NSMAP = {"itunes": ITUNES, "podcast": PODCAST, "atom": ATOM}
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
"""The namespace of ``podcast:guid`` (a UUID v5 of the feed's address without its scheme)."""
AUDIO_TYPES = {".mp3": "audio/mpeg", ".m4b": "audio/mp4", ".m4a": "audio/mp4", ".wav": "audio/wav"}


def duration_text(seconds: float) -> str:
    """``itunes:duration`` as ``H:MM:SS``."""
    whole = round(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def feed_bytes(entries: Sequence[Entry], channel: Channel, base: BaseUrl, built: datetime | None) -> bytes:
    """The feed: the channel, then one item per article with an audio edition, newest first."""
    rss = etree.Element("rss", {"version": "2.0"}, nsmap=NSMAP)
    head = _sub(rss, "channel")
    feed_url = base.url(FEED_FILE)
    _sub(head, "title", channel.title)
    _sub(head, "link", channel.link or base.url("index.html"))
    _sub(head, "description", channel.description)
    _sub(head, "language", channel.language)
    if channel.copyright:
        _sub(head, "copyright", channel.copyright)
    if built is not None:
        _sub(head, "lastBuildDate", format_datetime(built))
    _sub(head, "generator", f"Triptych {__version__}")
    _sub(head, _q(ATOM, "link"), href=feed_url, rel="self", type="application/rss+xml")
    image = _sub(head, "image")
    _sub(image, "url", channel.image_url(base))
    _sub(image, "title", channel.title)
    _sub(image, "link", channel.link or base.url("index.html"))
    _sub(head, _q(ITUNES, "author"), channel.author or channel.owner_name)
    owner = _sub(head, _q(ITUNES, "owner"))
    _sub(owner, _q(ITUNES, "name"), channel.owner_name)
    _sub(owner, _q(ITUNES, "email"), channel.owner_email)
    _sub(head, _q(ITUNES, "image"), href=channel.image_url(base))
    category = _sub(head, _q(ITUNES, "category"), text=channel.category[0])
    for sub in channel.category[1:2]:
        _sub(category, _q(ITUNES, "category"), text=sub)
    _sub(head, _q(ITUNES, "explicit"), "true" if channel.explicit else "false")
    _sub(head, _q(ITUNES, "type"), "episodic")
    _sub(head, _q(PODCAST, "guid"), str(uuid.uuid5(PODCAST_GUID_NAMESPACE, feed_url.split("://", 1)[1].rstrip("/"))))
    _sub(head, _q(PODCAST, "locked"), "no", owner=channel.owner_email)
    for entry in entries:
        if entry.edition("audio") is not None:
            _item(head, entry, channel, base)
    data: bytes = etree.tostring(rss, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def _item(head: etree._Element, entry: Entry, channel: Channel, base: BaseUrl) -> None:
    audio = entry.edition("audio")
    assert audio is not None
    assert audio.path is not None
    article = entry.article
    item = _sub(head, "item")
    _sub(item, "title", article.title)
    web = entry.edition("html")
    link = base.url(entry.slug, web.path) if web is not None and web.path else base.url("index.html") + f"#{entry.slug}"
    _sub(item, "link", link)
    _sub(item, "description", article.description or article.subtitle or article.title)
    _sub(item, "guid", article.identifier, isPermaLink="false")
    _sub(item, "pubDate", format_datetime(entry.published))
    authors = ", ".join(article.authors) or article.publisher or channel.author or channel.owner_name
    _sub(item, _q(ITUNES, "author"), authors)
    suffix = audio.path[audio.path.rfind(".") :].lower()
    size = entry.file(audio.path).stat().st_size
    _sub(item, "enclosure", url=base.url(entry.slug, audio.path), length=str(size),
         type=AUDIO_TYPES.get(suffix, "audio/mpeg"))  # fmt: skip
    duration = audio.details.get("duration")
    if isinstance(duration, int | float):
        _sub(item, _q(ITUNES, "duration"), duration_text(float(duration)))
    _sub(item, _q(ITUNES, "explicit"), "true" if channel.explicit else "false")
    _sub(item, _q(ITUNES, "episodeType"), "full")
    captions = entry.companion(".vtt")
    if captions is not None:
        _sub(item, _q(PODCAST, "transcript"), url=base.url(entry.slug, captions), type="text/vtt",
             language=article.language, rel="captions")  # fmt: skip
    if entry.file(chapters_name(entry)).is_file():
        _sub(item, _q(PODCAST, "chapters"), url=base.url(entry.slug, chapters_name(entry)), type=CHAPTERS_TYPE)
