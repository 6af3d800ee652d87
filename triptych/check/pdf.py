"""PDF/UA-1: page-validation always; veraPDF too when it is installed (on PATH as ``verapdf``, or
named by ``TRIPTYCH_VERAPDF`` or ``--verapdf``)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

from triptych.check.findings import Finding

if TYPE_CHECKING:
    from triptych.check.findings import EditionReport

_VERA_FAIL = re.compile(r"^\s*FAIL (?P<rule>\S+) x\d+: (?P<message>.*)$")


def check(reports: Sequence[EditionReport], *, verapdf: str | None = None) -> None:
    """Add PDF/UA-1 findings to each report."""
    if not reports:
        return
    try:
        import page

        checker = f"page-validation {version('page-validation')}"
    except (ImportError, PackageNotFoundError):
        for report in reports:
            report.error = "page-validation is not installed: pip install page-validation"
        return
    for report in reports:
        report.checkers["page-validation"] = checker
        try:
            result = page.validate_pdf(str(report.path), profile="ua1")
        except Exception as exc:  # the checker's own failure on a broken file is a verdict too
            report.error = f"{report.path}: page-validation could not read it ({exc})"
            continue
        for failure in result.failures:
            report.findings.append(Finding("page-validation", failure.rule_id, failure.message))
    vera = verapdf or os.environ.get("TRIPTYCH_VERAPDF") or shutil.which("verapdf")
    if vera:
        _verapdf(vera, reports)


def _verapdf(command: str, reports: Sequence[EditionReport]) -> None:
    result = subprocess.run(
        [command, "--flavour", "ua1", *(str(r.path) for r in reports)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    current = None
    for line in result.stdout.splitlines():
        for report in reports:
            if line.startswith(f"{report.path}:"):
                current = report
                report.checkers["veraPDF"] = "veraPDF (PDF/UA-1 profile)"
        match = _VERA_FAIL.match(line)
        if match and current is not None:
            current.findings.append(Finding("veraPDF", match["rule"], match["message"].strip()))
        elif line.strip().startswith("at ") and current is not None and current.findings:
            last = current.findings[-1]
            if last.checker == "veraPDF" and not last.location:
                current.findings[-1] = Finding(last.checker, last.rule, last.message, line.strip()[3:])
