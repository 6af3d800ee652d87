"""German rules: what eSpeak NG's German voice reads badly, rewritten so that it reads well.

Ordinals (``3.``, ``21.``, ``121ten``), with the ending the words before them ask for (*am
dritten*, *der dritte*, *dritter März*); dates (``3. März 2024``, ``2.3.2003``, ``02.03.``, ``2003-3-2``;
years before 2000 as years, *neunzehnhundertneunzig*); times (``14.30 Uhr``, ``08:00``: *14 Uhr
30*, *8 Uhr*) and results (``2:1``: *2 zu 1*); amounts (``12,50 €``: *12 Euro 50 Cent*; ``€0,01``:
*ein Cent*); units (``km/h``, ``m²``, ``h``); fractions (``1/5``, ``1 1/2``, ``⅔``); phone numbers
with a country code; abbreviations (``Nr.``, ``Dr.``, ``z. B.``, ``Mio.``).

Numbers stay digits wherever eSpeak reads them right: it reads ``1.200``, ``25037``, ``2,5``,
``30 %`` and ``-5`` well. The words, where a number must become words, are num2words', written
apart the way eSpeak reads digits (``ein hundert ein und zwanzigsten``).

Left alone on purpose: ``3.`` at the end of a sentence (*Die Zahl stieg auf 3.*), unless an article
comes before it (*dem 3.*) or it stands alone; ``3.`` before a word that starts a sentence (*auf 3.
Die*); ``2.3`` (a section or a version as often as a date); a fraction whose numerator is not
smaller than its denominator (``24/7``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from num2words.lang_DE import Num2Word_DE  # type: ignore[import-untyped, unused-ignore]

from triptych.speech.normalize.numbers import (
    cardinal,
    month,
    months,
    reference_not_fraction,
    roman,
    tidy_script,
    value,
    year,
)
from triptych.speech.normalize.rules import Rule, apply_rules, rule

_DE = "de"

# --- number words ----------------------------------------------------------------------------

_PARTS = re.compile(r"(hundert|tausend|und)")


@lru_cache(maxsize=4096)
def words(n: int) -> str:
    """``n`` in words, apart as eSpeak reads digits: ``121`` → ``ein hundert ein und zwanzig``."""
    return " ".join(_PARTS.sub(r" \1 ", cardinal(n, _DE)).split())


_ORDINAL_STEMS = {"eins": "erst", "ein": "erst", "drei": "dritt", "sieben": "siebt", "acht": "acht"}


@lru_cache(maxsize=4096)
def ordinal_stem(n: int) -> str:
    """The ordinal without its ending: ``3`` → ``dritt``, ``21`` → ``ein und zwanzigst``, ``1000``
    → ``ein tausendst``."""
    said = words(n)
    head, _, last = said.rpartition(" ")
    if last in _ORDINAL_STEMS:
        stem = _ORDINAL_STEMS[last]
    elif last[0].isupper():  # Million, Milliarden: "millionst", and no "eine" before it
        stem = last.lower().removesuffix("en").removesuffix("e") + "st"
        head = "" if head in ("ein", "eine") else head
    elif last.endswith(("zig", "ßig", "hundert", "tausend")):
        stem = last + "st"
    else:
        stem = last + "t"
    return f"{head} {stem}" if head else stem


def ordinal(n: int, ending: str = "er") -> str:
    """``n`` as an ordinal with ``ending`` (``e``, ``er``, ``en``, ``em``, ``es``): ``3``, ``en`` → ``dritten``."""
    return ordinal_stem(n) + ending


def _one(n: str, feminine: bool = False) -> str:
    """A count before a noun: ``1`` is ``ein`` (``eine``), other numbers stay digits."""
    return ("eine" if feminine else "ein") if n == "1" else n


# --- ordinals and dates ----------------------------------------------------------------------

_ARTICLE_EN = r"am|im|vom|zum|zur|beim|dem|den|des|einem|einen|eines|einer|ab|bis|seit|nach|vor|für|gegen|um|über"
_PREPOSITION = (
    r"in|an|auf|aus|bei|mit|nach|von|vor|zu|seit|unter|über|hinter|neben|zwischen|für|gegen|ohne|um|durch|bis|ab"
)
_ENDING_BEFORE: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"(?:^|\s)(?:(?:{_PREPOSITION})\s+(?:der|dem|den)|{_ARTICLE_EN})\s+$", re.IGNORECASE), "en"),
    (re.compile(r"(?:^|\s)(?:der|die|das|diese[rs]?|jede[rs]?|eine)\s+$", re.IGNORECASE), "e"),
    (re.compile(r"(?:^|\s)ein\s+$", re.IGNORECASE), "er"),
]
_STARTS_A_SENTENCE = {
    "Der", "Die", "Das", "Dem", "Den", "Des", "Ein", "Eine", "Einer", "Er", "Sie", "Es", "Wir", "Ich", "Ihr",
    "Man", "Dann", "Doch", "Aber", "Und", "Oder", "Auch", "So", "Da", "Dabei", "Damit", "Danach", "Dies",
    "Diese", "Dieser", "Dieses", "Im", "In", "Am", "An", "Auf", "Mit", "Nach", "Bei", "Von", "Vor", "Zum",
    "Zur", "Seit", "Bis", "Für", "Wie", "Was", "Wer", "Wo", "Wann", "Warum", "Als", "Wenn", "Weil", "Nun",
    "Jetzt", "Heute", "Gestern", "Morgen", "Nur", "Noch", "Schon", "Insgesamt", "Damals", "Zudem", "Außerdem",
    "Sein", "Seine", "Ihre", "Unser", "Unsere", "Mein", "Meine", "Kein", "Keine", "Viele", "Alle", "Einige",
    "Beide", "Hier", "Dort", "Deshalb", "Trotzdem", "Allerdings", "Zuvor", "Später", "Dennoch", "Daher",
}  # fmt: skip
_MONTH_ABBREVIATIONS = {"Jan": 1, "Feb": 2, "Mär": 3, "Mrz": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8}
_MONTH_ABBREVIATIONS |= {"Sep": 9, "Sept": 9, "Okt": 10, "Nov": 11, "Dez": 12}
_MONTH_WORDS = {name.lower(): i + 1 for i, name in enumerate(months(_DE))} | {
    k.lower(): v for k, v in _MONTH_ABBREVIATIONS.items()
}
_MONTH = "|".join(sorted(months(_DE), key=len, reverse=True))
_MONTH_ABBREVIATION = "|".join(sorted(_MONTH_ABBREVIATIONS, key=len, reverse=True))


def _ending(before: str) -> str:
    """The ordinal's ending after ``before`` (the text up to it): *am dritten*, *der dritte*, *dritter*."""
    tail = before[-40:]
    for pattern, ending in _ENDING_BEFORE:
        if pattern.search(tail):
            return ending
    return "er"


