"""A warm process's exports: one process exports another article first (its engines loaded and
used), then ``SOURCE`` ``RUNS`` times with an emptied speech cache each time; prints the times (JSON).

    .venv/bin/python -m bench.warm_export SOURCE RUNS OUTDIR CACHE

What ``triptych serve``'s workers and a Python program that exports many articles pay per article.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

from .peers import EDITIONS, WARM_UP


def main() -> int:
    source, runs, out, cache = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
    os.environ["TRIPTYCH_CACHE_DIR"] = str(cache)
    from triptych import export

    export(WARM_UP, EDITIONS, out / "warm-up")
    times = []
    for run in range(runs):
        shutil.rmtree(cache, ignore_errors=True)
        started = time.perf_counter()
        result = export(source, EDITIONS, out / f"run-{run}")
        times.append(time.perf_counter() - started)
        if not result.ok:
            raise SystemExit(f"the export of {source} failed: {result.outputs}")
    print(json.dumps(times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
