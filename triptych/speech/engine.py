"""The speech engine, as the exporter sees it: pyttsx3 in a worker process, with time-outs.

:class:`SpeechEngine` starts :mod:`triptych.speech.worker`, chooses a voice for the article's
language, and turns one text at a time into 16-bit mono PCM. A request that takes too long kills
the worker and raises :class:`EngineError`; so does an engine that is missing.

:meth:`SpeechEngine.describe` learns the engine's name and voices from the speech cache when it
holds them for the installed versions, so that an article whose every sentence is cached is
narrated without starting the engine; :meth:`SpeechEngine.configure` starts it when needed.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import json
import queue
import subprocess
import sys
import threading
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from triptych.errors import ExportError
from triptych.langtag import primary_subtag

if TYPE_CHECKING:
    from triptych.speech.cache import SpeechCache

SAMPLE_RATE = 22050
"""eSpeak NG's own voices speak at 22,050 Hz (pyttsx3 writes that rate into every WAV header)."""
DEFAULT_RATE = 175
"""Words per minute. Always set: pyttsx3 reports 175 but eSpeak speaks at 200 unless told."""
INSTALL_HINT = "install eSpeak NG and pyttsx3 (apt-get install espeak-ng; pip install pyttsx3), or run ./setup.sh"


class EngineError(ExportError):
    """The speech engine is missing, refused a request, or did not answer in time."""


def check_rate(rate: int) -> None:
    """Refuse a speech rate (words per minute) the engine can't use."""
    if not 80 <= rate <= 450:
        raise EngineError(f"speech rate {rate} is out of range", hint="use 80 to 450 words per minute")


@dataclass(frozen=True, slots=True)
class Voice:
    """A voice the engine offers."""

    id: str
    name: str
    languages: tuple[str, ...]

    def speaks(self, language: str) -> bool:
        """True when the voice is made for ``language`` (its primary subtag is enough)."""
        primary = primary_subtag(language)
        own = {primary_subtag(lang) for lang in self.languages} | {self.id.lower().rsplit("/", 1)[-1]}
        return primary in own


@functools.lru_cache(maxsize=1)
def _installed() -> str | None:
    """The installed engine's name and versions, read in this process; ``None`` if it can't be."""
    try:
        from triptych.speech.worker import engine_version

        return engine_version()
    except Exception:  # pyttsx3 missing or broken: starting the engine explains it
        return None


def _recorded(record: Any, installed: str) -> tuple[str, tuple[Voice, ...]] | None:
    """The engine name and voices of a cache record, if it is whole and for the ``installed`` engine."""
    try:
        if record["installed"] != installed or not isinstance(record["engine"], str):
            return None
        voices = tuple(Voice(str(v["id"]), str(v["name"]), tuple(map(str, v["languages"]))) for v in record["voices"])
    except (KeyError, TypeError, ValueError):  # no record (None), or a damaged one
        return None
    return (record["engine"], voices) if voices else None


def _record_name(installed: str) -> str:
    return f"engine-{hashlib.sha256(installed.encode()).hexdigest()[:24]}.json"


