"""Benchmark: ``triptych build`` on a batch of 40 articles.

Needs the ``build`` command (``triptych build SOURCE_OR_DIR... -o OUTDIR -j N [--force] [-f
FORMATS]``); without it the benchmark says so and measures nothing. Each article is about 150
words in three paragraphs of sentences from the seed, shuffled, with the article's number in every
sentence (so that no two articles share a sentence and the speech cache can't shorten a batch).
All three editions (``-f pdf,epub,audio``); every scenario starts from an empty cache folder
(``TRIPTYCH_CACHE_DIR``, which holds the speech cache) and an empty output folder, except the
two re-runs, which follow the two-worker run:

1. one worker against two (``-j 1``, ``-j 2``): target 1.7 times the throughput or better;
2. the same batch again, unchanged: target under 5 % of the first run's time;
3. one paragraph of one article edited: target only that article rebuilt (its manifest is the only
   one rewritten), and its audio speaks only the changed sentences (the manifest's audio details,
   ``synthesized``, against the sentences that differ in its speech script);
4. the peak resident memory of the largest process (the build, a worker, the speech engine or
   ffmpeg) of each run, from ``wait4``: target under 300 MB.

    .venv/bin/python -m bench.batch [--articles 40] [--runs 1]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from triptych import read_article
from triptych.speech.script import speech_script

from .audio_speed import SEED, tag_sentences
from .report import Check, Run, exit_status, run, table

FORMATS = "pdf,epub,audio"
MEMORY_LIMIT_MB = 300
EDITED = 7
"""The article whose paragraph the third scenario edits."""


def build_available() -> bool:
    """Whether this Triptych has the ``build`` command (it comes with the batch-build branch)."""
    try:
        run([sys.executable, "-m", "pipeline", "build", "--help"])
    except RuntimeError:
        return False
    return True


def build(sources: Path, out: Path, cache: Path, workers: int) -> Run:
    """``triptych build SOURCES -o OUT -j WORKERS -f pdf,epub,audio`` with its own cache folder."""
    command: list[str | Path] = [sys.executable, "-m", "pipeline", "build", sources, "-o", out, "-j", str(workers)]
    return run([*command, "-f", FORMATS], env={"TRIPTYCH_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": ""})


def _sentences() -> list[str]:
    """The seed's sentences of six words or more, as written."""
    return [s.text for s in speech_script(read_article(SEED)) if s.kind == "sentence" and len(s.text.split()) >= 6]


def paragraphs(number: int) -> list[str]:
    """Article ``number``'s three paragraphs (about 150 words), its number in every sentence."""
    pool = _sentences()
    random.Random(number).shuffle(pool)  # noqa: S311 -- a repeatable shuffle, not a secret
    chosen: list[list[str]] = [[], [], []]
    words = 0
    for n, sentence in enumerate(pool):
        if words >= 150:
            break
        chosen[n % 3].append(sentence)
        words += len(sentence.split())
    return [tag_sentences(" ".join(group), f"dispatch {number}") for group in chosen]


def write_article(folder: Path, number: int, texts: list[str]) -> Path:
    """Article ``number`` as Markdown with front matter."""
    path = folder / f"dispatch-{number:02}.md"
    front = f'---\ntitle: "Dispatch {number}: Immigration Operations in California and Missouri"\nlanguage: en\n---\n'
    path.write_text(front + "\n" + "\n\n".join(texts) + "\n", encoding="utf-8")
    return path


def manifests(out: Path) -> dict[str, bytes]:
    """Every manifest under ``out`` (``OUTDIR/<slug>/<slug>.manifest.json``), by file name."""
    return {path.name: path.read_bytes() for path in out.rglob("*.manifest.json")}