def _year(n: int) -> str:
    """A year: before 2000 as eSpeak cannot say it (*neunzehnhundertneunzig*), after it as digits."""
    return year(n, _DE) if 1100 <= n < 2000 else str(n)


def _day(m: re.Match[str], day: int) -> str:
    return ordinal(day, _ending(m.string[: m.start()]))


def _named_date(m: re.Match[str]) -> str:
    """``3. März 2024``, ``2. mär. 2003``: the day an ordinal, the month in full, the year as a year."""
    d = int(m["d"])
    number = _MONTH_WORDS.get(m["month"].lower().rstrip("."))
    if number is None or not 1 <= d <= 31:
        return m[0]
    name = month(number, _DE)
    said = f"{_day(m, d)} {name}"
    return said + (f" {_year(int(m['y']))}" if m["y"] else "")


def _numeric_date(m: re.Match[str]) -> str:
    d, mo = int(m["d"]), int(m["m"])
    name = month(mo, _DE)
    if name is None or not 1 <= d <= 31:
        return m[0]
    said = f"{_day(m, d)} {name}"
    return said + (f" {_year(int(m['y']))}" if m["y"] else "")


def _ordinal(m: re.Match[str]) -> str:
    """``3.`` as an ordinal, unless it ends the sentence or the next word starts a new one."""
    n = int(m["n"])
    after = m.string[m.end() :]
    before = m.string[: m.start()]
    if not after.strip():
        alone = not before.strip()
        if not alone and _ending(before) == "er":
            return m[0]  # "Die Zahl stieg auf 3."
    else:
        following = after.split(None, 1)[0]
        if following in _STARTS_A_SENTENCE or following[0].isdigit():
            return m[0]
    return ordinal(n, _ending(before)) + ("" if after.strip() else ".")


