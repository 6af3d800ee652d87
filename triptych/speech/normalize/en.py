"""English rules: what eSpeak NG's English voice reads badly, rewritten so that it reads well.

Numbers are read the American way. Years and house numbers go in pairs (``1994`` "nineteen
ninety-four", ``1428 Elm St.`` "fourteen twenty-eight Elm Street"), a day is an ordinal (``Nov.
17`` "November 17th", ``17 Nov.`` "the 17th of November"), amounts name their currency and units
their unit, phone numbers and the digits of addresses are read one by one. The words come from
num2words (:mod:`~triptych.speech.normalize.en_words`) wherever eSpeak would misread the digits.

Left alone on purpose, because eSpeak reads them well: ``9:47 PM``, ``7:15 a.m.``, ``U.S.``,
``2,300``, ``6%``, ``21st``, ``0.25``, ``&``.

Read differently from a TTS test suite on purpose: no "and" inside a number ("one hundred
twenty-three", as eSpeak's American voice says it); no "and" between dollars and cents; a web
address without its scheme, query string or trailing slash; a two-digit year as "oh five"; a
hyphen between numbers as "to"; an "s" after digits as a plural (``the 4s``, ``F-16s``).

The rules run in this order: web and e-mail addresses (:mod:`~triptych.speech.normalize.en_web`),
then, in a text with a digit, phone numbers, dates and fractions
(:mod:`~triptych.speech.normalize.en_dates`), times, sums, amounts, addresses, decades and years,
units (:mod:`~triptych.speech.normalize.en_units`), ranges and signs; then, in every text, days
of the week, titles, street types, abbreviations and Roman numerals.
"""

from __future__ import annotations

import re

from babel import Locale

from triptych.speech.normalize import en_dates, en_units, en_web
from triptych.speech.normalize.en_words import cardinal, digits, ordinal, pairs, year
from triptych.speech.normalize.numbers import roman
from triptych.speech.normalize.rules import UPPER, Rule, apply_rules, keep_stop, rule

_LOCALE = Locale.parse("en")
_DAYS = {
    str(v).lower(): str(_LOCALE.days["format"]["wide"][k]) for k, v in _LOCALE.days["format"]["abbreviated"].items()
}
_DAYS |= {"tues": _DAYS["tue"], "thur": _DAYS["thu"], "thurs": _DAYS["thu"]}
_DAY = "|".join(sorted(_DAYS, key=len, reverse=True))

