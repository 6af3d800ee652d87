"""Faults: a run killed at any point, two runs at once, a full disk, a read-only folder.

Each leaves the previous editions intact or complete ones, never a partial file under a final
name, and the next run succeeds.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pikepdf
import pytest

from triptych.errors import EXIT_BAD_INPUT, EXIT_EXPORT_FAILED, EXIT_OK
from triptych.run.publish import LOCK_PREFIX, STAGING_PREFIX

from .helpers import ARTICLES, ROOT, Library, parse_page, run_cli, tmpfs

SOURCE = "mercado.md"
SLUG = "el-mercado-de-san-telmo-reabre-tras-dos-anos-de-obras"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _final_files(out: Path) -> dict[str, str]:
    """Every file under a final (not hidden) name, with its checksum."""
    return {p.name: _sha(p) for p in sorted(out.iterdir()) if p.is_file() and not p.name.startswith(".")}


def _matches_manifest(out: Path) -> bool:
    """True when the files under final names are exactly what the manifest lists, with its checksums."""
    manifest = json.loads((out / f"{SLUG}.manifest.json").read_text(encoding="utf-8"))
    made = [o for o in manifest["outputs"] if o["status"] == "ok"]
    listed = {name for o in made for name in o["files"]} | {f"{SLUG}.manifest.json", f"{SLUG}.index.json"}
    files = _final_files(out)
    return set(files) == listed and all(files[o["path"]] == o["sha256"] for o in made)


def _assert_complete(out: Path) -> None:
    """Every file under a final name is whole: each format opens and reads to its end."""
    for path in out.iterdir():
        if path.name.startswith("."):
            continue
        if path.suffix == ".pdf":
            with pikepdf.open(path) as pdf:
                assert len(pdf.pages) >= 1
        elif path.suffix == ".epub":
            with zipfile.ZipFile(path) as book:
                assert book.testzip() is None
        elif path.suffix == ".html":
            assert path.read_bytes().rstrip().endswith(b"</html>")
            parse_page(path)
        elif path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".mp3":
            probe = subprocess.run(
                ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            assert float(probe.stdout) > 5


def _leftovers(out: Path) -> list[str]:
    return [p.name for p in out.iterdir() if p.name.startswith((STAGING_PREFIX, LOCK_PREFIX))]


def _export(out: Path, *extra: str, formats: str = "html,pdf,epub,audio") -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "export", str(ARTICLES / SOURCE), "-f", formats, "-o", str(out), *extra],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _staged(out: Path, pattern: str) -> bool:
    """Whether a staging folder in ``out`` holds a file matching ``pattern``."""
    return any(any(folder.glob(pattern)) for folder in out.glob(f"{STAGING_PREFIX}*"))


KILL_POINTS: dict[str, Callable[[Path], bool]] = {  # in the order they come (the exporters run at once)
    "staging created": lambda out: any(out.glob(f"{STAGING_PREFIX}*")),
    "web page written": lambda out: _staged(out, "html/*.html"),
    "speech being synthesized": lambda out: _staged(out, ".work/**/*.wav"),
    "EPUB written": lambda out: _staged(out, "epub/*.epub"),
    "PDF written": lambda out: _staged(out, "pdf/*.pdf"),
    "audio being encoded": lambda out: _staged(out, "audio/*.mp3"),
}


@pytest.fixture(scope="module")
def previous(editions: Library) -> Path:
    """The previous editions of every kill test: the shared run of every edition of the article."""
    made = editions(SOURCE)
    assert made.result.slug == SLUG
    assert _matches_manifest(made.folder)  # the manifest describes exactly what is there
    return made.folder


@pytest.mark.parametrize("point", KILL_POINTS)
def test_sigkill_at_any_point_keeps_the_previous_editions(previous: Path, tmp_path: Path, point: str) -> None:
    out = tmp_path / "out"
    shutil.copytree(previous, out)  # a copy of one first run: what the killed run must leave alone
    before = _final_files(out)
    assert _matches_manifest(out)
    # Different options, so that any edition of the killed run would differ from the first's.
    run = _export(out, "--page-size", "letter", "--rate", "190")
    reached = KILL_POINTS[point]
    deadline = time.monotonic() + 90
    while not reached(out):
        assert run.poll() is None, f"the run ended before {point}: {run.stderr.read() if run.stderr else ''}"
        assert time.monotonic() < deadline, f"never reached {point}"
        time.sleep(0.005)
    run.send_signal(signal.SIGKILL)
    run.wait(30)
    if run.stderr:
        run.stderr.close()
    assert _final_files(out) == before  # nothing new, nothing partial, nothing lost
    _assert_complete(out)
    again = run_cli("export", ARTICLES / SOURCE, "-o", out, "-q", "--page-size", "letter")
    assert again.returncode == EXIT_OK, again.stderr
    assert _leftovers(out) == []  # the killed run's staging folder is gone too
    assert _matches_manifest(out)
    assert _final_files(out)[f"{SLUG}.pdf"] != before[f"{SLUG}.pdf"]


def test_two_runs_at_once_end_with_one_consistent_set(tmp_path: Path) -> None:
    out = tmp_path / "out"
    runs = [_export(out, "--page-size", size, formats="html,pdf,epub") for size in ("a4", "letter", "a4", "letter")]
    for run in runs:
        assert run.wait(120) == EXIT_OK
        if run.stderr:
            run.stderr.close()
    _assert_complete(out)
    assert _matches_manifest(out)  # editions, index and manifest all come from one run
    assert _leftovers(out) == []


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 1 MiB file system (tmpfs), so a full disk and a read-only folder are real."""
    with tmpfs(tmp_path / "disk", "size=1m") as mount:
        yield mount


