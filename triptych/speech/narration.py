"""The narration: the speech script synthesized sentence by sentence into one WAV file, with the
exact start and end of every segment counted in samples (so captions, chapters and the EPUB's
media overlays all agree with the audio). Sentences already in the speech cache
(:mod:`triptych.speech.cache`) are taken from it; the engine starts only for the others."""

from __future__ import annotations

import wave
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from triptych.speech.cache import SpeechCache
from triptych.speech.engine import SAMPLE_RATE, SpeechEngine, Voice, check_rate
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
    synthesized: int = 0
    """Segments spoken by the engine in this run."""
    cached: int = 0
    """Segments taken from the speech cache."""
    mp3: Path | None = None
    """The same audio as a plain MP3, when it was encoded as it was spoken
    (:class:`~triptych.speech.encode.Mp3Stream`)."""

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


def narrate(
    segments: Sequence[Segment],
    engine: SpeechEngine,
    voice: Voice,
    rate: int,
    workdir: Path,
    cache: SpeechCache | None = None,
    sink: Callable[[bytes], None] | None = None,
) -> Narration:
    """Synthesize every segment on its own (or take it from ``cache``) and write them, with their
    pauses, into one WAV file.

    ``engine`` must know its name (:meth:`SpeechEngine.describe`); it is configured (and started)
    only when a segment is not in the cache. Memory stays small whatever the article's length:
    each sentence is appended to the file as soon as it is spoken, and given to ``sink`` (an
    encoder) with its pause.
    """
    check_rate(rate)
    if not engine.name:
        engine.describe(cache)
    wav_path = workdir / "narration.wav"
    timings: list[Timing] = []
    position = synthesized = cached = 0
    with wave.open(str(wav_path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        for number, segment in enumerate(segments):
            if not segment.spoken.strip():
                continue  # never sent to the engine, never cached
            key = SpeechCache.key(segment.spoken, voice.id, rate, engine.name, SAMPLE_RATE)
            pcm = cache.get(key) if cache else None
            if pcm is not None:
                cached += 1
            else:
                if synthesized == 0:
                    engine.configure(voice, rate)
                pcm = engine.synthesize(segment.spoken, workdir / f"segment-{number}.wav")
                synthesized += 1
                if cache and pcm:  # keyed by the name the running engine gave (the same, unless just upgraded)
                    cache.put(SpeechCache.key(segment.spoken, voice.id, rate, engine.name, SAMPLE_RATE), pcm)
            if not pcm:
                continue
            silence = round(segment.pause_before * SAMPLE_RATE) if position else 0
            out.writeframes(b"\x00\x00" * silence)
            position += silence
            out.writeframes(pcm)
            if sink is not None:
                sink(b"\x00\x00" * silence + pcm)
            samples = len(pcm) // 2
            timings.append(Timing(segment, position, position + samples))
            position += samples
    if cache and cache.written:
        cache.maybe_prune()
    return Narration(
        wav=wav_path,
        samples=position,
        timings=tuple(timings),
        voice=voice,
        rate=rate,
        engine=engine.name,
        synthesized=synthesized,
        cached=cached,
    )
