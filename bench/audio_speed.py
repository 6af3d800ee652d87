"""Benchmark: Triptych's audio export against the raw engines on the same text, side by side.

The raw engines: ``espeak-ng -w`` on the same spoken text (the whole script in one file, with the
same voice and rate), then the same ffmpeg MP3 encoder. Articles: the bundled seed, and a
2,000-word and a 20,000-word article made from it. Also reported: how the time grows with length
(twice the text should cost at most 2.2 times the time) and the peak memory of the export (the
largest resident set of this process and of its children, the engine worker and ffmpeg).

    .venv/bin/python -m bench.audio_speed [--runs 3]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from exporters.audio import AudioExporter
from triptych import read_article
from triptych.exporter import ExportContext
from triptych.model import Article
from triptych.speech.script import speech_script

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "ice-arrests.txt"


def long_article(words: int, folder: Path) -> Path:
    """An article of about ``words`` words: the seed's paragraphs repeated, with section headings."""
    lines = SEED.read_text(encoding="utf-8").split("\n\n")
    title, body = lines[0], [p for p in lines[3:] if p.strip()]
    per_round = sum(len(p.split()) for p in body)
    parts = [f"# {title} ({words} words)"]
    for n in range(max(1, round(words / per_round))):
        parts.append(f"## Part {n + 1}")
        parts += body
    path = folder / f"article-{words}.md"
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return path


def ours(article: Article, out: Path) -> tuple[float, float]:
    """Our export's time, and the length of the audio it made."""
    started = time.perf_counter()
    made = AudioExporter().export(article, out / "ours.mp3", ExportContext(article=article))
    return time.perf_counter() - started, float(made.details["duration"])


def raw(article: Article, out: Path) -> float:
    """espeak-ng -w on the same spoken text, then ffmpeg to MP3 at the same bit rate."""
    text = "\n\n".join(segment.spoken for segment in speech_script(article))
    (out / "script.txt").write_text(text, encoding="utf-8")
    started = time.perf_counter()
    subprocess.run(["espeak-ng", "-v", "en", "-s", "175", "-f", str(out / "script.txt"), "-w", str(out / "raw.wav")],
                   check=True, capture_output=True)  # fmt: skip
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", str(out / "raw.wav"), "-ac", "1", "-c:a", "libmp3lame",
                    "-b:a", "48k", str(out / "raw.mp3")], check=True)  # fmt: skip
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not shutil.which("espeak-ng") or not shutil.which("ffmpeg"):
        raise SystemExit("bench needs espeak-ng and ffmpeg (./setup.sh installs them)")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        sources = [SEED, long_article(2000, out), long_article(20000, out)]
        print(f"{'article':<22} {'words':>7} {'audio':>8} {'raw engines':>12} {'Triptych':>10} {'ratio':>7}")
        rows = []
        for source in sources:
            article = read_article(source)
            words = sum(len(s.text.split()) for s in speech_script(article))
            runs = args.runs if words < 10000 else 1
            raw_times, our_times = [], []
            duration = 0.0
            for _ in range(runs):
                raw_times.append(raw(article, out))
                our_time, duration = ours(article, out)
                our_times.append(our_time)
            raw_time, our_time = statistics.median(raw_times), statistics.median(our_times)
            rows.append((words, our_time))
            print(f"{source.name:<22} {words:>7} {duration:>7.0f}s {raw_time:>11.2f}s {our_time:>9.2f}s "
                  f"{our_time / raw_time:>7.2f}")  # fmt: skip
        (w1, t1), (w2, t2) = rows[1], rows[2]
        growth = (t2 / t1) / (w2 / w1) * 2
        print(f"time for twice the text (from {w1} to {w2} words): {growth:.2f}x (target 2.2x at most)")
        peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"peak memory: this process {peak_self:.0f} MB, largest child {peak_children:.0f} MB")


if __name__ == "__main__":
    main()
