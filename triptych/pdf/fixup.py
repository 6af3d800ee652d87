"""Post-processing of WeasyPrint's tagged PDF with pikepdf, so that it is right, not only valid.

- one structure element per HTML element: pieces cut by page breaks are merged (one ``Art``, one
  ``P`` for a paragraph that runs onto the next page), and a table header repeated on a later page
  becomes an artifact;
- running heads and page numbers (content left out of the tree) become pagination artifacts,
  decorative images (empty ``alt``) become artifacts;
- ``/Lang`` on every element in another language, ``/Scope`` on header cells, ``/Contents`` in
  words on link annotations, ``Div`` for a figure with its caption;
- document metadata: producer, the article's date and language in XMP; a deterministic file id.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name

from triptych.pdf.tagging import TagNote, TagNotes

Obj = Any  # pikepdf's stubs type every PDF object as pikepdf.Object; these hold dictionaries

_SCOPES = {"col": Name.Column, "colgroup": Name.Column, "row": Name.Row, "rowgroup": Name.Row}


@dataclass
class DocumentInfo:
    """What the fix-ups write into the document metadata."""

    producer: str
    language: str
    published: str | None = None
    authors: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


@dataclass
class _Fixer:
    pdf: pikepdf.Pdf
    notes: TagNotes
    language: str
    page_of: dict[tuple[int, int], int] = field(default_factory=dict)
    artifacts: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))

    def note(self, element: Obj) -> TagNote | None:
        return self.notes.by_object.get(element.objgen[0]) if element.is_indirect else None

    # --- marked content ------------------------------------------------------------------

    def page_index(self, page: Obj) -> int:
        return self.page_of[page.objgen]

    def mcids(self, element: Obj) -> Iterable[tuple[int, int]]:
        """(page index, MCID) of the marked content directly inside ``element``."""
        for kid in _kids(element):
            if isinstance(kid, int):
                yield self.page_index(element.Pg), int(kid)
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                yield self.page_index(kid.get("/Pg", element.get("/Pg"))), int(kid.MCID)

    def make_artifact(self, element: Obj) -> None:
        """Turn an element's content (and its descendants') into artifacts."""
        for page, mcid in self.mcids(element):
            self.artifacts[page].add(mcid)
        for kid in _kids(element):
            if isinstance(kid, Dictionary) and "/S" in kid:
                self.make_artifact(kid)
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR:
                annotation: Obj = kid.Obj
                annotation.pop("/StructParent", None)

    def rewrite_artifacts(self) -> None:
        parent_tree = _number_tree(self.pdf.Root.StructTreeRoot.ParentTree)
        for index, page in enumerate(self.pdf.pages):
            doomed = self.artifacts.get(index)
            if not doomed:
                continue
            instructions = []
            for instruction in pikepdf.parse_content_stream(page):
                operands: list[Any] = list(instruction.operands)
                if str(instruction.operator) == "BDC" and len(operands) == 2 and isinstance(operands[1], Dictionary):
                    marked = operands[1].get("/MCID")
                    if marked is not None and int(marked) in doomed:
                        operands = [Name.Artifact, _artifact_properties(str(operands[0]))]
                instructions.append((operands, instruction.operator))
            page.Contents = self.pdf.make_stream(pikepdf.unparse_content_stream(instructions))
            entry = parent_tree.get(int(page.get("/StructParents", -1)))
            if isinstance(entry, Array):
                for mcid in doomed:
                    if mcid < len(entry):
                        entry[mcid] = None

    # --- structure -----------------------------------------------------------------------

    def orphans(self) -> None:
        """Content whose structure element is not in the tree (margin boxes) becomes artifacts."""
        reachable: set[tuple[int, int]] = set()
        stack = list(_kids(self.pdf.Root.StructTreeRoot))
        while stack:
            node = stack.pop()
            if isinstance(node, Dictionary) and node.is_indirect and "/S" in node:
                reachable.add(node.objgen)
                stack.extend(_kids(node))
        parent_tree = _number_tree(self.pdf.Root.StructTreeRoot.ParentTree)
        for index, page in enumerate(self.pdf.pages):
            entry = parent_tree.get(int(page.get("/StructParents", -1)))
            if not isinstance(entry, Array):
                continue
            for mcid, owner in enumerate(entry):
                if isinstance(owner, Dictionary) and owner.objgen not in reachable:
                    self.artifacts[index].add(mcid)

    def fix(self, element: Obj) -> None:
        """Fix one element and, recursively, its children."""
        note = self.note(element)
        if note is not None:
            self.annotate(element, note)
        kids = element.get("/K")
        if not isinstance(kids, Array):
            return
        merged: list[Any] = []
        seen: set[tuple[int, str]] = set()
        for kid in list(kids):
            kid_note = self.note(kid) if isinstance(kid, Dictionary) and "/S" in kid else None
            if isinstance(kid, Dictionary) and kid.get("/S") == Name.Figure and kid_note and kid_note.alt == "":
                self.make_artifact(kid)  # decorative image
                continue
            if kid_note is not None:
                previous = merged[-1] if merged else None
                previous_note = self.note(previous) if isinstance(previous, Dictionary) else None
                if previous_note is not None and previous_note.key == kid_note.key:
                    assert isinstance(previous, Dictionary)
                    self.merge(previous, kid)
                    continue
                if kid_note.key in seen:  # repeated on a later page (a table header): not content
                    self.make_artifact(kid)
                    continue
                seen.add(kid_note.key)
            merged.append(kid)
        if element.get("/S") == Name.L:
            merged = self.definition_items(self.nest_lists(merged))
        if element.get("/S") == Name.LI:
            merged = self.list_item_body(element, merged)
        if element.get("/S") == Name.Link:
            merged = [*merged, *self.lift_annotations(element)]
        element.K = Array(merged)
        for kid in merged:
            if isinstance(kid, Dictionary) and "/S" in kid:
                self.fix(kid)
        if any(_empty_group(k) for k in merged):  # emptied by the fixes below it
            element.K = Array([k for k in merged if not _empty_group(k)])

    def new_element(self, kind: Name, parent: Obj, kids: list[Any]) -> Obj:
        element = self.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=kind, P=parent, K=Array(kids)))
        if "/Pg" in parent:
            element.Pg = parent.Pg
        for kid in kids:
            if isinstance(kid, int):
                raise AssertionError("marked content can't move without its page")
            if isinstance(kid, Dictionary) and "/S" in kid:
                kid.P = element
        return element

    def nest_lists(self, kids: list[Any]) -> list[Any]:
        """Put a nested list inside the body of the item before it (WeasyPrint hangs it on the list)."""
        out: list[Any] = []
        for kid in kids:
            previous = out[-1] if out else None
            if (
                isinstance(kid, Dictionary)
                and kid.get("/S") == Name.L
                and isinstance(previous, Dictionary)
                and previous.get("/S") == Name.LI
            ):
                previous.K = Array([*_kids(previous), kid])
                kid.P = previous
                continue
            out.append(kid)
        return out

    def definition_items(self, kids: list[Any]) -> list[Any]:
        """A term (dt) and its definitions (dd) become one LI: Lbl for the term, LBody for each definition."""
        out: list[Any] = []
        for kid in kids:
            note = self.note(kid) if isinstance(kid, Dictionary) else None
            if note is None or note.tag not in ("dt", "dd") or not isinstance(kid, Dictionary):
                out.append(kid)
                continue
            bodies = [k for k in _kids(kid) if isinstance(k, Dictionary) and k.get("/S") == Name.LBody]
            previous = out[-1] if out else None
            if note.tag == "dt":
                for body in bodies:
                    body.S = Name.Lbl
                out.append(kid)
            elif isinstance(previous, Dictionary) and previous.get("/S") == Name.LI:
                for body in bodies:
                    body.P = previous
                previous.K = Array([*_kids(previous), *bodies])
            else:
                out.append(kid)
        return out

    def list_item_body(self, item: Obj, kids: list[Any]) -> list[Any]:
        """An LI may hold only Lbl and LBody: wrap anything else in an LBody (merged with one next to it)."""
        out: list[Any] = []
        for kid in kids:
            kind = kid.get("/S") if isinstance(kid, Dictionary) else None
            if kind in (Name.Lbl, Name.LBody) or not isinstance(kid, Dictionary) or kind is None:
                out.append(kid)
                continue
            previous = out[-1] if out else None
            if isinstance(previous, Dictionary) and previous.get("/S") == Name.LBody:
                previous.K = Array([*_kids(previous), kid])
                kid.P = previous
            else:
                out.append(self.new_element(Name.LBody, item, [kid]))
        return out

    def lift_annotations(self, link: Obj) -> list[Any]:
        """A link annotation must sit in its Link element, not in an emphasis inside it.

        WeasyPrint gives the emphasis its own copy of the link's annotation: a copy whose target
        the Link already has is deleted; any other is moved up into the Link.
        """
        own = {_target(k.Obj) for k in _kids(link) if isinstance(k, Dictionary) and k.get("/Type") == Name.OBJR}
        lifted: list[Any] = []
        stack = [k for k in _kids(link) if isinstance(k, Dictionary) and "/S" in k]
        while stack:
            node = stack.pop()
            kids = _kids(node)
            objrs = [k for k in kids if isinstance(k, Dictionary) and k.get("/Type") == Name.OBJR]
            if objrs:
                node.K = Array([k for k in kids if k not in objrs])
            for objr in objrs:
                if _target(objr.Obj) in own:
                    self.delete_annotation(objr.Obj)
                else:
                    lifted.append(objr)
            stack.extend(k for k in kids if isinstance(k, Dictionary) and "/S" in k)
        return lifted

    def delete_annotation(self, annotation: Obj) -> None:
        for page in self.pdf.pages:
            annots = page.obj.get("/Annots")
            if isinstance(annots, Array) and any(a.objgen == annotation.objgen for a in annots):
                page.obj.Annots = Array([a for a in annots if a.objgen != annotation.objgen])
        key = annotation.get("/StructParent")
        if key is not None:
            entries = _number_tree(self.pdf.Root.StructTreeRoot.ParentTree)
            nums = self.pdf.Root.StructTreeRoot.ParentTree.get("/Nums")
            if int(key) in entries and isinstance(nums, Array):
                self.pdf.Root.StructTreeRoot.ParentTree.Nums = Array(
                    [v for i in range(0, len(nums) - 1, 2) if int(nums[i]) != int(key) for v in (nums[i], nums[i + 1])]
                )

    def merge(self, into: Obj, other: Obj) -> None:
        """Move ``other``'s children into ``into`` (pieces of one HTML element on two pages)."""
        parent_tree = _number_tree(self.pdf.Root.StructTreeRoot.ParentTree)
        moved = []
        for kid in _kids(other):
            if isinstance(kid, int):
                page = other.Pg
                if page.objgen != into.Pg.objgen:
                    kid = Dictionary(Type=Name.MCR, Pg=page, MCID=kid)
                entry = parent_tree.get(int(page.get("/StructParents", -1)))
                if isinstance(entry, Array) and int(kid if isinstance(kid, int) else kid.MCID) < len(entry):
                    entry[int(kid if isinstance(kid, int) else kid.MCID)] = into
            elif isinstance(kid, Dictionary) and "/S" in kid:
                kid.P = into
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                entry = parent_tree.get(int(kid.Pg.get("/StructParents", -1)))
                if isinstance(entry, Array) and int(kid.MCID) < len(entry):
                    entry[int(kid.MCID)] = into
            moved.append(kid)  # OBJR: its ParentTree entry is reset at the end (_set_parent_tree_entries)
        into.K = Array([*_kids(into), *moved])

    def annotate(self, element: Obj, note: TagNote) -> None:
        if note.lang and note.lang.lower() != self.language.lower():
            element.Lang = pikepdf.String(note.lang)
        kind = element.get("/S")
        if kind == Name.TH and note.scope in _SCOPES:
            attributes = element.get("/A")
            if not isinstance(attributes, Dictionary):
                attributes = Dictionary(O=Name.Table)
                element.A = attributes
            attributes.Scope = _SCOPES[note.scope]
        if note.tag == "figure" and kind == Name.NonStruct:
            element.S = Name.Div
        if note.tag == "pre" and kind == Name.NonStruct:  # a code block: a paragraph of code
            element.S = Name.P
        if note.tag in ("code", "kbd", "samp") and kind in (Name.NonStruct, Name.Span):
            element.S = Name.Code
        if kind == Name.Link and note.label:
            for kid in _kids(element):
                if isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR:
                    kid.Obj.Contents = pikepdf.String(note.label)


