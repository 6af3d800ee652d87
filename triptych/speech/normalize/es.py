"""Spanish rules: what eSpeak NG's Spanish voice reads badly, rewritten so that it reads well.

Numbers stay digits wherever eSpeak reads them right (``3,2 millones``, ``3.200``, ``1897``,
``30 %``); words, from num2words, replace them where it does not: ordinals (``2.º``, ``13.ª``,
``1.er``, ``3ro``), fractions (``1/3``, ``2 1/2``, ``⅖``), dates (``10/10/1989``, ``1 enero``), times
(``13:30``: *13 y 30*; ``1.30 p. m.``: *una y media de la tarde*; hours are feminine), amounts
(``5,01 £``: *cinco libras un penique*; *una libra*, *veintiún euros*), units (``3 cm``,
``1 1/2 mph``), the minus sign (which eSpeak drops), space-grouped thousands (``1 034 068``) and
numbers of a thousand million or more.

Left alone on purpose: a fraction whose numerator is not smaller than its denominator (``24/7``,
``6/4``, ``3/2``), and ``13.30`` with nothing that makes it a time (``h``, ``horas``, ``a. m.``,
``a las``): Latin American copy writes decimals with a point.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from num2words.lang_ES import CENTS_UNA, CURRENCIES_UNA, Num2Word_ES  # type: ignore[import-untyped, unused-ignore]

from triptych.speech.normalize.numbers import (
    cardinal,
    month,
    months,
    ordinal,
    reference_not_fraction,
    roman,
    spell,
    tidy_script,
    value,
)
from triptych.speech.normalize.rules import (
    UPPER,
    Replacement,
    Rule,
    apply_rules,
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
    "Vd.": "usted",
    "Vds.": "ustedes",
    "pág.": "página",
    "págs.": "páginas",
    "tel.": "teléfono",
}
# abbreviations a name follows: a capital after them does not start a sentence
_PLACES = {
    "pza.": "plaza",
    "plza.": "plaza",
    "avda.": "avenida",
    "av.": "avenida",
    "ctra.": "carretera",
    "p.º": "paseo",
    "esq.": "esquina",
}
_WORDS |= {w[0].upper() + w[1:]: said for w, said in _WORDS.items()} | {w.lower(): said for w, said in _WORDS.items()}
_PLACES |= {w[0].upper() + w[1:]: said for w, said in _PLACES.items()}
_TITLES_ANYWHERE = {t.lower(): said for t, said in _TITLES.items()} | _TITLES
_ERAS = {
    "a. c.": "antes de Cristo",
    "a.c.": "antes de Cristo",
    "a. de c.": "antes de Cristo",
    "d. c.": "después de Cristo",
    "d.c.": "después de Cristo",
    "d. de c.": "después de Cristo",
    "a. e. c.": "antes de la era común",
    "a.e.c.": "antes de la era común",
    "e. c.": "era común",
    "ec": "era común",
}

# --- number words ----------------------------------------------------------------------------

_ES = "es"
_SCALE_WORD = r"(?:mil|millón|millones|billón|billones|trillón|trillones)"
_ONE_BEFORE_SCALE = re.compile(rf"\b(veinti)?uno(?= {_SCALE_WORD}\b)")
_LAST_SCALE = re.compile(r".*\b(?:millón|millones|billón|billones|trillón|trillones)\b")
_ORDINAL_FIXES: list[tuple[re.Pattern[str], Replacement]] = [
    (re.compile(r"décimoprimer"), "undécim"),  # num2words: 11, 12
    (re.compile(r"décimosegund"), "duodécim"),
    (re.compile(r"\b(?:décimo|vigésimo) (?=o)"), lambda m: m[0][:-2].replace("é", "e")),  # decimoctavo
    (re.compile(r"\b(?:décimo|vigésimo) "), lambda m: m[0][:-1].replace("é", "e")),  # decimotercero
    (re.compile(r"quadragésim"), "cuadragésim"),
    (re.compile(r"cuadrigentésim"), "cuadringentésim"),
    (re.compile(r"septigentésim"), "septingentésim"),
    (re.compile(r"octigentésim"), "octingentésim"),
]
_WORD_END_O = re.compile(r"o\b")


@lru_cache(maxsize=4096)
def words(n: int, feminine: bool = False, before_noun: bool = False) -> str:
    """``n`` in words: ``una`` and ``doscientas`` for a feminine noun, ``un`` and ``veintiún`` before one."""
    text = _ONE_BEFORE_SCALE.sub(lambda m: "veintiún" if m[1] else "un", cardinal(n, _ES))
    if feminine:
        scale = _LAST_SCALE.match(text)
        head, tail = (text[: scale.end()], text[scale.end() :]) if scale else ("", text)
        tail = re.sub(r"ientos\b", "ientas", re.sub(r"uno\b", "una", tail))
        return head + tail
    if before_noun:
        text = re.sub(r"veintiuno$", "veintiún", text)
        return re.sub(r"\buno$", "un", text)
    return text


@lru_cache(maxsize=2048)
def ordinal_words(n: int, feminine: bool = False, apocope: bool = False) -> str:
    """``n`` as an ordinal: ``decimotercero``, ``trigésimo primero``, ``primer`` (apocope), ``-a`` forms."""
    text = ordinal(n, _ES)
    for pattern, replacement in _ORDINAL_FIXES:
        text = pattern.sub(replacement, text)
    if feminine:
        return _WORD_END_O.sub("a", text)
    if apocope:
        return re.sub(r"(prim|terc)ero$", r"\1er", text)
    return text


def _decimal_digits(digits: str, feminine: bool, before_noun: bool) -> str:
    """The digits after the comma as the reference readings say them: by pairs from four digits on."""
    if len(digits) <= 3:
        zeros = len(digits) - len(digits.lstrip("0"))
        rest = digits[zeros:]
        parts = ["cero"] * zeros + ([words(int(rest), feminine, before_noun)] if rest else [])
        return " ".join(parts)
    pairs = [digits[i : i + 2] for i in range(0, len(digits), 2)]
    said = [
        _decimal_digits(p, feminine and i == len(pairs) - 1, before_noun and i == len(pairs) - 1)
        for i, p in enumerate(pairs)
    ]
    return " ".join(said)


def quantity(number: str, feminine: bool = False, before_noun: bool = False, force: bool = False) -> str:
    """A written number (``1.200``, ``21``, ``1,01``) as eSpeak should get it before a noun.

    Digits are kept when eSpeak would say what the words say; words replace them where the
    gender (``una``, ``doscientas``), the apocope (``veintiún``) or a long decimal part needs it.
    """
    whole, _, decimals = number.partition(",")
    n = value(whole)
    said = words(n, feminine, before_noun and not decimals)
    plain = words(n)
    if decimals:
        tail = _decimal_digits(decimals, feminine, before_noun)
        if force or len(decimals) > 3 or tail != _decimal_digits(decimals, False, False) or said != plain:
            return f"{said} coma {tail}"
        return number
    return said if force or said != plain or n >= 10**9 else number


# --- units, currencies -----------------------------------------------------------------------

# symbol: (singular, plural, feminine)
_UNITS: dict[str, tuple[str, str, bool]] = {
    "km": ("kilómetro", "kilómetros", False),
    "m": ("metro", "metros", False),
    "cm": ("centímetro", "centímetros", False),
    "mm": ("milímetro", "milímetros", False),
    "kg": ("kilogramo", "kilogramos", False),
    "g": ("gramo", "gramos", False),
    "mg": ("miligramo", "miligramos", False),
    "t": ("tonelada", "toneladas", True),
    "l": ("litro", "litros", False),
    "L": ("litro", "litros", False),
    "ml": ("mililitro", "mililitros", False),
    "mL": ("mililitro", "mililitros", False),
    "ha": ("hectárea", "hectáreas", True),
    "km²": ("kilómetro cuadrado", "kilómetros cuadrados", False),
    "m²": ("metro cuadrado", "metros cuadrados", False),
    "cm²": ("centímetro cuadrado", "centímetros cuadrados", False),
    "m³": ("metro cúbico", "metros cúbicos", False),
    "cm³": ("centímetro cúbico", "centímetros cúbicos", False),
    "km/h": ("kilómetro por hora", "kilómetros por hora", False),
    "m/s": ("metro por segundo", "metros por segundo", False),
    "mph": ("milla por hora", "millas por hora", True),
    "h": ("hora", "horas", True),
    "min": ("minuto", "minutos", False),
    "s": ("segundo", "segundos", False),
    "seg": ("segundo", "segundos", False),
    "ms": ("milisegundo", "milisegundos", False),
    "°C": ("grado Celsius", "grados Celsius", False),
    "ºC": ("grado Celsius", "grados Celsius", False),
    "°F": ("grado Fahrenheit", "grados Fahrenheit", False),
    "kW": ("kilovatio", "kilovatios", False),
    "MW": ("megavatio", "megavatios", False),
    "GW": ("gigavatio", "gigavatios", False),
    "kWh": ("kilovatio hora", "kilovatios hora", False),
    "Hz": ("hercio", "hercios", False),
    "GB": ("gigabyte", "gigabytes", False),
    "MB": ("megabyte", "megabytes", False),
    "TB": ("terabyte", "terabytes", False),
    "ft": ("pie", "pies", False),
    "kcal": ("kilocaloría", "kilocalorías", True),
    "kHz": ("kilohercio", "kilohercios", False),
    "MHz": ("megahercio", "megahercios", False),
    "GHz": ("gigahercio", "gigahercios", False),
    "kV": ("kilovoltio", "kilovoltios", False),
    "mV": ("milivoltio", "milivoltios", False),
    "W": ("vatio", "vatios", False),
    "µm": ("micrómetro", "micrómetros", False),
    "oz": ("onza", "onzas", True),
}
_PER = {"s": "segundo", "h": "hora", "km²": "kilómetro cuadrado", "m²": "metro cuadrado", "km": "kilómetro"}

_FORMS = Num2Word_ES.CURRENCY_FORMS
_SYMBOLS = {"€": "EUR", "US$": "USD", "$": "USD", "£": "GBP", "¥": "JPY", "₩": "KRW", "₧": "ESP", "R$": "BRL"}
_SYMBOLS |= {"₹": "INR", "₽": "RUB", "₡": "CRC", "₲": "PYG", "ptas": "ESP", "pts": "ESP", "pta": "ESP", "S/": "PEN"}
_SYMBOLS |= {"RD$": "DOP", "MEX$": "MXN", "MX$": "MXN", "AR$": "ARS"}
_SYMBOLS |= {s.lower(): code for s, code in _SYMBOLS.items() if s.lower() != s}  # r$, us$ ... as NeMo writes them
_QUALIFIED = {
    "USD": ("estadounidense", "estadounidenses"),
    "CHF": ("suizo", "suizos"),
    "BRL": ("brasileño", "brasileños"),
    "CAD": ("canadiense", "canadienses"),
    "AUD": ("australiano", "australianos"),
    "NZD": ("neozelandés", "neozelandeses"),
    "MXN": ("mexicano", "mexicanos"),
    "ARS": ("argentino", "argentinos"),
    "CLP": ("chileno", "chilenos"),
    "COP": ("colombiano", "colombianos"),
    "CUP": ("cubano", "cubanos"),
    "DOP": ("dominicano", "dominicanos"),
    "UYU": ("uruguayo", "uruguayos"),
    "CRC": ("costarricense", "costarricenses"),
    "HKD": ("de Hong Kong", "de Hong Kong"),
    "TTD": ("de Trinidad y Tobago", "de Trinidad y Tobago"),
    "SGD": ("de Singapur", "de Singapur"),
}
# three-letter codes that are words too: upper case only
_WORDLIKE_CODES = {
    "ALL",
    "AMD",
    "ANG",
    "BOB",
    "CUP",
    "DOP",
    "GEL",
    "MAD",
    "MOP",
    "PEN",
    "RON",
    "SOS",
    "TOP",
    "TRY",
    "VES",
}
_FEMININE_CURRENCIES = {*CURRENCIES_UNA, "NIO"}  # num2words leaves out la córdoba
_SYMBOL_ALTS = "|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True))


def _currency(mark: str) -> tuple[str, str, bool, str, str, bool] | None:
    """(singular, plural, feminine, cent, cents, cents feminine) of a symbol or ISO code."""
    code = _SYMBOLS.get(mark) or mark.upper()
    if code not in _FORMS or (mark not in _SYMBOLS and mark != code and code in _WORDLIKE_CODES):
        return None
    (one, many), (cent, cents) = _FORMS[code]
    if mark not in _SYMBOLS and code in _QUALIFIED:
        q1, q2 = _QUALIFIED[code]
        one, many = f"{one} {q1}", f"{many} {q2}"
    return one, many, code in _FEMININE_CURRENCIES, cent, cents, code in CENTS_UNA


def _money(amount: str, mark: str, scale: str | None) -> str | None:
    forms = _currency(mark)
    if forms is None:
        return None
    one, many, fem, cent, cents, cents_fem = forms
    if scale:
        amount = amount.replace(".", ",") if re.fullmatch(r"\d+\.\d{1,2}", amount) else amount
        n = quantity(amount, before_noun=True)
        joiner = " " if scale == "mil" else " de "
        return f"{n} {scale}{joiner}{many}"
    cents_match = re.fullmatch(r"(\d{1,3}(?:\.\d{3})+|\d+)[,.](\d{2})", amount)
    if cents_match:
        units, hundredths = value(cents_match[1]), int(cents_match[2])
        said = []
        if units or not hundredths:
            said.append(f"{quantity(cents_match[1], fem, True)} {one if units == 1 else many}")
        if hundredths:
            said.append(f"{quantity(str(hundredths), cents_fem, True)} {cent if hundredths == 1 else cents}")
        return " ".join(said)
    if "," in amount:
        return f"{quantity(amount, fem, True)} {many}"
    return f"{quantity(amount, fem, True)} {one if value(amount) == 1 else many}"


# --- fractions -------------------------------------------------------------------------------

_SMALL_DENOMINATORS = {2: "medio", 3: "tercio", 4: "cuarto", 5: "quinto", 6: "sexto", 7: "séptimo"}
_SMALL_DENOMINATORS |= {8: "octavo", 9: "noveno", 10: "décimo"}


def _plain(text: str) -> str:
    """Accents off, words run together: the prefix form of a number (``veintidós`` → ``veintidos``)."""
    text = unicodedata.normalize("NFD", text.replace(" y ", "i").replace(" ", ""))
    return "".join(c for c in text if not unicodedata.combining(c))


@lru_cache(maxsize=1024)
def _denominator(d: int) -> str | None:
    """The denominator's word (singular, masculine), or None when it is read *sobre* (``1/234``)."""
    if d in _SMALL_DENOMINATORS:
        return _SMALL_DENOMINATORS[d]
    if 11 <= d <= 99:
        stem = _plain(words(d, before_noun=True))
        return (stem[:-1] if stem.endswith("a") else stem) + "avo"
    if d < 1000:
        return ordinal_words(d) if d % 100 == 0 else None
    for power, word in ((10**6, "millonésimo"), (10**3, "milésimo")):
        if d % power == 0 and d // power < 1000:
            k = d // power
            return word if k == 1 else _plain(words(k, before_noun=True)) + word
    return None


