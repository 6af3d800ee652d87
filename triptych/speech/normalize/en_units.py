"""Units after numbers, in English words: ``5 kg`` "5 kilograms", ``1 kg`` "1 kilogram", ``a 10-km
race`` "a 10 kilometer race", ``100 Mbps`` "100 megabits per second", ``12 kg/m2`` "12 kilograms
per square meter", ``25 x 7 m`` "25 by 7 meters", ``2-5 lb`` "2 to 5 pounds", ``12"`` "12 inches".

Symbols are matched as written (``m`` is a meter, ``M`` is not; ``MB`` is a megabyte, ``Mb`` a
megabit), except the ones nobody misreads in capitals (``12KG``, ``3 MPH``). A bare ``m`` is a meter
only where a length reads on (the end of a clause, ``long``, ``high``, ``away``...): ``5m people``
is five million people in British copy.
"""

from __future__ import annotations

import re

from triptych.speech.normalize.rules import Rule, rule

_PLURALS = {"foot": "feet", "inch": "inches"}


def _unit(singular: str, plural: str | None = None) -> tuple[str, str]:
    if plural is None:
        head, _, last = singular.rpartition(" ")
        plural = f"{head} {_PLURALS.get(last, last + 's')}".strip()
    return singular, plural


UNITS: dict[str, tuple[str, str]] = {
    # mass
    "mg": _unit("milligram"),
    "g": _unit("gram"),
    "kg": _unit("kilogram"),
    "lb": _unit("pound"),
    "lbs": _unit("pound"),
    "oz": _unit("ounce"),
    # length, area, volume
    "mm": _unit("millimeter"),
    "cm": _unit("centimeter"),
    "m": _unit("meter"),
    "km": _unit("kilometer"),
    "mi": _unit("mile"),
    "ft": _unit("foot"),
    "yd": _unit("yard"),
    "yds": _unit("yard"),
    "m2": _unit("square meter"),
    "m²": _unit("square meter"),
    "km2": _unit("square kilometer"),
    "km²": _unit("square kilometer"),
    "sq ft": _unit("square foot"),
    "sq mi": _unit("square mile"),
    "ha": _unit("hectare"),
    "m3": _unit("cubic meter"),
    "m³": _unit("cubic meter"),
    "ml": _unit("milliliter"),
    "mL": _unit("milliliter"),
    "l": _unit("liter"),
    "L": _unit("liter"),
    "gal": _unit("gallon"),
    "cc": ("CC", "CC"),
    # speed
    "mph": _unit("mile per hour", "miles per hour"),
    "km/h": _unit("kilometer per hour", "kilometers per hour"),
    "kph": _unit("kilometer per hour", "kilometers per hour"),
    "kmh": _unit("kilometer per hour", "kilometers per hour"),
    "m/s": _unit("meter per second", "meters per second"),
    # data
    "KB": _unit("kilobyte"),
    "MB": _unit("megabyte"),
    "GB": _unit("gigabyte"),
    "TB": _unit("terabyte"),
    "Mb": _unit("megabit"),
    "Gb": _unit("gigabit"),
    "kbps": _unit("kilobit per second", "kilobits per second"),
    "Mbps": _unit("megabit per second", "megabits per second"),
    "Gbps": _unit("gigabit per second", "gigabits per second"),
    # power, energy, frequency
    "W": _unit("watt"),
    "kW": _unit("kilowatt"),
    "MW": _unit("megawatt"),
    "GW": _unit("gigawatt"),
    "kWh": _unit("kilowatt hour"),
    "MWh": _unit("megawatt hour"),
    "GWh": _unit("gigawatt hour"),
    "TWh": _unit("terawatt hour"),
    "V": _unit("volt"),
    "kV": _unit("kilovolt"),
    "mAh": _unit("milliamp hour"),
    "Hz": _unit("hertz", "hertz"),
    "kHz": _unit("kilohertz", "kilohertz"),
    "MHz": _unit("megahertz", "megahertz"),
    "GHz": _unit("gigahertz", "gigahertz"),
    "dB": _unit("decibel"),
    "hp": _unit("horsepower", "horsepower"),
    "mA": _unit("milliamp"),
    "kPa": _unit("kilopascal"),
    "ppm": _unit("part per million", "parts per million"),
    "µm": _unit("micrometer"),
    "μm": _unit("micrometer"),
    "tsp": _unit("teaspoon"),
    "tbsp": _unit("tablespoon"),
    "qt": _unit("quart"),
    "ft²": _unit("square foot"),
    "mi²": _unit("square mile"),
    "sq km": _unit("square kilometer"),
    "sq m": _unit("square meter"),
    "kcal": _unit("kilocalorie"),
    # time
    "ms": _unit("millisecond"),
    "sec": _unit("second"),
    "min": _unit("minute"),
    "hr": _unit("hour"),
    "hrs": _unit("hour"),
}
"""Each symbol as written, with its singular and plural."""
_ANY_CASE = {
    k.lower(): k for k in ("kg", "mg", "km", "cm", "mm", "lb", "lbs", "mph", "kph", "kmh", "kbps", "Mbps", "Gbps")
}
_ANY_CASE |= {k.lower(): k for k in ("kWh", "MWh", "GWh", "kHz", "MHz", "GHz", "oz", "ml", "km2", "km²")}
_ANY_CASE |= {k.lower(): k for k in ("KB", "MB", "GB", "TB", "yds")}
_SYMBOLS = sorted(
    {*UNITS, *_ANY_CASE, *(k.upper() for k in _ANY_CASE), *(k.capitalize() for k in _ANY_CASE)}, key=len, reverse=True
)
UNIT = "|".join(re.escape(s) for s in _SYMBOLS)
"""Any unit symbol, as a regex alternation."""
_NUMBER = r"(?:\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)"
_LENGTH_READS_ON = re.compile(
    r"\s*(?:$|[^\w\s]|(?:long|high|tall|deep|wide|away|from|of|above|below|in|at|on|and|or|to|by|into)\b)"
)


