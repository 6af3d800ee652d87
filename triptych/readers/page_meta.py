"""A saved web page's metadata, from every source a page may use, in a fixed order of trust.

The sources, as they are read:

- JSON-LD (``<script type="application/ld+json">``): the objects of an article type, from
  arrays, ``@graph`` and ``mainEntity`` alike, with ``<![CDATA[ ]]>`` and comment markers
  stripped; an author as a string, an object with a ``name``, or a list of either.
- Microdata: ``itemprop`` with one or several values (``itemprop="author creator"``), the value
  from ``content``, ``datetime``, a nested ``itemprop="name"`` or the text; only properties of
  the page or of an article (not of a comment or a review).
- ``<meta>``: Dublin Core (``DC.title``, ``DC.creator``, ``DC.date``, ``dcterms.*``), OpenGraph
  and ``article:*`` (``og:title``, ``article:author``, ``article:published_time``), Parse.ly
  (``parsely-title``, ``parsely-author``, ``parsely-pub-date``, ``parsely-page``), then
  ``author``, ``description``, ``keywords`` and kin. A key of several names
  (``property="og:title twitter:title"``) counts for each; an address is never a name.
- The page itself: ``rel=author`` links and a byline (an element whose ``class`` or ``id`` names
  a byline or an author) in the block around the headline, then the page's first byline outside
  its navigation, footers and comments; a ``<time>`` there is the date.

Each field takes the first value found, in this order of trust:

- **title**: JSON-LD (its ``headline`` or ``name``, whichever the ``<title>`` says), Dublin
  Core, OpenGraph, Twitter, Parse.ly, microdata ``headline``, then the ``<title>`` cut to the
  heading of the page that it starts or ends with, else the ``<title>``. A site-wide ``<h1>``
  (a logo, a section name) never outranks them. The site name is cut from the title only when
  it is a suffix (or a prefix) that names the site (``og:site_name``, the JSON-LD publisher or
  WebSite, ``application-name``).
- **authors**: JSON-LD, microdata, ``article:author``, Parse.ly, Dublin Core, ``<meta
  name=author>`` (and ``byl``, ``sailthru.author``, ``citation_author``), ``rel=author``, the
  byline near the headline, the page's first byline.
- **published**: JSON-LD, ``article:published_time``, Parse.ly, Dublin Core and other dated
  ``<meta>``, microdata ``datePublished``, the ``<time>`` near the headline, a ``<time pubdate>``.
  Microdata comes after the meta tags for the title and the date: it also describes the
  related stories a page lists, the meta tags only the page.
- language, publisher, section, keywords, description and address likewise, JSON-LD first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any, cast

from lxml.etree import _Element

from triptych.dates import in_range
from triptych.readers.html_blocks import tag_of, text_of
from triptych.urls import safe_url

Warn = Callable[[str], None]

_ARTICLE_TYPE = re.compile(r"(\w*Article|\w*BlogPosting|\w*Posting|Report|\w*NewsArticle)")
_SPACE = re.compile(r"\s+")
_BY = re.compile(
    r"^\s*(?:(?:written|posted|edited|words|text|story|reported)\s+)?(?:by|por|par|von|di|door|av|af)\b[:\s]*", re.I
)
_SEPARATORS = (" | ", " - ", " — ", " – ", " · ", " :: ", " » ", " « ", " / ", " ~ ")
_BYLINE_HINT = re.compile(r"byline|author|writtenby|p-author|dateline", re.I)
_REGION_TEXT = 600
"""How much more text than the headline the block around it may hold (byline, date, deck)."""
_CDATA = re.compile(r"^\s*(?://\s*)?(?:<!--)?\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*(?://\s*)?(?:-->)?\s*$")


def clean(value: Any) -> str:
    return _SPACE.sub(" ", value).strip() if isinstance(value, str) else ""


@dataclass
class Found:
    """Metadata values gathered from a page, the most trusted source first."""

    values: dict[str, Any] = field(default_factory=dict)
    body_text: str = ""
    """The publisher's own article text (JSON-LD ``articleBody``), a witness for the body."""
    headline: _Element | None = None
    """The element that holds the headline, when one was found in the page."""
    region: _Element | None = None
    """The block around the headline, where its byline, date and deck are written."""
    header_parts: list[_Element] = field(default_factory=list)
    """Elements near the headline that are metadata, not body (byline, date, deck, kicker)."""
    warn: Warn | None = None
    """Where a value that is refused is said (a date out of range): the page's metadata is not
    the user's, so it is dropped with a warning, not refused."""

    def offer(self, key: str, value: Any) -> None:
        if key == "published" and isinstance(value, date) and not in_range(value):
            if self.warn is not None:
                self.warn(f"the page's date {value.isoformat()} is out of range (years 1 to 9999); it is not used")
            return
        if value and key not in self.values:
            self.values[key] = value