_TITLES = {
    "Mr": "Mister",
    "Mrs": "Mrs",  # eSpeak says "Mrs" right ("misiz"); only its period, read as a full stop, goes
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
_STREETS = {
    "St": "Street",
    "Ave": "Avenue",
    "Av": "Avenue",
    "Blvd": "Boulevard",
    "Rd": "Road",
    "Ln": "Lane",
    "Dr": "Drive",
    "Ct": "Court",
    "Hwy": "Highway",
    "Pl": "Place",
    "Pkwy": "Parkway",
    "Ter": "Terrace",
    "Cir": "Circle",
    "Sq": "Square",
}
_STREET = "|".join([*_STREETS, *sorted(set(_STREETS.values())), "Way", "Plaza"])
_DIRECTIONS = {
    "N": "North",
    "S": "South",
    "E": "East",
    "W": "West",
    "NE": "Northeast",
    "NW": "Northwest",
    "SE": "Southeast",
    "SW": "Southwest",
}
_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "DC": "D C", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii",
    "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky",
    "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire",
    "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota",
    "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island",
    "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "PR": "Puerto Rico",
}  # fmt: skip
_ABBREVIATIONS = {"vs.": "versus", "e.g.": "for example", "i.e.": "that is", "approx.": "approximately"}
_AFTER_NAMES = {
    "Bros": "Brothers",
    "Corp": "Corporation",
    "Co": "Company",
    "Univ": "University",
    "Assn": "Association",
    "Govt": "Government",
}
"""Abbreviations that end a name: ``Warner Bros.``, ``Acme Corp.``, ``Ford Motor Co.``."""
_BEFORE_NAMES = {"Hon": "Honorable", "Natl": "National", "Intl": "International"}
"""Abbreviations that start or sit inside a name: ``Hon. Jane Doe``, ``Natl. Guard``."""
_CURRENCIES = {
    "$": ("dollar", "dollars", "cent", "cents"),
    "€": ("euro", "euros", "cent", "cents"),
    "£": ("pound", "pounds", "penny", "pence"),
    "¥": ("yen", "yen", "sen", "sen"),
    "₹": ("rupee", "rupees", "paisa", "paise"),
    "₩": ("won", "won", "jeon", "jeon"),
    "₽": ("ruble", "rubles", "kopek", "kopeks"),
    "₺": ("lira", "lira", "kurus", "kurus"),
    "₦": ("naira", "naira", "kobo", "kobo"),
    "₱": ("peso", "pesos", "centavo", "centavos"),
    "₪": ("shekel", "shekels", "agora", "agorot"),
    "฿": ("baht", "baht", "satang", "satang"),
    "CNY": ("yuan", "yuan", "fen", "fen"),
    "CHF": ("Swiss franc", "Swiss francs", "centime", "centimes"),
}
"""Each currency's unit and hundredth, singular and plural."""
_SYMBOL = "[" + "".join(k for k in _CURRENCIES if len(k) == 1) + "]"
_DOLLARS = {"US": "", "C": "Canadian ", "CA": "Canadian ", "A": "Australian ", "AU": "Australian ",
            "NZ": "New Zealand ", "HK": "Hong Kong ", "S": "Singapore ", "NT": "New Taiwan "}  # fmt: skip
"""The country before a dollar sign: ``C$5`` is "5 Canadian dollars" (``US$5`` just "5 dollars")."""
_CODES = {
    "USD": ("$", ""), "EUR": ("€", ""), "GBP": ("£", ""), "JPY": ("¥", ""), "INR": ("₹", ""), "KRW": ("₩", ""),
    "RUB": ("₽", ""), "CNY": ("CNY", ""), "RMB": ("CNY", ""), "CHF": ("CHF", ""), "CAD": ("$", "Canadian "),
    "AUD": ("$", "Australian "), "NZD": ("$", "New Zealand "), "HKD": ("$", "Hong Kong "),
}  # fmt: skip
"""ISO codes written before or after an amount: ``USD 5``, ``5 EUR``."""
_SCALES = {
    "k": "thousand",
    "K": "thousand",
    "m": "million",
    "M": "million",
    "mn": "million",
    "b": "billion",
    "B": "billion",
    "bn": "billion",
    "tn": "trillion",
    "trn": "trillion",
}
_PER = {
    "mo": "month",
    "month": "month",
    "yr": "year",
    "year": "year",
    "wk": "week",
    "week": "week",
    "d": "day",
    "day": "day",
    "hr": "hour",
    "h": "hour",
    "hour": "hour",
    "night": "night",
    "person": "person",
    "share": "share",
    "barrel": "barrel",
    "gallon": "gallon",
    "ton": "ton",
    "sq ft": "square foot",
}
_NUMBER = r"(?:\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)"
_CODE = "|".join(_CODES)
_AMOUNT = (
    rf"(?:(?:\b(?P<country>{'|'.join(_DOLLARS)})(?=\$))?(?P<symbol>{_SYMBOL})|\b(?P<code>{_CODE})\s)"
    rf"\s?(?P<amount>{_NUMBER})"
)
_SCALE = r"(?:[\s-]?(?P<word>thousand|million|billion|trillion)\b|(?P<abbr>\s?(?:bn|mn|trn|tn)|[mMbBkK])\b)"
_RATE = rf"(?:\s?/\s?(?P<per>{'|'.join(sorted(_PER, key=len, reverse=True))})\b)"
_MERIDIEM = r"(?:[ap]\.?\s?m\b\.?|[AP]\.?M\b\.?)"

# --- amounts ------------------------------------------------------------------------------------


