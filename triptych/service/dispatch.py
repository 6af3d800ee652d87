"""The dispatcher: takes queued jobs from the store to the workers, records how they end, calls
back, and removes finished jobs after the retention period.

Only as many jobs as there are workers are handed out at a time; the rest wait in SQLite, so a
restart finds them there. A job whose worker dies (``BrokenProcessPool``) is given back to the
queue, up to :data:`MAX_ATTEMPTS` runs in all, then fails with its reason; the other jobs go on.
"""

from __future__ import annotations

import concurrent.futures
import json
import logging
import shutil
import threading
import time
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from triptych.batch.executors import CRASHED
from triptych.service.callbacks import Caller
from triptych.service.jobs import JobRecord, JobStore
from triptych.service.views import job_folder, job_view
from triptych.service.worker import Backend, Task

MAX_ATTEMPTS = 3
log = logging.getLogger("triptych.service")


@dataclass(frozen=True, slots=True)
class Retention:
    """How long finished jobs are kept, and how often that is looked at."""

    keep_days: float = 7.0

    @property
    def sweep_seconds(self) -> float:
        """Every hour, or sooner for short periods."""
        return max(0.5, min(3600.0, self.keep_days * 86400 / 4))


class Dispatcher:
    """Feeds the backend from the store, on a thread of its own."""

    def __init__(self, store: JobStore, backend: Backend, caller: Caller, data: Path, retention: Retention) -> None:
        self.store = store
        self.backend = backend
        self.caller = caller
        self.data = data
        self.retention = retention
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._running: set[str] = set()
        self._threads: list[threading.Thread] = []

    def start(self) -> int:
        """Requeue the jobs a stopped server was running, and start; how many were requeued."""
        requeued = self.store.requeue_interrupted()
        self._threads = [
            threading.Thread(target=self._loop, name="dispatcher", daemon=True),
            threading.Thread(target=self._sweeper, name="retention", daemon=True),
        ]
        for thread in self._threads:
            thread.start()
        self._wake.set()
        return requeued

    def wake(self) -> None:
        """A job was queued (or a worker freed)."""
        self._wake.set()

    def stop(self) -> None:
        """Stop handing out jobs; those running stay ``running`` in the store (requeued on start)."""
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout=5)
        self.backend.close()
        self.caller.close()

    @property
    def running(self) -> int:
        """Jobs handed to the workers."""
        with self._lock:
            return len(self._running)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(1.0)
            self._wake.clear()
            while not self._stop.is_set():
                with self._lock:
                    if len(self._running) >= self.backend.workers:
                        break
                    job = self.store.claim()
                    if job is None:
                        break
                    self._running.add(job.id)
                self._submit(job)

    def _submit(self, job: JobRecord) -> None:
        folder = job_folder(self.data, job.id)
        request = job.request
        task = Task(
            job_id=job.id,
            folder=folder,
            source=folder / job.source,
            formats=tuple(request["formats"]),
            options=dict(request.get("options", {})),
            reader=request.get("reader"),
            language=request.get("language"),
            check=bool(request.get("check")),
        )
        try:
            future = self.backend.submit(task)
        except Exception as exc:  # the backend can't take it (a cluster gone): the job fails, the service goes on
            self._end(job, "failed", None, f"the job could not be started ({type(exc).__name__}: {exc})")
            return
        future.add_done_callback(partial(self._done, job))

    def _done(self, job: JobRecord, future: concurrent.futures.Future[dict[str, Any]]) -> None:
        if self._stop.is_set():
            return  # the server is stopping: the job stays running in the store, and runs again on start
        try:
            result = future.result()
        except (BrokenProcessPool, concurrent.futures.CancelledError):
            self.backend.renew(future)
            if job.attempts < MAX_ATTEMPTS:
                log.warning("job %s: its worker died; running it again", job.id)
                self.store.requeue(job.id)
                self._release(job)
                return
            self._end(job, "failed", None, f"{CRASHED}, {job.attempts} times")
            return
        except Exception as exc:
            self._end(job, "failed", None, f"{type(exc).__name__}: {exc}")
            return
        self._end(job, "done" if result.get("status") == "built" else "failed", result, None)

    def _release(self, job: JobRecord) -> None:
        with self._lock:
            self._running.discard(job.id)
        self._wake.set()

    def _end(self, job: JobRecord, state: str, result: dict[str, Any] | None, error: str | None) -> None:
        self.store.finish(job.id, "done" if state == "done" else "failed", result, error)
        self._release(job)
        callback = job.request.get("callback")
        ended = self.store.get(job.id)
        if callback and ended is not None:
            body = json.dumps(job_view(ended, self.data), ensure_ascii=False).encode("utf-8")
            self.caller.send(callback, job.id, body)

    def _sweeper(self) -> None:
        while not self._stop.is_set():
            self.sweep()
            self._stop.wait(self.retention.sweep_seconds)

    def sweep(self) -> int:
        """Remove the jobs that ended more than the retention period ago; how many."""
        removed = 0
        for job_id in self.store.ended_before(time.time() - self.retention.keep_days * 86400):
            shutil.rmtree(job_folder(self.data, job_id), ignore_errors=True)
            removed += self.store.delete(job_id)
        return removed
