"""The Markdown reader: front matter, every construct of the model, errors with lines."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from triptych import read_article
from triptych.errors import SourceError
from triptych.model import (
    BlockQuote,
    Code,
    DefinitionList,
    Emphasis,
    Figure,
    FootnoteRef,
    Heading,
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

from .helpers import ARTICLES, EXTRA, READER_FIXTURES

EVERYTHING = EXTRA / "everything.md"
"""One article that uses every block and inline (the exporters' tests use it too)."""


def test_reading_room_metadata() -> None:
    meta = read_article(ARTICLES / "reading-room.md").meta
    assert meta.title.startswith("City Library Opens an Audio Reading Room")
    assert meta.subtitle is not None and meta.subtitle.startswith("A month in")
    assert meta.authors == ("Dana Whitfield", "Marcus Oyelaran")
    assert meta.published == datetime(2026, 10, 14, 8, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert meta.publisher == "The Riverside Ledger"
    assert meta.section == "Local"
    assert meta.keywords == ("accessibility", "libraries", "braille", "audiobooks")
    assert meta.lead_image is not None
    assert meta.lead_image.src == "images/reading-room-visits.png"
    assert meta.lead_image.alt is not None and meta.lead_image.alt.startswith("Bar chart of weekly visits")
    assert meta.lead_image.credit == "Riverside Public Library"


def test_reading_room_blocks() -> None:
    article = read_article(ARTICLES / "reading-room.md")
    kinds = [type(b).__name__ for b in article.blocks]
    assert kinds == [
        "Paragraph",
        "Paragraph",
        "Heading",
        "Paragraph",
        "ListBlock",
        "Paragraph",
        "Heading",
        "Paragraph",
        "Table",
        "Paragraph",
        "BlockQuote",
        "Heading",
        "Paragraph",
        "Paragraph",
    ]
    table = article.blocks[8]
    assert isinstance(table, Table)
    assert table.align == (None, "right", "right")
    assert [inline_text(c.children) for c in table.head[0]] == ["Week", "Visits", "Braille display sessions"]
    assert all(c.header and c.scope == "col" for c in table.head[0])
    assert len(table.body) == 4
    note_ref = article.blocks[7]
    assert isinstance(note_ref, Paragraph) and note_ref.children[-1] == FootnoteRef("1")
    assert [block_text(n) for n in article.footnotes] == [
        "Counts come from the room’s sign-in sheets and exclude staff and volunteers."
    ]


def test_spanish_article_keeps_date_and_language() -> None:
    meta = read_article(ARTICLES / "mercado.md").meta
    assert meta.language == "es"
    assert meta.published == date(2026, 9, 21)
    assert meta.authors == ("Lucía Benítez",)


def test_every_construct() -> None:
    article = read_article(EVERYTHING)
    meta = article.meta
    assert meta.title == "Every Construct"  # the matching "# Every Construct" is not repeated
    assert meta.language == "en-GB"
    assert meta.keywords == ("tests", "models")
    assert meta.published == datetime(2026, 5, 4, 10, 0)
    blocks = article.blocks
    first = blocks[0]
    assert isinstance(first, Paragraph)
    kinds = {type(n) for n in first.children}
    assert {Emphasis, Strong, Code, Link, LineBreak, FootnoteRef, LangSpan} <= kinds
    link = next(n for n in first.children if isinstance(n, Link))
    assert link.href == "https://example.org/a" and link.title == "Title"
    assert any(isinstance(n, Emphasis) for n in link.children)
    assert LangSpan("fr", (Text("bonjour"),)) in first.children
    assert isinstance(blocks[1], Heading) and blocks[1].level == 3  # the model keeps the source level
    numbered = blocks[2]
    assert isinstance(numbered, ListBlock) and numbered.ordered and len(numbered.items) == 3
    assert any(isinstance(b, ListBlock) for b in numbered.items[1].blocks)
    assert isinstance(blocks[3], BlockQuote)
    figures = [b for b in blocks if isinstance(b, Figure)]
    assert [(f.src, f.alt) for f in figures] == [
        (None, "A decorative flourish"),
        ("images/chart.png", ""),
        ("images/chart.png", "A chart of visits"),
    ]
    assert figures[1].decorative
    assert inline_text(figures[2].caption) == "Visits by week"
    assert any(isinstance(b, DefinitionList) for b in blocks)
    tables = [b for b in blocks if isinstance(b, Table)]
    assert tables[0].align == ("left", "right")
    spanning = tables[1]
    assert inline_text(spanning.caption) == "Spanning"
    assert spanning.head[0][0].colspan == 2
    assert spanning.body[0][0].header and spanning.body[0][0].scope == "row"
    assert any(isinstance(b, ThematicBreak) for b in blocks)
    last = blocks[-1]
    assert isinstance(last, Paragraph)
    links = [n for n in last.children if isinstance(n, Link)]
    assert [n.href for n in links] == ["mailto:desk@example.org"]  # javascript: and relative links keep only words
    assert inline_text(last.children) == "mail and bad and rel and 🙂."
    assert meta.lead_image is not None and meta.lead_image.src == "images/chart.png"


def test_ids_are_stable_unique_and_local(article_dir: Path) -> None:
    everything = article_dir / "everything.md"
    shutil.copy(EVERYTHING, everything)
    first = read_article(everything)
    again = read_article(everything)
    ids = [b.id for b in first.blocks]
    assert ids == [b.id for b in again.blocks]
    assert all(ids) and len(set(ids)) == len(ids)
    assert first.footnotes[0].id == "note-1"
    edited = everything.read_text(encoding="utf-8").replace("Quoted words.", "Other quoted words.")
    everything.write_text(edited, encoding="utf-8")
    changed = [b.id for b in read_article(everything).blocks]
    differing = [i for i, (a, b) in enumerate(zip(ids, changed, strict=True)) if a != b]
    assert differing == [3]  # only the edited quote gets a new id


@pytest.mark.parametrize(
    ("front", "line", "words"),
    [
        ('title: "Unclosed\n', 2, "not valid YAML"),
        ("title: Fine\ndate: not-a-date\n", 3, "'date': 'not-a-date' is not a date"),
        ("title: [a, b]\n", 2, "'title': expected text"),
        ("title: Fine\nlanguage: 'english please'\n", 3, "not a language tag"),
        ("- just\n- a list\n", 2, "must be a mapping"),
    ],
)
def test_front_matter_errors_name_file_and_line(tmp_path: Path, front: str, line: int, words: str) -> None:
    path = tmp_path / "broken.md"
    path.write_text(f"---\n{front}---\n\nBody.\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        read_article(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}: ")
    assert words in message


def test_markdown_without_front_matter_takes_title_from_heading() -> None:
    article = read_article(READER_FIXTURES / "no-front-matter.md")
    assert article.meta.title == "A Heading Title"
    assert [block_text(b) for b in article.blocks] == ["Text."]


def test_markdown_without_any_title_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "untitled.md"
    path.write_text("Just text.\n", encoding="utf-8")
    with pytest.raises(SourceError, match="no title"):
        read_article(path)