def fraction(numerator: int, denominator: int, feminine: bool = False) -> str | None:
    """``2/5`` → ``dos quintos``; ``1/234`` → ``uno sobre doscientos treinta y cuatro``; None for x/0, x/1."""
    if denominator < 2:
        return None
    word = _denominator(denominator)
    if word is None:
        return f"{words(numerator, feminine)} sobre {words(denominator)}"
    if feminine:
        word = word[:-1] + "a"
    count = words(numerator, feminine, before_noun=True)
    return f"{count} {word}" if numerator == 1 else f"{count} {word}s"


# --- the rules -------------------------------------------------------------------------------


def _alternatives(words_: dict[str, str] | list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words_, key=len, reverse=True))


_NUM = r"(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?"
_MONTH = "|".join(months(_ES))
_NUMBERED = {
    "Fase", "Grupo", "Tomo", "Capítulo", "Parte", "Volumen", "Nivel", "Anexo", "Acto", "Etapa", "Zona",
    "Tipo", "Clase", "Categoría", "Sección", "Bloque", "Unidad", "Lección", "Tema", "Libro", "Canto",
}  # fmt: skip
_FEMININE_NAMES = {"Isabel", "Leonor", "Beatriz", "Inés", "Mercedes", "Carmen", "Pilar", "Sofía"}