# --- JSON-LD -------------------------------------------------------------------------------


_JSON_DEPTH = 64
"""JSON nested deeper than this is not read (no page's metadata needs it; json.loads recurses)."""
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


def json_depth(text: str) -> int:
    """How deep arrays and objects nest in a JSON text, counted without parsing it (linear)."""
    depth = deepest = 0
    for char in re.sub(r"[^\[\]{}]", "", _JSON_STRING.sub("", text)):
        depth += 1 if char in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def load_json(text: str, warn: Warn | None, what: str) -> Any:
    """``json.loads`` of a page's JSON, or ``None`` when it is not JSON or nests too deeply."""
    if json_depth(text) > _JSON_DEPTH:
        if warn is not None:
            warn(f"the page's {what} nests more than {_JSON_DEPTH} levels deep; it is not read")
        return None
    try:
        return json.loads(text, strict=False)
    except (json.JSONDecodeError, RecursionError, ValueError):
        return None


def json_ld(root: _Element, warn: Warn | None = None) -> list[dict[str, Any]]:
    """Every JSON-LD object of the page, ``@graph`` and arrays flattened, in document order."""
    found: list[dict[str, Any]] = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        text = "\n".join(line for line in script.text.splitlines() if not _CDATA.fullmatch(line))
        text = re.sub(r"^\s*<!\[CDATA\[|\]\]>\s*$", "", text.strip()).strip().rstrip(";")
        data = load_json(text, warn, "JSON-LD")
        if data is None:
            continue
        stack: list[Any] = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack[:0] = item
            elif isinstance(item, dict):
                found.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list | dict):
                    stack.insert(0, graph)
                main = item.get("mainEntity")
                if isinstance(main, dict):
                    stack.insert(0, main)
    return found


def _types(item: dict[str, Any]) -> list[str]:
    kind = item.get("@type")
    return [k for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)]


def _is_article(item: dict[str, Any]) -> bool:
    return any(_ARTICLE_TYPE.fullmatch(k.rsplit("/", 1)[-1].rsplit(":", 1)[-1]) for k in _types(item))


def names(value: Any) -> tuple[str, ...]:
    """Names from a string, an object with a ``name`` or a list of either."""
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, list):
            out.extend(names(name))
            continue
        name = clean(name)
        if name and not _is_address(name):
            out.append(name)
    return tuple(dict.fromkeys(out))


def _is_address(value: str) -> bool:
    return bool(re.match(r"^(?:https?:)?//|^www\.", value.strip(), re.I))


def person_names(value: Any) -> tuple[str, ...]:
    """Author names, a leading "By" cut."""
    return tuple(dict.fromkeys(n for n in (_BY.sub("", name).strip() for name in names(value)) if n))


# --- dates ---------------------------------------------------------------------------------


