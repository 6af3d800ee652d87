"""Values at the edges (issue 21): dates, numbers, nesting, escapes, language tags, links, sizes,
options and checkers' answers. Each refusal is one line at the reader or the option parser, with
exit status 2 and nothing written; the inputs are tests/articles/bad/edge-*, their first line of
stderr in tests/articles/bad/edge-expected.tsv."""

from __future__ import annotations

import math
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from triptych.check.findings import EditionReport
from triptych.errors import SourceError, UsageError
from triptych.langtag import is_language_tag
from triptych.limits import Limits
from triptych.options import BadValue
from triptych.readers import read_source
from triptych.urls import safe_url

from .helpers import ARTICLES, BAD, parse_page, run_cli

_CONTROL = {chr(c) for c in range(32) if chr(c) not in "\t\n\r"} | {chr(c) for c in range(0xD800, 0xE000)}


def _expected() -> list[tuple[str, int, list[str], str]]:
    rows = []
    for line in (BAD / "edge-expected.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name, status, options, first = line.split("\t")
        opts = [] if options == "-" else [part for pair in options.split() for part in ("-O", pair)]
        rows.append((name, int(status), opts, first))
    return rows


EXPECTED = _expected()


def test_every_edge_input_has_its_expected_line() -> None:
    assert sorted(p.name for p in BAD.glob("edge-*") if p.suffix != ".tsv") == sorted(r[0] for r in EXPECTED)


@pytest.mark.parametrize(("name", "status", "options", "first"), EXPECTED, ids=[r[0] for r in EXPECTED])
def test_edge_input_is_refused_or_read_with_one_clear_line(
    tmp_path: Path, name: str, status: int, options: list[str], first: str
) -> None:
    out = tmp_path / "out"
    result = run_cli("export", BAD / name, "-f", "html", "-o", out, *options)
    assert "Traceback" not in result.stderr
    assert result.returncode == status, result.stderr
    lines = result.stderr.splitlines()
    assert (lines[0] if lines else "") == first.replace("{path}", str(BAD / name))
    if status == 2:
        assert len(lines) == 1, result.stderr
        assert not out.exists() or not any(out.iterdir())  # nothing written
    else:
        page = next(out.glob("*.html"))
        data = page.read_text(encoding="utf-8")
        assert not _CONTROL & set(data)
        assert is_language_tag(parse_page(page).get("lang"))


def test_page_metadata_at_the_edges_is_dropped_not_copied(tmp_path: Path) -> None:
    result = run_cli("export", BAD / "edge-page-lang.html", BAD / "edge-page-date.html", "-f", "html", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    for page in tmp_path.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "passwd" not in text and "9999-12-31" not in text and "0001-01-01" not in text
        assert parse_page(page).get("lang") == "en"


def test_escapes_reach_no_edition(tmp_path: Path) -> None:
    result = run_cli("export", BAD / "edge-escapes.md", "-f", "html,epub", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    page = parse_page(next(tmp_path.glob("*.html")))
    assert page.findtext(".//title") == "Escapes in the title"
    with zipfile.ZipFile(next(tmp_path.glob("*.epub"))) as book:
        for entry in book.namelist():
            if entry.endswith((".xhtml", ".opf")):
                text = book.read(entry).decode("utf-8")
                assert not _CONTROL & set(text), entry


def test_links_with_no_host_keep_their_words(tmp_path: Path) -> None:
    result = run_cli("export", BAD / "edge-links.md", "-f", "html,epub", "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    page = parse_page(next(tmp_path.glob("*.html")))
    assert page.xpath("//main//a/@href") == ["https://example.org/path?q=1"]
    assert "to nowhere" in page.text_content() and "https://../" in page.text_content()
    with zipfile.ZipFile(next(tmp_path.glob("*.epub"))) as book:
        text = book.read("EPUB/article.xhtml").decode("utf-8")
    assert "javascript" not in text.split("to nowhere")[0].rsplit("<p", 1)[-1]
    assert 'href="https://../"' not in text and "https:javascript" not in text.replace("https:javascript:alert(13)", "")


@pytest.mark.parametrize(
    "url",
    ["https:javascript:alert(13)", "https://../", "https://a..b/", "http://a.b:99999/", "https://-x.org/", "mailto:",
     "mailto:nobody", "javascript:alert(1)", "//example.org/", "https://exa mple.org/", "http://\x00.org/"],
)  # fmt: skip
def test_the_url_rule_refuses(url: str) -> None:
    assert safe_url(url) is None


def test_the_url_rule_keeps_and_encodes() -> None:
    assert safe_url("https://example.org/a b") == "https://example.org/a%20b"
    assert safe_url("mailto:ann@example.org") == "mailto:ann@example.org"
    assert safe_url("mailto:ann@example.org", mailto=False) is None
    assert safe_url("http://[::1]:8080/x") == "http://[::1]:8080/x"


@pytest.mark.parametrize(
    ("tag", "ok"),
    [("en", True), ("es-MX", True), ("zh-Hant-TW", True), ("sl-rozaj-biske", True), ("de-CH-1901", True),
     ("en-US-x-twain", True), ("x-whatever", True), ("es-419", True), ("en\n", False), ("../../etc/passwd", False),
     ("en US", False), ("e", False), ("en--US", False), ("en-", False), ("toolonglanguage", False), ("", False),
     ("en-a", False), ('en" onload="x', False)],
)  # fmt: skip
def test_one_bcp47_rule(tag: str, ok: bool) -> None:
    assert is_language_tag(tag) is ok


@pytest.mark.parametrize(
    ("pair", "words"),
    [("timeout=nan", "not a number above 0 and at most 86400"), ("timeout=inf", "at most 86400"),
     ("timeout=1e300", "at most 86400"), ("timeout=-1", "above 0"), ("max-depth=1000", "up to 100"),
     ("max-blocks=" + "9" * 5000, "99...' for every format: not a positive whole number up to 1,000,000"),
     ("rate=10", "from 80 to 450"),
     ("max-paragraph-chars=0", "not a positive whole number")],
)  # fmt: skip
def test_numeric_options_are_finite_and_in_their_documented_range(tmp_path: Path, pair: str, words: str) -> None:
    result = run_cli("export", ARTICLES / "mercado.md", "-f", "html", "-o", tmp_path / "out", "-O", pair)
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.splitlines()) == 1 and words in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()


def test_option_ranges_are_listed() -> None:
    result = run_cli("options")
    assert "integer 1 to 100" in result.stdout and "number 0 to 86400" in result.stdout


def test_an_unknown_lang_is_refused(tmp_path: Path) -> None:
    result = run_cli("export", ARTICLES / "mercado.md", "-f", "html", "-o", tmp_path, "--lang", "../x")
    assert result.returncode == 2 and "is not a language tag" in result.stderr
    assert len(result.stderr.splitlines()) == 1


# --- size refusals: up front, in linear time --------------------------------------------------


def _huge(tmp_path: Path) -> dict[str, str]:
    words = "word " * 1_000_000
    spans = "a<span>b</span>" * 300_000
    return {
        "paragraph.md": f"# Big\n\n{words}\n",
        "emphasis.md": "# Big\n\n" + "a *b* " * 500_000 + "\n",
        "paragraph.html": f"<html lang=en><title>Big</title><body><article><h1>Big</h1><p>{words}</p></article>",
        "spans.html": f"<html lang=en><title>Big</title><body><article><h1>Big</h1><p>{spans}</p></article>",
        "title.md": "# " + "Title " * 800_000 + "\n\nText.\n",
        "authors.md": "---\ntitle: T\nauthors: [" + ", ".join(["Some One"] * 200_000) + "]\n---\n\nText.\n",
        "colspan.html": "<html lang=en><title>Big</title><body><article><h1>Big</h1><p>Text of the article.</p><table>"
        + "<tr>" + '<td colspan="1000">x</td>' * 200 + "</tr>" * 200 + "</table></article>",
    }  # fmt: skip


def test_size_refusals_come_before_any_exporter_in_under_a_second(tmp_path: Path) -> None:
    for name, text in _huge(tmp_path).items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        start = time.perf_counter()
        with pytest.raises(SourceError) as caught:
            read_source(path, limits=Limits())
        seconds = time.perf_counter() - start
        assert seconds < 1.0 * _SLOW, f"{name}: {seconds:.2f} s"
        assert "raise the limit with -O max-" in str(caught.value) or "max-front-matter" in str(caught.value), name


_SLOW = 3.0
"""A generous factor for a busy two-core machine: the point is linear time, not a benchmark."""


def test_the_same_refusals_through_build_and_the_rest_is_built(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    refused = {name: first for name, status, options, first in EXPECTED if status == 2 and not options}
    for name in refused:
        shutil.copy(BAD / name, folder / name)
    shutil.copy(ARTICLES / "mercado.md", folder / "mercado.md")
    result = run_cli("build", folder, "-f", "html", "-o", tmp_path / "out", "--jobs", "2", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("triptych: error:")]
    for name, first in refused.items():
        want = first.replace("{path}", f"in/{name}")
        assert want in errors, (want, errors)
    assert len(errors) == len(refused)
    built = [p for p in (tmp_path / "out").iterdir() if p.is_dir()]
    assert len(built) == 1 and list(built[0].glob("*.html"))


# --- veraPDF's answers and EPUBCheck's ---------------------------------------------------------

_REPORT = """<?xml version="1.0" encoding="utf-8"?>
<report><buildInformation><releaseDetails id="core" version="1.26.2"/></buildInformation><jobs>
<job><item size="1"><name>{path}</name></item>
<validationReport profileName="PDF/UA-1" isCompliant="{ok}"><details failedRules="{n}">{rules}</details>
</validationReport></job></jobs></report>"""
_RULE = """<rule clause="7.1" testNumber="3" status="failed"><description>Content shall be
 tagged</description><check status="failed"><context>root/document[0]</context></check></rule>"""


def _fake(tmp_path: Path, name: str, stdout: str, status: int) -> str:
    (tmp_path / f"{name}.out").write_text(stdout, encoding="utf-8")
    script = tmp_path / name
    script.write_text(f"#!/bin/sh\ncat '{tmp_path / name}.out'\nexit {status}\n", encoding="utf-8")
    script.chmod(0o755)
    return str(script)


def _vera(command: str, path: Path) -> EditionReport:
    from triptych.check.pdf import _verapdf

    report = EditionReport(path=path, kind="pdf")
    _verapdf(command, [report])
    return report


def test_verapdf_answers(tmp_path: Path) -> None:
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    ok = _REPORT.format(path=pdf, ok="true", n=0, rules="")
    bad = _REPORT.format(path=pdf, ok="false", n=1, rules=_RULE)
    answers = {
        "compliant": (ok, 0, "pass"),
        "non-compliant": (bad, 1, "fail"),
        "compliant-but-exit-2": (ok, 2, "error"),
        "non-compliant-but-says-compliant": (_REPORT.format(path=pdf, ok="true", n=1, rules=_RULE), 0, "error"),
        "text-lines": (f"{pdf}: COMPLIANT profile=ua1\n", 0, "error"),
        "error-line": (f"ERROR {pdf}: Couldn't parse stream\n", 0, "error"),
        "garbage-xml": ("<report><jobs><job>", 0, "error"),
        "other-file": (_REPORT.format(path=tmp_path / "other.pdf", ok="true", n=0, rules=""), 0, "error"),
        "no-verdict": (_REPORT.replace('isCompliant="{ok}"', "").format(path=pdf, n=0, rules=""), 0, "error"),
    }
    for name, (stdout, status, verdict) in answers.items():
        report = _vera(_fake(tmp_path, name, stdout, status), pdf)
        assert report.verdict == verdict, (name, report)
        if verdict == "error":
            assert "veraPDF" in (report.error or "") and "veraPDF" not in report.checkers, name
        else:
            assert report.checkers["veraPDF"] == "veraPDF 1.26.2 (PDF/UA-1 profile)"
    failed = _vera(_fake(tmp_path, "again", bad, 1), pdf)
    assert [(f.rule, f.message, f.location) for f in failed.findings] == [
        ("7.1-3", "Content shall be tagged", "root/document[0]")
    ]
    assert _vera("/bin/false", pdf).verdict == "error"


def test_a_verapdf_that_does_not_exist_is_one_line(tmp_path: Path) -> None:
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    result = run_cli("check", pdf, "--verapdf", tmp_path / "no-such-verapdf")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"triptych: error: --verapdf '{tmp_path / 'no-such-verapdf'}': no such command; "
        "name veraPDF's command, or leave it out"
    ]
    from triptych.check import check_files

    with pytest.raises(UsageError):
        check_files([pdf], verapdf=str(tmp_path / "nope"))


def test_a_damaged_epub_fails_with_epubchecks_findings_even_when_ace_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from triptych.check import epub

    book = tmp_path / "broken.epub"
    book.write_bytes(b"PK\x03\x04 not a zip")
    found = {"messages": [{"ID": "PKG-008", "severity": "FATAL", "message": "Unable to read file", "locations": []}]}
    monkeypatch.setattr(epub, "epubcheck_reports", lambda books: ({book: found}, "EPUBCheck 5.3.0"))
    monkeypatch.setattr(epub, "ace_command", lambda: "/bin/false")

    def ace_fails(path: Path, command: str) -> dict[str, object]:
        raise RuntimeError("Ace made no report (exit status 1)")

    monkeypatch.setattr(epub, "ace_report", ace_fails)
    report = EditionReport(path=book, kind="epub")
    epub.check([report])
    assert report.verdict == "fail"
    assert report.findings[0].rule == "PKG-008"
    assert "Ace could not check the book" in report.findings[-1].message


def test_nothing_numeric_in_the_schemas_is_unbounded() -> None:
    from triptych.exporter import declared_options
    from triptych.limits import RUN_OPTIONS
    from triptych.plugins import Registry

    registry = Registry.discover()
    for schema in (RUN_OPTIONS, *(declared_options(registry.get(n)) for n in registry.names)):
        for option in schema:
            if option.type.startswith(("integer", "number")):
                assert " to " in option.type, option.key
                for text in ("nan", "inf", "-inf", "1e309", "9" * 5000):
                    with pytest.raises(BadValue):
                        option.parse(text)
                assert math.isfinite(float(option.default))


def test_tables_of_too_many_cells_are_refused_before_the_page_is_read(tmp_path: Path) -> None:
    """A 10 MB page of a million table cells (inside the source limit; read whole it takes the
    reader past 2 GB and half a minute) is refused from its parsed tree in one line, and a
    Markdown table over the limit is refused as well."""
    rows = "".join("<tr>" + "<td>x</td>" * 100 + "</tr>" for _ in range(10_000))
    page = tmp_path / "cells.html"
    page.write_text(
        f"<!doctype html><html lang='en'><title>Cells</title><h1>Cells</h1><p>Text.</p><table>{rows}</table>"
    )
    started = time.monotonic()
    with pytest.raises(SourceError, match=r"has tables of 1,000,000 cells in all, more than the limit of 200,000"):
        read_source(page)
    assert time.monotonic() - started < 15  # the parse alone, not the article's choice and conversion
    spans = tmp_path / "spans.html"  # each cell counted by what it spans
    spans.write_text("<h1>Spans</h1><p>Text.</p><table>" + '<tr><td colspan="50">x</td></tr>' * 5_000 + "</table>")
    with pytest.raises(SourceError, match=r"250,000 cells"):
        read_source(spans)
    markdown = tmp_path / "cells.md"
    markdown.write_text("# Cells\n\nText.\n\n| a | b |\n|---|---|\n" + "| 1 | 2 |\n" * 60, encoding="utf-8")
    with pytest.raises(SourceError, match=r"has tables of 122 cells in all, more than the limit of 100"):
        read_source(markdown, limits=Limits.of({"max-table-cells": "100"}))
