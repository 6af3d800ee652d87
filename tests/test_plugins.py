"""Exporter plugins: found through entry-point metadata, checked, isolated from each other."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from .conftest import ARTICLES, ROOT, run_cli

MODULE = """
from pathlib import Path


class WordCount:
    name = "words"
    suffix = "txt"
    description = "Word count of the article"

    def export(self, article, target: Path, context) -> None:
        from triptych.model import block_text
        words = sum(len(block_text(b).split()) for b in article.blocks)
        target.write_text(f"{article.meta.title}: {words} words\\n", encoding="utf-8")


class Broken:
    name = "broken"
    suffix = "bin"
    description = "Always fails"

    def export(self, article, target: Path, context) -> None:
        target.write_bytes(b"half a file")
        raise RuntimeError("the engine fell over")


class NotAnExporter:
    pass


class OtherHtml(WordCount):
    name = "html"
"""


def make_plugin(folder: Path, entry_points: str) -> dict[str, str]:
    """Install a tiny distribution into ``folder`` (module + dist-info); return the env to use it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "wordcount_plugin.py").write_text(MODULE, encoding="utf-8")
    info = folder / "wordcount_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: wordcount-plugin\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[triptych.exporters]\n{entry_points}\n", encoding="utf-8")
    return {"PYTHONPATH": str(folder)}


def test_third_party_exporter_is_listed_and_runs(tmp_path: Path) -> None:
    env = make_plugin(tmp_path / "site", "words = wordcount_plugin:WordCount")
    listed = run_cli("formats", env=env)
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert any(line.startswith("words") and "Word count of the article" in line for line in lines)
    assert any(line.startswith("html") for line in lines)
    out = tmp_path / "out"
    result = run_cli("export", ARTICLES / "mercado.md", "-f", "words,html", "-o", out, env=env)
    assert result.returncode == 0, result.stderr
    text = (out / "el-mercado-de-san-telmo-reabre-tras-dos-anos-de-obras.txt").read_text(encoding="utf-8")
    assert text == "El mercado de San Telmo reabre tras dos años de obras: 98 words\n"


def test_one_failing_exporter_keeps_the_others(tmp_path: Path) -> None:
    env = make_plugin(tmp_path / "site", "words = wordcount_plugin:WordCount\nbroken = wordcount_plugin:Broken")
    out = tmp_path / "out"
    result = run_cli("export", ARTICLES / "mercado.md", "-f", "broken,html,words", "-o", out, "--name", "m", env=env)
    assert result.returncode == 1
    assert "broken export failed: RuntimeError: the engine fell over" in result.stderr
    assert "Traceback" in result.stderr  # an unexpected exception keeps its traceback
    assert sorted(p.name for p in out.iterdir()) == ["m.html", "m.manifest.json", "m.txt"]  # no half file
    manifest = json.loads((out / "m.manifest.json").read_text(encoding="utf-8"))
    assert [(o["format"], o["status"]) for o in manifest["outputs"]] == [
        ("broken", "failed"),
        ("html", "ok"),
        ("words", "ok"),
    ]
    assert manifest["outputs"][0]["error"] == "RuntimeError: the engine fell over"


def test_a_plugin_that_is_not_an_exporter_is_refused(tmp_path: Path) -> None:
    env = make_plugin(tmp_path / "site", "bogus = wordcount_plugin:NotAnExporter")
    listed = run_cli("formats", env=env)
    assert "html" in listed.stdout and "bogus" not in listed.stdout
    assert "wordcount_plugin:NotAnExporter (from wordcount-plugin) is not a Triptych exporter" in listed.stderr
    result = run_cli("export", ARTICLES / "mercado.md", "-f", "bogus", "-o", tmp_path / "out", env=env)
    assert result.returncode == 2
    assert "wordcount_plugin:NotAnExporter" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_duplicate_name_is_refused_naming_both_modules(tmp_path: Path) -> None:
    env = make_plugin(tmp_path / "site", "html = wordcount_plugin:OtherHtml")
    result = run_cli("export", ARTICLES / "mercado.md", "-f", "html", "-o", tmp_path / "out", env=env)
    assert result.returncode == 2
    assert "two plugins claim the exporter name 'html'" in result.stderr
    assert "exporters.html:HtmlExporter" in result.stderr
    assert "wordcount_plugin:OtherHtml (from wordcount-plugin)" in result.stderr


