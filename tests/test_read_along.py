"""The web edition with read-along, driven in a real headless Chromium (puppeteer-core)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from .checkers import axe
from .helpers import ROOT, SAMPLES, Library, parse_page

DRIVERS = 2
"""Pages driven at once, each in its own Chromium: the drive waits on the audio's real time."""


def drive(page: Path) -> dict[str, Any]:
    """What tests/js/readalong.mjs saw while playing the page (muted) with the keyboard."""
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "js" / "readalong.mjs"), str(page)],
        capture_output=True, text=True, timeout=180, check=True,
        env={**os.environ, "CHROMIUM": shutil.which("chromium") or "/usr/bin/chromium"},
    )  # fmt: skip
    report: dict[str, Any] = json.loads(result.stdout)
    return report


@pytest.fixture(scope="module")
def pages(editions: Library) -> dict[str, Path]:
    """The web page of every sample, made with its audio: the read-along page (validated in
    test_validation.py)."""
    return {p.name: editions(p.name).html for p in SAMPLES}


@pytest.fixture(scope="module")
def drives(pages: dict[str, Path]) -> Iterator[dict[str, Future[dict[str, Any]]]]:
    """What each page's drive saw, the drives running in the background a few at a time."""
    with ThreadPoolExecutor(DRIVERS) as pool:
        futures = {name: pool.submit(drive, page) for name, page in pages.items()}
        yield futures
        for future in futures.values():
            future.cancel()


def _element_at(timings: dict[str, Any], time: float) -> str | None:
    return next((s["el"] for s in timings["cues"] if s["start"] <= time < s["end"]), None)


@pytest.mark.parametrize("name", [p.name for p in SAMPLES])
def test_read_along_in_a_real_browser(drives: dict[str, Future[dict[str, Any]]], name: str) -> None:
    report = drives[name].result()
    timings = report["timings"]
    assert report["consoleErrors"] == []  # nothing blocked by the page's CSP, no script error
    assert report["controlsShown"]
    assert report["readFromHere"] == report["paragraphs"] > 0
    assert report["reachedPlayByTab"]  # keyboard only
    playing = report["samples"]
    assert playing[-1]["time"] > playing[0]["time"]  # it plays
    assert {s["pressed"] for s in playing} == {"true"}
    assert {s["focus"] for s in playing} == {"player-play"}  # following the text never steals focus
    crossing = report["crossing"]
    seen = [s["id"] for s in crossing if s["id"]]
    assert len(set(seen)) >= 2  # the highlight moves on with the audio
    for sample in (*playing, *crossing):
        expected = _element_at(timings, sample["time"])
        if sample["id"] is not None:  # whatever is highlighted is being spoken (within half a second)
            spans = [s for s in timings["cues"] if s["el"] == sample["id"]]
            assert any(s["start"] - 0.5 <= sample["time"] <= s["end"] + 0.5 for s in spans), sample
        if expected is not None and _element_at(timings, sample["time"] - 0.5) == _element_at(
            timings, sample["time"] + 0.5
        ):
            assert sample["id"] == expected, sample  # and what is being spoken is highlighted
    following = [s for s in timings["cues"] if s["start"] > report["before"] + 0.05]
    assert report["afterNext"]["time"] == pytest.approx(following[0]["start"], abs=0.3)
    assert report["pausedPressed"] == "false"
    assert report["noScript"] == {"text": report["noScript"]["text"], "audioControls": True, "track": True,
                                  "controlsHidden": True}  # fmt: skip
    assert report["noScript"]["text"] > 300


@pytest.mark.parametrize("name", [p.name for p in SAMPLES])
def test_every_cue_is_highlighted_while_it_is_spoken(drives: dict[str, Future[dict[str, Any]]], name: str) -> None:
    report = drives[name].result()
    assert report["cueMisses"] == []
    cues = {c["id"] for c in report["timings"]["cues"]}
    assert "title" in cues and cues & {"deck", "byline", "date"}  # the frame is highlighted, not only sentences


