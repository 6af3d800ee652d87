"""Benchmark: Triptych's export of all three editions against the peer chain a user would script,
how its time grows with the article's length, and its peak memory.

- **Against the peers**: ``triptych export SOURCE -f pdf,epub,audio`` (one process, as a user runs
  it) against the chain of tools a user would otherwise script for the same three editions:
  ``pandoc`` Markdown (or HTML) to EPUB; ``pandoc -s`` to HTML, then the ``weasyprint`` command
  (PDF/UA-1); ``pandoc -t plain``, ``espeak-ng -w`` in the article's language at the same rate,
  then ffmpeg with the same MP3 encoder settings as Triptych's (``triptych.speech.encode``).
  Triptych runs **cold** (a new process, the speech cache emptied before each run: the first
  export of an article), with its speech cache filled (**cached**, reported only), and in a **warm
  process** (one that exported another article before, the cache emptied: :mod:`bench.warm_export`,
  what the service's workers pay). Medians of ``--runs`` runs, the jobs alternating.
- **Scaling**: the seed's text 1, 2, 4 and 8 times (every sentence made distinct, so that the
  speech cache can't shorten the longer ones), cold: 8 times the text in at most 8 times the time.
- **Memory**: the peak resident memory of the largest process of each export's tree (Triptych, its
  speech engine or ffmpeg), from ``wait4`` and sampling.

    .venv/bin/python -m bench.peers [--runs 5] [--sizes 1,2,4,8]

Targets: cold / peer chain at most 0.6 for the seed and 0.75 for every other sample; a warm
process at most 0.35 for the seed; k times the text in at most k times the time; peak memory
under 300 MB. The exit status is 1 when one is missed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

from triptych import read_article
from triptych.speech.encode import FORMATS as AUDIO_ENCODINGS
from triptych.speech.engine import DEFAULT_RATE

from .audio_speed import SEED, repeated_article
from .epub_speed import PANDOC_READERS
from .report import ROOT, Check, Run, exit_status, run, table

SAMPLES = [SEED, *(ROOT / "tests" / "articles" / n for n in ("harbor-bridge.html", "mercado.md", "reading-room.md"))]
WARM_UP = ROOT / "tests" / "articles" / "mercado.md"
"""What a warm process exported before the article it is timed on."""
EDITIONS = "pdf,epub,audio"
MEMORY_LIMIT_MB = 300
SEED_COLD, SAMPLE_COLD, SEED_WARM = 0.6, 0.75, 0.35
"""Targets: the seed's cold export / the peer chain, every other sample's, and a warm process's for the seed."""


def triptych(source: Path, out: Path, cache: Path, *, cold: bool) -> Run:
    """``triptych export`` of the three editions; with ``cold``, the speech cache is emptied first."""
    if cold:
        shutil.rmtree(cache, ignore_errors=True)
    command: list[str | Path] = [sys.executable, "-m", "pipeline", "export", source, "-f", EDITIONS, "-o", out, "-q"]
    return run(command, env={"TRIPTYCH_CACHE_DIR": str(cache)})


def peer_chain(source: Path, out: Path) -> Run:
    """pandoc to EPUB; pandoc to HTML, then weasyprint; pandoc to text, espeak-ng, then ffmpeg."""
    reader = PANDOC_READERS[source.suffix]
    out.mkdir(parents=True, exist_ok=True)
    voice = read_article(source).meta.language.split("-")[0].lower()
    steps: list[list[str | Path]] = [
        ["pandoc", "-f", reader, source, "-o", out / "peer.epub"],
        ["pandoc", "-s", "-f", reader, source, "-o", out / "peer.html"],
        [sys.executable, "-m", "weasyprint", "-q", "--pdf-variant", "pdf/ua-1", out / "peer.html", out / "peer.pdf"],
        ["pandoc", "-f", reader, "-t", "plain", source, "-o", out / "peer.txt"],
        ["espeak-ng", "-v", voice, "-s", str(DEFAULT_RATE), "-f", out / "peer.txt", "-w", out / "peer.wav"],
        ["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", out / "peer.wav", "-ac", "1",
         *AUDIO_ENCODINGS["mp3"], out / "peer.mp3"],
    ]  # fmt: skip
    runs = [run(step, cwd=source.parent) for step in steps]  # pandoc finds the article's images from its folder
    return Run(sum(r.seconds for r in runs), max(r.peak_mb for r in runs))


def warm_process(source: Path, runs: int, work: Path) -> float:
    """The median time of ``source``'s export in a process that exported another article before
    (cold speech cache each time): :mod:`bench.warm_export`."""
    out = work / "warm-process"
    done = run([sys.executable, "-m", "bench.warm_export", source, str(runs), out, work / "cache-warm-process"])
    times: list[float] = json.loads(done.stdout)
    shutil.rmtree(out, ignore_errors=True)
    return statistics.median(times)


def _median(runs: list[Run]) -> Run:
    return Run(statistics.median(r.seconds for r in runs), max(r.peak_mb for r in runs))


