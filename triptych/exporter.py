"""What an exporter is, and what the run gives it.

An exporter is any object with a ``name``, a file ``suffix`` (no dot), a one-line
``description`` and an ``export(article, target, context)`` method that writes one file at
``target`` (companion files go beside it, with the same stem). The run hands it a ``target`` in
a private staging folder and moves every file into place only when ``export`` returns, so an
exporter never leaves a half-written file under a final name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar, runtime_checkable

from triptych.model import Article

T = TypeVar("T")


@runtime_checkable
class Exporter(Protocol):
    """The exporter plugin protocol (entry-point group ``triptych.exporters``)."""

    name: str
    suffix: str
    description: str

    def export(self, article: Article, target: Path, context: ExportContext) -> None:
        """Write the edition of ``article`` to ``target``."""


@dataclass
class ExportContext:
    """Shared state of one run: options, renditions computed once, warnings."""

    article: Article
    options: Mapping[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    _renditions: dict[str, Any] = field(default_factory=dict)

    def rendition(self, key: str, make: Callable[[], T]) -> T:
        """The rendition named ``key``, made by ``make()`` the first time it is asked for."""
        if key not in self._renditions:
            self._renditions[key] = make()
        value: T = self._renditions[key]
        return value

    def warn(self, message: str) -> None:
        """Record a warning; it is reported and written to the manifest."""
        if message not in self.warnings:
            self.warnings.append(message)
