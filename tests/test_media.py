"""The media bag: an article's images are read and checked once, when it is read, and every
edition takes them from there."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pikepdf
import pytest

from triptych import export_article, read_source

from .conftest import ARTICLES


def _copy(folder: Path) -> Path:
    folder.mkdir(parents=True)
    shutil.copy(ARTICLES / "reading-room.md", folder)
    shutil.copytree(ARTICLES / "images", folder / "images")
    return folder / "reading-room.md"


def test_editions_take_the_images_read_with_the_article(tmp_path: Path) -> None:
    reading = read_source(_copy(tmp_path / "src"))
    assert [(m.media_type, m.width, m.height) for m in reading.media.values()] == [("image/png", 800, 450)]
    image = next(iter(reading.media.values())).data
    shutil.rmtree(tmp_path / "src" / "images")  # nothing reads the disk again
    result = export_article(reading, "html,epub,pdf", tmp_path / "out", name="r")
    assert result.ok and result.warnings == ()
    assert b"data:image/png;base64," in (tmp_path / "out" / "r.html").read_bytes()
    with zipfile.ZipFile(tmp_path / "out" / "r.epub") as book:
        assert [book.read(n) for n in book.namelist() if n.startswith("EPUB/images/")] == [image]
    with pikepdf.open(tmp_path / "out" / "r.pdf") as pdf:
        images = {image.objgen: image for page in pdf.pages for image in page.get_images().values()}
        assert [(int(i.Width), int(i.Height)) for i in images.values()] == [(800, 450)]


def test_the_pdf_does_not_depend_on_where_the_article_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    pdfs = []
    for folder in (tmp_path / "a", tmp_path / "somewhere" / "else"):
        result = export_article(read_source(_copy(folder)), "pdf", folder / "out", name="r")
        assert result.ok
        pdfs.append((folder / "out" / "r.pdf").read_bytes())
    assert pdfs[0] == pdfs[1]
    assert str(tmp_path).encode() not in pdfs[0]
