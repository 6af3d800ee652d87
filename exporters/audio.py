"""The spoken edition: the speech script read by pyttsx3 (eSpeak NG), as MP3 with ID3 tags and
chapters (or M4B, or WAV) and WebVTT captions whose cues come from the real sample counts.

Options (``-O KEY=VALUE`` or the matching flags): ``voice`` (an engine voice id; default: the
best match for the article's language), ``rate`` (words per minute, default 175),
``audio-format`` (``mp3``, ``m4b`` or ``wav``), ``lexicon`` (a pronunciation lexicon file, W3C
PLS or ``word = replacement`` lines), ``speech-skip`` (a comma list of parts not to read:
title, deck, byline, date, image, quotes, lists, tables, notes, closing), ``speech-cache``
(``no`` speaks every sentence again instead of taking it from the speech cache) and
``speech-cache-max`` (the cache's size limit in MiB, default 1024); see
:mod:`triptych.speech.cache`.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from triptych import __version__
from triptych.errors import UsageError
from triptych.exporter import ExportContext, Exported
from triptych.language import format_names
from triptych.model import Article

if TYPE_CHECKING:
    from triptych.speech.engine import Voice
    from triptych.speech.narration import Narration
    from triptych.speech.script import Segment, SpeechOptions

LANGUAGE_CODES = {
    "ar": "ara", "de": "deu", "el": "ell", "en": "eng", "es": "spa", "fr": "fra", "hi": "hin", "it": "ita",
    "ja": "jpn", "nl": "nld", "pl": "pol", "pt": "por", "ru": "rus", "sv": "swe", "tr": "tur", "zh": "zho",
}  # fmt: skip
SKIPPABLE = {
    "title": "read_title", "deck": "read_deck", "byline": "read_byline", "date": "read_date",
    "image": "read_image", "quotes": "announce_quotes", "lists": "announce_lists", "tables": "read_tables",
    "notes": "read_notes", "closing": "closing",
}  # fmt: skip
FALLBACK_LANGUAGE = "en"
"""The voice's language when the engine has none for the article's."""
SPEECH_SCRIPT_RENDITION = "speech-script"
NARRATION_RENDITION = "narration"


@dataclass(frozen=True, slots=True)
class AudioOptions:
    """The spoken edition's options, checked."""

    voice: str | None
    rate: int
    audio_format: str
    lexicon: Path | None
    skip: frozenset[str] = frozenset()
    cache_mib: int | None = None
    """The speech cache's size limit in MiB; ``None``: no speech cache."""

    @classmethod
    def of(cls, options: dict[str, str]) -> AudioOptions:
        from triptych.speech.cache import DEFAULT_MAX_MIB
        from triptych.speech.encode import FORMATS
        from triptych.speech.engine import DEFAULT_RATE

        audio_format = options.get("audio-format", "mp3").lower()
        if audio_format not in FORMATS:
            raise UsageError(f"audio format {audio_format!r} is not known", hint=f"use {', '.join(FORMATS)}")
        rate_text = options.get("rate", str(DEFAULT_RATE))
        if not rate_text.isdigit():
            raise UsageError(f"speech rate {rate_text!r} is not a number", hint="give words per minute, e.g. 175")
        lexicon = options.get("lexicon")
        skip = frozenset(part.strip() for part in options.get("speech-skip", "").split(",") if part.strip())
        if unknown := sorted(skip - set(SKIPPABLE)):
            raise UsageError(
                f"speech-skip: {', '.join(unknown)} can't be skipped", hint=f"choose from {', '.join(SKIPPABLE)}"
            )
        switch = options.get("speech-cache", "yes").lower()
        if switch not in ("yes", "no", "true", "false", "1", "0"):
            raise UsageError(f"speech-cache={switch!r} is not yes or no", hint="-O speech-cache=no turns it off")
        size = options.get("speech-cache-max", str(DEFAULT_MAX_MIB))
        if not size.isdigit():
            raise UsageError(f"speech-cache-max={size!r} is not a number", hint="give the limit in MiB, e.g. 1024")
        return cls(
            voice=options.get("voice") or None,
            rate=int(rate_text),
            audio_format=audio_format,
            lexicon=Path(lexicon) if lexicon else None,
            skip=skip,
            cache_mib=int(size) if switch in ("yes", "true", "1") else None,
        )

    def speech_options(self) -> SpeechOptions:
        """What the speech script reads, with the skipped parts turned off."""
        from triptych.speech.script import SpeechOptions

        return SpeechOptions(**{SKIPPABLE[part]: False for part in self.skip})


