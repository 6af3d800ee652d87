"""Benchmark: Triptych's EPUB export against a bare ebooklib book of the same text (the raw
engine) and against pandoc's EPUB writer (the peer a user would otherwise script).

All three run side by side in one run on every sample article; each figure is the median of
several runs after a warm-up, the jobs alternating so that drift in the machine hits all alike.

    .venv/bin/python -m bench.epub_speed [--runs 11]

Target: within 1.5x of the bare ebooklib book (geometric mean; the exit status is 1 when missed).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from html import escape
from pathlib import Path

from ebooklib import epub

from exporters.epub import EpubExporter
from triptych import read_source
from triptych.exporter import ExportContext
from triptych.model import Article, Figure, Heading, block_text

from .report import Check, exit_status, table, timed

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p for p in (ROOT / "tests" / "articles").glob("*.*"))
PANDOC_READERS = {".md": "markdown", ".txt": "markdown", ".html": "html"}


def bare_ebooklib(article: Article, target: Path) -> None:
    """The raw engine: one chapter with the same headings, paragraphs and images, ebooklib's defaults."""
    book = epub.EpubBook()
    book.set_identifier("bench")
    book.set_title(article.meta.title)
    book.set_language(article.meta.language)
    for author in article.meta.authors:
        book.add_author(author)
    body = [f"<h1>{escape(article.meta.title)}</h1>"]
    figures = [f for f in (article.meta.lead_image, *article.blocks) if isinstance(f, Figure) and f.src]
    for number, figure in enumerate(figures):
        assert article.base_dir is not None
        assert figure.src is not None
        name = f"images/{number}{Path(figure.src).suffix}"
        book.add_item(epub.EpubImage(file_name=name, content=(article.base_dir / figure.src).read_bytes()))
        body.append(f'<img src="{name}" alt="{escape(figure.alt or "")}"/>')
    for block in article.blocks:
        tag = "h2" if isinstance(block, Heading) else "p"
        body.append(f"<{tag}>{escape(block_text(block))}</{tag}>")
    chapter = epub.EpubHtml(title=article.meta.title, file_name="article.xhtml", lang=article.meta.language)
    chapter.content = "".join(body)
    book.add_item(chapter)
    book.toc = [chapter]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", chapter]
    epub.write_epub(str(target), book)


def measure(runs: int = 11) -> list[Check]:
    """Print the table of every sample; return the geometric mean against ebooklib, with its target."""
    pandoc = shutil.which("pandoc")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        print(f"{'article':<22} {'ebooklib':>10} {'pandoc':>10} {'Triptych':>10} {'vs ebooklib':>12} {'vs pandoc':>10}")
        ratios: list[float] = []
        for source in SAMPLES:
            reading = read_source(source)
            article = reading.article
            context = ExportContext(article=article, media=reading.media)
            jobs: dict[str, Callable[[], object]] = {
                "ebooklib": partial(bare_ebooklib, article, out / "bare.epub"),
                "triptych": partial(EpubExporter().export, article, out / "ours.epub", context),
            }
            if pandoc:
                command = [pandoc, "-f", PANDOC_READERS[source.suffix], str(source), "-o", str(out / "pandoc.epub")]
                jobs["pandoc"] = partial(subprocess.run, command, check=True, capture_output=True)
            for job in jobs.values():
                job()  # warm-up
            times: dict[str, list[float]] = {name: [] for name in jobs}
            for _ in range(runs):
                for name, job in jobs.items():
                    times[name].append(timed(job))
            median = {name: statistics.median(values) for name, values in times.items()}
            ratio = median["triptych"] / median["ebooklib"]
            ratios.append(ratio)
            peer = f"{median['pandoc'] * 1000:>7.1f} ms" if "pandoc" in median else f"{'n/a':>10}"
            versus_peer = f"{median['triptych'] / median['pandoc']:>10.2f}" if "pandoc" in median else f"{'n/a':>10}"
            print(
                f"{source.name:<22} {median['ebooklib'] * 1000:>7.1f} ms {peer} {median['triptych'] * 1000:>7.1f} ms "
                f"{ratio:>12.2f} {versus_peer}"
            )
        print(f"{'geometric mean':<22} {'':>10} {'':>10} {'':>10} {statistics.geometric_mean(ratios):>12.2f}")
    return [Check("EPUB export / bare ebooklib (geo. mean)", statistics.geometric_mean(ratios), limit=1.5)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    checks = measure(parser.parse_args().runs)
    print(table(checks))
    return exit_status(checks)


if __name__ == "__main__":
    sys.exit(main())