def _target(annotation: Obj) -> str:
    """Where a link annotation leads: its URI, or its destination."""
    action = annotation.get("/A")
    if isinstance(action, Dictionary) and "/URI" in action:
        return str(action.URI)
    if isinstance(action, Dictionary) and "/D" in action:
        return repr(action.D)
    return repr(annotation.get("/Dest"))


def _empty_group(kid: object) -> bool:
    """A grouping element left with no content (a figure whose image was decorative)."""
    return isinstance(kid, Dictionary) and kid.get("/S") in (Name.Div, Name.NonStruct, Name.Span) and not _kids(kid)


def _kids(element: Obj) -> list[Any]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _number_tree(tree: Obj) -> dict[int, Any]:
    """A flat view of a number tree whose values stay live pikepdf objects."""
    found: dict[int, Any] = {}
    stack = [tree]
    while stack:
        node = stack.pop()
        nums = node.get("/Nums")
        if isinstance(nums, Array):
            for i in range(0, len(nums) - 1, 2):
                found[int(nums[i])] = nums[i + 1]
        stack.extend(node.get("/Kids", []))
    return found


def _artifact_properties(tag: str) -> Obj:
    if tag == "/Figure":
        return Dictionary(Type=Name.Layout)
    return Dictionary(Type=Name.Pagination)


