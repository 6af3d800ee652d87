"""Publishing a run's editions: a private staging folder, the per-article lock, atomic renames.

Every output is written in a staging folder inside the output folder (the same file system, so a
rename is atomic) and moved into place only when every exporter is done, so a run that fails, is
interrupted or is killed never leaves a half-written file under a final name.
"""

from __future__ import annotations

import dataclasses
import fcntl
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from triptych.files import writing_into
from triptych.run.result import Output

STAGING_PREFIX = ".triptych-staging-"
LOCK_PREFIX = ".triptych-lock-"


@contextmanager
def staging(outdir: Path) -> Iterator[Path]:
    """A private folder inside ``outdir`` (same file system, so renames are atomic), removed after.

    Its name carries the host and process id, so a folder left by a killed run is recognised
    and removed by the next run on the same host.
    """
    _remove_stale_staging(outdir)
    with writing_into(outdir):
        folder = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{_host()}-{os.getpid()}-", dir=outdir))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _host() -> str:
    return "".join(c for c in socket.gethostname() if c.isalnum())[:32] or "host"


def _remove_stale_staging(outdir: Path) -> None:
    host = _host()
    for folder in outdir.glob(f"{STAGING_PREFIX}{host}-*"):
        pid_text = folder.name.removeprefix(f"{STAGING_PREFIX}{host}-").partition("-")[0]
        if pid_text.isdigit() and not _alive(int(pid_text)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def article_lock(outdir: Path, slug: str) -> Iterator[None]:
    """Hold the lock of one article's outputs in ``outdir``: two runs making the same article
    there take turns, so its editions, index and manifest always come from one run.

    The lock file is removed on release (whoever waited on the removed file tries again), so
    nothing is left behind; the kernel releases the lock when a run dies, however it dies.
    """
    path = outdir / f"{LOCK_PREFIX}{slug}"
    while True:
        with writing_into(outdir):
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            current = path.stat()
        except FileNotFoundError:
            current = None
        if current is not None and current.st_ino == os.fstat(fd).st_ino:
            break  # the file we locked is still the lock file
        os.close(fd)
    try:
        yield
    finally:
        path.unlink(missing_ok=True)
        os.close(fd)


def publish(output: Output, outdir: Path) -> Output:
    """Move every file of an edition's staging sub-folder into ``outdir``, each with one atomic
    rename; return the output with its published paths (a failed output is returned as it is)."""
    if output.path is None:
        return output
    moved = []
    for path in sorted(p for p in output.path.parent.iterdir() if p.is_file()):
        final = outdir / path.name
        path.replace(final)
        moved.append(final)
    return dataclasses.replace(output, path=outdir / output.path.name, files=tuple(moved))
