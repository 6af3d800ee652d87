"""An exporter in a process of its own, forked from the run: for an engine that holds Python's lock
for most of its work (the PDF's layout is Python), so that it does not take turns with the other
editions made at the same time.

The child is a fork of the run, so it has the article, its images and the renditions made so far
without copying them; it runs the exporter as the run would (:func:`triptych.run.exporting.run_one`,
with its time limit, into the same staging folder) and sends back what the run keeps: the output,
what the exporter reported, the warnings, and the renditions derived from its work that the other
exporters may use (the print page breaks for the EPUB), which the run's context waits for instead
of making them again. A child that dies (killed, out of memory) fails its edition only.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from triptych.context import ExportContext, Key
from triptych.exporter import Exporter

M = TypeVar("M")
GRACE_SECONDS = 10.0
"""How long past the exporter's own time limit the run waits for a child that does not answer."""


def can_fork() -> bool:
    """Whether exporters can run in forked processes here (Linux: fork is cheap and safe before threads)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def derived(exporter: Exporter, wanted: Iterable[Key[Any]]) -> list[Key[Any]]:
    """The renditions in ``wanted`` that come from one the exporter requires (its child makes them)."""
    own = frozenset(getattr(exporter, "requires", frozenset()))
    found = []
    for key in wanted:
        step = key.basis
        while step is not None and step not in own:
            step = step.basis
        if step is not None:
            found.append(key)
    return found


@dataclass(frozen=True, slots=True)
class _Answer:
    made: Any
    warnings: list[str]
    renditions: dict[str, Any]


class ForkedExport:
    """One exporter running in a forked child; :meth:`result` waits for what it made."""

    def __init__(
        self,
        exporter: Exporter,
        run: Callable[[Exporter], Any],
        context: ExportContext,
        shared: list[Key[Any]],
        timeout: float | None,
    ) -> None:
        self.exporter = exporter
        self.context = context
        self.shared = shared
        self.timeout = None if timeout is None else timeout + GRACE_SECONDS
        self.futures: dict[Key[Any], Future[Any]] = {key: Future() for key in shared}
        for key, future in self.futures.items():
            context.expect(key, future)
        known = list(context.warnings)
        forking = multiprocessing.get_context("fork")
        self._receive, send = forking.Pipe(duplex=False)
        self._process = forking.Process(
            target=_child, args=(send, exporter, run, context, shared, known), name=f"triptych-{exporter.name}"
        )
        self._process.start()
        send.close()

    def result(self, failed: Callable[[Exporter, str], M]) -> M:
        """What the child made (a ``Made``), or ``failed(exporter, message)`` if it died or hung."""
        answer: _Answer | None = None
        try:
            if self._receive.poll(self.timeout):
                answer = self._receive.recv()
        except (EOFError, OSError, pickle.UnpicklingError):
            answer = None
        finally:
            self._receive.close()
        if answer is None and self._process.is_alive():
            self._process.kill()
        self._process.join()
        if answer is None:
            code = self._process.exitcode
            self._settle({})
            why = f"was stopped by signal {-code}" if code is not None and code < 0 else f"ended ({code})"
            return failed(self.exporter, f"the {self.exporter.name} export's process {why} before it was done")
        for warning in answer.warnings:
            self.context.warn(warning)
        self._settle(answer.renditions)
        return cast(M, answer.made)

    def _settle(self, renditions: dict[str, Any]) -> None:
        for key, future in self.futures.items():
            if key.name in renditions:
                self.context.provide(key, renditions[key.name])
                future.set_result(renditions[key.name])
            else:  # the run's context makes it itself
                future.set_exception(LookupError(key.name))


def _child(
    send: Any,
    exporter: Exporter,
    run: Callable[[Exporter], Any],
    context: ExportContext,
    shared: list[Key[Any]],
    known: list[str],
) -> None:
    """In the child: run the exporter, then send back what it made."""
    context.forget_expected()
    made = run(exporter)
    renditions: dict[str, Any] = {}
    if getattr(made.output, "ok", False):
        for key in shared:
            with contextlib.suppress(Exception):  # else the run makes it itself
                renditions[key.name] = context.get(key)
    warnings = [w for w in context.warnings if w not in known]
    try:
        send.send(_Answer(made, warnings, renditions))
    except (pickle.PicklingError, TypeError, AttributeError):  # a rendition that can't travel
        send.send(_Answer(made, warnings, {}))
    send.close()
    sys.stdout.flush()
    os._exit(0)  # nothing of the run's to clean up here: the run does


def fork_when_useful(exporters: tuple[Exporter, ...], concurrently: bool) -> Callable[[Exporter], bool]:
    """Which exporters to fork: those that ask for it (``isolated = True``), when others run at the same time."""
    useful = concurrently and len(exporters) > 1 and can_fork()
    return lambda exporter: useful and bool(getattr(exporter, "isolated", False))
