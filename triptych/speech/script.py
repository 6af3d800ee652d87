"""The speech script: everything a reader of the page gets, as a list of things to say, in order.

Title, deck, byline, date, lead image, then the body (headings after a longer pause, paragraphs
sentence by sentence, quotes announced and closed, lists introduced with their length, tables row
by row with their header cells, definition lists), then the notes and a closing line. Links are
read by their words, footnote references not at all. A lead image that has only a credit line is
read as that credit ("Image credit: Wikimedia Commons"), as the page prints it.

Segment ids: fixed names for the article's frame (``title``, ``deck``, ``byline``, ``date``,
``image``, ``image-caption``, ``image-credit``, ``notes``, ``closing``), the heading's own id
for a heading, and the model id plus a suffix for everything else: ``<paragraph>-s<n>``,
``<quote>-intro`` / ``-attribution`` / ``-end``, ``<list>-intro``, ``<item>-number``,
``<table>-intro`` / ``-r<n>`` / ``-end``, ``<dl>-intro`` / ``-t<n>``, ``<figure>-image`` /
``-caption`` / ``-credit``, ``<note>-intro``. A clash (a heading called "Notes") gets ``-2``.

Pauses: ``heading_pause`` before a top-level heading, the notes, the closing line and at a
thematic break; ``paragraph_pause`` before every other block, list item, table row, announcement
and header line (deck, byline, date); none between the sentences of a paragraph, between an item's
number and its words, or between an image's description, caption and credit. ``announce_lists``
only drops the "A list of 3 items." line: an ordered list's item numbers are always read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from triptych.ids import with_ids
from triptych.langtag import primary_subtag
from triptych.language import format_names, format_published, label
from triptych.model import (
    Article,
    Block,
    BlockQuote,
    Cell,
    CodeBlock,
    DefinitionList,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Table,
    ThematicBreak,
    inline_text,
)
from triptych.speech.lexicon import Lexicon
from triptych.speech.normalize import normalize
from triptych.speech.sentences import split_sentences

_XML_ID = re.compile(r"^[A-Za-z_][\w.-]*$", re.ASCII)


_FULL_STOPS = {"ja": "。", "zh": "。", "hi": "।"}
_ENDS = (".", "!", "?", "。", "！", "？", "।")


def full_stop(language: str) -> str:
    """What ends a sentence in the language's script."""
    return _FULL_STOPS.get(primary_subtag(language), ".")


def spoken_label(language: str, key: str, **values: object) -> str:
    """An announcement in the article's language (English when there is no translation): the
    catalogue's ``spoken_<key>`` label (``quote``, ``list_n``, ``closing``...)."""
    return label(language, f"spoken_{key}", **values)


@dataclass(frozen=True, slots=True, kw_only=True)
class Segment:
    """One thing to say: a sentence, a heading, an announcement, with the pause wanted before it."""

    id: str
    block_id: str | None
    kind: str
    text: str
    spoken: str
    pause_before: float
    chapter: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SpeechOptions:
    """Which parts of the article are read, and the pauses (seconds) before headings and blocks."""

    read_title: bool = True
    read_deck: bool = True
    read_byline: bool = True
    read_date: bool = True
    read_image: bool = True
    announce_quotes: bool = True
    announce_lists: bool = True
    read_tables: bool = True
    read_notes: bool = True
    closing: bool = True
    heading_pause: float = 0.8
    paragraph_pause: float = 0.35


DEFAULT_OPTIONS = SpeechOptions()


def _clean(text: str) -> str:
    return " ".join(text.split())


def _row_text(row: tuple[Cell, ...], headers: list[str], stop: str = ".") -> str:
    parts: list[str] = []
    column = 0
    for cell in row:
        value = _clean(inline_text(cell.children))
        header = headers[column] if column < len(headers) else ""
        column += cell.colspan
        if not re.search(r"\w", value):
            continue
        part = f"{header}: {value}" if header and not cell.header else value
        parts.append(part if part.endswith(_ENDS) else f"{part}{stop}")
    return " ".join(parts)


def _column_headers(head: tuple[tuple[Cell, ...], ...]) -> list[str]:
    columns: list[list[str]] = []
    for row in head:
        column = 0
        for cell in row:
            for offset in range(cell.colspan):
                while len(columns) <= column + offset:
                    columns.append([])
                text = _clean(inline_text(cell.children))
                if text and text not in columns[column + offset]:
                    columns[column + offset].append(text)
            column += cell.colspan
    return [" ".join(words) for words in columns]


