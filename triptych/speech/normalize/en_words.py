"""English number words, as an American newsreader says them: cardinals, ordinals, years and
house numbers in pairs, fractions, digits one by one, Roman numerals.

Cardinals and ordinals come from num2words, without its British "and" ("one hundred
twenty-three"). The pair readings (``1994`` "nineteen ninety-four", ``2005`` "two thousand five",
``1506`` "fifteen oh six", ``1428 Elm St.`` "fourteen twenty-eight") are built from its cardinals.
"""

from __future__ import annotations

import re
from functools import lru_cache

from num2words import num2words  # type: ignore[import-untyped]  # no type hints shipped

_AND = re.compile(r",| and(?= )")


@lru_cache(maxsize=4096)
def cardinal(n: int) -> str:
    """``123`` → "one hundred twenty-three" (no "and": the American reading)."""
    words = str(num2words(n))
    return " ".join(_AND.sub("", words).split())


@lru_cache(maxsize=1024)
def ordinal(n: int) -> str:
    """``21`` → "twenty-first"."""
    words = str(num2words(n, to="ordinal"))
    return " ".join(_AND.sub("", words).split())


def ordinal_suffix(n: int) -> str:
    """``21`` → "21st", ``12`` → "12th": eSpeak reads these as ordinals."""
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def two_digits(n: int, leading_zero: bool) -> str:
    """The second half of a pair: ``5`` → "oh five" (when written ``05``), ``42`` → "forty-two"."""
    if leading_zero and n < 10:
        return f"oh {cardinal(n)}"
    return cardinal(n)


@lru_cache(maxsize=1024)
def year(n: int) -> str:
    """A year read in pairs: 1994 "nineteen ninety-four", 1900 "nineteen hundred", 1506 "fifteen
    oh six", 2000 "two thousand", 2005 "two thousand five", 2012 "twenty twelve"."""
    if n < 1000 or n > 9999:
        return cardinal(n)
    high, low = divmod(n, 100)
    if n % 1000 == 0 or 2000 < n < 2010:
        return cardinal(n)
    if low == 0:
        return f"{cardinal(high)} hundred"
    return f"{cardinal(high)} {two_digits(low, True)}"


def pairs(number: str) -> str:
    """A house or building number in pairs: 123 "one twenty-three", 1428 "fourteen twenty-eight",
    2005 "twenty oh five", 1200 "twelve hundred"; up to two digits and from five on, as written."""
    if not number.isdigit() or len(number) not in (3, 4) or number[0] == "0":
        return number
    n = int(number)
    high, low = divmod(n, 100)
    if n % 1000 == 0:
        return cardinal(n)
    if low == 0:
        return f"{cardinal(high)} hundred"
    return f"{cardinal(high)} {two_digits(low, True)}"


def digits(number: str) -> str:
    """Digits one by one: ``"0142"`` → ``"0 1 4 2"``."""
    return " ".join(number)


_DENOMINATORS = {2: ("half", "halves"), 4: ("quarter", "quarters")}


def fraction(numerator: int, denominator: int) -> str:
    """``1/4`` "one quarter", ``2/3`` "two thirds", ``31/32`` "thirty-one thirty-seconds"."""
    one, many = _DENOMINATORS.get(denominator) or (ordinal(denominator), ordinal(denominator) + "s")
    return f"{cardinal(numerator)} {one if numerator == 1 else many}"


def mixed(whole: str, numerator: int, denominator: int) -> str:
    """``2 1/2`` "2 and a half", ``4 3/4`` "4 and three quarters"."""
    if numerator == 1:
        one = _DENOMINATORS.get(denominator, (ordinal(denominator), ""))[0]
        return f"{whole} and a {one}"
    return f"{whole} and {fraction(numerator, denominator)}"
