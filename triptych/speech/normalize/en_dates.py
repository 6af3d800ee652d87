"""English dates as a newsreader says them: the day an ordinal, "the ... of" when the day comes
first, numeric dates with their month named, and the fractions that look like numeric dates.

``Nov. 17`` "November 17th", ``17 November`` "the 17th of November", ``Nov. 17-19`` "November
17th to 19th", ``2021-03-04`` and ``03/04/2021`` "March 4th, twenty twenty-one" (month first, as in
American usage, unless the first number cannot be a month: ``15/01/2020`` "the 15th of January
twenty twenty"), ``1/24`` "January 24th", ``1/4`` "one quarter", ``2 1/2`` "2 and a half".
Years are left to the year rule of :mod:`~triptych.speech.normalize.en`, except in numeric dates,
where they are written in words here.
"""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange

from babel import Locale

from triptych.speech.normalize.en_words import fraction, mixed, ordinal, ordinal_suffix, two_digits, year
from triptych.speech.normalize.rules import Rule, rule

_LOCALE = Locale.parse("en")
MONTHS: dict[str, str] = {
    str(v).lower(): str(_LOCALE.months["format"]["wide"][k]) for k, v in _LOCALE.months["format"]["abbreviated"].items()
}
MONTHS["sept"] = MONTHS["sep"]
NAMES = [str(_LOCALE.months["format"]["wide"][k]) for k in range(1, 13)]
"""January ... December."""
MONTHS |= {name.lower(): name for name in NAMES}

_ABBREVIATIONS = "sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec"
_FULL = "|".join(sorted((n.lower() for n in NAMES), key=len, reverse=True))
_LOWER = "|".join(n.lower() for n in NAMES if n not in ("May", "March"))
MONTH = rf"(?:\b(?=[A-Z])(?i:(?:{_FULL})\b|(?:{_ABBREVIATIONS})\b\.?)|\b(?:{_LOWER}|{_ABBREVIATIONS})\b\.?)"
"""A month: a full name or an abbreviation, but not "may" and "march" in lower case (``they may
5``, ``we march 5 miles``). The rules look for one only next to a number."""
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_SUFFIX = r"(?:st|nd|rd|th|ST|ND|RD|TH)"
_NOT_A_DAY = r"(?![\d:%]|[.,]\d|\s?(?:%|percent|[ap]\.?m\b|[AP]\.?M\b|million|billion|thousand))"
_POSSESSIVE = re.compile(r"['’]s\b")


def month_name(token: str) -> str:
    """``"NOV."``, ``"nov"``, ``"November"`` → ``"November"``."""
    return MONTHS[token.rstrip(".").lower()]


def _day(number: str, rest: str) -> str:
    """The day as an ordinal: ``17th`` (in words before a possessive: ``29th's`` is "twenty-ninth's")."""
    n = int(number)
    return ordinal(n) if _POSSESSIVE.match(rest) else ordinal_suffix(n)


def _month_day(m: re.Match[str]) -> str:
    after = m.string[m.end() :]
    if m["to"]:
        return f"{month_name(m['month'])} {ordinal_suffix(int(m['day']))} to {_day(m['to'], after)}"
    return f"{month_name(m['month'])} {_day(m['day'], after)}"


def _day_month(m: re.Match[str]) -> str:
    the = m["the"] or "the "
    return f"{the}{ordinal_suffix(int(m['day']))} of {month_name(m['month'])}"


def _year_words(text: str) -> str:
    n = int(text)
    return two_digits(n, text.startswith("0")) if len(text) == 2 else year(n)


