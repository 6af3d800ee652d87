"""The real validators and the real browser the tests run on what Triptych makes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu(paths: list[Path]) -> list[dict[str, Any]]:
    """Nu Html Checker messages for many pages, in one JVM."""
    if not VNU_JAR.is_file():
        raise RuntimeError(f"{VNU_JAR} is missing: run ./setup.sh (npm ci)")
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages: list[dict[str, Any]] = json.loads(result.stderr)["messages"]
    return messages


def _node(script: str, pages: Sequence[Path], env: dict[str, str] | None = None) -> dict[Path, Any]:
    """Run one of tests/js/*.mjs on ``pages`` (one browser for them all); its JSON report by page."""
    if not pages:
        return {}
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "js" / script), *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=60 + 15 * len(pages),
        check=True,
        env={**os.environ, "CHROMIUM": shutil.which("chromium") or "/usr/bin/chromium", **(env or {})},
    )
    found: dict[str, Any] = json.loads(result.stdout)
    return {Path(name): report for name, report in found.items()}


def chromium_console(pages: Sequence[Path]) -> dict[Path, list[str]]:
    """What each page logs in headless Chromium (CSP violations among it), its script errors and its
    failed requests, while it loads from disk with its own Content-Security-Policy in force."""
    return _node("console.mjs", pages)


def epubcheck(books: list[Path]) -> dict[Path, dict[str, Any]]:
    """EPUBCheck's JSON report for each book, all checked in one JVM (Triptych's own runner)."""
    from triptych.check.epub import epubcheck_reports

    reports, _ = epubcheck_reports(books)
    return reports


def epubcheck_problems(report: dict[str, Any]) -> list[str]:
    """Every fatal error, error and warning of an EPUBCheck report, one line each."""
    from triptych.check.epub import epubcheck_findings

    return [f"{f.rule}: {f.message} at {f.location}" for f in epubcheck_findings(report)]


def ace_books(books: Sequence[Path]) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Ace by DAISY's report for each of many books, each as soon as it is done: Ace's own core and
    Chromium runner, as ace-cli (which Triptych's ``check`` runs) uses them, in one node process with one
    browser for all the books (tests/js/ace.mjs), not one for each."""
    import tempfile

    env = {**os.environ, "ACE_TIMEOUT_INITIAL": os.environ.get("ACE_TIMEOUT_INITIAL", "30000")}
    env.setdefault("PUPPETEER_EXECUTABLE_PATH", shutil.which("chromium") or "/usr/bin/chromium")
    with tempfile.TemporaryDirectory() as folder:
        command = ["node", str(ROOT / "tests" / "js" / "ace.mjs"), folder, *map(str, books)]
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as process:
            assert process.stdout is not None
            for line in process.stdout:
                book, report, problem = json.loads(line)
                if report is None:
                    raise RuntimeError(f"Ace failed on {book}: {problem}")
                yield Path(book), json.loads(Path(report).read_text(encoding="utf-8"))
            stderr = process.stderr.read() if process.stderr else ""
        if process.returncode != 0:
            raise RuntimeError(f"Ace stopped (status {process.returncode}): {stderr.strip()[-300:]}")


def ace_violations(report: dict[str, Any]) -> list[str]:
    """Every violation Ace found, of any impact, one line each."""
    from triptych.check.epub import ace_findings

    return [f"{f.message} ({f.rule} in {f.location})" for f in ace_findings(report)]


def axe_pages(pages: Sequence[Path], *, scheme: str = "light", highlight: bool = False) -> dict[Path, list[Any]]:
    """axe-core's violations for each page, in headless Chromium (tests/js/axe.mjs), in a colour
    scheme, optionally with every sentence highlighted (to check the highlight's contrast)."""
    return _node("axe.mjs", pages, {"COLOR_SCHEME": scheme, **({"HIGHLIGHT": "1"} if highlight else {})})


def axe(page: Path, *, scheme: str = "light", highlight: bool = False) -> list[Any]:
    """axe-core's violations for one page (see :func:`axe_pages`)."""
    return axe_pages([page], scheme=scheme, highlight=highlight)[page]


def epub_problems(books: Sequence[Path]) -> dict[Path, list[str]]:
    """What EPUBCheck (one JVM for all) and Ace by DAISY (one browser for all) find in each book: []
    for a book that passes both. For a test that makes books of its own."""
    reports = epubcheck(list(books))
    found = {
        book: epubcheck_problems(reports[book]) if book in reports else ["EPUBCheck made no report"] for book in books
    }
    for book, report in ace_books(books):
        found[book] += ace_violations(report)
    return found
