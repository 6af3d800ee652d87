"""``triptych build --publish`` and ``triptych publish``: the podcast feed, the OPDS catalogue and the
index page of a batch, checked with the real parts (feedparser, jsonschema with our OPDS 2.0
schema, axe-core in Chromium, ffprobe for the MP3's own chapters).

One build of the four samples and a broken article, with every edition and ``--check``, is shared
by the module."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import feedparser
import pytest
from lxml import etree
from PIL import Image

from triptych.check.validation import A11Y, CHAPTERS, OPDS_FEED, schema_problems

from .checkers import axe_pages
from .helpers import ARTICLES, BAD, ROOT, SAMPLES, parse_page, probe, run_cli

BASE = "https://example.org/editions/"
EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}
CHANNEL = """\
title = "The Riverside Ledger, read aloud"
description = "The day's stories as audio, books and web pages."
language = "en"
image = "cover.png"
category = "News/Daily News"
[owner]
name = "Audio desk"
email = "audio@example.org"
"""
ACQUISITION = "http://opds-spec.org/acquisition"
OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}


def _cli(*args: str | Path, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *map(str, args)],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, **EPOCH}, timeout=timeout, check=False,
    )  # fmt: skip


def _channel(folder: Path, text: str = CHANNEL) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (1400, 1400), (20, 60, 120)).save(folder / "cover.png")
    (folder / "channel.toml").write_text(text, encoding="utf-8")
    return folder / "channel.toml"


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, speech_cache: Path
) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    """The four samples and a broken article, built with every edition and --check, then published."""
    root = tmp_path_factory.mktemp("publishing")
    src = root / "src"
    src.mkdir()
    shutil.copytree(ARTICLES / "images", src / "images")
    for sample in SAMPLES:
        shutil.copy(sample, src / sample.name)
    shutil.copy(BAD / "bad-frontmatter.md", src / "bad-frontmatter.md")
    channel = _channel(root / "config")
    out = root / "out"
    result = _cli("build", src, "-o", out, "-j", "2", "--check", "--publish", "--base-url", BASE.rstrip("/"),
                  "--channel", channel)  # fmt: skip
    return out, channel, result


def _folders(out: Path) -> list[Path]:
    return sorted(p for p in out.iterdir() if p.is_dir())


def _local(url: str, out: Path) -> Path:
    assert url.startswith(BASE), url
    return out / url.removeprefix(BASE)


def _opf(book: Path) -> Any:
    with zipfile.ZipFile(book) as archive:
        return etree.fromstring(archive.read("EPUB/content.opf"))


def test_a_build_publishes_all_three_and_leaves_the_broken_article_out(site: Any) -> None:
    out, _, result = site
    assert result.returncode == 1, result.stderr  # the broken article failed; the rest is published
    assert "left out" in result.stderr and "bad-frontmatter.md" in result.stderr
    assert "published 4 episode(s), 4 book(s), 4 article(s)" in result.stdout
    for name in ("feed.xml", "catalog.json", "index.html", "channel.png"):
        assert (out / name).is_file(), name
    assert len(_folders(out)) == 4


def test_the_feed_parses_and_every_enclosure_is_the_file_it_says(site: Any) -> None:
    out, _, _ = site
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    channel = feed.feed
    assert channel.title == "The Riverside Ledger, read aloud" and channel.language == "en"
    assert channel.subtitle == "The day's stories as audio, books and web pages."  # the description
    assert channel.image.href == f"{BASE}channel.png" and _local(channel.image.href, out).is_file()
    assert {t.term for t in channel.tags} == {"News", "Daily News"}  # itunes:category and its subcategory
    raw: Any = etree.parse(str(out / "feed.xml")).getroot().find("channel")
    itunes = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd"}
    assert raw.findtext("itunes:explicit", namespaces=itunes) == "false"  # feedparser reads only "yes" as a value
    assert raw.find("itunes:image", itunes).get("href") == channel.image.href
    assert channel.publisher_detail.email == "audio@example.org"  # itunes:owner
    assert channel.updated == "Thu, 01 Jan 2026 00:00:00 +0000"  # SOURCE_DATE_EPOCH
    assert len(feed.entries) == 4
    dates = [e.published_parsed for e in feed.entries]
    assert dates == sorted(dates, reverse=True)  # newest first
    for entry in feed.entries:
        (enclosure,) = entry.enclosures
        mp3 = _local(enclosure.href, out)
        assert mp3.is_file() and int(enclosure.length) == mp3.stat().st_size and enclosure.type == "audio/mpeg"
        book = mp3.with_suffix(".epub")
        assert entry.id == _opf(book).findtext(".//dc:identifier", namespaces=OPF)  # the EPUB's identifier
        assert entry.guidislink is False and entry.itunes_duration.count(":") == 2 and entry.author
        duration = float(probe(mp3)["format"]["duration"])
        hours, minutes, seconds = map(int, entry.itunes_duration.split(":"))
        assert abs(hours * 3600 + minutes * 60 + seconds - duration) <= 1


def test_transcripts_and_chapters_are_the_audio_editions_own(site: Any) -> None:
    out, _, _ = site
    root = etree.parse(str(out / "feed.xml")).getroot()
    ns = {"podcast": "https://podcastindex.org/namespace/1.0"}
    items: list[Any] = root.findall("channel/item")
    assert len(items) == 4
    for item in items:
        mp3 = _local(item.find("enclosure").get("url"), out)
        transcript = item.find("podcast:transcript", ns)
        assert transcript.get("type") == "text/vtt" and _local(transcript.get("url"), out) == mp3.with_suffix(".vtt")
        chapters_link = item.find("podcast:chapters", ns)
        assert chapters_link.get("type") == "application/json+chapters"
        chapters = json.loads(_local(chapters_link.get("url"), out).read_text(encoding="utf-8"))
        assert schema_problems(chapters, CHAPTERS) == []
        in_mp3 = probe(mp3)["chapters"]  # what the MP3 itself carries (ID3 CHAP)
        assert [c["title"] for c in chapters["chapters"]] == [c["tags"]["title"] for c in in_mp3]
        for ours, theirs in zip(chapters["chapters"], in_mp3, strict=True):
            assert abs(ours["startTime"] - float(theirs["start_time"])) < 0.002
            assert abs(ours["endTime"] - float(theirs["end_time"])) < 0.002


def test_the_catalogue_is_valid_opds_2_with_the_books_accessibility_metadata(site: Any) -> None:
    out, _, _ = site
    catalog = json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    assert schema_problems(catalog, OPDS_FEED) == []
    publications = catalog["publications"]
    assert len(publications) == 4 == catalog["metadata"]["numberOfItems"]
    for publication in publications:
        (acquisition,) = [link for link in publication["links"] if link["rel"].startswith("http://opds-spec.org/")]
        assert acquisition["type"] == "application/epub+zip"
        book = _local(acquisition["href"], out)
        opf = _opf(book)
        metadata = publication["metadata"]
        assert metadata["identifier"] == opf.findtext(".//dc:identifier", namespaces=OPF)
        assert metadata["title"] == opf.findtext(".//dc:title", namespaces=OPF)
        assert metadata["language"] == opf.findtext(".//dc:language", namespaces=OPF)

        def props(name: str, opf: Any = opf) -> list[str]:
            return [m.text for m in opf.iterfind(f".//opf:meta[@property='{name}']", OPF)]

        a11y = metadata["accessibility"]
        assert a11y["accessMode"] == props("schema:accessMode")
        assert a11y["feature"] == props("schema:accessibilityFeature")
        assert a11y["hazard"] == props("schema:accessibilityHazard")
        assert a11y["summary"] == props("schema:accessibilitySummary")[0]
        assert [",".join(s) for s in a11y["accessModeSufficient"]] == props("schema:accessModeSufficient")
        assert props("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]  # --check passed it
        assert a11y["conformsTo"] == ["https://www.w3.org/TR/epub-a11y-11#wcag-2.2-aa"]
        assert a11y["certification"]["certifiedBy"] == props("a11y:certifiedBy")[0]
        assert schema_problems(a11y, A11Y) == []


def _tiny_catalogue() -> dict[str, Any]:
    """A catalogue of one book, valid: what the schema asks and no more."""
    book = {
        "metadata": {"title": "A book", "identifier": "urn:uuid:7d4b5a36-0c1e-4f7c-9a52-2f1d7c3e9b10"},
        "links": [{"rel": f"{ACQUISITION}/open-access", "href": "a/a.epub", "type": "application/epub+zip"}],
        "images": [{"href": "cover.png", "type": "image/png"}],
    }
    links = [{"rel": "self", "href": f"{BASE}catalog.json"}]
    return {"metadata": {"title": "Books"}, "links": links, "publications": [book]}


def test_the_opds_schema_refuses_a_book_without_a_title_or_an_acquisition_link() -> None:
    assert schema_problems(_tiny_catalogue(), OPDS_FEED) == []
    untitled = _tiny_catalogue()
    del untitled["publications"][0]["metadata"]["title"]
    assert [where for where, _ in schema_problems(untitled, OPDS_FEED)] == ["$.publications[0].metadata"]
    unobtainable = _tiny_catalogue()
    unobtainable["publications"][0]["links"][0]["rel"] = "alternate"
    assert [where for where, _ in schema_problems(unobtainable, OPDS_FEED)] == ["$.publications[0].links"]
    untyped = _tiny_catalogue()
    del untyped["publications"][0]["links"][0]["type"]
    assert [where for where, _ in schema_problems(untyped, OPDS_FEED)] == ["$.publications[0].links"]
    assert schema_problems({"feature": ["pageNavigation", "someFutureFeature"]}, A11Y) == []  # an open vocabulary
    assert [where for where, _ in schema_problems({"hazard": ["maybe"]}, A11Y)] == ["$.hazard[0]"]


def test_the_index_page_lists_every_article_newest_first_and_passes_axe(site: Any) -> None:
    out, _, _ = site
    page = parse_page(out / "index.html")
    assert page.get("lang") == "en" and not page.xpath("//script")
    assert len(page.xpath("//header")) == 1 and len(page.xpath("//main")) == 1 and len(page.xpath("//footer")) == 1
    assert len(page.xpath("//h1")) == 1
    alternates = {link.get("href"): link.get("type") for link in page.xpath("//head/link[@rel='alternate']")}
    assert alternates == {"feed.xml": "application/rss+xml", "catalog.json": "application/opds+json"}
    feed_titles = [e.title for e in feedparser.parse((out / "feed.xml").read_bytes()).entries]
    assert [h.text_content() for h in page.xpath("//main//article/h2")] == feed_titles  # newest first
    for link in page.xpath("//main//a[@href]"):
        assert (out / link.get("href")).is_file(), link.get("href")
    facts = " ".join(page.xpath("//main//span[@class='facts']/text()"))
    assert "MP3, " in facts and " min " in facts and " kB" in facts
    found = axe_pages([out / "index.html"]) | {
        Path("dark"): axe_pages([out / "index.html"], scheme="dark")[out / "index.html"]
    }
    assert all(v == [] for v in found.values()), found


def test_triptych_check_passes_the_feed_and_the_catalogue(site: Any, tmp_path: Path) -> None:
    out, _, _ = site
    result = run_cli("check", out / "feed.xml", out / "catalog.json", "-o", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads((tmp_path / "feed.report.json").read_text(encoding="utf-8"))
    assert [(e["kind"], e["verdict"]) for e in report["editions"]] == [("feed", "pass"), ("catalogue", "pass")]


def test_triptych_check_finds_a_wrong_length_and_a_missing_book(site: Any, tmp_path: Path) -> None:
    out, _, _ = site
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    feed = (copy / "feed.xml").read_text(encoding="utf-8")
    first = feed.index('length="') + len('length="')
    (copy / "feed.xml").write_text(feed[:first] + "1" + feed[first:], encoding="utf-8")
    next(copy.glob("*/*.epub")).unlink()
    result = run_cli("check", copy / "feed.xml", copy / "catalog.json", "-o", tmp_path)
    assert result.returncode == 1
    report = json.loads((tmp_path / "feed.report.json").read_text(encoding="utf-8"))
    rules = {e["kind"]: [f["rule"] for f in e["findings"]] for e in report["editions"]}
    assert rules == {"feed": ["enclosure-file"], "catalogue": ["acquisition-file"]}


def test_an_unchanged_batch_rewrites_nothing(site: Any) -> None:
    out, channel, _ = site
    published = [out / "feed.xml", out / "catalog.json", out / "index.html", out / "channel.png",
                 *out.glob("*/*.chapters.json")]  # fmt: skip
    assert len(published) == 8

    def snapshot() -> dict[Path, tuple[int, int, bytes]]:
        return {p: (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes()) for p in published}

    before = snapshot()
    again = _cli("publish", out, "--base-url", BASE, "--channel", channel)
    assert again.returncode == 0, again.stderr
    assert "0 file(s) written, 8 unchanged" in again.stdout
    assert snapshot() == before


def test_a_channel_without_a_required_field_stops_with_one_line(tmp_path: Path, site: Any) -> None:
    out, _, _ = site
    broken = _channel(tmp_path / "config", CHANNEL.replace('email = "audio@example.org"\n', ""))
    result = run_cli("publish", out, "--base-url", BASE, "--channel", broken)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "has no 'owner.email'" in result.stderr and str(broken) in result.stderr
    no_url = run_cli("publish", out, "--channel", broken)
    assert no_url.returncode == 2 and "--base-url" in no_url.stderr
    bad_url = run_cli("publish", out, "--base-url", "ftp://example.org/", "--channel", broken)
    assert bad_url.returncode == 2 and "not the http or https address" in bad_url.stderr