_PER_ONLY = {"h": _unit("hour"), "s": _unit("second")}
"""Symbols read only after a slash: ``km/h``, ``cc/s`` (``8 h 30`` is a French time)."""


def lookup(symbol: str) -> tuple[str, str] | None:
    """The singular and plural of a unit symbol as written (``"KG"`` too), or ``None``."""
    return UNITS.get(symbol) or UNITS.get(_ANY_CASE.get(symbol.lower(), ""))


def _words(number: str, symbol: str, per: str | None, compound: bool) -> str | None:
    unit = lookup(symbol)
    if unit is None:
        return None
    one = compound or number.lstrip("+-−") == "1"
    words = unit[0] if one else unit[1]
    if per:
        denominator = lookup(per) or _PER_ONLY.get(per)
        if denominator is None:
            return None
        words = f"{words} per {denominator[0]}"
    return words


def _measure(m: re.Match[str]) -> str:
    number, space, symbol, per = m["number"], m["space"], m["unit"], m["per"]
    after = m.string[m.end() :]
    if symbol == "m" and not per and not _LENGTH_READS_ON.match(after):
        return m[0]  # "5m people": five million, in British copy
    words = _words(number, symbol, per, compound=space == "-" or after[:1] == "-")
    return m[0] if words is None else f"{number} {words}"  # "2 lbs. of": the period goes


def _inches(m: re.Match[str]) -> str:
    if m.string.count('"', 0, m.start()) % 2:  # this " closes a quotation: "text 7"
        return m[0]
    return f"{m[1]} {'inch' if m[1] == '1' else 'inches'}"


RULES: list[Rule] = [
    # 25 x 7 m, 2x8 m2: dimensions are read "by"
    rule(rf"(?<![\w.])({_NUMBER})\s?[x×]\s?(?={_NUMBER}\s?(?:{UNIT})(?![\w/]))", r"\1 by "),
    # 2-5 lb, 10–12 km: a range of measures
    rule(rf"(?<![\w.,-])({_NUMBER})\s?[-–]\s?(?={_NUMBER}\s?(?:{UNIT})(?![\w/]))", r"\1 to "),
    rule(
        rf"(?<![\w.,])(?P<number>[-−+]?{_NUMBER})(?P<space>\s?|-)(?P<unit>{UNIT})(?:/(?P<per>{UNIT}|h|s))?(?![\w/²³]|\.\w)(?P<stop>\.(?=\s+[a-z]))?",
        _measure,
    ),
    # 5'10", 12": feet and inches
    rule(r"(?<![\w.])(\d+)['′](\d{1,2})[\"″]", r"\1 feet \2 inches"),
    rule(r"(?<![\w.])(\d+(?:\.\d+)?)(?:\"|″)(?!\w)", _inches),
    # temperatures and angles
    rule(r"(?<![\w.])([-−+]?\d+(?:\.\d+)?)\s?°\s?([FC])\b", lambda m: _degrees(m[1], m[2])),
    rule(r"(?<![\w.])([-−+]?\d+(?:\.\d+)?)\s?°", lambda m: _degrees(m[1], None)),
]
"""Measures: dimensions, ranges, a number and its unit, feet and inches, degrees."""


def _degrees(number: str, scale: str | None) -> str:
    words = "degree" if number.lstrip("+-−") == "1" else "degrees"
    if scale:
        words += " Fahrenheit" if scale == "F" else " Celsius"
    return f"{number} {words}"