def _day(d: int) -> str:
    return "primero" if d == 1 else str(d)


def _date(day: str, month_: str, year: str | None) -> str | None:
    d, m = int(day), int(month_)
    name = month(m, _ES)
    if name is None or not 1 <= d <= 31:
        return None
    return f"{_day(d)} de {name}" + (f" de {int(year)}" if year else "")


def _numeric_date(m: re.Match[str]) -> str:
    return _date(m["d"], m["m"], m["y"]) or m[0]


def _named_date(m: re.Match[str]) -> str:
    said = f"{_day(int(m[1]))} de {m[2]}"
    if m[4]:
        said += f" {m[3] or 'de'} {m[4]}"
    return said


def _hour(h: int) -> str:
    """An hour of the clock: feminine (``una``, ``veintiuna``); other hours stay digits."""
    return words(h, feminine=True) if h % 10 == 1 and h != 11 else str(h)


def _minutes(m: int, halves: bool = True) -> str:
    if m == 0:
        return ""
    if halves and m in (15, 30):
        return " y cuarto" if m == 15 else " y media"
    return f" y {m}"


def _day_part(hour: int, suffix: str | None) -> str:
    if not suffix:
        return ""
    pm = suffix.lower().startswith("p")
    if hour == 12:
        return " del mediodía" if pm else " de la noche"
    if not pm:
        return " de la mañana"
    return " de la tarde" if hour < 8 else " de la noche"


