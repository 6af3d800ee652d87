"""Benchmark: Triptych's audio export against the raw engines on the same text, side by side.

The raw engines: ``espeak-ng -w`` on the same spoken text (the whole script in one file, with the
same voice and rate), then the same ffmpeg MP3 encoder. Articles: the bundled seed, and a
2,000-word and a 20,000-word article made from it. Also reported: how the time grows with length
(twice the text should cost at most 2.2 times the time) and the peak memory of the export (the
largest resident set of this process and of its children, the engine worker and ffmpeg). The
speech cache is off (``speech-cache=no``): every sentence is spoken, as the raw engine does.

    .venv/bin/python -m bench.audio_speed [--runs 3] [--words 2000,20000]

Targets: within 1.1x of the raw engines, 2.2x at most for twice the text, peak memory under
300 MB (the exit status is 1 when one is missed).
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from exporters.audio import AudioExporter
from triptych import read_article
from triptych.exporter import ExportContext
from triptych.model import Article
from triptych.speech.encode import FORMATS
from triptych.speech.engine import DEFAULT_RATE
from triptych.speech.script import speech_script

from .report import Check, exit_status, table

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "ice-arrests.txt"


def long_article(words: int, folder: Path) -> Path:
    """An article of about ``words`` words: the seed's paragraphs repeated, with section headings."""
    return repeated_article(max(1, round(words / _seed()[2])), folder, name=f"article-{words}", words=words)


def repeated_article(rounds: int, folder: Path, *, distinct: bool = False, name: str = "", words: int = 0) -> Path:
    """The seed's paragraphs ``rounds`` times, each round under its own heading. With ``distinct``
    every sentence of round *n* > 1 says which part it is in, so that no sentence repeats (a speech
    cache would otherwise speak each only once)."""
    title, body, per_round = _seed()
    parts = [f"# {title} ({words or rounds * per_round} words)"]
    for n in range(rounds):
        parts.append(f"## Part {n + 1}")
        parts += [tag_sentences(paragraph, f"part {n + 1}") if distinct and n else paragraph for paragraph in body]
    path = folder / f"{name or f'seed-x{rounds}'}.md"
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return path


def _seed() -> tuple[str, list[str], int]:
    lines = SEED.read_text(encoding="utf-8").split("\n\n")
    body = [p for p in lines[3:] if p.strip()]
    return lines[0], body, sum(len(p.split()) for p in body)


def tag_sentences(paragraph: str, tag: str) -> str:
    """``paragraph`` with `` (tag)`` before the end of each sentence: the same words, but no sentence
    the same as elsewhere."""
    return re.sub(r"(?<=[a-z0-9])([.!?:])(?=[”\"’]?(?:\s|$))", rf" ({tag})\1", paragraph)


def ours(article: Article, out: Path) -> tuple[float, float]:
    """Our export's time, and the length of the audio it made."""
    started = time.perf_counter()
    context = ExportContext(article=article, options={"speech-cache": "no"})
    made = AudioExporter().export(article, out / "ours.mp3", context)
    return time.perf_counter() - started, float(made.details["duration"])


def raw(article: Article, out: Path) -> float:
    """espeak-ng -w on the same spoken text, then ffmpeg to MP3 at the same bit rate."""
    text = "\n\n".join(segment.spoken for segment in speech_script(article))
    (out / "script.txt").write_text(text, encoding="utf-8")
    started = time.perf_counter()
    subprocess.run(["espeak-ng", "-v", "en", "-s", str(DEFAULT_RATE), "-f", str(out / "script.txt"),
                    "-w", str(out / "raw.wav")], check=True, capture_output=True)  # fmt: skip
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", str(out / "raw.wav"), "-ac", "1",
                    *FORMATS["mp3"], str(out / "raw.mp3")], check=True)  # fmt: skip
    return time.perf_counter() - started


def measure(runs: int = 3, words: tuple[int, ...] = (2000, 20000)) -> list[Check]:
    """Print the table (the seed, then articles of ``words`` words); return the checks."""
    if not shutil.which("espeak-ng") or not shutil.which("ffmpeg"):
        raise SystemExit("bench needs espeak-ng and ffmpeg (./setup.sh installs them)")
    checks = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        sources = [SEED, *(long_article(count, out) for count in words)]
        print(f"{'article':<22} {'words':>7} {'audio':>8} {'raw engines':>12} {'Triptych':>10} {'ratio':>7}")
        rows = []
        for source in sources:
            article = read_article(source)
            count = sum(len(s.text.split()) for s in speech_script(article))
            repeats = runs if count < 10000 else 1
            raw_times, our_times = [], []
            duration = 0.0
            for _ in range(repeats):
                raw_times.append(raw(article, out))
                our_time, duration = ours(article, out)
                our_times.append(our_time)
            raw_time, our_time = statistics.median(raw_times), statistics.median(our_times)
            rows.append((count, our_time))
            checks.append(Check(f"audio export / raw engines ({count} words)", our_time / raw_time, limit=1.1))
            print(f"{source.name:<22} {count:>7} {duration:>7.0f}s {raw_time:>11.2f}s {our_time:>9.2f}s "
                  f"{our_time / raw_time:>7.2f}")  # fmt: skip
        (w1, t1), (w2, t2) = rows[1 if len(rows) > 2 else 0], rows[-1]
        growth = (t2 / t1) / (w2 / w1) * 2
        print(f"time for twice the text (from {w1} to {w2} words): {growth:.2f}x (target 2.2x at most)")
        checks.append(Check(f"audio: time for twice the text ({w1}-{w2} words)", growth, limit=2.2))
        peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"peak memory: this process {peak_self:.0f} MB, largest child {peak_children:.0f} MB")
        checks.append(Check("audio: peak memory (largest process)", max(peak_self, peak_children), "MB", limit=300))
    return checks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--words", default="2000,20000", help="lengths of the longer articles (comma list)")
    args = parser.parse_args()
    checks = measure(args.runs, tuple(int(n) for n in args.words.split(",")))
    print(table(checks))
    return exit_status(checks)


if __name__ == "__main__":
    sys.exit(main())