def _money(amount: str, symbol: str, scale: str | None = None, per: str | None = None, country: str = "") -> str:
    one, many, cent, cents = _CURRENCIES[symbol]
    one, many = country + one, country + many
    rate = f" per {_PER[per]}" if per else ""
    if scale:
        return f"{amount} {_SCALES.get(scale.strip(), scale)} {many}{rate}"
    whole, _, fraction = amount.partition(".")
    whole = whole or "0"
    fraction = fraction.rstrip("0")
    if len(fraction) > 2:  # $1.234: a price to the tenth of a cent, read as a decimal
        return f"{amount} {many}{rate}"
    units = "" if whole.strip("0,") == "" else f"{whole} {one if whole == '1' else many}"
    change = f"{int(fraction.ljust(2, '0'))} {cent if fraction == '01' else cents}" if fraction else ""
    return (" ".join(p for p in (units, change) if p) or f"0 {many}") + rate


def _currency(m: re.Match[str]) -> tuple[str, str]:
    """The currency of an amount (a key of ``_CURRENCIES``) and the country before "dollars"."""
    if m["code"]:
        return _CODES[m["code"]]
    return m["symbol"], _DOLLARS.get(m["country"] or "", "")


def _amount(m: re.Match[str]) -> str:
    symbol, country = _currency(m)
    spoken = _money(m["amount"], symbol, m["word"] or m["abbr"], m["per"], country)
    if m["word"] and m.string[m.start("word") - 1] == "-":  # a $1.5-billion deal: "dollar"
        one, many = _CURRENCIES[symbol][:2]
        spoken = spoken.replace(f" {country}{many}", f" {country}{one}", 1)
    return spoken


def _amount_range(m: re.Match[str]) -> str:
    """``$5-10 million``: "5 to 10 million dollars"."""
    symbol, country = _currency(m)
    return f"{m['amount']} to {_money(m['to'], symbol, m['word'] or m['abbr'], m['per'], country)}"


def _amount_after(m: re.Match[str]) -> str:
    """``20 €``, ``5 USD``: the amount, then its currency."""
    symbol, country = _CODES[m[2]] if m[2] in _CODES else (m[2], "")
    return _money(m[1], symbol, country=country)


# --- times -----------------------------------------------------------------------------------------


def _clock(m: re.Match[str]) -> str:
    hour = int(m[1])
    if hour == 0:
        return "midnight"
    return f"{hour} o'clock" if hour <= 12 else f"{hour} hundred"


def _duration(m: re.Match[str]) -> str:
    """``1:01:01`` "1 hour 1 minute and 1 second" (parts that are 0 are not read)."""
    parts = [
        f"{n} {word if n == 1 else word + 's'}"
        for n, word in ((int(m[1]), "hour"), (int(m[2]), "minute"), (int(m[3]), "second"))
        if n
    ]
    if not parts:
        return "0 seconds"
    return " and ".join(parts) if len(parts) < 3 else f"{parts[0]} {parts[1]} and {parts[2]}"


# --- years, decades ------------------------------------------------------------------------------

_QUANTITY_BEFORE = re.compile(
    r"(?:\b(?:about|around|nearly|almost|some|over|under|than|approximately|roughly|only|just|least|most|"
    r"total|estimated|additional|another|extra|[Nn]o\.|number)|[#$€£¥+-])\s*$"
)
_QUANTITY_AFTER = re.compile(
    rf"\s?(?:%|(?:{'|'.join(sorted({c[1].split()[-1] for c in _CURRENCIES.values()}))}|"
    rf"percent|per|times|more|fewer|less|people|"
    rf"residents|students|workers|employees|jobs|votes|cases|deaths|homes|troops|members|patients|children|"
    rf"copies|points|pages|words|miles|feet|acres|tons|barrels|calories|hours|minutes|seconds)\b|"
    rf"(?:{en_units.UNIT})(?![\w/]))"
)


