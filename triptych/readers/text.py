"""Plain-text articles: a title line, an optional dateline and credit, then paragraphs.

The format, as newsroom wire copy and copied web pages give it::

    Title on the first line

    | MAR 2, 2018 | 9:47 PM        <- optional dateline (date, optional time)

    Wikimedia Commons              <- optional short credit line (of a lead image we don't have)

    Paragraphs separated by blank lines. A paragraph after a lead-in that ends in a colon
    and that is itself a complete statement is a block quote.

Lines that all start with "- ", "* " or "• " (or "1. ") make a list.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from triptych.model import (
    Article,
    Block,
    BlockQuote,
    Figure,
    ListBlock,
    ListItem,
    Metadata,
    Paragraph,
    Text,
)
from triptych.readers.source import Source

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u2009\u200a]+")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        1,
    )
    for name in names
}
_DATELINE = re.compile(
    r"""^\|?\s*(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})\s*
        (?:[|,·•-]\s*(?P<hour>\d{1,2}):(?P<minute>\d{2})\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?\s*)?
        (?:[A-Z]{2,4}\s*)?\|?\s*$""",
    re.VERBOSE,
)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)]*$")
_BULLET = re.compile(r"^[-*•]\s+")
_NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+")
_CREDIT_MAX_WORDS = 8
_QUOTE_MIN_WORDS = 12


def read_text(source: Source) -> Article:
    """Read a plain-text article."""
    chunks = _paragraphs(source.text)
    title_lines = chunks[0].split("\n")
    title = title_lines[0]
    rest = chunks[1:]
    if len(title_lines) > 1:
        rest.insert(0, " ".join(title_lines[1:]))
    published, credit = None, None
    if rest and (parsed := parse_dateline(rest[0])) is not None:
        published = parsed
        rest = rest[1:]
        if len(rest) > 1 and _looks_like_credit(rest[0]):
            credit, rest = rest[0], rest[1:]
    meta = Metadata(
        title=title,
        published=published,
        lead_image=Figure(src=None, alt=None, credit=credit) if credit else None,
        source=source.path,
    )
    return Article(meta=meta, blocks=_blocks(rest), warnings=source.warnings)


def _paragraphs(text: str) -> list[str]:
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    joined = "\n".join(lines)
    return [chunk.strip() for chunk in re.split(r"\n{2,}", joined) if chunk.strip()]


def parse_dateline(line: str) -> date | datetime | None:
    """Parse a dateline such as ``| MAR 2, 2018 | 9:47 PM``; ``None`` if the line is not one."""
    match = _DATELINE.match(line)
    if not match:
        return None
    month = _MONTHS.get(match["month"].lower())
    if month is None:
        return None
    try:
        day = date(int(match["year"]), month, int(match["day"]))
        if match["hour"] is None:
            return day
        hour, minute = int(match["hour"]), int(match["minute"])
        if ampm := match["ampm"]:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if ampm[0].lower() == "p" else 0)
        return datetime(day.year, day.month, day.day, hour, minute)
    except ValueError:
        return None


def _looks_like_credit(chunk: str) -> bool:
    """A credit line is one short line that is not a sentence."""
    return (
        "\n" not in chunk
        and len(chunk.split()) <= _CREDIT_MAX_WORDS
        and not _SENTENCE_END.search(chunk)
        and not chunk.endswith(":")
    )


def _is_statement(chunk: str) -> bool:
    """A complete quoted statement: capitalised, ends a sentence, long enough to stand alone."""
    body = chunk.lstrip("\"'“‘«„")
    return (
        bool(body)
        and body[0].isupper()
        and bool(_SENTENCE_END.search(chunk))
        and len(chunk.split()) >= _QUOTE_MIN_WORDS
    )


def _list(chunk: str) -> ListBlock | None:
    lines = chunk.split("\n")
    if len(lines) < 2:
        return None
    if all(_BULLET.match(line) for line in lines):
        texts, ordered, start = [_BULLET.sub("", line) for line in lines], False, 1
    elif all(_NUMBERED.match(line) for line in lines):
        first = _NUMBERED.match(lines[0])
        start = int(first[1]) if first else 1
        texts, ordered = [_NUMBERED.sub("", line) for line in lines], True
    else:
        return None
    items = tuple(ListItem(blocks=(Paragraph(children=(Text(t),)),)) for t in texts)
    return ListBlock(ordered=ordered, items=items, start=start)


def _blocks(chunks: list[str]) -> tuple[Block, ...]:
    blocks: list[Block] = []
    previous = ""
    for chunk in chunks:
        if (listed := _list(chunk)) is not None:
            blocks.append(listed)
        elif previous.endswith(":") and not isinstance(blocks[-1], BlockQuote) and _is_statement(chunk):
            blocks.append(BlockQuote(blocks=(_paragraph(chunk),)))
        else:
            blocks.append(_paragraph(chunk))
        previous = chunk
    return tuple(blocks)


def _paragraph(chunk: str) -> Paragraph:
    return Paragraph(children=(Text(chunk.replace("\n", " ")),))
