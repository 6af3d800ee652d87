"""Two candidates at once (triptych.handover): the result, the logs and the exit status are those of
one after the other, whichever process carries on; and the print edition made that way is the same."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from tests.helpers import ROOT
from triptych import export

SCRIPT = """
import json, os, sys
from triptych.handover import race
log = ["before"]
started = os.getpid()
def first():
    log.append("first")
    return [1, 2, 3]
def second():
    log.append("second")
    if {fail!r}:
        raise ValueError("the second failed")
    return list(range({second_size}))
try:
    made = race(first, second, needed=lambda made: {needed!r}, size=len, logs=(log,), at_once={at_once!r})
except ValueError as error:
    made = str(error)
print(json.dumps({{"made": made, "log": log, "moved": os.getpid() != started}}))
sys.stdout.flush()
os._exit(7)
"""


def _race(*, needed: bool = True, second_size: int = 2, fail: bool = False, at_once: bool = True) -> tuple[Any, int]:
    code = SCRIPT.format(needed=needed, second_size=second_size, fail=fail, at_once=at_once)
    command = [sys.executable, "-c", code]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60, check=False)
    lines = done.stdout.splitlines()
    assert len(lines) == 1, (done.stdout, done.stderr)  # one process answered
    return json.loads(lines[0]), done.returncode


@pytest.mark.parametrize("at_once", [True, False])
def test_the_second_kept_carries_on_in_the_fork_that_made_it(at_once: bool) -> None:
    answer, status = _race(at_once=at_once)
    assert answer["made"] == [0, 1]
    assert answer["log"] == ["before", "first", "second"]
    assert answer["moved"] is at_once  # at once, the fork that made it carries on
    assert status == 7  # and the first process ends as the fork ended


@pytest.mark.parametrize("at_once", [True, False])
def test_a_second_not_smaller_is_dropped_but_its_log_is_kept(at_once: bool) -> None:
    answer, status = _race(second_size=3, at_once=at_once)
    assert answer == {"made": [1, 2, 3], "log": ["before", "first", "second"], "moved": False}
    assert status == 7


@pytest.mark.parametrize("at_once", [True, False])
def test_a_second_not_needed_is_not_kept(at_once: bool) -> None:
    answer, _ = _race(needed=False, at_once=at_once)
    assert answer == {"made": [1, 2, 3], "log": ["before", "first"], "moved": False}


@pytest.mark.parametrize("at_once", [True, False])
def test_a_second_that_fails_fails_as_it_would_one_after_the_other(at_once: bool) -> None:
    answer, _ = _race(fail=True, at_once=at_once)
    assert answer["made"] == "the second failed"
    assert answer["moved"] is False


ARTICLE = "---\ntitle: Harbour ferry returns\nlanguage: en\n---\n\n" + "\n\n".join(
    f"Paragraph {n} says that the pier of the harbour ferry was rebuilt in stage {n}, after three weeks."
    for n in range(1, 40)
)


def test_the_print_edition_made_alone_on_the_command_line_is_the_one_made_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    source = tmp_path / "ferry.md"
    source.write_text(ARTICLE, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pipeline", "export", str(source), "-f", "pdf", "-o", str(tmp_path / "cli"),
                    "--name", "ferry", "-q"], cwd=ROOT, check=True, timeout=120)  # fmt: skip
    serial = export(source, "pdf", tmp_path / "serial", name="ferry", concurrent=False)
    assert serial.ok
    made = tmp_path / "cli" / "ferry.pdf"
    assert made.read_bytes() == (tmp_path / "serial" / "ferry.pdf").read_bytes()
    with pikepdf.open(made) as pdf:
        assert len(pdf.pages) == 2  # the tighter setting saved the standard layout's short third page


LIMITED = """
import os, sys, time
from triptych.handover import race
from triptych.timeout import ExportTimeout, time_limit
started, pid = time.monotonic(), os.getpid()
try:
    with time_limit(1.5, "the test's work"):
        race(lambda: [1, 2], lambda: [1], needed=lambda made: True, size=len, at_once=True)
        time.sleep(10)
except ExportTimeout:
    print("stopped", os.getpid() != pid, round(time.monotonic() - started))
sys.stdout.flush()
os._exit(0)
"""


def test_the_fork_that_carries_on_keeps_the_time_limit() -> None:
    done = subprocess.run([sys.executable, "-c", LIMITED], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.stdout.split() == ["stopped", "True", "2"], done.stderr  # at 1.5 s, in the fork
