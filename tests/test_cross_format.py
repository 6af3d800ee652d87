"""The editions in step: print page numbers in the EPUB, and one index across the formats."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from lxml import etree

from triptych import export, read_article

from .conftest import ARTICLES, SAMPLES
from .pdf_structure import page_contents, squeeze
from .test_audio_exporter import read_vtt

NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
}


def _article_page(book: Path) -> Any:
    with zipfile.ZipFile(book) as archive:
        return etree.fromstring(archive.read("EPUB/article.xhtml"))


def _opf(book: Path) -> Any:
    with zipfile.ZipFile(book) as archive:
        return etree.fromstring(archive.read("EPUB/content.opf"))


@pytest.mark.parametrize(
    ("source", "style"),
    [*((p, "standard") for p in SAMPLES), (ARTICLES / "reading-room.md", "large-print")],
    ids=lambda value: value.name if isinstance(value, Path) else value,
)
def test_page_breaks_sit_where_the_pdf_pages_start(tmp_path: Path, source: Path, style: str) -> None:
    result = export(source, "epub,pdf", tmp_path, name="rr", options={"style": style})
    assert result.ok
    pages = page_contents(tmp_path / "rr.pdf")
    article = _article_page(tmp_path / "rr.epub")
    markers = article.xpath("//*[@epub:type='pagebreak']", namespaces=NS)
    assert [m.get("aria-label") for m in markers] == [str(n) for n in range(1, len(markers) + 1)]
    assert len(markers) >= 1
    assert len(markers) >= len(pages) - 1  # at most a page filled by one paragraph has no marker
    for marker in markers:
        following = "".join(marker.xpath("following::text()"))
        words = squeeze(" ".join(following.split()[:6]))
        number = int(marker.get("aria-label"))
        assert words in squeeze(pages[number - 1]), (number, following[:80])
        assert words not in squeeze(pages[number - 2]) if number > 1 else True
    opf = _opf(tmp_path / "rr.epub")
    assert opf.xpath("//opf:meta[@property='pageBreakSource']/text()", namespaces=NS) == ["print edition (PDF)"]
    features = opf.xpath("//opf:meta[@property='schema:accessibilityFeature']/text()", namespaces=NS)
    assert "printPageNumbers" in features


def test_print_pages_without_the_pdf(tmp_path: Path) -> None:
    alone = export(ARTICLES / "reading-room.md", "epub", tmp_path / "a", name="rr")
    assert alone.ok
    assert not _article_page(tmp_path / "a" / "rr.epub").xpath("//*[@epub:type='pagebreak']", namespaces=NS)
    asked = export(ARTICLES / "reading-room.md", "epub", tmp_path / "b", name="rr", options={"print-pages": "yes"})
    assert asked.ok
    assert len(_article_page(tmp_path / "b" / "rr.epub").xpath("//*[@epub:type='pagebreak']", namespaces=NS)) == 2
    assert not (tmp_path / "b" / "rr.pdf").exists()


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("indexed")
    made = {}
    for source in SAMPLES:
        result = export(source, "epub,pdf,audio", out, options={"narrated": "yes"})
        assert result.ok, result.outputs
        made[source.name] = out / f"{result.slug}.index.json"
    return made


def test_one_index_across_formats(indexed: dict[str, Path]) -> None:
    for name, path in indexed.items():
        index = json.loads(path.read_text(encoding="utf-8"))
        folder = path.parent
        editions = index["editions"]
        assert set(editions) == {"pdf", "epub", "audio", "captions"}
        article = read_article(ARTICLES / name)
        entries = {e["id"]: e for e in index["entries"]}
        assert {b.id for b in article.blocks} <= set(entries)
        with pikepdf.open(folder / editions["pdf"]) as pdf:
            page_count = len(pdf.pages)
        page_ids = set(_article_page(folder / editions["epub"]).xpath("//@id"))
        cues = {cue.id: cue for cue in read_vtt(folder / editions["captions"])}
        sentences = [e for e in index["entries"] if e["kind"] == "sentence"]
        assert sentences
        assert {s["id"] for s in sentences} <= set(cues)  # the same ids as the captions ...
        for entry in index["entries"]:
            assert 1 <= entry["pdf_page"] <= page_count, entry
            assert entry["epub"].split("#")[1] in page_ids, entry  # ... and as the EPUB's elements
            if entry["audio"] is not None:
                assert 0 <= entry["audio"]["start"] < entry["audio"]["end"] <= cues[list(cues)[-1]].end + 0.001
        for sentence in sentences:
            cue = cues[sentence["id"]]
            assert (sentence["audio"]["start"], sentence["audio"]["end"]) == (round(cue.start, 3), round(cue.end, 3))
            assert sentence["text"] == cue.text
        paragraph = next(e for e in index["entries"] if e["kind"] == "paragraph")
        assert paragraph["audio"] is not None
