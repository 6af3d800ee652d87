"""The real validators and the real browser the tests run on what Triptych makes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
)


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


def chromium_console(page: Path) -> list[str]:
    """What the page logs in headless Chromium (CSP violations among it) while it loads from disk."""
    browser = shutil.which("chromium")
    if browser is None:
        raise RuntimeError("chromium is missing: run ./setup.sh")
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    return [line for line in result.stderr.splitlines() if ":CONSOLE" in line]


def epubcheck(books: list[Path]) -> dict[Path, dict[str, Any]]:
    """EPUBCheck's JSON report for each book, all checked in one JVM (Triptych's own runner)."""
    from triptych.check.epub import epubcheck_reports

    reports, _ = epubcheck_reports(books)
    return reports


def epubcheck_problems(report: dict[str, Any]) -> list[str]:
    """Every fatal error, error and warning of an EPUBCheck report, one line each."""
    from triptych.check.epub import epubcheck_findings

    return [f"{f.rule}: {f.message} at {f.location}" for f in epubcheck_findings(report)]


def ace(book: Path) -> dict[str, Any]:
    """Ace by DAISY's report for a book (Triptych's own runner, with Debian's Chromium)."""
    from triptych.check.epub import ace_command, ace_report

    command = ace_command()
    if command is None:
        raise RuntimeError("Ace by DAISY is missing: run ./setup.sh (npm ci)")
    return ace_report(book, command)


def ace_violations(report: dict[str, Any]) -> list[str]:
    """Every violation Ace found, of any impact, one line each."""
    from triptych.check.epub import ace_findings

    return [f"{f.message} ({f.rule} in {f.location})" for f in ace_findings(report)]


def axe(page: Path, *, scheme: str = "light", highlight: bool = False) -> list[dict[str, Any]]:
    """axe-core's violations for a page, in headless Chromium (tests/js/axe.mjs), in a colour
    scheme, optionally with every sentence highlighted (to check the highlight's contrast)."""
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "js" / "axe.mjs"), str(page)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={
            **os.environ,
            "CHROMIUM": shutil.which("chromium") or "/usr/bin/chromium",
            "COLOR_SCHEME": scheme,
            **({"HIGHLIGHT": "1"} if highlight else {}),
        },
    )
    violations: list[dict[str, Any]] = json.loads(result.stdout)
    return violations
