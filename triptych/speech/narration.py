"""The narration: the speech script synthesized sentence by sentence into one WAV file, with the
exact start and end of every segment counted in samples (so captions, chapters and the EPUB's
media overlays all agree with the audio)."""

from __future__ import annotations

import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from triptych.speech.engine import SAMPLE_RATE, SpeechEngine, Voice
from triptych.speech.script import Segment


@dataclass(frozen=True, slots=True)
class Timing:
    """Where one segment sits in the audio, in samples (its pause before it is not included)."""

    segment: Segment
    start_sample: int
    end_sample: int

    @property
    def start(self) -> float:
        """Start in seconds."""
        return self.start_sample / SAMPLE_RATE

    @property
    def end(self) -> float:
        """End in seconds."""
        return self.end_sample / SAMPLE_RATE


@dataclass(frozen=True, slots=True)
class Chapter:
    """A chapter of the audio: its title and where it starts and ends, in seconds."""

    title: str
    start: float
    end: float


@dataclass(frozen=True, slots=True)
class Narration:
    """A synthesized script: the WAV file and where each segment is in it."""

    wav: Path
    samples: int
    timings: tuple[Timing, ...]
    voice: Voice
    rate: int
    engine: str

    @property
    def duration(self) -> float:
        """Length of the audio in seconds."""
        return self.samples / SAMPLE_RATE

    def chapters(self) -> list[Chapter]:
        """One chapter per segment that starts one (the opening, each section, the notes).

        A chapter starts where the pause before its first segment starts, and ends where the
        next chapter starts.
        """
        starts: list[tuple[str, int]] = []
        previous_end = 0
        for timing in self.timings:
            if timing.segment.chapter:
                starts.append((timing.segment.chapter, 0 if not starts else previous_end))
            previous_end = timing.end_sample
        return [
            Chapter(
                title, start / SAMPLE_RATE, (starts[i + 1][1] if i + 1 < len(starts) else self.samples) / SAMPLE_RATE
            )
            for i, (title, start) in enumerate(starts)
        ]


def narrate(segments: Sequence[Segment], engine: SpeechEngine, voice: Voice, rate: int, workdir: Path) -> Narration:
    """Synthesize every segment on its own and write them, with their pauses, into one WAV file.

    Memory stays small whatever the article's length: each sentence is appended to the file as
    soon as it is spoken.
    """
    engine.configure(voice, rate)
    wav_path = workdir / "narration.wav"
    timings: list[Timing] = []
    position = 0
    with wave.open(str(wav_path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        for number, segment in enumerate(segments):
            pcm = engine.synthesize(segment.spoken, workdir / f"segment-{number}.wav")
            if not pcm:
                continue
            silence = round(segment.pause_before * SAMPLE_RATE) if position else 0
            out.writeframes(b"\x00\x00" * silence)
            position += silence
            out.writeframes(pcm)
            samples = len(pcm) // 2
            timings.append(Timing(segment, position, position + samples))
            position += samples
    return Narration(wav=wav_path, samples=position, timings=tuple(timings), voice=voice, rate=rate, engine=engine.name)
