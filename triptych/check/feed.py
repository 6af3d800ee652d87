"""Podcast feeds (RSS 2.0 with the iTunes and Podcasting 2.0 namespaces): parsed by feedparser
with no error, the tags Apple Podcasts requires, and for each item a guid, an enclosure whose
file (when it is under the feed's own address) is there with exactly the length stated, and its
transcript and chapters files (the chapters valid against the JSON chapters format). Needs
feedparser and jsonschema."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from lxml import etree

from triptych.check.findings import Finding
from triptych.check.local import local_file, local_path

if TYPE_CHECKING:
    from triptych.check.findings import EditionReport

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
NS = {"itunes": ITUNES, "podcast": PODCAST, "atom": ATOM}
CHANNEL_REQUIRED = ("title", "description", "language", "itunes:image", "itunes:category", "itunes:explicit")
"""What Apple Podcasts requires of a channel."""
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def is_feed(data: bytes) -> bool:
    """Whether an XML file is an RSS feed (its root element is ``rss``)."""
    try:
        return etree.fromstring(data, _PARSER).tag == "rss"
    except etree.XMLSyntaxError:
        return False


def check(reports: Sequence[EditionReport]) -> None:
    """Add findings about each feed."""
    if not reports:
        return
    try:
        from importlib.metadata import version

        import feedparser
    except ImportError:  # pragma: no cover - feedparser is a dependency
        for report in reports:
            report.error = "feedparser is missing: pip install feedparser"
        return
    for report in reports:
        report.checkers["feed"] = f"feedparser {version('feedparser')} and the iTunes and Podcasting 2.0 tags"
        try:
            data = report.path.read_bytes()
            root = etree.fromstring(data, _PARSER)
        except (OSError, etree.XMLSyntaxError) as exc:
            report.error = f"{report.path}: not an XML file ({exc})"
            continue
        found = report.findings
        parsed = feedparser.parse(data)
        if parsed.bozo:
            found.append(Finding("feed", "parse", f"feedparser: {parsed.get('bozo_exception')}"))
        channel = root.find("channel")
        if root.tag != "rss" or root.get("version") != "2.0" or channel is None:
            found.append(Finding("feed", "rss", 'not an RSS 2.0 feed (no <rss version="2.0"> with a <channel>)'))
            continue
        for tag in CHANNEL_REQUIRED:
            element = channel.find(tag, NS)
            value = element.get("href") if tag == "itunes:image" and element is not None else None
            value = value or (element.get("text") if tag == "itunes:category" and element is not None else None)
            if element is None or not (value or (element.text or "").strip()):
                found.append(Finding("feed", "channel-tag", f"the channel has no {tag}", "channel"))
        explicit = channel.findtext("itunes:explicit", default="", namespaces=NS).strip()
        if explicit and explicit not in ("true", "false", "yes", "no", "clean"):
            found.append(Finding("feed", "itunes-explicit", f"itunes:explicit is {explicit!r}, not true or false"))
        self_link = channel.find("atom:link[@rel='self']", NS)
        self_href = self_link.get("href") if self_link is not None else None
        if self_href is None:
            found.append(Finding("feed", "self-link", 'the channel has no atom:link rel="self"', "channel"))
        guids: set[str] = set()
        for number, item in enumerate(channel.iterfind("item"), 1):
            _item(item, number, self_href, report, guids)


def _item(item: etree._Element, number: int, self_href: str | None, report: EditionReport, guids: set[str]) -> None:
    found = report.findings
    where = item.findtext("title") or f"item {number}"
    if not (item.findtext("title") or "").strip():
        found.append(Finding("feed", "item-title", "the item has no title", where))
    guid = (item.findtext("guid") or "").strip()
    if not guid:
        found.append(Finding("feed", "item-guid", "the item has no guid: apps can't tell episodes apart", where))
    elif guid in guids:
        found.append(Finding("feed", "item-guid", f"the guid {guid} is used twice", where))
    guids.add(guid)
    enclosure = item.find("enclosure")
    if enclosure is None:
        found.append(Finding("feed", "enclosure", "the item has no enclosure", where))
    else:
        length = enclosure.get("length", "")
        if not enclosure.get("url") or not enclosure.get("type") or not length.isdigit():
            found.append(Finding("feed", "enclosure", "the enclosure needs a url, a type and a length in bytes", where))
        else:
            problem = local_file(str(enclosure.get("url")), self_href, report.path.parent, int(length))
            if problem:
                found.append(Finding("feed", "enclosure-file", problem, where))
    for tag in ("podcast:transcript", "podcast:chapters"):
        for element in item.iterfind(tag, NS):
            url = element.get("url", "")
            if not url or not element.get("type"):
                found.append(Finding("feed", tag.replace(":", "-"), f"{tag} needs a url and a type", where))
                continue
            problem = local_file(url, self_href, report.path.parent)
            if problem:
                found.append(Finding("feed", f"{tag.split(':')[1]}-file", problem, where))
            elif tag == "podcast:chapters":
                _chapters(url, self_href, report, where)


def _chapters(url: str, self_href: str | None, report: EditionReport, where: str) -> None:
    from triptych.check.validation import CHAPTERS, schema_problems

    path = local_path(url, self_href, report.path.parent)
    if path is None:
        return
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        report.findings.append(Finding("chapters", "json", f"{path.name} is not JSON ({exc})", where))
        return
    for at, message in schema_problems(data, CHAPTERS):
        report.findings.append(Finding("chapters", "schema", message, f"{path.name} {at}"))
    chapters = data.get("chapters") if isinstance(data, dict) else None
    starts = [c.get("startTime") for c in chapters or [] if isinstance(c, dict)]
    numbers = [s for s in starts if isinstance(s, int | float)]
    if numbers != sorted(numbers):
        report.findings.append(Finding("chapters", "order", f"the chapters of {path.name} are not in order", where))
