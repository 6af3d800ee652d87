"""French rules: what eSpeak NG's French voice reads badly, rewritten so that it reads well.

Times (``8 h 30``), amounts, titles and abbreviations (``Mᵐᵉ``, ``Dʳ``, ``Mlles``); ordinals
(``3e``, ``21e``, ``1re``, ``XIXe``), fractions (``1/5``, ``4 2/4``, ``½``) and numeric dates
(``02.03.2003``, ``02/03/2003``), in words from num2words; the minus sign, which eSpeak drops;
space-grouped numbers in words (eSpeak says *cinq-k-cent* for ``593`` in ``1 593 072``).

Left alone because eSpeak reads them well: ``3,2 millions``, ``1897``, ``3,5 %``, ``Mme``, ``1er``.
Left alone on purpose: a fraction whose numerator is not smaller than its denominator (``24/7``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from triptych.speech.normalize.numbers import (
    cardinal,
    month,
    ordinal,
    reference_not_fraction,
    roman,
    tidy_script,
    value,
)
from triptych.speech.normalize.rules import UPPER, Rule, apply_rules, range_rules, rule

_FR = "fr"
_TITLES = {
    "M.": "Monsieur",
    "MM.": "Messieurs",
    "Mme": "Madame",
    "Mme.": "Madame",
    "Mlle": "Mademoiselle",
    "Mlle.": "Mademoiselle",
    "Dr": "docteur",
    "Dr.": "docteur",
    "Pr": "professeur",
    "Pr.": "professeur",
}
# titles that are never anything else, read even where no name follows
_STANDALONE = {
    "Dr": "docteur",
    "Pr": "professeur",
    "Mmes": "mesdames",
    "Mlles": "mesdemoiselles",
    "Dre": "docteure",
    "Dres": "docteures",
    "Drs": "docteurs",
    "Pre": "professeure",
}
_WORDS = {
    "av. J.-C.": "avant Jésus-Christ",
    "apr. J.-C.": "après Jésus-Christ",
}
_CURRENCIES = {"€": ("euro", "euros"), "$": ("dollar", "dollars"), "£": ("livre", "livres")}
_NUMBER = r"\d+(?: \d{3}\b)*(?:,\d+)?"


def _money(amount: str, symbol: str, scale: str | None = None) -> str:
    one, many = _CURRENCIES[symbol]
    if scale:
        return f"{amount} {scale} {'d’' if many[0] in 'aeiou' else 'de '}{many}"
    return f"{amount} {one if amount == '1' else many}"


def _time(m: re.Match[str]) -> str:
    hours = "heure" if int(m[1]) <= 1 else "heures"
    minutes = int(m[2] or 0)
    return f"{m[1]} {hours} {minutes}" if minutes else f"{m[1]} {hours}"


@lru_cache(maxsize=2048)
def ordinal_words(n: int, suffix: str) -> str:
    """``n`` as the ordinal its suffix asks for: ``1re`` *première*, ``2nd`` *second*, ``3es`` *troisièmes*."""
    plural = suffix.endswith("s") and len(suffix) > 1
    stem = suffix[:-1] if plural else suffix
    if n == 1:
        said = "première" if stem in ("re", "ère") else "premier"
    elif n == 2 and stem in ("nd", "nde", "d", "de"):
        said = "seconde" if stem in ("nde", "de") else "second"
    else:
        said = ordinal(n, _FR)
    return said + ("s" if plural else "")


def _ordinal(m: re.Match[str]) -> str:
    if m["roman"] in ("L", "C", "D", "M"):
        return m[0]  # Le, Ce, De, Me
    n = value(m["n"]) if m["n"] else roman(m["roman"])
    suffix = m["suffix"].replace("è", "e")
    if not n or (n != 1 and suffix in ("er", "ers", "re", "res", "ere", "eres")) or (n != 2 and "d" in suffix):
        return m[0]
    return ordinal_words(n, suffix.replace("ere", "re"))


_DENOMINATORS = {2: ("demi", "demis"), 3: ("tiers", "tiers"), 4: ("quart", "quarts")}


def fraction(numerator: int, denominator: int) -> str | None:
    """``2/5`` → ``deux cinquièmes``, ``1/2`` → ``un demi``, ``2/3`` → ``deux tiers``; None for x/0, x/1."""
    if denominator < 2:
        return None
    one, many = _DENOMINATORS.get(denominator) or (ordinal(denominator, _FR),) * 2
    if denominator not in _DENOMINATORS:
        many = one + "s"
    return f"{cardinal(numerator, _FR)} {one if numerator == 1 else many}"


def _fraction(m: re.Match[str]) -> str:
    if reference_not_fraction(m.string[: m.start()], m["top"], m["bottom"]):
        return m[0]
    a, b = int(m["top"]), value(m["bottom"])
    if a >= b and not m["whole"]:
        return m[0]
    minus = "moins " if m["minus"] else ""
    if m["whole"] and a == 1 and b == 2:
        return f"{minus}{cardinal(int(m['whole']), _FR)} et demi"
    said = fraction(a, b)
    if said is None:
        return m[0]
    return minus + (f"{cardinal(int(m['whole']), _FR)} et {said}" if m["whole"] else said)


def _date(m: re.Match[str]) -> str:
    d, name = int(m["d"]), month(int(m["m"]), _FR)
    if name is None or not 1 <= d <= 31:
        return m[0]
    return f"{'1er' if d == 1 else d} {name} {int(m['y'])}"


def _grouped(m: re.Match[str]) -> str:
    return cardinal(value(m[0]), _FR)


def _regnal(m: re.Match[str]) -> str:
    """``Louis XIV`` *quatorze*, ``chapitre IV`` *quatre* (eSpeak says *quatorze romain*)."""
    n = roman(m[2])
    if not n or m[2] in ("L", "C", "D", "M"):
        return m[0]
    return f"{m[1]} {cardinal(n, _FR)}"


_SUFFIX = r"(?P<suffix>(?:e|è|ème|eme|ième|er|re|ère|nd|nde|d|de)s?)"

_RULES: list[Rule] = [
    rule(r"(?<![\d/.-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d/-])", _date),
    rule(r"(?<![\d/.,-])(?P<d>\d{1,2})([/.-])(?P<m>\d{1,2})\2(?P<y>\d{4})(?![\d/-]|[.,]\d)", _date),
    rule(r"\b(\d{1,2})\s?h\s?(\d{2})?\b(?![\w'’])", _time),
    rule(r"\b(\d{1,2}):(\d{2})\b", _time),
    rule(
        rf"(?<!\w)({'|'.join(re.escape(t) for t in sorted(_TITLES, key=len, reverse=True))})(?=\s+{UPPER})",
        lambda m: _TITLES[m[1]],
    ),
    rule(rf"(?<!\w)({'|'.join(sorted(_STANDALONE, key=len, reverse=True))})(?!\w)", lambda m: _STANDALONE[m[1]]),
    rule(
        rf"(?<!\w)({'|'.join(re.escape(w) for w in sorted(_WORDS, key=len, reverse=True))})(?!\w)",
        lambda m: _WORDS[m[1]],
    ),
    rule(r"(?<!\w)[Nn](?:[º°]|o(?=\s?\d))\s?(?=\d)", "numéro "),
    rule(rf"(?<![\w,.])(?P<n>\d{{1,3}}(?:[ \u00a0\u202f]\d{{3}})+|\d+)(?P<roman>){_SUFFIX}(?!\w)", _ordinal),
    rule(rf"(?<![\w,.])(?P<n>)(?P<roman>[IVXLCDM]+){_SUFFIX}(?!\w)", _ordinal),
    rule(r"(?<![\w'’])([A-Za-zÀ-ÿ][a-zà-ÿ]+)\s+([IVX]+)\b(?![.'’-]?\w)", _regnal),
    rule(
        r"(?<![\w.,/-])(?P<minus>-)?(?:(?P<whole>\d+)\s)?(?P<top>\d+)/(?P<bottom>\d+)(?![\w/]|[.,]\d)",
        _fraction,
    ),
    *range_rules("à"),
    rule(rf"(?:\bUS)?([€$£])\s?({_NUMBER})(?:\s(millions?|milliards?)\b)?", lambda m: _money(m[2], m[1], m[3])),
    rule(rf"(?<![\w.,])({_NUMBER})\s?(?:US)?([€$£])", lambda m: _money(m[1], m[2])),
    rule(r"(?<![\w.,)\]/-])-(?=\d)", "moins "),
    rule(r"(?<![\d,.])\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?![\d]|[-./:]\d|,\d)", _grouped),
]


_WORD_RULES = [r for r in _RULES if r"\d" not in r[0].pattern]
"""The rules that can match a text without digits: the only ones a text without digits needs."""
_DIGIT = re.compile(r"\d")


def normalize(text: str) -> str:
    """French text as eSpeak NG's French voice should get it."""
    text = tidy_script(text)
    return apply_rules(text, _RULES if _DIGIT.search(text) else _WORD_RULES)
