"""What a run made: one :class:`Output` per edition, gathered in an :class:`ExportResult`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from triptych.check import EditionReport


@dataclass(frozen=True, slots=True)
class Output:
    """One edition made (or attempted) by a run."""

    format: str
    path: Path | None
    bytes: int
    sha256: str | None
    seconds: float
    error: str | None = None
    files: tuple[Path, ...] = ()
    details: Mapping[str, str | int | float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the edition was made."""
        return self.error is None


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What ``export`` made from one source."""

    source: Path
    slug: str
    outputs: tuple[Output, ...]
    manifest: Path
    warnings: tuple[str, ...] = ()
    tracebacks: tuple[str, ...] = field(default=(), repr=False)
    checks: tuple[EditionReport, ...] | None = None
    """The accessibility checks of the editions (with ``check=True``)."""

    @property
    def ok(self) -> bool:
        """True when every requested edition was made (and, when checked, passed its checks)."""
        made = all(o.ok for o in self.outputs)
        return made and (self.checks is None or all(r.verdict == "pass" for r in self.checks))
