"""The editions in step: print page numbers in the EPUB, and one index across the formats."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from lxml import etree

from triptych import read_article

from .helpers import ARTICLES, SAMPLES, Library, read_vtt
from .pdf_structure import page_contents, squeeze

NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
}


def _article_page(book: Path) -> Any:
    with zipfile.ZipFile(book) as archive:
        return etree.fromstring(archive.read("EPUB/article.xhtml"))


def _ids(document: bytes) -> list[str]:
    found: Any = etree.fromstring(document).xpath("//@id")
    return [str(i) for i in found]


def _opf(book: Path) -> Any:
    with zipfile.ZipFile(book) as archive:
        return etree.fromstring(archive.read("EPUB/content.opf"))


@pytest.mark.parametrize("key", [*(p.name for p in SAMPLES), "reading-room.md+large-print"])
def test_page_breaks_sit_where_the_pdf_pages_start(editions: Library, key: str) -> None:
    made = editions(key)  # the EPUB and the PDF of one run
    pages = page_contents(made.pdf)
    article = _article_page(made.epub)
    markers = article.xpath("//*[@epub:type='pagebreak']", namespaces=NS)
    assert [m.get("aria-label") for m in markers] == [str(n) for n in range(1, len(markers) + 1)]
    assert len(markers) >= 1
    assert len(markers) >= len(pages) - 1  # at most a page filled by one paragraph has no marker
    assert not "".join(markers[0].xpath("preceding::text()[ancestor::x:body]", namespaces=NS)).strip()  # page 1
    for marker in markers:
        following = "".join(marker.xpath("following::text()"))
        words = squeeze(" ".join(following.split()[:6]))
        number = int(marker.get("aria-label"))
        assert words in squeeze(pages[number - 1]), (number, following[:80])
        if number > 1:
            assert words not in squeeze(pages[number - 2]), (number, following[:80])  # not on the page before
    opf = _opf(made.epub)
    assert opf.xpath("//opf:meta[@property='pageBreakSource']/text()", namespaces=NS) == ["print edition (PDF)"]
    features = opf.xpath("//opf:meta[@property='schema:accessibilityFeature']/text()", namespaces=NS)
    assert "printPageNumbers" in features


def test_print_pages_without_the_pdf(editions: Library) -> None:
    alone = editions("reading-room.md+epub")
    assert not _article_page(alone.epub).xpath("//*[@epub:type='pagebreak']", namespaces=NS)
    with zipfile.ZipFile(alone.epub) as archive:
        nav = etree.fromstring(archive.read("EPUB/nav.xhtml"))
    assert not nav.xpath("//x:nav[@epub:type='page-list']", namespaces=NS)
    asked = editions("reading-room.md+print-pages")
    assert len(_article_page(asked.epub).xpath("//*[@epub:type='pagebreak']", namespaces=NS)) == 2
    assert set(asked.files) == {"epub"}  # the page numbers of a print layout, without the PDF


@pytest.fixture(scope="module")
def indexed(editions: Library) -> dict[str, Path]:
    return {p.name: editions(f"{p.name}+narrated").index for p in SAMPLES}


def test_one_index_across_formats(indexed: dict[str, Path]) -> None:
    for name, path in indexed.items():
        index = json.loads(path.read_text(encoding="utf-8"))
        folder = path.parent
        editions = index["editions"]
        assert set(editions) == {"html", "pdf", "epub", "audio", "captions"}
        article = read_article(ARTICLES / name)
        entries = {e["id"]: e for e in index["entries"]}
        assert {b.id for b in article.blocks} <= set(entries)
        with pikepdf.open(folder / editions["pdf"]) as pdf:
            page_count = len(pdf.pages)
        with zipfile.ZipFile(folder / editions["epub"]) as archive:
            ids_in = {name: set(_ids(archive.read(f"EPUB/{name}")))
                      for name in ("article.xhtml", "titlepage.xhtml")}  # fmt: skip
        cues = {cue.id: cue for cue in read_vtt(folder / editions["captions"])}
        sentences = [e for e in index["entries"] if e["kind"] == "sentence"]
        assert sentences
        assert {s["id"] for s in sentences} <= set(cues)  # the same ids as the captions ...
        for entry in index["entries"]:
            if entry["kind"] == "closing":  # the closing line is heard only
                assert entry["pdf_page"] is None and entry["epub"] is None and entry["audio"] is not None
                continue
            assert 1 <= entry["pdf_page"] <= page_count, entry
            document, _, fragment = entry["epub"].partition("#")
            assert fragment in ids_in[document], entry  # ... and as the EPUB's elements
            assert document == "article.xhtml" or entry["kind"] in ("deck", "byline", "date"), entry
            if entry["audio"] is not None:
                assert 0 <= entry["audio"]["start"] < entry["audio"]["end"] <= cues[list(cues)[-1]].end + 0.001
        for sentence in sentences:
            cue = cues[sentence["id"]]
            assert (sentence["audio"]["start"], sentence["audio"]["end"]) == (round(cue.start, 3), round(cue.end, 3))
            assert sentence["text"] == cue.text
        paragraph = next(e for e in index["entries"] if e["kind"] == "paragraph")
        assert paragraph["audio"] is not None
