"""The semantic HTML rendition of an article, shared by the web, PDF and EPUB editions.

Built as an lxml tree, so every text and attribute is escaped by construction. Heading levels
are renumbered so that none is ever skipped (the title is the only ``<h1>``), and each heading
opens a ``<section>``. Every block keeps the model's id as its ``id``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree, html
from lxml.etree import _Element

from triptych.language import direction, format_names, format_published, label
from triptych.model import (
    Article,
    Block,
    BlockQuote,
    Code,
    CodeBlock,
    DefinitionList,
    Emphasis,
    Figure,
    FootnoteRef,
    Heading,
    Inline,
    LangSpan,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Strong,
    Table,
    Text,
    ThematicBreak,
    block_text,
    inline_text,
)
from triptych.renditions.sentences import split_sentences

ImageUrl = Callable[[str], str]
"""Maps a figure's ``src`` (relative to the article's folder) to the URL the edition uses."""

TITLE_ID = "title"
NOTES_ID = "notes"
DECK_ID = "deck"
BYLINE_ID = "byline"
DATE_ID = "date"
FRAME_IDS = {"title": TITLE_ID, "deck": DECK_ID, "byline": BYLINE_ID, "date": DATE_ID, "notes": NOTES_ID}
"""The ids of what frames the article (its title, deck, byline, date and the notes' heading), by
the kind of speech segment that reads each."""


def _name(text: str) -> str:
    """A heading's words as an accessible name compares them."""
    return " ".join(text.split()).casefold()


def _el(tag: str, attrs: Mapping[str, str | None] | None = None, *children: _Element | str) -> _Element:
    node = etree.Element(tag, {k: v for k, v in (attrs or {}).items() if v is not None})
    _append(node, children)
    return node


def _append(node: _Element, children: Iterable[_Element | str]) -> None:
    for child in children:
        if isinstance(child, str):
            if len(node):
                last = node[-1]
                last.tail = (last.tail or "") + child
            else:
                node.text = (node.text or "") + child
        else:
            node.append(child)


def heading_levels(blocks: Iterable[Block]) -> dict[str, int]:
    """Output level of every top-level heading: h2 and deeper, never skipping a level."""
    stack: list[int] = []
    levels: dict[str, int] = {}
    for block in blocks:
        if isinstance(block, Heading):
            while stack and stack[-1] >= block.level:
                stack.pop()
            stack.append(block.level)
            levels[block.id] = min(1 + len(stack), 6)
    return levels


@dataclass
class HtmlRenderer:
    """Renders one article; ``image_url`` decides how images are referenced."""

    article: Article
    image_url: ImageUrl
    link_targets: bool = False
    """Print each external link's address after its words (for readers of paper)."""
    full_header: bool = True
    """Put deck, byline, date and publisher in the article's header (off when a title page has them)."""
    sentences: Mapping[str, Sequence[tuple[str, str]]] = field(default_factory=dict)
    """Sentences to mark, by block id: ``(element id, sentence text)`` in order (for narration)."""
    keep_missing_alt: bool = False
    """Leave an image that has no text alternative without one (the book then fails its checks),
    instead of using its caption or treating it as decorative."""

    def __post_init__(self) -> None:
        self.lang = self.article.meta.language
        self.ref_counts: dict[str, int] = {}
        self.warnings: list[str] = []

    # --- the document --------------------------------------------------------------------

    def document(self, css: str, *, csp: str | None = None) -> _Element:
        """The complete page: ``<html>`` with head (metadata, inline CSS) and body."""
        meta = self.article.meta
        head = _el("head", None, _el("meta", {"charset": "utf-8"}))
        head.append(_el("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}))
        if csp:
            head.append(_el("meta", {"http-equiv": "Content-Security-Policy", "content": csp}))
        head.append(_el("title", None, meta.title))
        for author in meta.authors:
            head.append(_el("meta", {"name": "author", "content": author}))
        for name, value in (
            ("description", meta.description or meta.subtitle),
            ("keywords", ", ".join(meta.keywords) or None),
            ("color-scheme", "light dark"),
            ("generator", "Triptych"),
        ):
            if value:
                head.append(_el("meta", {"name": name, "content": value}))
        if meta.published is not None:
            head.append(_el("meta", {"name": "dcterms.date", "content": meta.published.isoformat()}))
        head.append(_el("style", None, css))
        body = _el("body", None, _el("main", None, self.article_element()))
        return _el("html", {"lang": self.lang, "dir": direction(self.lang)}, head, body)

    def article_element(self) -> _Element:
        """The ``<article>``: header, lead image, body sections and notes."""
        node = _el("article", {"aria-labelledby": TITLE_ID})
        node.append(self.header())
        lead = self.article.meta.lead_image
        if lead is not None:
            node.append(self.lead_image(lead))
        self.body_sections(node)
        if self.article.footnotes:
            node.append(self.notes())
        return node

    def header(self) -> _Element:
        meta = self.article.meta
        node = _el("header", {"class": "article-header"})
        if meta.section and self.full_header:
            node.append(_el("p", {"class": "section"}, meta.section))
        node.append(_el("h1", {"id": TITLE_ID}, meta.title))
        if not self.full_header:
            return node
        node.extend(self.title_details())
        return node

    def title_details(self) -> list[_Element]:
        """Deck, byline, date and publisher: what a title page shows under the title."""
        meta = self.article.meta
        details: list[_Element] = []
        if meta.subtitle:
            details.append(_el("p", {"id": DECK_ID, "class": "deck", "role": "doc-subtitle"}, meta.subtitle))
        if meta.authors:
            names = format_names(meta.authors, self.lang)
            details.append(_el("p", {"id": BYLINE_ID, "class": "byline"}, f"{label(self.lang, 'by')} {names}"))
        if meta.published is not None:
            stamp = _el("time", {"datetime": _iso(meta.published)}, format_published(meta.published, self.lang))
            details.append(_el("p", {"id": DATE_ID, "class": "dateline"}, stamp))
        if meta.publisher:
            details.append(_el("p", {"class": "publisher"}, meta.publisher))
        return details

    def lead_image(self, figure: Figure) -> _Element:
        if figure.src is None and figure.alt is None and not figure.caption:
            credit = figure.credit or ""
            attrs = {"id": figure.id or None, "class": "credit lead-credit", "role": "doc-credit"}
            return _el("p", attrs, f"{label(self.lang, 'credit')} {credit}")
        node = self.figure(figure)
        node.set("class", "lead-image")
        return node

    def body_sections(self, root: _Element) -> None:
        levels = heading_levels(self.article.blocks)
        stack: list[tuple[int, _Element]] = [(1, root)]
        names = Counter(_name(block_text(b)) for b in self.article.blocks if isinstance(b, Heading))
        if self.article.footnotes:
            names[_name(label(self.lang, "notes"))] += 1
        for block in self.article.blocks:
            if isinstance(block, Heading):
                level = levels[block.id]
                while stack[-1][0] >= level:
                    stack.pop()
                # a named section is a landmark: two landmarks may not share a name, so a section
                # whose heading's words another heading has too stays unnamed (a plain section)
                unique = names[_name(block_text(block))] == 1
                section = _el("section", {"aria-labelledby": block.id if unique else None})
                stack[-1][1].append(section)
                stack.append((level, section))
                section.append(_el(f"h{level}", {"id": block.id}, *self.inlines(block.children)))
            else:
                stack[-1][1].append(self.block(block))

    def notes(self) -> _Element:
        title = _el("h2", {"id": NOTES_ID}, label(self.lang, "notes"))
        items = _el("ol")
        for note in self.article.footnotes:
            item = _el("li", {"id": note.id})
            if note.label.isdigit():
                item.set("value", note.label)
            _append(item, self.item_content(note.blocks))
            for n in range(1, self.ref_counts.get(note.label, 0) + 1):
                back = _el(
                    "a",
                    {
                        "href": f"#{_ref_id(note.id, n)}",
                        "role": "doc-backlink",
                        "class": "backlink",
                        "aria-label": label(self.lang, "back", n=note.label),
                    },
                    "↩",
                )
                target = item[-1] if len(item) and item[-1].tag in ("p", "span") else item
                _append(target, [" ", back])
            items.append(item)
        return _el("section", {"class": "notes", "role": "doc-endnotes", "aria-labelledby": NOTES_ID}, title, items)

    # --- blocks --------------------------------------------------------------------------

    def block(self, block: Block) -> _Element:
        """One block as an element carrying the block's id."""
        match block:
            case Paragraph():
                marked = self.sentences.get(block.id)
                first = marked[0][0] if marked else None
                return _el("p", {"id": block.id, "data-first-sentence": first}, *self.paragraph_content(block))
            case Heading():  # nested inside a quote or list item: keep it a plain heading-like line
                return _el(
                    "p", {"id": block.id, "class": "subhead"}, _el("strong", None, *self.inlines(block.children))
                )
            case BlockQuote():
                quote = _el("blockquote", {"id": block.id}, *(self.block(b) for b in block.blocks))
                if not block.attribution:
                    return quote
                quote.attrib.pop("id")
                caption = _el("figcaption", {"class": "attribution"}, "— ", *self.inlines(block.attribution))
                return _el("figure", {"id": block.id, "class": "quote"}, quote, caption)
            case ListBlock():
                attrs = {"id": block.id, "start": str(block.start) if block.ordered and block.start != 1 else None}
                node = _el("ol" if block.ordered else "ul", attrs)
                for item in block.items:
                    node.append(_el("li", {"id": item.id}, *self.item_content(item.blocks)))
                return node
            case Figure():
                return self.figure(block)
            case Table():
                return self.table(block)
            case DefinitionList():
                node = _el("dl", {"id": block.id})
                for entry in block.items:
                    node.append(_el("dt", None, *self.inlines(entry.term)))
                    for definition in entry.definitions:
                        node.append(_el("dd", None, *self.item_content(definition)))
                return node
            case CodeBlock():
                return _el("pre", {"id": block.id}, _el("code", None, block.text))
            case ThematicBreak():
                return _el("hr", {"id": block.id})

    def item_content(self, blocks: tuple[Block, ...]) -> list[_Element | str]:
        """A list item's content: a lone paragraph is written as bare text."""
        if len(blocks) == 1 and isinstance(blocks[0], Paragraph):
            return [_el("span", {"id": blocks[0].id}, *self.paragraph_content(blocks[0]))]
        return [self.block(b) for b in blocks]

    def paragraph_content(self, paragraph: Paragraph) -> list[_Element | str]:
        """A paragraph's inlines, each sentence in its own ``<span>`` when sentences are marked."""
        marked = self.sentences.get(paragraph.id)
        pieces = split_sentences(paragraph.children, [text for _, text in marked]) if marked else None
        if marked is None or pieces is None:
            if marked:
                self.warnings.append(f"the sentences of {paragraph.id} could not be marked")
            return self.inlines(paragraph.children)
        out: list[_Element | str] = []
        for number, piece in pieces:
            if number is None:
                out += self.inlines(piece)
            else:
                out.append(_el("span", {"id": marked[number][0], "class": "sentence"}, *self.inlines(piece)))
        return out

    def figure(self, figure: Figure) -> _Element:
        node = _el("figure", {"id": figure.id or None})
        if figure.src is not None:
            node.append(_el("img", {"src": self.image_url(figure.src), "alt": self.alt_text(figure)}))
        elif figure.alt:
            node.append(_el("p", {"class": "image-unavailable"}, f"{label(self.lang, 'image')} {figure.alt}"))
        if figure.caption or figure.credit:
            caption = _el("figcaption", None, *self.inlines(figure.caption))
            if figure.credit:
                credit = _el("span", {"class": "credit", "role": "doc-credit"}, figure.credit)
                _append(caption, [" " if figure.caption else "", credit])
            node.append(caption)
        return node

    def alt_text(self, figure: Figure) -> str | None:
        """The image's text alternative; a missing one is replaced, with a warning."""
        if figure.alt is not None:
            return figure.alt
        if self.keep_missing_alt:
            self.warnings.append(f"image {figure.src} has no alternative text (kept missing, as asked)")
            return None
        caption = " ".join(inline_text(figure.caption).split())
        if caption:
            self.warnings.append(f"image {figure.src} has no alternative text; its caption is used instead")
            return caption
        self.warnings.append(f"image {figure.src} has no alternative text and no caption; treated as decorative")
        return ""

    def table(self, table: Table) -> _Element:
        node = _el("table", {"id": table.id})
        if table.caption:
            node.append(_el("caption", None, *self.inlines(table.caption)))
        spoken = table.body or table.head  # the rows the speech script reads, as <table-id>-r<n>
        for group, rows in (("thead", table.head), ("tbody", table.body)):
            if not rows:
                continue
            section = _el(group)
            for number, row in enumerate(rows, 1):
                tr = _el("tr", {"id": f"{table.id}-r{number}" if rows is spoken and table.id else None})
                column = 0
                for cell in row:
                    align = table.align[column] if column < len(table.align) else None
                    attrs = {
                        "scope": cell.scope if cell.header else None,
                        "colspan": str(cell.colspan) if cell.colspan > 1 else None,
                        "rowspan": str(cell.rowspan) if cell.rowspan > 1 else None,
                        "class": f"align-{align}" if align else None,
                    }
                    tr.append(_el("th" if cell.header else "td", attrs, *self.inlines(cell.children)))
                    column += cell.colspan
                section.append(tr)
            node.append(section)
        return node

    # --- inlines -------------------------------------------------------------------------

    def inlines(self, children: tuple[Inline, ...]) -> list[_Element | str]:
        """Inline nodes as a mixed list of strings and elements."""
        out: list[_Element | str] = []
        for node in children:
            match node:
                case Text():
                    out.append(node.text)
                case Emphasis():
                    out.append(_el("em", None, *self.inlines(node.children)))
                case Strong():
                    out.append(_el("strong", None, *self.inlines(node.children)))
                case Code():
                    out.append(_el("code", None, node.text))
                case Link():
                    out.append(_el("a", {"href": node.href, "title": node.title}, *self.inlines(node.children)))
                    if self.link_targets and (target := _printed_target(node)):
                        out.append(_el("span", {"class": "link-target"}, f" ({target})"))
                case LineBreak():
                    out.append(_el("br"))
                case LangSpan():
                    attrs = {"lang": node.lang, "dir": direction(node.lang)}
                    if attrs["dir"] == direction(self.lang):
                        attrs.pop("dir")
                    out.append(_el("span", attrs, *self.inlines(node.children)))
                case FootnoteRef():
                    out.append(self.note_ref(node.label))
        return out

    def note_ref(self, note_label: str) -> _Element:
        note = next((n for n in self.article.footnotes if n.label == note_label), None)
        if note is None:
            self.warnings.append(f"reference to a missing note [{note_label}]")
            return _el("sup", None, note_label)
        count = self.ref_counts[note_label] = self.ref_counts.get(note_label, 0) + 1
        link = _el(
            "a",
            {
                "href": f"#{note.id}",
                "id": _ref_id(note.id, count),
                "role": "doc-noteref",
                "aria-label": label(self.lang, "note", n=note_label),
            },
            note_label,
        )
        return _el("sup", None, link)


def _printed_target(link: Link) -> str | None:
    """The address to print after a link, unless its words already show it."""
    address = link.href.removeprefix("mailto:")
    bare = address.split("://", 1)[-1].rstrip("/")
    words = inline_text(link.children).strip().rstrip("/")
    if words in (address, bare) or words.split("://", 1)[-1] == bare:
        return None
    return address


def _ref_id(note_id: str, count: int) -> str:
    return f"ref-{note_id}" if count == 1 else f"ref-{note_id}-{count}"


def _iso(value: object) -> str:
    return value.isoformat(timespec="minutes") if isinstance(value, datetime) else str(value)


def serialize(document: _Element) -> bytes:
    """A page as UTF-8 HTML5 bytes with its doctype."""
    page: bytes = html.tostring(document, doctype="<!DOCTYPE html>", encoding="utf-8", method="html")
    return page
