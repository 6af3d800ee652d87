"""The speech rendition: an article as a script of things to say, normalised for its language.

Pure Python, no speech engine: the audio exporter sends each ``Segment.spoken`` to the engine and
keeps ``Segment.text`` for captions.
"""

from triptych.speech.lexicon import Lexicon, load_lexicon
from triptych.speech.normalize import normalize
from triptych.speech.script import Segment, SpeechOptions, speech_script
from triptych.speech.sentences import split_sentences

__all__ = ["Lexicon", "Segment", "SpeechOptions", "load_lexicon", "normalize", "speech_script", "split_sentences"]