def against_peers(runs: int, work: Path) -> list[Check]:
    """Cold and warm exports against the peer chain, for the seed and the samples."""
    checks = []
    print(f"{'article':<22} {'peer chain':>11} {'cold':>8} {'cached':>8} {'warm':>8} {'cold/peer':>10} "
          f"{'cached/peer':>12} {'warm/peer':>10} {'MB':>6}")  # fmt: skip
    cache, out = work / "cache", work / "out"
    for source in SAMPLES:
        jobs: dict[str, Callable[[], Run]] = {
            "peer": partial(peer_chain, source, out),
            "cold": partial(triptych, source, out, cache, cold=True),
            "warm": partial(triptych, source, out, cache, cold=False),
        }
        for job in jobs.values():
            job()  # warm-up (the operating system's caches; the warm job's speech cache)
        times: dict[str, list[Run]] = {name: [] for name in jobs}
        for _ in range(runs):
            for name, job in jobs.items():
                times[name].append(job())
        peer, cold, cached = (_median(times[name]) for name in ("peer", "cold", "warm"))
        warm = warm_process(source, runs, work)
        label = "seed" if source == SEED else source.name
        cold_ratio, cached_ratio, warm_ratio = (t / peer.seconds for t in (cold.seconds, cached.seconds, warm))
        print(f"{label:<22} {peer.seconds:>10.2f}s {cold.seconds:>7.2f}s {cached.seconds:>7.2f}s {warm:>7.2f}s "
              f"{cold_ratio:>10.2f} {cached_ratio:>12.2f} {warm_ratio:>10.2f} {cold.peak_mb:>6.0f}")  # fmt: skip
        seed = source == SEED
        checks += [
            Check(f"export, cold / peer chain ({label})", cold_ratio, limit=SEED_COLD if seed else SAMPLE_COLD),
            Check(f"export, speech cached / peer chain ({label})", cached_ratio),
            Check(f"export, warm process / peer chain ({label})", warm_ratio, limit=SEED_WARM if seed else None),
            Check(f"export peak memory ({label})", cold.peak_mb, "MB", limit=MEMORY_LIMIT_MB),
        ]
    return checks


def scaling(sizes: list[int], runs: int, work: Path) -> list[Check]:
    """Cold exports of the seed's text repeated; the time of each size against the first."""
    print(f"{'text':<10} {'words':>7} {'segments':>9} {'synthesized':>12} {'time':>8} {'growth':>7} {'peak MB':>8}")
    first = 0.0
    checks = []
    for size in sizes:
        source = repeated_article(size, work, distinct=True)
        out = work / f"scaled-{size}"
        made = _median([triptych(source, out, work / "cache-scaled", cold=True) for _ in range(runs)])
        manifest = json.loads(next(out.glob("*.manifest.json")).read_text(encoding="utf-8"))
        audio = next(o["details"] for o in manifest["outputs"] if o["format"] == "audio")
        words = len(source.read_text(encoding="utf-8").split())
        first = first or made.seconds
        print(f"{size:>2}x seed   {words:>7} {audio['cues']:>9} {audio['synthesized']:>12} {made.seconds:>7.2f}s "
              f"{made.seconds / first:>7.2f} {made.peak_mb:>8.0f}")  # fmt: skip
        checks.append(Check(f"export peak memory ({size}x seed)", made.peak_mb, "MB", limit=MEMORY_LIMIT_MB))
        if size != sizes[0]:  # linear or better: k times the text in at most k times the time
            limit = size / sizes[0]
            checks.append(Check(f"time for {size}x the text / {sizes[0]}x", made.seconds / first, limit=limit))
    return checks


LONG_WORDS, LONG_SECONDS = 20_000, 30.0


def long_export(work: Path, words: int = LONG_WORDS) -> list[Check]:
    """One cold export of the three editions of a ``words``-word article (no sentence repeated, so
    the speech cache can't shorten it): its time and peak memory."""
    rounds = max(1, round(words / len(SEED.read_text(encoding="utf-8").split())))
    source = repeated_article(rounds, work, distinct=True, name=f"article-{words}-distinct", words=words)
    made = triptych(source, work / "long", work / "cache-long", cold=True)
    print(f"{words:,}-word article, three editions, cold: {made.seconds:.1f} s, peak memory {made.peak_mb:.0f} MB")
    return [
        Check(f"export of a {words:,}-word article", made.seconds, "s", limit=LONG_SECONDS),
        Check(f"export peak memory ({words:,} words)", made.peak_mb, "MB", limit=MEMORY_LIMIT_MB),
    ]


def measure(runs: int = 5, sizes: tuple[int, ...] = (1, 2, 4, 8), long_words: int = LONG_WORDS) -> list[Check]:
    """Both parts, printed as they go; return their checks."""
    for tool in ("pandoc", "espeak-ng", "ffmpeg"):
        if not shutil.which(tool):
            raise SystemExit(f"bench needs {tool} (./setup.sh installs it)")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        checks = against_peers(runs, work)
        print()
        checks += scaling(list(sizes), max(1, runs // 3), work)
        print()
        checks += long_export(work, long_words)
    return checks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1,2,4,8", help="multiples of the seed for the scaling part")
    args = parser.parse_args()
    checks = measure(args.runs, tuple(int(n) for n in args.sizes.split(",")))
    print()
    print(table(checks))
    return exit_status(checks)


if __name__ == "__main__":
    sys.exit(main())