class SpeechEngine:
    """A running speech engine (use as a context manager)."""

    def __init__(
        self,
        *,
        start_timeout: float = 30.0,
        seconds_per_char: float = 0.05,
        min_timeout: float = 20.0,
        python: str = sys.executable,
    ) -> None:
        self.python = python
        self.start_timeout = start_timeout
        self.seconds_per_char = seconds_per_char
        self.min_timeout = min_timeout
        self.voices: tuple[Voice, ...] = ()
        self.name = ""
        self._process: subprocess.Popen[str] | None = None
        self._ready = False
        self._replies: queue.Queue[str | None] = queue.Queue()

    def __enter__(self) -> SpeechEngine:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def launch(self) -> None:
        """Start the worker without waiting for it: it gets ready while the caller goes on
        (:meth:`start` waits for it)."""
        if self._process is not None:
            return
        self._replies = queue.Queue()
        self._process = subprocess.Popen(
            [self.python, "-m", "triptych.speech.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )
        threading.Thread(target=self._read, daemon=True).start()

    def start(self) -> None:
        """Start the worker (unless :meth:`launch` did) and read the voices it offers."""
        if self._ready:
            return
        self.launch()
        hello = self._receive(self.start_timeout, "start")
        if "error" in hello:
            self.close()
            raise EngineError(f"no speech engine could be started ({hello['error']})", hint=INSTALL_HINT)
        self.voices = tuple(Voice(v["id"], v["name"], tuple(v["languages"])) for v in hello["voices"])
        self.name = str(hello["engine"])
        self._ready = True

    def describe(self, cache: SpeechCache | None) -> None:
        """Learn the engine's name and voices: from ``cache`` when it holds them for the installed
        pyttsx3 and eSpeak NG (:meth:`recorded`), else by starting the engine (about 0.2 s) and
        keeping them in ``cache`` for next time. A running engine knows them."""
        if not self._ready and self.recorded(cache):
            return
        self.start()  # (a kept engine is running already)
        installed = _installed() if cache is not None and self.python == sys.executable else None
        if (
            cache is not None
            and installed is not None
            and not _recorded(cache.load_json(_record_name(installed)), installed)
        ):
            voices = [{"id": v.id, "name": v.name, "languages": list(v.languages)} for v in self.voices]
            cache.save_json(_record_name(installed), {"installed": installed, "engine": self.name, "voices": voices})

    def recorded(self, cache: SpeechCache | None) -> bool:
        """Whether the engine's name and voices are known without starting it: from ``cache``, when
        it holds them for the installed pyttsx3 and eSpeak NG (read in this process, in about 50 ms)."""
        if self.name:
            return True
        installed = _installed() if cache is not None and self.python == sys.executable else None
        if cache is None or installed is None:
            return False
        if known := _recorded(cache.load_json(_record_name(installed)), installed):
            self.name, self.voices = known
            return True
        return False

    @property
    def running(self) -> bool:
        """Whether the worker process is running and ready."""
        return self._ready and self._process is not None

    def _read(self) -> None:
        process = self._process
        if process is None or process.stdout is None:
            return
        for line in process.stdout:
            self._replies.put(line)
        self._replies.put(None)

    def _receive(self, timeout: float, what: str) -> dict[str, Any]:
        try:
            line = self._replies.get(timeout=timeout)
        except queue.Empty:
            self.close(kill=True)
            raise EngineError(
                f"the speech engine did not answer within {timeout:.0f} s ({what}); it was stopped",
                hint="try again; if it keeps happening, check the eSpeak NG installation",
            ) from None
        if line is None:
            code = self._process.wait() if self._process else None
            raise EngineError(f"the speech engine stopped unexpectedly (exit status {code})", hint=INSTALL_HINT)
        reply: dict[str, Any] = json.loads(line)
        return reply

    def _send(self, message: dict[str, Any]) -> None:
        process = self._process
        if process is None or process.stdin is None:
            raise EngineError(
                "the speech engine is not running (it was stopped after an earlier error, or never started)",
                hint=f"try again; if it keeps happening, {INSTALL_HINT}",
            )
        process.stdin.write(json.dumps(message) + "\n")
        process.stdin.flush()

    def voice_for(self, language: str, requested: str | None = None, *, fallback: str | None = None) -> Voice:
        """The voice to use: the requested one (checked), else the best match for the language,
        else (with ``fallback``, a language) the best match for the fallback language."""
        if requested:
            for voice in self.voices:
                if requested.lower() in (voice.id.lower(), voice.name.lower()):
                    return self._usable(voice)
            sample = ", ".join(v.id for v in self.voices[:12])
            raise EngineError(f"no voice {requested!r} in {self.name}", hint=f"choose one of: {sample}, ...")
        tag = language.lower().replace("_", "-")
        primary = primary_subtag(tag)
        own = [v for v in self.voices if not v.id.startswith("mb/")]
        matches = (
            [v for v in own if tag in (lang.lower() for lang in v.languages)]  # en-us: the en-us voice
            or [v for v in own if v.id.lower().rsplit("/", 1)[-1] == primary]  # en: the main English voice
            or [v for v in own if primary in (primary_subtag(lang) for lang in v.languages)]
        )
        if matches:
            return matches[0]
        if fallback and fallback != language:
            return self.voice_for(fallback)
        raise EngineError(
            f"{self.name} has no voice for the language {language!r}",
            hint="choose a voice with --voice, or install one for this language",
        )

    @staticmethod
    def _usable(voice: Voice) -> Voice:
        if voice.id.startswith("mb/"):  # MBROLA voices speak at 16 kHz; pyttsx3's WAV header says 22,050
            raise EngineError(
                f"voice {voice.id!r} is an MBROLA voice, whose audio pyttsx3 mislabels",
                hint="choose one of eSpeak NG's own voices",
            )
        return voice

    def configure(self, voice: Voice, rate: int) -> None:
        """Set the voice and the rate (words per minute) for what follows, starting the engine if
        :meth:`describe` did not need to."""
        check_rate(rate)
        if not self.running:
            self.start()
        self._send({"voice": voice.id, "rate": rate})
        reply = self._receive(self.min_timeout, "voice")
        if "error" in reply:
            raise EngineError(
                f"the speech engine refused voice {voice.id!r}: {reply['error']}",
                hint="choose another voice with --voice (espeak-ng --voices lists them), or leave --voice out"
                " to use the article language's own voice",
            )

    def synthesize(self, text: str, wav_path: Path) -> bytes:
        """Speak ``text`` into ``wav_path`` and return its PCM samples (16-bit mono, SAMPLE_RATE)."""
        if not text.strip():
            return b""  # never send empty text: pyttsx3 raises (or hangs under -O)
        timeout = max(self.min_timeout, self.seconds_per_char * len(text))
        self._send({"text": text, "path": str(wav_path), "timeout": timeout})
        reply = self._receive(timeout, f"speaking {text[:40]!r}")
        if "error" in reply:
            raise EngineError(
                f"the speech engine failed on {text[:60]!r}: {reply['error']}",
                hint="try again; if this text keeps failing, give its unusual words a spelling with --lexicon FILE"
                " or choose another voice with --voice",
            )
        with wave.open(str(wav_path), "rb") as audio:
            if audio.getnchannels() != 1 or audio.getsampwidth() != 2:
                raise EngineError(f"the speech engine wrote unexpected audio ({audio.getparams()})")
            frames = audio.readframes(audio.getnframes())
        wav_path.unlink()
        return frames

    def close(self, *, kill: bool = False, wait: bool = True) -> None:
        """Stop the worker: at once with ``kill``, else politely, killing it if it does not stop
        (without ``wait``: told to stop, not waited for)."""
        process, self._process, self._ready = self._process, None, False
        if process is None:
            return
        if process.stdin:
            with contextlib.suppress(OSError):  # the worker may be gone already
                process.stdin.close()
        if kill:
            process.kill()
        if not wait:
            return
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()


KEPT_ENGINES = 2
"""Engines a process keeps running between narrations (a build worker, a service worker)."""
_kept: list[SpeechEngine] = []
_kept_lock = threading.Lock()


@contextlib.contextmanager
def kept_engine() -> Iterator[SpeechEngine]:
    """A speech engine for one narration: one that this process started for an earlier narration
    and kept, else a new one (not started yet). Afterwards it is kept for the next narration (so
    an article costs no engine start), unless something failed while it was in use."""
    with _kept_lock:
        engine = _kept.pop() if _kept else SpeechEngine()
    try:
        yield engine
    except BaseException:
        engine.close(kill=True)
        raise
    with _kept_lock:
        if engine.running and engine.python == sys.executable and len(_kept) < KEPT_ENGINES:
            _kept.append(engine)
            return
    engine.close()


@atexit.register
def _stop_kept() -> None:
    """Tell the kept engines to stop (they stop on their own when their input closes)."""
    with _kept_lock:
        engines = list(_kept)
        _kept.clear()
    for engine in engines:
        engine.close(wait=False)
