"""What a source or an image file may be (issue 22): a regular file only, read within its limit
whatever ``stat`` says; an image with other hard links, or that is not the type it claims, is
skipped with a warning."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from triptych.readers import read_article

from .helpers import ARTICLES, ROOT, run_cli

PNG = (ARTICLES / "images" / "reading-room-visits.png").read_bytes()
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


def _refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_a_link_to_dev_zero_is_refused_at_once(tmp_path: Path) -> None:
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    result = run_cli("inspect", link)
    _refused(result, str(link), "is a device, not an article file")


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    result = run_cli("export", fifo, "-f", "html", "-o", tmp_path / "out")  # run_cli's time-out: 120 s
    _refused(result, str(fifo), "is a FIFO")


def test_a_source_is_read_only_up_to_its_limit_whatever_its_size_reads_as(tmp_path: Path) -> None:
    # /proc files say they are 0 bytes long: the reader must count what it reads, not trust stat.
    code = (
        "from pathlib import Path\n"
        "from triptych.errors import SourceError\n"
        "from triptych.limits import Limits\n"
        "from triptych.readers.source import _read_bounded\n"
        "try:\n"
        "    _read_bounded(Path('/proc/self/maps'), 16)\n"
        "except SourceError as exc:\n"
        "    print(exc)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert "more than 16 bytes, more than the limit of 16" in result.stdout


def _article_with_image(folder: Path, name: str) -> Path:
    source = folder / "story.md"
    source.write_text(f"# A story with a picture\n\n![A chart]({name})\n\nThe text of the story.\n", encoding="utf-8")
    return source


def test_an_image_with_another_hard_link_is_skipped_with_a_warning(tmp_path: Path) -> None:
    outside = tmp_path / "outside.png"
    outside.write_bytes(PNG)
    folder = tmp_path / "article"
    folder.mkdir()
    os.link(outside, folder / "chart.png")
    article = read_article(_article_with_image(folder, "chart.png"))
    assert any("other hard links" in w for w in article.warnings), article.warnings
    figure = article.blocks[0]
    assert getattr(figure, "src", "?") is None and getattr(figure, "alt", None) == "A chart"


def test_an_svg_named_png_is_a_warning_as_an_svg_named_svg_is(tmp_path: Path) -> None:
    for name in ("drawing.svg", "drawing.png"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / name).write_bytes(SVG)
        result = run_cli("export", _article_with_image(folder, name), "-f", "html", "-o", folder / "out")
        assert result.returncode == 0, result.stderr
        assert "skipped" in result.stderr and name in result.stderr
