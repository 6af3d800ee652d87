"""Choosing the article in a saved web page.

The page's own tree is never handed to a library: each library works on a copy whose elements
carry a mark (``data-triptych-node``), and what it chose is found again by those marks, so the
article reaches Triptych's converter with the tags and attributes it has in the page (footnote
ids, ``lang``, credits, ``style``...), whatever a library renamed or stripped.

The choice, measured on the Readability test corpus (``bench/extraction.py``):

1. readability-lxml chooses the article: its top candidate, the siblings and segments that go
   with it, and its cleaning of what inside them is not the article (share bars, galleries,
   link boxes).
2. What that cleaning removed is put back where it was when it is article content by Triptych's
   rules: a list (Readability.js keeps lists; readability-lxml drops a list of links), a figure
   and what is in it, an image with its caption.
3. A witness checks the choice: the publisher's JSON-LD ``articleBody`` when the page has one,
   else trafilatura's text. A container the page marks as the article (``itemprop=articleBody``,
   ``<article>``, ``<main>``, ``role=main``) replaces readability's choice when it agrees
   better with the witness; when nothing agrees well, the nearest container of the blocks the
   witness has is a candidate too (a page whose article wrapper readability threw away). A
   teaser or an empty ``<article>`` never wins: it agrees with nothing.
4. The end of the article loses what the witness does not have: a newsletter prompt, an
   author's blurb, related stories (judged by word pairs, at most a quarter of the text).

A page with more than :data:`WITNESS_CHARS` characters of text is not given to trafilatura (its
time grows with the text): readability's choice stands. No library fetches anything: each gets a
tree, never an address or a URL.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from lxml import etree
from lxml import html as lxml_html
from lxml.etree import _Element

from triptych.readers.html_blocks import drop

MARK = "data-triptych-node"
_WORD = re.compile(r"\w+")


def _tag(el: _Element) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def words(text: str) -> list[str]:
    """The text's tokens, as the agreement between two extractions is measured."""
    return _WORD.findall(text.lower())


def agreement(got: list[str] | Counter[str], witness: list[str] | Counter[str]) -> float:
    """Token F1 of ``got`` against ``witness`` (bags of words, multiplicity counted; a bag
    counted once can be given as a ``Counter``)."""
    a = got if isinstance(got, Counter) else Counter(got)
    b = witness if isinstance(witness, Counter) else Counter(witness)
    total_a, total_b = a.total(), b.total()
    if not total_a or not total_b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    overlap = sum(min(n, b[w]) for w, n in a.items() if w in b)
    if not overlap:
        return 0.0
    p, r = overlap / total_a, overlap / total_b
    return 2 * p * r / (p + r)


def mark(root: _Element) -> dict[str, _Element]:
    """Give every element a mark and return the elements by mark."""
    nodes: dict[str, _Element] = {}
    for i, el in enumerate(root.iter()):
        if isinstance(el.tag, str):
            key = str(i)
            el.set(MARK, key)
            nodes[key] = el
    return nodes


def unmark(root: _Element) -> None:
    for el in root.iter():
        if isinstance(el.tag, str) and MARK in el.attrib:
            del el.attrib[MARK]


@dataclass
class Choice:
    """Readability's choice: the article it built, and which elements it kept and cleaned."""

    article: _Element
    """readability's article (its structure: siblings gathered, segments merged), marked."""
    kept: set[str]
    seen: set[str]
    """Every element readability's cleaning looked at (kept or removed by it)."""


def readability_choice(lean: _Element) -> Choice | None:
    """What readability-lxml takes as the article, with what Triptych keeps of what its cleaning
    removed put back (``None`` when it finds nothing)."""
    from readability import Document  # heavy: imported when a page is read

    logging.getLogger("readability.readability").setLevel(logging.CRITICAL)

    class _Document(Document):  # type: ignore[misc]
        before: set[str] = set()  # noqa: RUF012
        result: Any = None

        def sanitize(self, node: Any, candidates: Any, keep_all_images: bool = False) -> Any:
            self.before = {m for el in node.iter() if (m := _mark_of(el))}
            places = [(el, el.getparent()) for el in _article_content(node) if _mark_of(el)]
            cleaned = super().sanitize(node, candidates, keep_all_images)
            _put_back(node, places)
            return cleaned

        def get_link_density(self, elem: Any) -> float:  # readability's, without its slow regexes
            total = _text_len(elem)
            return sum(_text_len(a) for a in elem.iter("a") if a is not elem) / max(total, 1)

        def get_clean_html(self) -> str:
            from lxml.etree import tounicode

            self.result = self.html
            return str(tounicode(self.html, method="html"))  # its length decides on a gentler pass

    doc = _Document(lean)
    try:
        doc.summary(html_partial=True)
    except Exception:
        return None
    if doc.result is None:
        return None
    result = cast(_Element, doc.result)
    kept = {m for el in result.iter() if (m := _mark_of(el))}
    return Choice(article=result, kept=kept, seen=doc.before | kept)