def _suffixed_ordinal(m: re.Match[str]) -> str:
    """``121tem``, ``3ten``, ``2te``: the written ending kept."""
    return ordinal(int(m[1]), m[2].lstrip("s")[1:])


_WOMEN = {"Elisabeth", "Elizabeth", "Katharina", "Maria", "Margrethe", "Victoria", "Viktoria", "Isabella", "Johanna"}


def _regnal(m: re.Match[str]) -> str:
    """``Ludwig XIV.`` *Ludwig der vierzehnte*; ``Teil II`` *Teil zwei* (eSpeak says *römisch zwei*)."""
    n = roman(m[2])
    if not n:
        return m[0]
    if m[3]:
        end = "." if not m.string[m.end() :].strip() else ""
        return f"{m[1]} {'die' if m[1] in _WOMEN else 'der'} {ordinal(n, 'e')}{end}"
    return f"{m[1]} {words(n)}"


def _year_in_context(m: re.Match[str]) -> str:
    return m[1] + _year(int(m[2]))


# --- times, amounts, units -------------------------------------------------------------------


def _clock(m: re.Match[str]) -> str:
    h, mins = int(m[1]), int(m[2])
    return f"{h} Uhr {mins}" if mins else f"{h} Uhr"


_FORMS = Num2Word_DE.CURRENCY_FORMS
_CURRENCIES = {
    "€": _FORMS["EUR"],
    "EUR": _FORMS["EUR"],
    "$": _FORMS["USD"],
    "US$": _FORMS["USD"],
    "USD": _FORMS["USD"],
    "£": _FORMS["GBP"],
    "GBP": _FORMS["GBP"],
    "¥": (("Yen", "Yen"), ("Sen", "Sen")),
    "JPY": (("Yen", "Yen"), ("Sen", "Sen")),
    "CHF": (("Franken", "Franken"), ("Rappen", "Rappen")),
    "Fr.": (("Franken", "Franken"), ("Rappen", "Rappen")),
}
_CURRENCY = "|".join(re.escape(c) for c in sorted(_CURRENCIES, key=len, reverse=True))
_SCALES = {
    "Mio.": ("Million", "Millionen"),
    "Mrd.": ("Milliarde", "Milliarden"),
    "Tsd.": ("Tausend", "Tausend"),
    "Million": ("Million", "Millionen"),
    "Millionen": ("Million", "Millionen"),
    "Milliarde": ("Milliarde", "Milliarden"),
    "Milliarden": ("Milliarde", "Milliarden"),
    "Billion": ("Billion", "Billionen"),
    "Billionen": ("Billion", "Billionen"),
}
_SCALE = "|".join(re.escape(s) for s in sorted(_SCALES, key=len, reverse=True))
_AMOUNT = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"


def _scaled(amount: str, scale: str) -> str:
    one, many = _SCALES[scale]
    if amount == "1":
        return f"{'ein' if one == 'Tausend' else 'eine'} {one}"
    return f"{amount} {many}"


def _money(m: re.Match[str]) -> str:
    (one, many), (cent, cents) = _CURRENCIES[m["cur"]]
    amount, scale = m["amount"], m["scale"]
    if scale:
        return f"{_scaled(amount, scale.title() if scale[0].islower() else scale)} {many}"
    units, _, hundredths = amount.partition(",")
    if len(hundredths) == 2:
        said = []
        if value(units) or not int(hundredths):
            said.append(f"{_one(units)} {one if units == '1' else many}")
        if int(hundredths):
            said.append(f"{_one(str(int(hundredths)))} {cent if hundredths == '01' else cents}")
        return " ".join(said)
    return f"{_one(amount)} {one if amount == '1' else many}"