def _set_parent_tree_entries(pdf: pikepdf.Pdf) -> None:
    """Point annotation entries of the ParentTree at the element that now holds the OBJR."""
    root = pdf.Root.StructTreeRoot
    holders: dict[tuple[int, int], Dictionary] = {}
    stack = list(_kids(root))
    while stack:
        node = stack.pop()
        if isinstance(node, Dictionary) and "/S" in node:
            for kid in _kids(node):
                if isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR:
                    holders[kid.Obj.objgen] = node
                elif isinstance(kid, Dictionary) and "/S" in kid:
                    stack.append(kid)
    nums = root.ParentTree.get("/Nums")
    if not isinstance(nums, Array):
        return
    for annotation_objgen, holder in holders.items():
        annotation = pdf.get_object(annotation_objgen)
        key = annotation.get("/StructParent")
        if key is None:
            continue
        for i in range(0, len(nums) - 1, 2):
            if int(nums[i]) == int(key):
                nums[i + 1] = holder


_EMPTY_MAPPING = re.compile(rb"(<[0-9A-Fa-f]+>\s*)<>")
_JOINER = b"<200D>"


def fill_empty_unicode_mappings(pdf: pikepdf.Pdf) -> None:
    """Give glyphs that WeasyPrint maps to nothing (the 2nd glyph of an Indic or Arabic cluster,
    whose text the 1st glyph carries) a zero-width joiner, so that every ToUnicode entry is a
    well-formed, non-empty string."""
    for obj in pdf.objects:
        if not isinstance(obj, Dictionary) or "/ToUnicode" not in obj:
            continue
        stream = obj.ToUnicode
        data = stream.read_bytes()
        fixed = _EMPTY_MAPPING.sub(lambda m: m[1] + _JOINER, data)
        if fixed != data:
            stream.write(fixed)


