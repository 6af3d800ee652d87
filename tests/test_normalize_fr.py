"""French speech normalisation: each rule, each bug the issue names, and what is left alone."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from triptych.speech.normalize import normalize
from triptych.speech.normalize.fr import fraction, ordinal_words
from triptych.speech.sentences import split_sentences

CASES = [
    # ordinals: "3e" was read "trois e"
    ("la 3e place", "la troisième place"),
    ("le 21e siècle", "le vingt et unième siècle"),
    ("au 90e anniversaire", "au quatre-vingt-dixième anniversaire"),
    ("la 8ème fois", "la huitième fois"),
    ("le 1 000e visiteur", "le millième visiteur"),
    ("la 1re fois et la 1ère étape", "la première fois et la première étape"),
    ("les 1ers jours et les 2es places", "les premiers jours et les deuxièmes places"),
    ("le 2nd tour et la 2nde manche", "le second tour et la seconde manche"),
    ("la 5ᵉ République", "la cinquième République"),
    ("le XIXe siècle et la Ve République", "le dix-neuvième siècle et la cinquième République"),
    ("François Ier", "François premier"),
    ("Louis XIV et le chapitre IV", "Louis quatorze et le chapitre quatre"),
    # fractions
    ("Les 2/3 des électeurs", "Les deux tiers des électeurs"),
    ("les 3/4 du trajet", "les trois quarts du trajet"),
    ("un 1/5 des voix", "un un cinquième des voix"),
    ("le 1/100 du total", "le un centième du total"),
    ("1 1/2 litre", "un et demi litre"),
    ("4 2/4 parts", "quatre et deux quarts parts"),
    ("½ point", "un demi point"),
    ("une baisse de -1/2 point", "une baisse de moins un demi point"),
    # numeric dates
    ("le 02.03.2003", "le 2 mars 2003"),
    ("le 02/03/2003.", "le 2 mars 2003."),
    ("le 01-05-2024", "le premier mai 2024"),
    ("le 2024-03-10", "le 10 mars 2024"),
    # titles with superscript letters, abbreviations
    ("Mᵐᵉ Martin et Mˡˡᵉ Roux", "Madame Martin et Mademoiselle Roux"),
    ("Mᵐᵉˢ Martin et Durand", "mesdames Martin et Durand"),
    ("le Dʳ Roux et la Dʳᵉ Petit", "le docteur Roux et la docteure Petit"),
    ("les Dʳˢ Roux et Petit", "les docteurs Roux et Petit"),
    ("Appelez le Dʳ.", "Appelez le docteur."),
    ("en 52 av. J.-C.", "en 52 avant Jésus-Christ"),
    # the minus sign, which eSpeak drops
    ("Il fait -3 degrés.", "Il fait moins 3 degrés."),
    ("une baisse de -2,5 %", "une baisse de moins 2,5 %"),
    ("Il fait −4 degrés.", "Il fait moins 4 degrés."),
    # space-grouped numbers: eSpeak says "cinq-k-cents" in 593
    ("1 593 072 habitants", "un million cinq cent quatre-vingt-treize mille soixante-douze habitants"),
    ("10 000 €", "dix mille euros"),
]

LEFT_ALONE = [
    "3,2 millions d’euros",
    "en 1897",
    "un taux de 3,5 %",
    "ouvert 24/7",
    "De Gaulle et Le Pen",
    "Me Dupont",
    "les 17/18/19 mars",
    "les 17-18-19 juin",
    "Le 1er mai",
]


@pytest.mark.parametrize(("text", "spoken"), CASES)
def test_french_rules(text: str, spoken: str) -> None:
    assert normalize(text, "fr") == spoken


@pytest.mark.parametrize("text", LEFT_ALONE[:-1])
def test_what_espeak_reads_well_is_left_alone(text: str) -> None:
    assert normalize(text, "fr") == text


def test_premier_is_written_out() -> None:
    assert normalize(LEFT_ALONE[-1], "fr") == "Le premier mai"


def test_number_words() -> None:
    assert ordinal_words(21, "e") == "vingt et unième"
    assert ordinal_words(1, "re") == "première" and ordinal_words(1, "ers") == "premiers"
    assert ordinal_words(2, "nde") == "seconde" and ordinal_words(3, "es") == "troisièmes"
    assert fraction(1, 2) == "un demi" and fraction(2, 3) == "deux tiers" and fraction(3, 4) == "trois quarts"
    assert fraction(2, 7) == "deux septièmes" and fraction(1, 0) is None


def test_the_sentence_splitter_keeps_the_titles() -> None:
    text = "Mᵐᵉ Dupont est arrivée 3e. Le Dʳ Martin aussi."
    assert split_sentences(text, "fr") == ["Mᵐᵉ Dupont est arrivée 3e.", "Le Dʳ Martin aussi."]


ESPEAK = shutil.which("espeak-ng")


@pytest.mark.skipif(ESPEAK is None, reason="espeak-ng is not installed")
@pytest.mark.parametrize(("text", "heard"), [("-5", "mw'E~"), ("3e", "trwazj'Em"), ("Dʳ", "dOkt'Wr")])
def test_espeak_hears_it(text: str, heard: str) -> None:
    assert ESPEAK is not None
    said = subprocess.run(
        [ESPEAK, "-q", "-x", "-v", "fr-fr"],
        input=normalize(text, "fr"),
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    ).stdout
    assert heard in said