# symbol: (singular, plural, feminine)
_UNITS: dict[str, tuple[str, str, bool]] = {
    "km": ("Kilometer", "Kilometer", False),
    "m": ("Meter", "Meter", False),
    "cm": ("Zentimeter", "Zentimeter", False),
    "mm": ("Millimeter", "Millimeter", False),
    "kg": ("Kilogramm", "Kilogramm", False),
    "g": ("Gramm", "Gramm", False),
    "mg": ("Milligramm", "Milligramm", False),
    "t": ("Tonne", "Tonnen", True),
    "l": ("Liter", "Liter", False),
    "ml": ("Milliliter", "Milliliter", False),
    "ha": ("Hektar", "Hektar", False),
    "km²": ("Quadrat-Kilometer", "Quadrat-Kilometer", False),
    "m²": ("Quadrat-Meter", "Quadrat-Meter", False),
    "cm²": ("Quadrat-Zentimeter", "Quadrat-Zentimeter", False),
    "m³": ("Kubikmeter", "Kubikmeter", False),
    "km/h": ("Kilometer pro Stunde", "Kilometer pro Stunde", False),
    "m/s": ("Meter pro Sekunde", "Meter pro Sekunde", False),
    "mph": ("Meile pro Stunde", "Meilen pro Stunde", True),
    "h": ("Stunde", "Stunden", True),
    "Std.": ("Stunde", "Stunden", True),
    "min": ("Minute", "Minuten", True),
    "Min.": ("Minute", "Minuten", True),
    "s": ("Sekunde", "Sekunden", True),
    "Sek.": ("Sekunde", "Sekunden", True),
    "ms": ("Millisekunde", "Millisekunden", True),
    "°C": ("Grad Celsius", "Grad Celsius", False),
    "kW": ("Kilowatt", "Kilowatt", False),
    "MW": ("Megawatt", "Megawatt", False),
    "GW": ("Gigawatt", "Gigawatt", False),
    "kWh": ("Kilowattstunde", "Kilowattstunden", True),
    "mV": ("Millivolt", "Millivolt", False),
    "V": ("Volt", "Volt", False),
    "ft": ("Fuß", "Fuß", False),
    "GB": ("Gigabyte", "Gigabyte", False),
    "MB": ("Megabyte", "Megabyte", False),
    "qm": ("Quadrat-Meter", "Quadrat-Meter", False),
    "cm³": ("Kubikzentimeter", "Kubikzentimeter", False),
    "Hz": ("Hertz", "Hertz", False),
    "kHz": ("Kilohertz", "Kilohertz", False),
    "MHz": ("Megahertz", "Megahertz", False),
    "GHz": ("Gigahertz", "Gigahertz", False),
    "W": ("Watt", "Watt", False),
    "kV": ("Kilovolt", "Kilovolt", False),
    "kcal": ("Kilokalorie", "Kilokalorien", True),
    "mi": ("Meile", "Meilen", True),
}
_PER = {"km²": "Quadrat-Kilometer", "m²": "Quadrat-Meter", "h": "Stunde", "s": "Sekunde", "km": "Kilometer"}
_UNIT = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True) if len(u) > 1)


def _measure(m: re.Match[str]) -> str:
    """``2 km/h``, ``1 kg`` (*ein Kilogramm*), ``1 h`` (*eine Stunde*); a one-letter unit only after a space."""
    one, many, feminine = _UNITS[m["unit"] or m["unit1"]]
    minus = "minus " if m["minus"] else ""
    if m["scale"]:
        return f"{minus}{_scaled(m['amount'], m['scale'].title() if m['scale'][0].islower() else m['scale'])} {many}"
    amount = m["amount"]
    return f"{minus}{_one(amount, feminine)} {one if amount == '1' else many}"


