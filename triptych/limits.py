"""The limits that keep one hostile or runaway article from exhausting the machine.

Every limit has a generous default and can be raised (or lowered) per run with
``-O KEY=VALUE`` on the command line or ``options={KEY: VALUE}`` in the API: the keys, defaults
and help are the run's option schema, :data:`RUN_OPTIONS` (``triptych options`` lists them).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from triptych.errors import SourceError, UsageError
from triptych.model import Article, Block, BlockQuote, DefinitionList, Figure, Footnote, ListBlock
from triptych.options import BadValue, Schema, integer, number

RUN_OPTIONS: Schema = (
    integer("max-source-bytes", 20 * 1024 * 1024, "size of the article file, in bytes (20 MiB)"),
    integer("max-blocks", 20_000, "paragraphs, headings, items... in the article, counted at every level"),
    integer("max-depth", 32, "nesting of quotes, lists and notes inside each other"),
    integer("max-image-bytes", 20 * 1024 * 1024, "size of one image file, in bytes (20 MiB)"),
    integer("max-image-pixels", 40_000_000, "width × height of one image, read from its header"),
    number("timeout", 900.0, "seconds one exporter may run before it is stopped", default_text="900"),
    integer("max-memory", 2048, "memory one article may take while it is read and exported, in MiB"),
)
"""The options of the run itself: its limits."""

_ATTRIBUTES = {
    "max-source-bytes": "source_bytes",
    "max-blocks": "blocks",
    "max-depth": "depth",
    "max-image-bytes": "image_bytes",
    "max-image-pixels": "image_pixels",
    "timeout": "timeout",
    "max-memory": "memory",
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
    memory: int = RUN_OPTIONS[6].default
    """MiB (:mod:`triptych.memory`)."""

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
            except BadValue:
                raise UsageError(
                    f"-O {option.key}={text!r} is not a positive number", hint=f"write for example -O {option.key}=2"
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
    """Raise ``SourceError`` when the article has more blocks, or nests deeper, than the limits."""
    count, depth = 0, 0
    for _, level in walk((*article.blocks, *article.footnotes)):
        count += 1
        depth = max(depth, level)
    where = article.meta.source or "article"
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


def image_sources(article: Article) -> list[str]:
    """The distinct local image paths the article uses (lead image first)."""
    figures = [article.meta.lead_image] + [b for b, _ in walk((*article.blocks, *article.footnotes))]
    return list(dict.fromkeys(f.src for f in figures if isinstance(f, Figure) and f.src))
