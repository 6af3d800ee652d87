"""The memory ceiling of one article (``-O max-memory=MiB``).

While an article is read and its editions are made, the process may take at most that much more
memory than it held when it started on the article. The ceiling is the kernel's data limit
(``RLIMIT_DATA``: the heap and every private writable mapping, which is what parsers and layout
engines grow), lowered for the duration and put back after. ``RLIMIT_AS`` would count address
space that is reserved but never used (each thread's malloc arena reserves 64 MiB): an export of a
small article reserves about 900 MiB of it for 110 MiB used, so it can't tell a hostile article
from a busy run. Crossing the ceiling makes the allocation fail: Python raises ``MemoryError``,
which the run turns into one line that names the option. The processes a run starts (the speech
engine, ffmpeg, the checkers' Java) inherit the same ceiling.

The limit is the process's own: in ``triptych build`` each worker process holds one article at a
time; in ``export`` (and the Python API) it holds for the whole process while the call lasts.
Off Linux there is no such limit and nothing is done.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MIB = 1024 * 1024


def _data_bytes() -> int | None:
    """The process's data size now (what ``RLIMIT_DATA`` counts), or ``None`` when it can't be read."""
    try:
        with Path("/proc/self/status").open(encoding="ascii") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


@contextmanager
def memory_ceiling(mib: int) -> Iterator[None]:
    """Let the process grow by at most ``mib`` MiB of data while the block runs (a ceiling already
    lower, an enclosing one say, is kept)."""
    if not sys.platform.startswith("linux"):
        yield
        return
    import resource

    current = _data_bytes()
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if current is None:
        yield
        return
    wanted = current + mib * MIB
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft <= wanted:
        yield
        return
    resource.setrlimit(resource.RLIMIT_DATA, (wanted, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


def out_of_memory(error: BaseException) -> bool:
    """True when ``error`` says memory ran out: a ``MemoryError``, a parser whose C library ran out
    (lxml's ``ERR_NO_MEMORY``), a library that could not be loaded for want of memory
    (``ImportError: ... failed to map segment``), or ``ENOMEM``."""
    import errno

    if isinstance(error, MemoryError):
        return True
    log = getattr(error, "error_log", None)  # lxml: libxml2 ran out while parsing
    if log is not None and any(getattr(entry, "type_name", "") == "ERR_NO_MEMORY" for entry in log):
        return True
    if isinstance(error, ImportError):
        return "failed to map segment" in str(error) or "Cannot allocate memory" in str(error)
    return isinstance(error, OSError) and error.errno == errno.ENOMEM


def over_ceiling(mib: int) -> str:
    """What to say when an article needed more than its memory ceiling."""
    return f"it needs more memory than the limit of {mib:,} MiB"


MEMORY_HINT = "simplify the article (a huge table?), or raise the limit with -O max-memory=MiB"
