"""`triptych check` and `export --check`: verdicts from the real checkers, honest EPUB claims."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from triptych import export
from triptych.check.findings import EditionReport, Finding
from triptych.check.report import report_html

from .checkers import axe
from .helpers import ARTICLES, Library, run_cli

OPF = "http://www.idpf.org/2007/opf"


def _report(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _findings(report: dict[str, Any], name: str) -> list[dict[str, str]]:
    (edition,) = [e for e in report["editions"] if Path(e["path"]).name == name]
    findings: list[dict[str, str]] = edition["findings"]
    return findings


def test_check_passes_good_editions(editions: Library, tmp_path: Path) -> None:
    """Exit status 0 when every file passes (a book that passes EPUBCheck and Ace:
    test_a_book_that_passes_is_certified; every shared edition: test_validation.py)."""
    made = editions("mercado.md")
    checked = run_cli("check", made.pdf, made.audio, "-o", tmp_path / "report")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    report = _report(tmp_path / "report" / f"{made.pdf.stem}.report.json")
    assert report["verdict"] == "pass"
    assert [(Path(e["path"]).name, e["kind"], e["verdict"]) for e in report["editions"]] == [
        (made.pdf.name, "pdf", "pass"),
        (made.audio.name, "audio", "pass"),
    ]
    assert report["editions"][0]["checkers"]["page-validation"].startswith("page-validation ")
    assert checked.stdout.count("PASS") == 2


def _without_language(book: Path, target: Path) -> None:
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(target, "w") as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith(".opf"):
                root = etree.fromstring(data)
                root.attrib.pop("{http://www.w3.org/XML/1998/namespace}lang")
                for language in list(root.iter("{http://purl.org/dc/elements/1.1/}language")):
                    parent = language.getparent()
                    assert parent is not None
                    parent.remove(language)
                data = etree.tostring(root, xml_declaration=True, encoding="utf-8")
            copy.writestr(info, data, compress_type=info.compress_type)


def test_check_fails_broken_files_naming_the_rule(editions: Library, tmp_path: Path) -> None:
    """Every checker names the rule a broken file breaks (the good editions: the test above, and every
    shared edition in test_validation.py)."""
    import weasyprint

    untagged = tmp_path / "untagged.pdf"
    weasyprint.HTML(string="<title>Plain</title><p>Nothing tagged here.</p>").write_pdf(untagged)
    made = editions("mercado.md")
    no_language = tmp_path / "no-language.epub"
    _without_language(made.epub, no_language)
    no_chapters = tmp_path / "no-chapters.mp3"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-i", str(made.audio), "-map_chapters", "-1",
                    "-c", "copy", str(no_chapters)], check=True)  # fmt: skip
    shutil.copy(made.vtt, no_chapters.with_suffix(".vtt"))

    result = run_cli("check", untagged, no_language, no_chapters, "-o", tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    report = _report(tmp_path / "untagged.report.json")
    assert report["verdict"] == "fail"
    verdicts = {Path(e["path"]).name: e["verdict"] for e in report["editions"]}
    assert verdicts == {"untagged.pdf": "fail", "no-language.epub": "fail", "no-chapters.mp3": "fail"}
    pdf_rules = {f["rule"] for f in _findings(report, "untagged.pdf")}
    assert {"PDFUA1-STRUCT-TREE-ROOT-001", "PDFUA1-TAGGED-DOCUMENT-001"} <= pdf_rules
    epub = _findings(report, "no-language.epub")
    assert any(f["checker"] == "EPUBCheck" and "language" in f["message"] and f["location"] for f in epub)
    assert any(f["checker"] == "Ace" and f["rule"] == "epub-lang" for f in epub)
    (book,) = [e for e in report["editions"] if Path(e["path"]).name == "no-language.epub"]
    assert book["checkers"]["EPUBCheck"] == "EPUBCheck 5.3.0"
    assert book["checkers"]["Ace"].startswith("Ace by DAISY 1.4")
    assert [f["rule"] for f in _findings(report, "no-chapters.mp3")] == ["chapters"]
    assert "FAIL" in result.stdout and "chapters" in result.stdout
    assert "PASS" not in result.stdout


def test_a_book_that_cannot_pass_gets_no_claim(tmp_path: Path) -> None:
    source = tmp_path / "src" / "a.md"
    (source.parent / "images").mkdir(parents=True)
    shutil.copy(ARTICLES / "images" / "reading-room-visits.png", source.parent / "images" / "chart.png")
    source.write_text('---\ntitle: No Description\n---\n\n<img src="images/chart.png">\n\nText.\n')
    out = tmp_path / "out"
    result = run_cli("export", source, "-f", "epub", "-o", out, "--check", "-O", "allow-missing-alt=yes")
    assert result.returncode == 1, result.stdout + result.stderr
    book = out / "no-description.epub"
    assert book.is_file()  # outputs are kept
    with zipfile.ZipFile(book) as archive:
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
    properties = [m.get("property") for m in opf.iter(f"{{{OPF}}}meta")]
    assert "dcterms:conformsTo" not in properties
    assert "a11y:certifiedBy" not in properties
    report = _report(out / "no-description.report.json")
    findings = _findings(report, "no-description.epub")
    assert any(f["rule"] == "image-alt" and "article.xhtml" in f["location"] for f in findings)
    manifest = json.loads((out / "no-description.manifest.json").read_text(encoding="utf-8"))
    assert manifest["checks"]["verdict"] == "fail"


def test_a_book_that_passes_is_certified(editions: Library) -> None:
    """``check=True``: the checks run before publishing and the book that passed says so (the
    certified book is validated again, as it was published, in test_validation.py)."""
    made = editions("reading-room.md+certified")
    result = made.result
    assert result.ok
    assert result.checks is not None and [r.verdict for r in result.checks] == ["pass"]
    with zipfile.ZipFile(made.epub) as archive:
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
    metas = {m.get("property"): m.text for m in opf.iter(f"{{{OPF}}}meta")}
    assert metas["dcterms:conformsTo"] == "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
    certifier = str(metas["a11y:certifiedBy"])
    assert certifier.startswith("Triptych ")
    assert "EPUBCheck 5.3.0" in certifier
    manifest = json.loads(result.manifest.read_text(encoding="utf-8"))
    assert manifest["outputs"][0]["sha256"] == hashlib.sha256(made.epub.read_bytes()).hexdigest()
    assert manifest["checks"]["verdict"] == "pass"


def test_the_report_page_passes_axe(tmp_path: Path) -> None:
    """The report page, built from findings of every kind: a pass, a fail with grouped findings, an error."""
    reports = [
        EditionReport(tmp_path / "a.pdf", "pdf", checkers={"page-validation": "page-validation 0.11"}),
        EditionReport(
            tmp_path / "b.epub",
            "epub",
            findings=[
                Finding("EPUBCheck", "RSC-005", "error: the <html> element needs a lang", "EPUB/article.xhtml"),
                Finding("EPUBCheck", "RSC-005", "error: the <html> element needs a lang", "EPUB/nav.xhtml"),
                Finding("Ace", "image-alt", "serious: Images must have alternate text <img src=x>"),
            ],
            checkers={"EPUBCheck": "EPUBCheck 5.3.0", "Ace": "Ace by DAISY 1.4.0"},
        ),
        EditionReport(tmp_path / "c.mp3", "audio", error="ffprobe is missing: apt-get install ffmpeg"),
    ]
    page = tmp_path / "report.html"
    page.write_bytes(report_html(reports, "A <b>title</b> & more"))
    assert axe(page) == []
    text = page.read_text(encoding="utf-8")
    assert '<th scope="col">Verdict</th>' in text
    for words in ("passes", "fails", "could not be checked", "the whole file", "&lt;img src=x&gt;", "A &lt;b&gt;title"):
        assert words in text, words
    assert text.count("<h2") == 3


def test_missing_checker_or_file_exits_2(tmp_path: Path) -> None:
    made = export(ARTICLES / "mercado.md", "audio", tmp_path, name="m")
    assert made.ok
    bare_path = tmp_path / "bin"
    bare_path.mkdir()
    result = run_cli("check", tmp_path / "m.mp3", "-o", tmp_path, env={"PATH": str(bare_path)})
    assert result.returncode == 2
    assert "ffprobe is missing: apt-get install ffmpeg" in result.stdout
    missing = run_cli("check", tmp_path / "nope.pdf", "-o", tmp_path)
    assert missing.returncode == 2
    assert "no such file" in missing.stdout
    assert (tmp_path / "nope.report.json").is_file()