_ZONES = r"(?:UTC|GMT|CET|CEST|WET|WEST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ART|CLT|COT|PET|PYT|BRT|VET|BOT|UYT)"


def _zone(name: str | None, sign: str | None, hours: str | None, minutes: str | None) -> str:
    if not name:
        return ""
    said = " " + " ".join(name.upper())
    if sign and hours:
        said += f" {'más' if sign == '+' else 'menos'} {words(int(hours), feminine=True)}"
        if minutes and int(minutes):
            said += f" {int(minutes)}"
    return said


_HOUR = r"(?P<h>[01]?\d|2[0-4])"
_CLOCK_TAIL = (
    r"(?:\s?(?P<ampm>[ap])\.?\s?m\b\.?)?"
    rf"(?:\s(?P<zone>{_ZONES})(?:\s?(?P<sign>[+-])(?P<zh>\d{{1,2}})(?::(?P<zm>\d{{2}}))?)?\b)?"
)


def _clock(m: re.Match[str]) -> str:
    """A time of day: ``13:30`` → ``13 y media``, ``1.00 p. m.`` → ``una de la tarde``, ``20:00 GMT-3``."""
    g = m.groupdict()
    h, mins, sec = int(g["h"]), int(g.get("min") or 0), g.get("sec")
    said = _hour(h) + _minutes(mins, halves=bool(g.get("ampm")) and not sec)  # las 2 y media de la tarde; las 14 y 30
    if sec and int(sec):
        said += f" y {int(sec)} segundos"
    said += _day_part(h, g.get("ampm"))
    said += _zone(g.get("zone"), g.get("sign"), g.get("zh"), g.get("zm"))
    return said + keep_stop(m) if m[0].endswith(".") else said


