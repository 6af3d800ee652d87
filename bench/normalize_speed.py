"""Benchmark: the speech normaliser's throughput, in sentences a second on one core.

The sentences are the body sentences of the speech script of each sample article in
``tests/articles`` (the paragraphs, list items and quotes, split into sentences: not the short
headings and announcements), each with its article's language; ``normalize()`` runs over all of
them, again and again, for about half a second a run. The figure is the median of several runs
after a warm-up.

    .venv/bin/python -m bench.normalize_speed [--runs 7]

Target: at least 2,000 sentences a second (the exit status is 1 when it is missed).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from triptych import read_source
from triptych.speech.normalize import normalize
from triptych.speech.script import speech_script

from .report import Check, exit_status, table

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p for p in (ROOT / "tests" / "articles").glob("*.*"))
TARGET = 2000.0
"""Sentences a second through ``normalize()``, on one core."""


def sentences() -> list[tuple[str, str]]:
    """(text, language) of every sentence the sample articles' speech scripts read."""
    found: list[tuple[str, str]] = []
    for source in SAMPLES:
        article = read_source(source).article
        found += [(s.text, article.meta.language) for s in speech_script(article) if s.kind == "sentence"]
    return found


def _rate(texts: list[tuple[str, str]], seconds: float) -> float:
    """Sentences a second, over as many passes through ``texts`` as fit in about ``seconds``."""
    done, started = 0, time.perf_counter()
    while True:
        for text, language in texts:
            normalize(text, language)
        done += len(texts)
        elapsed = time.perf_counter() - started
        if elapsed >= seconds:
            return done / elapsed


def measure(runs: int = 7, seconds: float = 0.5) -> list[Check]:
    """Print the figure of each run; return the median, with its target."""
    texts = sentences()
    languages = sorted({language for _, language in texts})
    print(f"{len(texts)} sentences from {len(SAMPLES)} sample articles ({', '.join(languages)})")
    _rate(texts, seconds / 5)  # warm-up: imports, compiled patterns, caches
    rates = [_rate(texts, seconds) for _ in range(runs)]
    print("runs: " + ", ".join(f"{rate:,.0f}" for rate in rates) + " sentences/s")
    median = statistics.median(rates)
    print(f"median: {median:,.0f} sentences/s (target >= {TARGET:,.0f})")
    return [Check("speech normaliser, sentences/s", median, unit="/s", floor=TARGET)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    checks = measure(parser.parse_args().runs)
    print(table(checks))
    return exit_status(checks)


if __name__ == "__main__":
    sys.exit(main())
