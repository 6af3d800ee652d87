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


def _export_hostile(tmp_path: Path, name: str, formats: str) -> Path:
    """Export a hostile article, alone in a folder of its own; return the output folder."""
    folder = tmp_path / "src"
    folder.mkdir()
    shutil.copy(BAD / name, folder / name)
    out = tmp_path / "out"
    result = run_cli("export", folder / name, "-o", out, "-f", formats)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return out


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_sources_export_safely(tmp_path: Path, name: str) -> None:
    out = _export_hostile(tmp_path, name, "html")
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


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE html [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
{levels}
]>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><title>Laughs</title></head>
<body><article><h1>Laughs</h1><p>Before &lol9; after.</p></article></body></html>
"""


@pytest.mark.parametrize("suffix", [".xhtml", ".html"])
def test_entity_bomb_is_never_expanded(tmp_path: Path, suffix: str) -> None:
    levels = "\n".join(f' <!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(2, 10))
    source = tmp_path / f"laughs{suffix}"
    source.write_text(BILLION_LAUGHS.format(levels=levels), encoding="utf-8")
    result = run_cli("export", source, "-f", "html,epub", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = parse_page(tmp_path / "out" / "laughs.html")
    assert [p.text_content() for p in page.xpath("//main//p")] == ["Before &lol9; after."]
    assert (tmp_path / "out" / "laughs.html").stat().st_size < 20_000


def _active_or_remote_in_markup(name: str, data: bytes) -> list[str]:
    from lxml import etree

    found = []
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, recover=True))
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = etree.QName(el).localname.lower()
        if tag in {"script", "iframe", "object", "embed", "base", "form"}:
            found.append(f"{name}: <{tag}>")
        for attribute, raw in el.attrib.items():
            local, value = etree.QName(attribute).localname.lower(), str(raw)
            if local.startswith("on"):
                found.append(f"{name}: {local}=")
            if "javascript:" in value.lower():
                found.append(f"{name}: javascript: in {local}")
            if local in {"src", "poster", "data"} and ("://" in value or value.startswith("//")):
                found.append(f"{name}: remote {local}={value}")
            if tag == "link" and local == "href" and "://" in value:
                found.append(f"{name}: remote stylesheet {value}")
    return found


@pytest.mark.parametrize("name", HOSTILE)
def test_no_edition_carries_script_or_remote_resources(tmp_path: Path, name: str) -> None:
    """The web page is checked above; here the PDF and the EPUB made from each hostile source."""
    import zipfile

    out = _export_hostile(tmp_path, name, "pdf,epub")
    found: list[str] = []
    (book,) = out.glob("*.epub")
    with zipfile.ZipFile(book) as epub:
        for entry in epub.namelist():
            if entry.endswith((".xhtml", ".opf", ".smil", ".ncx")):
                found += _active_or_remote_in_markup(entry, epub.read(entry))
            if entry.endswith(".opf"):
                assert b"remote-resources" not in epub.read(entry)
                assert b"scripted" not in epub.read(entry)
    (pdf_path,) = out.glob("*.pdf")
    with pikepdf.open(pdf_path) as pdf:
        assert "/Names" not in pdf.Root or "/JavaScript" not in pdf.Root.Names
        assert "/OpenAction" not in pdf.Root and "/AA" not in pdf.Root
        assert "/Names" not in pdf.Root or "/EmbeddedFiles" not in pdf.Root.Names
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):  # an embedded file is a stream
                kind = obj.get("/S")
                if kind in (pikepdf.Name.JavaScript, pikepdf.Name.Launch, pikepdf.Name.ImportData):
                    found.append(f"PDF action {kind}")
                uri = obj.get("/URI")
                if uri is not None and not str(uri).startswith(("https://", "http://", "mailto:")):
                    found.append(f"PDF link {uri}")
                if obj.get("/Type") == "/EmbeddedFile" or "/EF" in obj or "/AA" in obj:
                    found.append("PDF embedded file or additional action")
    assert found == []
