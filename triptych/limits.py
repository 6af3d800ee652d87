"""The limits that keep one hostile or runaway article from exhausting the machine.

Every limit has a generous default and can be raised (or lowered) per run with
``-O KEY=VALUE`` on the command line or ``options={KEY: VALUE}`` in the API: the keys, defaults
and help are the run's option schema, :data:`RUN_OPTIONS` (``triptych options`` lists them).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from triptych.errors import SourceError, UsageError
from triptych.model import (
    Article,
    Block,
    BlockQuote,
    CodeBlock,
    DefinitionList,
    Emphasis,
    Figure,
    Footnote,
    Heading,
    Inline,
    LangSpan,
    Link,
    ListBlock,
    Metadata,
    Paragraph,
    Strong,
    Table,
    Text,
    inline_text,
)
from triptych.options import BadValue, Schema, integer, number

_GIB = 1024 * 1024 * 1024

RUN_OPTIONS: Schema = (
    integer("max-source-bytes", 20 * 1024 * 1024, "size of the article file, in bytes (20 MiB)", maximum=_GIB),
    integer(
        "max-blocks",
        20_000,
        "paragraphs, headings, items... in the article, counted at every level",
        maximum=1_000_000,
    ),
    integer(
        "max-depth",
        32,
        "nesting of quotes, lists and notes inside each other, and of emphasis, links and spans",
        maximum=100,
    ),
    integer("max-image-bytes", 20 * 1024 * 1024, "size of one image file, in bytes (20 MiB)", maximum=_GIB),
    integer(
        "max-image-pixels",
        40_000_000,
        "width × height of one image, read from its header",
        maximum=1_000_000_000,
    ),
    number(
        "timeout",
        900.0,
        "seconds one exporter may run before it is stopped",
        default_text="900",
        maximum=86_400,
    ),
    integer("max-paragraph-chars", 100_000, "characters of one paragraph, heading or cell", maximum=10_000_000),
    integer("max-title-chars", 1_000, "characters of the title, and of the subtitle", maximum=100_000),
    integer(
        "max-meta-chars",
        10_000,
        "characters of each other metadata field (all its authors, all its keywords...)",
        maximum=1_000_000,
    ),
    integer("max-cell-span", 100, "columns or rows one table cell spans", maximum=1_000),
    integer(
        "max-front-matter-chars",
        100_000,
        "characters of the YAML front matter, with its aliases expanded",
        maximum=10_000_000,
    ),
    integer(
        "max-memory",
        2048,
        "memory one article may take while it is read and exported, in MiB",
        minimum=64,
        maximum=1_048_576,
    ),
    integer(
        "max-table-cells",
        200_000,
        "cells of all the article's tables, each counted by the columns and rows it spans",
        maximum=100_000_000,
    ),
)
"""The options of the run itself: its limits."""

_ATTRIBUTES = {
    "max-source-bytes": "source_bytes",
    "max-blocks": "blocks",
    "max-depth": "depth",
    "max-image-bytes": "image_bytes",
    "max-image-pixels": "image_pixels",
    "timeout": "timeout",
    "max-paragraph-chars": "paragraph_chars",
    "max-title-chars": "title_chars",
    "max-meta-chars": "meta_chars",
    "max-cell-span": "cell_span",
    "max-front-matter-chars": "front_matter_chars",
    "max-memory": "memory",
    "max-table-cells": "table_cells",
}


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits of one run (their option keys and defaults: :data:`RUN_OPTIONS`)."""

    source_bytes: int = RUN_OPTIONS[0].default
    blocks: int = RUN_OPTIONS[1].default
    depth: int = RUN_OPTIONS[2].default
    image_bytes: int = RUN_OPTIONS[3].default
    image_pixels: int = RUN_OPTIONS[4].default
    timeout: float = RUN_OPTIONS[5].default
    paragraph_chars: int = RUN_OPTIONS[6].default
    title_chars: int = RUN_OPTIONS[7].default
    meta_chars: int = RUN_OPTIONS[8].default
    cell_span: int = RUN_OPTIONS[9].default
    front_matter_chars: int = RUN_OPTIONS[10].default
    memory: int = RUN_OPTIONS[11].default
    """MiB (:mod:`triptych.memory`)."""
    table_cells: int = RUN_OPTIONS[12].default

    @classmethod
    def of(cls, options: Mapping[str, str] | None) -> Limits:
        """The limits named in run options (``max-blocks=50000``...), the defaults for the rest."""
        values: dict[str, Any] = {}
        for option in RUN_OPTIONS:
            text = (options or {}).get(option.key)
            if text is None:
                continue
            try:
                values[_ATTRIBUTES[option.key]] = option.parse(text)
            except BadValue as exc:
                raise UsageError(
                    f"-O {option.key}={text!r}: {exc}", hint=f"write for example -O {option.key}={option.shown_default}"
                ) from None
        return dataclasses.replace(cls(), **values)


def walk(blocks: Iterable[Block | Footnote], level: int = 1) -> Iterator[tuple[Block | Footnote, int]]:
    """Every block with its nesting level (1 at the top), children after their parent."""
    for block in blocks:
        yield block, level
        for children in _children(block):
            yield from walk(children, level + 1)


def _children(block: Block | Footnote) -> Iterable[tuple[Block, ...]]:
    if isinstance(block, BlockQuote | Footnote):
        yield block.blocks
    elif isinstance(block, ListBlock):
        yield from (item.blocks for item in block.items)
    elif isinstance(block, DefinitionList):
        for item in block.items:
            yield from item.definitions


