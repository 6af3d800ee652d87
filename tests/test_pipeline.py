"""The pipeline and command line: manifest, names, atomic outputs, help, the Python API (inspect: test_golden.py)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

import triptych
from triptych.errors import UsageError

from .helpers import ARTICLES, ROOT, run_cli

HEAVY = ("lxml", "babel", "markdown_it", "yaml", "charset_normalizer", "weasyprint", "ebooklib", "pyttsx3")


def test_manifest_records_source_and_outputs(tmp_path: Path) -> None:
    result = run_cli("export", ARTICLES / "ice-arrests.txt", "-o", tmp_path, env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 0, result.stderr
    slug = "ice-arrests-more-than-250-in-california-and-missouri-operations"
    manifest = json.loads((tmp_path / f"{slug}.manifest.json").read_text(encoding="utf-8"))
    source = (ARTICLES / "ice-arrests.txt").read_bytes()
    assert manifest["source"] == {
        "path": str(ARTICLES / "ice-arrests.txt"),
        "sha256": hashlib.sha256(source).hexdigest(),
        "reader": "text",
    }
    assert manifest["created"] == "2023-11-14T22:13:20+00:00"
    assert [o["format"] for o in manifest["outputs"]] == ["audio", "epub", "html", "pdf"]  # every exporter
    for output in manifest["outputs"]:
        made = tmp_path / output["path"]
        assert output["status"] == "ok"
        assert output["path"] == f"{slug}.{'mp3' if output['format'] == 'audio' else output['format']}"
        assert output["files"] == [made.name] + ([f"{slug}.vtt"] if output["format"] == "audio" else [])
        assert output["bytes"] == made.stat().st_size
        assert output["sha256"] == hashlib.sha256(made.read_bytes()).hexdigest()
        assert 0 < output["seconds"] < 120  # each edition is timed (its own work, not the run's)
    assert manifest["warnings"] == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [  # no staging folder left behind
        f"{slug}.epub",
        f"{slug}.html",
        f"{slug}.index.json",
        f"{slug}.manifest.json",
        f"{slug}.mp3",
        f"{slug}.pdf",
        f"{slug}.vtt",
    ]


def test_rerun_replaces_outputs_in_place(tmp_path: Path) -> None:
    first = triptych.export(ARTICLES / "mercado.md", "html", tmp_path, name="m")
    second = triptych.export(ARTICLES / "mercado.md", ["html"], tmp_path, name="m")
    assert first.outputs[0].sha256 == second.outputs[0].sha256
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.html", "m.manifest.json"]


@pytest.mark.parametrize("name", ["../escape", "a/b", ".hidden", "", "x" * 200])
def test_unsafe_names_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(UsageError, match="not a safe file name"):
        triptych.export(ARTICLES / "mercado.md", "html", tmp_path, name=name)
    assert list(tmp_path.iterdir()) == []


def test_long_titles_make_bounded_slugs(tmp_path: Path) -> None:
    source = tmp_path / "long.txt"
    source.write_text(("Very Long Headline " * 40) + "\n\nBody text.\n", encoding="utf-8")
    result = triptych.export(source, "html", tmp_path / "out")
    assert result.slug.startswith("very-long-headline")
    assert len(result.slug) <= 80 and "/" not in result.slug


def test_reader_can_be_forced(tmp_path: Path) -> None:
    source = tmp_path / "story.dat"
    source.write_text("# Heading Title\n\nSome *text*.\n", encoding="utf-8")
    as_markdown = triptych.read_article(source, reader="markdown")
    as_text = triptych.read_article(source, reader="text")
    assert as_markdown.meta.title == "Heading Title"
    assert as_text.meta.title == "# Heading Title"
    result = run_cli("inspect", source, "--from", "text")
    assert json.loads(result.stdout)["meta"]["title"] == "# Heading Title"


def test_language_override(tmp_path: Path) -> None:
    result = run_cli(
        "export", ARTICLES / "ice-arrests.txt", "-f", "html", "-o", tmp_path, "--lang", "en-US", "--name", "ice"
    )
    assert result.returncode == 0
    assert '<html lang="en-US"' in (tmp_path / "ice.html").read_text(encoding="utf-8")


def test_help_imports_nothing_heavy() -> None:
    code = (
        "import sys, pipeline\n"
        "try:\n    pipeline.main(['--help'])\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip().endswith("[]"), result.stdout
    assert "exit status:" in result.stdout and "2  bad usage" in result.stdout


@pytest.mark.parametrize("command", ["export", "build", "check", "inspect", "formats"])
def test_every_command_has_help(command: str) -> None:
    result = run_cli(command, "--help")
    assert result.returncode == 0
    assert "exit status:" in result.stdout


def test_bad_usage_exits_2(tmp_path: Path) -> None:
    assert run_cli("export").returncode == 2
    assert run_cli("export", ARTICLES / "mercado.md", "-O", "novalue", "-o", tmp_path).returncode == 2
    two = run_cli("export", ARTICLES / "mercado.md", ARTICLES / "ice-arrests.txt", "--name", "x", "-o", tmp_path)
    assert two.returncode == 2 and "--name works with one source only" in two.stderr


def test_checkout_runs_without_installation(tmp_path: Path) -> None:
    """``python pipeline.py`` from a checkout finds the built-in exporters through pyproject.toml."""
    result = subprocess.run(
        [sys.executable, "-S", "pipeline.py", "formats"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env={"PYTHONPATH": ":".join(p for p in sys.path if "site-packages" in p and "__editable__" not in p)},
    )
    assert result.returncode == 0, result.stderr
    assert [line.split()[0] for line in result.stdout.splitlines()] == ["audio", "epub", "html", "pdf"]


def test_many_sources_one_bad(tmp_path: Path) -> None:
    result = run_cli("export", ARTICLES / "mercado.md", ARTICLES / "bad" / "empty.txt", "-f", "html", "-o", tmp_path)
    assert result.returncode == 2
    assert (tmp_path / "el-mercado-de-san-telmo-reabre-tras-dos-anos-de-obras.html").is_file()
