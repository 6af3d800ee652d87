"""Read a tagged PDF's structure tree (with pikepdf) into plain nodes that tests can query."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf


@dataclass
class Node:
    """One structure element: its type, its attributes and its children."""

    type: str
    lang: str | None = None
    alt: str | None = None
    actual_text: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    mcids: int = 0
    annotations: int = 0
    objects: list[pikepdf.Dictionary] = field(default_factory=list, repr=False)

    def walk(self) -> Iterator[Node]:
        """This node and all below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()

    def find(self, kind: str) -> list[Node]:
        """Every node of one type at or below this one."""
        return [n for n in self.walk() if n.type == kind]

    def outline(self, depth: int = 0) -> str:
        """An indented listing, for failure messages."""
        extra = f" lang={self.lang}" if self.lang else ""
        extra += f" alt={self.alt!r}" if self.alt is not None else ""
        lines = ["  " * depth + self.type + extra]
        lines += [child.outline(depth + 1) for child in self.children]
        return "\n".join(lines)


def _text(value: Any) -> str | None:
    return str(value) if value is not None else None


def _attributes(element: pikepdf.Dictionary) -> dict[str, Any]:
    found: dict[str, Any] = {}
    attrs = element.get("/A")
    if attrs is None:
        return found
    items = list(attrs) if isinstance(attrs, pikepdf.Array) else [attrs]
    for item in items:
        if isinstance(item, pikepdf.Dictionary):
            for key, value in item.items():
                if key != "/O":
                    found[key] = value
    return found


def _node(element: pikepdf.Dictionary, role_map: dict[str, str]) -> Node:
    kind = str(element.get("/S", "/?"))[1:]
    node = Node(
        type=role_map.get(kind, kind),
        lang=_text(element.get("/Lang")),
        alt=_text(element.get("/Alt")),
        actual_text=_text(element.get("/ActualText")),
        attributes=_attributes(element),
        objects=[element],
    )
    kids = element.get("/K")
    items = list(kids) if isinstance(kids, pikepdf.Array) else ([] if kids is None else [kids])
    for kid in items:
        if isinstance(kid, int):  # type: ignore[unreachable]  # pikepdf returns plain ints for MCIDs
            node.mcids += 1  # type: ignore[unreachable]
        elif isinstance(kid, pikepdf.Dictionary):
            if kid.get("/Type") == pikepdf.Name.MCR:
                node.mcids += 1
            elif kid.get("/Type") == pikepdf.Name.OBJR:
                node.annotations += 1
            elif "/S" in kid:
                node.children.append(_node(kid, role_map))
    return node


def structure(path: Path) -> Node:
    """The document's structure tree, from its StructTreeRoot."""
    with pikepdf.open(path) as pdf:
        root = pdf.Root.StructTreeRoot
        role_map = {str(k)[1:]: str(v)[1:] for k, v in root.get("/RoleMap", {}).items()}
        top = Node(type="StructTreeRoot")
        kids = root.get("/K")
        items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        top.children = [_node(k, role_map) for k in items if isinstance(k, pikepdf.Dictionary)]
        return top


def _pages(path: Path) -> list[tuple[str, str]]:
    """For each page: the text a screen reader gets (marked content) and the text of artifacts."""
    from pypdf import PdfReader

    stack: list[str] = []
    content: list[str] = []
    artifacts: list[str] = []

    def operator(op: bytes, args: Any, *_: Any) -> None:
        if op in (b"BDC", b"BMC"):
            stack.append(str(args[0]))
        elif op == b"EMC" and stack:
            stack.pop()

    def text(piece: str, *_: Any) -> None:
        (artifacts if "/Artifact" in stack else content).append(piece)

    pages = []
    for page in PdfReader(path).pages:
        stack.clear()
        content.clear()
        artifacts.clear()
        page.extract_text(visitor_operand_before=operator, visitor_text=text)
        pages.append(("".join(content), "".join(artifacts)))
    return pages


def page_texts(path: Path) -> tuple[str, str]:
    """The text a screen reader gets (marked content) and the text of artifacts, each in page order."""
    pages = _pages(path)
    return "\n".join(c for c, _ in pages) + "\n", "".join(a for _, a in pages)


def page_contents(path: Path) -> list[str]:
    """The real content text of each page (artifacts left out), page by page."""
    return [content for content, _ in _pages(path)]


def squeeze(text: str) -> str:
    """Text with white space and hyphens removed, to compare across line breaks and hyphenation."""
    return "".join(ch for ch in text if not ch.isspace() and ch not in "-\u00ad\u2010\u2011")
