"""What the benchmarks share: a measured figure with its target, one table of them, timed
subprocesses with their peak memory, and the exit status (1 when a target is missed)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True, slots=True)
class Check:
    """One figure of a benchmark and, when it has one, its target."""

    name: str
    value: float
    unit: str = "x"
    limit: float | None = None
    """The figure must be at most this (``None``: reported only)."""
    floor: float | None = None
    """The figure must be at least this."""

    @property
    def ok(self) -> bool:
        """Whether the figure meets its target (always, when it has none)."""
        return (self.limit is None or self.value <= self.limit) and (self.floor is None or self.value >= self.floor)

    @property
    def target(self) -> str:
        """The target as text: ``<= 1.00x``, ``>= 1.70x`` or empty."""
        if self.limit is not None:
            return f"<= {_number(self.limit, self.unit)}"
        if self.floor is not None:
            return f">= {_number(self.floor, self.unit)}"
        return ""


def _number(value: float, unit: str) -> str:
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "%":
        return f"{value:.1f} %"
    if unit == "s":
        return f"{value:.2f} s"
    return f"{value:.0f} {unit}".rstrip()


def table(checks: Sequence[Check], title: str = "") -> str:
    """The checks as a plain-text table: figure, value, target, verdict."""
    width = max([len(c.name) for c in checks] + [20])
    lines = [title] if title else []
    lines.append(f"{'figure':<{width}} {'value':>11} {'target':>11}  verdict")
    for check in checks:
        verdict = ("ok" if check.ok else "MISSED") if check.target else ""
        lines.append(f"{check.name:<{width}} {_number(check.value, check.unit):>11} {check.target:>11}  {verdict}")
    return "\n".join(lines)


def exit_status(checks: Sequence[Check]) -> int:
    """0 when every target is met, 1 when one is missed."""
    return 0 if all(check.ok for check in checks) else 1


@dataclass(frozen=True, slots=True)
class Run:
    """A timed command: its wall-clock time, and the peak resident memory of the largest process of
    its tree: from ``wait4`` (the command and the descendants it waited for) and, when psutil is
    installed, from sampling the whole tree every 20 ms (process pools started by a fork server
    are not waited for by the command, so ``wait4`` misses them)."""

    seconds: float
    peak_mb: float
    stdout: str = ""


def run(command: Sequence[str | Path], *, cwd: Path = ROOT, env: Mapping[str, str] | None = None) -> Run:
    """Run ``command`` to completion and measure it; raise if it fails."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            [str(part) for part in command], cwd=cwd, env={**os.environ, **(env or {})}, stdout=out, stderr=err
        )
        sampled = [0.0]
        done = threading.Event()
        sampler = threading.Thread(target=_sample_tree, args=(process.pid, done, sampled), daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)  # wait4, not Popen.wait: it gives the tree's peak memory
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise RuntimeError(f"{' '.join(map(str, command))} failed ({process.returncode}): {err.read()[-800:]}")
        return Run(seconds, max(usage.ru_maxrss / 1024, sampled[0]), out.read())


def _sample_tree(pid: int, done: threading.Event, peak: list[float]) -> None:
    """Keep in ``peak[0]`` the largest resident set (MB) seen in ``pid``'s tree until ``done``."""
    try:
        import psutil  # type: ignore[import-untyped]  # optional: not a dependency of Triptych
    except ImportError:
        return
    try:
        root = psutil.Process(pid)
    except psutil.Error:
        return
    while not done.wait(0.02):
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.Error:
            return
        for member in tree:
            with contextlib.suppress(psutil.Error):
                peak[0] = max(peak[0], member.memory_info().rss / 2**20)


def timed(work: Callable[[], object]) -> float:
    """Seconds taken by ``work()``."""
    started = time.perf_counter()
    work()
    return time.perf_counter() - started
