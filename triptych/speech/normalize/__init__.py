"""Text normalisation for speech: what eSpeak NG should be given instead of what is written.

``normalize(text, language)`` first does the language-neutral clean-up (whitespace, invisible
characters, web addresses without their scheme, query and fragment), then the rules of the text's language (``en``,
``es``, ``fr`` or ``de``, chosen by the primary subtag; other languages get none), then turns
dashes used as punctuation into a pause (a comma). Each language module is a table of regex rules
built with the helpers of :mod:`~triptych.speech.normalize.rules` (and, for numbers in words,
:mod:`~triptych.speech.normalize.numbers`); a language's module is imported when a text in that
language is first normalised.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache

from triptych.langtag import primary_subtag
from triptych.speech.normalize.rules import Rule, apply_rules, neutral, pauses

LANGUAGES = ("en", "es", "fr", "de")
"""The languages with rules of their own (primary subtags); each has a module of that name here."""


@cache
def _language_rules(primary: str) -> Callable[[str], str] | None:
    if primary not in LANGUAGES:
        return None
    module = importlib.import_module(f"{__name__}.{primary}")
    rules: Callable[[str], str] = module.normalize
    return rules


def normalize(text: str, language: str) -> str:
    """The text as eSpeak NG should read it in ``language`` (a BCP 47 tag)."""
    text = neutral(text)
    rules = _language_rules(primary_subtag(language))
    if rules is not None:
        text = rules(text)
    return pauses(text)


__all__ = ["LANGUAGES", "Rule", "apply_rules", "normalize", "primary_subtag"]
