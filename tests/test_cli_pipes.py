"""The command line's edges (issue 22): a closed output, a bad ``SOURCE_DATE_EPOCH``, file names
that hold a line break, bad option values whichever way they are given."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import ARTICLES, ROOT, run_cli

EXIT_CLOSED_OUTPUT = 141


@pytest.mark.parametrize(
    "args",
    [
        ["inspect", str(ARTICLES / "reading-room.md")],
        ["inspect", "--speech", str(ARTICLES / "reading-room.md")],
        ["options"],
        ["formats", "--options"],
        ["export", str(ARTICLES / "mercado.md"), "-f", "html,epub", "-o", "{tmp}"],
        ["build", str(ARTICLES / "mercado.md"), "-f", "html", "-o", "{tmp}", "-j", "1"],
    ],
    ids=["inspect", "inspect-speech", "options", "formats", "export", "build"],
)
def test_every_command_stops_quietly_when_its_output_is_closed(tmp_path: Path, args: list[str]) -> None:
    command = [sys.executable, "-m", "pipeline", *(a.replace("{tmp}", str(tmp_path / "out")) for a in args)]
    run = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert run.stdout is not None and run.stderr is not None
    run.stdout.close()  # the reader is gone before the command writes (as with | head, sooner)
    with run.stderr:
        error = run.stderr.read()
    assert run.wait(120) == EXIT_CLOSED_OUTPUT, error
    assert error == ""


def test_a_source_date_epoch_past_9999_is_refused_before_any_work(tmp_path: Path) -> None:
    for value, words in (("253402300800", "past the year 9999"), ("soon", "not a whole number")):
        for command in ("export", "build"):
            out = tmp_path / f"{command}-{value}"
            result = run_cli(command, ARTICLES / "mercado.md", "-f", "html", "-o", out,
                             env={"SOURCE_DATE_EPOCH": value})  # fmt: skip
            assert result.returncode == 2, result.stderr
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1 and "SOURCE_DATE_EPOCH" in lines[0] and words in lines[0], result.stderr
            assert not out.exists()
    last = run_cli("export", ARTICLES / "mercado.md", "-f", "html", "-o", tmp_path / "ok",
                   env={"SOURCE_DATE_EPOCH": "253402300799"})  # fmt: skip
    assert last.returncode == 0, last.stderr


def test_a_file_name_with_a_line_break_stays_on_one_line(tmp_path: Path) -> None:
    source = tmp_path / "two\nlines.md"
    source.write_text("", encoding="utf-8")
    result = run_cli("export", source, "-f", "html", "-o", tmp_path / "out")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert repr(str(source)) in result.stderr


@pytest.mark.parametrize("given", [["-O", "page-size=a5"], ["--page-size", "a5"]], ids=["-O", "flag"])
@pytest.mark.parametrize("formats", ["pdf", "html"])
def test_a_bad_option_value_is_bad_usage_however_it_is_given(tmp_path: Path, given: list[str], formats: str) -> None:
    result = run_cli("export", ARTICLES / "mercado.md", "-f", formats, "-o", tmp_path / "out", *given)
    assert result.returncode == 2, result.stderr
    assert "a5" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()
