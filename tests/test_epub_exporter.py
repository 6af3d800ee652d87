"""The e-reader edition: structure and metadata that are true (EPUBCheck and Ace: test_validation.py)."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest
import tinycss2
from lxml import etree

from triptych import read_article
from triptych.epub.accessibility import metadata
from triptych.epub.package import identifier

from .helpers import ARTICLES, HOSTILE, ROOT, SAMPLES, Library, page_list_hook_breaks

NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def books(editions: Library) -> dict[str, Path]:
    """The shared books (validated in test_validation.py), by article."""
    return {name: editions(name).epub for name in [*(p.name for p in SAMPLES), *HOSTILE, "everything.md", "scripts.md"]}


def _read(book: Path, name: str) -> Any:
    with zipfile.ZipFile(book) as archive:
        return etree.fromstring(archive.read(f"EPUB/{name}"))


def _opf(book: Path) -> Any:
    return _read(book, "content.opf")


def _metas(book: Path, prop: str) -> list[str]:
    return [m.text for m in _opf(book).findall(f".//opf:meta[@property='{prop}']", NS)]


def test_structure_of_the_article(books: dict[str, Path]) -> None:
    page = _read(books["everything.md"], "article.xhtml")
    assert page.get("lang") == page.get(XML_LANG) == "en-GB"
    assert page.get("dir") == "ltr"
    assert page.find("x:body", NS).get(f"{{{NS['epub']}}}type") == "bodymatter"
    levels = [int(h.tag[-1]) for h in page.iter() if isinstance(h.tag, str) and re.fullmatch(r".*}h[1-6]", h.tag)]
    assert levels == [1, 2, 2]  # the source's h3 is renumbered
    for element in page.iter():
        role = element.get("role") if isinstance(element.tag, str) else None
        if role in ("doc-subtitle", "doc-credit", "doc-endnotes", "doc-noteref", "doc-backlink"):
            assert element.get(f"{{{NS['epub']}}}type") == role.removeprefix("doc-")
    assert page.xpath("//x:li[@epub:type='endnote']/@id", namespaces=NS) == ["note-1"]
    assert page.xpath("//x:span[@lang='fr']/@xml:lang", namespaces=NS) == ["fr"]
    assert all(img.get("alt") is not None for img in page.iter("{*}img"))
    assert page.xpath("//x:figure[x:img[@alt='A chart of visits']]/x:figcaption/text()", namespaces=NS) == [
        "Visits by week"
    ]
    assert page.xpath("//x:table/x:caption/text()", namespaces=NS) == ["Spanning"]
    assert set(page.xpath("//x:th/@scope", namespaces=NS)) == {"col", "row"}


def test_title_page_cover_and_navigation(books: dict[str, Path]) -> None:
    book = books["reading-room.md"]
    title_page = _read(book, "titlepage.xhtml")
    section = title_page.find(".//x:section", NS)
    assert section.get(f"{{{NS['epub']}}}type") == "titlepage"
    text = " ".join(section.itertext())
    for part in ("City Library Opens", "A month in", "By Dana Whitfield and Marcus Oyelaran", "October 14, 2026",
                 "The Riverside Ledger"):  # fmt: skip
        assert part in text
    cover = _read(book, "cover.xhtml")
    assert cover.xpath("//x:section[@epub:type='cover']/x:h1/text()", namespaces=NS)[0].startswith("City Library")
    nav = _read(book, "nav.xhtml")
    toc = nav.xpath("//x:nav[@epub:type='toc']//x:a", namespaces=NS)
    assert [a.text for a in toc] == [
        "Title page", read_article(ARTICLES / "reading-room.md").meta.title,
        "Who uses the room", "The numbers", "What comes next", "Notes",
    ]  # fmt: skip
    assert toc[2].get("href") == "article.xhtml#who-uses-the-room"
    landmarks = nav.xpath("//x:nav[@epub:type='landmarks']//x:a/@epub:type", namespaces=NS)
    assert landmarks == ["cover", "titlepage", "toc", "bodymatter"]
    pages = nav.xpath("//x:nav[@epub:type='page-list']//x:a/text()", namespaces=NS)
    assert pages == ["1", "2"]  # the PDF, made in the same run, has two pages
    spine = _opf(book).xpath("//opf:spine/opf:itemref/@idref", namespaces=NS)
    assert spine == ["cover", "titlepage", "nav", "article"]


def test_package_metadata(books: dict[str, Path]) -> None:
    opf = _opf(books["reading-room.md"])
    assert opf.get(XML_LANG) == "en"
    assert opf.findtext(".//dc:title", namespaces=NS).startswith("City Library")
    creators = opf.findall(".//dc:creator", NS)
    assert [c.text for c in creators] == ["Dana Whitfield", "Marcus Oyelaran"]
    for creator in creators:
        role = opf.find(f".//opf:meta[@refines='#{creator.get('id')}'][@property='role']", NS)
        assert role.text == "aut" and role.get("scheme") == "marc:relators"
    assert opf.findtext(".//dc:language", namespaces=NS) == "en"
    assert opf.findtext(".//dc:date", namespaces=NS) == "2026-10-14T13:30:00Z"
    assert opf.findtext(".//dc:publisher", namespaces=NS) == "The Riverside Ledger"
    assert [s.text for s in opf.findall(".//dc:subject", NS)] == [
        "accessibility", "libraries", "braille", "audiobooks", "Local",
    ]  # fmt: skip
    assert opf.findtext(".//dc:description", namespaces=NS).startswith("A month in")
    assert opf.findtext(".//dc:identifier", namespaces=NS) == identifier(read_article(ARTICLES / "reading-room.md"))
    assert _metas(books["reading-room.md"], "dcterms:modified") == ["2026-10-14T13:30:00Z"]  # the article's date
    assert _metas(books["reading-room.md"], "dcterms:conformsTo") == []  # claimed only once checked (--check)


def test_identifier_is_stable_and_specific(tmp_path: Path) -> None:
    def book_id(text: str) -> str:
        source = tmp_path / "a.md"
        source.write_text(text, encoding="utf-8")
        return identifier(read_article(source))

    front = "---\ntitle: Same\nauthors: [A. Writer]\ndate: 2026-01-02\n---\n\n"
    first = book_id(front + "Body one.\n")
    assert first.startswith("urn:uuid:")
    assert book_id(front + "Body one, corrected.\n") == first  # a correction keeps the identifier
    assert book_id(front.replace("Same", "Other") + "Body one.\n") != first
    assert book_id(front.replace("2026-01-02", "2026-01-03") + "Body one.\n") != first
    with_url = book_id(front.replace("---\n\n", "url: https://news.example/a\n---\n\n") + "Body.\n")
    assert with_url == f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'https://news.example/a')}"


def test_accessibility_metadata_follows_the_content(books: dict[str, Path]) -> None:
    rich = books["reading-room.md"]
    assert _metas(rich, "schema:accessMode") == ["textual", "visual"]
    assert _metas(rich, "schema:accessModeSufficient") == ["textual", "textual,visual"]
    assert "alternativeText" in _metas(rich, "schema:accessibilityFeature")
    assert _metas(rich, "schema:accessibilityHazard") == ["none"]
    (summary,) = _metas(rich, "schema:accessibilitySummary")
    assert "3 sections" in summary and "1 data table" in summary and "1 note" in summary
    plain = books["ice-arrests.txt"]
    assert _metas(plain, "schema:accessMode") == ["textual"]
    assert _metas(plain, "schema:accessModeSufficient") == ["textual"]
    assert "alternativeText" not in _metas(plain, "schema:accessibilityFeature")
    (plain_summary,) = _metas(plain, "schema:accessibilitySummary")
    assert "image" not in plain_summary
    assert "data table" not in plain_summary


def test_a_changed_article_changes_its_metadata() -> None:
    article = read_article(ARTICLES / "reading-room.md")
    before = dict(metadata(article))
    lead = article.meta.lead_image
    assert lead is not None
    undescribed = dataclasses.replace(
        article, meta=dataclasses.replace(article.meta, lead_image=dataclasses.replace(lead, alt=None))
    )
    after = metadata(undescribed)
    assert ("schema:accessibilityFeature", "alternativeText") not in after
    assert ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.2 Level AA") not in after
    assert ("schema:accessModeSufficient", "textual") not in after
    assert "1 image without a text description" in dict(after)["schema:accessibilitySummary"]
    assert before["schema:accessibilitySummary"] != dict(after)["schema:accessibilitySummary"]
    paged = dict(metadata(article, page_list=True))
    assert [v for k, v in metadata(article, page_list=True) if k == "schema:accessibilityFeature"][-2:] == [
        "printPageNumbers", "pageNavigation",
    ]  # fmt: skip
    assert "page numbers from the print edition" in paged["schema:accessibilitySummary"]


def test_print_page_list_hook(editions: Library) -> None:
    """A plugin provides the page breaks through the context (the book is validated in test_validation.py)."""
    book = editions("reading-room.md+page-list-hook").epub
    breaks = page_list_hook_breaks(read_article(ARTICLES / "reading-room.md"))
    nav = _read(book, "nav.xhtml")
    pages = nav.xpath("//x:nav[@epub:type='page-list']//x:a", namespaces=NS)
    assert [(a.text, a.get("href")) for a in pages] == [("1", "article.xhtml#page-1"), ("2", "article.xhtml#page-2")]
    page = _read(book, "article.xhtml")
    markers = page.xpath("//*[@epub:type='pagebreak']", namespaces=NS)
    assert [(m.get("id"), m.get("role"), m.get("aria-label")) for m in markers] == [
        ("page-1", "doc-pagebreak", "1"),
        ("page-2", "doc-pagebreak", "2"),
    ]
    assert markers[1].getnext().get("id") == breaks[1].block_id  # the page starts right at that block
    assert _metas(book, "pageBreakSource") == ["print edition (PDF)"]
    assert "printPageNumbers" in _metas(book, "schema:accessibilityFeature")


def test_stylesheet_uses_relative_units_and_no_colours(books: dict[str, Path]) -> None:
    with zipfile.ZipFile(books["reading-room.md"]) as archive:
        css = archive.read("EPUB/style.css").decode("utf-8")
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    declarations = []
    for rule in rules:
        if rule.type == "qualified-rule":
            declarations += [
                d
                for d in tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True)
                if d.type == "declaration"
            ]
    assert declarations
    for declaration in declarations:
        for token in declaration.value:
            if token.type == "dimension":
                assert token.unit in ("em", "rem", "%", "ex", "ch"), (declaration.name, token.unit)
        assert declaration.name not in ("color", "background", "background-color"), declaration.name
        if declaration.name == "font-family":  # only a generic family where the meaning needs it (code)
            assert tinycss2.serialize(declaration.value).strip() == "monospace"
        assert "currentcolor" in tinycss2.serialize(declaration.value).lower() or not re.search(
            r"#[0-9a-f]{3,6}\b|rgb|hsl", tinycss2.serialize(declaration.value).lower()
        )


def test_a_failed_write_leaves_no_partial_book(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "b.epub").write_bytes(b"the previous edition")
    code = (
        "import resource, signal, sys, pipeline\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (12000, 12000))\n"
        f"args = ['export', {str(ARTICLES / 'reading-room.md')!r}, '-f', 'epub', '-o', {str(out)!r}, '--name', 'b']\n"
        "sys.exit(pipeline.main(args))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 1, result.stderr
    assert "epub export failed" in result.stderr and "Traceback" not in result.stderr
    assert (out / "b.epub").read_bytes() == b"the previous edition"
    assert sorted(p.name for p in out.iterdir()) == ["b.epub", "b.manifest.json"]
    assert "File too large" in result.stderr  # the limit is real: the kernel refused the write (EFBIG)
