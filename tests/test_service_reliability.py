"""``triptych serve`` under stress, on real servers: a restart after SIGKILL loses no job, a
killed worker costs only its own job a rerun, a full queue says 429, the callback is signed,
finished jobs go after the retention period, and 50 uploads at once on 2 workers all finish."""

from __future__ import annotations

import hashlib
import hmac
import http.server
import os
import signal
import socket
import threading
import time
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, ClassVar

import pytest

from .helpers import ARTICLES, ROOT, SEED
from .serving import Server, running, submit, tiny_article, wait


def _children(pid: int) -> list[int]:
    """Every descendant of ``pid`` (from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _worker(server: Server) -> int:
    """A worker process of the server's pool (a child of its fork server), once a job is running."""
    assert server.process is not None
    deadline = time.monotonic() + 60
    with server.client() as client:
        while time.monotonic() < deadline:
            if client.get("/healthz").json()["running"]:
                for pid in _children(server.process.pid):
                    try:
                        command = Path(f"/proc/{pid}/cmdline").read_bytes()
                    except OSError:
                        continue
                    if b"forkserver" in command and (workers := _children(pid)):
                        return workers[0]
            time.sleep(0.05)
    raise AssertionError("no worker found")


def test_a_restart_after_sigkill_loses_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = Server(data, "--no-warm-up", workers=1).start()
    try:
        with first.client() as client:
            done = wait(client, submit(client, ("notice.md", tiny_article(0)), formats="html").json()["id"])
            ids = [submit(client, SEED, formats="html,audio").json()["id"] for _ in range(3)]
            deadline = time.monotonic() + 60
            while client.get(f"/v1/jobs/{ids[0]}").json()["state"] != "running" and time.monotonic() < deadline:
                time.sleep(0.05)
            states = [client.get(f"/v1/jobs/{i}").json()["state"] for i in ids]
        assert states[0] == "running" and states[1:] == ["queued", "queued"]
        first.kill()
    finally:
        first.stop()
    with running(data, "--no-warm-up", workers=2) as second, second.client() as client:
        ended = [wait(client, job_id) for job_id in ids]
        assert [job["state"] for job in ended] == ["done"] * 3, ended
        assert ended[0]["attempts"] == 2  # it was running when the server was killed: run again
        assert client.get(f"/v1/jobs/{done['id']}").json()["state"] == "done"  # finished jobs stay


def test_a_killed_worker_costs_only_its_job_a_rerun(tmp_path: Path) -> None:
    with running(tmp_path / "data", "--no-warm-up", workers=2) as server, server.client() as client:
        ids = [submit(client, SEED, formats="html,audio").json()["id"] for _ in range(4)]
        time.sleep(0.5)
        os.kill(_worker(server), signal.SIGKILL)
        ended = [wait(client, job_id) for job_id in ids]
        assert [job["state"] for job in ended] == ["done"] * 4, ended
        assert any(job["attempts"] > 1 for job in ended)
        assert wait(client, submit(client, ("n.md", tiny_article(9)), formats="html").json()["id"])["state"] == "done"


def test_a_full_queue_says_429_with_retry_after(tmp_path: Path) -> None:
    with running(tmp_path / "data", "--no-warm-up", "--max-queue", "2", workers=1) as server, server.client() as c:
        answers = [submit(c, SEED, formats="html,audio") for _ in range(6)]
        codes = [a.status_code for a in answers]
        assert 429 in codes and codes.count(202) >= 2, codes
        refused = answers[codes.index(429)]
        assert refused.headers["content-type"] == "application/problem+json"
        assert int(refused.headers["retry-after"]) > 0
        for answer in answers:
            if answer.status_code == 202:
                assert wait(c, answer.json()["id"])["state"] == "done"


