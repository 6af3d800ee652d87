"""Nothing lost without a word (issue 22): what a reader or an exporter would drop, overwrite or
garble silently is refused, kept, or said."""

from __future__ import annotations

import json
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree

from triptych.readers import read_article
from triptych.run import export

from .checkers import epubcheck, epubcheck_problems
from .helpers import BAD, made_path, parse_page, probe, run_cli


def _one_line_refusal(result: subprocess.CompletedProcess[str], *words: str) -> str:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


# --- raw HTML nested too deep ---------------------------------------------------------------------


def test_markdown_raw_html_nested_deeper_than_libxml2_reads_is_refused_like_a_page(tmp_path: Path) -> None:
    source = BAD / "loss-deep-html.md"
    result = run_cli("export", source, "-f", "html", "-o", tmp_path / "out")
    _one_line_refusal(result, str(source), "nests its elements too deeply")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


# --- two sources, one title ---------------------------------------------------------------------


def test_export_of_two_sources_with_one_title_numbers_the_second(tmp_path: Path) -> None:
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.write_text("# Same title\n\nThe first article's only paragraph.\n", encoding="utf-8")
    second.write_text("# Same title\n\nThe second article's only paragraph.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("export", first, second, "-f", "html", "-o", out)
    assert result.returncode == 0, result.stderr
    assert "first article" in parse_page(out / "same-title.html").text_content()
    assert "second article" in parse_page(out / "same-title-2.html").text_content()
    manifests = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.manifest.json")}
    assert {name: data["source"]["path"] for name, data in manifests.items()} == {
        "same-title.manifest.json": str(first),
        "same-title-2.manifest.json": str(second),
    }


# --- a few bad bytes in UTF-8 ----------------------------------------------------------------------


def test_utf8_with_a_few_bad_bytes_stays_utf8_and_says_where() -> None:
    article = read_article(BAD / "loss-bad-bytes.txt")
    assert article.meta.title == "Café owners meet in Zürich"  # not mojibake in a legacy code page
    text = json.dumps(list(article.warnings))
    assert "line 5, column 10" in text and "line 5, column 42" in text
    assert "decoded as" not in text
    body = " ".join(str(b) for b in article.blocks)
    assert "crème brûlée" in body and "« non »" in body and "\ufffd" in body


def test_a_legacy_code_page_is_still_read_as_one() -> None:
    article = read_article(BAD / "latin1.txt")
    assert any("decoded as cp1252" in w for w in article.warnings)


def test_utf16_without_a_byte_order_mark_is_read_not_called_binary() -> None:
    article = read_article(BAD / "loss-utf16-no-bom.txt")
    assert article.meta.title == "Harbour fog delays the ferries"
    assert any("UTF-16-LE (it has no byte-order mark)" in w for w in article.warnings)


# --- ids unique across everything the editions generate --------------------------------------------

COLLIDING = """---
title: "Headings named like the editions' own parts"
---

The article's first paragraph, with a note.[^1]

## Title

Under a heading named Title.

## Notes

Under a heading named Notes.

## Deck

## Narration

## Page 1

## Toc

## Cover title

## Lead image

## Player speed

## P 1234abcd

Some words under the last heading.

[^1]: The note.
"""


def _ids(root: etree._Element) -> list[str]:
    return [str(el.get("id")) for el in root.iter() if isinstance(el.tag, str) and el.get("id")]


def test_headings_named_like_generated_ids_keep_every_id_unique(tmp_path: Path) -> None:
    source = tmp_path / "colliding.md"
    source.write_text(COLLIDING, encoding="utf-8")
    result = export(source, "html,epub,pdf,audio", tmp_path / "out", options={"narrated": "yes"})
    assert result.ok, [o.error for o in result.outputs]
    page = made_path(next(o.path for o in result.outputs if o.format == "html"))
    ids = _ids(etree.fromstring(page.read_bytes(), etree.HTMLParser()))
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    book = made_path(next(o.path for o in result.outputs if o.format == "epub"))
    with zipfile.ZipFile(book) as archive:
        for name in archive.namelist():
            if name.endswith(".xhtml"):
                found = _ids(etree.fromstring(archive.read(name)))
                assert [i for i, n in Counter(found).items() if n > 1] == [], name
    assert epubcheck_problems(epubcheck([book])[book]) == []
    index = json.loads(result.manifest.with_name(f"{result.slug}.index.json").read_text(encoding="utf-8"))
    entries = [e["id"] for e in index["entries"]]
    assert [i for i, n in Counter(entries).items() if n > 1] == []


# --- audio metadata ------------------------------------------------------------------------------

SPECIAL = "a=b;c#d\\e [CHAPTER] x\\"
"""Every character FFMETADATA treats specially (= ; # \\ and a section header), ending in a backslash."""


def test_audio_metadata_keeps_every_special_character(tmp_path: Path) -> None:
    source = tmp_path / "special.md"
    title = f"Title {SPECIAL}"
    source.write_text(
        f'---\ntitle: "{title.replace(chr(92), chr(92) * 2)}"\nlanguage: fr\n---\n\nLe premier paragraphe.\n\n'
        f"## Partie {SPECIAL}\n\nLe texte de la partie.\n\n## Fin \\\\\n\nLa fin.\n",
        encoding="utf-8",
    )
    result = export(source, "audio", tmp_path / "out")
    assert result.ok, [o.error for o in result.outputs]
    data = probe(made_path(result.outputs[0].path))
    tags = data["format"]["tags"]
    assert tags["title"] == title
    assert tags["language"] == "fra"
    titles = [c["tags"]["title"] for c in data["chapters"]]
    assert titles == [title, f"Partie {SPECIAL}", "Fin \\"]


def test_audio_tags_with_a_newline_and_a_trailing_backslash_reach_the_file(tmp_path: Path) -> None:
    from triptych.speech.encode import encode
    from triptych.speech.engine import SAMPLE_RATE, Voice
    from triptych.speech.narration import Narration, Timing
    from triptych.speech.script import Segment

    wav = tmp_path / "n.wav"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=d=2", "-ar", str(SAMPLE_RATE),
                    "-ac", "1", str(wav)], check=True)  # fmt: skip
    chapters = ["one\nline two\\", "two = ; # \\"]
    timings = tuple(
        Timing(
            Segment(id=f"s{i}", block_id=None, kind="heading", text=t, spoken=t, pause_before=0.0, chapter=t),
            i * SAMPLE_RATE,
            (i + 1) * SAMPLE_RATE,
        )
        for i, t in enumerate(chapters)
    )
    narration = Narration(wav, 2 * SAMPLE_RATE, timings, Voice("en", "en", ("en",)), 175, "test")
    target = tmp_path / "out.mp3"
    tags = {"title": "first\nsecond\\", "artist": "a;b=c#d\\", "language": "eng"}
    encode(narration, target, "mp3", tags, timeout=60)
    data = probe(target)
    assert {k: data["format"]["tags"][k] for k in tags} == tags
    assert [c["tags"]["title"] for c in data["chapters"]] == chapters


# --- an invisible title -----------------------------------------------------------------------------


def test_a_title_of_invisible_characters_is_no_title(tmp_path: Path) -> None:
    source = BAD / "loss-invisible-title.md"
    result = run_cli("export", source, "-f", "html", "-o", tmp_path / "out")
    _one_line_refusal(result, str(source), "no title", "invisible")
    text = tmp_path / "zw.txt"
    text.write_text("\u200b\u3164\u2800\n\nThe paragraphs are there.\n", encoding="utf-8")
    _one_line_refusal(run_cli("export", text, "-f", "html", "-o", tmp_path / "out"), "no title")


def test_an_empty_title_says_it_is_empty(tmp_path: Path) -> None:
    source = tmp_path / "empty-title.md"
    source.write_text('---\ntitle: ""\n---\n\nThe body.\n', encoding="utf-8")
    line = _one_line_refusal(run_cli("inspect", source), f"{source}:2:", "'title': is empty")
    assert "got str" not in line
