"""The article model: one immutable document type between readers and exporters.

Readers build it, exporters only read it. Children are tuples and every class is a frozen
dataclass, so a transform returns a new object (``dataclasses.replace``). Every block carries an
``id`` (see :mod:`triptych.ids`) so that every edition can point at the same place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal, TypeAlias

# --- inlines -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """Plain text."""

    text: str


@dataclass(frozen=True, slots=True)
class Emphasis:
    """Stressed text (``<em>``)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strong:
    """Strongly important text (``<strong>``)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Code:
    """Computer code or a literal string."""

    text: str


LINK_SCHEMES = ("http", "https", "mailto")


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink; readers only ever build one whose scheme is in ``LINK_SCHEMES``."""

    href: str
    children: tuple[Inline, ...]
    title: str | None = None


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A hard line break inside a block."""


@dataclass(frozen=True, slots=True)
class FootnoteRef:
    """A reference to the footnote with the same ``label`` in ``Article.footnotes``."""

    label: str


@dataclass(frozen=True, slots=True)
class LangSpan:
    """Text in a language other than the surrounding one (BCP 47 ``lang``)."""

    lang: str
    children: tuple[Inline, ...]


Inline: TypeAlias = Text | Emphasis | Strong | Code | Link | LineBreak | FootnoteRef | LangSpan

# --- blocks --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Heading:
    """A section heading; ``level`` is the source's level (2 is a top section, 1 is rare)."""

    level: int
    children: tuple[Inline, ...]
    id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Paragraph:
    """A paragraph of running text."""

    children: tuple[Inline, ...]
    id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class BlockQuote:
    """A quoted passage, with an optional attribution (who said it)."""

    blocks: tuple[Block, ...]
    attribution: tuple[Inline, ...] = ()
    id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ListItem:
    """One item of a list; it may hold nested lists."""

    blocks: tuple[Block, ...]
    id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ListBlock:
    """An ordered or unordered list."""

    ordered: bool
    items: tuple[ListItem, ...]
    start: int = 1
    id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """An image with its description.

    ``src`` is a path relative to the article's folder, or ``None`` when the image file is not
    available (a remote image that is never fetched, or a credit line with no picture).
    ``alt`` is ``None`` when the source gives no text alternative and ``""`` for a decorative image.
    """

    src: str | None
    alt: str | None
    caption: tuple[Inline, ...] = ()
    credit: str | None = None
    id: str = ""

    @property
    def decorative(self) -> bool:
        """True when the source marks the image as decorative (empty alternative text)."""
        return self.alt == ""


Scope = Literal["col", "row", "colgroup", "rowgroup"]
Align = Literal["left", "center", "right"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Cell:
    """A table cell; header cells carry the ``scope`` of what they head."""

    children: tuple[Inline, ...]
    header: bool = False
    scope: Scope | None = None
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    """A data table: header rows, body rows and one alignment per column."""

    caption: tuple[Inline, ...]
    head: tuple[tuple[Cell, ...], ...]
    body: tuple[tuple[Cell, ...], ...]
    align: tuple[Align | None, ...] = ()
    id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Definition:
    """One term of a definition list with its definitions."""

    term: tuple[Inline, ...]
    definitions: tuple[tuple[Block, ...], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class DefinitionList:
    """A list of terms and their definitions."""

    items: tuple[Definition, ...]
    id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class CodeBlock:
    """A block of computer code, its lines and indentation kept as they are (``<pre><code>``)."""

    text: str
    id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ThematicBreak:
    """A change of topic (``<hr>``)."""

    id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Footnote:
    """A note, referenced from the text by ``FootnoteRef(label)``."""

    label: str
    blocks: tuple[Block, ...]
    id: str = ""


Block: TypeAlias = (
    Heading | Paragraph | BlockQuote | ListBlock | Figure | Table | DefinitionList | CodeBlock | ThematicBreak
)

# --- the article ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Metadata:
    """What is known about the article, as the source gives it.

    ``published`` keeps the source's precision: a ``date``, a naive ``datetime`` or an aware one.
    ``language`` is a BCP 47 tag.
    """

    title: str
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    published: date | datetime | None = None
    language: str = "en"
    publisher: str | None = None
    section: str | None = None
    keywords: tuple[str, ...] = ()
    description: str | None = None
    lead_image: Figure | None = None
    url: str | None = None
    """The article's canonical web address (http or https), when the source gives one."""
    source: Path | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One article: metadata, body blocks and footnotes."""

    meta: Metadata
    blocks: tuple[Block, ...]
    footnotes: tuple[Footnote, ...] = ()
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def base_dir(self) -> Path | None:
        """The article's own folder: the only place its images may come from."""
        return self.meta.source.parent if self.meta.source else None


# --- plain text ----------------------------------------------------------------------------


def inline_text(children: tuple[Inline, ...]) -> str:
    """The plain text of a run of inlines (footnote references left out)."""
    parts: list[str] = []
    for node in children:
        if isinstance(node, Text | Code):
            parts.append(node.text)
        elif isinstance(node, LineBreak):
            parts.append("\n")
        elif isinstance(node, Emphasis | Strong | Link | LangSpan):
            parts.append(inline_text(node.children))
    return "".join(parts)


def block_text(block: Block | ListItem | Footnote) -> str:
    """The plain text of a block, its children included, one line per nested block."""
    match block:
        case Heading() | Paragraph():
            return inline_text(block.children)
        case BlockQuote() | ListItem() | Footnote():
            lines = [block_text(b) for b in block.blocks]
            if isinstance(block, BlockQuote) and block.attribution:
                lines.append(inline_text(block.attribution))
            return "\n".join(lines)
        case ListBlock():
            return "\n".join(block_text(item) for item in block.items)
        case Figure():
            return "\n".join(t for t in (block.alt, inline_text(block.caption), block.credit) if t)
        case Table():
            rows = (*block.head, *block.body)
            cells = ["\t".join(inline_text(c.children) for c in row) for row in rows]
            return "\n".join([inline_text(block.caption), *cells])
        case DefinitionList():
            return "\n".join(
                "\n".join([inline_text(d.term), *(block_text(b) for ds in d.definitions for b in ds)])
                for d in block.items
            )
        case CodeBlock():
            return block.text
        case ThematicBreak():
            return ""
