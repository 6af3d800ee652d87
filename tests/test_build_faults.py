"""``triptych build`` under faults (issue 22): killed outright, its workers die with it; onto a
full disk, one line says so."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .helpers import ARTICLES, ROOT, run_cli, tmpfs


def _children(pid: int) -> set[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return set()
    return {int(child) for child in found}


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        for child in _children(todo.pop()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


def test_sigkill_of_build_leaves_no_worker_alive(tmp_path: Path) -> None:
    sources = tmp_path / "articles"
    sources.mkdir()
    for name in ("mercado.md", "reading-room.md", "ice-arrests.txt"):
        shutil.copy(ARTICLES / name, sources / name)
    shutil.copytree(ARTICLES / "images", sources / "images")
    out = tmp_path / "out"
    build = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "build", str(sources), "-o", str(out), "-j", "2", "-f", "audio,pdf", "-q"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 90
    while not list(out.glob("*/.triptych-staging-*")):  # the workers are making editions
        assert build.poll() is None, "the build ended before its workers started"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    workers = _descendants(build.pid)
    assert len(workers) >= 2  # the fork server and the workers (and what they run)
    build.send_signal(signal.SIGKILL)
    build.wait(10)
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    survivors = [pid for pid in workers if _alive(pid)]
    for pid in survivors:  # leave nothing running behind the test
        os.kill(pid, signal.SIGKILL)
    assert survivors == []
    manifests = sorted(out.glob("*/*.manifest.json"))
    time.sleep(1)
    assert sorted(out.glob("*/*.manifest.json")) == manifests  # nothing goes on writing articles


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real small file system (tmpfs) with few inodes, so a full disk is real (as in
    tests/test_faults.py)."""
    with tmpfs(tmp_path / "disk", "size=4m,nr_inodes=64") as mount:
        yield mount


def _fill(disk: Path, *, inodes_left: int = 0, bytes_left: int | None = None) -> None:
    """Use up the disk's inodes (but ``inodes_left``), and its space (but ``bytes_left``)."""
    filler = disk / "filler"
    filler.mkdir()
    if bytes_left is not None:
        free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
        (filler / "space").write_bytes(b"\0" * max(free - bytes_left, 0))
    number = 0
    while True:
        try:
            (filler / str(number)).touch()
        except OSError:
            break
        number += 1
    for extra in range(inodes_left):
        (filler / str(extra)).unlink()


@pytest.mark.parametrize(("inodes_left", "bytes_left"), [(0, None), (6, 8 * 1024)])
def test_build_onto_a_full_disk_says_so_in_one_line(small_disk: Path, inodes_left: int, bytes_left: int | None) -> None:
    out = small_disk / "out"
    out.mkdir()
    _fill(small_disk, inodes_left=inodes_left, bytes_left=bytes_left)
    result = run_cli("build", ARTICLES / "mercado.md", ARTICLES / "reading-room.md", "-f", "html,epub", "-o", out,
                     "-j", "1")  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "OSError" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("triptych: error:")]
    assert len(errors) >= 2 and all("the disk is full" in line for line in errors), result.stderr
    assert all("choose another folder with -o" in line for line in errors)