def _hour_of_day(m: re.Match[str]) -> str:
    """``3 p. m.``, ``10am``: an hour and the part of the day."""
    h, ampm = int(m["h"] or m["h2"]), m["ampm"] or m["ampm2"]
    said = _hour(h) + _day_part(h, ampm)
    return said + keep_stop(m) if m[0].endswith(".") else said


def _duration(m: re.Match[str]) -> str:
    parts = [(m["h"], "h"), (m["min"], "min"), (m["sec"], "s")]
    said = [f"{quantity(n, _UNITS[u][2], True)} {_UNITS[u][0] if int(n) == 1 else _UNITS[u][1]}" for n, u in parts if n]
    return said[0] if len(said) == 1 else " ".join(said[:-1]) + " y " + said[-1]


_ORDINAL_SUFFIX = "[ºª]s?|er|os|as|ro|ra|do|da|to|ta|vo|va|no|na|mo|ma"


def _ordinal(m: re.Match[str]) -> str:
    """``2.º``, ``13.ª``, ``1.er`` (apocope), ``1.os`` (plural), ``3ro``, ``2da`` (the word's own ending)."""
    suffix, n = m["suffix"], value(m["n"])
    if n == 0:
        return m[0]
    plural = (suffix[-1] == "s" and suffix != "os") or suffix in ("os", "as")
    feminine = suffix[0] == "ª" or suffix in ("as",) or (len(suffix) == 2 and suffix[1] == "a" and suffix != "as")
    said = ordinal_words(n, feminine, apocope=suffix == "er")
    if len(suffix) == 2 and suffix not in ("er", "os", "as", "ºs", "ªs") and not said.endswith(suffix):
        return m[0]  # "3do" is no ordinal
    return said + ("s" if plural else "")


