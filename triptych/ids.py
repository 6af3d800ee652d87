"""Stable block ids, derived from each block's kind, position and text.

The same article always gets the same ids, so a PDF page, an EPUB fragment and an audio
timestamp can all point at one place. Headings get a readable id from their text.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import uuid

from triptych.model import (
    Article,
    Block,
    BlockQuote,
    CodeBlock,
    Definition,
    DefinitionList,
    Figure,
    Footnote,
    Heading,
    ListBlock,
    ListItem,
    Metadata,
    Paragraph,
    Table,
    ThematicBreak,
    block_text,
)

_PREFIX: dict[type, str] = {
    Paragraph: "p",
    BlockQuote: "quote",
    ListBlock: "list",
    ListItem: "item",
    Figure: "fig",
    Table: "table",
    DefinitionList: "dl",
    ThematicBreak: "hr",
    CodeBlock: "code",
    Footnote: "note",
}
_XML_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*$")
GENERATED_IDS = frozenset({
    "title", "deck", "byline", "date", "image", "image-caption", "image-credit", "notes", "closing",
    "lead-image", "cover-title", "toc", "toc-title", "landmarks-title", "pages-title", "narration",
    "narration-timings", "player-controls", "player-speed",
})  # fmt: skip
"""The ids the editions give to what is not a block (the title and its details, the notes section,
the EPUB's title page and navigation, the read-along player) and the speech script's own segments."""
GENERATED_PREFIXES = (*(f"{p}-" for p in _PREFIX.values()), "h-", "page-", "ref-", "seq-", "par-", "player-", "s-")
"""The prefixes of the ids made from other ids (blocks, sentences, page breaks, note references, the
Media Overlays, the player's controls): a heading's id never starts with one."""


class _Namer:
    def __init__(self) -> None:
        self.used: set[str] = set()

    def unique(self, base: str) -> str:
        name, n = base, 2
        while name in self.used:
            name, n = f"{base}-{n}", n + 1
        self.used.add(name)
        return name

    def for_block(self, block: Block | ListItem | Footnote, path: str) -> str:
        from slugify import slugify  # imported when used: the speech worker imports this package bare

        if isinstance(block, Heading):
            base = slugify(block_text(block), max_length=48, word_boundary=True)
            if not _XML_NAME.match(base) or base in GENERATED_IDS or base.startswith(GENERATED_PREFIXES):
                base = f"h-{base}" if base else "h"
            return self.unique(base)
        if isinstance(block, Footnote):
            label = slugify(block.label, max_length=24) or "x"
            return self.unique(f"note-{label}")
        digest = hashlib.sha256(f"{path}\x00{block_text(block)}".encode()).hexdigest()[:8]
        return self.unique(f"{_PREFIX[type(block)]}-{digest}")


def _walk(blocks: tuple[Block, ...], path: str, namer: _Namer) -> tuple[Block, ...]:
    return tuple(_assign(b, f"{path}{i}", namer) for i, b in enumerate(blocks, 1))


def _assign(block: Block, path: str, namer: _Namer) -> Block:
    new_id = namer.for_block(block, path)
    match block:
        case BlockQuote():
            return dataclasses.replace(block, id=new_id, blocks=_walk(block.blocks, f"{path}.", namer))
        case ListBlock():
            items = tuple(
                dataclasses.replace(
                    item,
                    id=namer.for_block(item, f"{path}.{i}"),
                    blocks=_walk(item.blocks, f"{path}.{i}.", namer),
                )
                for i, item in enumerate(block.items, 1)
            )
            return dataclasses.replace(block, id=new_id, items=items)
        case DefinitionList():
            entries = tuple(
                Definition(
                    term=d.term,
                    definitions=tuple(_walk(ds, f"{path}.{i}.{j}.", namer) for j, ds in enumerate(d.definitions, 1)),
                )
                for i, d in enumerate(block.items, 1)
            )
            return dataclasses.replace(block, id=new_id, items=entries)
        case _:
            return dataclasses.replace(block, id=new_id)


def with_ids(article: Article) -> Article:
    """Return the article with an id on every block, list item and footnote."""
    namer = _Namer()
    blocks = _walk(article.blocks, "", namer)
    notes = tuple(
        dataclasses.replace(
            note,
            id=namer.for_block(note, f"n{i}"),
            blocks=_walk(note.blocks, f"n{i}.", namer),
        )
        for i, note in enumerate(article.footnotes, 1)
    )
    meta = article.meta
    if meta.lead_image is not None:
        meta = dataclasses.replace(meta, lead_image=dataclasses.replace(meta.lead_image, id=namer.unique("lead-image")))
    return dataclasses.replace(article, meta=meta, blocks=blocks, footnotes=notes)


def publication_id(meta: Metadata) -> str:
    """The article's stable ``urn:uuid`` (the EPUB's identifier and the feed's guid): from the
    canonical URL, else from what names the article.

    Editing the text keeps the identifier; a different title, date, author or publisher is a
    different publication.
    """
    if meta.url:
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, meta.url)}"
    published = meta.published.isoformat() if meta.published else ""
    name = "\x1f".join([meta.title, published, *meta.authors, meta.publisher or ""])
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'triptych:' + name)}"
