"""Checking editions, ours or anyone's: PDF/UA-1, EPUB (EPUBCheck and Ace), audio with captions.

:func:`check_files` runs every checker that applies, each slow-starting one once for all files,
and returns one :class:`EditionReport` per file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from triptych.errors import TriptychError

PASS, FAIL, ERROR = "pass", "fail", "error"


class CheckerMissing(TriptychError):
    """A checker that a file needs is not installed (exit status 2)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a checker found: its rule, what is wrong, and where."""

    checker: str
    rule: str
    message: str
    location: str = ""


@dataclass
class EditionReport:
    """The verdict on one file, with the findings and the versions of the checkers that gave it."""

    path: Path
    kind: str
    findings: list[Finding] = field(default_factory=list)
    checkers: dict[str, str] = field(default_factory=dict)
    error: str | None = None

    @property
    def verdict(self) -> str:
        """``pass``, ``fail`` (a checker found problems) or ``error`` (a file or checker was missing)."""
        if self.error:
            return ERROR
        return FAIL if self.findings else PASS


KINDS = {".pdf": "pdf", ".epub": "epub", ".mp3": "audio", ".m4b": "audio", ".m4a": "audio"}


def check_files(paths: Iterable[Path], *, verapdf: str | None = None) -> list[EditionReport]:
    """Check every file with the checkers for its kind; missing checkers are reported, not raised."""
    from triptych.check import audio, epub, pdf

    reports = []
    for path in paths:
        kind = KINDS.get(path.suffix.lower(), "")
        report = EditionReport(path=path, kind=kind or "unknown")
        if not kind:
            report.error = f"{path}: not a PDF, EPUB, MP3 or M4B file"
        elif not path.is_file():
            report.error = f"{path}: no such file"
        reports.append(report)
    runnable = [r for r in reports if not r.error]
    groups: dict[str, Sequence[EditionReport]] = {
        kind: [r for r in runnable if r.kind == kind] for kind in ("pdf", "epub", "audio")
    }
    pdf.check(groups["pdf"], verapdf=verapdf)
    epub.check(groups["epub"])
    audio.check(groups["audio"])
    return reports