@pytest.mark.parametrize("name", [p.name for p in SAMPLES])
def test_the_player_controls(drives: dict[str, Future[dict[str, Any]]], name: str) -> None:
    report = drives[name].result()
    timings = report["timings"]
    # "read from here": quiet at rest, shown on hover and on focus, named with its paragraph's words
    assert report["revealRest"] < 1 and report["revealHover"] == 1 and report["revealFocus"] == 1
    assert report["readFromHereName"].count(":") >= 1 and len(report["readFromHereName"]) > 20
    first = next(c for c in timings["cues"] if c["id"] == report["readFromHereCue"])
    assert first["start"] - 0.1 <= report["readFromHereTime"] <= first["start"] + 1.5
    # the progress bar moves the audio by keyboard; the clock shows elapsed and total time
    assert report["afterArrow"] == pytest.approx(21, abs=0.6)
    total = int(timings["duration"] + 0.5)
    assert report["clock"] == report["valueText"] == f"0:21 / {total // 60}:{total % 60:02d}"
    assert report["marks"] == len(timings["sections"]) - 1
    # the page takes up where the listener stopped
    assert report["resumedAt"] == pytest.approx(report["afterArrow"], abs=1.1)
    assert report["resumedClock"].startswith("0:2")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_highlight_has_contrast_in_both_schemes(pages: dict[str, Path], scheme: str) -> None:
    assert axe(pages["reading-room.md"], scheme=scheme, highlight=True) == []


def test_read_along_page_is_self_contained(pages: dict[str, Path]) -> None:
    page = parse_page(pages["reading-room.md"])
    csp = page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "default-src 'none'" in csp and "media-src data:" in csp and "script-src 'sha256-" in csp
    assert "unsafe-inline" not in csp
    assert page.xpath("//audio/@src")[0].startswith("data:audio/mpeg;base64,")
    assert page.xpath("//audio/track[@kind='captions']/@src")[0].startswith("data:text/vtt;base64,")
    assert not [a for el in page.iter() if isinstance(el.tag, str) for a in el.attrib if a.startswith("on")]
    assert len(page.xpath("//span[@class='sentence']")) >= 15


def test_caption_track_is_named_in_its_language(pages: dict[str, Path]) -> None:
    labels = {name: parse_page(path).xpath("//audio/track/@label") for name, path in pages.items()}
    assert labels["mercado.md"] == ["Español"]
    assert labels["reading-room.md"] == ["English"]


SCREENS = ROOT / "tests" / "expected" / "screens"
"""The first screen of the seed's read-along page in each colour scheme, as it should look
(rewrite with ``REGENERATE_SCREENS=1`` after a deliberate change of layout, and look at them)."""


def _differing_share(got: Path, want: Path) -> float:
    """The share of pixels that differ visibly (by more than 48 of 255 in a channel)."""
    from PIL import Image, ImageChops

    with Image.open(got) as a, Image.open(want) as b:
        if a.size != b.size:
            return 1.0
        difference = ImageChops.difference(a.convert("RGB"), b.convert("RGB")).convert("L")
        changed = sum(difference.point(lambda value: 255 if value > 48 else 0).histogram()[255:])
        return changed / (a.size[0] * a.size[1])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_first_screen_looks_as_designed(pages: dict[str, Path], scheme: str, tmp_path: Path) -> None:
    got = tmp_path / f"{scheme}.png"
    subprocess.run(["node", str(ROOT / "tests" / "js" / "screenshot.mjs"), str(pages["reading-room.md"]), str(got),
                    scheme, "1000", "800"], check=True, timeout=120)  # fmt: skip
    want = SCREENS / f"reading-room-{scheme}.png"
    if os.environ.get("REGENERATE_SCREENS"):
        shutil.copyfile(got, want)
    assert _differing_share(got, want) < 0.01  # a moved block, a lost player or a new colour fails
