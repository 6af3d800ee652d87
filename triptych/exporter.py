"""What an exporter is, and what the run gives it.

An exporter is any object with a ``name``, a file ``suffix`` (no dot), a one-line
``description`` and an ``export(article, target, context)`` method that writes one file at
``target`` (companion files go beside it, with the same stem). The run hands it a ``target`` in
a private staging folder and moves every file into place only when ``export`` returns, so an
exporter never leaves a half-written file under a final name. ``export`` may return an
:class:`Exported` to name a main file other than ``target`` (another suffix chosen by an option)
and to add details to the manifest.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import weakref
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

    def export(self, article: Article, target: Path, context: ExportContext) -> Exported | None:
        """Write the edition of ``article`` to ``target``."""


@dataclass(frozen=True, slots=True)
class Exported:
    """What an exporter may report: its main file (when not ``target``) and details for the manifest."""

    path: Path | None = None
    details: Mapping[str, str | int | float] = field(default_factory=dict)


@dataclass
class ExportContext:
    """Shared state of one run: options, renditions computed once, warnings.

    The run's exporters may work at the same time, each in a thread of its own: a rendition is
    made once, by the first exporter to ask for it, while the others that ask wait for it.
    """

    article: Article
    options: Mapping[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    work_root: Path | None = None
    """A scratch folder for the run (the pipeline puts it in its staging folder); made on demand."""
    _renditions: dict[str, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _making: dict[str, threading.RLock] = field(default_factory=dict, repr=False)

    def workdir(self) -> Path:
        """A scratch folder that lives as long as the run (for audio being synthesized, say)."""
        with self._lock:
            if self.work_root is None:
                self.work_root = Path(tempfile.mkdtemp(prefix="triptych-work-"))
                weakref.finalize(self, shutil.rmtree, self.work_root, True)
            self.work_root.mkdir(parents=True, exist_ok=True)
            return self.work_root

    def rendition(self, key: str, make: Callable[[], T]) -> T:
        """The rendition named ``key``, made by ``make()`` the first time it is asked for (if
        ``make`` fails, the next exporter to ask tries again)."""
        with self._lock:
            making = self._making.setdefault(key, threading.RLock())
        with making:
            if key not in self._renditions:
                self._renditions[key] = make()
            value: T = self._renditions[key]
        return value

    def flag(self, key: str) -> bool:
        """Whether a yes/no option (``-O key=yes``) is on."""
        return self.options.get(key, "").lower() in ("yes", "true", "1")

    def cached(self, key: str) -> Any | None:
        """The rendition named ``key`` if some exporter of this run has made it, else ``None``."""
        return self._renditions.get(key)

    def cached_like(self, prefix: str) -> list[Any]:
        """Every rendition made so far whose key starts with ``prefix``."""
        with self._lock:
            return [value for key, value in list(self._renditions.items()) if key.startswith(prefix)]

    def warn(self, message: str) -> None:
        """Record a warning; it is reported and written to the manifest."""
        with self._lock:
            if message not in self.warnings:
                self.warnings.append(message)
