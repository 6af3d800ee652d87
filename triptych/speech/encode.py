"""Encoding the narration with ffmpeg: MP3 (ID3v2 tags, CHAP/CTOC chapters), M4B (AAC with
chapters) or WAV. ffmpeg's MP3 carries a LAME header with the encoder delay, so decoders give back
exactly the samples we counted, and cue times stay true.

The MP3 is encoded while the narration is spoken (:class:`Mp3Stream`: ffmpeg reads the PCM from a
pipe as each sentence comes); the edition is then that stream with its tags and chapters put in
front, copied, not encoded again (:func:`encode`). LAME encodes the same samples into the same
frames either way.
"""

from __future__ import annotations

import contextlib
import queue
import shutil
import subprocess
import threading
from collections.abc import Mapping
from pathlib import Path

from triptych.errors import ExportError
from triptych.speech.engine import SAMPLE_RATE
from triptych.speech.narration import Narration

MP3_TAGS = ["-id3v2_version", "3", "-write_xing", "1"]
"""ID3v2.3 tags, and the Xing/LAME header that carries the encoder delay."""
FORMATS = {
    # LAME's quality 7 ("fast") encodes speech at 48 kbit/s with no audible loss, in 60 % of the time
    "mp3": ["-c:a", "libmp3lame", "-b:a", "48k", "-compression_level", "7", *MP3_TAGS],
    "m4b": ["-c:a", "aac", "-b:a", "48k", "-f", "ipod", "-movflags", "+faststart"],
    "wav": ["-c:a", "pcm_s16le"],
}


def ffmetadata(narration: Narration) -> str:
    """An FFMETADATA1 file with the chapters' times only (one [CHAPTER] each, in milliseconds): no
    text of the article goes through it, since ffmpeg's reader of this format mishandles some
    escapes (a value ending in a backslash runs into the next line, a carriage return cuts it)."""
    lines = [";FFMETADATA1"]
    for chapter in narration.chapters():
        lines += [
            "[CHAPTER]",
            "TIMEBASE=1/1000",
            f"START={round(chapter.start * 1000)}",
            f"END={round(chapter.end * 1000)}",
        ]
    return "\n".join(lines) + "\n"


def metadata_arguments(tags: Mapping[str, str], narration: Narration) -> list[str]:
    """The tags and the chapters' titles as ffmpeg arguments (``-metadata key=value`` and
    ``-metadata:c:N title=...``): each value is one argument, passed as it is, with nothing to escape."""
    arguments = []
    for key, value in tags.items():
        if value:
            arguments += ["-metadata", f"{key}={value}"]
    for number, chapter in enumerate(narration.chapters()):
        arguments += [f"-metadata:c:{number}", f"title={chapter.title}"]
    return arguments


def _ffmpeg() -> str:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise ExportError(
            "ffmpeg is missing: it encodes the audio edition", hint="apt-get install ffmpeg (./setup.sh does)"
        )
    return ffmpeg


