"""Where a batch's tasks run: a pool of local worker processes, or a dask.distributed cluster.

An executor runs one module-level function over a list of picklable items and yields
``(index, result)`` as each task finishes, in any order; ``result`` is the exception when the
task could not run (its worker process died, say). dask is imported only by :class:`DaskExecutor`.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import logging
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType
from typing import Any, Protocol, Self

from triptych.errors import TriptychError, UsageError, WorkerCrashed
from triptych.run.publish import process_alive
from triptych.version import __version__

CRASHED = "the worker process died while running this article (a crash in a library, or killed for memory)"


class Executor(Protocol):
    """Runs tasks; a context manager that owns its workers."""

    name: str
    workers: int | None

    def run(self, fn: Callable[[Any], object], items: Sequence[Any]) -> Iterator[tuple[int, object]]:
        """Run ``fn(item)`` for every item; yield ``(index, result or exception)`` as each finishes."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None: ...


def pool_context() -> multiprocessing.context.BaseContext:
    """Fresh worker processes (never ``fork``: the parent runs the progress display's thread)."""
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


def die_with(command: int) -> None:
    """In a worker process (the pool's initializer): be killed as soon as the command that started
    it (process ``command``) is gone, however it went (``SIGKILL`` too), with the processes the
    worker itself started (the speech engine, ffmpeg), so that nothing goes on making editions
    after ``build`` is gone. ``PR_SET_PDEATHSIG`` can't do it: a worker's parent is
    multiprocessing's fork server, which lives as long as any worker does. Off Linux, nothing
    is done."""
    if not sys.platform.startswith("linux"):
        return
    import threading

    try:
        handle: int | None = os.pidfd_open(command)
    except ProcessLookupError:
        os._exit(1)  # the command is already gone
    except OSError:
        handle = None  # a kernel without pidfds (before 5.3): look every half second instead
    threading.Thread(target=_watch, args=(command, handle), name="triptych-die-with-command", daemon=True).start()


def _watch(command: int, handle: int | None) -> None:
    import select
    import signal
    import time

    if handle is not None:
        select.select([handle], [], [])
    else:
        while os.getppid() != 1 and process_alive(command):
            time.sleep(0.5)
    for child in _children():
        with contextlib.suppress(OSError):  # it may have ended meanwhile
            os.kill(child, signal.SIGKILL)
    os.kill(os.getpid(), signal.SIGKILL)


