"""Cutting a run of inlines into sentences, so that each sentence can carry its own element
(the EPUB's narration highlights the sentence being read)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from triptych.model import Code, Emphasis, Inline, LangSpan, LineBreak, Link, Strong, Text, inline_text


def _locate(full: str, sentences: Sequence[str]) -> list[tuple[int, int]] | None:
    """Start and end offsets of each sentence in ``full`` (in order, white space ignored)."""
    squeezed_positions = [i for i, ch in enumerate(full) if not ch.isspace()]
    squeezed = "".join(full[i] for i in squeezed_positions)
    spans = []
    cursor = 0
    for sentence in sentences:
        needle = "".join(sentence.split())
        if not needle:
            return None
        found = squeezed.find(needle, cursor)
        if found < 0:
            return None
        start = squeezed_positions[found]
        end = squeezed_positions[found + len(needle) - 1] + 1
        spans.append((start, end))
        cursor = found + len(needle)
    return spans


def _length(node: Inline) -> int:
    return len(inline_text((node,)))


def _slice(children: Sequence[Inline], start: int, end: int) -> tuple[Inline, ...]:
    """The part of a run of inlines between two plain-text offsets (containers are kept)."""
    out: list[Inline] = []
    position = 0
    for node in children:
        size = _length(node)
        lo, hi = max(start - position, 0), min(end - position, size)
        if isinstance(node, LineBreak):
            if start <= position < end:
                out.append(node)
        elif size == 0:  # footnote references: with the text before them
            if start < position <= end:
                out.append(node)
        elif lo < hi:
            if isinstance(node, Text):
                out.append(Text(node.text[lo:hi]))
            elif isinstance(node, Emphasis | Strong | Link | LangSpan):
                out.append(dataclasses.replace(node, children=_slice(node.children, lo, hi)))
            elif isinstance(node, Code):
                out.append(Code(node.text[lo:hi]))
        position += size
    return tuple(out)


def split_sentences(
    children: tuple[Inline, ...], sentences: Sequence[str]
) -> list[tuple[int | None, tuple[Inline, ...]]] | None:
    """The inlines cut into pieces: ``(n, inlines)`` for sentence ``n``, ``(None, inlines)`` for the
    text between sentences. ``None`` when the sentences can't be found in the text."""
    full = inline_text(children)
    spans = _locate(full, sentences)
    if spans is None:
        return None
    pieces: list[tuple[int | None, tuple[Inline, ...]]] = []
    position = 0
    for number, (start, end) in enumerate(spans):
        if start > position:
            pieces.append((None, _slice(children, position, start)))
        pieces.append((number, _slice(children, start, end)))
        position = end
    if position < len(full) or any(_length(n) == 0 for n in children[-1:]):
        tail = _slice(children, position, len(full) + 1)
        if tail:
            pieces.append((None, tail))
    return pieces
