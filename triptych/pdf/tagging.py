"""Recording which HTML element each PDF structure element comes from.

WeasyPrint builds the structure tree page by page and forgets the HTML element behind each
structure element. While a PDF is written, :func:`recording_tags` wraps WeasyPrint's tree
builder to note, for every structure element, the HTML element it was made from. The fix-ups in
:mod:`triptych.pdf.fixup` use those notes to merge what a page break split, and to add what
WeasyPrint leaves out (``/Lang``, ``/Scope``, link descriptions, figure groups).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class TagNote:
    """What the HTML says about one structure element."""

    key: tuple[int, str]
    """The same for every piece of one HTML element cut by page breaks: (element number, PDF tag)."""
    tag: str
    lang: str | None = None
    scope: str | None = None
    alt: str | None = None
    label: str | None = None
    classes: tuple[str, ...] = ()


@dataclass
class TagNotes:
    """Notes by PDF object number, filled while WeasyPrint writes the PDF."""

    by_object: dict[int, TagNote] = field(default_factory=dict)
    _elements: dict[int, int] = field(default_factory=dict)
    _keep: list[Any] = field(default_factory=list)

    def element_number(self, element: Any) -> int:
        """A number per HTML element, in the order they are met."""
        if id(element) not in self._elements:
            self._elements[id(element)] = len(self._elements)
            self._keep.append(element)  # keep it alive so that its id() is never reused
        return self._elements[id(element)]

    def note(self, struct: Any, box: Any) -> None:
        element = getattr(box, "element", None)
        number = getattr(struct, "number", None)
        if element is None or number is None or not isinstance(getattr(element, "tag", None), str):
            return
        tag = str(struct["S"])[1:]
        self.by_object[number] = TagNote(
            key=(self.element_number(element), tag),
            tag=str(element.tag),
            lang=element.get("lang"),
            scope=element.get("scope"),
            alt=element.get("alt"),
            label=element.get("aria-label") or _link_words(element),
            classes=tuple((element.get("class") or "").split()),
        )


def _link_words(element: Any) -> str | None:
    if element.tag != "a":
        return None
    words = " ".join("".join(element.itertext()).split())
    return words or element.get("href")


@contextmanager
def recording_tags() -> Iterator[TagNotes]:
    """Wrap WeasyPrint's structure builder for the duration of one PDF write."""
    from weasyprint.pdf import tags

    notes = TagNotes()
    original = tags._build_box_tree

    def build(box: Any, parent: Any, *args: Any) -> Iterator[Any]:
        for struct in original(box, parent, *args):
            notes.note(struct, box)
            yield struct

    with _LOCK:
        tags._build_box_tree = build
        try:
            yield notes
        finally:
            tags._build_box_tree = original
