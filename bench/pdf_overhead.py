"""Benchmark: Triptych's PDF export against WeasyPrint rendering the same HTML rendition directly.

- **In-process**: both sides in this one process, on every sample article; each figure is the
  median of 15 runs (alternating the two) after a warm-up. The ratio is Triptych's time over the
  raw engine's: the cost of the fix-ups (tags, artifacts, metadata), the font check, the guarded
  fetcher and the tighter second layout when the last page is nearly empty.
- **Commands**: ``triptych export SOURCE -f pdf`` against ``python -m weasyprint`` on Triptych's
  print HTML, each a new process (:func:`commands`): what a user waits for.

    .venv/bin/python -m bench.pdf_overhead [--runs 15]

Targets: geometric means of 1.25 (in-process) and 1.1 (commands) or less (the exit status is 1 when
one is missed).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import weasyprint

from exporters.pdf import PdfExporter
from triptych import read_source
from triptych.exporter import ExportContext
from triptych.pdf.fetcher import guarded_fetcher
from triptych.readers import Reading
from triptych.renditions.print_layout import PrintOptions, image_urls, print_document

from .report import Check, exit_status, run, table, timed

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p for p in (ROOT / "tests" / "articles").glob("*.*"))


def _medians(runs: int, first: Callable[[], object], second: Callable[[], object]) -> tuple[float, float]:
    """Median times of two jobs run alternately, so that drift in the machine hits both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        times[0].append(timed(first))
        times[1].append(timed(second))
    return statistics.median(times[0]), statistics.median(times[1])


def measure(runs: int = 15) -> list[Check]:
    """Print the table of every sample; return the geometric mean of the ratios, with its target."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        print(f"{'article':<24} {'WeasyPrint':>11} {'Triptych':>10} {'ratio':>7}")
        ratios = []
        for source in SAMPLES:
            reading = read_source(source)
            article = reading.article
            context = ExportContext(article=article, media=reading.media)
            page = print_document(article, PrintOptions.of(context), context).decode("utf-8")
            urls = image_urls(article, context)
            images = {urls[src]: media for src, media in reading.media.items()}

            def raw(page: str = page, images: dict[str, Any] = images) -> None:
                html = weasyprint.HTML(string=page, url_fetcher=guarded_fetcher(images, []))
                html.write_pdf(out / "raw.pdf", pdf_variant="pdf/ua-1")

            def ours(reading: Reading = reading) -> None:
                context = ExportContext(article=reading.article, media=reading.media)
                PdfExporter().export(reading.article, out / "ours.pdf", context)

            raw()
            ours()  # warm-up: fonts, Pango, fontconfig
            raw_time, our_time = _medians(runs, raw, ours)
            ratios.append(our_time / raw_time)
            print(f"{source.name:<24} {raw_time:>10.3f}s {our_time:>9.3f}s {our_time / raw_time:>7.2f}")
        print(f"{'geometric mean':<24} {'':>11} {'':>10} {statistics.geometric_mean(ratios):>7.2f}")
    checks = [Check("PDF export / WeasyPrint alone, in-process (geo. mean)", statistics.geometric_mean(ratios),
                    limit=1.25)]  # fmt: skip
    return checks + commands(max(3, runs // 2))


def commands(runs: int) -> list[Check]:
    """``triptych export SOURCE -f pdf`` against WeasyPrint's own command on Triptych's print HTML
    (written to a file; the command can't read the article's images, so it draws none: it has
    less to do). Each a new process, as a user runs them; medians of ``runs``, alternating."""
    print(f"\n{'article':<24} {'weasyprint':>11} {'triptych':>10} {'ratio':>7}   (commands)")
    ratios = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        for source in SAMPLES:
            reading = read_source(source)
            context = ExportContext(article=reading.article, media=reading.media)
            page = out / "print.html"
            page.write_bytes(print_document(reading.article, PrintOptions.of(context), context))
            raw_command: list[str | Path] = [sys.executable, "-m", "weasyprint", "-q", "--pdf-variant", "pdf/ua-1",
                                             page, out / "raw.pdf"]  # fmt: skip
            our_command: list[str | Path] = [sys.executable, "-m", "pipeline", "export", source, "-f", "pdf",
                                             "-o", out / "ours", "-q"]  # fmt: skip
            run(raw_command)
            run(our_command)  # warm-up: the operating system's caches
            raw_time, our_time = _medians(runs, partial(run, raw_command), partial(run, our_command))
            ratios.append(our_time / raw_time)
            print(f"{source.name:<24} {raw_time:>10.3f}s {our_time:>9.3f}s {our_time / raw_time:>7.2f}")
    mean = statistics.geometric_mean(ratios)
    print(f"{'geometric mean':<24} {'':>11} {'':>10} {mean:>7.2f}")
    return [Check("PDF export / the weasyprint command (geo. mean)", mean, limit=1.1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    checks = measure(parser.parse_args().runs)
    print(table(checks))
    return exit_status(checks)


if __name__ == "__main__":
    sys.exit(main())
