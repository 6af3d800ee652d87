"""The print edition: tags that say what the article says (PDF/UA-1 for every PDF: test_validation.py)."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from triptych import export, read_article
from triptych.errors import UsageError
from triptych.model import BlockQuote, DefinitionList, Figure, ListBlock, Table, block_text

from .helpers import ARTICLES, HOSTILE, SAMPLES, Library, made_path, pdf_ua_failures
from .pdf_structure import Node, page_texts, squeeze, structure


def _instructions(pdf_page: pikepdf.Page) -> Iterator[tuple[list[Any], str]]:
    for instruction in pikepdf.parse_content_stream(pdf_page):
        yield list(instruction.operands), str(instruction.operator)


@pytest.fixture(scope="module")
def pdfs(editions: Library) -> dict[str, Path]:
    """The shared PDFs (validated in test_validation.py), by article; and two of reading-room.md."""
    made = {name: editions(name).pdf for name in [*(p.name for p in SAMPLES), *HOSTILE, "everything.md", "scripts.md"]}
    made["large-print"] = editions("reading-room.md+large-print").pdf
    made["letter"] = editions("reading-room.md+letter").pdf
    return made


def _tree(path: Path) -> Node:
    return structure(path)


def test_one_article_element_and_nothing_split_by_page_breaks(pdfs: dict[str, Path]) -> None:
    tree = _tree(pdfs["large-print"])  # many pages: every block risks a page break
    assert len(tree.find("Art")) == 1  # one article, not one per page
    with pikepdf.open(pdfs["large-print"]) as pdf:
        assert len(pdf.pages) >= 4
    article = read_article(ARTICLES / "reading-room.md")
    assert len(tree.find("Sect")) == 4  # three sections and the notes
    assert len(tree.find("P")) == sum(1 for b in article.blocks if type(b).__name__ == "Paragraph") + 6
    assert len(tree.find("Table")) == 1
    assert len(tree.find("THead")) == 1  # the header repeated on a new page is an artifact
    assert len(tree.find("L")) == 2  # the list and the notes


def test_running_heads_and_page_numbers_are_artifacts(pdfs: dict[str, Path]) -> None:
    content, artifacts = page_texts(pdfs["reading-room.md"])
    assert "Page 1 of 2" in artifacts and "Page 2 of 2" in artifacts
    assert "City Library Opens an Audio Reading Room for Blind and Low-Vision Readers" in artifacts
    assert "Page 1 of" not in content
    with pikepdf.open(pdfs["reading-room.md"]) as pdf:
        tree = pdf.Root.StructTreeRoot.ParentTree
        for page_number, pdf_page in enumerate(pdf.pages):
            marked = [
                operands[1].MCID
                for operands, operator in _instructions(pdf_page)
                if str(operator) == "BDC" and len(operands) == 2 and "/MCID" in operands[1]
            ]
            owners = tree.Nums[2 * page_number + 1]
            assert all(owners[int(mcid)] is not None for mcid in marked)  # no orphan marked content


def test_localised_page_numbers(pdfs: dict[str, Path]) -> None:
    _, artifacts = page_texts(pdfs["mercado.md"])
    assert "Página 1 de 1" in artifacts


def test_language_changes_carry_their_own_lang(pdfs: dict[str, Path]) -> None:
    tree = _tree(pdfs["everything.md"])
    assert [n.lang for n in tree.walk() if n.lang] == ["fr"]
    scripts = _tree(pdfs["scripts.md"])
    assert [n.lang for n in scripts.walk() if n.lang] == ["ar", "hi", "ja"]
    with pikepdf.open(pdfs["mercado.md"]) as pdf:
        assert str(pdf.Root.Lang) == "es"


def test_figures_are_grouped_with_their_captions(pdfs: dict[str, Path]) -> None:
    tree = _tree(pdfs["everything.md"])
    figures = tree.find("Figure")
    assert [f.alt for f in figures] == ["A bar chart.", "A chart of visits"]
    for group in (n for n in tree.walk() if any(c.type == "Figure" for c in n.children)):
        assert group.type == "Div"
        assert [c.type for c in group.children] == ["Figure", "Caption"]


def test_decorative_images_are_artifacts(pdfs: dict[str, Path]) -> None:
    tree = _tree(pdfs["everything.md"])
    assert all(f.alt for f in tree.find("Figure"))
    drawn: list[str] = []
    with pikepdf.open(pdfs["everything.md"]) as pdf:
        for pdf_page in pdf.pages:
            marks: list[str] = []
            for operands, operator in _instructions(pdf_page):
                if str(operator) in ("BDC", "BMC"):
                    kind = str(operands[0])
                    if kind == "/Artifact" and len(operands) > 1:
                        kind += str(operands[1].get("/Type", ""))
                    marks.append(kind)
                elif str(operator) == "EMC":
                    marks.pop()
                elif str(operator) == "Do" and marks:
                    drawn.append(marks[-1])
    # The lead image and the chart are Figures; the decorative copy is a layout artifact.
    assert drawn.count("/Figure") == 2
    assert drawn.count("/Artifact/Layout") == 1


def test_links_describe_themselves_in_words(pdfs: dict[str, Path]) -> None:
    with pikepdf.open(pdfs["reading-room.md"]) as pdf:
        contents = {}
        for pdf_page in pdf.pages:
            for annotation in pdf_page.get("/Annots", []):
                action = annotation.get("/A")
                target = str(action.URI) if action is not None and "/URI" in action else str(annotation.get("/Dest"))
                contents[target] = str(annotation.Contents)
    assert contents["https://library.example.org/board/2026-10-28"] == "library’s website"
    assert set(contents.values()) == {"library’s website", "Note 1", "Back to reference 1"}
    everything = _tree(pdfs["everything.md"])
    assert all(link.annotations == 1 for link in everything.find("Link"))  # each annotation sits in its Link


def test_header_cells_have_a_scope(pdfs: dict[str, Path]) -> None:
    tree = _tree(pdfs["everything.md"])
    scopes = [str(th.attributes.get("/Scope")) for th in tree.find("TH")]
    assert scopes == ["/Column", "/Column", "/Column", "/Row"]
    spanning = tree.find("TH")[2]
    assert int(spanning.attributes["/ColSpan"]) == 2


def test_heading_levels_are_never_skipped(pdfs: dict[str, Path]) -> None:
    for name, path in pdfs.items():
        levels = [int(n.type[1]) for n in _tree(path).walk() if n.type in {"H1", "H2", "H3", "H4", "H5", "H6"}]
        assert levels[0] == 1, name
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), (name, levels)


def test_lists_and_definitions_are_well_formed(pdfs: dict[str, Path]) -> None:
    tree = _tree(pdfs["everything.md"])
    for item in tree.find("LI"):
        assert {c.type for c in item.children} <= {"Lbl", "LBody"}
    nested = [li for li in tree.find("LI") if li.find("L")]
    assert nested  # the nested list sits inside its item's body
    terms = [li for li in tree.find("LI") if [c.type for c in li.children] == ["Lbl", "LBody"]]
    assert terms


def test_metadata_and_bookmarks(pdfs: dict[str, Path]) -> None:
    article = read_article(ARTICLES / "reading-room.md")
    with pikepdf.open(pdfs["reading-room.md"]) as pdf:
        info = pdf.docinfo
        assert str(info.Title) == article.meta.title
        assert str(info.Author) == "Dana Whitfield; Marcus Oyelaran"
        assert str(info.Keywords) == "accessibility, libraries, braille, audiobooks"
        assert str(info.Subject) == article.meta.subtitle
        assert str(info.Producer).startswith("Triptych ")
        assert pdf.Root.ViewerPreferences.DisplayDocTitle
        assert str(pdf.Root.Lang) == "en"
        meta = pdf.open_metadata()
        assert meta["dc:date"] == ["2026-10-14T08:30:00-05:00"]
        assert meta["dc:creator"] == ["Dana Whitfield", "Marcus Oyelaran"]
        assert meta["pdfuaid:part"] == "1"
        assert meta["pdf:Producer"] == str(info.Producer)
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
            assert titles == [article.meta.title]
            assert [c.title for c in outline.root[0].children] == [
                "Who uses the room",
                "The numbers",
                "What comes next",
                "Notes",
            ]


def _paragraphs(source: Path) -> Iterator[str]:
    article = read_article(source)
    for block in article.blocks:
        if isinstance(block, BlockQuote | ListBlock | DefinitionList | Table | Figure):
            yield from (line for line in block_text(block).split("\n") if line and block_text(block))
        else:
            yield block_text(block)


@pytest.mark.parametrize("name", ["ice-arrests.txt", "reading-room.md", "harbor-bridge.html", "mercado.md"])
def test_text_extraction_finds_every_paragraph_in_order(pdfs: dict[str, Path], name: str) -> None:
    content, _ = page_texts(pdfs[name])
    text = squeeze(content)
    for link in re.findall(r'href="(https?://[^"]+)"', (ARTICLES / name).read_text(encoding="utf-8")):
        text = text.replace(squeeze(f"({link})"), "")  # the address printed after a link for paper readers
    text = text.replace(squeeze("(https://library.example.org/board/2026-10-28)"), "")
    position = 0
    for paragraph in _paragraphs(ARTICLES / name):
        if not paragraph.strip():
            continue
        found = text.find(squeeze(paragraph), position)
        assert found >= 0, paragraph
        position = found + 1


def test_page_sizes_and_large_print(pdfs: dict[str, Path]) -> None:
    def box(path: Path) -> list[float]:
        with pikepdf.open(path) as pdf:
            return [round(float(v)) for v in pdf.pages[0].MediaBox]

    assert box(pdfs["reading-room.md"]) == [0, 0, 595, 842]  # A4
    assert box(pdfs["letter"]) == [0, 0, 612, 792]

    def body_size(path: Path) -> float:
        sizes: dict[float, int] = {}
        with pikepdf.open(path) as pdf:
            for pdf_page in pdf.pages:
                for operands, operator in _instructions(pdf_page):
                    if str(operator) == "Tf":
                        size = round(float(operands[1]), 1)
                        sizes[size] = sizes.get(size, 0) + 1
        return max(sizes, key=lambda s: sizes[s]) * 0.75  # CSS px in the content, 0.75 pt each

    assert body_size(pdfs["reading-room.md"]) == 10.5
    assert body_size(pdfs["large-print"]) >= 18


def test_default_page_size_follows_the_region(tmp_path: Path) -> None:
    source = tmp_path / "us.md"
    source.write_text("---\ntitle: Letter\nlanguage: en-US\n---\n\nText.\n", encoding="utf-8")
    result = export(source, "pdf", tmp_path)
    assert result.warnings == ()
    made = made_path(result.outputs[0].path)
    with pikepdf.open(made) as pdf:
        assert [round(float(v)) for v in pdf.pages[0].MediaBox] == [0, 0, 612, 792]
    assert pdf_ua_failures(made) == []


def test_a_character_no_font_can_draw_fails_clearly(tmp_path: Path) -> None:
    source = tmp_path / "som.md"
    source.write_text("---\ntitle: Prices in Bishkek\n---\n\nBread costs 40 \u20c0 now.\n", encoding="utf-8")
    result = export(source, "pdf,html", tmp_path / "out")
    pdf_output, html_output = result.outputs
    assert not pdf_output.ok
    assert pdf_output.error is not None
    assert "no installed font can draw U+20C0 SOM SIGN" in pdf_output.error
    assert "som.md" in pdf_output.error
    assert html_output.ok
    assert not list((tmp_path / "out").glob("*.pdf"))


def test_fetcher_serves_only_data_urls_and_the_images_read_with_the_article(tmp_path: Path) -> None:
    from triptych.pdf.fetcher import guarded_fetcher
    from triptych.resources import read_image

    folder = tmp_path / "article"
    folder.mkdir()
    shutil.copy(ARTICLES / "images" / "reading-room-visits.png", folder / "ok.png")
    shutil.copy(ARTICLES / "images" / "reading-room-visits.png", folder / "not-in-the-article.png")
    sentinel = tmp_path / "sentinel.png"
    shutil.copy(ARTICLES / "images" / "reading-room-visits.png", sentinel)
    (folder / "link.png").symlink_to(sentinel)
    refused: list[str] = []
    fetch = guarded_fetcher({(folder / "ok.png").as_uri(): read_image(folder, "ok.png")}, refused)
    (folder / "ok.png").unlink()  # served from memory: the disk is not read again
    assert fetch((folder / "ok.png").as_uri()).read()[:4] == b"\x89PNG"
    assert fetch("data:text/plain,hi").read() == b"hi"
    for url in (
        (folder / "not-in-the-article.png").as_uri(),
        sentinel.as_uri(),
        (folder / "link.png").as_uri(),
        f"{folder.as_uri()}/../sentinel.png",
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.png",
        "https://example.org/x.png",
        "ftp://example.org/x",
    ):
        with pytest.raises(ValueError, match="refuses"):
            fetch(url)
    assert len(refused) == 8


def test_pdf_options_are_checked_before_any_work(tmp_path: Path) -> None:
    for options, said in (
        ({"page-size": "a3"}, "option page-size='a3' for pdf: not one of a4, letter; write for example"),
        ({"style": "larg-print"}, "not one of standard, large-print (did you mean 'large-print'?)"),
    ):
        with pytest.raises(UsageError, match=re.escape(said)):
            export(ARTICLES / "mercado.md", "pdf", tmp_path / "out", options=options)
    assert not (tmp_path / "out").exists()


def test_link_targets_are_printed_for_paper(pdfs: dict[str, Path]) -> None:
    content, _ = page_texts(pdfs["reading-room.md"])
    assert squeeze("library’s website (https://library.example.org/board/2026-10-28)") in squeeze(content)
    harbor, _ = page_texts(pdfs["harbor-bridge.html"])
    assert "(https://dot.example.gov/harbor-bridge)" not in harbor  # its words already show the address


def test_wide_tables_stay_on_the_page(tmp_path: Path) -> None:
    header = " | ".join(f"Column heading number {n}" for n in range(1, 11))
    row = " | ".join("supercalifragilisticexpialidocious" for _ in range(10))
    source = tmp_path / "wide.md"
    source.write_text(f"---\ntitle: Wide\n---\n\n| {header} |\n|{'---|' * 10}\n| {row} |\n", encoding="utf-8")
    result = export(source, "pdf", tmp_path)
    assert result.warnings == ()
    made = made_path(result.outputs[0].path)
    boxes = subprocess.run(["pdftotext", "-bbox", str(made), "-"], capture_output=True, text=True, check=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', boxes)[1])  # type: ignore[index]
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes)]
    assert right_edges
    assert max(right_edges) <= width - 20 * 72 / 25.4  # inside the right margin (24 mm, with slack)
    assert pdf_ua_failures(made) == []
