"""Spanish rules: 24-hour times, amounts, titles and abbreviations, as eSpeak NG's Spanish voice reads them.

Left alone because eSpeak reads them well: ``3,2 millones``, ``3.200``, ``1897``, ``30 %``, ``a. m.``.
"""

from __future__ import annotations

import re

from triptych.speech.normalize.rules import (
    UPPER,
    Rule,
    apply_rules,
    iso_date_rule,
    keep_stop,
    phone_rule,
    range_rules,
    rule,
)

_TITLES = {
    "Sr.": "señor",
    "Sra.": "señora",
    "Srta.": "señorita",
    "Dr.": "doctor",
    "Dra.": "doctora",
    "Prof.": "profesor",
    "Profa.": "profesora",
    "Lic.": "licenciado",
    "Ing.": "ingeniero",
    "Dña.": "doña",
}
_WORDS = {
    "EE. UU.": "Estados Unidos",
    "EE.UU.": "Estados Unidos",
    "p. ej.": "por ejemplo",
    "etc.": "etcétera",
    "aprox.": "aproximadamente",
    "Ud.": "usted",
    "Uds.": "ustedes",
}
_CURRENCIES = {"€": ("euro", "euros"), "$": ("dólar", "dólares"), "£": ("libra", "libras")}
_ORDINALS = ["primer", "segund", "tercer", "cuart", "quint", "sext", "séptim", "octav", "noven", "décim"]
_NUMBER = r"\d+(?:\.\d{3})*(?:,\d+)?"


def _alternatives(words: dict[str, str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _money(amount: str, symbol: str, scale: str | None = None) -> str:
    one, many = _CURRENCIES[symbol]
    if scale:
        return f"{amount} {scale} {'de ' if 'mill' in scale else ''}{many}"
    return f"un {one}" if amount == "1" else f"{amount} {many}"


def _time(m: re.Match[str]) -> str:
    minutes = int(m[2])
    return m[1] if minutes == 0 else f"{m[1]} y {minutes}"


def _ordinal(m: re.Match[str]) -> str:
    stem = _ORDINALS[int(m[1]) - 1]
    return stem + ("a" if m[2] == "ª" else "o")


_RULES: list[Rule] = [
    iso_date_rule("es"),
    phone_rule(),
    rule(r"\b(\d{1,2}):(\d{2})\b(?:\s?h\b)?", _time),
    rule(rf"(?<!\w)({_alternatives(_TITLES)})(?=\s+{UPPER})", lambda m: _TITLES[m[1]]),
    rule(rf"(?<!\w)({_alternatives(_WORDS)})(?!\w)", lambda m: _WORDS[m[1]] + keep_stop(m)),
    rule(r"(?<!\w)(?:n\.?\s?[º°]|núm\.)\s?(?=\d)", "número "),
    rule(r"\b([1-9]|10)\.?([ºª])(?!\w)", _ordinal),
    *range_rules("a"),
    rule(
        rf"(?:\bUS)?([€$£])\s?({_NUMBER})(?:\s(millones|millón|mil millones|mil)\b)?",
        lambda m: _money(m[2], m[1], m[3]),
    ),
    rule(rf"(?<![\w.,])({_NUMBER})\s?(?:US)?([€$£])", lambda m: _money(m[1], m[2])),
]


def normalize(text: str) -> str:
    """Spanish text as eSpeak NG's Spanish voice should get it."""
    return apply_rules(text, _RULES)
