"""Checking editions, ours or anyone's: PDF/UA-1, EPUB (EPUBCheck and Ace), audio with captions;
and what ``triptych publish`` writes: a podcast feed, an OPDS 2.0 catalogue.

:func:`check_files` runs every checker that applies, each slow-starting one once for all files,
and returns one :class:`EditionReport` per file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from triptych.check.findings import KINDS, EditionReport, Finding, Verdict

__all__ = ["KINDS", "EditionReport", "Finding", "Verdict", "check_files"]


def check_files(paths: Iterable[Path], *, verapdf: str | None = None) -> list[EditionReport]:
    """Check every file with the checkers for its kind; missing checkers are reported, not raised."""
    from triptych.check import audio, catalogue, epub, feed, pdf

    verapdf = pdf.verapdf_command(verapdf)  # a --verapdf that can't be run is said before any check
    reports = []
    for path in paths:
        kind = KINDS.get(path.suffix.lower(), "")
        report = EditionReport(path=path, kind=kind or "unknown")
        if not kind:
            report.error = f"{path}: not a PDF, EPUB, MP3 or M4B file, podcast feed (.xml) or OPDS catalogue (.json)"
        elif not path.is_file():
            report.error = f"{path}: no such file"
        reports.append(report)
    runnable = [r for r in reports if not r.error]
    groups: dict[str, Sequence[EditionReport]] = {
        kind: [r for r in runnable if r.kind == kind] for kind in ("pdf", "epub", "audio", "feed", "catalogue")
    }
    pdf.check(groups["pdf"], verapdf=verapdf)
    epub.check(groups["epub"])
    audio.check(groups["audio"])
    feed.check(groups["feed"])
    catalogue.check(groups["catalogue"])
    return reports
