"""Sanitising HTML to model conversion, shared by the web-page and Markdown readers.

Only what the model can say survives: structure and text. Scripts, styles, frames, forms,
event handlers, hidden content, boilerplate boxes, remote resources and links with schemes
other than http, https and mailto never reach the model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from lxml import etree, html
from lxml.etree import _Element

from triptych.errors import SourceError
from triptych.langtag import is_language_tag
from triptych.model import (
    Align,
    Block,
    BlockQuote,
    Cell,
    Code,
    CodeBlock,
    Definition,
    DefinitionList,
    Emphasis,
    Figure,
    Footnote,
    FootnoteRef,
    Heading,
    Inline,
    LangSpan,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Paragraph,
    Scope,
    Strong,
    Table,
    Text,
    ThematicBreak,
    inline_text,
)
from triptych.resources import data_image, local_image
from triptych.urls import safe_url

Warn = Callable[[str], None]

DROPPED_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "form",
        "input",
        "button",
        "select",
        "option",
        "label",
        "nav",
        "aside",
        "menu",
        "dialog",
        "svg",
        "canvas",
        "video",
        "audio",
        "source",
        "track",
        "map",
        "area",
        "link",
        "meta",
        "base",
        "head",
        "title",
        "portal",
    ]
)
BOILERPLATE = re.compile(
    r"^(ads?|advert\w*|banner|breadcrumbs?|comments?|cookies?|donate|modal|newsletter|outbrain|"
    r"paywall|popup|promo\w*|recirc\w*|related|share|sharing|sidebar|social|sponsor\w*|"
    r"subscribe|subscription|taboola|toolbar|tracking|widget)$"
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_ALIGN_STYLE = re.compile(r"text-align\s*:\s*(left|center|right)", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_NOTE_CONTAINERS = (
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' footnotes ')]"
    " | //*[@role='doc-endnotes'] | //*[@role='doc-footnotes']"
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_EMPHASIS = frozenset(["em", "i", "cite", "dfn", "var"])
_STRONG = frozenset(["strong", "b"])
_CODE = frozenset(["code", "kbd", "samp", "tt"])
_BLOCK_TAGS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "ul",
        "ol",
        "dl",
        "figure",
        "table",
        "hr",
        "pre",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "address",
        "details",
        "summary",
        "center",
        "fieldset",
    ]
)
_PIXEL = 3
_FILE_NAME = re.compile(r"[^\s/]*\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?)", re.IGNORECASE)


def tag_of(el: _Element | None) -> str:
    """The element's lower-case local name ('' for comments, other non-elements and ``None``)."""
    return el.tag.lower() if el is not None and isinstance(el.tag, str) else ""


def text_of(el: _Element | None, *, collapse: bool = True) -> str:
    """All the text inside an element, white space collapsed unless ``collapse`` is False."""
    if el is None:
        return ""
    text = "".join(str(t) for t in el.itertext())
    return _SPACE.sub(" ", text).strip() if collapse else text


def _is_stray_footer(el: _Element) -> bool:
    """A footer that is not a quote's attribution: page or article chrome."""
    return tag_of(el) == "footer" and el.getparent() is not None and tag_of(el.getparent()) != "blockquote"


def sanitize(root: _Element, *, boilerplate: bool = True) -> None:
    """Remove everything that is not article content, in place.

    ``boilerplate=False`` keeps elements whose class or id only *sounds* like page furniture
    (the web-page reader has already chosen the article by its content).
    """
    doomed: list[_Element] = []
    for el in root.iter():
        tag = tag_of(el)
        if (
            not tag
            or tag in DROPPED_TAGS
            or _is_stray_footer(el)
            or _is_hidden(el)
            or (boilerplate and _is_boilerplate(el))
            or _is_landmark(el)
            or _is_pixel(el)
        ):
            doomed.append(el)
        elif tag == "textarea":  # the words in a text box are words the reader sees: a paragraph
            el.tag = "p"
            el.attrib.clear()
    for el in doomed:
        drop(el)


