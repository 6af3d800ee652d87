"""With ``SOURCE_DATE_EPOCH`` set, two runs make byte-identical editions: PDF, EPUB (narrated,
with the print page list), MP3, VTT, the web page with its read-along, and the index."""

from __future__ import annotations

from pathlib import Path

from .conftest import ARTICLES, run_cli


def test_two_runs_are_byte_identical(tmp_path: Path) -> None:
    runs = []
    for n in (1, 2):
        out = tmp_path / f"run{n}"
        env = {"SOURCE_DATE_EPOCH": "1700000000", "TRIPTYCH_CACHE_DIR": str(tmp_path / f"cache{n}")}
        result = run_cli("export", ARTICLES / "reading-room.md", "--narrated", "-o", out, "-q", env=env)
        assert result.returncode == 0, result.stderr
        runs.append({p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")})
    first, second = runs
    suffixes = sorted(Path(name).suffix for name in first)
    assert suffixes == [".epub", ".html", ".json", ".json", ".mp3", ".pdf", ".vtt"]
    different = sorted(name for name in first if first[name] != second[name])
    assert different == [n for n in first if n.endswith(".manifest.json")]  # it records how long each took