def fix_pdf(path: Path, notes: TagNotes, info: DocumentInfo, *, modified: str) -> None:
    """Apply every fix-up to the PDF at ``path``, in place."""
    # Saved to memory, then written by Python: QPDF aborts the whole process (C++ terminate) when
    # the disk fills up under pdf.save(path); Python's write raises an OSError we can report.
    buffer = io.BytesIO()
    with pikepdf.open(path) as pdf:
        fixer = _Fixer(pdf=pdf, notes=notes, language=info.language)
        fixer.page_of = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        fixer.orphans()
        for top in _kids(pdf.Root.StructTreeRoot):
            if isinstance(top, Dictionary):
                fixer.fix(top)
        fixer.rewrite_artifacts()
        _set_parent_tree_entries(pdf)
        fill_empty_unicode_mappings(pdf)
        _write_metadata(pdf, info, modified)
        pdf.save(buffer, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    path.write_bytes(buffer.getbuffer())


def _write_metadata(pdf: pikepdf.Pdf, info: DocumentInfo, modified: str) -> None:
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=True) as meta:
        meta["pdf:Producer"] = info.producer
        meta["dc:language"] = [info.language]
        if info.published:
            meta["dc:date"] = [info.published]
        if info.keywords:
            meta["dc:subject"] = list(info.keywords)
        meta["xmp:MetadataDate"] = modified
    pdf.docinfo[Name.Producer] = pikepdf.String(info.producer)