@dataclass
class _Script:
    article: Article
    options: SpeechOptions
    lexicon: Lexicon | None
    segments: list[Segment] = field(default_factory=list)
    pause: float = 0.0
    chapter: str | None = None
    used: set[str] = field(default_factory=set)
    tight: bool = False

    @property
    def lang(self) -> str:
        return self.article.meta.language

    def words(self, key: str, **values: object) -> str:
        return spoken_label(self.lang, key, **values)

    def gap(self, seconds: float) -> None:
        if self.tight:  # the segment just said leads straight into the next one
            self.tight = False
            return
        self.pause = max(self.pause, seconds)

    def speak(self, text: str) -> str:
        if self.lexicon is None:
            return normalize(text, self.lang)
        masked, restore = self.lexicon.protect(text)
        return _clean(restore(normalize(masked, self.lang)))

    def unique(self, base: str) -> str:
        base = base if _XML_ID.match(base) else f"s-{base}"
        name, n = base, 2
        while name in self.used:
            name, n = f"{base}-{n}", n + 1
        self.used.add(name)
        return name

    def add(self, id_: str, kind: str, text: str, block_id: str | None = None, chapter: str | None = None) -> None:
        text = _clean(text)
        spoken = self.speak(text)
        if not re.search(r"\w", spoken):
            return
        segment = Segment(
            id=self.unique(id_),
            block_id=block_id or None,
            kind=kind,
            text=text,
            spoken=spoken,
            pause_before=self.pause if self.segments else 0.0,
            chapter=chapter or self.chapter,
        )
        self.segments.append(segment)
        self.pause, self.chapter = 0.0, None

    def sentences(self, base: str, text: str, block_id: str) -> None:
        for n, sentence in enumerate(split_sentences(text, self.lang), 1):
            self.add(f"{base}-s{n}", "sentence", sentence, block_id)

    # --- the article's frame -----------------------------------------------------------

    def opening(self) -> None:
        meta, options = self.article.meta, self.options
        self.chapter = _clean(meta.title)
        if options.read_title:
            self.add("title", "title", meta.title)
        self.gap(options.paragraph_pause)
        if options.read_deck and meta.subtitle:
            self.add("deck", "deck", meta.subtitle)
        self.gap(options.paragraph_pause)
        if options.read_byline and meta.authors:
            self.add("byline", "byline", f"{label(self.lang, 'by')} {format_names(meta.authors, self.lang)}")
        self.gap(options.paragraph_pause)
        if options.read_date and meta.published is not None:
            self.add("date", "date", self.words("published", date=format_published(meta.published, self.lang)))
        if options.read_image and meta.lead_image is not None:
            self.gap(options.paragraph_pause)
            self.figure(meta.lead_image, ("image", "image-caption", "image-credit"))

    def notes(self) -> None:
        if not (self.options.read_notes and self.article.footnotes):
            return
        title = label(self.lang, "notes")
        self.gap(self.options.heading_pause)
        self.add("notes", "announcement", f"{title}{full_stop(self.lang)}", chapter=title)
        for note in self.article.footnotes:
            self.gap(self.options.paragraph_pause)
            intro = f"{label(self.lang, 'note', n=note.label)}{full_stop(self.lang)}"
            self.add(f"{note.id}-intro", "announcement", intro, note.id)
            self.blocks(note.blocks)

    def closing(self) -> None:
        if self.options.closing:
            self.gap(self.options.heading_pause)
            self.add("closing", "closing", self.words("closing"))

    # --- blocks --------------------------------------------------------------------------

    def blocks(self, blocks: tuple[Block, ...], *, top: bool = False) -> None:
        for block in blocks:
            self.block(block, top=top)

    def block(self, block: Block, *, top: bool = False) -> None:
        options, pause = self.options, self.options.paragraph_pause
        match block:
            case Heading():
                text = _clean(inline_text(block.children))
                self.gap(options.heading_pause if top else pause)
                self.add(block.id, "heading", text, block.id, chapter=text if top else None)
            case Paragraph():
                self.gap(pause)
                self.sentences(block.id, inline_text(block.children), block.id)
            case BlockQuote():
                self.quote(block)
            case ListBlock():
                self.listing(block)
            case Figure():
                if options.read_image:
                    self.gap(pause)
                    self.figure(block, (f"{block.id}-image", f"{block.id}-caption", f"{block.id}-credit"))
            case Table():
                if options.read_tables:
                    self.table(block)
            case DefinitionList():
                self.definitions(block)
            case CodeBlock():
                self.code(block)
            case ThematicBreak():
                self.gap(options.heading_pause)

    def code(self, block: CodeBlock) -> None:
        """A code block is announced, then read as one segment, a pause after each line."""
        pause = self.options.paragraph_pause
        self.gap(pause)
        self.add(f"{block.id}-intro", "announcement", self.words("code"), block.id)
        self.gap(pause)
        lines = [" ".join(line.split()) for line in block.text.splitlines() if line.strip()]
        self.add(block.id, "sentence", ". ".join(line.rstrip(".") for line in lines) + ".", block.id)
        self.gap(pause)
        self.add(f"{block.id}-end", "announcement", self.words("code_end"), block.id)

    def quote(self, quote: BlockQuote) -> None:
        announce, pause = self.options.announce_quotes, self.options.paragraph_pause
        self.gap(pause)
        if announce:
            self.add(f"{quote.id}-intro", "announcement", self.words("quote"), quote.id)
        self.blocks(quote.blocks)
        if quote.attribution:
            self.gap(pause)
            self.add(f"{quote.id}-attribution", "sentence", inline_text(quote.attribution), quote.id)
        if announce:
            self.gap(pause)
            self.add(f"{quote.id}-end", "announcement", self.words("quote_end"), quote.id)

    def listing(self, block: ListBlock) -> None:
        pause = self.options.paragraph_pause
        self.gap(pause)
        if self.options.announce_lists:
            count = len(block.items)
            self.add(
                f"{block.id}-intro", "announcement", self.words(f"list_{'1' if count == 1 else 'n'}", n=count), block.id
            )
        for number, item in enumerate(block.items, block.start):
            self.gap(pause)
            if block.ordered:
                self.add(f"{item.id}-number", "announcement", f"{number}.", item.id)
                self.tight = True
            self.blocks(item.blocks)
            self.tight = False

    def table(self, table: Table) -> None:
        self.gap(self.options.paragraph_pause)
        caption = _clean(inline_text(table.caption))
        intro = self.words("table_caption", caption=caption) if caption else self.words("table")
        self.add(f"{table.id}-intro", "announcement", intro, table.id)
        headers = _column_headers(table.head) if table.body else []
        for number, row in enumerate(table.body or table.head, 1):
            self.gap(self.options.paragraph_pause)
            self.add(f"{table.id}-r{number}", "sentence", _row_text(row, headers, full_stop(self.lang)), table.id)
        self.gap(self.options.paragraph_pause)
        self.add(f"{table.id}-end", "announcement", self.words("table_end"), table.id)

    def definitions(self, block: DefinitionList) -> None:
        pause = self.options.paragraph_pause
        self.gap(pause)
        if self.options.announce_lists:
            count = len(block.items)
            self.add(
                f"{block.id}-intro",
                "announcement",
                self.words(f"terms_{'1' if count == 1 else 'n'}", n=count),
                block.id,
            )
        for number, entry in enumerate(block.items, 1):
            self.gap(pause)
            self.add(f"{block.id}-t{number}", "sentence", inline_text(entry.term), block.id)
            for definition in entry.definitions:
                self.blocks(definition)

    def figure(self, figure: Figure, ids: tuple[str, str, str]) -> None:
        caption = _clean(inline_text(figure.caption))
        block_id = figure.id or None
        if figure.alt:
            self.add(ids[0], "image", self.words("image", text=figure.alt), block_id)
            if caption:
                self.add(ids[1], "image", caption, block_id)
        elif caption:
            self.add(ids[0], "image", self.words("image", text=caption), block_id)
        if figure.credit:
            self.add(ids[2], "image", f"{label(self.lang, 'credit')} {figure.credit}", block_id)


def _has_ids(article: Article) -> bool:
    return all(b.id for b in article.blocks) and all(n.id for n in article.footnotes)


def speech_script(
    article: Article, options: SpeechOptions = DEFAULT_OPTIONS, lexicon: Lexicon | None = None
) -> tuple[Segment, ...]:
    """What to say for ``article``, in order, normalised for its language, ``lexicon`` applied."""
    script = _Script(article if _has_ids(article) else with_ids(article), options, lexicon)
    script.opening()
    script.blocks(script.article.blocks, top=True)
    script.notes()
    script.closing()
    return tuple(script.segments)