def _edit(folder: Path, number: int) -> tuple[str, int]:
    """Edit the second paragraph of article ``number`` (its first sentence replaced); return the
    article's slug prefix and how many of its spoken segments changed."""
    before = {s.spoken for s in speech_script(read_article(folder / f"dispatch-{number:02}.md"))}
    texts = paragraphs(number)
    rest = texts[1].split(". ", 1)[1] if ". " in texts[1] else ""
    texts[1] = tag_sentences("Officials said more operations are planned in the spring.", f"dispatch {number}") + (
        f" {rest}" if rest else ""
    )
    after = speech_script(read_article(write_article(folder, number, texts)))
    return f"dispatch-{number}-", sum(1 for s in after if s.spoken not in before)


def measure(count: int = 40, runs: int = 1) -> list[Check] | None:
    """The four scenarios, printed as they go; return their checks (``None``: no ``build`` command)."""
    if not build_available():
        print("bench.batch: skipped: this Triptych has no `build` command (it comes with the batch-build branch)")
        return None
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        sources = work / "articles"
        sources.mkdir()
        for number in range(1, count + 1):
            write_article(sources, number, paragraphs(number))
        times: dict[int, list[Run]] = {1: [], 2: []}
        for attempt in range(runs):
            for workers in (1, 2):
                place = work / f"j{workers}-{attempt}"
                times[workers].append(build(sources, place / "out", place / "cache", workers))
        one, two = (min(times[w], key=lambda r: r.seconds) for w in (1, 2))
        one_s, two_s = (statistics.median(r.seconds for r in times[w]) for w in (1, 2))
        print(f"{count} articles, -f {FORMATS}: -j 1 {one_s:.1f} s ({one.peak_mb:.0f} MB), "
              f"-j 2 {two_s:.1f} s ({two.peak_mb:.0f} MB)")  # fmt: skip
        last = work / f"j2-{runs - 1}"
        out, cache = last / "out", last / "cache"
        before = manifests(out)
        again = build(sources, out, cache, 2)
        print(f"unchanged second run: {again.seconds:.2f} s; {again.stdout.strip().splitlines()[-1:]}")
        slug, changed = _edit(sources, min(EDITED, count))
        edited = build(sources, out, cache, 2)
        after = manifests(out)
        rebuilt = sorted(name for name, data in after.items() if before.get(name) != data)
        audio: dict[str, dict[str, Any]] = {}
        for name in rebuilt:
            outputs = json.loads(after[name])["outputs"]
            audio[name] = next((o["details"] for o in outputs if o["format"] == "audio"), {})
        counts = [(d.get("synthesized"), d.get("cached")) for d in audio.values()]
        print(f"one paragraph edited: {edited.seconds:.2f} s; rebuilt {rebuilt}; {changed} segments changed; "
              f"audio (synthesized, cached): {counts}")  # fmt: skip
        spoken = [d.get("synthesized", -1) for d in audio.values()]
        right_one = float(bool(rebuilt) and all(name.startswith(slug) for name in rebuilt))
        return [
            Check("batch throughput, -j 2 / -j 1", one_s / two_s, floor=1.8),
            Check("batch, unchanged second run / first", 100 * again.seconds / two_s, "%", limit=3.0),
            Check("batch, articles rebuilt after one edit", len(rebuilt), "", limit=1, floor=1),
            Check("batch, the rebuilt one is the edited one", right_one, "", floor=1),
            Check("batch, segments re-synthesized after the edit", sum(spoken), "", limit=changed, floor=changed),
            Check("batch peak memory, -j 1 (largest process)", one.peak_mb, "MB", limit=MEMORY_LIMIT_MB),
            Check("batch peak memory, -j 2 (largest process)", two.peak_mb, "MB", limit=MEMORY_LIMIT_MB),
        ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--runs", type=int, default=1, help="runs of the -j 1 / -j 2 pair (the median is kept)")
    args = parser.parse_args()
    checks = measure(args.articles, args.runs)
    if checks is None:
        return 2
    print(table(checks))
    return exit_status(checks)


if __name__ == "__main__":
    sys.exit(main())