def _put_back(root: _Element, places: list[tuple[_Element, _Element | None]]) -> None:
    """Put back, where they were, the elements readability's cleaning dropped that Triptych keeps."""

    def attached(el: _Element | None) -> bool:
        while el is not None:
            if el is root:
                return True
            el = el.getparent()
        return False

    pending = [(el, parent) for el, parent in places if parent is not None and not attached(el)]
    changed = True
    while pending and changed:
        changed = False
        for item in list(pending):
            el, parent = item
            if not attached(parent):
                continue
            position = int(_mark_of(el) or 0)
            index = 0
            for i, child in enumerate(parent):
                first = _first_mark(child)
                if first is not None and int(first) < position:
                    index = i + 1
            el.tail = None  # readability kept the tail text where it was
            parent.insert(index, el)
            pending.remove(item)
            changed = True


def _first_mark(el: _Element) -> str | None:
    for node in el.iter():
        if (m := _mark_of(node)) is not None:
            return m
    return None


_NEVER_TEXT = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "object",
    "embed",
    "canvas",
    "video",
    "audio",
    "link",
    "meta",
    "select",
    "textarea",
)


def lean_copy(root: _Element) -> _Element:
    """A copy of the page without what no library reads as text (scripts, styles, SVG...)."""
    lean = copy.deepcopy(root)
    head = lean.find("head")
    if head is not None:
        for el in list(head):
            if _tag(el) != "title":
                head.remove(el)
    etree.strip_elements(lean, *_NEVER_TEXT, with_tail=False)
    # every run of white space as one character, as readability measures text anyway (its own
    # regular expressions are slow on long runs); not in preformatted text
    keep: set[int] = {
        id(el) for pre in lean.iter("pre", "code", "kbd", "samp", "tt", "listing", "xmp") for el in pre.iter()
    }
    for el in lean.iter():
        if id(el) in keep:
            continue
        if el.text and _LONG_SPACE.search(el.text):
            el.text = _LONG_SPACE.sub(_one_space, el.text)
        parent = el.getparent()
        if el.tail and (parent is None or id(parent) not in keep) and _LONG_SPACE.search(el.tail):
            el.tail = _LONG_SPACE.sub(_one_space, el.tail)
    return lean


_LONG_SPACE = re.compile(r"\s{2,}|[\t\r\f\v]")


def _one_space(match: re.Match[str]) -> str:
    return "\n" if "\n" in match.group(0) else " "


def _mark_of(el: Any) -> str | None:
    return el.get(MARK) if isinstance(getattr(el, "tag", None), str) else None


def _text_len(el: _Element) -> int:
    """The length of an element's text, white space runs counted as one character."""
    return len(" ".join(_text(el).split()))


def _text(el: _Element) -> str:
    """All the text inside an element (lxml's ``text_content``, for any element)."""
    content = getattr(el, "text_content", None)
    return str(content()) if content is not None else "".join(str(t) for t in el.itertext())


def _link_density(el: _Element) -> float:
    total = _text_len(el)
    if not total:
        return 0.0
    linked = sum(_text_len(a) for a in el.iter("a"))
    return linked / total


_TABLE_PARTS = frozenset(("td", "th", "tr", "thead", "tbody", "tfoot", "caption"))
_CLEANED = ("div", "section", "table", "ul", "aside", "header", "footer", "span", "p")
"""What readability's cleaning removes (and the wrappers an image sits in)."""


