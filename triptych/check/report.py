"""The accessibility report: a terminal summary (rich), JSON, and an accessible HTML page."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lxml import etree, html

from triptych.check.findings import EditionReport, Finding
from triptych.clock import build_time
from triptych.version import __version__

_VERDICT_WORDS = {"pass": "passes", "fail": "fails", "error": "could not be checked"}


def report_data(reports: Sequence[EditionReport], folder: Path | None = None) -> dict[str, Any]:
    """The report as JSON-ready data: one entry per edition, with verdict, checkers and findings.

    Paths are relative to ``folder`` (the report's own) when given, so a report can move with its
    editions; ``created`` honours ``SOURCE_DATE_EPOCH``, so the same checks give the same report.
    """
    return {
        "triptych": __version__,
        "created": build_time().isoformat(timespec="seconds"),
        "verdict": overall(reports),
        "editions": [
            {
                "path": os.path.relpath(r.path, folder) if folder is not None else str(r.path),
                "kind": r.kind,
                "verdict": r.verdict,
                "checkers": r.checkers,
                **({"error": r.error} if r.error else {}),
                "findings": [
                    {"checker": f.checker, "rule": f.rule, "message": f.message, "location": f.location}
                    for f in r.findings
                ],
            }
            for r in reports
        ],
    }


def overall(reports: Sequence[EditionReport]) -> str:
    """``error`` if any edition could not be checked, else ``fail`` if any failed, else ``pass``."""
    verdicts = {r.verdict for r in reports}
    return "error" if "error" in verdicts else "fail" if "fail" in verdicts else "pass"


def _grouped(findings: Sequence[Finding]) -> dict[tuple[str, str], list[Finding]]:
    groups: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        groups[(finding.checker, finding.rule)].append(finding)
    return groups


def print_summary(reports: Sequence[EditionReport]) -> None:
    """One line per edition with its verdict, then the findings grouped by rule with where they are."""
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False, soft_wrap=True)
    styles = {"pass": "bold green", "fail": "bold red", "error": "bold yellow"}
    for report in reports:
        verdict = report.verdict
        checkers = ", ".join(report.checkers.values()) or "no checker"
        console.print(
            f"[{styles[verdict]}]{verdict.upper():<5}[/] {escape(str(report.path))} [dim]({escape(checkers)})[/]"
        )
        if report.error:
            console.print(f"      [yellow]{escape(report.error)}[/]")
        for (checker, rule), found in _grouped(report.findings).items():
            console.print(f"      {escape(checker)} [bold]{escape(rule)}[/] ×{len(found)}: {escape(found[0].message)}")
            for finding in found[:5]:
                if finding.location:
                    console.print(f"        at {escape(finding.location)}")


def _el(parent: Any, tag: str, text: str | None = None, **attrs: str) -> Any:
    element = etree.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


CSS = """
body { font-family: system-ui, sans-serif; line-height: 1.5; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #111; background: #fff; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
caption { text-align: left; font-weight: bold; }
th, td { text-align: left; border-bottom: 1px solid #555; padding: 0.3rem 0.5rem; vertical-align: top; }
.pass { color: #0a5c0a; } .fail { color: #a00000; } .error { color: #7a4a00; }
code { overflow-wrap: anywhere; }
"""


def report_html(reports: Sequence[EditionReport], title: str) -> bytes:
    """An accessible HTML page of the report."""
    root = etree.Element("html", {"lang": "en"})
    head = _el(root, "head")
    _el(head, "meta", charset="utf-8")
    _el(head, "meta", name="viewport", content="width=device-width, initial-scale=1")
    _el(head, "title", f"Accessibility report: {title}")
    _el(head, "style", CSS)
    body = _el(root, "body")
    main = _el(body, "main")
    _el(main, "h1", f"Accessibility report: {title}")
    verdict = overall(reports)
    summary = _el(main, "p")
    summary.text = "Overall verdict: "
    _el(summary, "strong", verdict, class_=verdict)
    table = _el(main, "table")
    _el(table, "caption", "Editions checked")
    row = _el(_el(table, "thead"), "tr")
    for heading in ("Edition", "Kind", "Verdict", "Checkers", "Findings"):
        _el(row, "th", heading, scope="col")
    body_rows = _el(table, "tbody")
    for report in reports:
        row = _el(body_rows, "tr")
        _el(_el(row, "th", scope="row"), "code", report.path.name)
        _el(row, "td", report.kind)
        _el(row, "td", _VERDICT_WORDS[report.verdict], class_=report.verdict)
        _el(row, "td", ", ".join(report.checkers.values()) or "none")
        _el(row, "td", str(len(report.findings)))
    for number, report in enumerate(reports, 1):
        section = _el(main, "section", aria_labelledby=f"edition-{number}")
        _el(section, "h2", f"{report.path.name}: {_VERDICT_WORDS[report.verdict]}", id=f"edition-{number}")
        if report.error:
            _el(section, "p", report.error, class_="error")
        if not report.findings:
            _el(section, "p", "No problems found." if not report.error else "No findings.")
            continue
        findings = _el(section, "table")
        _el(findings, "caption", f"Findings for {report.path.name}, grouped by rule")
        row = _el(_el(findings, "thead"), "tr")
        for heading in ("Checker", "Rule", "Problem", "Where"):
            _el(row, "th", heading, scope="col")
        rows = _el(findings, "tbody")
        for (checker, rule), found in _grouped(report.findings).items():
            for finding in found:
                row = _el(rows, "tr")
                _el(row, "td", checker)
                _el(_el(row, "th", scope="row"), "code", rule)
                _el(row, "td", finding.message)
                _el(row, "td", finding.location or "the whole file")
    page: bytes = html.tostring(root, doctype="<!DOCTYPE html>", encoding="utf-8", method="html")
    return page


def write_reports(reports: Sequence[EditionReport], outdir: Path, stem: str, title: str) -> tuple[Path, Path]:
    """Write ``<stem>.report.json`` and ``<stem>.report.html`` into ``outdir`` (atomically)."""
    from triptych.files import atomic_write_bytes

    json_path, html_path = outdir / f"{stem}.report.json", outdir / f"{stem}.report.html"
    data = json.dumps(report_data(reports, outdir), indent=2, ensure_ascii=False) + "\n"
    atomic_write_bytes(json_path, data.encode("utf-8"))
    atomic_write_bytes(html_path, report_html(reports, title))
    return json_path, html_path
