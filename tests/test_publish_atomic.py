"""A run killed between its final renames (issue 22): the set it was publishing is completed by
the next run in that folder, or by ``triptych check``, so the editions, index and manifest are
always one run's, and the manifest's checksums match.

The kill is at a real point, made deterministic with strace's fault injection: SIGKILL is delivered
as the run enters the rename that publishes its EPUB, after its web page was published.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from triptych.run.publish import STAGING_PREFIX

from .helpers import ARTICLES, ROOT, run_cli

SOURCE = ARTICLES / "mercado.md"
SLUG = "el-mercado-de-san-telmo-reabre-tras-dos-anos-de-obras"
RENAMES = "rename,renameat,renameat2"


def _strace() -> str:
    strace = shutil.which("strace")
    if strace is None:
        pytest.skip("strace is not installed (apt-get install strace)")
    probe = subprocess.run([strace, "-qq", "-o", os.devnull, "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"strace can't trace here: {probe.stderr.decode().strip()}")
    return strace


def _export(out: Path, *extra: str, strace: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pipeline", "export", str(SOURCE), "-f", "html,epub", "-o", str(out), "-q"]
    return subprocess.run([*(strace or []), *command, *extra], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, check=False)  # fmt: skip


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _consistent(out: Path) -> bool:
    """The editions under final names are those the manifest lists, with its checksums."""
    manifest = json.loads((out / f"{SLUG}.manifest.json").read_text(encoding="utf-8"))
    return all(_sha(out / o["path"]) == o["sha256"] for o in manifest["outputs"] if o["status"] == "ok")


def _killed_between_renames(tmp_path: Path) -> Path:
    """A folder with a first run's editions, where a second run (other options, so other files)
    was killed as it entered the rename of its EPUB into place."""
    strace = _strace()
    out = tmp_path / "out"
    assert _export(out).returncode == 0
    rehearsal = tmp_path / "rehearsal"
    shutil.copytree(out, rehearsal)
    log = tmp_path / "renames.log"
    trace = [strace, "-f", "-qq", "-s", "4096", "-o", str(log), "-e", f"trace={RENAMES}"]
    _export(rehearsal, "--page-size", "letter", "--lang", "es-AR", strace=trace)
    calls = [line for line in log.read_text().splitlines() if re.search(r"\brename(at2?)?\(", line)]
    finals = [Path(re.findall(r'"([^"]*)"', line)[-1]) for line in calls]  # each rename's target
    number = finals.index(rehearsal / f"{SLUG}.epub") + 1  # the rename that publishes the EPUB
    assert rehearsal / f"{SLUG}.html" in finals[: number - 1]  # the web page went first
    inject = [strace, "-f", "-qq", "-o", os.devnull, "-e", f"trace={RENAMES}",
              "-e", f"inject={RENAMES}:signal=SIGKILL:when={number}"]  # fmt: skip
    before = _sha(out / f"{SLUG}.html")
    killed = _export(out, "--page-size", "letter", "--lang", "es-AR", strace=inject)
    assert killed.returncode != 0, killed.stderr
    assert _sha(out / f"{SLUG}.html") != before  # killed between the renames: the new page is out
    return out


def test_check_completes_a_set_whose_run_was_killed_between_its_renames(tmp_path: Path) -> None:
    out = _killed_between_renames(tmp_path)
    assert list(out.glob(f"{STAGING_PREFIX}*/.publishing.json"))  # the journal says what was left to do
    checked = run_cli("check", out / f"{SLUG}.epub", "-o", tmp_path / "report")
    assert "completed the interrupted publishing" in checked.stderr, checked.stderr
    assert _consistent(out)
    assert not list(out.glob(f"{STAGING_PREFIX}*"))
    manifest = json.loads((out / f"{SLUG}.manifest.json").read_text(encoding="utf-8"))
    assert json.loads((out / f"{SLUG}.index.json").read_text(encoding="utf-8"))["editions"] == {
        o["format"]: o["path"] for o in manifest["outputs"]
    }


def test_the_next_run_in_the_folder_completes_it_first(tmp_path: Path) -> None:
    out = _killed_between_renames(tmp_path)
    other = tmp_path / "other.md"
    other.write_text("# Another article\n\nIts only paragraph.\n", encoding="utf-8")
    result = run_cli("export", other, "-f", "html", "-o", out, "-q")
    assert result.returncode == 0, result.stderr
    assert _consistent(out)
    assert not list(out.glob(f"{STAGING_PREFIX}*"))