@pytest.mark.parametrize("formats", ["nope", "html,nope"])
def test_unknown_format_lists_the_known_ones(tmp_path: Path, formats: str) -> None:
    result = run_cli("export", ARTICLES / "mercado.md", "-f", formats, "-o", tmp_path / "out")
    assert result.returncode == 2
    assert "no exporter for format 'nope'; installed formats: audio, epub, html, pdf" in result.stderr
    assert not (tmp_path / "out").exists()


def _readme_plugin() -> str:
    """The plugin of the README's guide, exactly as written there."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("# my_exporter.py\n")
    return readme[start : readme.index("```", start)]


GUIDE = _readme_plugin()


def _guide(tmp_path: Path, *args: str) -> tuple[list[str], Path]:
    site = tmp_path / "site"
    env = make_plugin(site, "guide = my_exporter:ReadingGuide")
    (site / "my_exporter.py").write_text(GUIDE, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("export", ARTICLES / "reading-room.md", "-o", out, "--name", "r", *args, env=env)
    assert result.returncode == 0, result.stderr
    return (out / "r.txt").read_text(encoding="utf-8").splitlines(), out


def test_a_plugin_gets_the_print_pages_and_the_narration_as_the_built_ins_do(tmp_path: Path) -> None:
    from lxml import etree

    from .test_audio_exporter import read_vtt

    lines, out = _guide(tmp_path, "-f", "pdf,epub,audio,guide")
    pages = [(line.split()[1], line.split()[-1]) for line in lines if line.startswith("page ")]
    cues = [(line.split()[1], line.split()[0]) for line in lines[1:] if not line.startswith("page ")]
    index = json.loads((out / "r.index.json").read_text(encoding="utf-8"))
    first_page = {entry["id"]: entry["pdf_page"] for entry in index["entries"]}
    assert len(pages) > 1 and all(first_page[block] == int(label) for label, block in pages)
    with zipfile.ZipFile(out / "r.epub") as book:
        nav = etree.fromstring(book.read("EPUB/nav.xhtml"))
    listed = nav.xpath(
        "//*[@epub:type='page-list']//*[local-name()='a']/text()", namespaces={"epub": "http://www.idpf.org/2007/ops"}
    )
    assert [label for label, _ in pages] == listed  # the same pages as the EPUB's page list
    vtt = read_vtt(out / "r.vtt")
    assert [(ident, float(start)) for ident, start in cues] == [(c.id, round(c.start, 3)) for c in vtt]


def test_a_plugin_gets_renditions_only_when_offered_or_asked(tmp_path: Path) -> None:
    alone, _ = _guide(tmp_path / "alone", "-f", "guide")
    assert alone == ["City Library Opens an Audio Reading Room for Blind and Low-Vision Readers"]
    asked, _ = _guide(tmp_path / "asked", "-f", "guide", "-O", "guide-timings=yes")
    assert len(asked) > 20 and not any(line.startswith("page ") for line in asked)
    assert [float(line.split()[0]) for line in asked[1:]] == sorted(float(line.split()[0]) for line in asked[1:])


def test_a_plugin_option_is_checked_like_the_built_ins(tmp_path: Path) -> None:
    site = tmp_path / "site"
    env = make_plugin(site, "guide = my_exporter:ReadingGuide")
    (site / "my_exporter.py").write_text(GUIDE, encoding="utf-8")
    result = run_cli("export", ARTICLES / "mercado.md", "-f", "guide", "-o", tmp_path / "out",
                     "-O", "guide-timngs=yes", env=env)  # fmt: skip
    assert result.returncode == 2
    assert "unknown option 'guide-timngs' for guide; did you mean 'guide-timings'?" in result.stderr
    assert not (tmp_path / "out").exists()
    listed = run_cli("options", "guide", env=env)
    assert "guide-timings" in listed.stdout and "yes | no" in listed.stdout
