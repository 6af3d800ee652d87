"""Running the exporters of a run: each in its own staging sub-folder and time limit, at the
same time (each in a thread) or one after another; one exporter's failure never stops the others."""

from __future__ import annotations

import shutil
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from triptych.context import ExportContext, Key
from triptych.errors import TriptychError
from triptych.exporter import Exported, Exporter, declared_keys
from triptych.files import disk_error, sha256_file
from triptych.limits import Limits
from triptych.memory import MEMORY_HINT, out_of_memory, over_ceiling
from triptych.run.result import Output
from triptych.timeout import time_limit


@dataclass(frozen=True, slots=True)
class Made:
    """One exporter's work: its output, what it reported, and the traceback of an unexpected failure."""

    exporter: Exporter
    output: Output
    reported: Exported = field(default_factory=Exported)
    trace: str | None = None

    def with_output(self, output: Output) -> Made:
        """The same work with its output changed (published, or certified)."""
        return replace(self, output=output)


def run_all(
    run: Callable[[Exporter], Made],
    exporters: tuple[Exporter, ...],
    *,
    concurrently: bool,
    context: ExportContext | None = None,
    stage: Path | None = None,
    limits: Limits | None = None,
    shared: Iterable[Key[Any]] = (),
) -> list[Made]:
    """Run every exporter, each in a thread of its own (``concurrently``) or one after another.

    Most exporters spend their time outside Python's lock (the speech engine and the encoder are
    other processes); one that does not (``isolated = True``: the PDF, whose layout is Python)
    runs in a forked process of its own (:mod:`triptych.run.isolation`), given the ``context``,
    and sends back the renditions derived from its work that the others can use, and the
    ``shared`` ones the run reads afterwards. On two or more cores the run takes about as long as
    its slowest edition. Results come back in the order asked for.
    """
    from triptych.run.isolation import ForkedExport, derived, fork_when_useful, start_server

    fork = fork_when_useful(exporters, concurrently)
    if not concurrently or (not any(map(fork, exporters)) and len(exporters) < 2):
        return [run(exporter) for exporter in exporters]
    from concurrent.futures import ThreadPoolExecutor

    forked: dict[str, ForkedExport] = {}
    if context is not None and stage is not None:
        wanted = {*shared, *(key for e in exporters for a in ("requires", "can_use") for key in declared_keys(e, a))}
        limits = limits or Limits()
        start_server([e for e in exporters if fork(e)])  # one server for them all, unless one runs
        for exporter in filter(fork, exporters):  # before any thread starts: a fork copies only this one
            shared_keys = derived(exporter, wanted)
            forked[exporter.name] = ForkedExport(exporter, run, context, shared_keys, limits.timeout, limits.memory,
                                                 alone=len(exporters) == 1)  # fmt: skip

    def one(exporter: Exporter) -> Made:
        if exporter.name not in forked:
            return run(exporter)
        return forked[exporter.name].result(lambda e, message: _lost(e, message, stage))

    with ThreadPoolExecutor(max_workers=len(exporters), thread_name_prefix="triptych-exporter") as pool:
        return list(pool.map(one, exporters))


def _lost(exporter: Exporter, message: str, stage: Path | None) -> Made:
    """The work of an exporter whose process ended before it answered."""
    if stage is not None:
        shutil.rmtree(stage / exporter.name, ignore_errors=True)
    failed = Output(format=exporter.name, path=None, bytes=0, sha256=None, seconds=0.0, error=message)
    return Made(exporter, failed)


def run_one(exporter: Exporter, context: ExportContext, stage: Path, out: Path, slug: str, limits: Limits) -> Made:
    """Run one exporter into its own staging sub-folder; its files are published with the others."""
    fmt = exporter.name
    folder = stage / fmt
    folder.mkdir()
    target = folder / f"{slug}.{exporter.suffix}"
    started = time.perf_counter()
    try:
        with time_limit(limits.timeout, f"the {fmt} export"):
            reported = exporter.export(context.article, target, context) or Exported()
        target = reported.path or target
        if not target.is_file() or target.parent != folder:
            raise TriptychError(f"exporter {fmt!r} finished without writing {target.name}")
    except Exception as exc:  # one exporter's failure never stops the others
        shutil.rmtree(folder, ignore_errors=True)
        message = str(exc) if isinstance(exc, TriptychError) else f"{type(exc).__name__}: {exc}"
        trace = None if isinstance(exc, TriptychError) else traceback.format_exc()
        if error := disk_error(out, exc):
            message, trace = str(error), None
        elif out_of_memory(exc):
            message, trace = f"{over_ceiling(limits.memory)}; {MEMORY_HINT}", None
        failed = Output(format=fmt, path=None, bytes=0, sha256=None, seconds=time.perf_counter() - started,
                        error=message)  # fmt: skip
        return Made(exporter, failed, trace=trace)
    output = Output(
        format=fmt,
        path=target,
        bytes=target.stat().st_size,
        sha256=sha256_file(target),
        seconds=time.perf_counter() - started,
        files=tuple(sorted(p for p in folder.iterdir() if p.is_file())),
        details=dict(reported.details),
    )
    return Made(exporter, output, reported)
