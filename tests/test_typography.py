"""Typographic quotes, apostrophes, dashes and ellipses by the article's language: the same for
every reader, in every edition; code and addresses untouched (issue 20)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from triptych import read_article
from triptych.model import Code, Link, Paragraph, block_text

from .helpers import Library
from .pdf_structure import page_texts

NNBSP = "\u202f"
CASES = {
    "en": ('"Stay," she said -- it\'s the \'old\' hall...', "“Stay,” she said – it’s the ‘old’ hall…"),
    "fr": ('Il a dit "restez" ! C\'est l\'ancienne halle...',
           f"Il a dit «{NNBSP}restez{NNBSP}»{NNBSP}! C’est l’ancienne halle…"),
    "de": ('Sie sagte "bleiben" -- es ist die \'alte\' Halle.', "Sie sagte „bleiben“ – es ist die ‚alte‘ Halle."),
    "es": ('Dijo "quédense" y es el \'viejo\' mercado.', "Dijo «quédense» y es el “viejo” mercado."),
    "ja": ('「こんにちは」と"彼"は言った。', '「こんにちは」と"彼"は言った。'),
}  # fmt: skip
"""Per language: what the source typed, and what every edition shows."""


def _write(tmp_path: Path, reader: str, language: str, text: str) -> Path:
    if reader == "txt":
        path = tmp_path / "story.txt"
        path.write_text(f"The Hall\n\n{text}\n", encoding="utf-8")
    elif reader == "md":
        path = tmp_path / "story.md"
        path.write_text(f"---\ntitle: The Hall\nlanguage: {language}\n---\n\n{text}\n", encoding="utf-8")
    else:
        path = tmp_path / "story.html"
        escaped = text.replace("&", "&amp;").replace("<", "&lt;")
        path.write_text(f"<!DOCTYPE html><html lang='{language}'><head><meta charset='utf-8'><title>The Hall</title>"
                        f"</head><body><article><h1>The Hall</h1><p>{escaped}</p></article></body></html>",
                        encoding="utf-8")  # fmt: skip
    return path


@pytest.mark.parametrize("reader", ["txt", "md", "html"])
@pytest.mark.parametrize("language", sorted(CASES))
def test_every_reader_sets_the_languages_quotes(tmp_path: Path, reader: str, language: str) -> None:
    typed, expected = CASES[language]
    article = read_article(_write(tmp_path, reader, language, typed), language=language)
    assert [block_text(b) for b in article.blocks] == [expected]


def test_quotes_pair_across_emphasis_and_code_is_left_as_typed(tmp_path: Path) -> None:
    source = tmp_path / "story.md"
    source.write_text(
        '---\ntitle: "The \'new\' hall"\nauthors: ["Siobhan O\'Neill"]\n---\n\n'
        '"A *hall* for all," they wrote: `print("don\'t")` and [the "plan"](https://example.org/a"b).\n',
        encoding="utf-8",
    )
    article = read_article(source)
    assert article.meta.title == "The ‘new’ hall"
    assert article.meta.authors == ("Siobhan O’Neill",)
    (paragraph,) = article.blocks
    assert isinstance(paragraph, Paragraph)
    assert block_text(paragraph).startswith("“A hall for all,” they wrote:")
    codes = [n for n in paragraph.children if isinstance(n, Code)]
    links = [n for n in paragraph.children if isinstance(n, Link)]
    assert [c.text for c in codes] == ['print("don\'t")']  # code as typed
    assert links[0].href == "https://example.org/a%22b" and block_text(paragraph).endswith("the “plan”.")


def test_typographic_text_reaches_every_edition(editions: Library) -> None:
    made = editions("reading-room.md")
    quote = "“I used to wait three weeks for a book,”"
    assert quote in made.html.read_text(encoding="utf-8")
    with zipfile.ZipFile(made.epub) as book:
        assert quote in book.read("EPUB/article.xhtml").decode("utf-8")
    assert quote in " ".join(page_texts(made.pdf)[0].split())  # what a screen reader gets
    captions = made.vtt.read_text(encoding="utf-8")
    assert quote in captions and "library’s director" in captions  # captions keep the typographic text


def test_addresses_paths_and_markup_written_out_are_left_as_typed(tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    source.write_text(
        "The Hall\n\nSee dot.example.gov/harbor-bridge -- or https://../ and ../../etc/passwd, "
        "<b>'bold'</b> and a.b@example.org, and so on... \"Quoted\".\n",
        encoding="utf-8",
    )
    (paragraph,) = read_article(source).blocks
    assert block_text(paragraph) == (
        "See dot.example.gov/harbor-bridge – or https://../ and ../../etc/passwd, "
        "<b>'bold'</b> and a.b@example.org, and so on… “Quoted”."
    )
