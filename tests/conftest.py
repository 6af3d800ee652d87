"""Shared helpers: the sample articles, a command-line runner, and parsing of outputs."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import html

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = Path(__file__).resolve().parent / "articles"
SAMPLES = sorted(p for p in ARTICLES.iterdir() if p.is_file())
BAD = ARTICLES / "bad"
HOSTILE = ["hostile-title.md", "local-files.html", "xxe.xhtml", "latin1.txt"]
"""The bad articles that are readable: they must export safely."""


def made_path(path: Path | None) -> Path:
    """An output's path, which must exist (the export succeeded)."""
    assert path is not None
    return path


def corpus(folder: Path, extra: dict[str, str]) -> dict[str, Path]:
    """The samples, the readable hostile articles, and ``extra`` articles written into ``folder``
    (beside ``images/chart.png``), by file name."""
    (folder / "images").mkdir(parents=True, exist_ok=True)
    (folder / "images" / "chart.png").write_bytes((ARTICLES / "images" / "reading-room-visits.png").read_bytes())
    for name, text in extra.items():
        (folder / name).write_text(text, encoding="utf-8")
    return {p.name: p for p in SAMPLES} | {n: BAD / n for n in HOSTILE} | {n: folder / n for n in extra}


def run_cli(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m pipeline`` (the ``triptych`` command) and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )


def parse_page(path: Path) -> Any:
    """Parse an HTML edition (typed ``Any``: lxml's xpath() results are too wide a union to use)."""
    return html.fromstring(path.read_bytes())


@pytest.fixture(scope="session", autouse=True)
def speech_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The run's own cache folder (``TRIPTYCH_CACHE_DIR``): never the user's, and fresh for each
    run, so that no run depends on an earlier one. Tests of the cache itself use their own."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRIPTYCH_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(scope="session")
def every_epub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Collects every EPUB the tests leave in their ``tmp_path``; at the end of the session all of
    them (each distinct book once) go through EPUBCheck, in one JVM, and Ace by DAISY."""
    from .checkers import ace, ace_violations, epubcheck, epubcheck_problems

    folder = tmp_path_factory.mktemp("every-epub")
    yield folder
    books = sorted(folder.glob("*.epub"))
    if not books:
        return
    problems = {book.name: epubcheck_problems(report) for book, report in epubcheck(books).items()}
    for book in books:
        problems[book.name] += ace_violations(ace(book))
    assert {name: found for name, found in problems.items() if found} == {}, "EPUBs made by the tests fail"


@pytest.fixture(autouse=True)
def every_edition_is_checked(request: pytest.FixtureRequest, every_epub: Path) -> Iterator[None]:
    """After each test that used ``tmp_path``, every PDF it left there must pass PDF/UA-1, and every
    EPUB is kept for the end-of-session EPUBCheck and Ace run.

    A test that makes broken editions on purpose says so with ``@pytest.mark.broken_editions``.
    """
    if "tmp_path" not in request.fixturenames:
        yield
        return
    folder: Path = request.getfixturevalue("tmp_path")  # set up before this fixture, torn down after it
    yield
    if request.node.get_closest_marker("broken_editions"):
        return
    for book in folder.rglob("*.epub"):
        if zipfile.is_zipfile(book):  # a test may leave a stand-in file under an .epub name
            digest = hashlib.sha256(book.read_bytes()).hexdigest()[:16]
            shutil.copy(book, every_epub / f"{book.stem[:40]}-{digest}.epub")
    import page

    failures = {}
    for pdf in sorted(folder.rglob("*.pdf")):
        result = page.validate_pdf(str(pdf), profile="ua1")
        if not result.is_compliant:
            failures[pdf.name] = [f"{f.rule_id}: {f.message}" for f in result.failures]
    assert failures == {}, f"PDFs made by this test fail PDF/UA-1: {failures}"


@pytest.fixture
def article_dir(tmp_path: Path) -> Path:
    """A fresh folder for articles written by a test (with the sample image beside them)."""
    folder = tmp_path / "src"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "chart.png").write_bytes((ARTICLES / "images" / "reading-room-visits.png").read_bytes())
    return folder
