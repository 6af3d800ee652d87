"""Limits: each has a default, a clear error naming the option that raises it, and nothing written."""

from __future__ import annotations

import struct
import threading
import zlib
from pathlib import Path

import pytest

import triptych
from triptych.errors import EXIT_BAD_INPUT, EXIT_EXPORT_FAILED, EXIT_OK
from triptych.limits import Limits

from .helpers import ARTICLES, ROOT, parse_page, run_cli


def png_header(width: int, height: int) -> bytes:
    """A small PNG file whose header claims ``width`` × ``height`` pixels (a decompression bomb's shape)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def _nested_quotes(depth: int) -> str:
    return "# Deep\n\nFirst paragraph.\n\n" + "> " * depth + "innermost\n\nLast paragraph.\n"


def _fails_cleanly(result: object, outdir: Path, *needles: str) -> None:
    assert getattr(result, "returncode", None) == EXIT_BAD_INPUT
    stderr = str(getattr(result, "stderr", ""))
    assert len(stderr.strip().splitlines()) == 1, stderr
    for needle in needles:
        assert needle in stderr
    assert not outdir.exists() or not any(outdir.iterdir())


def test_defaults_are_documented() -> None:
    limits = Limits()
    assert (limits.source_bytes, limits.blocks, limits.depth) == (20 * 1024 * 1024, 20_000, 32)
    assert (limits.image_bytes, limits.image_pixels, limits.timeout) == (20 * 1024 * 1024, 40_000_000, 900)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for key in ("max-source-bytes", "max-blocks", "max-depth", "max-image-bytes", "max-image-pixels", "timeout"):
        assert f"`{key}`" in readme


def test_source_size(tmp_path: Path) -> None:
    result = run_cli("export", ARTICLES / "mercado.md", "-f", "html", "-o", tmp_path / "out",
                     "-O", "max-source-bytes=200")  # fmt: skip
    _fails_cleanly(result, tmp_path / "out", "mercado.md", "limit of 200", "-O max-source-bytes=N")


def test_block_count(tmp_path: Path) -> None:
    source = tmp_path / "long.md"
    source.write_text("# Long\n\n" + "".join(f"Paragraph {n}.\n\n" for n in range(60)), encoding="utf-8")
    result = run_cli("export", source, "-f", "html", "-o", tmp_path / "out", "-O", "max-blocks=50")
    _fails_cleanly(result, tmp_path / "out", "long.md", "60 blocks", "limit of 50", "-O max-blocks=N")
    assert run_cli("export", source, "-f", "html", "-o", tmp_path / "out").returncode == EXIT_OK


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_nesting_depth(tmp_path: Path, suffix: str) -> None:
    source = tmp_path / f"deep{suffix}"
    if suffix == ".md":
        source.write_text(_nested_quotes(40), encoding="utf-8")
    else:
        quotes = "<blockquote>" * 40 + "<p>innermost</p>" + "</blockquote>" * 40
        source.write_text(
            f"<html><body><article><h1>Deep</h1><p>First.</p>{quotes}<p>Last.</p></article></body></html>"
        )
    result = run_cli("export", source, "-f", "html", "-o", tmp_path / "out")
    _fails_cleanly(result, tmp_path / "out", source.name, "limit of 32", "-O max-depth=N")
    raised = run_cli("export", source, "-f", "html", "-o", tmp_path / "out", "-O", "max-depth=45")
    assert raised.returncode == EXIT_OK, raised.stderr
    page = parse_page(tmp_path / "out" / "deep.html")
    innermost = page.xpath("//blockquote[count(ancestor::blockquote) = 39]")
    assert [p.text_content() for p in innermost[0].iter("p")] == ["innermost"]
    assert page.xpath("//p[normalize-space() = 'Last paragraph.' or normalize-space() = 'Last.']")


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("deep.md", _nested_quotes(5000), "deep.md:5: quotes or lists nest more than 32 levels deep"),
        ("deep.html", "<html><body><article><h1>Deep</h1>" + "<div>" * 5000 + "<p>x</p>",
         "deep.html:1: the page nests its elements too deeply to be read"),
    ],
)  # fmt: skip
def test_parsers_never_drop_what_nests_too_deep(tmp_path: Path, name: str, content: str, problem: str) -> None:
    """markdown-it and libxml2 both stop at their own depth and drop the rest silently: refused instead."""
    (tmp_path / name).write_text(content, encoding="utf-8")
    result = run_cli("export", tmp_path / name, "-f", "html", "-o", tmp_path / "out")
    _fails_cleanly(result, tmp_path / "out", problem)


@pytest.mark.parametrize(
    ("size", "problem"),
    [
        ((8000, 6000), "8,000 × 6,000 pixels, over the limit of 40,000,000 pixels"),
        ((100_000, 100_000), "over the limit of 40,000,000 pixels"),  # Pillow itself refuses to open it
    ],
)
def test_image_pixel_limit_refuses_a_bomb(tmp_path: Path, size: tuple[int, int], problem: str) -> None:
    (tmp_path / "bomb.png").write_bytes(png_header(*size))
    source = tmp_path / "bomb.md"
    source.write_text("# Bomb\n\n![A chart](bomb.png)\n\nText.\n", encoding="utf-8")
    result = run_cli("export", source, "-o", tmp_path / "out")
    _fails_cleanly(result, tmp_path / "out", "bomb.md", "bomb.png", problem, "-O max-image-pixels=N")


def test_image_limits_can_be_raised(tmp_path: Path) -> None:
    (tmp_path / "big.png").write_bytes(png_header(8000, 6000))
    source = tmp_path / "big.md"
    source.write_text("# Big\n\n![A chart](big.png)\n\nText.\n", encoding="utf-8")
    result = run_cli("export", source, "-f", "html", "-o", tmp_path / "out", "-O", "max-image-pixels=50000000")
    assert result.returncode == EXIT_OK, result.stderr
    assert parse_page(tmp_path / "out" / "big.html").xpath("//img/@src")[0].startswith("data:image/png;base64,")


def test_image_byte_limit(tmp_path: Path) -> None:
    (tmp_path / "chart.png").write_bytes((ARTICLES / "images" / "reading-room-visits.png").read_bytes())
    source = tmp_path / "chart.md"
    source.write_text("# Chart\n\n![A chart](chart.png)\n\nText.\n", encoding="utf-8")
    result = run_cli("export", source, "-f", "html", "-o", tmp_path / "out", "-O", "max-image-bytes=1000")
    _fails_cleanly(result, tmp_path / "out", "chart.png", "over the limit of 1,000", "-O max-image-bytes=N")


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_bad_limit_values_are_usage_errors(tmp_path: Path, value: str) -> None:
    result = run_cli("export", ARTICLES / "mercado.md", "-o", tmp_path / "out", "-O", f"max-blocks={value}")
    _fails_cleanly(result, tmp_path / "out", "max-blocks", "not a positive whole number")


def _long_article(folder: Path) -> Path:
    source = folder / "long.md"
    paragraph = "A sentence that goes on for a while so that the page fills up with text. " * 12
    source.write_text("# Long\n\n" + "".join(f"## Part {n}\n\n{paragraph}\n\n" for n in range(150)), encoding="utf-8")
    return source


def test_timeout_stops_one_exporter_and_keeps_the_others(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("export", _long_article(tmp_path), "-f", "pdf,html", "-o", out, "-O", "timeout=0.3")
    assert result.returncode == EXIT_EXPORT_FAILED
    assert "pdf export failed: the pdf export took longer than its time limit of 0.3 s" in result.stderr
    assert "-O timeout=SECONDS" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["long.html", "long.manifest.json"]


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_timeout_in_a_worker_thread(tmp_path: Path) -> None:
    """Off the main thread (a thread pool, a dask worker) the limit holds as well. (A stop that
    lands in an engine's finalizer is reported by Python as unraisable; the watchdog stops the
    thread again until it has stopped, which this test sees.)"""
    results: list[triptych.ExportResult] = []
    source = _long_article(tmp_path)
    worker = threading.Thread(
        target=lambda: results.append(triptych.export(source, "pdf", tmp_path / "out", options={"timeout": "0.3"}))
    )
    worker.start()
    worker.join(60)
    (output,) = results[0].outputs
    assert not output.ok
    assert output.error is not None
    assert "took longer than its time limit of 0.3 s" in output.error
    assert not (tmp_path / "out" / "long.pdf").exists()
