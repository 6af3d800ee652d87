"""The speech renditions: the speech script, its narration (audio and timings) and a plain MP3 of it.

Made once per run and shared by the audio edition, the narrated EPUB and the web page's
read-along player (``context.get(NARRATION)``).
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from triptych.context import ExportContext, Key
from triptych.options import Schema, choice, flag, integer, text, words
from triptych.renditions.html import FRAME_IDS

if TYPE_CHECKING:
    from triptych.speech.engine import Voice
    from triptych.speech.narration import Narration
    from triptych.speech.script import Segment, SpeechOptions

SKIPPABLE = {
    "title": "read_title", "deck": "read_deck", "byline": "read_byline", "date": "read_date",
    "image": "read_image", "quotes": "announce_quotes", "lists": "announce_lists", "tables": "read_tables",
    "notes": "read_notes", "closing": "closing",
}  # fmt: skip
"""The parts of the script that ``speech-skip`` can leave out, with the speech option each turns off."""
FALLBACK_LANGUAGE = "en"
"""The voice's language when the engine has none for the article's."""

VOICE = text("voice", "speech voice id (`espeak-ng --voices` lists them)", kind="voice id",
             default_text="a voice for the article's language", example="en-us")  # fmt: skip
RATE = integer("rate", 175, "speech rate in words per minute", minimum=80, maximum=450)
LEXICON = text("lexicon", "pronunciation lexicon file (W3C PLS, or 'word = replacement' lines)", kind="file",
               example="lexicon.pls")  # fmt: skip
SPEECH_SKIP = words("speech-skip", tuple(SKIPPABLE), "parts of the article not to read aloud")
SPEECH_CACHE = flag("speech-cache", "take sentences already spoken from the speech cache", default=True)
SPEECH_CACHE_MAX = integer("speech-cache-max", 1024, "the speech cache's size limit, in MiB", maximum=1024 * 1024)
SPEECH_OPTIONS: Schema = (VOICE, RATE, LEXICON, SPEECH_SKIP, SPEECH_CACHE, SPEECH_CACHE_MAX)
AUDIO_FORMAT = choice("audio-format", ("mp3", "m4b", "wav"), "mp3", "audio file format (MP3 and M4B carry chapters)")
"""The audio edition's format (its option): when it is MP3, the narration is encoded as it is spoken."""
NARRATED = flag("narrated", "put the narration inside: Media Overlays in the EPUB, read-along on the web page",
                default_text="no (the web page reads along when the audio is made in the same run)")  # fmt: skip
"""Asks an edition that can embed the narration to embed it."""
"""The options of the narration (the audio edition's, and those of every edition that embeds it)."""


@dataclass(frozen=True, slots=True)
class SpeechSettings:
    """The narration's options, checked."""

    voice: str | None
    rate: int
    lexicon: Path | None
    skip: frozenset[str] = frozenset()
    cache_mib: int | None = None
    """The speech cache's size limit in MiB; ``None``: no speech cache."""

    @classmethod
    def of(cls, context: ExportContext) -> SpeechSettings:
        """The settings in force for the run."""
        lexicon = context.option(LEXICON)
        return cls(
            voice=context.option(VOICE),
            rate=context.option(RATE),
            lexicon=Path(lexicon) if lexicon else None,
            skip=context.option(SPEECH_SKIP),
            cache_mib=context.option(SPEECH_CACHE_MAX) if context.option(SPEECH_CACHE) else None,
        )

    def speech_options(self) -> SpeechOptions:
        """What the speech script reads, with the skipped parts turned off."""
        from triptych.speech.script import SpeechOptions

        return SpeechOptions(**{SKIPPABLE[part]: False for part in self.skip})


def voice_fallback(voice: Voice, language: str, requested: str | None, engine: str) -> str | None:
    """What to tell the reader when the audio is not read by a voice for the article's language."""
    if requested or voice.speaks(language):
        return None
    return (
        f"{engine} has no voice for the article's language {language!r}: the audio edition is read by"
        f" the {FALLBACK_LANGUAGE!r} voice {voice.id!r}, with that language's pronunciation"
    )


