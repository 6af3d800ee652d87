"""Writing outputs so that no half-written file ever appears under a final name."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from triptych.errors import TriptychError

STAGING_PREFIX = ".triptych-staging-"


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it, then rename it into place."""
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temp).chmod(0o666 & ~_umask())
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def prepare_outdir(outdir: Path) -> Path:
    """Create the output folder, or fail with a clear message."""
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TriptychError(
            f"{outdir}: can't create the output folder ({exc.strerror or exc})",
            hint="choose another folder with -o",
        ) from exc
    if not os.access(outdir, os.W_OK):
        raise TriptychError(f"{outdir}: the output folder is not writable", hint="choose another folder with -o")
    return outdir


@contextmanager
def staging(outdir: Path) -> Iterator[Path]:
    """A private folder inside ``outdir`` (same file system, so renames are atomic), removed after."""
    folder = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=outdir))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def publish(staged: Path, outdir: Path) -> list[Path]:
    """Move every file of a staging sub-folder into ``outdir``, each with one atomic rename."""
    moved = []
    for path in sorted(p for p in staged.iterdir() if p.is_file()):
        final = outdir / path.name
        path.replace(final)
        moved.append(final)
    return moved