# --- fractions -------------------------------------------------------------------------------


def _denominator(d: int) -> str:
    """``5`` → ``Fünftel``, ``22`` → ``zwei und zwanzigstel``, ``100`` → ``Hundertstel``."""
    stem = ordinal_stem(d).removeprefix("ein ")
    if stem == "erst" or stem == "zweit":
        return ""
    return stem + "el"


_POWERS = {10**3, 10**6}


def fraction(numerator: int, denominator: int) -> str | None:
    """``1/5`` → ``ein fünftel``, ``2/9`` → ``2 neuntel``, ``1/2`` → ``ein halb``; None for x/0, x/1."""
    if denominator < 2:
        return None
    count = "ein" if numerator == 1 else str(numerator)
    if denominator == 2:
        return f"{count} halb" if numerator == 1 else f"{count} Halbe"
    return f"{count} {_denominator(denominator)}"


def _fraction(m: re.Match[str]) -> str:
    a, b = int(m["top"]), int(m["bottom"])
    if reference_not_fraction(m.string[: m.start()], m["top"], m["bottom"]) or (b > 100 and b not in _POWERS):
        return m[0]
    if a >= b and not m["whole"]:
        return m[0]
    said = fraction(a, b)
    if said is None:
        return m[0]
    minus = "minus " if m["minus"] else ""
    if m["whole"]:
        whole = "ein" if m["whole"] == "1" else m["whole"]
        if a == 1 and b == 2:
            return f"{minus}{whole}einhalb" if whole == "ein" else f"{minus}{m['whole']} einhalb"
        return f"{minus}{whole} {said}"
    return minus + said


# --- abbreviations ---------------------------------------------------------------------------

_WORDS = {
    "z. B.": "zum Beispiel",
    "z.B.": "zum Beispiel",
    "d. h.": "das heißt",
    "d.h.": "das heißt",
    "u. a.": "unter anderem",
    "u.a.": "unter anderem",
    "bzw.": "beziehungsweise",
    "usw.": "und so weiter",
    "ca.": "circa",
    "inkl.": "inklusive",
    "evtl.": "eventuell",
    "ggf.": "gegebenenfalls",
    "vgl.": "vergleiche",
    "Jh.": "Jahrhundert",
    "v. Chr.": "vor Christus",
    "n. Chr.": "nach Christus",
    "Mio.": "Millionen",
    "Mrd.": "Milliarden",
    "Tsd.": "Tausend",
    "Str.": "Straße",
    "Tel.": "Telefon",
}
_TITLES = {
    "Dr.": "Doktor",
    "Prof.": "Professor",
    "Nr.": "Nummer",
    "St.": "Sankt",
    "Mr.": "Mister",
    "Mrs.": "Misses",
    "Ms.": "Miss",
}


def _end_stop(m: re.Match[str]) -> str:
    """The period of an abbreviation that also ended the sentence (German capitalises every noun)."""
    return "" if m.string[m.end() :].strip() else "."


def _alternatives(keys: dict[str, str]) -> str:
    return "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))