def _script(context: ExportContext) -> tuple[Segment, ...]:
    from triptych.speech.lexicon import load_lexicon
    from triptych.speech.script import speech_script

    settings = SpeechSettings.of(context)
    lexicon = load_lexicon(settings.lexicon) if settings.lexicon else None
    return speech_script(context.article, settings.speech_options(), lexicon=lexicon)


def _narrate(context: ExportContext) -> Narration:
    """The script spoken by a speech engine this process keeps (started, when it must be, while the
    script is made), encoded to MP3 as it is spoken unless the audio edition is another format."""
    from triptych.files import cache_root
    from triptych.speech.cache import SpeechCache
    from triptych.speech.encode import Mp3Stream
    from triptych.speech.engine import kept_engine
    from triptych.speech.narration import narrate

    settings = SpeechSettings.of(context)
    language = context.article.meta.language
    cache = None
    if settings.cache_mib is not None:
        try:
            cache = SpeechCache(cache_root() / "speech", settings.cache_mib * 2**20)
        except RuntimeError as error:  # no home folder to put it in
            context.warn(f"no speech cache: {error}; set TRIPTYCH_CACHE_DIR")
    with kept_engine() as engine:
        if cache is None or (not engine.name and not engine.recorded(cache)):
            engine.launch()  # it will be needed: it gets ready while the script is made
        segments = context.get(SPEECH_SCRIPT)
        engine.describe(cache)  # from the cache when it can: the engine starts only for a miss
        voice = engine.voice_for(language, settings.voice, fallback=FALLBACK_LANGUAGE)
        if note := voice_fallback(voice, language, settings.voice, engine.name):
            context.warn(note)
        streamed = context.option(AUDIO_FORMAT) == "mp3"
        stream = Mp3Stream(context.workdir() / "narration-stream.mp3") if streamed else None
        try:
            narration = narrate(segments, engine, voice, settings.rate, context.workdir(), cache,
                                sink=stream.write if stream else None)  # fmt: skip
        except BaseException:
            if stream:
                stream.abort()
            raise
        if stream:
            narration = replace(narration, mp3=stream.finish(timeout=60 + narration.duration))
    if cache and cache.problem:
        context.warn(cache.problem)
    return narration


def _plain_mp3(context: ExportContext) -> Path:
    from triptych.speech.encode import encode

    narration = context.get(NARRATION)
    path = context.workdir() / "narration-plain.mp3"
    encode(narration, path, "mp3", {}, timeout=60 + narration.duration)
    return path


SPEECH_SCRIPT: Key[tuple[Segment, ...]] = Key("speech-script", _script)
"""What is read aloud, segment by segment, exactly as the speech engine gets it."""
NARRATION: Key[Narration] = Key("narration", _narrate)
"""The script spoken: the audio of every segment, with its timings."""
NARRATION_MP3: Key[Path] = Key("narration-mp3", _plain_mp3, basis=NARRATION)
"""The narration as a plain MP3 with no tags (for the narrated EPUB and the web page)."""


def sentences_by_block(narration: Narration | None) -> dict[str, list[tuple[str, str]]]:
    """The narration's sentences (id and text) under the id of the block each belongs to."""
    sentences: dict[str, list[tuple[str, str]]] = {}
    for timing in narration.timings if narration else ():
        segment = timing.segment
        if segment.kind == "sentence" and segment.block_id:
            sentences.setdefault(segment.block_id, []).append((segment.id, segment.text))
    return sentences


def cue_element(segment: Segment, present: Container[str]) -> str | None:
    """The id of the element that shows what a cue says, among the ids ``present`` in an
    edition: its own (a sentence, a heading, a table row), the article's frame (title, deck,
    byline, date, the notes' heading), else its block (an image's description and caption, a
    quote's or a list's announcement). ``None`` for what no edition shows (the closing line)."""
    frame = FRAME_IDS.get(segment.kind)
    if frame is None and segment.block_id is None:
        frame = FRAME_IDS.get(re.sub(r"-\d+$", "", segment.id))  # "notes-2" when a heading took "notes"
    for candidate in (segment.id, frame, segment.block_id):
        if candidate and candidate in present:
            return candidate
    return None