def tags(article: Article, narration_engine: str, voice: str) -> dict[str, str]:
    """ID3 (or MP4) tags for the audio edition."""
    meta = article.meta
    primary = meta.language.split("-")[0].lower()
    return {
        "title": meta.title,
        "artist": format_names(meta.authors, meta.language) if meta.authors else "",
        "album": meta.publisher or "",
        "date": meta.published.isoformat()[:10] if meta.published else "",
        "language": LANGUAGE_CODES.get(primary, primary),
        "genre": "Speech",
        "comment": f"Spoken edition made by Triptych {__version__} with {narration_engine}, voice {voice}",
    }


class AudioExporter:
    """Spoken-audio edition."""

    name = "audio"
    suffix = "mp3"
    description = "Spoken audio (pyttsx3 with eSpeak NG): MP3 with chapters and WebVTT captions"

    def export(self, article: Article, target: Path, context: ExportContext) -> Exported:
        """Speak the article and write the audio file and its captions beside ``target``."""
        from triptych.speech.captions import webvtt
        from triptych.speech.encode import encode

        options = AudioOptions.of(dict(context.options))
        narration = narration_of(article, context, options)
        note = voice_fallback(narration.voice, article.meta.language, options.voice, narration.engine)
        main = target.with_suffix(f".{options.audio_format}")
        encode(narration, main, options.audio_format, tags(article, narration.engine, narration.voice.id),
               timeout=60 + narration.duration)  # fmt: skip
        target.with_suffix(".vtt").write_text(webvtt(narration, article.meta.language), encoding="utf-8")
        return Exported(
            path=main,
            details={
                "duration": round(narration.duration, 3),
                "voice": narration.voice.id,
                "rate": narration.rate,
                "engine": narration.engine,
                **({"voice_fallback": note} if note else {}),
                "audio_format": options.audio_format,
                "cues": len(narration.timings),
                "chapters": len(narration.chapters()),
                "synthesized": narration.synthesized,
                "cached": narration.cached,
            },
        )


def voice_fallback(voice: Voice, language: str, requested: str | None, engine: str) -> str | None:
    """What to tell the reader when the audio is not read by a voice for the article's language."""
    if requested or voice.speaks(language):
        return None
    return (
        f"{engine} has no voice for the article's language {language!r}: the audio edition is read by"
        f" the {FALLBACK_LANGUAGE!r} voice {voice.id!r}, with that language's pronunciation"
    )


def narration_mp3(article: Article, context: ExportContext) -> Path:
    """The run's narration as a plain MP3 (for the narrated EPUB and the web edition), made once."""
    from triptych.speech.encode import encode

    def make() -> Path:
        narration = narration_of(article, context)
        path = context.workdir() / "narration-plain.mp3"
        encode(narration, path, "mp3", {}, timeout=60 + narration.duration)
        return path

    return context.rendition("narration-mp3", make)


def narration_of(article: Article, context: ExportContext, options: AudioOptions | None = None) -> Narration:
    """The run's narration (synthesized once per run and shared, e.g. with a narrated EPUB)."""
    from triptych.files import cache_root
    from triptych.speech.cache import SpeechCache
    from triptych.speech.engine import SpeechEngine
    from triptych.speech.lexicon import load_lexicon
    from triptych.speech.narration import narrate
    from triptych.speech.script import speech_script

    chosen = options or AudioOptions.of(dict(context.options))

    def script() -> tuple[Segment, ...]:
        lexicon = load_lexicon(chosen.lexicon) if chosen.lexicon else None
        return speech_script(article, chosen.speech_options(), lexicon=lexicon)

    def make() -> Narration:
        segments = context.rendition(SPEECH_SCRIPT_RENDITION, script)
        cache = None
        if chosen.cache_mib is not None:
            try:
                cache = SpeechCache(cache_root() / "speech", chosen.cache_mib * 2**20)
            except RuntimeError as error:  # no home folder to put it in
                context.warn(f"no speech cache: {error}; set TRIPTYCH_CACHE_DIR")
        with contextlib.closing(SpeechEngine()) as engine:
            engine.describe(cache)  # from the cache when it can: the engine starts only for a miss
            voice = engine.voice_for(article.meta.language, chosen.voice, fallback=FALLBACK_LANGUAGE)
            if note := voice_fallback(voice, article.meta.language, chosen.voice, engine.name):
                context.warn(note)
            narration = narrate(segments, engine, voice, chosen.rate, context.workdir(), cache)
        if cache and cache.problem:
            context.warn(cache.problem)
        return narration

    return context.rendition(NARRATION_RENDITION, make)
