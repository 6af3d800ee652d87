"""Text normalisation for speech: what eSpeak NG should be given instead of what is written.

``normalize(text, language)`` first does the language-neutral clean-up (whitespace, invisible
characters, web addresses cut to their host), then the rules of the text's language (``en``,
``es`` or ``fr``, chosen by the primary subtag; other languages get none), then turns dashes used
as punctuation into a pause (a comma). Each language module is a table of regex rules built
with the helpers of :mod:`~triptych.speech.normalize.rules`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from triptych.langtag import primary_subtag
from triptych.speech.normalize.rules import Rule, apply_rules, neutral, pauses


@cache
def _language_rules(primary: str) -> Callable[[str], str] | None:
    from triptych.speech.normalize import en, es, fr

    table: dict[str, Callable[[str], str]] = {"en": en.normalize, "es": es.normalize, "fr": fr.normalize}
    return table.get(primary)


def normalize(text: str, language: str) -> str:
    """The text as eSpeak NG should read it in ``language`` (a BCP 47 tag)."""
    text = neutral(text)
    rules = _language_rules(primary_subtag(language))
    if rules is not None:
        text = rules(text)
    return pauses(text)


__all__ = ["Rule", "apply_rules", "normalize", "primary_subtag"]
