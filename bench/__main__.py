"""Every benchmark in one run, then one table of all their figures and targets.

    .venv/bin/python -m bench [--quick] [--skip batch,...]

Parts: ``audio``, ``epub``, ``pdf`` (each exporter against its raw engine: bench.audio_speed,
bench.epub_speed, bench.pdf_overhead), ``peers`` (bench.peers: the three editions against the
peer chain, scaling, memory), ``normalize`` (bench.normalize_speed: sentences a second through
the speech normaliser) and ``batch`` (bench.batch: ``triptych build``, skipped when this
Triptych has no ``build`` command). ``--quick`` runs fewer repeats and shorter articles: a
check that the benchmarks work, not figures to publish. The exit status is 1 when a target is
missed, 2 when a part could not run.
"""

from __future__ import annotations

import argparse
import sys
import time

from .report import Check, exit_status, table

PARTS = ("startup", "audio", "peers", "service", "epub", "pdf", "normalize", "batch")
"""In this order, each module imported only when its turn comes: the audio part's peak memory
(this process and its largest child so far) must not include the other parts'."""


HELP_SECONDS = 0.15


def startup(runs: int) -> list[Check]:
    """``triptych --help``: the median of ``runs`` new processes."""
    import statistics
    from pathlib import Path

    from .report import run

    script = Path(sys.executable).with_name("triptych")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "pipeline"]
    run([*command, "--help"])  # warm-up: the operating system's caches
    seconds = statistics.median(run([*command, "--help"]).seconds for _ in range(runs))
    print(f"triptych --help: {seconds:.3f} s (median of {runs})")
    return [Check("triptych --help", seconds, "s", limit=HELP_SECONDS)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repeats, short articles: a smoke run")
    parser.add_argument("--skip", default="", help=f"parts not to run (comma list of {', '.join(PARTS)})")
    args = parser.parse_args()
    skip = {part.strip() for part in args.skip.split(",") if part.strip()}
    if unknown := skip - set(PARTS):
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    quick = args.quick
    checks: list[Check] = []
    missing = []
    started = time.perf_counter()
    for part in (p for p in PARTS if p not in skip):
        print(f"\n== {part} ==", flush=True)
        if part == "startup":
            checks += startup(5 if quick else 11)
        elif part == "service":
            from . import service

            checks += service.measure(1 if quick else 5)
        elif part == "peers":
            from . import peers

            checks += peers.measure(1 if quick else 5, (1, 2) if quick else (1, 2, 4, 8), 2000 if quick else 20000)
        elif part == "audio":
            from . import audio_speed

            checks += audio_speed.measure(1 if quick else 3, (800, 1600) if quick else (2000, 20000))
        elif part == "epub":
            from . import epub_speed

            checks += epub_speed.measure(3 if quick else 31)
        elif part == "pdf":
            from . import pdf_overhead

            checks += pdf_overhead.measure(3 if quick else 15)
        elif part == "normalize":
            from . import normalize_speed

            checks += normalize_speed.measure(3 if quick else 7)
        else:
            from . import batch

            found = batch.measure(8 if quick else 40)
            checks += found or []
            missing += [part] if found is None else []
    print(f"\n== all figures ({time.perf_counter() - started:.0f} s{', quick run' if quick else ''}) ==")
    print(table(checks))
    if missing:
        print(f"not run: {', '.join(missing)} (see above)")
    return exit_status(checks) or (2 if missing else 0)


if __name__ == "__main__":
    sys.exit(main())
