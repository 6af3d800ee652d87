"""The speech cache: synthesized sentences kept on disk, so that re-exporting an article (or an
edited one) speaks only the sentences that changed.

One entry per sentence, named by the SHA-256 of what determines its audio: the spoken text, the
voice, the rate, the sample rate and the engine with its versions (``pyttsx3 2.99 with eSpeak NG
1.51``). An entry is a header (a magic string, the PCM length and the PCM's SHA-256) followed by
the PCM; an entry whose header, length or checksum does not match is deleted and reported as a
miss, so a truncated or corrupt file is spoken again, never played. Not in the key: eSpeak NG's
data files (an updated dictionary of the same engine version is not noticed: empty the cache, or
bump :data:`FORMAT`), and the sentence before (eSpeak NG carries a little state from one utterance
to the next, so a sentence spoken again can differ from its cached audio by a few milliseconds).

Writes go to a temporary file in the entry's own folder, then ``os.replace``: several processes
(a parallel batch build) may write the same entry at once, and a reader sees a whole entry or
none. The cache is bounded: after a run that wrote to it (at most once a minute, whichever
process), the least recently used entries (a hit touches its entry) are removed until it is back
under 90 % of its limit (``speech-cache-max``, MiB, default 1024: about 6.7 hours of speech).

Where: ``$TRIPTYCH_CACHE_DIR/speech``, else ``$XDG_CACHE_HOME/triptych/speech``, else
``~/.cache/triptych/speech``. ``-O speech-cache=no`` turns it off (the audio exporter reads the
options). A cache that can't be read or written never fails an export: the problem is kept in
:attr:`SpeechCache.problem` for a warning.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import struct
import tempfile
import time
from pathlib import Path
from typing import Any

FORMAT = 1
"""Bump to invalidate every entry (it is part of each key)."""
MAGIC = b"TRIPTYCH-PCM-1\n\0"
HEADER = struct.Struct(f"<{len(MAGIC)}sQ32s")
DEFAULT_MAX_MIB = 1024
STALE_TEMP_SECONDS = 3600
"""A temporary file this old belongs to a process that died mid-write: pruning removes it."""
PRUNE_EVERY_SECONDS = 60
"""Pruning scans every entry (about 0.15 s for 20,000): at most once a minute, whoever wrote."""


class SpeechCache:
    """Synthesized sentences (16-bit mono PCM) on disk, keyed by what determines their sound."""

    def __init__(self, folder: Path, max_bytes: int = DEFAULT_MAX_MIB * 2**20) -> None:
        self.folder = folder
        self.max_bytes = max_bytes
        self.problem: str | None = None
        """The first error met reading or writing the cache, if any (the export goes on)."""
        self.written = 0

    @staticmethod
    def key(text: str, voice: str, rate: int, engine: str, sample_rate: int) -> str:
        """The entry name for ``text`` spoken by ``voice`` at ``rate`` by ``engine`` (name and versions)."""
        identity = json.dumps([FORMAT, engine, voice, rate, sample_rate, text], ensure_ascii=False)
        return hashlib.sha256(identity.encode("utf-8")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pcm"

    def get(self, key: str) -> bytes | None:
        """The PCM stored under ``key``, or ``None`` (absent, unreadable, truncated or corrupt)."""
        path = self._path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            self._note(error)
            return None
        pcm = _unpack(data)
        if pcm is None:  # a damaged entry: remove it (it will be spoken and stored again)
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: pruning keeps it
        return pcm

    def put(self, key: str, pcm: bytes) -> None:
        """Store ``pcm`` under ``key``, atomically (a temporary file, then ``os.replace``)."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_atomically(path, HEADER.pack(MAGIC, len(pcm), hashlib.sha256(pcm).digest()) + pcm)
        except OSError as error:
            self._note(error)
            return
        self.written += HEADER.size + len(pcm)

    def load_json(self, name: str) -> Any:
        """A small JSON record kept beside the entries (the engine's voices), or ``None``."""
        try:
            return json.loads((self.folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def save_json(self, name: str, value: Any) -> None:
        """Store a small JSON record, atomically."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _write_atomically(self.folder / name, json.dumps(value, ensure_ascii=False).encode("utf-8"))
        except OSError as error:
            self._note(error)

    def maybe_prune(self) -> None:
        """Prune, unless some process did in the last minute (``.pruned`` records when)."""
        marker = self.folder / ".pruned"
        try:
            if time.time() - marker.stat().st_mtime < PRUNE_EVERY_SECONDS:
                return
        except FileNotFoundError:
            pass
        except OSError as error:
            self._note(error)
            return
        with contextlib.suppress(OSError):
            marker.touch()
        self.prune()

    def prune(self) -> int:
        """Remove the least recently used entries until the cache is under 90 % of its limit (only
        when it is over the limit), and stale temporary files; return the bytes removed."""
        entries: list[tuple[float, int, Path]] = []
        now = time.time()
        removed = 0
        try:
            folders = [entry for entry in os.scandir(self.folder) if entry.is_dir() and len(entry.name) == 2]
            for folder in folders:
                for entry in os.scandir(folder.path):
                    try:
                        stat = entry.stat()
                    except FileNotFoundError:  # renamed or removed by another process meanwhile
                        continue
                    if entry.name.endswith(".pcm"):
                        entries.append((stat.st_mtime, stat.st_size, Path(entry.path)))
                    elif now - stat.st_mtime > STALE_TEMP_SECONDS:
                        removed += _remove(Path(entry.path), stat.st_size)
        except OSError as error:  # another process may be pruning too: its removals are ours
            if not isinstance(error, FileNotFoundError):
                self._note(error)
        total = sum(size for _, size, _ in entries)
        if total <= self.max_bytes:
            return removed
        for _, size, path in sorted(entries):
            if total <= 0.9 * self.max_bytes:
                break
            total -= size
            removed += _remove(path, size)
        return removed

    def _note(self, error: OSError) -> None:
        if self.problem is None:
            self.problem = f"the speech cache in {self.folder} can't be used ({error.strerror or error})"


def _unpack(data: bytes) -> bytes | None:
    if len(data) < HEADER.size:
        return None
    magic, length, digest = HEADER.unpack_from(data)
    pcm = data[HEADER.size :]
    if magic != MAGIC or length != len(pcm) or length % 2 or hashlib.sha256(pcm).digest() != digest:
        return None
    return pcm


def _write_atomically(path: Path, data: bytes) -> None:
    handle, name = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        temporary.replace(path)  # os.replace: atomic within the folder
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def _remove(path: Path, size: int) -> int:
    try:
        path.unlink()
    except OSError:  # gone already (another process pruned it)
        return 0
    return size