class Mp3Stream:
    """The narration encoded to MP3 as it is spoken: ffmpeg reads 16-bit mono PCM from a pipe.

    A thread feeds the pipe, so the narration does not wait for the encoder sentence by sentence;
    the encoder is slower than the speech engine, so at most :data:`QUEUED` sentences wait for it
    (memory stays small however long the article), then the narration waits.
    :meth:`finish` waits for the last frame, :meth:`abort` stops it all.
    """

    QUEUED = 32
    """Sentences (about 200 kB each) queued for the encoder at most."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self._chunks: queue.Queue[bytes | None] = queue.Queue(self.QUEUED)
        self._process = subprocess.Popen(
            [_ffmpeg(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
             "-f", "s16le", "-ar", str(SAMPLE_RATE), "-ac", "1", "-i", "pipe:0", *FORMATS["mp3"], str(target)],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        self._feeder = threading.Thread(target=self._feed, name="triptych-mp3-feeder", daemon=True)
        self._feeder.start()

    def _feed(self) -> None:
        pipe = self._process.stdin
        if pipe is None:
            return
        try:
            while (chunk := self._chunks.get()) is not None:
                pipe.write(chunk)
        except OSError:  # ffmpeg stopped: finish() reports why
            return
        finally:
            with contextlib.suppress(OSError):
                pipe.close()

    def write(self, pcm: bytes) -> None:
        """Queue samples for the encoder (waiting while :data:`QUEUED` sentences are queued already;
        dropped once the feeder stopped, when ffmpeg failed: :meth:`finish` reports it)."""
        self._put(pcm)

    def _put(self, item: bytes | None) -> None:
        """Queue ``item`` (``None``: the end) while the feeder runs to take it."""
        while self._feeder.is_alive():
            with contextlib.suppress(queue.Full):
                self._chunks.put(item, timeout=0.5)
                return

    def finish(self, timeout: float) -> Path:
        """Wait for the encoder to write the whole file; return it."""
        self._put(None)
        self._feeder.join(timeout)  # then the pipe is closed: ffmpeg writes its last frames
        self._process.stdin = None  # closed by the feeder
        try:
            _, errors = self._process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.abort()
            raise ExportError(
                f"ffmpeg did not finish encoding the narration within {timeout:.0f} s",
                hint="try again when the machine is less busy (a batch with fewer jobs: -j 1)",
            ) from None
        if self._process.returncode != 0:
            self.target.unlink(missing_ok=True)
            raise ExportError(
                f"ffmpeg could not encode the narration: {errors.decode(errors='replace').strip()[-500:]}",
                hint="check that ffmpeg has the libmp3lame encoder (ffmpeg -encoders lists it) and that the output"
                " folder has room; apt-get install ffmpeg installs a complete one",
            )
        return self.target

    def abort(self) -> None:
        """Stop the encoder and remove what it wrote."""
        if self._process.poll() is None:
            self._process.kill()
        self._put(None)
        self._feeder.join()
        self._process.stdin = None  # closed by the feeder
        self._process.communicate()
        self.target.unlink(missing_ok=True)


def _encoder_name(mp3: Path) -> list[str]:
    """The encoder's name from the stream's LAME header, as an argument that writes it into the
    copy's header too (a copy would say ``Lavf``, the muxer, where an encode says ``Lavc59.37``)."""
    with mp3.open("rb") as stream:
        head = stream.read(8192)
    found = max(head.find(b"Info"), head.find(b"Xing"))
    # the tag, its flags, frame and byte counts, the 100-byte seek table and the quality, then the name
    name = head[found + 120 : found + 129] if found >= 0 else b""
    return ["-metadata:s:a:0", f"encoder={name.decode()}"] if name.isascii() and name.strip() else []


def encode(narration: Narration, target: Path, audio_format: str, tags: Mapping[str, str], timeout: float) -> None:
    """Write the audio edition to ``target`` in ``audio_format``: the narration's MP3 stream with
    tags and chapters put in (copied, when it was encoded as it was spoken), else encoded now."""
    ffmpeg = _ffmpeg()
    streamed = narration.mp3 if audio_format == "mp3" and narration.mp3 is not None else None
    source = ["-i", str(streamed)] if streamed else ["-i", str(narration.wav)]
    codec = ["-c:a", "copy", *MP3_TAGS] if streamed else FORMATS[audio_format]
    metadata = narration.wav.with_name(f"{target.name}.ffmetadata")  # two encodes may run at once
    metadata.write_text(ffmetadata(narration), encoding="utf-8")
    command = [
        ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
        *source, "-f", "ffmetadata", "-i", str(metadata),
        "-map", "0:a", "-map_metadata", "-1", *(_encoder_name(streamed) if streamed else []),
        "-map_chapters", "1", *metadata_arguments(tags, narration),
        *([] if streamed else ["-ac", "1"]), *codec, str(target),
    ]  # fmt: skip
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        target.unlink(missing_ok=True)
        raise ExportError(
            f"ffmpeg did not finish encoding {target.name} ({audio_format}) within {timeout:.0f} s",
            hint="try again when the machine is less busy (a batch with fewer jobs: -j 1);"
            " if it keeps happening, check that ffmpeg works (ffmpeg -version)",
        ) from None
    if result.returncode != 0:
        target.unlink(missing_ok=True)
        encoder = FORMATS[audio_format][1]
        raise ExportError(
            f"ffmpeg could not encode {target.name} ({audio_format}): {result.stderr.strip()[-500:]}",
            hint=f"check that ffmpeg has the {encoder} encoder (ffmpeg -encoders lists it) and that the output"
            " folder has room; apt-get install ffmpeg installs a complete one, or choose another --audio-format",
        )
