"""Property-based tests: whatever bytes a reader gets, it gives an article that renders (web page,
EPUB, speech script), or our error, never another exception and never a hang (each case is
bounded by hypothesis' deadline)."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from exporters.epub import EpubExporter
from exporters.html import render_web_page
from triptych import read_article
from triptych.errors import EXIT_BAD_INPUT, TriptychError
from triptych.exporter import ExportContext
from triptych.model import block_text
from triptych.readers import read_source
from triptych.speech.script import speech_script

TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=400)
MARKDOWN_PIECES = ["# ", "## ", "\n\n", "---\n", "title: x\n", "- ", "1. ", "> ", "| a | b |\n|---|---|\n", "[^1]",
                   "[^1]: n\n", "*", "**", "`", "[l](http://x)", "<b>", "</b>", "<script>", "&amp;", "&#0;", "\x00",
                   "é", "🙂", ":", "\n", " ", "\x0c", "\x1f"]  # fmt: skip
HTML_PIECES = ["<html>", "<article>", "<h1>", "</h1>", "<p>", "</p>", "<table><tr><th colspan=9999999>",
               "<td rowspan=0>", "<ol start=-5>", "<li>", "<dl><dt>", "<dd>", "<figure><img src=x alt=y><figcaption>",
               "<a href='#fn1'>", "<section class=footnotes><ol><li id=fn1>", "<script>", "<style>", "<!--", "-->",
               "<![CDATA[", "<?xml version='1.0'?>", "<!DOCTYPE x [<!ENTITY a 'b'>]>", "&a;", "<span lang=''>",
               "<span lang='fr'>", "<br>", "<pre>", "<code>", "<q>"]  # fmt: skip
MARKDOWN = st.lists(st.sampled_from(MARKDOWN_PIECES) | TEXT, max_size=30).map("".join)
HTML = st.lists(st.sampled_from(HTML_PIECES) | TEXT, max_size=30).map("".join)
SETTINGS = settings(max_examples=200, deadline=3000, suppress_health_check=[HealthCheck.too_slow])


def _reads_or_refuses(suffix: str, content: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"article{suffix}"
        path.write_bytes(content.encode("utf-8", "surrogatepass"))
        try:
            reading = read_source(path)
            article = reading.article
        except TriptychError as exc:
            status = exc.exit_status
            assert status == EXIT_BAD_INPUT
            return
        context = ExportContext(article=article, media=reading.media, work_root=Path(folder) / "work")
        page = render_web_page(article, context)
        assert page.startswith(b"<!DOCTYPE html>")
        book = Path(folder) / "article.epub"
        EpubExporter().export(article, book, context)
        with zipfile.ZipFile(book) as epub:  # every document of the book is well-formed XML
            for name in epub.namelist():
                if name.endswith((".xhtml", ".opf", ".ncx")):
                    etree.fromstring(epub.read(name))
        assert all(segment.spoken.strip() for segment in speech_script(article))


@SETTINGS
@given(TEXT)
def test_any_text_file(content: str) -> None:
    _reads_or_refuses(".txt", content)


@SETTINGS
@given(MARKDOWN)
def test_any_markdown_file(content: str) -> None:
    _reads_or_refuses(".md", content)


@SETTINGS
@given(HTML)
def test_any_web_page(content: str) -> None:
    _reads_or_refuses(".html", content)
    _reads_or_refuses(".xhtml", content)


@pytest.mark.parametrize(("raw", "expected"), [("A\x1fB", "AB"), ("A\x0cB", "A\nB"), ("A\x00B", None)])
def test_control_characters_are_removed_or_refused(tmp_path: Path, raw: str, expected: str | None) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"Title\n\nBody {raw} here.\n", encoding="utf-8")
    if expected is None:  # a NUL byte means binary data
        with pytest.raises(TriptychError, match="binary"):
            read_article(path)
        return
    article = read_article(path)
    assert block_text(article.blocks[0]) == f"Body {expected} here.".replace("\n", " ")
    assert any("control character" in w for w in article.warnings) == ("\x1f" in raw)
