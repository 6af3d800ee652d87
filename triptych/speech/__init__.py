"""The speech rendition and the engine that speaks it.

- :mod:`triptych.speech.script`: the article as a script of things to say (``speech_script``);
- :mod:`triptych.speech.sentences`, :mod:`triptych.speech.normalize`: sentences, and text made
  speakable per language; :mod:`triptych.speech.lexicon`: the user's pronunciation lexicon;
- :mod:`triptych.speech.engine` and :mod:`triptych.speech.worker`: pyttsx3 in a worker process;
- :mod:`triptych.speech.narration`, :mod:`triptych.speech.captions`, :mod:`triptych.speech.encode`:
  the synthesized audio with its timings, WebVTT captions, and encoding with ffmpeg;
- :mod:`triptych.speech.cache`: synthesized sentences kept on disk, so that a re-export speaks
  only what changed.

Nothing is imported here, so that the engine's worker process starts without loading the rest.
"""