class _Hook(http.server.BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[dict[str, str], bytes]]] = []
    failures_left = 1

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if type(self).failures_left > 0:  # the first call fails: the service must retry
            type(self).failures_left -= 1
            self.send_response(503)
            self.end_headers()
            return
        type(self).received.append((dict(self.headers), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def hook() -> Iterator[http.server.HTTPServer]:
    _Hook.received = []
    _Hook.failures_left = 1
    receiver = http.server.HTTPServer(("127.0.0.1", 0), _Hook)
    thread = threading.Thread(target=receiver.serve_forever, daemon=True)
    thread.start()
    yield receiver
    receiver.shutdown()
    receiver.server_close()


def test_the_callback_is_signed_and_retried(tmp_path: Path, hook: http.server.HTTPServer) -> None:
    url = f"http://127.0.0.1:{hook.server_address[1]}/triptych-hook"
    with running(tmp_path / "data", "--no-warm-up", workers=1) as server, server.client() as client:
        job_id = submit(client, ("notice.md", tiny_article(2)), formats="html", callback=url).json()["id"]
        assert wait(client, job_id)["state"] == "done"
        deadline = time.monotonic() + 30
        while not _Hook.received and time.monotonic() < deadline:
            time.sleep(0.1)
        secret = (server.data / "callback.key").read_text(encoding="utf-8").strip().encode()
    assert len(_Hook.received) == 1
    headers, body = _Hook.received[0]
    expected = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["Triptych-Signature"], expected)
    assert headers["Triptych-Job"] == job_id
    assert headers["Content-Type"] == "application/json"
    import json

    assert json.loads(body)["state"] == "done"


def test_finished_jobs_are_removed_after_the_retention_period(tmp_path: Path) -> None:
    with running(tmp_path / "data", "--no-warm-up", "--keep-days", "0.00003", workers=1) as server:
        with server.client() as client:
            job_id = submit(client, ("notice.md", tiny_article(3)), formats="html").json()["id"]
            assert wait(client, job_id)["state"] == "done"
            deadline = time.monotonic() + 30
            while client.get(f"/v1/jobs/{job_id}").status_code != 404 and time.monotonic() < deadline:
                time.sleep(0.2)
            assert client.get(f"/v1/jobs/{job_id}").status_code == 404
        assert not (server.data / "jobs" / job_id).exists()


@pytest.mark.timeout(600)
def test_50_uploads_at_once_on_2_workers_all_finish(tmp_path: Path) -> None:
    from .checkers import epubcheck, epubcheck_problems
    from .helpers import pdf_ua_failures

    started = time.monotonic()
    with running(tmp_path / "data", workers=2) as server, server.client() as client:
        with ThreadPoolExecutor(50) as threads:
            answers = list(
                threads.map(
                    lambda n: submit(client, (f"notice-{n}.md", tiny_article(n)), formats="html,pdf,epub,audio"),
                    range(50),
                )
            )
        assert [a.status_code for a in answers] == [202] * 50
        ended = [wait(client, a.json()["id"], timeout=540) for a in answers]
        seconds = time.monotonic() - started
        assert [job["state"] for job in ended] == ["done"] * 50
        folder = server.data / "jobs"
        pdfs = sorted(folder.glob("*/editions/*.pdf"))
        books = sorted(folder.glob("*/editions/*.epub"))
        mp3s = sorted(folder.glob("*/editions/*.mp3"))
        assert len(pdfs) == len(books) == len(mp3s) == 50
    assert {p: found for p in pdfs if (found := pdf_ua_failures(p))} == {}
    reports = epubcheck(books)
    assert {b: found for b in books if (found := epubcheck_problems(reports[b]))} == {}
    for mp3 in mp3s:
        assert mp3.read_bytes()[:3] in (b"ID3", b"\xff\xfb", b"\xff\xf3")
        assert mp3.with_suffix(".vtt").read_text(encoding="utf-8").startswith("WEBVTT")
    for book in books:
        with zipfile.ZipFile(book) as archive:
            assert archive.namelist()[0] == "mimetype"
    print(f"\n50 uploads on 2 workers: {seconds:.1f} s")


_CLUSTER = """
import sys
from distributed import LocalCluster
with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", dashboard_address=None) as c:
    print(c.scheduler_address, flush=True)
    sys.stdin.read()  # until the test closes it
    print(" ".join(sorted(c.scheduler.task_prefixes)), flush=True)
"""


def test_jobs_run_on_a_dask_cluster(tmp_path: Path) -> None:
    """``--executor dask --scheduler ADDRESS``: the job runs on the cluster's worker (a real
    scheduler and worker, in a process of their own) and its editions land in the job's folder."""
    import subprocess
    import sys

    cluster = subprocess.Popen([sys.executable, "-c", _CLUSTER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, cwd=ROOT)  # fmt: skip
    try:
        assert cluster.stdout is not None and cluster.stdin is not None
        address = cluster.stdout.readline().strip()
        assert address.startswith("tcp://"), address
        with (
            running(tmp_path / "data", "--executor", "dask", "--scheduler", address) as server,
            server.client() as client,
        ):
            job = submit(client, ARTICLES / "mercado.md", "html,audio").json()
            status = wait(client, job["id"])
            assert status["state"] == "done", status
            assert {e["format"]: e["status"] for e in status["editions"]} == {"html": "done", "audio": "done"}
            (audio,) = [e for e in status["editions"] if e["format"] == "audio"]
            got = client.get(audio["url"])
            assert got.status_code == 200 and got.headers["content-type"] == "audio/mpeg" and got.content[:3] == b"ID3"
        cluster.stdin.close()
        assert "run_job" in cluster.stdout.readline().split()  # the cluster ran it, not a local pool
    finally:
        cluster.kill()
        cluster.wait()
        for pipe in (cluster.stdin, cluster.stdout):
            if pipe is not None and not pipe.closed:
                pipe.close()


def test_an_unreachable_scheduler_is_one_line_before_the_service_starts(tmp_path: Path) -> None:
    import subprocess
    import sys

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
    result = subprocess.run(
        [sys.executable, str(ROOT / "pipeline.py"), "serve", "--port", "0", "--data", str(tmp_path),
         "--executor", "dask", "--scheduler", address],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"triptych: error: --scheduler {address}: can't reach the dask scheduler")
    assert "serving on" not in result.stdout
