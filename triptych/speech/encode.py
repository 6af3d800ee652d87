"""Encoding the narration with ffmpeg: MP3 (ID3v2 tags, CHAP/CTOC chapters), M4B (AAC with
chapters) or WAV. ffmpeg's MP3 carries a LAME header with the encoder delay, so decoders give back
exactly the samples we counted, and cue times stay true."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

from triptych.errors import ExportError
from triptych.speech.narration import Narration

FORMATS = {
    # LAME's quality 7 ("fast") encodes speech at 48 kbit/s with no audible loss, in 60 % of the time
    "mp3": ["-c:a", "libmp3lame", "-b:a", "48k", "-compression_level", "7", "-id3v2_version", "3", "-write_xing", "1"],
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


def encode(narration: Narration, target: Path, audio_format: str, tags: Mapping[str, str], timeout: float) -> None:
    """Write the audio edition to ``target`` in ``audio_format``."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise ExportError(
            "ffmpeg is missing: it encodes the audio edition", hint="apt-get install ffmpeg (./setup.sh does)"
        )
    metadata = narration.wav.with_name(f"{target.name}.ffmetadata")  # two encodes may run at once
    metadata.write_text(ffmetadata(narration), encoding="utf-8")
    command = [
        ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
        "-i", str(narration.wav), "-f", "ffmetadata", "-i", str(metadata),
        "-map", "0:a", "-map_metadata", "-1", "-map_chapters", "1", *metadata_arguments(tags, narration), "-ac", "1",
        *FORMATS[audio_format], str(target),
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