def _children() -> list[int]:
    """The processes this process started (every thread's), from ``/proc``."""
    from pathlib import Path

    found = []
    for task in Path("/proc/self/task").iterdir():
        try:
            found += [int(pid) for pid in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return found


class ProcessExecutor:
    """A pool of ``workers`` local processes (``concurrent.futures``).

    When a worker process dies, the pool breaks and every task still in it fails; those tasks
    are then run again, each alone in a process of its own, so only the task that kills its
    process is reported as crashed.
    """

    name = "local"

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise UsageError(f"-j {workers}: the number of workers must be at least 1", hint="try -j 2")
        self.workers: int | None = workers
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _current(self) -> concurrent.futures.ProcessPoolExecutor:
        if self._pool is None:
            self._pool = concurrent.futures.ProcessPoolExecutor(
                self.workers, mp_context=pool_context(), initializer=die_with, initargs=(os.getpid(),)
            )
        return self._pool

    def run(self, fn: Callable[[Any], object], items: Sequence[Any]) -> Iterator[tuple[int, object]]:
        """Run the tasks on the pool; rerun alone those a dying worker took down with it."""
        pool = self._current()
        futures = {pool.submit(fn, item): index for index, item in enumerate(items)}
        broken = []
        for future in concurrent.futures.as_completed(futures):
            index = futures[future]
            try:
                yield index, future.result()
            except BrokenProcessPool:
                broken.append(index)
            except Exception as exc:  # the task could not be sent or its result not received
                yield index, exc
        if not broken:
            return
        pool.shutdown(wait=True)
        self._pool = None
        with concurrent.futures.ThreadPoolExecutor(self.workers) as threads:
            alone = {threads.submit(_alone, fn, items[index]): index for index in sorted(broken)}
            for future in concurrent.futures.as_completed(alone):
                yield alone[future], future.result()


def _alone(fn: Callable[[Any], object], item: Any) -> object:
    """Run one task in a process of its own; a dead process is reported, not raised."""
    with concurrent.futures.ProcessPoolExecutor(
        1, mp_context=pool_context(), initializer=die_with, initargs=(os.getpid(),)
    ) as pool:
        try:
            return pool.submit(fn, item).result()
        except BrokenProcessPool:
            return WorkerCrashed(CRASHED)
        except Exception as exc:
            return exc


class DaskExecutor:
    """The tasks of a batch on a dask.distributed cluster: the scheduler at ``address``, or a
    ``LocalCluster`` of ``workers`` single-threaded processes when no address is given."""

    name = "dask"

    def __init__(self, workers: int | None, address: str | None = None) -> None:
        if address is None and (workers is None or workers < 1):
            raise UsageError(f"-j {workers}: the number of workers must be at least 1", hint="try -j 2")
        self.workers = None if address else workers
        self.address = address
        self._client: Any = None
        self._cluster: Any = None

    def __enter__(self) -> Self:
        try:
            import distributed
        except ImportError as exc:
            raise UsageError(
                "--executor dask needs dask.distributed, which is not installed",
                hint="pip install 'triptych[cluster]' (or pip install 'dask[distributed]')",
            ) from exc
        if self.address is None:
            self._cluster = distributed.LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self._client = distributed.Client(self._cluster)
            return self
        try:
            self._client = distributed.Client(self.address, timeout="15s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise TriptychError(
                f"--scheduler {self.address}: can't reach the dask scheduler ({exc})",
                hint="start one with 'dask scheduler' and give the address it prints (tcp://HOST:8786)",
            ) from exc
        self.workers = len(self._client.scheduler_info().get("workers", {})) or None
        self._check_versions()
        return self

    def _check_versions(self) -> None:
        """Refuse a cluster whose scheduler or workers run another version of Triptych (or none)."""
        try:
            found = {"scheduler": self._client.run_on_scheduler(triptych_version)}
            found |= self._client.run(triptych_version)
        except Exception as exc:
            self.__exit__(None, None, None)
            raise TriptychError(
                f"--scheduler {self.address}: the cluster can't run Triptych ({type(exc).__name__}: {exc})",
                hint=f"install triptych {__version__} and its system packages on the scheduler and every worker",
            ) from exc
        other = {where: version for where, version in found.items() if version != __version__}
        if other:
            self.__exit__(None, None, None)
            listed = ", ".join(f"{where} has {version}" for where, version in sorted(other.items()))
            raise TriptychError(
                f"--scheduler {self.address}: the cluster runs another version of Triptych ({listed})",
                hint=f"install triptych {__version__} on the scheduler and every worker",
            )

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def run(self, fn: Callable[[Any], object], items: Sequence[Any]) -> Iterator[tuple[int, object]]:
        """Submit every task; yield each as the cluster finishes it (a task whose workers keep
        dying ends with dask's ``KilledWorker``)."""
        import distributed

        futures = [self._client.submit(fn, item, pure=False) for item in items]
        index = {future.key: i for i, future in enumerate(futures)}
        for future in distributed.as_completed(futures):
            try:
                yield index[future.key], future.result()
            except Exception as exc:
                yield index[future.key], exc
            finally:
                future.release()


def triptych_version() -> str:
    """The version of Triptych where this runs (on a scheduler or a worker)."""
    return __version__


def make_executor(kind: str, workers: int, scheduler: str | None = None) -> Executor:
    """The executor named ``kind`` (``local`` or ``dask``)."""
    if kind == "dask":
        return DaskExecutor(workers, scheduler)
    if scheduler is not None:
        raise UsageError("--scheduler works with --executor dask only", hint="add --executor dask")
    return ProcessExecutor(workers)