def _regnal(m: re.Match[str]) -> str:
    """``Felipe VI`` *sexto*, ``Benedicto XVI`` *dieciséis*; ``Fase II``, ``Tomo III``: *dos*, *tres*."""
    n = roman(m[2].upper())
    if n is None or n == 0:
        return m[0]
    if n > 10 or m[1] in _NUMBERED:
        return f"{m[1]} {words(n)}"
    return f"{m[1]} {ordinal_words(n, feminine=m[1] in _FEMININE_NAMES or m[1].endswith('a'))}"


def _roman_ordinal(m: re.Match[str]) -> str:
    """``el XI apóstol``, ``la II Guerra Mundial``: a Roman numeral between an article and a noun."""
    n = roman(m[2].upper())
    if n is None or n == 0:
        return m[0]
    feminine = m[1].lower() == "la"
    return f"{m[1]} {ordinal_words(n, feminine, apocope=not feminine)} "


def _century(m: re.Match[str]) -> str:
    n = roman(m[2].upper())
    return m[0] if n is None or n == 0 else f"{'siglo' if m[1].lower() == 's.' else m[1]} {words(n)}"


def _fraction_words(whole: str | None, top: str, bottom: str, feminine: bool = False) -> str | None:
    """A fraction, or a whole number and a fraction (``2 1/3``: *dos y un tercio*; ``1 1/2``: *uno y medio*)."""
    a, b = int(top), value(bottom)
    if a >= b and whole is None:
        return None
    if whole and a == 1 and b == 2:
        return f"{words(int(whole), feminine)} y {'media' if feminine else 'medio'}"
    said = fraction(a, b)
    if said is None:
        return None
    return f"{words(int(whole), feminine)} y {said}" if whole else said


def _fraction(m: re.Match[str]) -> str:
    if reference_not_fraction(m.string[: m.start()], m["top"], m["bottom"]):
        return m[0]
    said = _fraction_words(m["whole"], m["top"], m["bottom"])
    if said is None:
        return m[0]
    return ("menos " if m["minus"] else "") + said


def _measure(m: re.Match[str]) -> str:
    """``3 cm``, ``21 kg`` (*veintiún kilogramos*), ``1 t`` (*una tonelada*), ``3/5 mph``; a one-letter
    unit only after a space (``1990s``, ``5G`` are no measures)."""
    unit = m["unit"] or m["unit1"]
    one, many, fem = _UNITS[unit]
    minus = "menos " if m["minus"] else ""
    if m["top"]:
        said = _fraction_words(m["whole"], m["top"], m["bottom"], fem)
        if said is None:
            return m[0]
        if m["whole"]:
            return f"{minus}{said} {one if int(m['whole']) == 1 else many}"
        if m["top"] == "1" and m["bottom"] == "2":
            return f"{minus}{'media' if fem else 'medio'} {one}"
        return f"{minus}{said} de {one}"
    number = m["number"]
    singular = number == "1"
    return f"{minus}{quantity(number, fem, True)} {one if singular else many}"


def _per(m: re.Match[str]) -> str:
    return f"{quantity(m[1])} por {_PER[m[2]]}"


def _big(m: re.Match[str]) -> str:
    return quantity(m[0])


def _long_decimal(m: re.Match[str]) -> str:
    return quantity(m[0], before_noun=bool(m[1]), force=True)


