"""Benchmark: the seed's three editions through ``triptych serve``, against the peer chain.

A warm server (``--workers 2``, its workers' engines loaded, one job already run) gets the seed
by HTTP (``POST /v1/jobs`` with ``formats=pdf,epub,audio``); the time is from the request to the
job's ``done``, polled every 20 ms, with a cold speech cache (emptied before each job, as
bench.peers' cold export). The peer chain is bench.peers' (pandoc, weasyprint, espeak-ng, ffmpeg),
measured in the same run. Medians of ``--runs`` runs, alternating.

    .venv/bin/python -m bench.service [--runs 5]

Target: service / peer chain at most 0.35. The exit status is 1 when it is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from .audio_speed import SEED
from .peers import EDITIONS, peer_chain
from .report import ROOT, Check, exit_status, table

TARGET = 0.35


def _call(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> Any:
    request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310 (our own loopback server)
    with urllib.request.urlopen(request, timeout=120) as answer:  # noqa: S310
        return json.loads(answer.read())


def _multipart(fields: dict[str, str], name: str, content: bytes) -> tuple[bytes, str]:
    boundary = "triptych-bench-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()
    ]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n\r\n'.encode())
    body = b"".join(parts) + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def start_server(data: Path, cache: Path, workers: int = 2) -> tuple[subprocess.Popen[bytes], str]:
    """``triptych serve`` on a free loopback port; the process and its address once it answers."""
    out = data.with_suffix(".stdout")
    env = {**os.environ, "TRIPTYCH_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "pipeline", "serve", "--port", "0", "--data", str(data), "--workers", str(workers)]
    with out.open("wb") as stdout:
        process = subprocess.Popen(command, stdout=stdout, stderr=subprocess.DEVNULL, env=env, cwd=ROOT,
                                   start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if found := re.search(r"serving on (http://\S+)/", out.read_text(encoding="utf-8")):
            url = found.group(1)
            try:
                _call(f"{url}/healthz")
                return process, url
            except OSError:
                pass
        time.sleep(0.1)
    process.kill()
    raise SystemExit("bench: the server did not start")


def job_seconds(url: str, source: Path, cache: Path | None) -> float:
    """Submit ``source`` and wait for its job to be done; the seconds from the request."""
    if cache is not None:
        shutil.rmtree(cache, ignore_errors=True)
    body, kind = _multipart({"formats": EDITIONS}, source.name, source.read_bytes())
    started = time.perf_counter()
    job = _call(f"{url}/v1/jobs", body, {"Content-Type": kind})
    while job["state"] not in ("done", "failed"):
        time.sleep(0.02)
        job = _call(f"{url}/v1/jobs/{job['id']}")
    seconds = time.perf_counter() - started
    if job["state"] != "done":
        raise SystemExit(f"bench: the job failed: {job['errors']}")
    return seconds


def measure(runs: int = 5) -> list[Check]:
    """The service's time for the seed against the peer chain's."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        cache = work / "cache"
        process, url = start_server(work / "data", cache)
        try:
            job_seconds(url, SEED, None)  # warm-up: the server's first job
            peer_chain(SEED, work / "peer")
            service, peer = [], []
            for _ in range(runs):
                service.append(job_seconds(url, SEED, cache))
                peer.append(peer_chain(SEED, work / "peer").seconds)
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
    s, p = statistics.median(service), statistics.median(peer)
    print(f"seed, {EDITIONS}: service {s:.2f} s (cold speech cache), peer chain {p:.2f} s, ratio {s / p:.2f}")
    return [
        Check("service job (seed) / peer chain", s / p, limit=TARGET),
        Check("service job (seed)", s, "s"),
        Check("peer chain (seed)", p, "s"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for tool in ("pandoc", "espeak-ng", "ffmpeg"):
        if not shutil.which(tool):
            raise SystemExit(f"bench needs {tool} (./setup.sh installs it)")
    checks = measure(args.runs)
    print()
    print(table(checks, "service"))
    return exit_status(checks)


if __name__ == "__main__":
    sys.exit(main())
