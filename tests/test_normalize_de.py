"""German speech normalisation: each rule, what is left alone, and the captions kept as written."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from triptych import read_article
from triptych.speech.normalize import normalize
from triptych.speech.normalize.de import fraction, ordinal, words
from triptych.speech.script import speech_script
from triptych.speech.sentences import split_sentences

CASES = [
    # ordinals, with the ending the words before them ask for
    ("Am 1. Mai wird gefeiert.", "Am ersten Mai wird gefeiert."),
    ("der 2. Weltkrieg", "der zweite Weltkrieg"),
    ("im 2. Weltkrieg", "im zweiten Weltkrieg"),
    ("in der 3. Liga", "in der dritten Liga"),
    ("zum 100. Geburtstag", "zum ein hundertsten Geburtstag"),
    ("den 21. Platz", "den ein und zwanzigsten Platz"),
    ("Er wurde 3. bei der WM.", "Er wurde dritter bei der WM."),
    ("Der 1. FC Köln", "Der erste FC Köln"),
    ("11.", "elfter."),
    ("Sie kam am 7.", "Sie kam am siebten."),
    ("am 121ten Tag", "am ein hundert ein und zwanzigsten Tag"),
    ("Ludwig XIV. war König.", "Ludwig der vierzehnte war König."),
    ("Teil II beginnt", "Teil zwei beginnt"),
    # dates
    ("Am 3. März 2024 wurde gewählt.", "Am dritten März 2024 wurde gewählt."),
    ("Berlin, 3. März 2024", "Berlin, dritter März 2024"),
    ("vom 1. bis 3. Okt. 2023", "vom ersten bis dritten Oktober 2023"),
    ("am 9. November 1989", "am neunten November neunzehnhundertneunundachtzig"),
    ("am 24.12.2023 um 18 Uhr", "am vier und zwanzigsten Dezember 2023 um 18 Uhr"),
    ("bis zum 02.03.", "bis zum zweiten März"),
    ("Stand: 02.03", "Stand: zweiter März"),
    ("am 2003-3-2", "am zweiten März 2003"),
    # years before 2000, as years
    ("im Jahr 1989", "im Jahr neunzehnhundertneunundachtzig"),
    ("die 1980er Jahre", "die neunzehnhundertachtziger Jahre"),
    ("von 1990 bis 1995", "von neunzehnhundertneunzig bis neunzehnhundertfünfundneunzig"),
    ("seit 2020", "seit 2020"),
    # times and results
    ("Der Zug fährt um 14.30 Uhr.", "Der Zug fährt um 14 Uhr 30."),
    ("um 08:00 Uhr", "um 8 Uhr"),
    ("um 00:15 Uhr", "um 0 Uhr 15"),
    ("Beginn 20:15", "Beginn 20 Uhr 15"),
    ("Bayern siegte 3:1.", "Bayern siegte 3 zu 1."),
    # amounts
    ("Es kostet 12,50 €.", "Es kostet 12 Euro 50 Cent."),
    ("Es kostet €0,01.", "Es kostet ein Cent."),
    ("für 1 €", "für ein Euro"),
    ("£2,01 und £2,20", "2 Pfund ein Penny und 2 Pfund 20 Pence"),
    ("$2,201", "2,201 Dollar"),
    ("5 Mio. €", "5 Millionen Euro"),
    ("€2,5 Mrd.", "2,5 Milliarden Euro"),
    ("1 Mio. Menschen", "eine Million Menschen"),
    ("CHF 20", "20 Franken"),
    # units
    ("Es wiegt 1 kg.", "Es wiegt ein Kilogramm."),
    ("mit 100 km/h", "mit 100 Kilometer pro Stunde"),
    ("eine Fläche von 20 m²", "eine Fläche von 20 Quadrat-Meter"),
    ("65000 km²", "65000 Quadrat-Kilometer"),
    ("56,3 /km²", "56,3 pro Quadrat-Kilometer"),
    ("2 m³ Wasser", "2 Kubikmeter Wasser"),
    ("Es dauerte 1 h.", "Es dauerte eine Stunde."),
    ("nach 3 h", "nach 3 Stunden"),
    ("bei -3 °C", "bei minus 3 Grad Celsius"),
    ("-66 kg", "minus 66 Kilogramm"),
    ("90 Millionen t", "90 Millionen Tonnen"),
    ("0 ft", "0 Fuß"),
    # fractions
    ("1/3 der Deutschen", "ein drittel der Deutschen"),
    ("2/9 des Weges", "2 neuntel des Weges"),
    ("1/22 und 1/100", "ein zwei und zwanzigstel und ein hundertstel"),
    ("-1/4", "minus ein viertel"),
    ("1 1/2 Stunden", "eineinhalb Stunden"),
    ("⅔ der Stimmen", "2 drittel der Stimmen"),
    # phone numbers with a country code, abbreviations
    ("Tel. +49 30 1234567", "Telefon plus 49, 3 0 1 2 3 4 5 6 7"),
    ("Chanel Nr. 5", "Chanel Nummer 5"),
    ("Prof. Dr. Müller", "Professor Doktor Müller"),
    ("z. B. Äpfel, d. h. Obst", "zum Beispiel Äpfel, das heißt Obst"),
    ("ca. 5 km", "circa 5 Kilometer"),
    ("Mrs. Smith", "Misses Smith"),
]

LEFT_ALONE = [
    "Die Zahl stieg auf 3.",
    "Er ist 45. Seine Frau kam später.",
    "1.200 Menschen",
    "25037 Stimmen",
    "Die Inflation lag bei 2,5 Prozent.",
    "-5 Grad",
    "Version 2.3",
    "Seite 12.",
    "24/7 geöffnet",
    "Drucksache 19/1234",
    "mit 1500 Euro",
    "Im Jahr 2024",
]


@pytest.mark.parametrize(("text", "spoken"), CASES)
def test_german_rules(text: str, spoken: str) -> None:
    assert normalize(text, "de") == spoken


@pytest.mark.parametrize("text", LEFT_ALONE)
def test_what_espeak_reads_well_is_left_alone(text: str) -> None:
    assert normalize(text, "de") == text


@pytest.mark.parametrize("tag", ["de", "de-AT", "de-CH", "DE_de"])
def test_german_rules_follow_the_primary_subtag(tag: str) -> None:
    assert normalize("Am 3. März", tag) == "Am dritten März"


def test_german_text_gets_no_english_rules() -> None:
    text = "Er zahlte im MAR 2 in den 1990s, Ph.D., Sun.–Thu., 5G."
    assert normalize(text, "de") == text
    assert normalize("Der Mann  — so heißt es —  kam\u00a0nicht.", "de") == "Der Mann, so heißt es, kam nicht."


def test_number_words() -> None:
    assert words(1156173) == "eine Million ein hundert sechs und fünfzig tausend ein hundert drei und siebzig"
    assert ordinal(1) == "erster" and ordinal(3, "en") == "dritten" and ordinal(7, "e") == "siebte"
    assert ordinal(20) == "zwanzigster" and ordinal(1000) == "ein tausendster"
    assert fraction(1, 2) == "ein halb" and fraction(3, 8) == "3 achtel" and fraction(1, 30) == "ein dreißigstel"


def test_the_sentence_splitter_keeps_an_ordinal_after_an_article() -> None:
    text = "Der 1. FC Köln gewann. Er wurde 3. Dann ging er."
    assert split_sentences(text, "de") == ["Der 1. FC Köln gewann.", "Er wurde 3.", "Dann ging er."]


def test_captions_keep_the_text_as_written(tmp_path: Path) -> None:
    article = tmp_path / "bruecke.md"
    article.write_text(
        "---\ntitle: Neue Brücke\nauthors: [Anna Weber]\ndate: 2026-03-03\nlanguage: de\n---\n\n"
        "Die Brücke wurde am 3. März 2024 um 14.30 Uhr eröffnet. Der Eintritt kostet 12,50 €.\n",
        encoding="utf-8",
    )
    segments = speech_script(read_article(article))
    said = {s.text: s.spoken for s in segments}
    assert said["Die Brücke wurde am 3. März 2024 um 14.30 Uhr eröffnet."] == (
        "Die Brücke wurde am dritten März 2024 um 14 Uhr 30 eröffnet."
    )
    assert said["Der Eintritt kostet 12,50 €."] == "Der Eintritt kostet 12 Euro 50 Cent."
    date = next(s for s in segments if s.kind == "date")
    assert date.text == "Veröffentlicht am 3. März 2026" and date.spoken == "Veröffentlicht am dritten März 2026"


ESPEAK = shutil.which("espeak-ng")


@pytest.mark.skipif(ESPEAK is None, reason="espeak-ng is not installed")
@pytest.mark.parametrize(
    ("text", "heard"),
    [("am 3. März", "dr'It@n m'Erts"), ("14.30 Uhr", "'u:r dr'aIsIC"), ("im Jahr 1990", "n'OYntse:nh,Und3t")],
)
def test_espeak_hears_it(text: str, heard: str) -> None:
    assert ESPEAK is not None
    said = subprocess.run(
        [ESPEAK, "-q", "-x", "-v", "de"],
        input=normalize(text, "de"),
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    assert heard in said
