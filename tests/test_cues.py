"""Every caption cue, in every language, can be found: highlighted on the web page while it is
spoken (the page's timings point it at an element the page has; tests/test_read_along.py plays
the samples in Chromium and checks the highlight follows them) and an entry of the index, with
its audio span and, where an edition shows it, its place there."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from .helpers import LANGUAGES, SAMPLES, Library, parse_page

ARTICLES = [p.name for p in (*SAMPLES, *LANGUAGES)]
_CUE = re.compile(r"^([^\n]+)\n(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})", re.MULTILINE)


def _seconds(stamp: str) -> float:
    hours, minutes, seconds = stamp.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def vtt_cues(path: Path) -> dict[str, tuple[float, float]]:
    text = path.read_text(encoding="utf-8")
    return {m[1]: (_seconds(m[2]), _seconds(m[3])) for m in _CUE.finditer(text)}


@pytest.mark.parametrize("name", ARTICLES)
def test_every_cue_with_an_element_is_highlighted_on_the_page(editions: Library, name: str) -> None:
    made = editions(name)
    cues = vtt_cues(made.vtt)
    page = parse_page(made.html)
    timings = json.loads(page.xpath("string(//script[@id='narration-timings'])"))
    targets = {c["id"]: c["el"] for c in timings["cues"]}
    ids = set(page.xpath("//@id"))
    assert set(cues) - set(targets) <= {"closing"}, name  # only the closing line has nothing to show
    assert {c for c, el in targets.items() if el not in ids} == set()
    assert {"title", "deck", "byline", "date"} & set(cues) <= set(targets)
    for cue in timings["cues"]:
        start, end = cues[cue["id"]]
        assert cue["start"] == pytest.approx(start, abs=0.002) and cue["end"] == pytest.approx(end, abs=0.002)


def test_the_deck_of_a_french_article_is_highlighted_while_it_is_read(editions: Library) -> None:
    made = editions("fr.md")
    start, end = vtt_cues(made.vtt)["deck"]
    assert start < 4.5 < end  # the moment the report saw nothing highlighted
    page = parse_page(made.html)
    timings = json.loads(page.xpath("string(//script[@id='narration-timings'])"))
    (deck,) = [c for c in timings["cues"] if c["start"] <= 4.5 < c["end"]]
    assert page.xpath(f"string(//*[@id='{deck['el']}'])").startswith("Plus de vingt mille livres")


@pytest.mark.parametrize("name", ARTICLES)
def test_every_cue_is_in_the_index_with_where_it_is(editions: Library, name: str) -> None:
    made = editions(name)
    cues = vtt_cues(made.vtt)
    index = json.loads(made.index.read_text(encoding="utf-8"))
    entries = {e["id"]: e for e in index["entries"]}
    assert set(cues) <= set(entries)
    with zipfile.ZipFile(made.epub) as book:
        documents = {n: book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xhtml")}
    for ident, (start, end) in cues.items():
        entry = entries[ident]
        assert entry["audio"]["start"] <= start + 0.002 and entry["audio"]["end"] >= end - 0.002, ident
        if ident == "closing":
            continue
        assert isinstance(entry["pdf_page"], int) and entry["pdf_page"] >= 1, (
            ident
        )  # every cue but the closing has a page
        document, _, fragment = entry["epub"].partition("#")
        assert f'id="{fragment}"' in documents[f"EPUB/{document}"], ident  # and a place in the book
