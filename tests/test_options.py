"""Option schemas: every ``-O`` key and value is checked before any work, and listed."""

from __future__ import annotations

from pathlib import Path

import pytest

import pipeline
from triptych.exporter import declared_options
from triptych.limits import RUN_OPTIONS
from triptych.plugins import Registry

from .conftest import ARTICLES, ROOT, run_cli


@pytest.mark.parametrize(
    ("formats", "option", "said"),
    [
        ("pdf", "page-szie=a4", "unknown option 'page-szie' for pdf; did you mean 'page-size'?"),
        ("html,epub", "narated=yes", "unknown option 'narated' for html or epub; did you mean 'narrated'?"),
        (
            "audio",
            "rate=fast",
            "option rate='fast' for audio: not a whole number from 80 to 450; write for example -O rate=175",
        ),
        ("pdf", "style=larg-print", "not one of standard, large-print (did you mean 'large-print'?)"),
        ("audio", "speech-skip=title,notez", "notez: not one of title, deck, byline"),
        (
            "html",
            "max-blocks=lots",
            "option max-blocks='lots' for every format: not a positive whole number up to 1,000,000",
        ),
        ("html", "frobnicate=1", "unknown option 'frobnicate' for html; triptych options lists every option"),
    ],
)
def test_a_bad_option_is_refused_before_any_work(tmp_path: Path, formats: str, option: str, said: str) -> None:
    out = tmp_path / "out"
    result = run_cli("export", ARTICLES / "mercado.md", "-f", formats, "-o", out, "-O", option)
    assert result.returncode == 2
    assert said in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_a_bad_option_stops_a_batch_once(tmp_path: Path) -> None:
    result = run_cli("build", ARTICLES, "-f", "pdf", "-o", tmp_path / "out", "-O", "page-szie=a4")
    assert result.returncode == 2
    assert "did you mean 'page-size'?" in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_option_no_edition_of_the_run_uses_is_a_warning(tmp_path: Path) -> None:
    result = run_cli("export", ARTICLES / "mercado.md", "-f", "html", "-o", tmp_path, "--page-size", "letter")
    assert result.returncode == 0
    assert "warning: option 'page-size' has no effect: no edition of this run uses it" in result.stderr


def test_every_option_is_listed_with_its_type_and_default() -> None:
    result = run_cli("options")
    assert result.returncode == 0
    registry = Registry.discover()
    sections = {"every format": RUN_OPTIONS} | {name: declared_options(registry.get(name)) for name in registry.names}
    text = result.stdout
    for name, schema in sections.items():
        start = text.index(f"\n{name}\n" if name != "every format" else "every format")
        block = text[start:].split("\n\n")[0]
        for option in schema:
            line = next(line for line in block.splitlines() if line.split()[:1] == [option.key])
            assert option.type in line and f"default: {option.shown_default}" in line, line
    assert "max-image-pixels" in text and "audio-format" in text and "mp3 | m4b | wav" in text


def test_the_readme_tables_are_the_schemas() -> None:
    """``triptych options --markdown`` prints the README's option tables; they must be the same."""
    tables = run_cli("options", "--markdown").stdout.strip().split("\n\n")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(tables) >= 5
    for table in tables:
        assert table.strip() + "\n" in readme, f"README's table is not the schema's; paste:\n{table}"


def test_the_command_line_flags_are_the_schemas() -> None:
    registry = Registry.discover()
    options = {o.key: o for name in registry.names for o in declared_options(registry.get(name))}
    for flag, key, choices, _ in pipeline.OPTION_FLAGS.values():
        assert flag == f"--{key}"
        assert key in options, f"{flag} sets {key}, which no exporter declares"
        assert choices is None or tuple(choices) == options[key].choices
    for flag, key, _ in pipeline.SWITCHES.values():
        assert flag == f"--{key}" and options[key].type == "yes | no"


def test_a_flag_is_checked_like_its_option(tmp_path: Path) -> None:
    result = run_cli("export", ARTICLES / "mercado.md", "-f", "audio", "-o", tmp_path / "out", "--rate", "0")
    assert result.returncode == 2
    assert "option rate='0' for audio: not a whole number from 80 to 450" in result.stderr
