"""PDF/UA-1: page-validation always; veraPDF too when it is installed (on PATH as ``verapdf``, or
named by ``TRIPTYCH_VERAPDF`` or ``--verapdf``)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

from lxml import etree

from triptych.check.findings import Finding
from triptych.errors import UsageError

if TYPE_CHECKING:
    from triptych.check.findings import EditionReport


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
    vera = verapdf_command(verapdf)
    if vera:
        _verapdf(vera, reports)


def verapdf_command(given: str | None) -> str | None:
    """The veraPDF command to run: ``given`` (``--verapdf``), ``TRIPTYCH_VERAPDF``, else
    ``verapdf`` on PATH (``None``: not installed). A command named that can't be run is a
    ``UsageError``, before any checking."""
    named = given or os.environ.get("TRIPTYCH_VERAPDF")
    if not named:
        return shutil.which("verapdf")
    found = shutil.which(named)
    if found is None:
        where = "--verapdf" if given else "TRIPTYCH_VERAPDF"
        raise UsageError(f"{where} {named!r}: no such command", hint="name veraPDF's command, or leave it out")
    return found


def _verapdf(command: str, reports: Sequence[EditionReport]) -> None:
    """veraPDF's verdicts, read from its XML report and its exit status (0: all compliant, 1:
    some not); anything else it answers (no report, a report that is not XML, a file it gives
    no verdict on, an exit status that does not match) is an error naming veraPDF, never a pass."""
    try:
        result = subprocess.run(
            [command, "--format", "xml", "--flavour", "ua1", *(str(r.path) for r in reports)],
            capture_output=True, timeout=600, check=False,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as exc:
        _vera_error(reports, f"veraPDF ({command}) could not be run ({exc})")
        return
    answer = f"exit status {result.returncode}"
    tail = (
        result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        or result.stdout.decode("utf-8", "replace").strip().splitlines()[:1]
    )
    if tail:
        answer += f": {tail[0][:200]}"
    try:
        root = etree.fromstring(result.stdout, _SAFE_XML)
    except etree.XMLSyntaxError:
        _vera_error(reports, f"veraPDF ({command}) gave no XML report ({answer})")
        return
    if root is None or root.tag != "report":
        _vera_error(reports, f"veraPDF ({command}) gave no XML report ({answer})")
        return
    core = root.find("buildInformation/releaseDetails[@id='core']")
    name = f"veraPDF {core.get('version')}" if core is not None and core.get("version") else "veraPDF"
    jobs = {}
    for job in root.iter("job"):
        item = job.findtext("item/name")
        if item:
            jobs[os.path.realpath(item.strip())] = job
    verdicts: list[bool] = []
    for report in reports:
        job = jobs.get(os.path.realpath(report.path))
        verdict = _vera_verdict(report, job, name) if job is not None else None
        if verdict is None:
            if job is None:
                _vera_error([report], f"{report.path}: veraPDF gave no verdict on it ({answer})")
            continue
        verdicts.append(verdict)
    expected = {0} if all(verdicts) else {0, 1}
    if result.returncode not in expected:
        _vera_error(reports, f"veraPDF ({command}) answered with {answer}, not what its report says")


def _vera_verdict(report: EditionReport, job: etree._Element, name: str) -> bool | None:
    """Whether veraPDF found the file compliant (its findings added), or ``None`` (an error set)."""
    validation = job.find("validationReport")
    compliant = validation.get("isCompliant") if validation is not None else None
    if validation is None or compliant not in ("true", "false"):
        problem = job.findtext(".//exceptionMessage") or job.findtext(".//taskException") or "no validation report"
        _vera_error([report], f"{report.path}: veraPDF could not check it ({' '.join(problem.split())[:300]})")
        return None
    failed = validation.findall("details/rule[@status='failed']")
    if (compliant == "true") == bool(failed):
        _vera_error([report], f"{report.path}: veraPDF's report contradicts itself (compliant={compliant})")
        return None
    report.checkers["veraPDF"] = f"{name} (PDF/UA-1 profile)"
    for rule in failed:
        where = rule.findtext("check/context") or ""
        description = " ".join((rule.findtext("description") or "").split())
        report.findings.append(
            Finding("veraPDF", f"{rule.get('clause')}-{rule.get('testNumber')}", description, where.strip())
        )
    return compliant == "true"


def _vera_error(reports: Sequence[EditionReport], message: str) -> None:
    for report in reports:
        report.checkers.pop("veraPDF", None)
        report.error = f"{report.error}; {message}" if report.error else message


_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
