"""Number words and the other helpers the Spanish, French and German rules share.

The words come from ``num2words`` (cardinals, ordinals, years) and month names from Babel's
locale data, not from hand-written tables; each is cached, so a number a text repeats costs one
look-up. :func:`tidy_script` turns the typographic forms news copy uses (superscript letters in
``1.ᵉʳ``, ``Mᵐᵉ``; the minus sign; vulgar fractions) into plain text the rules can match.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from babel.dates import get_month_names
from num2words import num2words  # type: ignore[import-untyped, unused-ignore]

_SUPERSCRIPT = dict(zip("ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ", "abcdefghijklmnoprstuvwxyz", strict=True))
_VULGAR = {
    "½": "1/2", "⅓": "1/3", "⅔": "2/3", "¼": "1/4", "¾": "3/4", "⅕": "1/5", "⅖": "2/5",
    "⅗": "3/5", "⅘": "4/5", "⅙": "1/6", "⅚": "5/6", "⅐": "1/7", "⅛": "1/8", "⅜": "3/8",
    "⅝": "5/8", "⅞": "7/8", "⅑": "1/9", "⅒": "1/10",
}  # fmt: skip
_TYPOGRAPHIC = re.compile(rf"(\d?)([{''.join(_VULGAR)}])|[{''.join(_SUPERSCRIPT)}]+|−(?=\d)")

GROUPED = r"\d{1,3}(?:[.\u00a0\u202f ]\d{3})+"
"""An integer with its thousands grouped by points or (narrow, no-break) spaces."""

_GROUP_SEPARATOR = re.compile(r"[.\u00a0\u202f ]")


def tidy_script(text: str, superscripts: dict[str, str] | None = None) -> str:
    """Plain forms of ``1.ᵉʳ`` (``1.er``), ``Mᵐᵉ`` (``Mme``), ``−5`` (``-5``) and ``2½`` (``2 1/2``).

    ``superscripts`` overrides single letters (Spanish reads ``ᵒ`` and ``ᵃ`` as ``º`` and ``ª``).
    """
    if not _TYPOGRAPHIC.search(text):
        return text
    letters = {**_SUPERSCRIPT, **(superscripts or {})}

    def plain(m: re.Match[str]) -> str:
        if m[2]:
            return f"{m[1]} {_VULGAR[m[2]]}" if m[1] else _VULGAR[m[2]]
        if m[0] == "−":
            return "-"
        return "".join(letters[c] for c in m[0])

    return _TYPOGRAPHIC.sub(plain, text)


def value(digits: str) -> int:
    """The integer a (possibly grouped) run of digits stands for: ``"1.034 068"`` → ``1034068``."""
    return int(_GROUP_SEPARATOR.sub("", digits))


@lru_cache(maxsize=4096)
def cardinal(n: int, lang: str) -> str:
    """``n`` in words (num2words)."""
    return str(num2words(n, lang=lang))


@lru_cache(maxsize=4096)
def ordinal(n: int, lang: str) -> str:
    """``n`` as an ordinal in words (num2words; masculine where the language has genders)."""
    return str(num2words(n, lang=lang, to="ordinal"))


@lru_cache(maxsize=1024)
def year(n: int, lang: str) -> str:
    """``n`` read as a year (num2words: German ``1990`` is ``neunzehnhundertneunzig``)."""
    return str(num2words(n, lang=lang, to="year"))


@cache
def months(lang: str) -> tuple[str, ...]:
    """The month names (Babel), January first."""
    names = get_month_names("wide", locale=lang)
    return tuple(str(names[m]) for m in range(1, 13))


def month(m: int, lang: str) -> str | None:
    """The name of month ``m`` (1–12), or None."""
    return months(lang)[m - 1] if 1 <= m <= 12 else None


def spell(digits: str, lang: str) -> str:
    """Digits one by one in words: ``"593"`` → ``"cinco nueve tres"``."""
    return " ".join(cardinal(int(d), lang) for d in digits if d.isdigit())


def plausible_date(day: int, month_: int) -> bool:
    """A day 1–31 and a month 1–12 (an impossible day such as 30 February is still read as written)."""
    return 1 <= day <= 31 and 1 <= month_ <= 12


_REFERENCE_BEFORE = re.compile(
    r"(?:\b(?:ley|decreto|decreto-ley|orden|resoluci[oó]n|sentencia|expediente|directiva|reglamento|circular"
    r"|loi|d[ée]cret|arr[êe]t[ée]|gesetz|gesetzes|verordnung|drucksache|aktenzeichen|az|art|artículo|article"
    r"|número|numéro|nummer|n[º°o]|nr|núm)\.?|n\.º)\s*$",
    re.IGNORECASE,
)


def reference_not_fraction(before: str, top: str, bottom: str) -> bool:
    """Whether ``top/bottom`` is a reference, not a fraction: ``Ley 24/2001``, ``Drucksache 19/1234``, ``463/2020``."""
    if _REFERENCE_BEFORE.search(before[-30:]):
        return True
    return len(top) >= 2 and 1900 <= value(bottom) <= 2099


_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman(text: str) -> int | None:
    """The value of a well-formed Roman numeral in capitals (``XIX`` → 19), or None (``IIII``, ``IC``, ``""``)."""
    if not text or not _ROMAN.fullmatch(text):
        return None
    total = 0
    for a, b in zip(text, text[1:] + " ", strict=True):
        v = _ROMAN_VALUES[a]
        total += -v if b != " " and _ROMAN_VALUES[b] > v else v
    return total
