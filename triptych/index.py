"""One index across the editions: for each block and each spoken sentence, where it is in the
PDF (page), the EPUB (fragment) and the audio (start and end), under the same id that the VTT
cues and the EPUB elements carry. A player or a CMS can jump from one edition to another."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from triptych import __version__
from triptych.model import (
    Article,
    Block,
    BlockQuote,
    DefinitionList,
    Footnote,
    ListBlock,
    ListItem,
    block_text,
)

_KINDS = {
    "Heading": "heading", "Paragraph": "paragraph", "BlockQuote": "quote", "ListBlock": "list",
    "ListItem": "list-item", "Figure": "figure", "Table": "table", "DefinitionList": "definition-list",
    "ThematicBreak": "break", "Footnote": "note",
}  # fmt: skip


def _blocks(blocks: Sequence[Block | ListItem | Footnote]) -> Iterator[Block | ListItem | Footnote]:
    for block in blocks:
        yield block
        if isinstance(block, BlockQuote | ListItem | Footnote):
            yield from _blocks(block.blocks)
        elif isinstance(block, ListBlock):
            yield from _blocks(block.items)
        elif isinstance(block, DefinitionList):
            for entry in block.items:
                for definition in entry.definitions:
                    yield from _blocks(definition)


def build_index(
    article: Article,
    *,
    editions: dict[str, str],
    pages: dict[str, int] | None,
    epub_document: str | None,
    epub_ids: set[str],
    narration: Any | None,
) -> dict[str, Any]:
    """The index as JSON-ready data.

    ``pages`` maps element ids to the PDF page they start on; ``epub_document`` is the EPUB's
    article document (``None`` without an EPUB) and ``epub_ids`` the ids in it; ``narration`` is
    the run's narration, if any. A sentence with no element of its own in the EPUB (a book that is
    not narrated, a table row) points at its block.
    """
    timings = list(narration.timings) if narration is not None else []
    spans: dict[str, tuple[float, float]] = {}
    for timing in timings:
        owners = {timing.segment.id, *([timing.segment.block_id] if timing.segment.block_id else [])}
        for owner in owners:
            start, end = spans.get(owner, (timing.start, timing.end))
            spans[owner] = (min(start, timing.start), max(end, timing.end))

    def audio(ident: str) -> dict[str, float] | None:
        if ident not in spans:
            return None
        start, end = spans[ident]
        return {"start": round(start, 3), "end": round(end, 3)}

    def fragment(ident: str, fallback: str | None = None) -> str | None:
        if not epub_document:
            return None
        if ident not in epub_ids and fallback:
            ident = fallback
        return f"{epub_document}#{ident}"

    entries: list[dict[str, Any]] = []
    frame = [("title", "title", article.meta.title)]
    lead = article.meta.lead_image
    if lead is not None and lead.id:
        frame.append((lead.id, "figure", block_text(lead)))
    for ident, kind, text in frame:
        entries.append({
            "id": ident, "kind": kind, "text": text, "pdf_page": pages.get(ident) if pages else None,
            "epub": fragment(ident), "audio": audio("image" if kind == "figure" else ident),
        })  # fmt: skip
    for block in _blocks((*article.blocks, *article.footnotes)):
        entries.append({
            "id": block.id,
            "kind": _KINDS[type(block).__name__],
            "text": block_text(block),
            "pdf_page": pages.get(block.id) if pages else None,
            "epub": fragment(block.id),
            "audio": audio(block.id),
        })  # fmt: skip
    for timing in timings:
        segment = timing.segment
        if segment.kind != "sentence":
            continue
        block_id = segment.block_id or ""
        entries.append({
            "id": segment.id,
            "kind": "sentence",
            "block": block_id,
            "text": segment.text,
            "pdf_page": pages.get(block_id) if pages else None,
            "epub": fragment(segment.id, block_id),
            "audio": {"start": round(timing.start, 3), "end": round(timing.end, 3)},
        })  # fmt: skip
    return {"triptych": __version__, "title": article.meta.title, "editions": editions, "entries": entries}
