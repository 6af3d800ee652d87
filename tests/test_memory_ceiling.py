"""The memory ceiling of one article (issue 22): ``-O max-memory=MiB``, enforced on the process
that reads and exports it, stops a hostile article with one line instead of taking the machine."""

from __future__ import annotations

import resource
import shutil
from pathlib import Path

import pytest

from triptych.limits import Limits
from triptych.memory import memory_ceiling

from .helpers import ARTICLES, run_cli

CEILING = "128"
WIDE = ("-O", "max-table-cells=2000000")
"""The table limit raised, so that the ceiling is what stops the table (the limit refuses it first otherwise)."""
"""MiB: far more than a real article needs to be read, far less than the hostile table takes."""


def _wide_table(path: Path) -> Path:
    """A 10 MB page (inside the source limit) whose table holds a million cells: read whole, it
    takes the reader past 2 GB."""
    rows = "".join("<tr>" + "<td>x</td>" * 100 + "</tr>" for _ in range(10_000))
    path.write_text(
        '<!doctype html><html lang="en"><head><title>Wide table</title></head><body><article>'
        "<h1>Wide table</h1><p>A paragraph of the article, long enough to be the article's text.</p>"
        f"<table>{rows}</table><p>After the table, more text of the article.</p></article></body></html>",
        encoding="utf-8",
    )
    return path


def test_a_hostile_table_under_the_ceiling_is_refused_in_one_line(tmp_path: Path) -> None:
    page = _wide_table(tmp_path / "wide.html")
    result = run_cli("export", page, "-f", "html", "-o", tmp_path / "out", "-O", f"max-memory={CEILING}", *WIDE)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert str(page) in lines[0]
    assert f"more memory than the limit of {CEILING} MiB" in lines[0] and "-O max-memory=" in lines[0]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_real_article_fits_under_the_same_ceiling(tmp_path: Path) -> None:
    result = run_cli(
        "export",
        ARTICLES / "harbor-bridge.html",
        "-f",
        "html,epub",
        "-o",
        tmp_path,
        "-O",
        f"max-memory={CEILING}",
        *WIDE,
    )
    assert result.returncode == 0, result.stderr


def test_in_a_build_the_article_over_the_ceiling_fails_alone(tmp_path: Path) -> None:
    sources = tmp_path / "articles"
    sources.mkdir()
    _wide_table(sources / "wide.html")
    shutil.copy(ARTICLES / "harbor-bridge.html", sources / "harbor-bridge.html")
    result = run_cli(
        "build", sources, "-f", "html", "-o", tmp_path / "out", "-j", "1", "-O", f"max-memory={CEILING}", *WIDE
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("triptych: error:")]
    assert len(errors) == 1 and "wide.html" in errors[0] and "max-memory" in errors[0], result.stderr
    assert "1 built" in result.stdout and "1 failed" in result.stdout


def test_the_ceiling_is_put_back_after_the_article() -> None:
    before = resource.getrlimit(resource.RLIMIT_DATA)
    with memory_ceiling(64):
        soft, _ = resource.getrlimit(resource.RLIMIT_DATA)
        assert soft != resource.RLIM_INFINITY
        with pytest.raises(MemoryError):
            bytearray(256 * 1024 * 1024)
        with memory_ceiling(1024):  # an enclosing, lower ceiling holds
            assert resource.getrlimit(resource.RLIMIT_DATA)[0] == soft
    assert resource.getrlimit(resource.RLIMIT_DATA) == before


def test_the_default_ceiling_is_documented_as_an_option() -> None:
    assert Limits().memory == 2048
    assert Limits.of({"max-memory": "512"}).memory == 512
