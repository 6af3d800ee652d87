"""Bad and hostile input: a one-line error with exit status 2, or a safe export; never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pytest

from .conftest import ARTICLES, BAD, HOSTILE, parse_page, run_cli

UNREADABLE = {
    "empty.txt": "no article text",
    "blank.md": "no article text",
    "binary.txt": "is binary, not text",
    "bad-frontmatter.md": "front matter is not valid YAML",
}


@pytest.mark.parametrize(("name", "problem"), sorted(UNREADABLE.items()))
def test_unreadable_sources_fail_with_one_clear_line(tmp_path: Path, name: str, problem: str) -> None:
    out = tmp_path / "out"
    result = run_cli("export", BAD / name, "-o", out)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(BAD / name) in lines[0]
    assert problem in lines[0]
    assert "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())  # nothing half-written


def test_bad_front_matter_points_at_the_line_and_invents_no_title(tmp_path: Path) -> None:
    result = run_cli("export", BAD / "bad-frontmatter.md", "-o", tmp_path)
    assert f"{BAD / 'bad-frontmatter.md'}:2:" in result.stderr
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_missing_file_and_folder(tmp_path: Path) -> None:
    for target, words in ((tmp_path / "nope.txt", "no such file"), (tmp_path, "is a folder")):
        result = run_cli("export", target, "-o", tmp_path / "out")
        assert result.returncode == 2
        assert words in result.stderr and "Traceback" not in result.stderr


def test_file_that_cannot_be_opened(tmp_path: Path) -> None:
    result = run_cli("export", tmp_path / ("x" * 300 + ".txt"), "-o", tmp_path / "out")
    assert result.returncode == 2
    assert "can't be read (File name too long)" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_sources_export_safely(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "src"
    folder.mkdir()
    shutil.copy(BAD / name, folder / name)
    out = tmp_path / "out"
    result = run_cli("export", folder / name, "-o", out, "-f", "html")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    pages = list(out.glob("*.html"))
    assert len(pages) == 1
    page_bytes = pages[0].read_bytes()
    page = parse_page(pages[0])
    assert not page.xpath("//script | //iframe | //object | //embed | //link | //base | //form")
    assert not [a for el in page.iter() if isinstance(el.tag, str) for a in el.attrib if a.lower().startswith("on")]
    assert b"javascript:" not in page_bytes.lower()
    for url in page.xpath("//@src | //@href"):
        assert url.startswith(("data:", "#", "https://", "http://", "mailto:")), url
    assert not page.xpath("//img[not(starts-with(@src, 'data:'))]")
    for secret in (b"root:x:0", b"lollollol", b"169.254.169.254/latest", b"file:///"):
        assert secret not in page_bytes


def test_hostile_title_is_plain_text_and_a_safe_slug(tmp_path: Path) -> None:
    result = run_cli("export", BAD / "hostile-title.md", "-o", tmp_path, "-f", "html")
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "etc-passwd-title-script-alert-x-script-quotes-b-bold-b.html",
        "etc-passwd-title-script-alert-x-script-quotes-b-bold-b.manifest.json",
    ]
    page = parse_page(tmp_path / names[0])
    title = """../../etc/passwd </title><script>alert('x')</script> & "Quotes" <b>bold</b>"""
    assert page.findtext(".//title") == title
    assert page.xpath("string(//h1)") == title
    assert page.xpath("//meta[@name='author']/@content") == ["<img src=x onerror=alert(1)>"]
    assert page.xpath("string(//p[@class='byline'])") == "By <img src=x onerror=alert(1)>"


def test_latin1_exports_decoded(tmp_path: Path) -> None:
    result = run_cli("export", BAD / "latin1.txt", "-o", tmp_path, "-f", "html")
    assert result.returncode == 0
    assert "decoded as cp1252" in result.stderr
    page = parse_page(tmp_path / "cafe-owners-protest-new-rules.html")
    assert page.xpath("string(//h1)") == "Café Owners Protest New Rules"


def test_image_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "sentinel.png"
    shutil.copy(ARTICLES / "images" / "reading-room-visits.png", outside)  # a real image, outside
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "pic.png").symlink_to(outside)
    (folder / "a.md").write_text("---\ntitle: Link\n---\n\n![A picture](pic.png)\n\nText.\n")
    result = run_cli("export", folder / "a.md", "-o", tmp_path / "out", "-f", "html,pdf")
    assert result.returncode == 0
    assert "outside the article's folder" in result.stderr
    page = parse_page(tmp_path / "out" / "link.html")
    assert not page.xpath("//img")
    with pikepdf.open(tmp_path / "out" / "link.pdf") as pdf:
        assert [image for p in pdf.pages for image in p.get_images()] == []
