"""What a check finds: one :class:`Finding` per problem, one :class:`EditionReport` per file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Verdict = Literal["pass", "fail", "error"]


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
    def verdict(self) -> Verdict:
        """``pass``, ``fail`` (a checker found problems) or ``error`` (a file or checker was missing)."""
        if self.error:
            return "error"
        return "fail" if self.findings else "pass"


KINDS = {
    ".pdf": "pdf", ".epub": "epub", ".mp3": "audio", ".m4b": "audio", ".m4a": "audio",
    ".xml": "feed", ".rss": "feed", ".json": "catalogue",
}  # fmt: skip
"""The kind of file each suffix names: an edition, or what ``triptych publish`` writes (a podcast
feed, an OPDS 2.0 catalogue)."""
