"""What the run gives every exporter: the article, its images, the options, and the renditions.

A rendition (the print layout, the narration...) is reached through a typed key, ``Key[T]``,
that knows how to make it: ``context.get(PRINT_LAYOUT)`` is a ``PrintLayout``, made once per run
by the first exporter to ask, while the others that ask at the same time wait for it. The run
also says which renditions it *offers*: those that an edition of the run needs anyway (the PDF
needs the print layout, the audio edition the narration), so that an exporter that can use one
(the EPUB's page list, the web page's read-along) takes it only when it comes at no extra cost,
or when the user asks for it.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import threading
import weakref
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from triptych.media import MediaBag
from triptych.model import Article
from triptych.options import Option

T = TypeVar("T")


@dataclass(frozen=True, slots=True, eq=False)
class Key(Generic[T]):
    """The key of one rendition, with the function that makes it from the run's context."""

    name: str
    make: Callable[[ExportContext], T] = field(repr=False)
    basis: Key[Any] | None = None
    """The rendition this one is derived from: offered whenever its basis is."""

    def __post_init__(self) -> None:
        _KEYS.setdefault(self.name, self)

    def __repr__(self) -> str:
        return f"Key({self.name!r})"

    def __reduce__(self) -> tuple[Callable[[str], Key[Any]], tuple[str]]:
        return key_named, (self.name,)


_KEYS: dict[str, Key[Any]] = {}
"""Every key made, by name: a key travels to another process by its name."""


def key_named(name: str) -> Key[Any]:
    """The key of that name; one this process does not know stands for it, and can't be made here."""
    if name in _KEYS:
        return _KEYS[name]
    stand_in: Key[Any] = Key(name, _made_elsewhere)
    if _KEYS.get(name) is stand_in:
        del _KEYS[name]  # the module that defines it may still be loaded
    return stand_in


def _made_elsewhere(context: ExportContext) -> Any:
    raise LookupError("a rendition whose module this process has not loaded")


@dataclass
class ExportContext:
    """Shared state of one run: the article and its images, options, renditions, warnings."""

    article: Article
    options: Mapping[str, str] = field(default_factory=dict)
    """The ``-O KEY=VALUE`` options of the run, checked against the exporters' schemas."""
    media: MediaBag = field(default_factory=MediaBag)
    """The article's images, read and checked when the article was read."""
    offered: frozenset[Key[Any]] = frozenset()
    """The renditions an edition of this run needs anyway (see :meth:`offers`)."""
    warnings: list[str] = field(default_factory=list)
    work_root: Path | None = None
    """A scratch folder for the run (the run puts it in its staging folder); made on demand."""
    _renditions: dict[Key[Any], Any] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _making: dict[Key[Any], threading.RLock] = field(default_factory=dict, repr=False)
    _expected: dict[Key[Any], Future[Any]] = field(default_factory=dict, repr=False)

    def get(self, key: Key[T]) -> T:
        """The rendition of ``key``, made the first time it is asked for (if making it fails, the
        next exporter to ask tries again); one that is :meth:`expected` from elsewhere is waited for."""
        with self._lock:
            making = self._making.setdefault(key, threading.RLock())
            expected = self._expected.get(key)
        if expected is not None:
            with contextlib.suppress(LookupError):  # provided, unless it could not be: then made here
                expected.result()
        with making:
            if key not in self._renditions:
                self._renditions[key] = key.make(self)
            value: T = self._renditions[key]
        return value

    def provide(self, key: Key[T], value: T) -> None:
        """Supply a rendition made elsewhere (a test, or a caller that already has it)."""
        with self._lock:
            self._renditions[key] = value

    def expect(self, key: Key[Any], coming: Future[Any]) -> None:
        """Say that a rendition is being made elsewhere (an exporter's own process): :meth:`get`
        waits for ``coming`` (whose result is :meth:`provide`-d first; a ``LookupError``: make it here)."""
        with self._lock:
            self._expected[key] = coming

    def forget_expected(self) -> None:
        """Make every rendition here again (in the process that was to make them elsewhere)."""
        with self._lock:
            self._expected.clear()

    def made(self, key: Key[T]) -> T | None:
        """The rendition of ``key`` if an exporter of this run has made it, else ``None``."""
        with self._lock:
            found: T | None = self._renditions.get(key)
        return found

    def offers(self, key: Key[Any]) -> bool:
        """Whether the run makes this rendition (or the one it derives from) anyway."""
        step: Key[Any] | None = key
        while step is not None:
            if step in self.offered:
                return True
            step = step.basis
        return False

    def __getstate__(self) -> dict[str, Any]:
        """What a copy in another process gets: the article, its images, the options, what the run
        offers, the warnings so far and the scratch folder (not the renditions: it makes its own)."""
        return {"article": self.article, "options": dict(self.options), "media": self.media,
                "offered": self.offered, "warnings": list(self.warnings), "work_root": self.work_root}  # fmt: skip

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)  # type: ignore[misc]

    def option(self, option: Option[T]) -> T:
        """The value of one option of the run (its default when not given)."""
        return option.value(self.options)

    def workdir(self) -> Path:
        """A scratch folder that lives as long as the run (for audio being synthesized, say)."""
        with self._lock:
            if self.work_root is None:
                self.work_root = Path(tempfile.mkdtemp(prefix="triptych-work-"))
                weakref.finalize(self, shutil.rmtree, self.work_root, True)
            self.work_root.mkdir(parents=True, exist_ok=True)
            return self.work_root

    def warn(self, message: str) -> None:
        """Record a warning; it is reported and written to the manifest."""
        with self._lock:
            if message not in self.warnings:
                self.warnings.append(message)
