"""Two candidates at once, on two cores: for work whose second try is decided only by the first.

The print layout tries a tighter setting when the standard one ends on a nearly empty page, and
keeps it when it saves that page: two layouts, one after the other. In a process that makes one
edition alone (an isolated exporter's own, :mod:`triptych.run.isolation`, the only edition of its
run) on a machine with a core to spare, :func:`race` makes the second candidate in a fork while
this process makes the first. If the second is kept, the fork carries on with the edition (it
sends the answer this process would have sent) and this process waits for it, then ends with its
exit status; else the fork ends. Either way the result is the one made one after the other.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

A = TypeVar("A")

_alone = False


def making_one_edition_alone() -> None:
    """Say that this process makes one edition and nothing else (so it may hand over to a fork)."""
    global _alone
    _alone = True


SAMPLES = 4
"""How many times :func:`spare_core` reads the number of running tasks, a millisecond apart: a
task that runs for a moment (a shell, a sampler) is not a core taken, one that keeps running is."""


def spare_core() -> bool:
    """Whether this process may race: it makes one edition alone, and at some moment of a few
    milliseconds fewer tasks are running on the machine than it has cores (``/proc/loadavg``;
    this process is one of them)."""
    if not _alone or not hasattr(os, "fork") or not hasattr(os, "sched_getaffinity"):
        return False
    cores = len(os.sched_getaffinity(0))
    for sample in range(SAMPLES):
        try:
            running = int(Path("/proc/loadavg").read_text(encoding="ascii").split()[3].split("/")[0])
        except (OSError, ValueError, IndexError):
            return False
        if running < cores:
            return True
        if sample < SAMPLES - 1:
            time.sleep(0.001)
    return False


def race(
    first: Callable[[], A],
    second: Callable[[], A],
    *,
    needed: Callable[[A], bool],
    size: Callable[[A], int],
    logs: Sequence[list[Any]] = (),
    at_once: bool | None = None,
) -> A:
    """``first()``, or ``second()`` when ``needed(first())`` and it is smaller by ``size``; ``at_once``
    (by default: when :func:`spare_core`) the two are made at the same time (see the module).
    ``logs`` are lists both append to: they end as one after the other would leave them."""
    if not (spare_core() if at_once is None else at_once):
        made = first()
        if not needed(made):
            return made
        other = second()
        return other if size(other) < size(made) else made
    marks = [len(log) for log in logs]
    delay, interval = signal.getitimer(signal.ITIMER_REAL)  # a fork does not inherit the time limit
    deadline = time.monotonic() + delay if delay else None
    verdicts, tell = os.pipe()
    sizes, report = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the second candidate
        os.close(tell)
        os.close(sizes)
        return _second(second, size, logs, marks, verdicts, report, (deadline, interval))
    os.close(verdicts)
    os.close(report)
    try:
        made = first()
        if not needed(made):
            return made
        theirs = _read(sizes)  # its size and what it logged; nothing if it failed
        if theirs is not None and theirs[0] < size(made):
            signal.setitimer(signal.ITIMER_REAL, 0)  # the fork holds the time limit now; this one never answers
            try:
                _write(tell, pickle.dumps([list(log) for log in logs]))
            except OSError:  # it ended after all: made here below, within the time limit
                theirs = None
                _resume((deadline, interval))
            else:
                os.close(tell)
                tell = -1
                _end_as(pid)
        if theirs is None:
            other = second()  # here, so that it fails (or logs) as it would one after the other
            return other if size(other) < size(made) else made
        for log, entries in zip(logs, theirs[1], strict=True):
            log.extend(entries)
        return made
    finally:
        for fd in (sizes, tell):
            if fd != -1:
                os.close(fd)
        _end(pid)


def _second(
    second: Callable[[], A], size: Callable[[A], int], logs: Sequence[list[Any]], marks: list[int], verdicts: int,
    report: int, limit: tuple[float | None, float],
) -> A:  # fmt: skip
    """In the fork: make the second candidate, report its size and logs, and carry on if it is kept."""
    try:
        made = second()
        _write(report, pickle.dumps((size(made), [log[mark:] for log, mark in zip(logs, marks, strict=True)])))
        os.close(report)
        kept = _read(verdicts)  # the first's logs, or nothing when it ends (not kept, or it failed)
    except BaseException:
        os._exit(1)
    os.close(verdicts)
    if kept is None:
        os._exit(0)
    for log, mark, earlier in zip(logs, marks, kept, strict=True):
        log[:] = [*earlier, *log[mark:]]
    _resume(limit)
    return made


def _resume(limit: tuple[float | None, float]) -> None:
    """Set the time limit again, to what is left of it (``(deadline, interval)``)."""
    deadline, interval = limit
    if deadline is not None:
        signal.setitimer(signal.ITIMER_REAL, max(deadline - time.monotonic(), 0.001), interval)


def _write(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read(fd: int) -> Any:
    """What the other process wrote to the pipe before closing it (``None``: nothing, it ended)."""
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    return pickle.loads(b"".join(chunks)) if chunks else None  # noqa: S301  (from this process's own fork)


def _end_as(pid: int) -> NoReturn:
    """Wait for the fork that carries on, then end as it ended (its exit status, or its signal)."""
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code < 0:
        signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
    os._exit(code if code >= 0 else 1)


def _end(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
