"""Publishing a run's editions: a private staging folder, the per-article lock, atomic renames,
and a journal that makes the set of renames complete even when the run dies among them.

Every output is written in a staging folder inside the output folder (the same file system, so a
rename is atomic) and moved into place only when every exporter is done, so a run that fails, is
interrupted or is killed never leaves a half-written file under a final name.

The editions, reports, index and manifest are all written in the staging folder first. Then the
journal (``.publishing.json`` in the staging folder: which file goes where, the manifest last) is
written and flushed: that is the moment the new set is committed. The renames follow, and the
journal is removed. A run that dies before the journal leaves the previous set as it was; one that
dies among the renames leaves its staging folder and journal, and the next run making an article
in that folder (or ``triptych check`` of a file there) completes the renames before anything else,
so the set is the new one, whole, and its manifest describes it.
"""

from __future__ import annotations

import dataclasses
import fcntl
import json
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from triptych.files import atomic_write_bytes, writing_into
from triptych.run.result import Output

STAGING_PREFIX = ".triptych-staging-"
LOCK_PREFIX = ".triptych-lock-"
JOURNAL = ".publishing.json"
"""In a staging folder: the renames of a set being published (``{"slug": ..., "moves": [[from, to]]}``)."""


@contextmanager
def staging(outdir: Path, slug: str | None = None) -> Iterator[Path]:
    """A private folder inside ``outdir`` (same file system, so renames are atomic), removed after.

    Its name carries the host and process id, so a folder left by a killed run is recognised
    by the next run on the same host: its interrupted publishing is completed (``slug`` is the
    article whose lock the caller holds), then it is removed.
    """
    repair(outdir, held=slug)
    with writing_into(outdir):
        folder = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{_host()}-{os.getpid()}-", dir=outdir))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _host() -> str:
    return "".join(c for c in socket.gethostname() if c.isalnum())[:32] or "host"


def repair(outdir: Path, *, held: str | None = None) -> list[str]:
    """Complete every publishing in ``outdir`` that a dead run left among its renames, and remove
    the staging folders of dead runs of this host. A set is completed under its article's lock:
    ``held`` names the one the caller holds; another is completed only if its lock is free (a live
    run holding it completes it itself before it publishes). Return the slugs completed."""
    host = _host()
    completed = []
    for folder in sorted(outdir.glob(f"{STAGING_PREFIX}{host}-*")):
        pid_text = folder.name.removeprefix(f"{STAGING_PREFIX}{host}-").partition("-")[0]
        if not pid_text.isdigit() or process_alive(int(pid_text)):
            continue
        journal = _journal(folder)
        if journal is not None:
            slug, moves = journal
            if slug != held:
                fd = _try_lock(outdir, slug)
                if fd is None:
                    continue  # a live run of that article holds it, and completes it itself
                try:
                    _move(folder, outdir, moves)
                finally:
                    _unlock(outdir, slug, fd)
            else:
                _move(folder, outdir, moves)
            completed.append(slug)
        shutil.rmtree(folder, ignore_errors=True)
    return completed


def _journal(folder: Path) -> tuple[str, list[tuple[str, str]]] | None:
    try:
        data = json.loads((folder / JOURNAL).read_text(encoding="utf-8"))
        slug = str(data["slug"])
        if Path(slug).name != slug:
            return None
        return slug, [(str(a), str(b)) for a, b in data["moves"]]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return None  # not written whole: the run died before its commit, and published nothing


def _move(folder: Path, outdir: Path, moves: list[tuple[str, str]]) -> None:
    """Do the renames a journal lists (those already done are skipped), then flush the folder."""
    for staged, final in moves:
        source = folder / staged
        inside = ".." not in Path(staged).parts and Path(final).name == final
        if inside and source.is_file() and not source.is_symlink():
            source.replace(outdir / final)
    _sync(outdir)


def _sync(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish_set(stage: Path, outdir: Path, slug: str, files: list[Path]) -> None:
    """Move ``files`` (all inside ``stage``) into ``outdir`` under their names, in that order (the
    manifest last): first the journal, flushed (the commit), then one atomic rename each."""
    moves = [(file.relative_to(stage).as_posix(), file.name) for file in files]
    atomic_write_bytes(stage / JOURNAL, json.dumps({"slug": slug, "moves": moves}).encode("utf-8"))
    _sync(stage)
    _move(stage, outdir, moves)
    (stage / JOURNAL).unlink()


def process_alive(pid: int) -> bool:
    """Whether a process of this id is running (one we may not signal is running)."""
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
    fd = _lock(outdir, slug, blocking=True)
    assert fd is not None
    try:
        yield
    finally:
        _unlock(outdir, slug, fd)


def _lock(outdir: Path, slug: str, *, blocking: bool) -> int | None:
    path = outdir / f"{LOCK_PREFIX}{slug}"
    while True:
        with writing_into(outdir):
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            os.close(fd)
            return None
        try:
            current = path.stat()
        except FileNotFoundError:
            current = None
        if current is not None and current.st_ino == os.fstat(fd).st_ino:
            return fd  # the file we locked is still the lock file
        os.close(fd)


def _try_lock(outdir: Path, slug: str) -> int | None:
    return _lock(outdir, slug, blocking=False)


def _unlock(outdir: Path, slug: str, fd: int) -> None:
    (outdir / f"{LOCK_PREFIX}{slug}").unlink(missing_ok=True)
    os.close(fd)


def published(output: Output, outdir: Path) -> Output:
    """The output as it will be once published: its files under ``outdir`` (a failed output is
    returned as it is). Nothing is moved: :func:`publish_set` does it for the whole set."""
    if output.path is None:
        return output
    files = sorted(p for p in output.path.parent.iterdir() if p.is_file())
    return dataclasses.replace(output, path=outdir / output.path.name, files=tuple(outdir / p.name for p in files))


def staged_files(output: Output) -> list[Path]:
    """The staged files of an edition (none for a failed one)."""
    return [] if output.path is None else sorted(p for p in output.path.parent.iterdir() if p.is_file())
