"""Saved web pages: find the article, take its metadata, drop everything else.

Metadata comes, in order of trust, from JSON-LD (``NewsArticle`` and kin), the page's own
article header (``<h1>``, deck, byline, ``<time datetime>``), OpenGraph and ``article:*`` meta,
and the ``<title>``. XHTML is parsed with entities left unexpanded and no DTD loaded.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from lxml import etree, html
from lxml.etree import _Element

from triptych.errors import SourceError
from triptych.model import Article, Figure, Metadata
from triptych.readers.frontmatter import parse_iso_date
from triptych.readers.html_blocks import HtmlConverter, drop, sanitize, tag_of
from triptych.readers.html_blocks import text_of as _text
from triptych.readers.source import Source

_ARTICLE_TYPES = re.compile(r"(News|Reportage|Analysis|Opinion|Review|Scholarly|Tech)?Article|BlogPosting|Report")
_SPACE = re.compile(r"\s+")
_DECK = (
    ".//*[@itemprop='alternativeHeadline' or @role='doc-subtitle' or "
    + " or ".join(
        f"contains(concat(' ', normalize-space(@class), ' '), ' {c} ')"
        for c in ("dek", "deck", "standfirst", "subtitle", "subheadline", "summary")
    )
    + "]"
)
_BYLINE = ".//*[@itemprop='author' or @rel='author' or contains(concat(' ', normalize-space(@class), ' '), ' byline ')]"
_KICKER = (
    ".//*["
    + " or ".join(
        f"contains(concat(' ', normalize-space(@class), ' '), ' {c} ')" for c in ("kicker", "eyebrow", "rubric")
    )
    + "]"
)
_TITLE_SEPARATORS = (" | ", " — ", " – ", " - ", " · ")


def _first(tags: dict[str, list[str]], *keys: str) -> str | None:
    """The first value of the first meta key present."""
    for key in keys:
        if tags.get(key):
            return tags[key][0]
    return None


def parse_document(source: Source, warn: Callable[[str], None]) -> _Element:
    """Parse HTML, or XHTML safely (no DTD, no entity expansion, no network)."""
    head = source.text.lstrip("\ufeff \n\t")[:200].lower()
    if head.startswith("<?xml") or source.path.suffix.lower() in (".xhtml", ".xht"):
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        try:
            root = etree.fromstring(source.data, parser=parser)
        except etree.XMLSyntaxError:
            pass  # not well-formed XML: read it as the HTML it probably is
        else:
            entities = [e for e in root.iter() if isinstance(e, etree._Entity)]
            for name in sorted({e.name for e in entities}):
                warn(f"{source.path.name}: entity &{name}; left unexpanded")
            for entity in entities:  # keep the reference as the literal text it is
                entity.tail = f"&{entity.name};{entity.tail or ''}"
                drop(entity)
            for el in root.iter():
                if isinstance(el.tag, str):
                    el.tag = etree.QName(el).localname
            etree.cleanup_namespaces(root)
            return _parse_html(source, etree.tostring(root, encoding="unicode"))
    return _parse_html(source, source.text)


def _parse_html(source: Source, text: str) -> _Element:
    parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise SourceError(source.path, f"is not an HTML page ({exc})") from None
    for entry in parser.error_log:
        if entry.type_name == "ERR_RESOURCE_LIMIT":  # libxml2 stops there and drops the rest
            raise SourceError(
                source.path,
                f"the page nests its elements too deeply to be read ({entry.message.split(',')[0]})",
                line=entry.line,
                hint="flatten the page's nesting",
            )
    return root


@dataclass
class PageMetadata:
    """Metadata gathered from a page, most trusted source first."""

    values: dict[str, Any] = field(default_factory=dict)

    def offer(self, key: str, value: Any) -> None:
        if value and key not in self.values:
            self.values[key] = value


def _json_ld(root: _Element) -> Iterator[dict[str, Any]]:
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except json.JSONDecodeError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                stack.extend(v for k, v in item.items() if k == "@graph")
                kind = item.get("@type")
                kinds = kind if isinstance(kind, list) else [kind]
                if any(isinstance(k, str) and _ARTICLE_TYPES.fullmatch(k) for k in kinds):
                    yield item


def _names(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip():
            names.append(_SPACE.sub(" ", name).strip())
    return tuple(names)


def _date(value: Any, warn: Callable[[str], None]) -> date | datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return parse_iso_date(value)
    except ValueError:
        warn(f"publication date {value!r} is not ISO 8601; ignored")
        return None


def _meta(root: _Element) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for el in root.iter("meta"):
        key = (el.get("property") or el.get("name") or "").strip().lower()
        content = el.get("content")
        if key and content and content.strip():
            found.setdefault(key, []).append(_SPACE.sub(" ", content).strip())
    return found


def _find_article(root: _Element) -> _Element:
    articles = list(root.iter("article"))
    if articles:
        return max(articles, key=lambda a: len(_text(a)))
    for query in ("//*[@itemprop='articleBody']", "//main", "//*[@role='main']", "//body"):
        found = cast(list[_Element], root.xpath(query))
        if found:
            return found[0]
    return root


def read_webpage(source: Source) -> Article:
    """Read a saved web page (HTML or XHTML)."""
    warnings: list[str] = list(source.warnings)
    warn = warnings.append
    root = parse_document(source, warn)
    meta = PageMetadata()
    tags = _meta(root)
    for item in _json_ld(root):
        meta.offer("title", _names(item.get("headline"))[:1])
        meta.offer("subtitle", _names(item.get("alternativeHeadline"))[:1])
        meta.offer("authors", _names(item.get("author")))
        meta.offer("published", _date(item.get("datePublished"), warn))
        meta.offer("language", _names(item.get("inLanguage"))[:1])
        meta.offer("publisher", _names(item.get("publisher"))[:1])
        meta.offer("section", _names(item.get("articleSection"))[:1])
        keywords = item.get("keywords")
        meta.offer(
            "keywords", tuple(k.strip() for k in keywords.split(",")) if isinstance(keywords, str) else _names(keywords)
        )
        meta.offer("description", _names(item.get("description"))[:1])
        meta.offer("url", _web_address(item.get("url")) or _web_address(item.get("mainEntityOfPage")))
    canonical = next((link.get("href") for link in root.iter("link") if link.get("rel") == "canonical"), None)
    meta.offer("url", _web_address(canonical) or _web_address(_first(tags, "og:url")))
    for key in ("title", "subtitle", "language", "publisher", "section", "description"):
        if isinstance(meta.values.get(key), tuple):
            meta.values[key] = meta.values[key][0]

    article = _find_article(root)
    language = (root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip()
    sanitize(article)
    h1 = next(article.iter("h1"), None)
    meta.offer("title", _text(h1))
    deck = cast(list[_Element], article.xpath(_DECK))
    meta.offer("subtitle", _text(deck[0]) if deck else None)
    bylines = cast(list[_Element], article.xpath(_BYLINE))
    if bylines:
        meta.offer("authors", _byline_names(bylines))
    time_el = next((t for t in article.iter("time") if t.get("datetime")), None)
    if time_el is not None:
        meta.offer("published", _date(time_el.get("datetime"), warn))
    kicker = cast(list[_Element], article.xpath(_KICKER))
    meta.offer("section", _text(kicker[0]) if kicker else None)

    meta.offer("title", _first(tags, "og:title"))
    page_title = _text(next(root.iter("title"), None))
    title = meta.values.get("title") or _strip_site(page_title)[0]
    if not title:
        raise SourceError(source.path, "no article title found", hint="the page needs an <h1> or a <title>")
    meta.offer("title", title)
    meta.offer("authors", tuple(tags.get("author", [])))
    meta.offer("published", _date(_first(tags, "article:published_time"), warn))
    meta.offer("language", language or (_first(tags, "og:locale") or "").replace("_", "-"))
    meta.offer("publisher", _first(tags, "og:site_name") or _strip_site(page_title, title)[1])
    meta.offer("section", _first(tags, "article:section"))
    meta.offer("keywords", tuple(tags.get("article:tag", [])) or _split(tags.get("keywords")))
    meta.offer("description", _first(tags, "description", "og:description"))
    if "language" not in meta.values:
        warn(f"{source.path.name}: the page gives no language (<html lang>); assumed English")

    _remove_header(article, h1, deck, bylines, kicker, time_el)
    converter = HtmlConverter(base_dir=source.path.parent, language=meta.values.get("language", "en"), warn=warn)
    converter.collect_footnotes(article)
    lead = _lead_figure(article, converter)
    if lead is not None:
        meta.values["lead_image"] = lead
    blocks = converter.blocks(article)
    return Article(
        meta=Metadata(**meta.values, source=source.path),
        blocks=blocks,
        footnotes=tuple(converter.footnotes),
        warnings=tuple(warnings),
    )


def _web_address(value: Any) -> str | None:
    """An absolute http(s) address from a string or a schema.org object with an @id or url."""
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    if isinstance(value, str) and value.strip().lower().startswith(("http://", "https://")):
        return value.strip()
    return None


def _split(values: list[str] | None) -> tuple[str, ...]:
    return tuple(k.strip() for v in values or [] for k in v.split(",") if k.strip())


def _byline_names(bylines: list[_Element]) -> tuple[str, ...]:
    authored = [el for el in bylines if el.get("rel") == "author" or el.get("itemprop") == "author"]
    if authored:
        return tuple(dict.fromkeys(_text(el) for el in authored if _text(el)))
    text = bylines[0]
    for t in list(text.iter("time")):
        drop(t)
    line = re.sub(r"^\s*(by|por|par|von|di)\s+", "", _text(text), flags=re.IGNORECASE)
    line = re.split(r"\s[·|•]\s", line)[0]
    parts = re.split(r",\s*|\s+(?:and|y|et|und|e)\s+", line)
    return tuple(p.strip() for p in parts if p.strip())


def _strip_site(page_title: str, title: str | None = None) -> tuple[str, str | None]:
    """Split 'Headline | Site' into headline and site name."""
    for separator in _TITLE_SEPARATORS:
        if separator in page_title:
            head, _, site = page_title.rpartition(separator)
            if title is None or head.strip() == title:
                return head.strip(), site.strip() or None
    return page_title, None


def _remove_header(article: _Element, *parts: Any) -> None:
    h1 = parts[0]
    header = next((h for h in article.iter("header") if h1 is not None and h1 in h.iter()), None)
    if header is not None and header is not article:
        drop(header)
        return
    for part in parts:
        for el in part if isinstance(part, list) else [part]:
            if el is not None and el is not article and el.getparent() is not None:
                drop(el)


def _lead_figure(article: _Element, converter: HtmlConverter) -> Figure | None:
    """A figure that comes before any paragraph of text is the article's lead image."""
    for el in article.iter():
        tag = tag_of(el)
        if tag == "p" and _text(el):
            return None
        if tag == "figure":
            figures = converter.figure(el)
            drop(el)
            first = figures[0] if figures else None
            return first if isinstance(first, Figure) else None
    return None
