"""Files: atomic writes, checksums, the output folder, disk errors, and Triptych's cache folder."""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from triptych.errors import OutputError, TriptychError

_DISK_ERRORS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "a file grew over the size allowed",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EIO: "the disk reported an input/output error",
}


def cache_root(environ: Mapping[str, str] = os.environ) -> Path:
    """Triptych's cache folder (the speech cache, the compiled EPUBCheck runner):
    ``$TRIPTYCH_CACHE_DIR``, else ``$XDG_CACHE_HOME/triptych``, else ``~/.cache/triptych``."""
    if own := environ.get("TRIPTYCH_CACHE_DIR"):
        return Path(own)
    if xdg := environ.get("XDG_CACHE_HOME"):
        return Path(xdg) / "triptych"
    return Path.home() / ".cache" / "triptych"


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
        Path(temp).chmod(0o666 & ~current_umask())
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` atomically, unless the file already holds exactly these bytes
    (then it is left alone: same inode, same modification time). True when it was written."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    atomic_write_bytes(path, data)
    return True


def current_umask() -> int:
    """The process's umask (read by setting it, then setting it back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def prepare_outdir(outdir: Path) -> Path:
    """Create the output folder, or fail with a clear message."""
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT) and (full := disk_error(outdir, exc)):
            raise full from None
        raise TriptychError(
            f"{outdir}: can't create the output folder ({exc.strerror or exc})",
            hint="choose another folder with -o",
        ) from exc
    if not os.access(outdir, os.W_OK):
        read_only = bool(os.statvfs(outdir).f_flag & os.ST_RDONLY)
        problem = "is on a read-only file system" if read_only else "is not writable (permission denied)"
        raise TriptychError(f"{outdir}: the output folder {problem}", hint="choose another folder with -o")
    return outdir


def disk_error(outdir: Path, exc: BaseException) -> OutputError | None:
    """The clear error for a write into ``outdir`` that failed on the disk (full, read-only,
    refused), or ``None`` when ``exc`` is something else. An exporter may have wrapped the
    ``OSError`` in an error of its own: its cause counts too."""
    for cause in (exc, exc.__cause__):
        if isinstance(cause, OSError) and (problem := _DISK_ERRORS.get(cause.errno or 0)):
            return OutputError(
                f"{outdir}: can't write the editions: {problem} ({cause.strerror})",
                hint="free some space or choose another folder with -o; outputs already there are kept",
            )
    return None


@contextmanager
def writing_into(outdir: Path) -> Iterator[None]:
    """Turn a full disk, a read-only folder or a refused write into one clear ``OutputError``."""
    try:
        yield
    except OSError as exc:
        error = disk_error(outdir, exc)
        if error is None:
            raise
        raise error from None
