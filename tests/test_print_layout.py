"""The print edition set as a typesetter would: no last page of a few lines where a little
tightening saves it, a table row never split across pages, a figure kept with its paragraph."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pikepdf

from triptych import export

from .helpers import ARTICLES
from .pdf_structure import page_contents, squeeze

WORDS = "The council met again on Tuesday evening to hear the traders who asked for longer opening hours."


def _pages(pdf: Path) -> int:
    with pikepdf.open(pdf) as document:
        return len(document.pages)


def _body_size(pdf: Path) -> float:
    """The size of the type most text is set in (the most frequent font size of the text runs)."""
    sizes: Counter[float] = Counter()
    size = 0.0
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            for instruction in pikepdf.parse_content_stream(page):
                operator = str(instruction.operator)
                if operator == "Tf":
                    size = round(float(instruction.operands[1]), 2)
                elif operator in ("Tj", "TJ"):
                    sizes[size] += 1
    return sizes.most_common(1)[0][0]


def test_a_last_page_of_a_few_lines_is_saved_by_a_little_tightening(tmp_path: Path) -> None:
    # the seed set in the standard sheet ends on a page of three lines; set a little tighter, it fits on one
    made = export(ARTICLES / "ice-arrests.txt", ["pdf"], tmp_path)
    assert made.ok
    pdf = made.outputs[0].path
    assert pdf is not None and _pages(pdf) == 1
    large = export(ARTICLES / "ice-arrests.txt", ["pdf"], tmp_path / "large", options={"style": "large-print"})
    assert large.outputs[0].path is not None and _pages(large.outputs[0].path) > 1  # large print is never tightened
    # the type is not made smaller to get there: only the leading and the spaces between blocks
    standard = tmp_path / "long.md"
    standard.write_text("---\ntitle: Long\n---\n\n" + "\n\n".join([WORDS * 3] * 14) + "\n", encoding="utf-8")
    long = export(standard, ["pdf"], tmp_path / "long")
    assert long.outputs[0].path is not None and _body_size(pdf) == _body_size(long.outputs[0].path)


def test_table_rows_are_never_split_and_a_figure_stays_with_its_paragraph(tmp_path: Path) -> None:
    rows = "\n".join(f"| R{n}a {WORDS} | R{n}b | R{n}c {WORDS} |" for n in range(1, 41))
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "chart.png").write_bytes((ARTICLES / "images" / "reading-room-visits.png").read_bytes())
    body = "\n\n".join([WORDS * 2] * 9)
    source = tmp_path / "table.md"
    source.write_text(
        f"---\ntitle: Rows\n---\n\n{body}\n\n| One | Two | Three |\n|---|---|---|\n{rows}\n\n{body}\n\n"
        f'![A chart of visits](images/chart.png "Visits by week")\n\nThe chart shows the visits.\n\n{body}\n',
        encoding="utf-8",
    )
    made = export(source, ["pdf"], tmp_path / "out")
    assert made.ok
    pdf = made.outputs[0].path
    assert pdf is not None
    pages = [squeeze(text) for text in page_contents(pdf)]
    assert len(pages) >= 3
    for n in range(1, 41):
        holding = {i for i, text in enumerate(pages) if f"R{n}a" in text or f"R{n}c" in text}
        assert len(holding) == 1, f"row {n} is on pages {sorted(holding)}"
        (page,) = holding
        assert squeeze(f"R{n}a {WORDS}") in pages[page] and squeeze(f"R{n}c {WORDS}") in pages[page]
    index = json.loads(next((tmp_path / "out").glob("*.index.json")).read_text(encoding="utf-8"))
    entries = index["entries"]
    figure = next(i for i, e in enumerate(entries) if e["kind"] == "figure")
    assert entries[figure]["pdf_page"] == entries[figure + 1]["pdf_page"]  # the figure and what follows it