def _article_content(node: _Element) -> list[_Element]:
    """What readability's cleaning may remove but an article keeps: lists (Readability.js keeps
    them too), figures and what is inside them, data tables (with a caption, a header row or
    header cells, as the converter tells data from layout), a quote's attribution, and an image
    with its caption (a box holding one image and a few words, not mostly links), in document
    order."""
    found: dict[int, _Element] = {}
    for table in node.iter("table"):
        if _is_data_table(table):
            found[id(table)] = table
            for inner in table.iter(*_CLEANED):
                found[id(inner)] = inner
    for quote in node.iter("blockquote"):
        for footer in quote.iterchildren("footer"):
            found[id(footer)] = footer
    for el in node.iter("ul", "ol", "dl", "figure"):
        if _text_len(el) > 0 or _tag(el) == "figure":
            found[id(el)] = el
        if _tag(el) == "figure":
            for inner in el.iter(*_CLEANED):
                found[id(inner)] = inner
    for img in node.iter("img"):
        for anc in img.iterancestors(*_CLEANED):
            if sum(1 for _ in anc.iter("img")) != 1 or len(words(_text(anc))) > 50:
                break
            if _link_density(anc) < 0.5:
                found[id(anc)] = anc
    order = {id(el): i for i, el in enumerate(node.iter())} if found else {}
    return sorted(found.values(), key=lambda el: order[id(el)])


def _is_data_table(table: _Element) -> bool:
    """A table that holds data by its own markup: a caption, a header or footer row group, or
    header cells of its own (not of a table inside it)."""
    if (table.get("role") or "").lower() in ("presentation", "none"):
        return False
    for el in table.iterdescendants("caption", "thead", "tfoot", "th"):
        owner = next(el.iterancestors("table"), None)
        if owner is table:
            return True
    return False


def build(nodes: dict[str, _Element], choice: Choice) -> _Element:
    """readability's article as a ``<div>``, every element with the tag and attributes it has in
    the page (readability renames some ``<div>``s, its cleaner strips ``style`` and handlers)."""
    container = cast(_Element, lxml_html.Element("div"))
    article = copy.deepcopy(choice.article)
    if _mark_of(article) is not None:
        container.append(article)
    else:
        container.text = article.text
        for child in list(article):
            container.append(child)
    for el in container.iter():
        m = _mark_of(el)
        if m is not None and m in nodes:
            with contextlib.suppress(ValueError):  # a name libxml2 read but lxml won't set (keep readability's)
                el.tag = nodes[m].tag  # readability turns some <div>s into <p>s
            el.attrib.clear()
            el.attrib.update(nodes[m].attrib)
    return container


def trafilatura_words(lean: _Element) -> list[str]:
    """trafilatura's article text as words (its fast mode, without comments)."""
    import trafilatura  # heavy: imported when a page is read

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        text = trafilatura.extract(lean, output_format="txt", fast=True, include_comments=False)
    except Exception:
        return []
    return words(text or "")


def semantic_candidates(root: _Element) -> Iterable[_Element]:
    """Containers the page itself marks as the article or the page's main content."""
    seen: set[int] = set()
    for query in (
        "//*[contains(concat(' ', normalize-space(@itemprop), ' '), ' articleBody ')]",
        "//article",
        "//main",
        "//*[@role='main']",
    ):
        for el in cast(list[_Element], root.xpath(query)):
            if id(el) not in seen:
                seen.add(id(el))
                yield el


_SKIPPED = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "canvas",
        "video",
        "audio",
        "form",
        "button",
        "select",
        "textarea",
        "option",
        "label",
        "nav",
        "aside",
        "menu",
        "dialog",
        "head",
        "title",
    ]
)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
AGREE_SAME = 0.97
"""Two extractions this close are the same choice: no witness is asked."""
MARGIN = 0.05
"""How much better a marked container must agree with the witness to replace readability's choice."""
WITNESS_CHARS = 200_000
"""A page with more text than this (a long encyclopaedia article) is not given to trafilatura:
its time grows with the text, and readability's choice of such a page is rarely in doubt."""
WITNESS_CHILDREN = 1_000
"""Nor is a page with an element holding more elements than this (a paragraph of thousands of
spans): trafilatura's time grows with their square."""
COMPLETE = 0.9
"""A JSON-LD ``articleBody`` that agrees this well with the chosen article is the whole of it."""
WEAK = 0.8
"""A choice that agrees less than this with the witness makes the reader look for the container
of the witness's own text in the page."""
MIN_WITNESS = 30
"""Fewer words than this in JSON-LD ``articleBody`` (a summary, a teaser) make no witness."""


def _has_skipped(el: _Element) -> bool:
    """Whether the element is, or holds, something the converter leaves out."""
    return bool(_SKIPPED_XPATH(el))


_SKIPPED_XPATH = etree.XPath(
    "boolean(descendant-or-self::*["
    + " or ".join(f"self::{tag}" for tag in sorted(_SKIPPED))
    + " or @hidden or @aria-hidden='true' or contains(@style, 'none') or contains(@style, 'hidden')])"
)


