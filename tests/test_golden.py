"""Golden files: what the readers make of each sample and each reader fixture, and what the speech
script says for each sample, compared with the files under tests/expected and tests/fixtures/readers
(rewrite them all with ``.venv/bin/python -m tests.regenerate_expected``, then review the diff)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .helpers import EXPECTED, READER_FIXTURES, SAMPLES, model_data, reader_fixtures, run_cli, speech_tsv

FIXTURES = reader_fixtures()


@pytest.mark.parametrize("source", SAMPLES, ids=lambda p: p.name)
def test_the_model_of_each_sample(source: Path) -> None:
    expected = json.loads((EXPECTED / f"{source.name}.json").read_text(encoding="utf-8"))
    assert model_data(source) == expected


@pytest.mark.parametrize("source", SAMPLES, ids=lambda p: p.name)
def test_the_speech_script_of_each_sample(source: Path) -> None:
    """One segment a line: its id, a tab, exactly what is sent to the speech engine."""
    assert speech_tsv(source) == (EXPECTED / f"{source.name}.speech.tsv").read_text(encoding="utf-8")


@pytest.mark.parametrize("source", FIXTURES, ids=lambda p: p.name)
def test_each_reader_fixture_gives_its_model(source: Path) -> None:
    expected = json.loads(source.with_suffix(".json").read_text(encoding="utf-8"))
    assert model_data(source) == expected


def test_every_golden_file_has_its_source() -> None:
    """No golden file is left behind by a renamed source, and no two fixtures share a golden file."""
    assert len({p.stem for p in FIXTURES}) == len(FIXTURES)
    assert sorted(p.name for p in READER_FIXTURES.glob("*.json")) == sorted(f"{p.stem}.json" for p in FIXTURES)
    golden = sorted(p.name for p in EXPECTED.iterdir() if p.is_file())
    assert golden == sorted(f"{p.name}{suffix}" for p in SAMPLES for suffix in (".json", ".speech.tsv"))


def test_inspect_prints_the_model() -> None:
    """The command line prints the same model (one sample is enough: the model is compared above)."""
    source = SAMPLES[0]
    result = run_cli("inspect", source)
    assert result.returncode == 0, result.stderr
    model = json.loads(result.stdout)
    assert model["meta"]["source"] == str(source)
    model["meta"]["source"] = source.name
    assert model == json.loads((EXPECTED / f"{source.name}.json").read_text(encoding="utf-8"))


def test_inspect_prints_the_speech_script() -> None:
    source = next(p for p in SAMPLES if p.name == "reading-room.md")
    result = run_cli("inspect", "--speech", source)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (EXPECTED / f"{source.name}.speech.tsv").read_text(encoding="utf-8")
    assert "byline\tBy Dana Whitfield and Marcus Oyelaran\n" in result.stdout
    assert "184,000 dollars" in result.stdout
