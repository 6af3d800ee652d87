"""The plain-text reader: title, dateline, credit, paragraphs, quotes, lists."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from triptych import read_article
from triptych.model import BlockQuote, ListBlock, Paragraph, block_text, inline_text
from triptych.readers.text import parse_dateline

from .helpers import ARTICLES, READER_FIXTURES


def test_ice_arrests_model() -> None:
    article = read_article(ARTICLES / "ice-arrests.txt")
    meta = article.meta
    assert meta.title == "ICE Arrests More Than 250 in California and Missouri Operations"
    assert meta.published == datetime(2018, 3, 2, 21, 47)
    assert meta.lead_image is not None
    assert meta.lead_image.credit == "Wikimedia Commons"
    assert meta.lead_image.src is None
    kinds = [type(b).__name__ for b in article.blocks]
    assert kinds.count("Paragraph") == 11
    assert kinds.count("BlockQuote") == 1
    quote_at = kinds.index("BlockQuote")
    lead_in = article.blocks[quote_at - 1]
    assert isinstance(lead_in, Paragraph)
    assert inline_text(lead_in.children).endswith("criminal charges or deportation:")
    quote = article.blocks[quote_at]
    assert isinstance(quote, BlockQuote)
    assert block_text(quote).startswith("Some of the individuals arrested")
    assert block_text(article.blocks[-1]).startswith("“It is unconscionable,”")


def test_non_breaking_spaces_are_normalised() -> None:
    article = read_article(ARTICLES / "ice-arrests.txt")
    text = "\n".join(block_text(b) for b in article.blocks)
    assert "\u00a0" not in text
    assert "As part of a four-day operation this week" in text
    assert "  " not in text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("| MAR 2, 2018 | 9:47 PM", datetime(2018, 3, 2, 21, 47)),
        ("| JUN 5, 2019 | 8:10 AM", datetime(2019, 6, 5, 8, 10)),
        ("| DEC 31, 2020 | 12:05 AM", datetime(2020, 12, 31, 0, 5)),
        ("| Sept. 9, 2021 | 12:30 PM", datetime(2021, 9, 9, 12, 30)),
        ("| JANUARY 15, 2022", date(2022, 1, 15)),
        ("| OCT 3, 2023 | 18:45", datetime(2023, 10, 3, 18, 45)),
        ("The market opened on March 2, 2018, after repairs.", None),
        ("| FOO 2, 2018 | 9:47 PM", None),
        ("| FEB 30, 2018", None),
        ("| MAR 2, 2018 | 13:47 PM", None),
    ],
)
def test_datelines(line: str, expected: date | datetime | None) -> None:
    assert parse_dateline(line) == expected


def test_plain_file_without_dateline_is_title_and_paragraphs() -> None:
    article = read_article(READER_FIXTURES / "plain.txt")
    assert article.meta.title == "A Plain Title"
    assert article.meta.published is None
    assert article.meta.lead_image is None  # a credit line only counts after a dateline
    assert [type(b) for b in article.blocks] == [Paragraph] * 4  # "Yes." is too short to be a quote


def test_other_wire_story_in_the_same_format() -> None:
    article = read_article(READER_FIXTURES / "wire.txt")
    assert article.meta.published == datetime(2024, 11, 12, 6, 15)
    assert article.meta.lead_image is not None
    assert article.meta.lead_image.credit == "AP Photo/Jane Doe"
    kinds = [type(b) for b in article.blocks]
    assert kinds == [Paragraph, Paragraph, BlockQuote, Paragraph, ListBlock, Paragraph]
    listed = article.blocks[4]
    assert isinstance(listed, ListBlock)
    assert [block_text(i) for i in listed.items] == ["Northfield", "Southgate", "Easton"]


def test_latin1_file_is_decoded_not_garbled() -> None:
    article = read_article(ARTICLES / "bad" / "latin1.txt")
    assert article.meta.title == "Café Owners Protest New Rules"
    assert "Rue Saint-André" in block_text(article.blocks[0])
    assert any("cp1252" in w for w in article.warnings)


def test_every_reader_name_and_suffix_has_a_reader() -> None:
    from triptych.readers import _READERS
    from triptych.source_types import READER_NAMES, SUFFIXES

    assert tuple(_READERS) == READER_NAMES  # the names --from offers are the readers there are
    assert set(SUFFIXES.values()) <= set(READER_NAMES)