def visible_words(el: _Element, removed: frozenset[str] = frozenset()) -> list[str]:
    """The words of an element that the converter would keep (no scripts, no hidden parts),
    without the elements whose marks are in ``removed``."""
    if not removed and isinstance(el.tag, str) and not _has_skipped(el):
        return words(_text(el))  # nothing to leave out: lxml gives the text at once
    out: list[str] = []

    def walk(node: _Element) -> None:
        tag = _tag(node)
        if (
            tag in _SKIPPED
            or (node is not el and node.get(MARK) in removed)
            or node.get("hidden") is not None
            or node.get("aria-hidden") == "true"
            or _HIDDEN.search(node.get("style") or "")
        ):
            return
        if node.text:
            out.extend(words(node.text))
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                out.extend(words(child.tail))

    if isinstance(el.tag, str):
        walk(el)
    return out


def choose_article(root: _Element, nodes: dict[str, _Element], body_text: str = "") -> _Element | None:
    """The article's container: a ``<div>`` holding copies of the page's elements, still marked.

    ``root`` must have been marked with :func:`mark` (``nodes`` is what it returned);
    ``body_text`` is the page's JSON-LD ``articleBody``, if any.
    """
    lean = lean_copy(root)  # readability drops hidden parts in it, trafilatura changes it freely
    container, witness = _choose(root, lean, nodes, body_text)
    if container is not None:
        if witness is None:
            witness = _witness(lean, body_text)
        if witness and len(words(body_text)) >= MIN_WITNESS and agreement(visible_words(container), witness) < COMPLETE:
            # a JSON-LD articleBody that is not the whole article (cut at a paywall, a summary)
            # must not cut the article's end: trafilatura judges it instead
            witness = trafilatura_words(lean) if len(_text(lean)) <= WITNESS_CHARS else []
        trim_end(container, witness)
        for el in container.iter():
            if _tag(el) in ("html", "body"):  # the whole page was chosen: its body is a division
                el.tag = "div"
            elif _tag(el) in _TABLE_PARTS and not any(_tag(a) == "table" for a in el.iterancestors()):
                el.tag = "div"  # a cell of a layout table, chosen without its table
    return container


def _witness(lean: _Element, body_text: str) -> list[str]:
    """The words of the article by a second source: the publisher's JSON-LD ``articleBody`` if
    it is more than a summary, else trafilatura's extraction (none for a page too large)."""
    witness = words(body_text)
    if len(witness) >= MIN_WITNESS:
        return witness
    return trafilatura_words(lean) if _can_witness(lean, body_text) else []


def _can_witness(lean: _Element, body_text: str) -> bool:
    """Whether a witness can be had within the time a page may take."""
    if len(words(body_text)) >= MIN_WITNESS:
        return True
    return len(_text(lean)) <= WITNESS_CHARS and max(map(len, lean.iter()), default=0) <= WITNESS_CHILDREN


def _choose(
    root: _Element, lean: _Element, nodes: dict[str, _Element], body_text: str
) -> tuple[_Element | None, list[str] | None]:
    """The container, and the witness if one was asked."""
    choice = readability_choice(lean)
    primary = build(nodes, choice) if choice is not None else None
    primary_words = visible_words(primary) if primary is not None else []
    if not primary_words:
        primary = None
    removed = _removed(nodes, choice)
    fallback = choice is None or _tag(choice.article) in ("html", "body")
    if primary is not None and not fallback and not _can_witness(lean, body_text):
        return primary, []  # a page too large to ask a witness about: readability's choice stands
    candidates = [(el, visible_words(el, removed)) for el in semantic_candidates(root)]
    candidates = [(el, w) for el, w in candidates if w]
    if choice is not None and fallback and candidates:
        # readability found no article and kept the whole page: the page's own markup decides
        return _container_of(max(candidates, key=lambda c: len(c[1]))[0], removed), None
    primary_bag = Counter(primary_words)
    if primary is not None:
        candidates = [(el, w) for el, w in candidates if agreement(w, primary_bag) < AGREE_SAME]
    witness = _witness(lean, body_text)
    witness_bag = Counter(witness)
    if not candidates and (primary is None or agreement(primary_bag, witness_bag) >= WEAK):
        return (primary if primary is not None else _whole_body(root)), witness
    if not witness:
        if primary is not None:
            return primary, witness
        return _container_of(max(candidates, key=lambda c: len(c[1]))[0], removed), witness
    scored = [(agreement(w, witness_bag), el) for el, w in candidates]
    if not scored or max(score for score, _ in scored) < WEAK:
        held = witnessed_container(root, witness)
        if held is not None:
            scored.append((agreement(visible_words(held), witness_bag), held))
    if not scored:
        return (primary if primary is not None else _whole_body(root)), witness
    best_score, best_el = max(scored, key=lambda c: c[0])
    if primary is None or best_score > agreement(primary_bag, witness_bag) + MARGIN:
        return _container_of(best_el, removed), witness
    return primary, witness


