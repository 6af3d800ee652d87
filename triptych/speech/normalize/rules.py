"""The helpers every language's rules are built with, and the language-neutral clean-up."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

from babel.dates import format_date

from triptych.language import locale_for

Replacement = str | Callable[[re.Match[str]], str]
Rule = tuple[re.Pattern[str], Replacement]

UPPER = r"[A-ZÀ-ÖØ-ÞĀ-Ž\ue000-\uf8ff]"
"""A letter that starts a name (private-use characters stand for protected lexicon words)."""

_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
_URL = re.compile(
    r"\b(?:https?|ftp)://([^\s/?#]+(?:/[^\s?#]*?)?)/?(?:[?#]\S*?)?(?=[.,;:!?)\]»”\"']*(?:\s|$))", re.IGNORECASE
)
_DASH = re.compile(r"\s*[—―]\s*|\s+[–-]{1,2}\s+|(?<=\w)--(?=\w)|\s+/\s+")
_TIDY = (
    (re.compile(r"^[\s,]+|[\s,]+$"), ""),
    (re.compile(r"\s*,(?:\s*,)+"), ","),
    (re.compile(r",\s*(?=[.;:!?)\]])"), ""),
    (re.compile(r"(?<=[(\[«“:;])\s*,\s*"), " "),
    (re.compile(r" {2,}"), " "),
)


def rule(pattern: str, replacement: Replacement, flags: int = 0) -> Rule:
    """One rule: a regex and what replaces each match (a template or a function)."""
    return re.compile(pattern, flags), replacement


def apply_rules(text: str, rules: Sequence[Rule]) -> str:
    """Apply every rule in order, each to the whole text."""
    for pattern, replacement in rules:
        text = pattern.sub(replacement, text)
    return text


def keep_stop(match: re.Match[str]) -> str:
    """``"."`` when an abbreviation's period also ended the sentence (end of text or a capital next)."""
    after = match.string[match.end() :]
    return "." if not after.strip() or re.match(rf"\s+{UPPER}", after) else ""


def spell_digits(*groups: str | None) -> str:
    """Digits one by one, groups apart: ``("555", "0142")`` → ``"5 5 5, 0 1 4 2"``."""
    return ", ".join(" ".join(g) for g in groups if g)


PHONE = r"(?:\b(1)[-.])?(?:\((\d{3})\)\s?|\b(\d{3})[-.])?\b(\d{3})-(\d{4})\b"
"""North American phone numbers: ``555-0142``, ``(212) 555-0142``, ``212-555-0142``."""


def phone_rule() -> Rule:
    """Phone numbers read digit by digit, groups separated by a pause."""
    return rule(PHONE, lambda m: spell_digits(m[1], m[2] or m[3], m[4], m[5]))


def iso_date_rule(language: str) -> Rule:
    """``2018-03-02`` as the language's long date (``March 2, 2018``); impossible dates are kept."""
    locale = locale_for(language)

    def words(m: re.Match[str]) -> str:
        try:
            day = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return m[0]
        return format_date(day, "long", locale=locale)

    return rule(r"\b(\d{4})-(\d{2})-(\d{2})\b", words)


def range_rules(word: str) -> list[Rule]:
    """Number ranges read with ``word`` ("to", "a", "à"): ``2016–2019``, ``2016-2019``, ``7-2``."""
    return [
        rule(r"(\d(?:st|nd|rd|th|º|ª)?)\s?–\s?(?=[$€£¥]?\d)", rf"\1 {word} "),
        rule(r"\b((?:1\d|20)\d\d)-((?:1\d|20)?\d\d)\b(?!-)", rf"\1 {word} \2"),
        rule(r"(?<![\d,:/-])(?<!\d\.)\b(\d{1,2})-(\d{1,2})\b(?![\d,:/-]|\.\d|\w)", rf"\1 {word} \2"),
    ]


def neutral(text: str) -> str:
    """Language-neutral clean-up: invisible characters, spaces, web addresses (without their scheme,
    query string or fragment: ``https://www.example.org/a/?q=1#top`` is ``www.example.org/a``)."""
    text = _INVISIBLE.sub("", text)
    text = " ".join(text.split())
    return _URL.sub(lambda m: m[1].rstrip("/"), text)


def pauses(text: str) -> str:
    """A dash (or a spaced slash) used as punctuation becomes a comma; stray commas are tidied away."""
    text = _DASH.sub(", ", text)
    return apply_rules(text, _TIDY)
