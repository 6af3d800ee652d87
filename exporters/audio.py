"""The spoken edition: the run's narration (pyttsx3 driving eSpeak NG) as MP3 with ID3 tags and
chapters (or M4B, or WAV) and WebVTT captions whose cues come from the real sample counts.

Options: ``audio-format`` (``mp3``, ``m4b`` or ``wav``) and the narration's (``voice``, ``rate``,
``lexicon``, ``speech-skip``, ``speech-cache``, ``speech-cache-max``: see
:mod:`triptych.renditions.narration`).
"""

from __future__ import annotations

from pathlib import Path

from triptych.exporter import BaseExporter, ExportContext, Exported
from triptych.langtag import primary_subtag
from triptych.language import format_names
from triptych.model import Article
from triptych.renditions.narration import AUDIO_FORMAT, NARRATION, SPEECH_OPTIONS, SpeechSettings, voice_fallback
from triptych.version import __version__

LANGUAGE_CODES = {
    "ar": "ara", "de": "deu", "el": "ell", "en": "eng", "es": "spa", "fr": "fra", "hi": "hin", "it": "ita",
    "ja": "jpn", "nl": "nld", "pl": "pol", "pt": "por", "ru": "rus", "sv": "swe", "tr": "tur", "zh": "zho",
}  # fmt: skip
"""ISO 639-2 codes for the ID3 language tag."""


def tags(article: Article, narration_engine: str, voice: str) -> dict[str, str]:
    """ID3 (or MP4) tags for the audio edition."""
    meta = article.meta
    primary = primary_subtag(meta.language)
    return {
        "title": meta.title,
        "artist": format_names(meta.authors, meta.language) if meta.authors else "",
        "album": meta.publisher or "",
        "date": meta.published.isoformat()[:10] if meta.published else "",
        "language": LANGUAGE_CODES.get(primary, primary),
        "genre": "Speech",
        "comment": f"Spoken edition made by Triptych {__version__} with {narration_engine}, voice {voice}",
    }


class AudioExporter(BaseExporter):
    """Spoken-audio edition."""

    name = "audio"
    suffix = "mp3"
    description = "Spoken audio (pyttsx3 with eSpeak NG): MP3 with chapters and WebVTT captions"
    options = (AUDIO_FORMAT, *SPEECH_OPTIONS)
    requires = frozenset({NARRATION})

    def export(self, article: Article, target: Path, context: ExportContext) -> Exported:
        """Speak the article and write the audio file and its captions beside ``target``."""
        from triptych.speech.captions import webvtt
        from triptych.speech.encode import encode

        audio_format = context.option(AUDIO_FORMAT) or "mp3"
        requested = SpeechSettings.of(context).voice
        narration = context.get(NARRATION)
        note = voice_fallback(narration.voice, article.meta.language, requested, narration.engine)
        main = target.with_suffix(f".{audio_format}")
        encode(narration, main, audio_format, tags(article, narration.engine, narration.voice.id),
               timeout=60 + narration.duration)  # fmt: skip
        captions = target.with_suffix(".vtt")
        captions.write_text(webvtt(narration, article.meta.language), encoding="utf-8")
        return Exported(
            path=main,
            details={
                "duration": round(narration.duration, 3),
                "voice": narration.voice.id,
                "rate": narration.rate,
                "engine": narration.engine,
                **({"voice_fallback": note} if note else {}),
                "audio_format": audio_format,
                "cues": len(narration.timings),
                "chapters": len(narration.chapters()),
                "synthesized": narration.synthesized,
                "cached": narration.cached,
            },
            companions={"captions": captions},
        )