_TEXT_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "td", "dd", "dt", "figcaption")


def witnessed_container(root: _Element, witness: list[str]) -> _Element | None:
    """The page's element that holds the blocks of text the witness has: the nearest common
    ancestor of the blocks whose word pairs are mostly in the witness (``None`` if none are)."""
    have = set(_pairs(witness))
    held: list[_Element] = []
    for el in root.iter(*_TEXT_BLOCKS):
        found = visible_words(el)
        if len(found) < 4 or any(_tag(a) in _TEXT_BLOCKS for a in el.iterancestors()):
            continue
        pairs = _pairs(found)
        if sum(p in have for p in pairs) >= WITNESSED * len(pairs):
            held.append(el)
    if not held:
        return None
    common = list(held[0].iterancestors())
    for el in held[1:]:
        ancestors = set(el.iterancestors())
        common = [a for a in common if a in ancestors]
    return common[0] if common else None


def _removed(nodes: dict[str, _Element], choice: Choice | None) -> frozenset[str]:
    """What readability's cleaning removed and Triptych did not put back: the marks of the roots
    of the removed parts."""
    if choice is None:
        return frozenset()
    out = set()
    for m in choice.seen - choice.kept:
        el = nodes.get(m)
        parent = _mark_of(el.getparent()) if el is not None else None
        if el is not None and (parent is None or parent in choice.kept or parent not in choice.seen):
            out.add(m)  # the root of what was removed
    return frozenset(out)


def _container_of(el: _Element, removed: frozenset[str]) -> _Element:
    """A ``<div>`` with a copy of ``el``, without the elements whose marks are in ``removed``."""
    container = cast(_Element, lxml_html.Element("div"))
    top = copy.deepcopy(el)
    container.append(top)
    if removed:
        for doomed in [d for d in top.iterdescendants() if isinstance(d.tag, str) and d.get(MARK) in removed]:
            drop(doomed)
    return container


def _whole_body(root: _Element) -> _Element | None:
    body = root.find("body")
    if body is None or not visible_words(body):
        return None
    return _container_of(body, frozenset())


_WRAPPERS = frozenset(["div", "section", "article", "main", "header", "footer", "span", "center"])
_BLOCKS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "dl",
        "table",
        "blockquote",
        "pre",
        "figure",
        "hr",
        "address",
        "details",
    ]
)
TRIM_SHARE = 0.25
"""At most this share of the article's words is trimmed from its end."""
WITNESSED = 0.5
"""A part of the article whose word pairs the witness has at least this often is the article's."""


def _pairs(found: list[str]) -> list[tuple[str, ...]]:
    return [tuple(found[i : i + 2]) for i in range(max(1, len(found) - 1))]


def trim_end(container: _Element, witness: list[str]) -> None:
    """Drop what ends the article but is not in the witness: a subscription prompt, a share
    line, an author's blurb, related stories. A part is judged by its word pairs (a teaser
    shares single words with the story, rarely its phrases); what is not a witnessed part is
    dropped whole, a witnessed part is looked into, up to the first witnessed block."""
    if len(witness) < MIN_WITNESS:
        return
    have = set(_pairs(witness))
    budget = int(len(visible_words(container)) * TRIM_SHARE)

    def trim(el: _Element) -> bool:
        """Trim the end of ``el``; True when the trimming must go on before it."""
        nonlocal budget
        for child in reversed([c for c in el if _tag(c)]):
            found = visible_words(child)
            if not found or _tag(child) in ("figure", "table") or sum(1 for _ in child.iter("img")) == 1:
                continue  # a figure, a table, a rule: neither proof nor clutter (witnesses skip them)
            pairs = _pairs(found)
            if sum(p in have for p in pairs) < WITNESSED * len(pairs):
                if len(found) > budget:
                    return False
                budget -= len(found)
                drop(child)
                continue
            is_wrapper = _tag(child) in _WRAPPERS and any(_tag(c) in _BLOCKS or _tag(c) in _WRAPPERS for c in child)
            return is_wrapper and trim(child)
        return True

    trim(container)
