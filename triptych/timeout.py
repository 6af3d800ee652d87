"""A time limit around one exporter, so one runaway edition can't hold a batch forever.

In the main thread a ``SIGALRM`` timer interrupts the exporter even inside a blocking call; in
any other thread (a worker of a thread pool or of dask) a watchdog raises the exception in the
exporter's thread, which Python delivers at its next bytecode. A subprocess the exporter waits
for (the speech engine, the encoder) is killed as the exception unwinds through it.
"""

from __future__ import annotations

import ctypes
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from triptych.errors import ExportError


class ExportTimeout(ExportError):
    """An exporter ran longer than its time limit."""


class _Expired(BaseException):
    """Raised inside the exporter when its time is up (turned into ``ExportTimeout``).

    A ``BaseException``, like ``KeyboardInterrupt``, so that an engine's ``except Exception``
    (WeasyPrint has several) can't swallow it and carry on.
    """


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Run the block for at most ``seconds``; raise ``ExportTimeout`` naming ``what`` if it overruns."""
    started = time.monotonic()
    try:
        with _main_thread_alarm(seconds) if _can_alarm() else _watchdog(seconds):
            yield
    except _Expired:
        pass
    else:
        if time.monotonic() - started < seconds:
            return
    # over time: stopped by the timer, or the block swallowed the stop and finished late anyway
    raise ExportTimeout(
        f"{what} took longer than its time limit of {seconds:g} s and was stopped",
        hint="raise the limit with -O timeout=SECONDS",
    )


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def _main_thread_alarm(seconds: float) -> Iterator[None]:
    """A ``SIGALRM`` timer that keeps any timer already set (pytest-timeout's, say) working."""
    started = time.monotonic()
    previous_handler = signal.getsignal(signal.SIGALRM)
    previous_delay, previous_interval = signal.getitimer(signal.ITIMER_REAL)
    previous_deadline = started + previous_delay if previous_delay else None

    deadline = started + seconds

    def expire(signum: int, frame: FrameType | None) -> None:
        now = time.monotonic()
        if previous_deadline is not None and now >= previous_deadline and callable(previous_handler):
            previous_handler(signum, frame)  # the outer timer was due first
        if now >= deadline - 0.001:
            raise _Expired
        signal.setitimer(signal.ITIMER_REAL, deadline - now)

    signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, min(seconds, previous_delay) if previous_delay else seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_deadline is not None:
            remaining = max(previous_deadline - time.monotonic(), 0.001)
            signal.setitimer(signal.ITIMER_REAL, remaining, previous_interval)


_AGAIN = 0.1
"""Seconds between two stops of a thread that is still running past its limit."""


@contextmanager
def _watchdog(seconds: float) -> Iterator[None]:
    target = threading.get_ident()
    lock = threading.Lock()
    done = False

    timer: threading.Timer

    def expire() -> None:
        nonlocal timer
        with lock:
            if done:
                return
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(_Expired))
            # again until the block has stopped: a stop that lands in a finalizer (``__del__``) is
            # only reported by Python as unraisable, and the block would run on
            timer = threading.Timer(_AGAIN, expire)
            timer.daemon = True
            timer.start()

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            done = True
            timer.cancel()
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), None)  # none left pending
