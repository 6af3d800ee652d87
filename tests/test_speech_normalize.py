"""Text normalisation for speech: a table of cases per language, and checks against eSpeak NG itself."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from triptych.speech.normalize import normalize

ENGLISH = [
    # dates and days
    ("MAR 2, 2018", "March 2nd, twenty eighteen"),
    ("from Nov. 17 through Dec. 29", "from November 17th through December 29th"),
    ("on Sept. 5", "on September 5th"),
    ("2018-03-02", "March 2nd, twenty eighteen"),
    ("on 2018-13-45", "on 2018-13-45"),
    ("Nights: Sun.–Thu. Closed: 10 p.m.", "Nights: Sunday to Thursday. Closed: 10 p.m."),
    ("Fri.–Sat.", "Friday to Saturday."),
    ("open Mon-Fri", "open Monday to Friday"),
    ("Sun., Nov. 17", "Sunday, November 17th"),
    # times
    ("9:47 PM", "9:47 PM"),
    ("11:05 PM", "11 oh 5 PM"),
    ("before the 7:15 a.m. train", "before the 7:15 a.m. train"),
    ("hours to 9 p.m. on weekdays", "hours to 9 p.m. on weekdays"),
    ("at 8:00 a.m.", "at 8 a.m."),
    ("at 8:00 sharp", "at 8 o'clock sharp"),
    ("at 20:00", "at 20 hundred"),
    ("at 14:05", "at 14 oh 5"),
    ("from 10 p.m.–5 a.m.", "from 10 p.m. to 5 a.m."),
    # money
    ("It cost $184,000, most of it", "It cost 184,000 dollars, most of it"),
    ("$48.5 million", "48.5 million dollars"),
    ("€20", "20 euros"),
    ("20 €", "20 euros"),
    ("£5", "5 pounds"),
    ("$1 a week", "1 dollar a week"),
    ("$3.99", "3 dollars 99 cents"),
    ("$0.50", "50 cents"),
    ("$2bn", "2 billion dollars"),
    ("US$5", "5 dollars"),
    ("$5 more", "5 dollars more"),
    # years, decades and ranges
    ("1990s", "nineteen nineties"),
    ("the 1900s", "the nineteen hundreds"),
    ("the 2000s", "the two thousands"),
    ("the 2010s", "the twenty tens"),
    ("the '90s", "the nineties"),
    ("in his 80s", "in his eighties"),
    ("2016–2019", "twenty sixteen to twenty nineteen"),
    ("2016-2019", "twenty sixteen to twenty nineteen"),
    ("2016-19", "twenty sixteen to nineteen"),
    ("pages 10–12", "pages 10 to 12"),
    ("the 1st–3rd rounds", "the 1st to 3rd rounds"),
    ("a 7-2 vote.", "a 7 to 2 vote."),
    ("$10–$20", "10 dollars to 20 dollars"),
    # numbers, titles, abbreviations
    ("No. 5", "number 5"),
    ("the #1 seed", "the number 1 seed"),
    ("The library's director, Dr. Helen Ruiz, said", "The library's director, Doctor Helen Ruiz, said"),
    ("Ask Dr. Ruiz", "Ask Doctor Ruiz"),
    ("The room is on Elm Dr. near the park.", "The room is on Elm Drive near the park."),
    ("She lives on Elm Dr.", "She lives on Elm Drive."),
    ("Fifth Ave. is closed", "Fifth Avenue is closed"),
    ("He earned a Ph.D. from MIT.", "He earned a P H D from MIT."),
    ("She has a PhD.", "She has a P H D."),
    ("Mr. Brown and Mrs. Jones", "Mister Brown and Mrs Jones"),
    ("Gov. Smith met Sen. Jones", "Governor Smith met Senator Jones"),
    ("Mt. Hood", "Mount Hood"),
    ("John Smith Jr., the mayor", "John Smith Junior, the mayor"),
    ("Smith vs. Jones", "Smith versus Jones"),
    ("fruit, e.g. apples", "fruit, for example apples"),
    ("It was 72°F", "It was 72 degrees Fahrenheit"),
    # phone numbers
    ("calling 555-0142 or", "calling 5 5 5, 0 1 4 2 or"),
    ("call (212) 555-0142.", "call 2 1 2, 5 5 5, 0 1 4 2."),
    ("call 212-555-0142", "call 2 1 2, 5 5 5, 0 1 4 2"),
    ("call 1-800-555-0142", "call 1, 8 0 0, 5 5 5, 0 1 4 2"),
    # pauses and clean-up
    ("Zarate — the man who shot — not guilty.", "Zarate, the man who shot, not guilty."),
    ("Zarate—the man", "Zarate, the man"),
    ("Reopens: —", "Reopens:"),
    ("“It is unconscionable,” Homan said", "“It is unconscionable,” Homan said"),
    ("Photo: Luis Ortega / The Courier", "Photo: Luis Ortega, The Courier"),
    ("Visit https://www.example.org/a/b?c=1.", "Visit www dot example dot org slash a slash b."),
    ("a  soft\u00adhyphen\u00a0and\u202fspaces ", "a softhyphen and spaces"),
    # left alone: eSpeak reads these well
    ("the 21st century", "the 21st century"),
    ("the U.S. Army", "the U.S. Army"),
    ("up 6%", "up 6%"),
    ("St. Louis", "Saint Louis"),
    ("2,300 people", "2,300 people"),
    ("O'Connor's café", "O'Connor's café"),
]

SPANISH = [
    ("costaron 3,2 millones de euros.", "costaron 3,2 millones de euros."),
    ("de 8:00 a 14:30.", "de 8 a 14 y 30."),
    ("de 17:00 a 20:30.", "de 17 a 20 y 30."),
    ("a las 10:05", "a las 10 y 5"),
    ("a las 20:00 h.", "a las 20."),
    ("el techo de hierro de 1897", "el techo de hierro de 1897"),
    ("Cuesta €20", "Cuesta 20 euros"),
    ("Cuesta 20 €", "Cuesta 20 euros"),
    ("Cuesta 1 €", "Cuesta un euro"),
    ("Cuesta $5 o 5 US$", "Cuesta 5 dólares o 5 dólares"),
    ("€3,2 millones", "3,2 millones de euros"),
    ("€20 mil", "20 mil euros"),
    ("El Dr. Ruiz y la Sra. Gómez", "El doctor Ruiz y la señora Gómez"),
    ("EE. UU. y etc.", "Estados Unidos y etcétera."),
    ("vive en el n.º 5", "vive en el número 5"),
    ("el 1.º y la 2.ª", "el primero y la segunda"),
    ("de 2016–2019", "de 2016 a 2019"),
    ("1990-1995", "1990 a 1995"),
    ("llame al 555-0142", "llame al 5 5 5, 0 1 4 2"),
    ("2018-03-02", "2 de marzo de 2018"),
    ("dijo — con calma — que no", "dijo, con calma, que no"),
]

FRENCH = [
    ("à 8 h 30", "à 8 heures 30"),
    ("à 8h30", "à 8 heures 30"),
    ("à 14 h.", "à 14 heures."),
    ("à 21 h 05", "à 21 heures 5"),
    ("à 1 h", "à 1 heure"),
    ("à 17:05", "à 17 heures 5"),
    ("3,2 millions d’euros", "3,2 millions d’euros"),
    ("Ça coûte 20 €", "Ça coûte 20 euros"),
    ("Ça coûte €20", "Ça coûte 20 euros"),
    ("Ça coûte 1 €", "Ça coûte 1 euro"),
    ("10 000 €", "dix mille euros"),
    ("€5 milliards", "5 milliards d’euros"),
    ("$20", "20 dollars"),
    ("M. Dupont et Mme Martin", "Monsieur Dupont et Madame Martin"),
    ("au n° 5", "au numéro 5"),
    ("de 2016–2019", "de 2016 à 2019"),
    ("2018-03-02", "2 mars 2018"),
]


@pytest.mark.parametrize(("text", "spoken"), ENGLISH)
def test_english(text: str, spoken: str) -> None:
    assert normalize(text, "en") == spoken


@pytest.mark.parametrize(("text", "spoken"), SPANISH)
def test_spanish(text: str, spoken: str) -> None:
    assert normalize(text, "es") == spoken


@pytest.mark.parametrize(("text", "spoken"), FRENCH)
def test_french(text: str, spoken: str) -> None:
    assert normalize(text, "fr") == spoken


@pytest.mark.parametrize("tag", ["en", "en-US", "en-GB", "EN_us"])
def test_english_rules_follow_the_primary_subtag(tag: str) -> None:
    assert normalize("Dr. Ruiz paid $20 on MAR 2", tag) == "Doctor Ruiz paid 20 dollars on March 2nd"


ENGLISH_ONLY = "Dr. Müller paid $20 on MAR 2 at 11:05, in the 1990s, No. 5, Ph.D., Elm Dr., Sun.–Thu."


@pytest.mark.parametrize("tag", ["pt-BR", "nl", "zz", ""])  # German has rules of its own: tests/test_normalize_de.py
def test_other_languages_get_only_neutral_clean_up(tag: str) -> None:
    assert normalize(ENGLISH_ONLY, tag) == ENGLISH_ONLY
    assert normalize("Der Mann  — so heißt es —  kam\u00a0nicht.", tag) == "Der Mann, so heißt es, kam nicht."


def test_spanish_text_gets_no_english_rules() -> None:
    spoken = normalize("El Dr. Ruiz pagó $20 el 1990s, No. 5, MAR 2, a las 11:05 PM.", "es")
    assert "Doctor" not in spoken and "dollars" not in spoken and "nineties" not in spoken
    assert "number" not in spoken and "March" not in spoken and " oh " not in spoken
    assert spoken == "El doctor Ruiz pagó 20 dólares el 1990s, No. 5, MAR 2, a las 11 y 5 de la noche."


def test_french_text_gets_no_english_rules() -> None:
    spoken = normalize("Le Dr Martin a payé $20 le MAR 2 à 11:05, No. 5, 1990s.", "fr")
    assert spoken == "Le docteur Martin a payé 20 dollars le MAR 2 à 11 heures 5, No. 5, 1990s."
    assert normalize("$48.5 million", "fr") != "48.5 million dollars"


def test_the_spanish_and_french_rules_stay_in_their_language() -> None:
    assert normalize("at 8 h 30", "en") == "at 8 h 30"
    assert normalize("El Sr. Pérez", "en") == "El Sr. Pérez"
    assert normalize("M. Dupont", "es") == "M. Dupont"


# --- what eSpeak NG makes of it ------------------------------------------------------------

ESPEAK = shutil.which("espeak-ng")


def phonemes(text: str, voice: str) -> str:
    assert ESPEAK is not None
    result = subprocess.run(
        [ESPEAK, "-q", "-x", "-v", voice, text], capture_output=True, text=True, check=True, timeout=30
    )
    return result.stdout


# (written, voice, phonemes the normalised text must give, phonemes it must not give)
HEARD = [
    ("MAR 2, 2018", "en", ["m'A@tS"], []),
    ("11:05 PM", "en", ["'oU f'aIv"], ["z'i@roU"]),
    ("8:00 a.m.", "en", ["'eIt ,eI'Em"], ["z'i@roU"]),
    ("$48.5 million", "en", ["m'Ili@n d'0l3z"], []),
    ("€20", "en", ["tw'Enti j'U@roUz"], []),
    ("1990s", "en", ["n'aInti:n n'aIntiz"], []),
    ("2016–2019", "en", [" t@ "], []),
    ("No. 5", "en", ["n'Vmb3 f'aIv"], []),
    ("Elm Dr.", "en", ["dr'aIv"], ["d'0kt3"]),
    ("the director, Dr. Helen Ruiz", "en", ["d'0kt3 h'El@n"], []),
    ("Ph.D.", "en", ["p'i:; 'eItS d'i:"], ["d'0t"]),
    ("555-0142", "en", ["f'aIv f'aIv f'aIv"], ["d'aS"]),
    ("7-2", "en", [" t@ "], ["d'aS"]),
    ("2018-03-02", "en", ["m'A@tS"], ["d'aS"]),
    ("Sun.–Thu.", "en", ["s'VndeI t@ T'3:zdeI"], []),
    ("Zarate — the man", "en", ["\n"], []),
    ("de 8:00 a 14:30", "es", ["'otSo a kat'orTe i t**'eInta"], ["T'e**o"]),
    ("€20", "es", ["b'eInte 'eU**os"], []),
    ("à 8 h 30", "fr", ["'Wr tr'A~t"], ["'aS"]),
    ("20 €", "fr", ["v'E~t2 Yr'o"], []),
]


@pytest.mark.skipif(ESPEAK is None, reason="espeak-ng is not installed")
@pytest.mark.parametrize(("text", "voice", "wanted", "unwanted"), HEARD)
def test_espeak_reads_the_normalised_text_well(text: str, voice: str, wanted: list[str], unwanted: list[str]) -> None:
    heard = phonemes(normalize(text, voice), voice)
    for sound in wanted:
        assert sound in heard, f"{text!r}: {sound!r} not in {heard!r}"
    for sound in unwanted:
        assert sound not in heard, f"{text!r}: {sound!r} in {heard!r}"