def _fill(disk: Path, leave: int) -> None:
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    with (disk / "filler").open("wb") as filler:
        filler.write(b"\0" * max(free - leave, 0))


def test_full_disk_gives_a_clear_error_and_keeps_complete_files(small_disk: Path) -> None:
    out = small_disk / "out"
    first = run_cli("export", ARTICLES / SOURCE, "-f", "html,pdf,epub", "-o", out, "-q")
    assert first.returncode == EXIT_OK, first.stderr
    _fill(small_disk, leave=24 * 1024)
    full = run_cli("export", ARTICLES / SOURCE, "-f", "html,pdf,epub", "-o", out, "-q", "--page-size", "letter")
    assert full.returncode == EXIT_EXPORT_FAILED
    assert "Traceback" not in full.stderr
    assert "the disk is full" in full.stderr
    assert "choose another folder with -o" in full.stderr
    _assert_complete(out)
    assert _leftovers(out) == []
    (small_disk / "filler").unlink()
    again = run_cli("export", ARTICLES / SOURCE, "-f", "html,pdf,epub", "-o", out, "-q")
    assert again.returncode == EXIT_OK, again.stderr
    assert _matches_manifest(out)


def test_read_only_folder_gives_a_clear_error(small_disk: Path) -> None:
    out = small_disk / "out"
    assert run_cli("export", ARTICLES / SOURCE, "-f", "html", "-o", out, "-q").returncode == EXIT_OK
    before = _final_files(out)
    subprocess.run(["mount", "-o", "remount,ro", small_disk], check=True)
    for target in (out, out / "new"):
        result = run_cli("export", ARTICLES / SOURCE, "-f", "html", "-o", target)
        assert result.returncode == EXIT_BAD_INPUT
        assert result.stderr.count("\n") == 1, result.stderr
        assert "read-only file system" in result.stderr.lower()
        assert "choose another folder with -o" in result.stderr
    assert _final_files(out) == before


def test_api_reports_a_full_disk_as_our_error(small_disk: Path) -> None:
    import triptych
    from triptych.errors import TriptychError

    out = small_disk / "out"
    out.mkdir()
    _fill(small_disk, leave=0)
    shutil.rmtree(out)  # mkdir needs no data block on tmpfs; a file does
    out.mkdir()
    with pytest.raises(TriptychError, match="the disk is full"):
        triptych.export(ARTICLES / SOURCE, "html", out)