def _year(m: re.Match[str]) -> str:
    """A four-digit number read as a year, in pairs, unless it is plainly a quantity."""
    text = m.string
    if _QUANTITY_BEFORE.search(text, max(0, m.start() - 16), m.start()) or _QUANTITY_AFTER.match(text, m.end()):
        return m[0]
    return year(int(m[0]))


def _year_range(m: re.Match[str]) -> str:
    """``1980-1986``, ``1960-80``, ``2016–19``: a span of years."""
    first, second = m[1], m[2]
    if len(second) == 2:
        if int(second) <= int(first[2:]):
            return m[0]  # 1999-05: not a span of years
        return f"{year(int(first))} to {cardinal(int(second)) if second[0] != '0' else 'oh ' + cardinal(int(second))}"
    if int(second) <= int(first):
        return m[0]
    return f"{year(int(first))} to {year(int(second))}"


def _range(m: re.Match[str]) -> str:
    """``7-2`` "7 to 2", ``102-98``, ``500-1000``; not ``978-0`` (a code: the lengths are too far apart)."""
    first, second = m[1], m[2]
    if abs(len(first) - len(second)) > 1:
        return m[0]
    return f"{first} to {second}"


def _point(m: re.Match[str]) -> str:
    """``.25`` "point 2 5" (not inside a tag's attribute: ``pitch=-.3``)."""
    if m.start() and m.string[m.start() - 1] == "=":
        return m[0]
    return ("minus " if m[1] else "") + "point " + digits(m[2])


def _suffix(m: re.Match[str]) -> str:
    """``2th``, ``13rd``: a wrong ordinal suffix is read as written, letters apart from the number."""
    n, suffix = int(m[1]), m[2]
    right = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return m[0] if suffix == right else f"{m[1]} {suffix}"


def _plural(words: str) -> str:
    """``"ninety"`` → ``"nineties"``, ``"ten"`` → ``"tens"``."""
    return words[:-1] + "ies" if words.endswith("y") else words + "s"


def _decade(m: re.Match[str], group: int = 1) -> str:
    """``1990s`` "nineteen nineties", ``1900s`` "nineteen hundreds", ``2000s`` "two thousands"."""
    century, decade = int(m[group]), int(m[group + 1])
    if century == 20 and decade == 0:
        return "two thousands"
    return f"{cardinal(century)} {_plural(cardinal(decade * 10)) if decade else 'hundreds'}"


# --- names, titles, addresses ---------------------------------------------------------------------

_NAME_BEFORE = re.compile(rf"(?:\b{UPPER}[\w'’-]*|\d+(?:st|nd|rd|th)?)\s+$")
_HOUSE_BEFORE = re.compile(rf"\b\d{{1,5}}(?:\s+[NSEW]{{1,2}}\.?)?(?:\s+(?:{UPPER}[\w'’-]*|\d+(?:st|nd|rd|th)))+\s+$")


def _dr(m: re.Match[str]) -> str:
    """``Dr.``: Drive after a house number and a name, Doctor before a name, Drive after a name."""
    before, after = m.string[: m.start()], m.string[m.end() :]
    if _HOUSE_BEFORE.search(before[-60:]):
        return "Drive" + keep_stop(m)
    if re.match(rf"\s+{UPPER}", after):
        return "Doctor"
    if _NAME_BEFORE.search(before[-40:]):
        return "Drive" + keep_stop(m)
    return "Doctor"


def _st(m: re.Match[str]) -> str:
    """``St.``: Street after a house number and a name, or after a name when no name follows
    (``Elm St.``); Saint before a name (``in St. Louis``: eSpeak pauses after "St."); left as
    written between two names (``Elm St. Louis``: a street and a new sentence, or a saint?)."""
    before, after = m.string[: m.start()], m.string[m.end() :]
    if _HOUSE_BEFORE.search(before[-60:]):
        return "Street" + keep_stop(m)
    if _NAME_BEFORE.search(before[-40:]):
        return m[0] if re.match(rf"\s+{UPPER}", after) else "Street" + keep_stop(m)  # Elm St. It was: unsure
    return "Saint" if re.match(rf"\s+{UPPER}", after) else m[0]


