"""Spanish speech normalisation: each rule, each bug the issue names, and what is left alone."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from triptych.speech.normalize import normalize
from triptych.speech.normalize.es import fraction, ordinal_words, quantity, words
from triptych.speech.sentences import split_sentences

CASES = [
    # ordinals: above 10.º, feminine, apocope (1.er, superscript 1.ᵉʳ), Latin American endings, plural
    ("Quedó en el 11.º lugar.", "Quedó en el undécimo lugar."),
    ("la 13.ª jornada", "la decimotercera jornada"),
    ("el 18.º aniversario", "el decimoctavo aniversario"),
    ("la 23.ª edición", "la vigesimotercera edición"),
    ("el 40.º congreso", "el cuadragésimo congreso"),
    ("su 134.ª reunión", "su centésima trigésima cuarta reunión"),
    ("el 700.º aniversario", "el septingentésimo aniversario"),
    ("el 1.ᵉʳ ministro", "el primer ministro"),
    ("el 3.er puesto", "el tercer puesto"),
    ("el 1er día", "el primer día"),
    ("el 2.ᵒ piso", "el segundo piso"),
    ("el 5to grado y la 2da vuelta", "el quinto grado y la segunda vuelta"),
    ("los 1.os puestos", "los primeros puestos"),
    ("el 3do", "el 3do"),
    ("el 1.º y la 2.ª", "el primero y la segunda"),
    # Roman numerals
    ("el rey Felipe VI", "el rey Felipe sexto"),
    ("la reina Isabel II", "la reina Isabel segunda"),
    ("el papa Benedicto XVI", "el papa Benedicto dieciséis"),
    ("la II Guerra Mundial", "la segunda Guerra Mundial"),
    ("el Tomo III", "el Tomo tres"),
    ("el siglo XXI y el s. XIX", "el siglo veintiuno y el siglo diecinueve"),
    ("en el año 44 a. C. y en el 79 d. C.", "en el año 44 antes de Cristo y en el 79 después de Cristo."),
    # fractions
    ("Obtuvo 2/3 de los votos.", "Obtuvo dos tercios de los votos."),
    ("un aumento de 1/4 de punto", "un aumento de un cuarto de punto"),
    ("Solo ⅕ de los hogares", "Solo un quinto de los hogares"),
    ("un 1/12 del presupuesto", "un un doceavo del presupuesto"),
    ("el 3/100 del total", "el tres centésimos del total"),
    ("cada 1/1000 de segundo", "cada un milésimo de segundo"),
    ("1/345 de la muestra", "uno sobre trescientos cuarenta y cinco de la muestra"),
    ("Bajó -1/2 punto", "Bajó menos un medio punto"),
    ("Esperó 2 1/3 de hora", "Esperó dos y un tercio de hora"),
    # numeric dates
    ("Nació el 7/3/1985.", "Nació el 7 de marzo de 1985."),
    ("Firmado el 1/5/2024.", "Firmado el primero de mayo de 2024."),
    ("el 07.03.1985", "el 7 de marzo de 1985"),
    ("el plazo del 2024-02-30", "el plazo del 30 de febrero de 2024"),
    ("el 2018-03-02", "el 2 de marzo de 2018"),
    ("el 1 mayo", "el primero de mayo"),
    ("el 15 agosto 2021", "el 15 de agosto de 2021"),
    ("el 15 de agosto del 2021", "el 15 de agosto del 2021"),
    # times: feminine hours, a. m. / p. m., zones, durations
    ("a la 1:00", "a la una"),
    ("a las 21:15", "a las veintiuna y 15"),
    ("desde las 00:30", "desde las 0 y 30"),
    ("a la 1.30 p. m.", "a la una y media de la tarde."),
    ("a las 12.15 a. m. del lunes", "a las 12 y cuarto de la noche del lunes"),
    ("a las 9 p. m. del lunes", "a las 9 de la noche del lunes"),
    ("a las 13.45 h llegó", "a las 13 y 45 llegó"),
    ("a las 20:00 GMT-3", "a las 20 G M T menos tres"),
    ("a las 01 h", "a las una"),
    ("tardó 3 h", "tardó 3 horas"),
    ("tardó 1 h", "tardó una hora"),
    ("corrió 2 h 5 min 12 s", "corrió 2 horas 5 minutos y 12 segundos"),
    # money: units and cents, feminine currencies, apocope, codes
    ("Cuesta 3,50 €.", "Cuesta 3 euros 50 céntimos."),
    ("Vale $0,99.", "Vale 99 centavos."),
    ("Pagó $1,50.", "Pagó un dólar 50 centavos."),
    ("Pagó 1 £.", "Pagó una libra."),
    ("Pagó 21 £.", "Pagó veintiuna libras."),
    ("Pagó 300 £ y 5,01 £.", "Pagó trescientas libras y 5 libras un penique."),
    ("Recibió 31 €.", "Recibió treinta y un euros."),
    ("Costó €1 millón.", "Costó un millón de euros."),
    ("Costó €2 billones.", "Costó 2 billones de euros."),
    ("Costó 10 CHF y USD 5.", "Costó 10 francos suizos y 5 dólares estadounidenses."),
    ("Costó 21 NIO.", "Costó veintiuna córdobas."),
    ("Valía 2 ptas.", "Valía 2 pesetas."),
    # units
    ("mide 1,80 m", "mide 1,80 metros"),
    ("pesa 21 kg", "pesa veintiún kilogramos"),
    ("a 120 km/h", "a 120 kilómetros por hora"),
    ("300 m² y 9 m³", "300 metros cuadrados y 9 metros cúbicos"),
    ("1 t de trigo", "una tonelada de trigo"),
    ("a 3 cm", "a 3 centímetros"),
    ("3/4 l de leche", "tres cuartos de litro de leche"),
    ("1/2 km", "medio kilómetro"),
    ("1 1/2 mph", "una y media milla por hora"),
    ("1,01 mph", "una coma cero una millas por hora"),
    ("a 4,5 m/s", "a 4,5 metros por segundo"),
    ("4,51/s", "4,51 por segundo"),
    # the minus sign, which eSpeak drops
    ("Cayó -3,5 %.", "Cayó menos 3,5 %."),
    ("a -2 km del centro", "a menos 2 kilómetros del centro"),
    # space-grouped thousands, long decimals, large numbers
    ("con 1 034 068 habitantes", "con 1.034.068 habitantes"),
    ("unos 320 320,22 millones", "unos 320.320,22 millones"),
    ("Llame al 912 345 678.", "Llame al 912 345 678."),
    ("un índice de 1,5332", "un índice de uno coma cincuenta y tres treinta y dos"),
    ("1.000.000.000 de personas", "mil millones de personas"),
    # abbreviations, phone numbers, addresses
    ("el dr. Ruiz y el Dr. Pérez", "el doctor Ruiz y el doctor Pérez"),
    ("Vive en la pza. Mayor, en la Av. de Mayo.", "Vive en la plaza Mayor, en la avenida de Mayo."),
    ("los ee. uu. y EE. UU.", "los Estados Unidos y Estados Unidos."),
    ("Llame al +34 912 345 678.", "Llame al más tres cuatro, 912 345 678."),
    ("la IP 192.168.0.1", "la IP uno nueve dos punto uno seis ocho punto cero punto uno"),
]

LEFT_ALONE = [
    "costaron 3,2 millones de euros.",
    "unos 3.200 vecinos",
    "el techo de hierro de 1897",
    "abierto 24/7",
    "la Ley 24/2001 y el Real Decreto 463/2020",
    "ganó 6/4 en el primer set",
    "el índice subió a 13.30",
    "creció un 30 %",
]


@pytest.mark.parametrize(("text", "spoken"), CASES)
def test_spanish_rules(text: str, spoken: str) -> None:
    assert normalize(text, "es") == spoken


@pytest.mark.parametrize("text", LEFT_ALONE)
def test_what_espeak_reads_well_is_left_alone(text: str) -> None:
    assert normalize(text, "es") == text


def test_number_words() -> None:
    assert words(21) == "veintiuno"
    assert words(21, before_noun=True) == "veintiún"
    assert words(21, feminine=True) == "veintiuna"
    assert words(21000) == "veintiún mil"
    assert words(200_000_001, feminine=True) == "doscientos millones una"
    assert words(300, feminine=True) == "trescientas"
    assert ordinal_words(11) == "undécimo" and ordinal_words(12, feminine=True) == "duodécima"
    assert ordinal_words(28) == "vigesimoctavo" and ordinal_words(31, apocope=True) == "trigésimo primer"
    assert ordinal_words(2000) == "dosmilésimo"
    assert fraction(1, 31) == "un treintaiunavo" and fraction(2, 50) == "dos cincuentavos"
    assert fraction(1, 10**8) == "un cienmillonésimo" and fraction(5, 0) is None
    assert quantity("1") == "1" and quantity("1", before_noun=True) == "un"
    assert quantity("2,5", feminine=True) == "2,5"


def test_the_sentence_splitter_keeps_ordinals_whole() -> None:
    text = "El 2.º puesto fue para Ana. Fue el 1.ᵉʳ clasificado y la 3.ª en la etapa. Luego llegó."
    sentences = split_sentences(text, "es")
    assert sentences == ["El 2.º puesto fue para Ana.", "Fue el 1.ᵉʳ clasificado y la 3.ª en la etapa.", "Luego llegó."]
    assert " ".join(sentences) == text
    assert normalize(sentences[0], "es") == "El segundo puesto fue para Ana."
    assert normalize(sentences[1], "es") == "Fue el primer clasificado y la tercera en la etapa."


ESPEAK = shutil.which("espeak-ng")


def phonemes(text: str) -> str:
    assert ESPEAK is not None
    return subprocess.run(
        [ESPEAK, "-q", "-x", "-v", "es"], input=text, capture_output=True, text=True, check=True, timeout=30
    ).stdout


@pytest.mark.skipif(ESPEAK is None, reason="espeak-ng is not installed")
@pytest.mark.parametrize(
    ("text", "heard"),
    [
        ("1 £", "'una l'iB**a"),  # not "un libra"
        ("-5 grados", "m'enos"),  # eSpeak drops the minus sign
        ("a la 1:00", "'una"),
        ("el 14.º", "eTimokw'arto"),
    ],
)
def test_espeak_hears_it(text: str, heard: str) -> None:
    assert heard in phonemes(normalize(text, "es"))


@pytest.mark.parametrize("language", ["es", "fr", "de"])
def test_texts_without_digits_need_only_the_word_rules(language: str) -> None:
    import importlib

    from triptych.speech.normalize.numbers import tidy_script
    from triptych.speech.normalize.rules import apply_rules

    module = importlib.import_module(f"triptych.speech.normalize.{language}")
    texts = [
        "El Dr. Ruiz y la Sra. Gómez, de EE. UU., en la pza. Mayor con Felipe VI en el siglo XXI a. C.",
        "Mᵐᵉ Martin, le Dʳ Roux et Louis XIV au XIXe siècle, av. J.-C.",
        "Prof. Dr. Müller, z. B. Ludwig XIV. und Teil II, ca. Mio. Nr. Mrs. Smith.",
    ]
    for text in texts:
        assert module.normalize(text) == apply_rules(
            tidy_script(text, getattr(module, "_SUPERSCRIPTS", None)), module._RULES
        )