def parse_date(value: Any) -> date | datetime | None:
    """An ISO 8601 date or date-time (also with a space for the ``T``), or an RFC 2822 date."""
    text = clean(value)
    if not text:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    iso = re.match(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?", text)
    if iso:
        candidate = iso.group(0).replace(" ", "T", 1).replace(",", ".")
        candidate = re.sub(r"\s+", "", candidate)
        candidate = re.sub(r"(\.\d{6})\d+", r"\1", candidate)  # Python reads at most microseconds
        try:
            return datetime.fromisoformat(candidate)
        except ValueError:
            try:
                return date.fromisoformat(iso.group(0)[:10])
            except ValueError:
                return None
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


# --- meta tags -----------------------------------------------------------------------------


def meta_tags(root: _Element) -> dict[str, list[str]]:
    """``<meta>`` values by lower-case key; a key of several space-separated names counts for each,
    and ``dc:``/``dcterm:``/``dcterms.`` spellings are one (``dc.creator``)."""
    found: dict[str, list[str]] = {}
    for el in root.iter("meta"):
        content = clean(el.get("content"))
        if not content:
            continue
        keys = " ".join(el.get(a) or "" for a in ("property", "name", "itemprop", "http-equiv")).lower().split()
        for key in dict.fromkeys(keys):
            key = re.sub(r"^(?:dcterms?|dc)[.:]", "dc.", key)
            found.setdefault(key, []).append(content)
    return found


def _first(tags: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        if tags.get(key):
            return tags[key][0]
    return None


def _parsely_page(tags: dict[str, list[str]], warn: Warn) -> dict[str, Any]:
    raw = _first(tags, "parsely-page")
    if not raw:
        return {}
    data = load_json(raw, warn, "parsely-page")
    return data if isinstance(data, dict) else {}


# --- microdata -----------------------------------------------------------------------------


Props = dict[str, list[_Element]]


def itemprops(root: _Element) -> Props:
    """The page's microdata properties: elements by each of their ``itemprop`` values."""
    index: Props = {}
    for el in cast(list[_Element], root.xpath("//*[@itemprop]")):
        if tag_of(el) in ("script", "style") or (tag_of(el) == "meta" and not clean(el.get("content"))):
            continue
        for name in dict.fromkeys((el.get("itemprop") or "").split()):
            index.setdefault(name, []).append(el)
    return index


def _scope_ok(el: _Element) -> bool:
    """The property belongs to the page or to an article, not to a comment or a review."""
    for anc in el.iterancestors():
        if anc.get("itemscope") is not None:
            kind = (anc.get("itemtype") or "").rsplit("/", 1)[-1]
            return not kind or bool(_ARTICLE_TYPE.fullmatch(kind)) or kind in ("WebPage", "ItemPage")
    return True


def _micro_value(el: _Element) -> str:
    for attr in ("content", "datetime"):
        if el.get(attr):
            return clean(el.get(attr))
    if el.get("itemscope") is not None:
        inner = cast(list[_Element], el.xpath(".//*[contains(concat(' ', normalize-space(@itemprop), ' '), ' name ')]"))
        if inner:
            return _micro_value(inner[0])
    return text_of(el)


def _micro(props: Props, *names: str) -> list[tuple[_Element, str]]:
    out: list[tuple[_Element, str]] = []
    for name in names:
        for el in props.get(name, []):
            if _scope_ok(el) and (value := _micro_value(el)):
                out.append((el, value))
    return out


# --- titles --------------------------------------------------------------------------------


def split_site(title: str, sites: list[str]) -> tuple[str, str | None]:
    """``Headline | Site`` as the headline and the site, when the last part names the site (or
    the first part does, ``Site | Headline``); the title as it is otherwise."""
    folded = [_fold(s) for s in sites if s]
    for sep in _SEPARATORS:
        if sep not in title:
            continue
        head, _, tail = title.rpartition(sep)
        if (
            head.strip()
            and _fold(tail)
            and any(_fold(tail) == s or _fold(tail) in s or s in _fold(tail) for s in folded)
        ):
            return head.strip(), tail.strip()
        first, _, rest = title.partition(sep)
        if rest.strip() and _fold(first) and any(_fold(first) == s for s in folded):
            return rest.strip(), first.strip()
    return title, None


def _fold(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def cut_to_headline(title: str, headline_texts: list[str]) -> str | None:
    """The part of a ``<title>`` that is the page's headline, when a heading of the page says it."""
    folded = {_fold(h) for h in headline_texts if h}
    if _fold(title) in folded:
        return title
    for sep in _SEPARATORS:
        parts = title.split(sep)
        for n in range(len(parts) - 1, 0, -1):
            head = sep.join(parts[:n]).strip()
            if _fold(head) in folded:
                return head
            tail = sep.join(parts[len(parts) - n :]).strip()
            if _fold(tail) in folded:
                return tail
    return None


# --- the whole page ------------------------------------------------------------------------


def _json_title(item: dict[str, Any], page_title: str) -> str | None:
    """A JSON-LD article's title: its ``headline`` or its ``name``, whichever the page's own
    title says (some sites put a description in one of them), else the headline."""
    headline = next(iter(names(item.get("headline"))), None)
    name = next(iter(names(item.get("name"))), None)
    if headline and name and page_title and similarity(name, page_title) > similarity(headline, page_title):
        return name
    return headline or name


def similarity(a: str, b: str) -> float:
    """How alike two titles are: the share of their words they have in common (0 to 1)."""
    wa, wb = set(_fold(a).split()), set(_fold(b).split())
    return len(wa & wb) / len(wa | wb) if wa | wb else 0.0


def _meta_names(tags: dict[str, list[str]], *keys: str) -> tuple[str, ...]:
    values = [v for key in keys for v in tags.get(key, []) if not _is_address(v)]
    return person_names(values)


def read_metadata(root: _Element, warn: Warn) -> Found:
    """Gather the page's metadata (the tree is not changed)."""
    found = Found(warn=warn)
    tags = meta_tags(root)
    props = itemprops(root)
    items = json_ld(root, warn)
    articles = [i for i in items if _is_article(i)]
    page_items = [i for i in items if not _is_article(i)]

    page_title = text_of(next(root.iter("title"), None))
    parsely = _parsely_page(tags, warn)
    h1 = next((text_of(h) for h in root.iter("h1") if text_of(h)), "")

    # JSON-LD, the most trusted: the publisher's own description of the article
    for item in articles:
        found.offer("title", _json_title(item, page_title or _first(tags, "og:title") or h1))
        found.offer("subtitle", names(item.get("alternativeHeadline"))[:1])
        found.offer("authors", person_names(item.get("author")) or person_names(item.get("creator")))
        found.offer("published", parse_date(item.get("datePublished")) or parse_date(item.get("dateCreated")))
        found.offer("language", names(item.get("inLanguage"))[:1])
        found.offer("publisher", names(item.get("publisher"))[:1])
        found.offer("section", names(item.get("articleSection"))[:1])
        keywords = item.get("keywords")
        found.offer(
            "keywords",
            tuple(k.strip() for k in keywords.split(",") if k.strip())
            if isinstance(keywords, str)
            else names(keywords),
        )
        found.offer("description", names(item.get("description"))[:1])
        found.offer("url", web_address(item.get("url")) or web_address(item.get("mainEntityOfPage")))
        body = item.get("articleBody")
        if isinstance(body, str) and len(body) > len(found.body_text):
            found.body_text = body
    for item in page_items:  # a WebSite or Organization names the site; a WebPage may name the author
        if any(k in ("WebSite", "Organization", "NewsMediaOrganization") for k in _types(item)):
            found.offer("site", names(item.get("name"))[:1])
        if "WebPage" in _types(item):
            found.offer("authors", person_names(item.get("author")))
            found.offer("published", parse_date(item.get("datePublished")))

    # microdata names its author with one or several values (itemprop="author creator"); the
    # title and the date it gives come after the page's meta tags, which describe the page
    # itself (microdata also describes the related stories listed on it)
    micro_authors = _micro(props, "author", "creator")
    found.offer("authors", tuple(dict.fromkeys(_BY.sub("", v).strip() for _, v in micro_authors if not _is_address(v))))
    # OpenGraph and article:*, Parse.ly, Dublin Core, other <meta>
    found.offer(
        "title",
        _first(tags, "dc.title")
        or _first(tags, "og:title")
        or _first(tags, "twitter:title")
        or _first(tags, "parsely-title")
        or clean(parsely.get("title")),
    )
    found.offer("authors", _meta_names(tags, "article:author", "og:article:author"))
    found.offer(
        "authors", _meta_names(tags, "parsely-author") or person_names(parsely.get("author") or parsely.get("authors"))
    )
    found.offer("authors", _meta_names(tags, "dc.creator"))
    found.offer("authors", _meta_names(tags, "author", "byl", "sailthru.author", "citation_author"))
    for key in (
        "article:published_time",
        "og:article:published_time",
        "parsely-pub-date",
        "dc.date.issued",
        "dc.issued",
        "dc.date",
        "dc.created",
        "citation_publication_date",
        "pubdate",
        "publishdate",
        "publish-date",
        "date",
        "sailthru.date",
    ):
        found.offer("published", parse_date(_first(tags, key)))
    found.offer("published", parse_date(parsely.get("pub_date")))
    headlines = _micro(props, "headline")
    found.offer("title", headlines[0][1] if headlines else None)
    if headlines and tag_of(headlines[0][0]) != "meta":
        found.headline = headlines[0][0]
    found.offer("subtitle", next((v for _, v in _micro(props, "alternativeHeadline")), None))
    found.offer("published", next((d for _, v in _micro(props, "datePublished") if (d := parse_date(v))), None))
    found.offer("language", next((v for _, v in _micro(props, "inLanguage")), None))
    found.offer("language", _first(tags, "og:locale", "dc.language", "content-language", "language"))
    found.offer("publisher", _first(tags, "og:site_name") or _first(tags, "dc.publisher"))
    found.offer("section", _first(tags, "article:section", "parsely-section") or clean(parsely.get("section")))
    found.offer(
        "keywords",
        tuple(tags.get("article:tag", []))
        or _split(tags.get("parsely-tags"))
        or _split(tags.get("news_keywords"))
        or _split(tags.get("keywords")),
    )
    found.offer("description", _first(tags, "description", "og:description", "twitter:description", "dc.description"))
    canonical = next(
        (link.get("href") for link in root.iter("link") if (link.get("rel") or "").lower() == "canonical"), None
    )
    found.offer("url", web_address(canonical) or web_address(_first(tags, "og:url")))

    # the title and the element that holds the headline
    sites = [
        s
        for s in (found.values.get("publisher"), found.values.get("site"), _first(tags, "application-name"))
        if isinstance(s, str) and s
    ]
    headings = [h for h in root.iter("h1", "h2") if text_of(h)]
    declared = found.values.get("title")
    if isinstance(declared, tuple):
        declared = declared[0] if declared else None
    if declared:
        title = split_site(declared, sites)[0]
    elif page_title:
        title = cut_to_headline(page_title, [text_of(h) for h in headings]) or split_site(page_title, sites)[0]
    else:
        title = next((text_of(h) for h in headings if tag_of(h) == "h1"), "")
    if title:
        found.values["title"] = title
    if found.headline is None and title:
        found.headline = next((h for h in headings if _fold(text_of(h)) == _fold(title)), None)
    if found.headline is None and title and page_title:
        head = cut_to_headline(page_title, [text_of(h) for h in headings])
        found.headline = next((h for h in headings if head and _fold(text_of(h)) == _fold(head)), None)
    if page_title and sites:
        found.offer("publisher", split_site(page_title, sites)[1])
    if page_title and title and "publisher" not in found.values:  # "Headline | Site": the site
        for sep in _SEPARATORS:
            head, _, tail = page_title.rpartition(sep)
            if head and _fold(head) == _fold(title) and tail.strip():
                found.offer("publisher", tail.strip())
                break

    # 7. rel=author, bylines near the headline
    _header_parts(root, props, found)
    for key in ("title", "subtitle", "language", "publisher", "section", "description", "site"):
        if isinstance(found.values.get(key), tuple):
            value = found.values[key]
            found.values[key] = value[0] if value else None
            if not found.values[key]:
                del found.values[key]
    found.values.pop("site", None)
    return found


def _header_parts(root: _Element, props: Props, found: Found) -> None:
    """The headline's byline, date, deck and kicker: metadata, taken out of the body."""
    headline = found.headline
    region = _headline_region(headline) if headline is not None else None
    found.region = region
    bylines: list[_Element] = []
    rel: list[_Element] = [a for a in root.iter("a") if "author" in (a.get("rel") or "").lower().split() and text_of(a)]
    micro = [el for el, _ in _micro(props, "author", "creator") if tag_of(el) != "meta"]
    if region is not None:
        rel_near = [a for a in rel if _inside(a, region)]
        micro_near = [el for el in micro if _inside(el, region)]
        hinted = [
            el
            for el in region.iter()
            if isinstance(el.tag, str)
            and tag_of(el)
            not in (
                "html",
                "body",
                "main",
                "article",
                "section",
                "header",
                "script",
                "style",
                "a",
                "img",
                "meta",
                "link",
            )
            and _BYLINE_HINT.search(f"{el.get('class') or ''} {el.get('id') or ''} {el.get('rel') or ''}")
            and 0 < len(text_of(el)) < 120
            and not _holds(el, headline)
        ]
        hinted = [el for el in hinted if not any(_inside(el, other) for other in hinted if other is not el)]
        if "authors" not in found.values:
            names_found = [text_of(a) for a in rel_near] or [_BY.sub("", text_of(el)).strip() for el in micro_near]
            if names_found:
                found.offer("authors", tuple(dict.fromkeys(n for n in names_found if n)))
            elif hinted:
                found.offer("authors", byline_names(hinted[0]))
        bylines = hinted + [el for el in (*micro_near, *rel_near) if not any(_inside(el, h) for h in hinted)]
        times = [t for t in region.iter("time") if t.get("datetime") or t.get("pubdate") is not None]
        if times:
            found.offer("published", parse_date(times[0].get("datetime")) or parse_date(text_of(times[0])))
            bylines.extend(times[:1])
        found.header_parts = bylines
    rel = [a for a in rel if not _in_chrome(a)]
    if "authors" not in found.values:
        found.offer("authors", tuple(dict.fromkeys(text_of(a) for a in rel)))
    if "authors" not in found.values and micro:
        found.offer("authors", tuple(dict.fromkeys(_BY.sub("", text_of(el)).strip() for el in micro if text_of(el))))
    if "authors" not in found.values:  # the first byline of the page, outside its navigation
        body = root.find("body")
        for el in body.iter() if body is not None else ():
            if not isinstance(el.tag, str) or tag_of(el) in _NOT_BYLINE:
                continue
            if not _BYLINE_HINT.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
                continue
            text = text_of(el)
            if not 0 < len(text) < 100 or _in_chrome(el) or text.casefold().startswith(("author", "about the author")):
                continue
            found_names = byline_names(el)
            if found_names:
                found.offer("authors", found_names)
                found.header_parts.append(el)
                break
    if "published" not in found.values:
        stamped = cast(list[_Element], root.xpath("//time[@pubdate] | //*[@itemprop='datePublished']"))
        for el in stamped:
            found.offer("published", parse_date(el.get("datetime") or el.get("content")) or parse_date(text_of(el)))


_NOT_BYLINE = frozenset(
    [
        "html",
        "body",
        "main",
        "article",
        "section",
        "header",
        "footer",
        "nav",
        "aside",
        "form",
        "script",
        "style",
        "a",
        "img",
        "meta",
        "link",
        "ul",
        "ol",
        "table",
    ]
)
_CHROME = frozenset(["nav", "aside", "footer", "form", "menu", "dialog"])
_CHROME_ROLES = frozenset(["navigation", "complementary", "contentinfo", "search", "banner"])


def _in_chrome(el: _Element) -> bool:
    """Inside the page's navigation, sidebars, footers or comments."""
    for anc in el.iterancestors():
        if tag_of(anc) in _CHROME or anc.get("role") in _CHROME_ROLES:
            return True
        if "comment" in f"{anc.get('class') or ''} {anc.get('id') or ''}".lower():
            return True
    return False


def _headline_region(headline: _Element) -> _Element:
    """The block around the headline where its byline and date are written: the largest
    ancestor (up to a ``<header>``) with not much more text than the headline itself."""
    own = len(text_of(headline))
    region = headline
    for anc in headline.iterancestors():
        if tag_of(anc) in ("body", "html") or len(text_of(anc)) > own + _REGION_TEXT:
            break
        region = anc
        if tag_of(anc) in ("header", "hgroup"):
            break
    return region


def _inside(el: _Element, container: _Element) -> bool:
    return el is container or any(a is container for a in el.iterancestors())


def _holds(el: _Element, other: _Element | None) -> bool:
    return other is not None and _inside(other, el)


def byline_names(el: _Element) -> tuple[str, ...]:
    """Names from a byline's text: "By A, B and C · date" gives A, B and C."""
    line = _BY.sub("", _text_without_times(el))
    line = re.split(r"\s[·|•]\s|\s+(?:on|updated|published)\s", line, maxsplit=1)[0]
    parts = re.split(r",\s*|\s+(?:and|y|et|und|e|&)\s+", line)
    return tuple(p.strip() for p in parts if p.strip())


def _text_without_times(el: _Element) -> str:
    parts: list[str] = []

    def walk(node: _Element) -> None:
        if tag_of(node) == "time":
            return
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")

    walk(el)
    return clean("".join(parts))


def web_address(value: Any) -> str | None:
    """An absolute http(s) address from a string or a schema.org object with an @id or url."""
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    return safe_url(value, mailto=False) if isinstance(value, str) else None


def _split(values: list[str] | None) -> tuple[str, ...]:
    return tuple(k.strip() for v in values or [] for k in v.split(",") if k.strip())
