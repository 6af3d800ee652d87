"""English rules: what eSpeak NG's English voice reads badly, rewritten so that it reads well.

Left alone on purpose, because eSpeak reads them well: ``9:47 PM``, ``7:15 a.m.``, ``U.S.``,
``2,300``, ``6%``, ``21st``, ``St. Louis``.
"""

from __future__ import annotations

import re

from babel import Locale

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

_LOCALE = Locale.parse("en")
_MONTHS = {
    str(v).lower(): str(_LOCALE.months["format"]["wide"][k]) for k, v in _LOCALE.months["format"]["abbreviated"].items()
}
_MONTHS["sept"] = _MONTHS["sep"]
_DAYS = {
    str(v).lower(): str(_LOCALE.days["format"]["wide"][k]) for k, v in _LOCALE.days["format"]["abbreviated"].items()
}
_DAYS |= {"tues": _DAYS["tue"], "thur": _DAYS["thu"], "thurs": _DAYS["thu"]}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY = "|".join(sorted(_DAYS, key=len, reverse=True))

_TITLES = {
    "Mr": "Mister",
    "Mrs": "Missus",
    "Ms": "Miz",
    "Prof": "Professor",
    "Gov": "Governor",
    "Sen": "Senator",
    "Rep": "Representative",
    "Gen": "General",
    "Lt": "Lieutenant",
    "Sgt": "Sergeant",
    "Capt": "Captain",
    "Col": "Colonel",
    "Rev": "Reverend",
    "Pres": "President",
    "Supt": "Superintendent",
    "Mt": "Mount",
    "Ft": "Fort",
}
_STREETS = {"Dr": "Drive", "Ave": "Avenue", "Blvd": "Boulevard", "Rd": "Road", "Ln": "Lane", "Hwy": "Highway"}
_ABBREVIATIONS = {"vs.": "versus", "e.g.": "for example", "i.e.": "that is", "approx.": "approximately"}
_CURRENCIES = {
    "$": ("dollar", "dollars", "cent", "cents"),
    "€": ("euro", "euros", "cent", "cents"),
    "£": ("pound", "pounds", "penny", "pence"),
    "¥": ("yen", "yen", "sen", "sen"),
}
_SCALES = {"m": "million", "bn": "billion", "k": "thousand"}
_CENTURIES = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
_DECADES = [
    "hundreds",
    "tens",
    "twenties",
    "thirties",
    "forties",
    "fifties",
    "sixties",
    "seventies",
    "eighties",
    "nineties",
]
_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"


def _money(amount: str, symbol: str, scale: str | None) -> str:
    one, many, cent, cents = _CURRENCIES[symbol]
    if scale:
        return f"{amount} {_SCALES.get(scale.lower(), scale)} {many}"
    whole, _, fraction = amount.partition(".")
    if len(fraction) == 2:
        units = "" if whole.strip("0") == "" else f"{whole} {one if whole == '1' else many}"
        change = "" if fraction == "00" else f"{int(fraction)} {cent if fraction == '01' else cents}"
        return " and ".join(p for p in (units, change) if p) or f"0 {many}"
    return f"{amount} {one if amount == '1' else many}"


def _decade(m: re.Match[str]) -> str:
    century, decade = int(m[1]), int(m[2])
    if century == 20 and decade == 0:
        return "two thousands"
    return f"{_CENTURIES[century - 10]} {_DECADES[decade]}"


def _clock(m: re.Match[str]) -> str:
    hour = int(m[1])
    return f"{hour} o'clock" if hour <= 12 else f"{hour} hundred"


def _dr(m: re.Match[str]) -> str:
    """``Dr.``: Doctor before a name, Drive after a street name, Doctor otherwise."""
    before, after = m.string[: m.start()], m.string[m.end() :]
    if re.match(rf"\s+{UPPER}", after):
        return "Doctor"
    if re.search(rf"(?:\b{UPPER}[\w'’-]*|\d+(?:st|nd|rd|th)?)\s+$", before):
        return "Drive" + keep_stop(m)
    return "Doctor"


_RULES: list[Rule] = [
    iso_date_rule("en"),
    phone_rule(),
    # dates and days: MAR 2, 2018 / Nov. 17 / Sun.–Thu. / Sun., Nov. 17
    rule(rf"\b(?=[A-Z])(?i:({_MONTH}))\b\.?(?=\s+\d)", lambda m: _MONTHS[m[1].lower()]),
    rule(
        rf"\b(?=[A-Z])(?i:({_DAY}))\b\.?\s?[–-]\s?(?=[A-Z])(?i:({_DAY}))\b\.?",
        lambda m: f"{_DAYS[m[1].lower()]} to {_DAYS[m[2].lower()]}{keep_stop(m) if m[0].endswith('.') else ''}",
    ),
    rule(rf"\b(?=[A-Z])(?i:({_DAY}))\.(?=,)", lambda m: _DAYS[m[1].lower()]),
    # titles and street names
    rule(rf"\b({'|'.join(_TITLES)})\.(?=\s+{UPPER})", lambda m: _TITLES[m[1]]),
    rule(r"\bDr\.", _dr),
    rule(rf"(?<=[\w] )({'|'.join(k for k in _STREETS if k != 'Dr')})\.", lambda m: _STREETS[m[1]] + keep_stop(m)),
    rule(r"(?<=\w )(Jr|Sr)\.(?=,|\s*$)", lambda m: ("Junior" if m[1] == "Jr" else "Senior") + keep_stop(m)),
    rule(r"\b[Nn]o\.\s?(?=\d)", "number "),
    rule(r"\b[Nn]os\.\s?(?=\d)", "numbers "),
    rule(r"#(?=\d)", "number "),
    rule(r"\bPh\.?\s?D\b\.?", lambda m: "P H D" + (keep_stop(m) if m[0].endswith(".") else "")),
    rule(r"(?<!\w)(vs\.|e\.g\.|i\.e\.|approx\.)(?!\w)", lambda m: _ABBREVIATIONS[m[1]]),
    # ranges before money, so that "$10–$20" keeps both amounts
    *range_rules("to"),
    rule(r"(?<=[ap]\.m\.)\s?–\s?(?=\d)|(?<=[AP]M)\s?–\s?(?=\d)", " to "),
    rule(
        rf"(?:\bUS)?([$€£¥])\s?({_NUMBER})(?:\s?(million|billion|trillion|thousand)\b|(bn|m|k)\b)?",
        lambda m: _money(m[2], m[1], m[3] or m[4]),
    ),
    rule(rf"(?<![\w.,])({_NUMBER})\s?([€£¥])", lambda m: _money(m[1], m[2], None)),
    # decades: 1990s, '90s, the 80s
    rule(r"\b(1\d|20)(\d)0['’]?s\b", _decade),
    rule(r"(?:['’]|\b)([2-9])0s\b", lambda m: _DECADES[int(m[1])]),
    # clock times that eSpeak reads digit by digit
    rule(r"\b(\d{1,2}):00(?=\s?(?:[ap]\.m\.|[AP]\.?M\b|[ap]m\b))", r"\1"),
    rule(r"\b(\d{1,2}):0([1-9])\b", r"\1 oh \2"),
    rule(r"\b(\d{1,2}):00\b", _clock),
    # temperatures
    rule(r"(\d)\s?°\s?F\b", r"\1 degrees Fahrenheit"),
    rule(r"(\d)\s?°\s?C\b", r"\1 degrees Celsius"),
    rule(r"(\d)\s?°", r"\1 degrees"),
]


def normalize(text: str) -> str:
    """English text as eSpeak NG's English voice should get it."""
    return apply_rules(text, _RULES)