_RULES: list[Rule] = [
    # phone numbers with a country code, dates
    rule(
        r"(?<![\w+])\+(\d{1,3})[\s-]+(\(?\d[\d\s/()-]{4,}\d)\b",
        lambda m: f"plus {m[1]}, " + " ".join(c for c in m[2] if c.isdigit()),
    ),
    rule(r"(?<![\d/.-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d/-])", _numeric_date),
    rule(r"(?<![\d.,])(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{4}|\d{2})(?!\d|[.,]\d)", _numeric_date),
    rule(r"(?<![\d.,])(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.(?P<y>)(?=\s|$)(?!\s+\d)", _numeric_date),
    rule(r"(?<![\d.,])(?P<d>0\d|\d(?=\.0))\.(?P<m>0\d|1[0-2])(?P<y>)(?![\d.]|,\d)", _numeric_date),
    rule(
        rf"(?<![\w.,])(?P<d>\d{{1,2}})\.\s?(?P<month>(?i:{_MONTH})\b|(?i:{_MONTH_ABBREVIATION})\.)(?:\s(?P<y>\d{{4}})\b)?",
        _named_date,
    ),
    rule(
        rf"\b((?:(?i:{_MONTH})|Jahre?s?|[Ss]eit|[Bb]is|[Vv]on|[Aa]b|[Uu]m|[Vv]or|[Nn]ach|[Ii]m|Anfang|Mitte|Ende)\s)(1[1-9]\d\d)\b(?![.,]\d)",
        _year_in_context,
    ),
    rule(r"(?<![\w.,])(1[1-9]\d\d)(er)\b", lambda m: _year(int(m[1])) + m[2]),
    rule(r"(?<![\w.,])\((1[1-9]\d\d)\)", lambda m: f"({_year(int(m[1]))})"),
    # times and results
    rule(r"\b([01]?\d|2[0-4])[:.]([0-5]\d)\s?Uhr\b", _clock),
    rule(r"(?<![\d.:,])([01]?\d|2[0-4]):([0-5]\d)(?![\d:]|[.,]\d)", _clock),
    rule(r"(?<![\d.:,])(\d{1,2}):(\d)(?![\d:]|[.,]\d)", r"\1 zu \2"),
    # amounts, units, fractions
    rule(
        rf"(?:(?<![\w$])(?P<cur>{_CURRENCY}))\s?(?P<amount>{_AMOUNT})(?:\s(?P<scale>{_SCALE}|(?i:millionen|million|milliarden|milliarde))(?!\w))?",
        _money,
    ),
    rule(
        rf"(?<![\w.,])(?P<amount>{_AMOUNT})(?:\s(?P<scale>{_SCALE}))?\s?(?P<cur>{_CURRENCY})(?![\w$])",
        _money,
    ),
    rule(
        rf"(?<![\w.,/-])(?P<minus>-)?(?P<amount>{_AMOUNT})(?:\s(?P<scale>{_SCALE}|(?i:millionen|milliarden)))?(?:\s?(?P<unit>{_UNIT})|\s(?P<unit1>[mgtlhsVW]))(?![\w/²³])",
        _measure,
    ),
    rule(rf"(?<![\w.,])({_AMOUNT})\s?/\s?({_alternatives(_PER)})(?![\w/²³])", lambda m: f"{m[1]} pro {_PER[m[2]]}"),
    rule(
        r"(?<![\w.,/-])(?P<minus>-)?(?:(?P<whole>\d+)\s)?(?P<top>\d+)/(?P<bottom>\d+)(?![\w/]|[.,]\d)",
        _fraction,
    ),
    # ordinals
    rule(r"(?<![\w'’])([A-ZÄÖÜ][a-zäöüß]+)\s+([IVX]+)(\.)?(?![\w'’-])", _regnal),
    rule(r"(?<![\w.,])(\d+)(s?te[mnrs]?)\b", _suffixed_ordinal),
    rule(r"(?<![\w.,:/-])(?P<n>\d{1,4})\.(?=\s|$)", _ordinal),
    # abbreviations
    rule(rf"(?<!\w)({_alternatives(_TITLES)})(?=\s*\S)", lambda m: _TITLES[m[1]]),
    rule(rf"(?<![\w.,])({_AMOUNT})\s(Mio\.|Mrd\.|Tsd\.)", lambda m: _scaled(m[1], m[2])),
    rule(rf"(?<!\w)({_alternatives(_WORDS)})(?!\w)", lambda m: _WORDS[m[1]] + _end_stop(m)),
]


_WORD_RULES = [r for r in _RULES if r"\d" not in r[0].pattern]
"""The rules that can match a text without digits: the only ones a text without digits needs."""
_DIGIT = re.compile(r"\d")


def normalize(text: str) -> str:
    """German text as eSpeak NG's German voice should get it."""
    text = tidy_script(text)
    return apply_rules(text, _RULES if _DIGIT.search(text) else _WORD_RULES)