def drop(el: _Element) -> None:
    """Remove an element but keep its tail text."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    prev = el.getprevious()
    parent.remove(el)
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _is_hidden(el: _Element) -> bool:
    return (
        el.get("hidden") is not None
        or el.get("aria-hidden") == "true"
        or bool(_HIDDEN_STYLE.search(el.get("style") or ""))
    )


def _is_landmark(el: _Element) -> bool:
    """A landmark role that is never the article: navigation, banner, search..."""
    return el.get("role") in ("navigation", "banner", "complementary", "search", "contentinfo")


def _is_boilerplate(el: _Element) -> bool:
    tokens = f"{el.get('class') or ''} {el.get('id') or ''}".lower().replace("_", "-").split()
    return any(BOILERPLATE.match(part) for token in tokens for part in (token, *token.split("-")))


def _is_pixel(el: _Element) -> bool:
    if tag_of(el) != "img":
        return False
    sizes = [el.get("width"), el.get("height")]
    return any(s is not None and s.strip().isdigit() and int(s) <= _PIXEL for s in sizes)


@dataclass
class HtmlConverter:
    """Turns a sanitised HTML fragment into model blocks and footnotes."""

    base_dir: Path | None
    language: str
    warn: Warn
    page: str | None = None
    """The page's file name, when ``data:`` images in it may be used (they are read from it)."""
    notes: dict[str, str] = field(default_factory=dict)
    footnotes: list[Footnote] = field(default_factory=list)

    # --- footnotes -----------------------------------------------------------------------

    def collect_footnotes(self, root: _Element) -> None:
        """Take footnote sections out of the tree and remember their ids for references."""
        containers = cast(list[_Element], root.xpath(_NOTE_CONTAINERS))
        for container in containers:
            items = [li for li in container.iter("li", "aside", "div") if li.get("id")]
            for number, item in enumerate(items, len(self.notes) + 1):
                self.notes[item.get("id") or ""] = str(number)
            for item in items:
                for back in list(item.iter("a")):
                    if _is_backlink(back):
                        drop(back)
                self.footnotes.append(Footnote(label=self.notes[item.get("id") or ""], blocks=self.blocks(item)))
            drop(container)
        for hr in cast(list[_Element], root.xpath("//hr[contains(@class, 'footnotes-sep')]")):
            drop(hr)

    # --- blocks --------------------------------------------------------------------------

    def blocks(self, container: _Element) -> tuple[Block, ...]:
        """Convert the children of a block container (text runs become paragraphs)."""
        out: list[Block] = []
        pending: list[Inline] = []

        def flush() -> None:
            children = normalize_inlines(tuple(pending))
            if children:
                out.append(Paragraph(children=children))
            pending.clear()

        if container.text:
            pending.append(Text(container.text))
        for child in container:
            tag = tag_of(child)
            if tag in _BLOCK_TAGS or (tag == "img" and not pending_has_text(pending)):
                flush()
                out.extend(self.block(child))
            else:
                pending.extend(self.inline(child))
            if child.tail:
                pending.append(Text(child.tail))
        flush()
        return tuple(out)

    def block(self, el: _Element) -> tuple[Block, ...]:
        """Convert one block element (containers give their children's blocks)."""
        tag = tag_of(el)
        if tag in _HEADINGS:
            children = self.lang_wrap(el, self.inlines(el))
            return (Heading(level=_HEADINGS[tag], children=children),) if children else ()
        if tag == "p":
            if (figure := self.lone_image(el)) is not None:
                return (figure,)
            children = self.lang_wrap(el, self.inlines(el))
            return (Paragraph(children=children),) if children else ()
        if tag == "blockquote":
            return self.blockquote(el, ())
        if tag in ("ul", "ol"):
            return self.list_block(el)
        if tag == "dl":
            return self.definition_list(el)
        if tag == "figure":
            return self.figure(el)
        if tag == "img":
            figure = self.image(el, ())
            return (figure,) if figure else ()
        if tag == "table":
            return self.table(el, ())
        if tag == "hr":
            return (ThematicBreak(),)
        if tag == "pre":
            text = text_of(el, collapse=False).strip("\n")
            return (CodeBlock(text=text),) if text.strip() else ()
        return self.blocks(el)

    def run(self, el: _Element) -> tuple[Block, ...]:
        """An inline element standing alone where a block belongs, as a paragraph."""
        children = normalize_inlines(self.inline(el))
        return (Paragraph(children=children),) if children else ()

    def blockquote(self, el: _Element, attribution: tuple[Inline, ...]) -> tuple[Block, ...]:
        for footer in [c for c in el if tag_of(c) == "footer"]:
            attribution = attribution or self.inlines(footer)
            drop(footer)
        blocks = self.blocks(el)
        return (BlockQuote(blocks=blocks, attribution=attribution),) if blocks else ()

    def list_block(self, el: _Element) -> tuple[Block, ...]:
        if not any(tag_of(c) == "li" for c in el):
            return self.blocks(el)  # a list with no items: its text is still the article's
        found: list[ListItem] = []
        if el.text and el.text.strip():
            found.append(ListItem(blocks=(Paragraph(children=normalize_inlines((Text(el.text),))),)))
        for child in el:
            if tag_of(child) == "li":
                found.append(ListItem(blocks=self.blocks(child)))
            elif tag_of(child):  # stray content between the items becomes an item of its own
                found.append(ListItem(blocks=self.block(child) if tag_of(child) in _BLOCK_TAGS else self.run(child)))
            if child.tail and child.tail.strip():
                found.append(ListItem(blocks=(Paragraph(children=normalize_inlines((Text(child.tail),))),)))
        items = tuple(item for item in found if item.blocks)
        if not items:
            return ()
        start = el.get("start", "1")
        return (
            ListBlock(
                ordered=tag_of(el) == "ol",
                items=items,
                start=int(start) if start.lstrip("-").isdigit() else 1,
            ),
        )

    def definition_list(self, el: _Element) -> tuple[Block, ...]:
        items: list[Definition] = []
        before: list[Block] = []  # what comes before the first term is kept as plain blocks

        def add(container: _Element) -> None:
            for child in container:
                tag = tag_of(child)
                if tag == "dt":
                    items.append(Definition(term=self.inlines(child), definitions=()))
                elif tag == "div" and any(tag_of(c) in ("dt", "dd") for c in child):
                    add(child)  # HTML allows <div> groups of <dt>/<dd> pairs
                elif tag:
                    blocks = self.blocks(child) if tag == "dd" else self.block(child) if tag in _BLOCK_TAGS else ()
                    if not blocks:
                        continue
                    if items:
                        last = items[-1]
                        items[-1] = Definition(term=last.term, definitions=(*last.definitions, blocks))
                    else:
                        before.extend(blocks)

        add(el)
        return (*before, DefinitionList(items=tuple(items))) if items else tuple(before)

    def figure(self, el: _Element) -> tuple[Block, ...]:
        caption_el = next((c for c in el if tag_of(c) == "figcaption"), None)
        credit = None
        caption: tuple[Inline, ...] = ()
        if caption_el is not None:
            credit = self.take_credit(caption_el)
            caption = self.inlines(caption_el)
            drop(caption_el)
        if credit is None:
            credit = self.take_credit(el)
        for child in el.iter():
            tag = tag_of(child)
            if tag == "table":
                return self.table(child, caption)
            if tag == "blockquote":
                return self.blockquote(child, caption)
        image = next(el.iter("img"), None)
        if image is None:  # a figure of text, or of media no edition carries: its caption stays
            said = (Paragraph(children=caption),) if caption else ()
            credited = (Paragraph(children=(Text(credit),)),) if credit else ()
            return (*self.blocks(el), *said, *credited)
        figure = self.image(image, caption, credit)
        return (figure,) if figure else ()

    def take_credit(self, el: _Element) -> str | None:
        """Remove and return a credit line (photographer, agency) found inside ``el``."""
        found = cast(
            list[_Element],
            el.xpath(
                ".//*[contains(concat(' ', normalize-space(@class), ' '), ' credit ')"
                " or @itemprop='copyrightHolder' or @itemprop='creditText']"
            ),
        )
        if not found:
            return None
        text = text_of(found[0])
        drop(found[0])
        return text or None

    def image(self, el: _Element, caption: tuple[Inline, ...], credit: str | None = None) -> Figure | None:
        alt = _alt_of(el)
        ref = el.get("src") or ""
        if self.page is not None and ref.lstrip()[:5].lower() == "data:":
            src = data_image(self.page, ref, self.warn)
        else:
            src = local_image(self.base_dir, ref, self.warn)
        title = _SPACE.sub(" ", el.get("title") or "").strip()
        if not caption and title and not _FILE_NAME.fullmatch(title) and title != alt:
            caption = (Text(title),)  # a title that only repeats the file name or the alt says nothing
        if src is None and not alt and not caption:
            return None  # nothing left to show or say
        return Figure(src=src, alt=alt, caption=caption, credit=credit)

    def lone_image(self, p: _Element) -> Figure | None:
        """A paragraph that holds only an image is a figure."""
        children = [c for c in p if tag_of(c)]
        if len(children) != 1 or tag_of(children[0]) != "img":
            return None
        if (p.text or "").strip() or (children[0].tail or "").strip():
            return None
        return self.image(children[0], ())

    def table(self, el: _Element, caption: tuple[Inline, ...]) -> tuple[Block, ...]:
        rows = _own_rows(el)
        if _is_layout_table(el, rows):  # a table that only lays the page out: its cells' blocks
            out: list[Block] = []
            for row in rows:
                for cell_el in (c for c in row if tag_of(c) in ("th", "td")):
                    out.extend(self.blocks(cell_el))
            return tuple(out)
        caption_el = next((c for c in el if tag_of(c) == "caption"), None)
        if caption_el is not None:
            caption = caption or self.inlines(caption_el)
        head: list[tuple[Cell, ...]] = []
        body: list[tuple[Cell, ...]] = []
        align: dict[int, Align] = {}
        for row in rows:
            section = tag_of(row.getparent()) if row.getparent() is not None else ""
            in_head = section == "thead"
            cells = []
            for column, cell_el in enumerate(c for c in row if tag_of(c) in ("th", "td")):
                cell = self.cell(cell_el, in_head, first=column == 0)
                cells.append(cell)
                if (a := _alignment(cell_el)) is not None:
                    align.setdefault(column, a)
            if not cells:
                continue
            if in_head or (not body and not head and all(c.header for c in cells) and section != "tbody"):
                head.append(tuple(cells))
            else:
                body.append(tuple(cells))
        if not head and not body:
            return ()
        width = max(sum(c.colspan for c in row) for row in (*head, *body))
        return (
            Table(
                caption=caption,
                head=tuple(head),
                body=tuple(body),
                align=tuple(align.get(i) for i in range(width)),
            ),
        )

    def cell(self, el: _Element, in_head: bool, *, first: bool) -> Cell:
        header = tag_of(el) == "th"
        scope = el.get("scope")
        if header and scope not in ("col", "row", "colgroup", "rowgroup"):
            scope = "col" if in_head or not first else "row"
        return Cell(
            children=self.inlines(el),
            header=header,
            scope=cast(Scope, scope) if header else None,
            colspan=_span(el.get("colspan")),
            rowspan=_span(el.get("rowspan")),
        )

    # --- inlines -------------------------------------------------------------------------

    def inlines(self, el: _Element) -> tuple[Inline, ...]:
        """The inline content of an element, nested blocks flattened to text runs."""
        return normalize_inlines(tuple(self._inline_children(el)))

    def _inline_children(self, el: _Element) -> Iterator[Inline]:
        if el.text:
            yield Text(el.text)
        for child in el:
            yield from self.inline(child)
            if child.tail:
                yield Text(child.tail)

    def inline(self, el: _Element) -> tuple[Inline, ...]:
        """Convert one inline element."""
        tag = tag_of(el)
        if not tag:
            return ()
        if tag == "br":
            return (LineBreak(),)
        if tag == "img":
            alt = _alt_of(el) or ""
            return (Text(alt),) if alt else ()
        if tag in _CODE:
            return (Code(text_of(el, collapse=False)),)
        if tag == "math":
            return (Text(f" {_math_text(el)} "),)
        if tag == "sup" and (ref := self.footnote_ref(el)) is not None:
            return (ref,)
        if tag == "a":
            if (ref := self.footnote_ref(el)) is not None:
                return (ref,)
            if _is_backlink(el):
                return ()
        children = tuple(self._inline_children(el))
        if tag in _EMPHASIS:
            node: tuple[Inline, ...] = (Emphasis(children),)
        elif tag in _STRONG:
            node = (Strong(children),)
        elif tag == "q":
            node = (Text("“"), *children, Text("”"))
        elif tag == "a":
            node = self.link(el, children)
        elif tag in _BLOCK_TAGS or tag in ("li", "dt", "dd", "figcaption", "caption"):
            node = (Text(" "), *children, Text(" "))
        else:
            node = children
        return self.lang_wrap(el, node)

    def link(self, el: _Element, children: tuple[Inline, ...]) -> tuple[Inline, ...]:
        href = safe_url(el.get("href") or "")
        if href is None:
            return children  # relative, fragment, no host, javascript:, data:, file:, ...: keep the words
        title = el.get("title")
        return (Link(href=href, children=children, title=title.strip() if title else None),)

    def footnote_ref(self, el: _Element) -> FootnoteRef | None:
        anchor = el if tag_of(el) == "a" else next(el.iter("a"), None)
        if anchor is None:
            return None
        href = anchor.get("href") or ""
        if href.startswith("#") and href[1:] in self.notes:
            return FootnoteRef(label=self.notes[href[1:]])
        return None

    def lang_wrap(self, el: _Element, children: tuple[Inline, ...]) -> tuple[Inline, ...]:
        """Wrap content in a ``LangSpan`` when the element is in another language."""
        lang = (el.get("lang") or el.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip()
        if lang and is_language_tag(lang) and lang.lower() != self.language.lower() and children:
            return (LangSpan(lang=lang, children=normalize_inlines(children)),)
        return children


def _math_text(el: _Element) -> str:
    """A MathML formula as the plain text of its symbols (its TeX annotation left out)."""
    parts: list[str] = []

    def walk(node: _Element) -> None:
        if tag_of(node) in ("annotation", "annotation-xml"):
            return
        if node.text and node.text.strip():
            parts.append(node.text.strip())
        for child in node:
            if tag_of(child):
                walk(child)
            if child.tail and child.tail.strip():
                parts.append(child.tail.strip())

    walk(el)
    return _SPACE.sub(" ", " ".join(parts)).strip()


def _alt_of(el: _Element) -> str | None:
    """An image's alternative text; one that is only a file name (``IMG_3886.jpg``) says
    nothing and counts as none (``""`` stays: the image is decorative)."""
    alt = el.get("alt")
    if alt is None:
        return None
    alt = _SPACE.sub(" ", alt).strip()
    return None if _FILE_NAME.fullmatch(alt) else alt


def _is_backlink(el: _Element) -> bool:
    classes = (el.get("class") or "").split()
    return (
        "footnote-backref" in classes or el.get("role") == "doc-backlink" or (el.get("href") or "").startswith("#fnref")
    )


def _own_rows(table: _Element) -> list[_Element]:
    """The table's own rows (not those of the tables nested in its cells)."""
    rows: list[_Element] = []
    for child in table:
        tag = tag_of(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if tag_of(r) == "tr")
    return rows


_LAYOUT_CELL_BLOCKS = (
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
    "blockquote",
    "table",
    "pre",
    "article",
)


def _is_layout_table(table: _Element, rows: list[_Element]) -> bool:
    """A table used to lay the page out, not to hold data: marked as presentation, or holding
    paragraphs, headings, lists or other tables in its cells, or only one column of cells (a
    table with a caption, a header row or header cells is data)."""
    if (table.get("role") or "").lower() in ("presentation", "none"):
        return True
    if any(tag_of(c) in ("caption", "thead", "tfoot") for c in table):
        return False
    cells = [c for row in rows for c in row if tag_of(c) in ("th", "td")]
    if not cells or any(tag_of(c) == "th" for c in cells):
        return False
    if any(tag_of(d) in _LAYOUT_CELL_BLOCKS for c in cells for d in c.iterdescendants()):
        return True
    return all(sum(1 for c in row if tag_of(c) in ("th", "td")) <= 1 for row in rows) and len(rows) > 1


def _alignment(el: _Element) -> Align | None:
    value = (el.get("align") or "").lower()
    if not value and (match := _ALIGN_STYLE.search(el.get("style") or "")):
        value = match[1].lower()
    return cast(Align, value) if value in ("left", "center", "right") else None


def _span(value: str | None) -> int:
    if value and value.strip().isdigit():
        return max(1, min(int(value.strip()[:6]), 65_534))  # HTML's own ceiling; the limit is -O max-cell-span
    return 1


def pending_has_text(pending: list[Inline]) -> bool:
    """True when a run of inlines holds anything but white space."""
    return bool(inline_text(tuple(pending)).strip())


def normalize_inlines(children: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Collapse white space as HTML does, merge adjacent text, trim the ends of the run."""
    return _trim(_collapse(children))


def _collapse(children: tuple[Inline, ...]) -> list[Inline]:
    """Adjacent text merged (joined once, so a run of many texts stays linear), white space
    collapsed, empty emphasis and links dropped."""
    merged: list[Inline] = []
    pending: list[str] = []

    def emit(node: Inline) -> None:
        if pending:
            text = _SPACE.sub(" ", "".join(pending))
            pending.clear()
            if text:
                merged.append(Text(text))
        merged.append(node)

    for node in children:
        if isinstance(node, Text):
            pending.append(node.text)
        elif isinstance(node, Emphasis | Strong):
            inner = tuple(_collapse(node.children))
            if inline_text(inner).strip() or any(isinstance(n, FootnoteRef) for n in inner):
                emit(type(node)(inner))
        elif isinstance(node, Link):
            inner = normalize_inlines(node.children)
            if not inline_text(inner).strip() and not any(isinstance(n, FootnoteRef) for n in inner):
                continue  # an empty link (an icon, a wrapped image without alt) has nothing to read out
            emit(Link(href=node.href, children=inner, title=node.title))
        elif isinstance(node, LangSpan):
            inner = tuple(_collapse(node.children))
            if inner:
                emit(LangSpan(lang=node.lang, children=inner))
        else:
            emit(node)
    if pending:
        text = _SPACE.sub(" ", "".join(pending))
        if text:
            merged.append(Text(text))
    return merged


def _trim(nodes: list[Inline]) -> tuple[Inline, ...]:
    while nodes and isinstance(nodes[0], Text) and not nodes[0].text.strip():
        nodes.pop(0)
    while nodes and isinstance(nodes[-1], Text | LineBreak) and not inline_text((nodes[-1],)).strip():
        nodes.pop()
    if nodes and isinstance(nodes[0], Text):
        nodes[0] = Text(nodes[0].text.lstrip())
    if nodes and isinstance(nodes[-1], Text):
        nodes[-1] = Text(nodes[-1].text.rstrip())
    return tuple(nodes)


def parse_fragment(markup: str, path: Path) -> _Element:
    """Parse an HTML fragment into a ``<div>`` root, with no network and no comments; refuse
    markup nested deeper than libxml2 reads (as for a web page), since it would drop the rest."""
    parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = cast(_Element, html.fragment_fromstring(markup, create_parent="div", parser=parser))
    except etree.ParserError:  # nothing but a doctype, a comment...: an empty fragment (the reader says so)
        return cast(_Element, html.Element("div"))
    refuse_truncated(parser, path, line=False)
    return root


def refuse_truncated(parser: html.HTMLParser, path: Path, *, line: bool = True) -> None:
    """``SourceError`` when libxml2 hit its nesting limit (256) while parsing: it stops there and
    silently drops the rest of the document. ``line``: the parser's lines are the source's."""
    for entry in parser.error_log:
        if entry.type_name == "ERR_RESOURCE_LIMIT":
            raise SourceError(
                path,
                f"the page nests its elements too deeply to be read ({entry.message.split(',')[0]})",
                line=entry.line if line else None,
                hint="flatten the page's nesting",
            )
