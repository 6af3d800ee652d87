"""Running the exporters of a run: each in its own staging sub-folder and time limit, at the
same time (each in a thread) or one after another; one exporter's failure never stops the others."""

from __future__ import annotations

import shutil
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from triptych.context import ExportContext
from triptych.errors import TriptychError
from triptych.exporter import Exported, Exporter
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


def run_all(run: Callable[[Exporter], Made], exporters: tuple[Exporter, ...], *, concurrently: bool) -> list[Made]:
    """Run every exporter, each in a thread of its own (``concurrently``) or one after another.

    Exporters spend most of their time outside Python's lock (the speech engine and the encoder
    are other processes; the PDF engine's text layout is C), so on two or more cores the run
    takes about as long as its slowest edition. Results come back in the order asked for.
    """
    if not concurrently or len(exporters) < 2:
        return [run(exporter) for exporter in exporters]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=len(exporters), thread_name_prefix="triptych-exporter") as pool:
        return list(pool.map(run, exporters))


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
