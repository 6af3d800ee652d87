"""Saved web pages: find the article, take its metadata, drop everything else.

The article is chosen by :mod:`triptych.readers.extraction` (readability-lxml, checked against
the page's own article markup and a second witness); its metadata is read by
:mod:`triptych.readers.page_meta` from every source a page may use, in a documented order of
trust. The chosen container goes through Triptych's own sanitising converter
(:mod:`triptych.readers.html_blocks`). When the page declares no language, it is detected from
the text (:mod:`triptych.readers.detect_language`), with a warning. XHTML is parsed with
entities left unexpanded and no DTD loaded.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

from lxml import etree, html
from lxml.etree import _Element

from triptych.errors import SourceError
from triptych.langtag import is_language_tag, normalized
from triptych.limits import TABLE_CELLS_HINT, too_many_cells
from triptych.model import Article, Block, Figure, Metadata, block_text
from triptych.readers.extraction import MARK, choose_article, mark, unmark
from triptych.readers.html_blocks import HtmlConverter, drop, refuse_truncated, sanitize, tag_of
from triptych.readers.html_blocks import text_of as _text
from triptych.readers.page_meta import Found, read_metadata
from triptych.readers.source import Source

_DECK = (
    ".//*[@itemprop='alternativeHeadline' or @role='doc-subtitle' or "
    + " or ".join(
        f"contains(concat(' ', normalize-space(@class), ' '), ' {c} ')"
        for c in ("dek", "deck", "standfirst", "subtitle", "subheadline", "summary")
    )
    + "]"
)
_KICKER = (
    ".//*["
    + " or ".join(
        f"contains(concat(' ', normalize-space(@class), ' '), ' {c} ')" for c in ("kicker", "eyebrow", "rubric")
    )
    + "]"
)
_WORDS = re.compile(r"\w+")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


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
    refuse_truncated(parser, source.path)
    return root


def read_webpage(source: Source) -> Article:
    """Read a saved web page (HTML or XHTML)."""
    warnings: list[str] = list(source.warnings)
    warn = warnings.append
    root = parse_document(source, warn)
    _check_paragraphs(root, source)
    _check_tables(root, source)
    nodes = mark(root)
    found = read_metadata(root, lambda message: warn(f"{source.path.name}: {message}"))
    meta = found.values
    _offer_header(root, found)
    language = _declared_language(
        root,
        meta.get("language"),
        lambda tag: warn(
            f"{source.path.name}: the page's language {tag!r} is not a BCP 47 language tag; it is not used"
        ),
    )

    article = choose_article(root, nodes, found.body_text)
    if article is None:
        raise SourceError(source.path, "no article found in the page", hint="save the page of the article itself")
    sanitize(article, boilerplate=False)
    _remove_header(article, found, meta.get("title"))
    unmark(article)

    if not language:
        from triptych.readers.detect_language import detect_language

        detected = detect_language(_text(article)[:4000])
        language = detected or "en"
        warn(
            f"{source.path.name}: the page gives no language (<html lang>); "
            + (f"{detected} detected from its text" if detected else "assumed English")
        )
    meta["language"] = language
    converter = HtmlConverter(base_dir=source.path.parent, language=language, warn=warn, page=source.path.name)
    converter.collect_footnotes(article)
    lead = _lead_figure(article, converter)
    if lead is not None:
        meta["lead_image"] = lead
    blocks = converter.blocks(article)
    if not meta.get("title"):
        meta["title"] = _title_from_text(blocks)
        if meta["title"]:
            warn(f"{source.path.name}: the page gives no title; the first words of its text are used")
    if not meta.get("title"):
        raise SourceError(source.path, "no article title found", hint="the page needs an <h1> or a <title>")
    return Article(
        meta=Metadata(**meta, source=source.path),
        blocks=blocks,
        footnotes=tuple(converter.footnotes),
        warnings=tuple(warnings),
    )


def _check_paragraphs(root: _Element, source: Source) -> None:
    """Refuse a page with a paragraph or heading longer than the limit before the slow work of
    choosing its article (each such element's text is counted once: they never nest)."""
    limit = source.limits.paragraph_chars
    for el in root.iter("p", "pre", "h1", "h2", "h3", "h4", "h5", "h6"):
        if (length := len(_text(el, collapse=False))) > limit:
            raise SourceError(
                source.path,
                f"has a paragraph of {length:,} characters, more than the limit of {limit:,}",
                line=getattr(el, "sourceline", None),
                hint="split the paragraph, or raise the limit with -O max-paragraph-chars=N",
            )


def _check_tables(root: _Element, source: Source) -> None:
    """Refuse a page whose tables hold more cells (each counted by its span, as far as the span
    limit goes) than the limit, before the slow work of choosing its article."""
    limits = source.limits
    span = limits.cell_span
    cells = sum(_span(c.get("colspan"), span) * _span(c.get("rowspan"), span) for c in root.iter("td", "th"))
    if cells > limits.table_cells:
        first = next(root.iter("table"), None)
        raise SourceError(
            source.path,
            too_many_cells(cells, limits.table_cells),
            line=getattr(first, "sourceline", None),
            hint=TABLE_CELLS_HINT,
        )


def _span(value: str | None, limit: int) -> int:
    text = (value or "").strip()
    return min(int(text), limit + 1) if text.isdigit() and 0 < len(text) < 10 and int(text) > 0 else 1


def _declared_language(root: _Element, fallback: Any, refused: Callable[[str], None]) -> str | None:
    """The language the page declares: ``<html lang>``, then its metadata (JSON-LD, og:locale);
    a value that is not a BCP 47 tag is passed to ``refused`` and skipped."""
    body = root.find("body")
    for value in (
        root.get("lang"),
        root.get(_XML_LANG),
        body.get("lang") if body is not None else None,
        fallback if isinstance(fallback, str) else None,
    ):
        tag = normalized(value or "")
        if not tag:
            continue
        if not is_language_tag(tag):
            refused(tag[:80])
        elif tag.lower() not in ("und", "mul", "zxx", "xx"):
            return tag
    return None


def _offer_header(root: _Element, found: Found) -> None:
    """The deck (subtitle) and the kicker (section) written with the headline."""
    region = found.region
    if region is None:
        return
    deck = [el for el in cast(list[_Element], region.xpath(_DECK)) if el is not found.headline and _text(el)]
    if deck:
        found.offer("subtitle", _text(deck[0]))
        found.header_parts.append(deck[0])
    kicker = [el for el in cast(list[_Element], region.xpath(_KICKER)) if _text(el)]
    if kicker:
        found.offer("section", _text(kicker[0]))
        found.header_parts.append(kicker[0])


def _remove_header(article: _Element, found: Found, title: Any) -> None:
    """Take the headline and what is written with it (byline, date, deck) out of the body."""
    marks = {el.get(MARK) for el in found.header_parts if el.get(MARK)}
    headline_mark = found.headline.get(MARK) if found.headline is not None else None
    headline = next((el for el in article.iter() if headline_mark and el.get(MARK) == headline_mark), None)
    if headline is None and isinstance(title, str):
        headline = _heading_like(article, title)
    if headline is not None:
        header = next((h for h in headline.iterancestors() if tag_of(h) in ("header", "hgroup")), None)
        if header is not None and header is not article and _inside(header, article):
            drop(header)
        else:
            drop(headline)
    for el in [el for el in article.iter() if isinstance(el.tag, str) and el.get(MARK) in marks]:
        if el is not article and el.getparent() is not None and _inside(el, article):
            drop(el)


def _heading_like(article: _Element, title: str) -> _Element | None:
    """A heading before the text that says the title again (the page's own headline)."""
    want = set(_WORDS.findall(title.casefold()))
    if not want:
        return None
    for el in article.iter():
        tag = tag_of(el)
        if tag == "p" and _text(el):
            return None
        if tag in ("h1", "h2"):
            have = set(_WORDS.findall(_text(el).casefold()))
            if have and len(want & have) / len(want | have) >= 0.75:
                return el
            if tag == "h1":
                return None
    return None


def _inside(el: _Element, container: _Element) -> bool:
    return any(a is container for a in el.iterancestors())


def _title_from_text(blocks: tuple[Block, ...]) -> str:
    """A title for a page that gives none: its first words."""
    text = " ".join(block_text(blocks[0]).split()) if blocks else ""
    words = text.split(" ")
    if len(words) <= 12 and len(text) <= 100:
        return text
    return " ".join(words[:10]).rstrip(",;:") + "…"


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
