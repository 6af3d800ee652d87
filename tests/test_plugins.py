"""Exporter plugins: found through entry-point metadata, checked, isolated from each other."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import ARTICLES, run_cli

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
