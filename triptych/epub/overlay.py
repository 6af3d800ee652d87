"""EPUB 3 Media Overlays: one SMIL document per narrated XHTML document, one ``<par>`` per
segment of the speech script that has an element there (each sentence, the title, the headings,
the title page's lines), pointing at that element and at its clip of the narration."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

from triptych.speech.narration import Narration

SMIL = "http://www.w3.org/ns/SMIL"
OPS = "http://www.idpf.org/2007/ops"
ACTIVE_CLASS = "-epub-media-overlay-active"


@dataclass(frozen=True, slots=True)
class Overlay:
    """The media overlay of one content document."""

    document: str
    file_name: str
    item_id: str
    content: bytes
    duration: float
    pars: int


def media_clock(seconds: float) -> str:
    """A ``media:duration`` value (h:mm:ss.fff)."""
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def element_ids(document: bytes) -> set[str]:
    """Every id in an XHTML document."""
    return {str(element.get("id")) for element in etree.fromstring(document).iter() if element.get("id")}


def overlays(narration: Narration, documents: Mapping[str, bytes], audio_href: str) -> list[Overlay]:
    """The overlays of the documents that have narrated elements, in the narration's order.

    ``documents`` are in reading order; a segment whose id is in several documents (the title) is
    narrated in the first.
    """
    made = []
    placed: set[str] = set()
    for document, content in documents.items():
        ids = element_ids(content) - placed
        timings = [t for t in narration.timings if t.segment.id in ids]
        placed |= {t.segment.id for t in timings}
        if not timings:
            continue
        stem = document.rsplit(".", 1)[0]
        root = etree.Element(f"{{{SMIL}}}smil", nsmap={None: SMIL, "epub": OPS}, version="3.0")  # type: ignore[dict-item]
        body = etree.SubElement(root, f"{{{SMIL}}}body")
        seq = etree.SubElement(body, f"{{{SMIL}}}seq", {"id": f"seq-{stem}", f"{{{OPS}}}textref": document})
        duration = 0
        for timing in timings:
            par = etree.SubElement(seq, f"{{{SMIL}}}par", {"id": f"par-{timing.segment.id}"})
            etree.SubElement(par, f"{{{SMIL}}}text", {"src": f"{document}#{timing.segment.id}"})
            start, end = round(timing.start * 1000), round(timing.end * 1000)
            etree.SubElement(
                par, f"{{{SMIL}}}audio",
                {"src": audio_href, "clipBegin": f"{start / 1000:.3f}s", "clipEnd": f"{end / 1000:.3f}s"},
            )  # fmt: skip
            duration += end - start
        made.append(
            Overlay(
                document=document,
                file_name=f"{stem}.smil",
                item_id=f"smil-{stem}",
                content=etree.tostring(root, xml_declaration=True, encoding="utf-8"),
                duration=duration / 1000,
                pars=len(timings),
            )
        )
    return made