def _address(m: re.Match[str]) -> str:
    """``1211 E Arques Ave``: the house number in pairs, the direction and street type in words."""
    number, direction, name, street = m["number"], m["direction"], m["name"], m["street"]
    spoken = pairs(number)
    if direction:
        spoken += " " + _DIRECTIONS[direction.rstrip(".")]
    spoken += f" {name.strip()} {_STREETS.get(street.capitalize(), street)}"
    if m["quarter"]:
        spoken += " " + _DIRECTIONS[m["quarter"]]
    return spoken + (keep_stop(m) if m[0].endswith(".") else "")


def _state_zip(m: re.Match[str]) -> str:
    code = digits(m[2]) + (f", {digits(m[3])}" if m[3] else "")
    return f", {_STATES[m[1]]}, {code}"


# --- Roman numerals ---------------------------------------------------------------------------------

_COUNTED = {
    "war", "part", "chapter", "volume", "vol", "book", "act", "scene", "title", "article", "phase", "stage",
    "episode", "bowl", "class", "category", "type", "level", "grade", "section", "schedule", "appendix",
    "round", "series", "season", "mark", "mk", "vatican", "division", "tier",
}  # fmt: skip
"""Words after which a Roman numeral is a cardinal: World War II, Part XL, Type II, Super Bowl LVIII."""
_REGNAL = {
    "Henry", "Edward", "George", "William", "Charles", "Elizabeth", "Mary", "James", "Richard", "John", "Louis",
    "Philip", "Felipe", "Frederick", "Alexander", "Nicholas", "Peter", "Paul", "Benedict", "Pius", "Leo",
    "Gregory", "Innocent", "Clement", "Francis", "Ferdinand", "Carlos", "Juan", "Alfonso", "Victor", "Emmanuel",
    "Umberto", "Wilhelm", "Otto", "Ludwig", "Constantine", "Ivan", "Catherine", "Anne", "Isabella", "Isabel",
    "Napoleon", "Harald", "Olav", "Haakon", "Gustav", "Gustaf", "Carl", "Christian", "Frederik", "Willem",
    "Albert", "Leopold", "Baudouin", "Rainier", "Hassan", "Mohammed", "Muhammad", "Abdullah", "Hussein",
    "Faisal", "Ramesses", "Ramses", "Rama", "Boris", "Simeon", "Michael", "Stephen", "Robert", "David",
    "Malcolm", "Duncan", "Kenneth", "Sancho", "Manuel", "Pedro", "Joseph", "Maximilian", "Rudolf", "Urban",
    "Sixtus", "Julius", "Adrian", "Ptolemy", "Darius", "Cyrus", "Selim", "Suleiman", "Mehmed", "Akbar",
}  # fmt: skip
"""Names of kings, queens and popes: Henry VIII is "Henry the eighth"."""


def _roman(m: re.Match[str]) -> str:
    word, numeral = m[1], m[2]
    value = roman(numeral)
    if value is None or value < 1:
        return m[0]
    after = m.string[m.end() :]
    if len(numeral) == 1 and (numeral not in "IV" or re.match(rf"\.\s+{UPPER}", after)):
        return m[0]  # Class C, Malcolm X, Charles V. Smith: a letter
    if word.lower().rstrip(".") in _COUNTED and (numeral != "I" or word[0].isupper()):  # "the war I fought"
        return f"{word} {cardinal(value)}"
    if word in _REGNAL and value < 40 and numeral.isupper():
        if numeral == "I" and re.match(r"\s+[a-z]", after):
            return m[0]  # "when Elizabeth I was": maybe the pronoun
        return f"{word} the {ordinal(value)}"
    return m[0]


# --- the rules ---------------------------------------------------------------------------------------

_PHONE = (
    r"(?<![\w+])(?:\+(?P<cc>\d{1,3})[\s.-]?|\b(?P<one>1)[-.\s])?"
    r"(?:\((?P<area>\d{3})\)[\s.-]?|\b(?P<area2>\d{3})(?P<sep>[-.]))?"
    r"\b(?P<exchange>\d{3})[-.](?P<line>\d{4})\b"
    r"(?:\s?(?:x|ext\.?|extension)\s?(?P<ext>\d{1,5})\b|-(?P<ext2>\d{1,5})\b)?"
    r"(?![.-]\d)"
)