def _grouped(m: re.Match[str]) -> str:
    """``1 034 068`` → ``1.034.068``, which eSpeak reads as one number; ``912 345 678`` is a phone number."""
    if re.fullmatch(r"[6-9]\d\d \d{3} \d{3}", m[0]):
        return m[0]
    return f"{value(m[0]):,}".replace(",", ".")


_UNIT_ALTS = _alternatives([u for u in _UNITS if len(u) > 1])
_MONEY_SCALE = "mil millones|millones|millón|mil|billones|billón|trillones|trillón"
_AMOUNT = rf"(?P<number>{_NUM})"
_FRACTION = r"(?:(?P<whole>\d+)\s)?(?P<top>\d+)/(?P<bottom>\d{1,3}(?:\.\d{3})+|\d+)"

_RULES: list[Rule] = [
    # numbers as eSpeak can read them: space-grouped thousands, addresses and phones
    rule(r"(?<![\d,.+])\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?![\d]|[-./:]\d)", _grouped),
    rule(
        r"(?<![\d.])(?!\d{1,3}(?:\.\d{3}){3}(?![\d.]))\d{1,3}(?:\.\d{1,3}){3}(?![\d.])",
        lambda m: " punto ".join(spell(g, _ES) for g in m[0].split(".")),
    ),
    rule(r"(?<![\w+])\+(\d{1,3})(?=[\s(-]+\d)", lambda m: "más " + spell(m[1], _ES) + ","),
    phone_rule(),
    # dates
    rule(r"(?<![\d/.-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d/-])", _numeric_date),
    rule(r"(?<![\d/.,-])(?P<d>\d{1,2})([/.-])(?P<m>\d{1,2})\2(?P<y>\d{4}|\d{2})(?![\d/-]|[.,]\d)", _numeric_date),
    rule(rf"\b(\d{{1,2}})\s+(?:de\s+)?({_MONTH})\b(?:\s+(de|del)?\s*(\d{{4}})\b)?", _named_date, re.IGNORECASE),
    rule(
        rf"(?<=[0-9IVXLCMivxlcm])\s+({_alternatives(_ERAS)})(?!\w)",
        lambda m: " " + _ERAS[m[1].lower()] + (keep_stop(m) if m[0].endswith(".") else ""),
        re.IGNORECASE,
    ),
    rule(r"(?<![\w.])(?i:(siglos?|s\.))\s*([IVXLC]+|[ivxlc]+)\b", _century),
    rule(rf"\b({UPPER}[a-záéíóúñ]+)\s+([IVX]+)\b(?!\.\w|['’])", _regnal),
    rule(rf"\b([Ee]l|[Ll]a)\s+([IVXL]+)\s+(?=[a-záéíóúñ]|{UPPER}[a-záéíóúñ])", _roman_ordinal),
    # times and durations
    rule(rf"\b{_HOUR}\s?h\b\.?(?=\s(?:{_ZONES})\b)", _clock, re.IGNORECASE),
    rule(
        rf"\b({_ZONES})\s?([+-])(\d{{1,2}})(?::(\d{{2}}))?\b",
        lambda m: _zone(m[1], m[2], m[3], m[4]).strip(),
        re.IGNORECASE,
    ),
    rule(rf"\b{_HOUR}:(?P<min>[0-5]\d)(?::(?P<sec>[0-5]\d))?\b(?:\s?h\b\.?)?{_CLOCK_TAIL}", _clock, re.IGNORECASE),
    rule(
        rf"\b{_HOUR}\.(?P<min>[0-5]\d)\b(?=\s?(?:h|horas|hrs|[ap]\.?\s?m|{_ZONES})\b)(?:\s?(?:h|horas|hrs)\b\.?)?{_CLOCK_TAIL}",
        _clock,
        re.IGNORECASE,
    ),
    rule(rf"(?<=\blas ){_HOUR}\.(?P<min>[0-5]\d)\b(?![.,]\d)", _clock),
    rule(r"\b(?P<h>0\d)\s?h\b\.?", _clock),
    rule(rf"\b{_HOUR}\s?(?P<ampm>[ap])\.\s?m\b\.?|\b{_HOUR.replace('<h>', '<h2>')}\s?(?P<ampm2>[ap])m\b", _hour_of_day),
    rule(rf"\b{_HOUR}h(?P<min>[0-5]\d)(?:m(?P<sec>[0-5]\d)s?)?\b", _clock),
    rule(
        r"\b(?P<h>\d+)\s?h\s(?P<min>\d+)\s?min\b\.?(?:\s(?P<sec>\d+)\s?(?:s|seg)\b\.?)?",
        _duration,
    ),
    # titles, abbreviations, numbers
    rule(rf"(?<!\w)({_alternatives(_TITLES_ANYWHERE)})(?=\s+{UPPER})", lambda m: _TITLES_ANYWHERE[m[1]]),
    rule(
        rf"(?<!\w)({_alternatives(_PLACES)})(?!\w)",
        lambda m: _PLACES[m[1]] + ("" if m.string[m.end() :].strip() else "."),
    ),
    rule(rf"(?<!\w)({_alternatives(_TITLES_ANYWHERE)})(?!\w)", lambda m: _TITLES_ANYWHERE[m[1]] + keep_stop(m)),
    rule(rf"(?<!\w)({_alternatives(_WORDS)})(?!\w)", lambda m: _WORDS[m[1]] + keep_stop(m)),
    rule(r"(?<!\w)(?:n\.?\s?[º°]|núm\.)\s?(?=\d)", "número "),
    rule(
        rf"(?<![\w.,])(?P<n>\d{{1,3}}(?:[.\u00a0\u202f ]\d{{3}})+|\d+)\.?(?P<suffix>{_ORDINAL_SUFFIX})(?!\w)", _ordinal
    ),
    *range_rules("a"),
    # amounts
    rule(
        rf"(?:(?<![\w$])(?P<mark>{_SYMBOL_ALTS})|\b(?P<code>[A-Za-z]{{3}}))\s?(?P<amount>{_NUM}|\d+\.\d{{2}}\b)"
        rf"(?:\s(?P<scale>{_MONEY_SCALE})\b)?",
        lambda m: _money(m["amount"], m["mark"] or m["code"], m["scale"]) or m[0],
    ),
    rule(
        rf"(?<![\w.,])(?P<amount>{_NUM}|\d+\.\d{{2}}\b)(?:\s(?P<scale>{_MONEY_SCALE}))?\s?"
        rf"(?:(?P<mark>{_SYMBOL_ALTS})(?![\w$])|(?P<code>\b[A-Za-z]{{3}})\b)",
        lambda m: _money(m["amount"], m["mark"] or m["code"], m["scale"]) or m[0],
    ),
    # measures and fractions
    rule(
        rf"(?<![\w.,/-])(?P<minus>-)?(?:{_FRACTION}|{_AMOUNT})(?:\s?(?P<unit>{_UNIT_ALTS})|\s(?P<unit1>[mgtlhsW]))(?![\w/²³])",
        _measure,
    ),
    rule(rf"(?<![\w.,])({_NUM})\s?/\s?({'|'.join(re.escape(u) for u in _PER)})(?![\w/²³])", _per),
    rule(rf"(?<![\w.,/-])(?P<minus>-)?{_FRACTION}(?![\w/]|[.,]\d)", _fraction),
    rule(r"(?<![\w.,)\]/-])-(?=\d)", "menos "),
    rule(rf"(?<![\w.,])\d+,\d{{4,}}(?![\d.,])(?=(\s{_SCALE_WORD}\b)?)", _long_decimal),
    rule(r"(?<![\w.,])\d{1,3}(?:\.\d{3}){3,}(?![\d.,])", _big),
]


_SUPERSCRIPTS = {"ᵒ": "º", "ᵃ": "ª"}


_WORD_RULES = [r for r in _RULES if r"\d" not in r[0].pattern]
"""The rules that can match a text without digits: the only ones a text without digits needs."""
_DIGIT = re.compile(r"\d")


def normalize(text: str) -> str:
    """Spanish text as eSpeak NG's Spanish voice should get it."""
    text = tidy_script(text, _SUPERSCRIPTS)
    return apply_rules(text, _RULES if _DIGIT.search(text) else _WORD_RULES)
