"""The web edition of every sample is valid HTML (Nu Html Checker) and loads cleanly in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from triptych import export

from .checkers import axe, chromium_console, vnu
from .conftest import ARTICLES, HOSTILE, SAMPLES
from .test_markdown_reader import EVERYTHING


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("web")
    source_dir = tmp_path_factory.mktemp("src")
    (source_dir / "images").mkdir()
    (source_dir / "images" / "chart.png").write_bytes((ARTICLES / "images" / "reading-room-visits.png").read_bytes())
    everything = source_dir / "everything.md"
    everything.write_text(EVERYTHING, encoding="utf-8")
    made = []
    for source in [*SAMPLES, *(ARTICLES / "bad" / name for name in HOSTILE), everything]:
        result = export(source, "html", out)
        assert result.ok
        made.append(out / f"{result.slug}.html")
    return made


def test_every_page_is_valid_html(pages: list[Path]) -> None:
    problems = [
        f"{m.get('url')}:{m.get('lastLine')}: {m['message']}"
        for m in vnu(pages)
        # The checker does not evaluate CSP hash sources or data: sources; Chromium does (below).
        if m["type"] == "error" or (m.get("subType") == "warning" and "Content Security Policy" not in m["message"])
    ]
    assert problems == []


def test_pages_load_offline_with_nothing_blocked(pages: list[Path]) -> None:
    for page in pages:
        assert chromium_console(page) == [], page.name


def test_pages_pass_axe_core(pages: list[Path]) -> None:
    found = {page.name: axe(page) for page in pages}
    assert {name: violations for name, violations in found.items() if violations} == {}