def _phone(m: re.Match[str]) -> str:
    if m["sep"] == "." and "." not in m.string[m.end("sep") : m.end("line")]:
        return m[0]  # 123.456-7890: not one number
    local = not (m["area"] or m["area2"] or m["cc"] or m["one"])
    if local and m.string[m.end("exchange")] == ".":
        return m[0]  # 555.0142: a decimal
    if local and m["exchange"].endswith("00") and m["line"].endswith("00") and not (m["ext"] or m["ext2"]):
        return m[0]  # 500-1000 people: a range
    groups = [m["cc"] or m["one"], m["area"] or m["area2"], m["exchange"], m["line"]]
    spoken = ", ".join(digits(g) for g in groups if g)
    if m["cc"]:
        spoken = "plus " + spoken
    extension = m["ext"] or m["ext2"]
    if extension:
        spoken += (", extension " if m["ext"] else ", ") + digits(extension)
    return spoken


def _international(m: re.Match[str]) -> str:
    """``+44 20 7946 0958``: "plus 4 4, 2 0, 7 9 4 6, 0 9 5 8"."""
    groups = [m[1], *re.findall(r"\d+", m[2])]
    if sum(len(g) for g in groups) < 8:
        return m[0]
    return "plus " + ", ".join(digits(g) for g in groups)