def _valid(y: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= monthrange(y, month)[1]


def _long_date(y: str, month: int, day: int, day_first: bool = False) -> str:
    if day_first:
        return f"the {ordinal_suffix(day)} of {NAMES[month - 1]} {_year_words(y)}"
    return f"{NAMES[month - 1]} {ordinal_suffix(day)}, {_year_words(y)}"


def _iso(m: re.Match[str]) -> str:
    y, month, day = int(m[1]), int(m[3]), int(m[4])
    return _long_date(m[1], month, day) if 1000 <= y <= 2999 and _valid(y, month, day) else m[0]


def _numeric(m: re.Match[str]) -> str:
    first, second, y = int(m[1]), int(m[3]), m[4]
    if len(y) == 2 and m[2] != "/":
        return m[0]  # 1.2.10, 5-4-03: a version, a score, a code
    full = int(y) + 2000 if len(y) == 2 else int(y)
    if _valid(full, first, second):
        return _long_date(y, first, second)
    if _valid(full, second, first):
        return _long_date(y, second, first, day_first=True)
    return m[0]


_IDIOMS = {(24, 7): "24 7", (9, 11): "9 11"}
_UNIT_AFTER = re.compile(r"[\s-]?(?:inch|in\b|\"|”|″|mile|cup|teaspoon|tablespoon|tsp|tbsp|lb|pound|oz|ounce)")


def _is_fraction(numerator: int, denominator: int, after: str) -> bool:
    if 2 <= denominator <= 10:
        return numerator < denominator or numerator > 12
    if denominator == 16 and numerator % 2 == 1 and numerator < denominator:
        return bool(_UNIT_AFTER.match(after))  # 3/16 inch; 3/16 alone is March 16th
    return denominator > 31 and numerator < denominator  # 31/32, 1/100: no month has that day


def _slash(m: re.Match[str]) -> str:
    """``a/b`` with no year: an idiom, a fraction, a month and day, or left alone."""
    numerator, denominator = int(m[1]), int(m[2])
    if m[3]:  # 1/3rd
        return fraction(numerator, denominator) if denominator > 1 else m[0]
    if (numerator, denominator) in _IDIOMS:
        return _IDIOMS[numerator, denominator]
    if numerator == denominator and numerator > 12:
        return f"{numerator} {denominator}"  # 50/50, 20/20
    if _is_fraction(numerator, denominator, m.string[m.end() :]):
        return fraction(numerator, denominator)
    if _valid(2000, numerator, denominator):
        return f"{NAMES[numerator - 1]} {ordinal_suffix(denominator)}"
    return m[0]


def _mixed(m: re.Match[str]) -> str:
    numerator, denominator = int(m[2]), int(m[3])
    if numerator < denominator and (2 <= denominator <= 10 or denominator in (16, 32, 64)):
        return mixed(m[1], numerator, denominator)
    return m[0]


_VULGAR = "".join(c for c in map(chr, range(0xBC, 0x2190)) if unicodedata.decomposition(c).startswith("<fraction>"))


def _vulgar(m: re.Match[str]) -> str:
    """``2½`` "2 and a half", ``¾`` "three quarters" (the character's own numerator and denominator)."""
    numbers = [chr(int(code, 16)) for code in unicodedata.decomposition(m[2]).split()[1:]]
    numerator, _, denominator = "".join(numbers).partition("\u2044")
    if not (numerator.isdigit() and denominator.isdigit()):
        return m[0]
    if m[1]:
        return mixed(m[1], int(numerator), int(denominator))
    return fraction(int(numerator), int(denominator))


_ALONE = r"(?<![\w/.,:])(?<!\w-)"
_ENDS = r"(?![\w/]|[.,:-]\d)"

RULES: list[Rule] = [
    # numeric dates: 2021-03-04, 2016/07/03, 2021.03.04; 03/04/2021, 15.01.2020, 11/17/05
    rule(rf"{_ALONE}(\d{{4}})([-/.])(\d{{1,2}})\2(\d{{1,2}}){_ENDS}", _iso),
    rule(rf"{_ALONE}(\d{{1,2}})([-/.])(\d{{1,2}})\2(\d{{4}}|\d{{2}}){_ENDS}", _numeric),
    # 02/2020: a month and a year
    rule(rf"{_ALONE}(0?[1-9]|1[0-2])/((?:1[89]|20)\d\d){_ENDS}", lambda m: f"{NAMES[int(m[1]) - 1]} {year(int(m[2]))}"),
    # fractions, and a month and day without a year
    rule(rf"(?<![\d.,])(?:(\d+)\s?)?([{_VULGAR}])", _vulgar),
    rule(rf"{_ALONE}(\d{{1,3}})[ -](\d{{1,2}})/(\d{{1,2}}){_ENDS}", _mixed),
    rule(rf"{_ALONE}(\d{{1,2}})/(\d{{1,3}})({_SUFFIX})?{_ENDS}", _slash),
    # Nov. 17-19, Nov. 17, SEPT. 15, june 30, April 29th's
    rule(
        rf"(?P<month>{MONTH})\s+(?P<day>{_DAY}){_SUFFIX}?\b(?:\s?[–-]\s?(?P<to>{_DAY}){_SUFFIX}?\b)?{_NOT_A_DAY}",
        _month_day,
    ),
    rule(rf"(\d(?:st|nd|rd|th))\s?[–-]\s?(?=(?:{MONTH})\s+\d)", r"\1 to "),  # Nov. 17–Dec. 2
    # 17 November, 25th july, the 4th of June
    rule(
        rf"(?<![\w.,:/-])(?P<the>[Tt]he )?(?P<day>{_DAY}){_SUFFIX}?\s+(?:of\s+)?(?P<month>{MONTH})",
        _day_month,
    ),
    # the month before a year: Jan. 2020
    rule(rf"(?P<month>{MONTH})(?=\s+\d)", lambda m: month_name(m["month"])),
]
"""Dates, and the fractions that share their slash."""

MONTH_RANGE: Rule = rule(
    rf"(?P<month>{MONTH})\s?[–-]\s?(?P<to>{MONTH})", lambda m: f"{month_name(m['month'])} to {month_name(m['to'])}"
)
"""``Jan.-March``, ``Nov–Dec``: a span of months (with a digit in the text or not)."""
