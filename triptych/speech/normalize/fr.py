"""French rules: times (``8 h 30``), amounts, titles and abbreviations, as eSpeak NG's French voice reads them.

Left alone because eSpeak reads them well: ``3,2 millions``, ``10 000``, ``1897``, ``3,5 %``, ``Mme``, ``1er``.
"""

from __future__ import annotations

import re

from triptych.speech.normalize.rules import UPPER, Rule, apply_rules, iso_date_rule, range_rules, rule

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


_RULES: list[Rule] = [
    iso_date_rule("fr"),
    rule(r"\b(\d{1,2})\s?h\s?(\d{2})?\b(?![\w'’])", _time),
    rule(r"\b(\d{1,2}):(\d{2})\b", _time),
    rule(
        rf"(?<!\w)({'|'.join(re.escape(t) for t in sorted(_TITLES, key=len, reverse=True))})(?=\s+{UPPER})",
        lambda m: _TITLES[m[1]],
    ),
    rule(r"(?<!\w)[Nn](?:[º°]|o(?=\s?\d))\s?(?=\d)", "numéro "),
    *range_rules("à"),
    rule(rf"(?:\bUS)?([€$£])\s?({_NUMBER})(?:\s(millions?|milliards?)\b)?", lambda m: _money(m[2], m[1], m[3])),
    rule(rf"(?<![\w.,])({_NUMBER})\s?(?:US)?([€$£])", lambda m: _money(m[1], m[2])),
]


def normalize(text: str) -> str:
    """French text as eSpeak NG's French voice should get it."""
    return apply_rules(text, _RULES)
