"""The web edition: semantic, self-contained, accessible HTML5 for every sample article."""

from __future__ import annotations

import base64
import itertools
from pathlib import Path
from typing import Any

import pytest

from triptych import export

from .helpers import ARTICLES, SAMPLES, Library, parse_page


def _export(source: Path, out: Path) -> Any:
    result = export(source, "html", out)
    assert result.ok, result.outputs
    assert result.warnings == ()
    page = result.outputs[0].path
    assert page is not None
    return parse_page(page)


def _levels(page: Any) -> list[int]:
    return [int(h.tag[1]) for h in page.iter("h1", "h2", "h3", "h4", "h5", "h6")]


def _page(editions: Library, name: str) -> Any:
    """The shared web page of an article, made alone (no audio, so no read-along)."""
    return parse_page(editions(f"{name}+web").html)


@pytest.mark.parametrize("source", SAMPLES, ids=lambda p: p.name)
def test_every_sample_gives_a_valid_web_edition(editions: Library, source: Path) -> None:
    page = _page(editions, source.name)
    assert page.get("lang")
    assert page.get("dir") == "ltr"
    assert len(page.findall(".//h1")) == 1
    assert len(page.findall(".//article")) == 1
    levels = _levels(page)
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    assert page.findtext(".//title")
    for img in page.iter("img"):
        assert img.get("alt") is not None
        assert img.get("src", "").startswith("data:image/")
    for th in page.iter("th"):
        assert th.get("scope") in ("col", "row")
    assert page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0].startswith("default-src 'none'")
    assert not page.xpath("//script | //link | //iframe")


def test_reading_room_structure(editions: Library) -> None:
    page = _page(editions, "reading-room.md")
    header = page.find(".//article/header")
    assert header is not None
    assert header.findtext("h1", "").startswith("City Library Opens")
    assert header.xpath("string(p[@role='doc-subtitle'])").startswith("A month in")
    assert header.xpath("string(p[@class='byline'])") == "By Dana Whitfield and Marcus Oyelaran"
    assert header.xpath("p[@class='dateline']/time/@datetime") == ["2026-10-14T08:30-05:00"]
    assert header.xpath("string(p[@class='dateline'])") == "October 14, 2026, 8:30\u202fAM"
    lead = page.find(".//figure[@class='lead-image']")
    assert lead is not None
    img = lead.find("img")
    assert img is not None
    assert img.get("alt", "").startswith("Bar chart of weekly visits")
    embedded = base64.b64decode(img.get("src", "").split(",", 1)[1])
    assert embedded == (ARTICLES / "images" / "reading-room-visits.png").read_bytes()
    assert (
        lead.xpath("string(figcaption)")
        == "Weekly visits to the audio reading room since it opened. Riverside Public Library"
    )
    sections = page.xpath("//article/section[@aria-labelledby][not(@role)]")
    assert [s.xpath("string(h2)") for s in sections] == ["Who uses the room", "The numbers", "What comes next"]
    table = page.find(".//table")
    assert table is not None
    assert table.xpath("thead/tr/th/@scope") == ["col", "col", "col"]
    assert table.xpath("tbody/tr[1]/td/@class") == ["align-right", "align-right"]
    assert page.xpath("string(//blockquote)").strip().startswith("We built this room")
    ref = page.find(".//sup/a[@role='doc-noteref']")
    assert ref is not None and ref.get("href") == "#note-1"
    notes = page.find(".//section[@role='doc-endnotes']")
    assert notes is not None
    back = notes.find(".//a[@role='doc-backlink']")
    assert back is not None and back.get("href") == f"#{ref.get('id')}"


def test_every_construct_renders(editions: Library) -> None:
    page = _page(editions, "everything.md")
    assert page.get("lang") == "en-GB"
    assert _levels(page) == [1, 2, 2]  # "###" becomes h2 (no skipped level); then the notes
    assert page.xpath("//span[@lang='fr']/text()") == ["bonjour"]
    assert page.xpath("//a[em]/@href") == ["https://example.org/a"]
    assert page.xpath("//img[@alt='']")  # decorative stays decorative
    assert page.xpath("//figure[img[@alt='A chart of visits']]/figcaption/text()") == ["Visits by week"]
    assert page.xpath("//p[@class='image-unavailable']/text()") == ["Image (not included): A decorative flourish"]
    assert page.xpath("//th[@colspan='2']/@scope") == ["col"]
    assert page.xpath("//tbody/tr/th/@scope") == ["row"]
    assert page.xpath("//dl/dt/text()") == ["Term"]
    assert page.find(".//hr") is not None
    assert page.find(".//br") is not None
    assert page.xpath("//ol/li/ul/li//text()") == ["nested"]
    assert page.xpath("//a/@href")[-2:] == ["mailto:desk@example.org", "#ref-note-1"]
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids))


def test_right_to_left_article(tmp_path: Path) -> None:
    source = tmp_path / "ar.md"
    source.write_text("---\ntitle: عنوان المقال\nlanguage: ar\ndate: 2026-03-01\n---\n\nنص المقال.\n", encoding="utf-8")
    page = _export(source, tmp_path / "out")
    assert page.get("dir") == "rtl" and page.get("lang") == "ar"
    assert page.xpath("string(//time)") == "1 مارس 2026"


def test_sections_headed_by_the_same_words_are_not_two_landmarks_of_one_name(tmp_path: Path) -> None:
    source = tmp_path / "story.md"
    source.write_text(
        "---\ntitle: Twice\n---\n\nIntro.\n\n## Background\n\nOne.\n\n## What next\n\nTwo.\n\n"
        "## Background\n\nThree.\n",
        encoding="utf-8",
    )
    result = export(source, ["html"], tmp_path / "out")
    assert result.ok and result.outputs[0].path is not None
    page = parse_page(result.outputs[0].path)
    named = [page.xpath(f"string(//*[@id='{i}'])") for i in page.xpath("//section/@aria-labelledby")]
    assert named == ["What next"]  # the two "Background" sections stay plain sections
    assert len(page.xpath("//section")) == 3
