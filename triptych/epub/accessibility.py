"""EPUB Accessibility 1.1 metadata derived from what the book contains, so that every claim is true."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from triptych.model import (
    Article,
    Block,
    BlockQuote,
    DefinitionList,
    Figure,
    Heading,
    ListBlock,
    Table,
)

CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"


def _blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    for block in blocks:
        yield block
        if isinstance(block, BlockQuote):
            yield from _blocks(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from _blocks(item.blocks)
        elif isinstance(block, DefinitionList):
            for entry in block.items:
                for definition in entry.definitions:
                    yield from _blocks(definition)


@dataclass(frozen=True, slots=True)
class Inventory:
    """What a book contains, as far as its accessibility metadata is concerned."""

    images: int
    images_described: int
    decorative: int
    tables: int
    sections: int
    notes: int
    page_list: bool
    narrated: bool = False

    @classmethod
    def of(cls, article: Article, *, page_list: bool = False, narrated: bool = False) -> Inventory:
        figures = [b for b in _blocks(article.blocks) if isinstance(b, Figure) and b.src is not None]
        lead = article.meta.lead_image
        if lead is not None and lead.src is not None:
            figures.append(lead)
        return cls(
            images=len(figures),
            images_described=sum(1 for f in figures if f.alt),
            decorative=sum(1 for f in figures if f.alt == ""),
            tables=sum(1 for b in _blocks(article.blocks) if isinstance(b, Table)),
            sections=sum(1 for b in article.blocks if isinstance(b, Heading)),
            notes=len(article.footnotes),
            page_list=page_list,
            narrated=narrated,
        )

    @property
    def all_images_have_alternatives(self) -> bool:
        """Every image is described or marked decorative."""
        return self.images_described + self.decorative == self.images


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def access_modes(inventory: Inventory) -> list[str]:
    """schema:accessMode values: visual when an image carries content (decorative ones do not)."""
    return ["textual", "visual"] if inventory.images > inventory.decorative else ["textual"]


def access_modes_sufficient(inventory: Inventory) -> list[str]:
    """schema:accessModeSufficient sets (comma-separated modes)."""
    if inventory.images == inventory.decorative:
        return ["textual"]
    sets = ["textual,visual"]
    if inventory.all_images_have_alternatives:
        sets.insert(0, "textual")
    return sets


def features(inventory: Inventory) -> list[str]:
    """schema:accessibilityFeature values that are true of this book."""
    found = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability", "ARIA"]
    if inventory.images and inventory.all_images_have_alternatives:
        found.append("alternativeText")
    if inventory.page_list:
        found += ["printPageNumbers", "pageNavigation"]
    return found


def summary(article: Article, inventory: Inventory) -> str:
    """schema:accessibilitySummary: a sentence or two for a person, true of this book."""
    parts = [
        "a table of contents",
        "headings for the title"
        + (f" and {_count(inventory.sections, 'section', 'sections')}" if inventory.sections else ""),
        "one reading order",
    ]
    if inventory.images:
        undescribed = inventory.images - inventory.images_described - inventory.decorative
        if not undescribed:
            described = "every image described in text or marked as decorative"
        else:
            described = _count(undescribed, "image", "images") + " without a text description"
        parts.append(described)
    if inventory.tables:
        parts.append(
            _count(inventory.tables, "data table with marked header cells", "data tables with marked header cells")
        )
    if inventory.notes:
        parts.append(_count(inventory.notes, "note linked to and from the text", "notes linked to and from the text"))
    if inventory.page_list:
        parts.append("page numbers from the print edition")
    if inventory.narrated:
        parts.append("a synthesized narration that highlights each sentence as it is read")
    listed = ", ".join(parts[:-1]) + f" and {parts[-1]}"
    conformance = (  # the claim itself (WCAG 2.2 AA) is made only by a checked book: see claims()
        "" if inventory.all_images_have_alternatives else "Some images have no text description. "
    )
    return (
        f"This EPUB edition of “{article.meta.title}” has {listed}. {conformance}"
        "Text and layout follow the reader's settings for fonts, size, spacing and colours. "
        "It has no flashing, sound or motion hazards."
    )


def metadata(article: Article, *, page_list: bool = False, narrated: bool = False) -> list[tuple[str, str]]:
    """Every accessibility meta of the package, as (property, value) pairs in writing order.

    A narrated book is also auditory: its narration reads everything the page shows (image
    descriptions and tables included), so listening alone is sufficient too.
    """
    inventory = Inventory.of(article, page_list=page_list, narrated=narrated)
    modes = access_modes(inventory) + (["auditory"] if narrated else [])
    sufficient = access_modes_sufficient(inventory) + (["auditory"] if narrated else [])
    feature_list = features(inventory) + (["synchronizedAudioText"] if narrated else [])
    pairs = [("schema:accessMode", mode) for mode in modes]
    pairs += [("schema:accessModeSufficient", value) for value in sufficient]
    pairs += [("schema:accessibilityFeature", value) for value in feature_list]
    pairs.append(("schema:accessibilityHazard", "none"))
    pairs.append(("schema:accessibilitySummary", summary(article, inventory)))
    return pairs


def claims(certifier: str) -> list[tuple[str, str]]:
    """The conformance claim and who certified it: written only into a book that passed the checks."""
    return [("dcterms:conformsTo", CONFORMANCE), ("a11y:certifiedBy", certifier)]