def check_size(article: Article, limits: Limits) -> None:
    """Raise ``SourceError`` when the article crosses a limit of its size: more blocks, or deeper
    nesting (of blocks, or of inlines), than the limits; a paragraph, a title or a metadata field
    longer than the limits; a table cell spanning more than the limit. Linear in the article's
    size, and no walk here recurses along a nesting that has not been bounded first."""
    where = article.meta.source or "article"
    _check_metadata(article.meta, limits, where)
    count, depth = 0, 0
    blocks = [b for b, _ in walk((*article.blocks, *article.footnotes)) if not isinstance(b, Footnote)]
    for _, level in walk((*article.blocks, *article.footnotes)):
        count += 1
        depth = max(depth, level)
    if count > limits.blocks:
        raise SourceError(
            where,
            f"has {count:,} blocks (paragraphs, items, headings...), more than the limit of {limits.blocks:,}",
            hint="split the article, or raise the limit with -O max-blocks=N",
        )
    if depth > limits.depth:
        raise SourceError(
            where,
            f"nests quotes or lists {depth} levels deep, more than the limit of {limits.depth}",
            hint="flatten the nesting, or raise the limit with -O max-depth=N",
        )
    cells = sum(
        cell.colspan * cell.rowspan
        for block in blocks
        if isinstance(block, Table)
        for row in (*block.head, *block.body)
        for cell in row
    )
    if cells > limits.table_cells:
        raise SourceError(where, too_many_cells(cells, limits.table_cells), hint=TABLE_CELLS_HINT)
    runs = [run for block in blocks for run in _runs(block, limits, where)]
    for run in runs:
        if (deepest := inline_depth(run)) > limits.depth:
            raise SourceError(
                where,
                f"nests emphasis, links or language spans {deepest} levels deep, more than the limit of {limits.depth}",
                hint="flatten the nesting, or raise the limit with -O max-depth=N",
            )
    for run in runs:
        if (length := len(inline_text(run))) > limits.paragraph_chars:
            raise SourceError(
                where,
                f"has a paragraph of {length:,} characters, more than the limit of {limits.paragraph_chars:,}",
                hint="split the paragraph, or raise the limit with -O max-paragraph-chars=N",
            )


TABLE_CELLS_HINT = "split the table, or raise the limit with -O max-table-cells=N"


def too_many_cells(cells: int, limit: int) -> str:
    """What to say of an article whose tables hold more cells than the limit."""
    return f"has tables of {cells:,} cells in all, more than the limit of {limit:,}"


def _runs(block: Block, limits: Limits, where: Path | str) -> Iterator[tuple[Inline, ...]]:
    """Every run of inlines a block holds itself (not those of its child blocks); checks the
    spans of a table's cells on the way."""
    if isinstance(block, Heading | Paragraph):
        yield block.children
    elif isinstance(block, BlockQuote):
        yield block.attribution
    elif isinstance(block, Figure):
        yield block.caption
        yield (Text(block.alt or ""), Text(block.credit or ""))
    elif isinstance(block, DefinitionList):
        yield from (item.term for item in block.items)
    elif isinstance(block, CodeBlock):
        yield (Text(block.text),)
    elif isinstance(block, Table):
        yield block.caption
        for row in (*block.head, *block.body):
            for cell in row:
                if (span := max(cell.colspan, cell.rowspan)) > limits.cell_span:
                    raise SourceError(
                        where,
                        f"has a table cell spanning {span:,} columns or rows,"
                        f" more than the limit of {limits.cell_span:,}",
                        hint="fix the table's colspan or rowspan, or raise the limit with -O max-cell-span=N",
                    )
                yield cell.children


def inline_depth(run: tuple[Inline, ...]) -> int:
    """How deep emphasis, links and language spans nest in a run of inlines (0: plain text),
    found without recursion."""
    deepest = 0
    stack = [(node, 1) for node in run if isinstance(node, Emphasis | Strong | Link | LangSpan)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend(
            (child, level + 1) for child in node.children if isinstance(child, Emphasis | Strong | Link | LangSpan)
        )
    return deepest


def _check_metadata(meta: Metadata, limits: Limits, where: Path | str) -> None:
    for name, value in (("title", meta.title), ("subtitle", meta.subtitle)):
        if value and len(value) > limits.title_chars:
            raise SourceError(
                where,
                f"the {name} is {len(value):,} characters long, more than the limit of {limits.title_chars:,}",
                hint="shorten it, or raise the limit with -O max-title-chars=N",
            )
    fields: dict[str, tuple[str | None, ...]] = {
        "authors": meta.authors,
        "keywords": meta.keywords,
        "publisher": (meta.publisher,),
        "section": (meta.section,),
        "description": (meta.description,),
        "url": (meta.url,),
    }
    if meta.lead_image is not None:
        image = meta.lead_image
        fields["image"] = (image.alt, image.credit, image.src, *(t.text for t in image.caption if isinstance(t, Text)))
    for name, values in fields.items():
        length = sum(len(v) for v in values if v)
        if length > limits.meta_chars:
            raise SourceError(
                where,
                f"the {name} field is {length:,} characters long, more than the limit of {limits.meta_chars:,}",
                hint="shorten it, or raise the limit with -O max-meta-chars=N",
            )


def image_sources(article: Article) -> list[str]:
    """The distinct local image paths the article uses (lead image first)."""
    figures = [article.meta.lead_image] + [b for b, _ in walk((*article.blocks, *article.footnotes))]
    return list(dict.fromkeys(f.src for f in figures if isinstance(f, Figure) and f.src))
