"""Where the service's jobs run: a pool of warm worker processes, or a dask cluster.

A job is the per-article task of ``triptych build`` (:func:`triptych.batch.survey`, then
:func:`triptych.batch.build_article`), run on the article the client uploaded, into the job's
own ``editions/`` folder. The local pool's processes import the exporters and their engines
once, when they start (:func:`warm`), so a job pays only for its own work. When a worker
process dies, the pool is made anew; the jobs it was running are given back to the dispatcher,
which runs them again or fails them (see :mod:`triptych.service.dispatch`).
"""

from __future__ import annotations

import concurrent.futures
import json
import tempfile
import threading
from collections.abc import Mapping
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from triptych.batch.executors import DaskExecutor, pool_context

EDITIONS = "editions"
"""The sub-folder of a job's folder that holds what it made."""
WARM_UP = "# Warm-up\n\nOne sentence that wakes the engines up.\n"


@dataclass(frozen=True, slots=True)
class Task:
    """One job, as sent to a worker (picklable)."""

    job_id: str
    folder: Path
    source: Path
    formats: tuple[str, ...]
    options: Mapping[str, str] = field(default_factory=dict)
    reader: str | None = None
    language: str | None = None
    check: bool = False
    concurrent: bool = True
    """The job's exporters at the same time (the PDF's in a forked process): its editions sooner."""


def run_job(task: Task) -> dict[str, Any]:
    """Make the job's editions, as ``triptych build`` makes an article's; what was made (never raises)."""
    from triptych.batch import Job, Settings, build_article, survey

    surveyed = survey(task.source, task.reader, task.options, task.language)
    if surveyed.reading is None:
        return {"status": "failed", "errors": [surveyed.error or "the article can't be read"], "warnings": []}
    settings = Settings(task.formats, task.reader, task.language, task.options, task.check, force=True,
                        concurrent=task.concurrent)  # fmt: skip
    folder = task.folder / EDITIONS
    outcome = build_article(Job(task.source, surveyed.slug or "article", folder, settings, surveyed.reading))
    result: dict[str, Any] = {
        "status": outcome.status,
        "slug": outcome.slug,
        "seconds": round(outcome.seconds, 3),
        "errors": list(outcome.errors),
        "warnings": list(outcome.warnings),
    }
    manifest = folder / f"{outcome.slug}.manifest.json"
    if manifest.is_file():
        result["outputs"] = json.loads(manifest.read_text(encoding="utf-8"))["outputs"]
    report = folder / f"{outcome.slug}.report.json"
    if report.is_file():
        result["checks"] = json.loads(report.read_text(encoding="utf-8"))
    return result


def warm() -> None:
    """Import the exporters and their engines and make a tiny article once (the pool's initializer)."""
    from triptych.plugins import Registry

    names = Registry.discover().names
    with tempfile.TemporaryDirectory(prefix="triptych-warm-") as folder:
        source = Path(folder) / "warm-up.md"
        source.write_text(WARM_UP, encoding="utf-8")
        # one exporter after another, in this process: each engine is loaded and used here, so that
        # an edition forked from this process later finds its engine ready
        run_job(Task("warm-up", Path(folder), source, tuple(names), concurrent=False))


def ready() -> bool:
    """Nothing: a task that makes the pool start a process."""
    return True


class Backend(Protocol):
    """Runs tasks; ``submit`` gives a future of :func:`run_job`'s result."""

    name: str
    workers: int

    def submit(self, task: Task) -> concurrent.futures.Future[dict[str, Any]]: ...

    def renew(self, broken: concurrent.futures.Future[dict[str, Any]]) -> None: ...

    def close(self) -> None: ...


class WarmPool:
    """``workers`` local processes that have imported the engines (``warm_up``: and made a tiny article)."""

    name = "local"

    def __init__(self, workers: int, *, warm_up: bool = True) -> None:
        self.workers = workers
        self._warm_up = warm_up
        self._lock = threading.Lock()
        self._pool = self._new()

    def _new(self) -> concurrent.futures.ProcessPoolExecutor:
        """A pool whose processes start now (each warms up before it takes a job)."""
        initializer = warm if self._warm_up else None
        pool = concurrent.futures.ProcessPoolExecutor(self.workers, mp_context=pool_context(), initializer=initializer)
        for _ in range(self.workers):  # start every process now, not when the first jobs come
            pool.submit(ready)
        return pool

    def submit(self, task: Task) -> concurrent.futures.Future[dict[str, Any]]:
        """Run the task on the pool; a pool broken by a dead worker is made anew first."""
        with self._lock:
            try:
                return self._pool.submit(run_job, task)
            except BrokenProcessPool:
                self._renew()
                return self._pool.submit(run_job, task)

    def renew(self, broken: concurrent.futures.Future[dict[str, Any]]) -> None:
        """A task's worker died: make a new pool unless that is done already (its other tasks
        fail with the same error and come here too)."""
        with self._lock:
            if getattr(self._pool, "_broken", False):
                self._renew()

    def _renew(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new()

    def close(self) -> None:
        """Stop the workers (running jobs are abandoned: they are requeued on the next start)."""
        with self._lock:
            self._pool.shutdown(wait=False, cancel_futures=True)


class DaskBackend:
    """The jobs on a dask.distributed cluster, through ``triptych build``'s executor."""

    name = "dask"

    def __init__(self, workers: int, scheduler: str | None) -> None:
        self._executor = DaskExecutor(workers, scheduler).__enter__()
        self.workers = self._executor.workers or workers
        self._threads = concurrent.futures.ThreadPoolExecutor(max(self.workers, 1), thread_name_prefix="dask-job")

    def submit(self, task: Task) -> concurrent.futures.Future[dict[str, Any]]:
        """Run the task on the cluster (a thread waits for it)."""
        return self._threads.submit(self._run, task)

    def _run(self, task: Task) -> dict[str, Any]:
        for _, result in self._executor.run(run_job, [task]):
            if isinstance(result, BaseException):
                raise result
            assert isinstance(result, dict)
            return result
        raise RuntimeError("the cluster returned no result")

    def renew(self, broken: concurrent.futures.Future[dict[str, Any]]) -> None:
        """Nothing to do: dask replaces its own workers."""

    def close(self) -> None:
        """Let the threads go and close the client."""
        self._threads.shutdown(wait=False, cancel_futures=True)
        self._executor.__exit__(None, None, None)


def make_backend(
    kind: str, workers: int, scheduler: str | None = None, *, warm_up: bool = True
) -> WarmPool | DaskBackend:
    """The backend named ``kind`` (``local`` or ``dask``)."""
    if kind == "dask":
        return DaskBackend(workers, scheduler)
    return WarmPool(workers, warm_up=warm_up)
