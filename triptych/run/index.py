"""One index across the editions: for each block and each spoken sentence, where it is in the
PDF (page), the EPUB (fragment) and the audio (start and end), under the same id that the VTT
cues and the EPUB elements carry. A player or a CMS can jump from one edition to another."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from triptych.context import ExportContext
from triptych.exporter import declared_keys
from triptych.files import atomic_write_bytes
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
from triptych.renditions.html import FRAME_IDS
from triptych.renditions.narration import NARRATION, cue_element
from triptych.renditions.print_layout import FIRST_PAGES, PRINT_LAYOUT
from triptych.run.exporting import Made
from triptych.version import __version__

if TYPE_CHECKING:
    from triptych.speech.narration import Narration, Timing

_KINDS = {
    "Heading": "heading", "Paragraph": "paragraph", "BlockQuote": "quote", "ListBlock": "list",
    "ListItem": "list-item", "Figure": "figure", "Table": "table", "DefinitionList": "definition-list",
    "ThematicBreak": "break", "CodeBlock": "code", "Footnote": "note",
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


def _spans(timings: Sequence[Timing]) -> dict[str, tuple[float, float]]:
    """Where each segment, and each block (all its sentences), is in the audio."""
    spans: dict[str, tuple[float, float]] = {}
    for timing in timings:
        owners = {timing.segment.id, *([timing.segment.block_id] if timing.segment.block_id else [])}
        for owner in owners:
            start, end = spans.get(owner, (timing.start, timing.end))
            spans[owner] = (min(start, timing.start), max(end, timing.end))
    return spans


def _known_ids(article: Article, pages: Mapping[str, int] | None, anchors: Mapping[str, Mapping[str, str]]) -> set[str]:
    """The element ids some edition has: the blocks, the article's frame, and what the editions report."""
    known = {b.id for b in _blocks((*article.blocks, *article.footnotes))} | set(FRAME_IDS.values())
    if article.meta.lead_image is not None and article.meta.lead_image.id:
        known.add(article.meta.lead_image.id)
    known |= set(pages or ())
    for where in anchors.values():
        known |= set(where)
    return known


def build_index(
    article: Article,
    *,
    editions: dict[str, str],
    pages: dict[str, int] | None,
    anchors: Mapping[str, Mapping[str, str]],
    narration: Narration | None,
) -> dict[str, Any]:
    """The index as JSON-ready data.

    ``pages`` maps element ids to the print page they start on; ``anchors`` holds, for each
    edition that reports them, where each element id is inside it (the EPUB's fragments);
    ``narration`` is the run's narration, if any: its chapters (the audio edition's) are listed
    too. Every cue of the narration (and so of the captions) is an entry: a cue with no element of
    its own in an edition (a sentence of a book that is not narrated, a list's announcement) points
    at the element that shows it (its block, the deck, the byline...); the closing line points
    nowhere.
    """
    timings = list(narration.timings) if narration is not None else []
    spans = _spans(timings)

    def audio(ident: str) -> dict[str, float] | None:
        if ident not in spans:
            return None
        start, end = spans[ident]
        return {"start": round(start, 3), "end": round(end, 3)}

    def located(ident: str, fallback: str | None = None) -> dict[str, str | None]:
        return {fmt: where.get(ident) or (where.get(fallback) if fallback else None) for fmt, where in anchors.items()}

    def entry(ident: str, kind: str, text: str, page_of: str, heard: dict[str, float] | None) -> dict[str, Any]:
        return {"id": ident, "kind": kind, "text": text, "pdf_page": pages.get(page_of) if pages else None,
                **located(ident), "audio": heard}  # fmt: skip

    entries = [entry("title", "title", article.meta.title, "title", audio("title"))]
    lead = article.meta.lead_image
    if lead is not None and lead.id:
        entries.append(entry(lead.id, "figure", block_text(lead), lead.id, audio("image")))
    for block in _blocks((*article.blocks, *article.footnotes)):
        entries.append(entry(block.id, _KINDS[type(block).__name__], block_text(block), block.id, audio(block.id)))
    seen = {e["id"] for e in entries}
    known = _known_ids(article, pages, anchors)
    for timing in timings:  # every other cue: sentences, the frame, announcements, the closing line
        segment = timing.segment
        if segment.id in seen:
            continue
        element = cue_element(segment, known)
        block_id = segment.block_id or element
        cue = {"id": segment.id, "kind": segment.kind, "block": block_id, "text": segment.text,
               "pdf_page": pages.get(block_id) if pages and block_id else None, **located(segment.id, element),
               "audio": {"start": round(timing.start, 3), "end": round(timing.end, 3)}}  # fmt: skip
        entries.append(cue)
    chapters = [{"title": c.title, "start": round(c.start, 3), "end": round(c.end, 3)}
                for c in narration.chapters()] if narration is not None else []  # fmt: skip
    return {"triptych": __version__, "title": article.meta.title, "editions": editions,
            **({"chapters": chapters} if chapters else {}), "entries": entries}  # fmt: skip


def write_index(context: ExportContext, made: Sequence[Made], path: Path) -> None:
    """``OUTDIR/<slug>.index.json``, from the run's renditions and what the editions reported:
    print pages when an edition that needs the print layout was made, the fragments of each
    edition that reports them, and the narration when the run made it. No such edition: no index."""
    done = [work for work in made if work.output.ok and work.output.path is not None]
    paged = any(PRINT_LAYOUT in declared_keys(work.exporter, "requires") for work in done)
    pages = context.made(FIRST_PAGES) if paged else None  # made in the PDF's own process, or from the layout here
    if paged and pages is None and context.made(PRINT_LAYOUT) is not None:
        pages = context.get(FIRST_PAGES)
    anchors = {work.output.format: work.reported.anchors for work in done if work.reported.anchors}
    narration = context.made(NARRATION)
    if pages is None and not anchors and not any(NARRATION in declared_keys(w.exporter, "requires") for w in done):
        return
    editions = {work.output.format: work.output.path.name for work in done if work.output.path is not None}
    editions |= {role: file.name for work in done for role, file in work.reported.companions.items()}
    index = build_index(context.article, editions=editions, pages=pages,
                        anchors=anchors, narration=narration)  # fmt: skip
    atomic_write_bytes(path, (json.dumps(index, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


def read_chapters(path: Path) -> list[tuple[str, float, float]]:
    """The audio's chapters (title, start and end in seconds) that an index records; none when the
    index can't be read or the run made no narration."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [(str(c["title"]), float(c["start"]), float(c["end"])) for c in data.get("chapters", [])]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return []