_DIGIT_RULES: list[Rule] = [
    rule(_PHONE, _phone),
    rule(r"(?<![\w+])\+(\d{1,3})((?:[\s.-]\(?\d{1,8}\)?){1,5})(?![\w-]|\.\d)", _international),
    rule(r"(?<![\w-])(\d{3})-(\d{2})-(\d{4})(?![\w-])", lambda m: ", ".join(digits(g) for g in m.groups())),
    # a minus sign: -0.4, −5, -1/2 (eSpeak drops a hyphen-minus after another dash)
    rule(r"(?:(?<=^)|(?<=[\s(\[]))[-−](?=\.?\d)", "minus "),
    *en_dates.RULES,  # before anything else reads their digits
    # long numbers that are codes, not quantities: read digit by digit
    rule(rf"(?<![\w.,]|{_SYMBOL})\d{{10,}}(?![\w.,]\d)", lambda m: digits(m[0])),
    # times: 1:01:01, 1.59 p.m., 01:00, 8:00 a.m, 11:05, 20:00, 4:00 am - 8:12 pm
    rule(r"(?<![\d:.])(\d{1,2}):([0-5]\d):([0-5]\d)(?![\d:]|\s?(?:[ap]\.?m\b|[AP]\.?M\b))", _duration),
    rule(rf"(?<![\d.,])(\d{{1,2}})\.([0-5]\d)(?=\s?{_MERIDIEM})", r"\1:\2"),
    rule(r"(?<=\d)(\s?)([ap])\. m\b", r"\1\2.m"),
    rule(r"(?<![\d:.])0(\d):(?=[0-5]\d\b)", r"\1:"),
    rule(r"(?<![\d:.])(\d{1,2}:[0-5]\d)\s?[-–]\s?(?=\d{1,2}:[0-5]\d\b)", r"\1 to "),
    rule(rf"\b(\d{{1,2}}):00(?=\s?{_MERIDIEM})", r"\1"),
    rule(r"\b(\d{1,2}):0([1-9])\b", r"\1 oh \2"),
    rule(r"\b(\d{1,2}):00\b", _clock),
    rule(rf"(?<=\d)(\s?{_MERIDIEM})?\s+[–-]\s+(?=\d)", lambda m: f"{m[1] or ''} to "),
    rule(r"(?:(?<=[ap]\.m\.)|(?<=[AP]M)|(?<=[ap]m)|(?<=%)|(?<=\d:\d\d))\s?[–-]\s?(?=\d)", " to "),
    rule(r"(?<![\d:])(\d{1,2}):(\d)(?![\d:])", r"\1 to \2"),  # 3:1, a ratio (a time has two digits)
    # sums: 1-4=5, 2*8
    rule(r"(?<=\d)\s?-\s?(?=\d+\s?=)", " minus "),
    rule(r"(?<=\d)\s?×\s?(?=\d+(?!\s?(?:[a-zA-Z]|\d)))", " times "),
    rule(r"(?<=\d)\s?÷\s?(?=\d)", " divided by "),
    rule(r"(?<=\d)\^(?=\d)", " to the power of "),
    rule(r"(?<=\d)\s?=\s?(?=[-−]?\d)", " equals "),
    rule(r"(?<=\d)\s?\*\s?(?=\d)", " times "),
    # amounts: ranges first, so that "$10–$20" keeps both amounts
    rule(rf"{_AMOUNT}\s?[-–]\s?(?P<to>{_NUMBER}){_SCALE}{_RATE}?(?![\w@])", _amount_range),
    rule(rf"(\d)\s?[-–]\s?(?=(?:\b[A-Z]{{1,2}})?{_SYMBOL}\d)", r"\1 to "),
    rule(rf"{_AMOUNT}{_SCALE}?{_RATE}?(?![\w@])", _amount),
    rule(rf"(?<![\w.,])({_NUMBER})\s?([€£¥₹₩₽₺₦₱₪฿]|(?:{_CODE})\b)", _amount_after),
    # addresses: 1428 Elm St., 1211 E Arques Ave, 2 San Tomas hwy; Santa, FL, 95051
    rule(
        rf"(?<![\w,.$#-])(?P<number>\d{{1,5}})\s+(?:(?P<direction>[NSEW]|NE|NW|SE|SW)\.?\s+)?"
        rf"(?P<name>(?:(?:{UPPER}[\w'’-]*|\d+(?:st|nd|rd|th))\s+){{1,3}})"
        rf"(?P<street>(?i:{_STREET}))\b(?!['’])\.?(?:\s(?P<quarter>NE|NW|SE|SW)\b\.?)?",
        _address,
    ),
    rule(rf",\s*({'|'.join(_STATES)})\.?,?\s+(\d{{5}})(?:-(\d{{4}}))?\b", _state_zip),
    # decades: 1990s, 1980 s, '90s, the 80s, 1960s-70s
    rule(
        r"\b(1\d|20)(\d)0['’]?s\s?[-–]\s?(?:(1\d|20)|['’])?(\d)0['’]?s\b",
        lambda m: f"{_decade(m)} to {_decade(m, 3) if m[3] else _plural(cardinal(int(m[4]) * 10))}",
    ),
    rule(r"\b(1\d|20)(\d)0\s?['’]?s\b", _decade),
    rule(r"(?:['’]|\b)([2-9])0['’]?s\b", lambda m: _plural(cardinal(int(m[1]) * 10))),
    # years: 1980-1986, 1960-80, 1994, 2012
    rule(r"(?<![\w$€£¥#.:/-])(?<!\d,)(1\d{3}|20\d{2})\s?[-–]\s?(\d{2}|1\d{3}|20\d{2})(?![\w%]|[.,:/-]\d)", _year_range),
    rule(r"(?<![\w$€£¥#.:/-])(?<!\d,)(?:1\d{3}|20\d{2})(?![\w%]|[.,:/-]\d|-\w)", _year),
    *en_units.RULES,
    # other ranges: 10–12, the 1st–3rd rounds, a 7-2 vote
    rule(rf"(\d(?:st|nd|rd|th)?)\s?–\s?(?={_SYMBOL}?\d)", r"\1 to "),
    rule(r"(?<![\d,:/-])(?<!\d\.)\b(\d{1,4})-(\d{1,4})\b(?![\d:/-]|[.,]\d|\w)", _range),
    rule(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+\.\d+)\s?[-–]\s?(?=\d{1,3}(?:,\d{3})+\b|\d+\.\d+\b)", r"\1 to "),
    # no. 4, #1, .25, the 29th's
    rule(r"\bNo\.\s?(?=\d)", "number "),
    rule(r"(?<=\b[Tt]he )no\.\s?(?=\d)", "number "),
    rule(r"\b[Nn]os\.\s?(?=\d)", "numbers "),
    rule(r"#(?=\d)", "number "),
    rule(r"(?<![\w.])\.(\d+)(?=[- ]caliber)", r"\1"),  # a .45-caliber pistol: "45 caliber"
    rule(r"(?<![\w.])([-−]?)\.(\d+)\b(?!\.\d)", _point),
    rule(r"\b(\d+)(?:st|nd|rd|th)(?=['’]s\b)", lambda m: ordinal(int(m[1]))),
    rule(r"\b(\d+)(st|nd|rd|th)\b", _suffix),
]
"""Rules for text with a digit in it."""

