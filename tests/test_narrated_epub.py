"""The narrated EPUB: Media Overlays from the same narration as the audio edition."""

from __future__ import annotations

import itertools
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from .helpers import ARTICLES, SAMPLES, SEED, Library, read_vtt

SMIL = "{http://www.w3.org/ns/SMIL}"
OPF = "{http://www.idpf.org/2007/opf}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def _seconds(clock: str) -> float:
    return float(clock.removesuffix("s"))


@pytest.fixture(scope="module")
def narrated(editions: Library) -> dict[str, Path]:
    """The narrated book of every sample article (validated in test_validation.py), by stem."""
    return {p.stem: editions(f"{p.name}+narrated").epub for p in SAMPLES}


def test_the_seed_is_a_sample() -> None:
    """The article ./setup.sh exports is the sample ice-arrests.txt: what holds for one holds for the other."""
    assert SEED.read_bytes() == (ARTICLES / "ice-arrests.txt").read_bytes()


def test_the_web_page_is_the_same_read_along_page(editions: Library) -> None:
    """The narration goes into the web page whenever the audio is made: --narrated changes only the book
    (so test_validation.py checks one of the two pages)."""
    for p in SAMPLES:
        assert editions(f"{p.name}+narrated").html.read_bytes() == editions(p.name).html.read_bytes(), p.name


def _parts(book: Path) -> dict[str, Any]:
    with zipfile.ZipFile(book) as archive:
        names = archive.namelist()
        return {
            "opf": etree.fromstring(archive.read("EPUB/content.opf")),
            "smil": {n.removeprefix("EPUB/"): etree.fromstring(archive.read(n)) for n in names if n.endswith(".smil")},
            "xhtml": {
                n.removeprefix("EPUB/"): etree.fromstring(archive.read(n)) for n in names if n.endswith(".xhtml")
            },
            "audio": archive.read("EPUB/audio/narration.mp3"),
            "css": archive.read("EPUB/style.css").decode("utf-8"),
        }


def test_every_sentence_is_referenced_by_exactly_one_par(narrated: dict[str, Path]) -> None:
    for book in narrated.values():
        parts = _parts(book)
        sentences = [
            (document, element.get("id"))
            for document, page in parts["xhtml"].items()
            for element in page.iter(f"{XHTML}span")
            if element.get("class") == "sentence"
        ]
        spoken = [c.id for c in read_vtt(book.with_suffix(".vtt")) if re.fullmatch(r".+-s\d+", c.id)]
        assert sorted(s for _, s in sentences) == sorted(spoken)  # every spoken sentence has its element
        targets = [text.get("src") for smil in parts["smil"].values() for text in smil.iter(f"{SMIL}text")]
        for document, sentence in sentences:
            assert targets.count(f"{document}#{sentence}") == 1, sentence
        for target in targets:  # and every par points at an element that exists
            document, _, fragment = target.partition("#")
            assert parts["xhtml"][document].xpath(f"//*[@id='{fragment}']")


def test_clips_are_in_order_and_inside_the_audio(narrated: dict[str, Path], tmp_path: Path) -> None:
    for book in narrated.values():
        parts = _parts(book)
        audio = tmp_path / "narration.mp3"
        audio.write_bytes(parts["audio"])
        probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                                str(audio)], capture_output=True, text=True, check=True)  # fmt: skip
        duration = float(probe.stdout)
        reading_order = [parts["smil"][name] for name in ("titlepage.smil", "article.smil") if name in parts["smil"]]
        clips = [
            (_seconds(a.get("clipBegin")), _seconds(a.get("clipEnd")))
            for s in reading_order
            for a in s.iter(f"{SMIL}audio")
        ]
        assert all(start < end for start, end in clips)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(clips))  # in reading order, no overlap
        assert clips[-1][1] <= duration + 0.06


def test_the_same_narration_as_the_audio_edition(narrated: dict[str, Path]) -> None:
    book = narrated["reading-room"]
    cues = {cue.id: cue for cue in read_vtt(book.with_suffix(".vtt"))}
    parts = _parts(book)
    for smil in parts["smil"].values():
        for par in smil.iter(f"{SMIL}par"):
            fragment = par.find(f"{SMIL}text").get("src").partition("#")[2]
            audio = par.find(f"{SMIL}audio")
            assert abs(_seconds(audio.get("clipBegin")) - cues[fragment].start) < 0.001
            assert abs(_seconds(audio.get("clipEnd")) - cues[fragment].end) < 0.001


def test_media_metadata_and_accessibility(narrated: dict[str, Path]) -> None:
    parts = _parts(narrated["reading-room"])
    opf = parts["opf"]
    metas = [(m.get("property"), m.get("refines"), m.text) for m in opf.iter(f"{OPF}meta")]

    def clock(text: str) -> float:
        hours, minutes, seconds = text.split(":")
        return int(hours) * 3600 + int(minutes) * 60 + float(seconds)

    durations = {refines: clock(text) for prop, refines, text in metas if prop == "media:duration"}
    per_overlay = {k: v for k, v in durations.items() if k}
    assert set(per_overlay) == {f"#smil-{Path(n).stem}" for n in parts["smil"]}
    for name, smil in parts["smil"].items():
        clips = sum(_seconds(a.get("clipEnd")) - _seconds(a.get("clipBegin")) for a in smil.iter(f"{SMIL}audio"))
        assert abs(per_overlay[f"#smil-{Path(name).stem}"] - clips) < 0.01
    assert abs(durations[None] - sum(per_overlay.values())) < 0.002
    values = {prop: text for prop, _, text in metas}
    assert values["media:narrator"].endswith("voice gmw/en")
    assert values["media:active-class"] == "-epub-media-overlay-active"
    assert ".-epub-media-overlay-active" in parts["css"]
    props = [(p, t) for p, _, t in metas]
    assert ("schema:accessMode", "auditory") in props
    assert ("schema:accessModeSufficient", "auditory") in props
    assert ("schema:accessibilityFeature", "synchronizedAudioText") in props
    items = {i.get("href"): i for i in opf.iter(f"{OPF}item")}
    assert items["article.xhtml"].get("media-overlay") == "smil-article"
    assert items["audio/narration.mp3"].get("media-type") == "audio/mpeg"
    article = parts["xhtml"]["article.xhtml"]
    assert article.xpath("//x:figure/@epub:type", namespaces={"x": XHTML[1:-1], "epub": "http://www.idpf.org/2007/ops"})
    assert article.xpath(
        "//x:table/@epub:type", namespaces={"x": XHTML[1:-1], "epub": "http://www.idpf.org/2007/ops"}
    ) == ["table"]
