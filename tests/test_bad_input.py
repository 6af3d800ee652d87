"""Bad and hostile input: a one-line error with exit status 2, or a safe export; never a traceback."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from lxml import etree

from .helpers import ARTICLES, BAD, HOSTILE, ROOT, Library, model_data, parse_page, pdf_ua_failures, run_cli
from .pdf_structure import page_texts

SECRETS = ("root:x:0", "lollollol", "169.254.169.254/latest", "file:///")
"""What would show that an edition read a local file, expanded an entity bomb or kept a probe's address."""
PLAYER = (ROOT / "styles" / "player.js").read_text(encoding="utf-8")

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


def test_hostile_title_is_plain_text_and_a_safe_slug(editions: Library) -> None:
    made = editions("hostile-title.md+web")
    names = sorted(p.name for p in made.folder.iterdir())
    assert names == [
        "etc-passwd-title-script-alert-x-script-quotes-b-bold-b.html",
        "etc-passwd-title-script-alert-x-script-quotes-b-bold-b.manifest.json",
    ]
    page = parse_page(made.html)
    # its words get typographic quotes (issue 20); what is written as a path or as markup stays as typed
    title = """../../etc/passwd </title><script>alert('x')</script> & “Quotes” <b>bold</b>"""
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
    assert pdf_ua_failures(tmp_path / "out" / "link.pdf") == []


def test_entity_bomb_is_never_expanded(editions: Library) -> None:
    """tests/articles/bad/laughs.xhtml: a billion laughs; every edition is made (and validated in
    test_validation.py) from the reference left as it is."""
    made = editions("laughs.xhtml")
    page = parse_page(made.html)
    assert [p.text_content() for p in page.xpath("//main//p")] == ["Before &lol9; after."]
    assert editions("laughs.xhtml+web").html.stat().st_size < 20_000
    assert "Before &lol9; after." in "".join(page_texts(made.pdf))
    with zipfile.ZipFile(made.epub) as book:
        assert "Before &amp;lol9; after." in book.read("EPUB/article.xhtml").decode("utf-8")


def test_entity_bomb_in_a_page_named_html_is_the_same_article() -> None:
    """bad/laughs.html, the same bomb under an .html name, gives the same article (so the same editions)."""
    as_xhtml, as_html = model_data(BAD / "laughs.xhtml"), model_data(BAD / "laughs.html")
    for model, name in ((as_xhtml, "laughs.xhtml"), (as_html, "laughs.html")):
        assert model["meta"].pop("source") == name
        assert model.pop("warnings") == [f"{name}: the page gives no language (<html lang>); en detected from its text"]
    assert as_html == as_xhtml


def _active_or_remote_in_markup(name: str, data: bytes) -> list[str]:
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
            if local in {"src", "poster", "data"} and ("://" in value or value.startswith("/")):
                found.append(f"{name}: not in the book: {local}={value}")
            if tag == "link" and local == "href" and ("://" in value or value.startswith("/")):
                found.append(f"{name}: stylesheet not in the book: {value}")
    return found


def _web_page_problems(path: Path) -> list[str]:
    """What a web page must never carry: script but the player's own, active or remote content."""
    data = path.read_bytes()
    page = parse_page(path)
    found = [f"<{el.tag}>" for el in page.xpath("//iframe | //object | //embed | //link | //base | //form")]
    for script in page.iter("script"):  # only the read-along player and its timings (hashed in the CSP)
        timings = script.get("type") == "application/json" and script.get("id") == "narration-timings"
        if not timings and (script.text or "").strip() != PLAYER.strip():
            found.append(f"<script>{(script.text or '')[:60]}")
    found += [f"{a}=" for el in page.iter() if isinstance(el.tag, str) for a in el.attrib if a.lower().startswith("on")]
    if b"javascript:" in data.lower():
        found.append("javascript:")
    for url in page.xpath("//@src | //@href"):
        if not url.startswith(("data:", "#", "https://", "http://", "mailto:")):
            found.append(f"address {url}")
    found += [f"<img src={src[:40]}>" for src in page.xpath("//img/@src") if not src.startswith("data:")]
    found += [f"{secret} in the page" for secret in SECRETS if secret.encode() in data]
    return found


def _book_problems(path: Path) -> list[str]:
    found = []
    with zipfile.ZipFile(path) as epub:
        names = epub.namelist()
        found += [f"entry {n}" for n in names if not n.startswith(("mimetype", "META-INF/", "EPUB/"))]
        for entry in names:
            if not entry.endswith((".xhtml", ".opf", ".smil", ".ncx", ".css")):
                continue
            data = epub.read(entry)
            text = data.decode("utf-8")
            found += [f"{entry}: {secret}" for secret in SECRETS if secret in text]
            if "<script" in text or "javascript:" in text.lower():
                found.append(f"{entry}: script")
            if entry.endswith(".css"):
                found += [f"{entry}: remote CSS" for word in ("://", "@import") if word in text]
                continue
            found += _active_or_remote_in_markup(entry, data)
            if entry.endswith(".opf"):
                found += [f"{entry}: claims {word}" for word in ("remote-resources", "scripted") if word in text]
    return found


def _pdf_problems(path: Path, *, images: bool) -> list[str]:
    found = []
    text = "".join(page_texts(path))
    data = path.read_bytes()
    found += [f"{secret} in the PDF" for secret in SECRETS if secret in text or secret.encode() in data]
    with pikepdf.open(path) as pdf:
        if not images:
            found += [f"image {name}" for p in pdf.pages for name in p.get_images()]
        if "/Names" in pdf.Root and ("/JavaScript" in pdf.Root.Names or "/EmbeddedFiles" in pdf.Root.Names):
            found.append("PDF name tree of scripts or files")
        if "/OpenAction" in pdf.Root or "/AA" in pdf.Root:
            found.append("PDF action on opening")
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
    return found


@pytest.mark.parametrize("name", [*HOSTILE, "everything.md", "harbor-bridge.html"])
def test_no_edition_carries_script_or_remote_resources(editions: Library, name: str) -> None:
    """Every edition of each hostile article (and of two with links and images): the web page with
    and without read-along, the EPUB and the PDF carry no script but the player's, nothing active,
    nothing from outside, and nothing of what the article tried to read."""
    made, plain = editions(name), editions(f"{name}+web")
    found: dict[str, Any] = {
        "read-along page": _web_page_problems(made.html),
        "web page": _web_page_problems(plain.html),
        "EPUB": _book_problems(made.epub),
        "PDF": _pdf_problems(made.pdf, images=name not in HOSTILE),
    }
    assert {edition: problems for edition, problems in found.items() if problems} == {}