_WORD_RULES: list[Rule] = [
    en_dates.MONTH_RANGE,
    # days: Sun.–Thu., Mon-Fri, Sun., Nov. 17
    rule(
        rf"\b(?=[A-Z])(?i:({_DAY}))\b\.?\s?[–-]\s?(?=[A-Z])(?i:({_DAY}))\b\.?",
        lambda m: f"{_DAYS[m[1].lower()]} to {_DAYS[m[2].lower()]}{keep_stop(m) if m[0].endswith('.') else ''}",
    ),
    rule(rf"\b(?=[A-Z])(?i:({_DAY}))\.(?=,)", lambda m: _DAYS[m[1].lower()]),
    # titles and street names
    rule(rf"\b({'|'.join(_TITLES)})\.(?=\s+{UPPER})", lambda m: _TITLES[m[1]]),
    rule(r"\bDr\.", _dr),
    rule(r"\bSt\.?(?![\w'’])", _st),
    rule(
        rf"(?<=[\w] )({'|'.join(k for k in _STREETS if k not in ('Dr', 'St'))})\.",
        lambda m: _STREETS[m[1]] + keep_stop(m),
    ),
    rule(rf"\b({'|'.join(_BEFORE_NAMES)})\.(?=\s+{UPPER})", lambda m: _BEFORE_NAMES[m[1]]),
    rule(
        rf"(\b{UPPER}[\w'’&-]* )({'|'.join(_AFTER_NAMES)})\.",
        lambda m: m[1] + _AFTER_NAMES[m[2]] + keep_stop(m),
    ),
    rule(r"\bApt\.?\s?(?=#?\d)", "Apartment "),
    rule(r"\bSte\.?\s(?=#?\d)", "Suite "),
    rule(r"(?<=\w )(Jr|Sr)\.(?=,|\s*$)", lambda m: ("Junior" if m[1] == "Jr" else "Senior") + keep_stop(m)),
    rule(r"\bPh\.?\s?D\b\.?", lambda m: "P H D" + (keep_stop(m) if m[0].endswith(".") else "")),
    rule(r"(?<!\w)(vs\.|e\.g\.|i\.e\.|approx\.)(?!\w)", lambda m: _ABBREVIATIONS[m[1]]),
    # Roman numerals: World War II, Henry VIII, PART XL
    rule(r"\b([A-Za-z][\w.]*) ([IVXLC]+)\b(?![\w'’]|-\w|\.\w)", _roman),
    rule(r"\b([IVXLC]+)(?=[ -]century\b)", lambda m: ordinal(value) if (value := roman(m[1])) else m[0]),
]
"""Rules for every text."""

_HAS_DIGIT = re.compile(r"[\d¼-¾⅐-⅟]")
_HAS_ADDRESS = re.compile(r"[@.]\w|:/")


def normalize(text: str) -> str:
    """English text as eSpeak NG's English voice should get it."""
    if _HAS_ADDRESS.search(text):
        text = apply_rules(text, en_web.RULES)
    if _HAS_DIGIT.search(text):
        text = apply_rules(text, _DIGIT_RULES)
    return apply_rules(text, _WORD_RULES)
