"""The speech-engine worker: pyttsx3 in its own process, driven by JSON lines on stdin.

Running the engine in a child process lets the exporter stop an engine that hangs (a time-out
kills the process) and keeps everything the engine prints off our stdout. Each request
synthesizes one text into one WAV file, with the pyttsx3 work-arounds that ``../NOTES``-style
measurements call for:

- ``runAndWait()`` can return before the file is written: wait for the ``finished-utterance``
  callback (which pyttsx3 sends after writing the file), with a time-out;
- several ``save_to_file`` calls before one ``runAndWait`` lose all but the last: one file per
  ``runAndWait``, always;
- ``say()`` is never called (it would overwrite the last saved file: pyttsx3 never resets it);
- the rate is always set explicitly (``getProperty("rate")`` reports 175 while eSpeak uses 200);
- the voice is checked against the engine's list (a bogus id is accepted silently);
- empty text is never sent (it raises ``AssertionError``, and hangs under ``python -O``);
- "Audio saved to ..." and any other output of the engine goes to /dev/null, not to our stdout;
- eSpeak NG runs in its *synchronous* mode, not pyttsx3's asynchronous one: there, audio
  buffers and the end-of-message event reach the callback from different threads, and pyttsx3
  writes the file on that event, so on a busy machine the end of a sentence could be lost (an
  empty file for a short one) and the same text give different audio from run to run. In
  synchronous mode ``Synth`` returns when the sentence is done, the buffers come in order on one
  thread, and a last call with no buffer marks the end (:func:`_synchronous_espeak`).
"""

from __future__ import annotations

import json
import os
import sys
import threading
from typing import Any, TextIO


def _reply(channel: TextIO, message: dict[str, Any]) -> None:
    channel.write(json.dumps(message) + "\n")
    channel.flush()


def main() -> int:
    """Serve synthesis requests until stdin closes."""
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8")
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)  # whatever the engine prints (from Python or C) goes nowhere
    try:
        import pyttsx3

        _synchronous_espeak()
        engine = pyttsx3.init()
        voices = [
            {"id": v.id, "name": v.name, "languages": [str(lang) for lang in (v.languages or [])]}
            for v in engine.getProperty("voices")
        ]
        version = engine_version()
    except Exception as exc:  # any failure to start is reported to the parent, which explains it
        _reply(channel, {"error": f"{type(exc).__name__}: {exc}"})
        return 1
    finished = threading.Event()
    engine.connect("finished-utterance", lambda name, completed: finished.set())
    _reply(channel, {"ready": True, "voices": voices, "engine": version})
    for line in sys.stdin:
        request = json.loads(line)
        try:
            if "voice" in request:
                engine.setProperty("voice", request["voice"])
                engine.setProperty("rate", int(request["rate"]))
                _reply(channel, {"ok": True})
                continue
            text = str(request["text"])
            if not text.strip():
                _reply(channel, {"error": "empty text"})
                continue
            finished.clear()
            engine.save_to_file(text, request["path"])
            engine.runAndWait()
            if not finished.wait(float(request.get("timeout", 60))):
                _reply(channel, {"error": "the engine did not finish the utterance"})
                continue
            _reply(channel, {"ok": True})
        except Exception as exc:  # reported per request; the parent decides
            _reply(channel, {"error": f"{type(exc).__name__}: {exc}"})
    return 0


def _synchronous_espeak() -> None:
    """Start eSpeak NG in synchronous mode before pyttsx3 does, with a callback for that mode."""
    import ctypes
    import wave

    try:
        from pyttsx3.drivers import _espeak, espeak
    except (ImportError, OSError):
        return  # another driver: nothing to change
    driver = espeak.EspeakDriver
    if not driver._moduleInitialized:
        if _espeak.Initialize(_espeak.AUDIO_OUTPUT_SYNCHRONOUS, 1000) == -1:
            raise RuntimeError("could not initialize eSpeak NG")
        current = _espeak.GetCurrentVoice()
        name = current.contents.name if current else None
        driver._defaultVoice = name.decode("utf-8") if name else "gmw/en"
        driver._moduleInitialized = True

    def on_synth(self: Any, wav: Any, numsamples: int, events: Any) -> int:
        if not self._speaking:
            return 0
        if numsamples > 0:
            self._data_buffer += ctypes.string_at(wav, numsamples * ctypes.sizeof(ctypes.c_short))
        if not wav:  # no buffer: the utterance is complete
            with wave.open(self._save_file, "wb") as out:  # the worker only ever saves to a file
                out.setnchannels(1)
                out.setsampwidth(2)
                out.setframerate(22050)
                out.writeframes(self._data_buffer)
            self._data_buffer = b""
            self._speaking = False
            self._proxy.notify("finished-utterance", completed=True)
            self._proxy.setBusy(False)
            self.endLoop()
        return 0

    def start_loop(self: Any) -> None:
        # pyttsx3's loop sleeps 10 ms after each step, which the asynchronous mode hid behind the
        # synthesis; here the synthesis is done when _start_synthesis returns: no loop to wait in.
        self._looping = True
        self._proxy.setBusy(False)  # runs the queued commands: save_to_file, then the loop's end
        if self._text_to_say:
            self._start_synthesis(self._text_to_say)
        self._looping = False

    driver._onSynth = on_synth
    driver.startLoop = start_loop


def engine_version() -> str:
    """The engine's name and versions (the cache also reads them in-process, without starting the engine)."""
    from importlib.metadata import version

    name = f"pyttsx3 {version('pyttsx3')}"
    try:
        from pyttsx3.drivers import _espeak

        return f"{name} with eSpeak NG {_espeak.Info().decode()}"
    except (ImportError, AttributeError, OSError):
        return name


if __name__ == "__main__":
    sys.exit(main())
