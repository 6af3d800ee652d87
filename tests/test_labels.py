"""The one label catalogue: every language has every label, and the editions print and say them."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from triptych import export, read_article
from triptych.language import LABEL_KEYS, LABEL_LANGUAGES, label
from triptych.renditions.print_layout import page_css
from triptych.speech.script import speech_script

from .conftest import made_path, parse_page

VALUES = {"page": "<PAGE>", "pages": "<PAGES>", "n": "<N>", "date": "<DATE>", "text": "<TEXT>", "caption": "<CAP>"}
"""A recognisable value for every placeholder a label may have."""

COVERED = ("en", "es", "fr", "de", "pt", "it", "ar", "el", "hi", "ja", "ru")
"""Every language that one of the former tables (page, EPUB nav, speech, player) had."""

GERMAN = """---
title: "Die Stadtbibliothek öffnet einen Hörsaal"
authors: [Erika Muster]
date: 2026-10-14
language: de
---

Die Stadtbibliothek hat am Montag einen Hörsaal für blinde Leserinnen und Leser eröffnet.[^1]

> Wir hören jetzt jeden Tag neue Bücher.

- Hörbücher
- Braillezeilen

## Öffnungszeiten

Der Saal ist von Dienstag bis Samstag geöffnet.

[^1]: Nach Angaben der Bibliothek.
"""

XHTML = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}


def test_every_language_has_every_label() -> None:
    assert set(COVERED) <= set(LABEL_LANGUAGES)
    for language in LABEL_LANGUAGES:
        for key in LABEL_KEYS:  # a key missing in a listed language raises here (no fallback for keys)
            text = label(language, key, **VALUES)
            assert text.strip(), (language, key)


def test_every_translation_keeps_the_values_english_shows() -> None:
    for key in LABEL_KEYS:
        english = label("en", key, **VALUES)
        shown = [value for value in VALUES.values() if value in english]
        for language in LABEL_LANGUAGES:
            text = label(language, key, **VALUES)
            assert all(value in text for value in shown), (language, key, text)
            assert "{" not in text, (language, key, text)


def test_the_new_languages_are_translated_not_english() -> None:
    for language in ("de", "fr", "pt", "it", "ar", "el", "hi", "ja", "ru"):
        assert label(language, "nav_contents") != "Contents", language
        assert label(language, "nav_start") != "Start of the article", language
        assert label(language, "player_listen") != "Listen to this article", language
        assert label(language, "player_read_from_here") != "Read from here", language
    for language in ("pt", "it"):
        assert label(language, "spoken_quote_end") != "End of quote.", language
        assert label(language, "spoken_list_n", n=3) != "A list of 3 items.", language


def test_a_language_without_labels_gets_english() -> None:
    for tag in ("sw", "zz", "tlh", "nl-BE"):
        assert label(tag, "nav_contents") == "Contents"
        assert label(tag, "page_of", page=2, pages=5) == "Page 2 of 5"
        assert label(tag, "spoken_list_n", n=4) == "A list of 4 items."


def test_a_region_or_script_subtag_keeps_the_language() -> None:
    assert label("de-AT", "nav_contents") == "Inhalt"
    assert label("pt_BR", "spoken_closing") == "Fim do artigo."
    assert label("ES-mx", "player_play") == "Reproducir"


def test_an_unknown_key_is_an_error_not_a_guess() -> None:
    with pytest.raises(KeyError):
        label("de", "no_such_label")


def test_the_pdf_page_footer_is_german() -> None:
    css = page_css("de", "a4")
    assert '"Seite "' in css and '" von "' in css
    assert css.index("counter(page)") < css.index("counter(pages)")
    assert "Page" not in css


def test_the_narration_speaks_italian(tmp_path: Path) -> None:
    source = tmp_path / "articolo.md"
    body = "> Oggi ascoltiamo un libro nuovo.\n\n- uno\n- due\n- tre\n"
    source.write_text(f'---\ntitle: "La biblioteca"\nlanguage: it\n---\n\n{body}', encoding="utf-8")
    said = [segment.text for segment in speech_script(read_article(source))]
    assert "Citazione." in said
    assert "Fine della citazione." in said
    assert "Un elenco di 3 elementi." in said
    assert said[-1] == "Fine dell’articolo."


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("german")
    source = folder / "hoersaal.md"
    source.write_text(GERMAN, encoding="utf-8")
    result = export(source, "html,epub,audio", folder / "out", name="hoersaal")
    assert result.ok, result.outputs
    return {o.format: made_path(o.path) for o in result.outputs}


def _book_document(book: Path, name: str) -> Any:
    with zipfile.ZipFile(book) as archive:
        entry = next(n for n in archive.namelist() if n.endswith(f"/{name}") or n == name)
        return etree.fromstring(archive.read(entry))


def test_the_epub_navigation_is_german(german: dict[str, Path]) -> None:
    nav = _book_document(german["epub"], "nav.xhtml")
    assert nav.xpath("string(//x:title)", namespaces=XHTML) == "Inhalt"
    assert nav.xpath("string(//x:nav[@epub:type='toc']/x:h1)", namespaces=XHTML) == "Inhalt"
    toc = nav.xpath("//x:nav[@epub:type='toc']//x:a/text()", namespaces=XHTML)
    assert toc[0] == "Titelseite"
    assert "Anmerkungen" in toc
    landmarks = nav.xpath("//x:nav[@epub:type='landmarks']", namespaces=XHTML)[0]
    assert landmarks.xpath("string(x:h2)", namespaces=XHTML) == "Orientierungspunkte"
    assert landmarks.xpath(".//x:a/text()", namespaces=XHTML) == [
        "Umschlag",
        "Titelseite",
        "Inhalt",
        "Beginn des Artikels",
    ]
    cover = _book_document(german["epub"], "cover.xhtml")
    assert cover.xpath("string(//x:title)", namespaces=XHTML) == "Umschlag"


def test_the_web_player_is_german(german: dict[str, Path]) -> None:
    page = parse_page(german["html"])
    assert page.xpath("//section[@class='player']/@aria-label") == ["Diesen Artikel anhören"]
    assert page.xpath("string(//button[@id='player-play'])") == "Abspielen"
    assert page.xpath("string(//button[@id='player-next-section'])") == "Nächster Abschnitt"
    assert page.xpath("string(//label[@for='player-speed'])") == "Geschwindigkeit"
    timings = json.loads(page.xpath("string(//script[@id='narration-timings'])"))
    assert timings["labels"] == {"play": "Abspielen", "pause": "Pause", "readFromHere": "Ab hier vorlesen"}
    assert page.xpath("string(//h2[@id='notes'])") == "Anmerkungen"
