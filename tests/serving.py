"""A real ``triptych serve`` for the service's tests: its own process (and process group) on a free
loopback port with a data folder of the test's, and an httpx client to talk to it."""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from .helpers import ROOT

ADDRESS = re.compile(r"serving on (http://\S+/)")


class Server:
    """One server process; ``url`` once it is up."""

    def __init__(self, data: Path, *extra: str, workers: int = 2) -> None:
        self.data = data
        self.extra = [*extra, "--workers", str(workers)]
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""
        self.log = data.parent / f"{data.name}.server.log"

    def start(self, timeout: float = 60) -> Server:
        """Start it and wait until ``/healthz`` answers."""
        self.data.mkdir(parents=True, exist_ok=True)
        out = self.data.parent / f"{self.data.name}.stdout"
        out.write_bytes(b"")
        command = [
            sys.executable,
            str(ROOT / "pipeline.py"),
            "serve",
            "--port",
            "0",
            "--data",
            str(self.data),
            *self.extra,
        ]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
        with out.open("ab") as stdout, self.log.open("ab") as stderr:
            self.process = subprocess.Popen(command, stdout=stdout, stderr=stderr, env=env, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if found := ADDRESS.search(out.read_text(encoding="utf-8")):
                self.url = found.group(1).rstrip("/")
                break
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped: {self.log.read_text(encoding='utf-8')}")
            time.sleep(0.05)
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"the server did not come up: {self.log.read_text(encoding='utf-8')}")

    def client(self, token: str | None = None) -> httpx.Client:
        """A client of this server."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=60)

    def kill(self) -> None:
        """SIGKILL the server process itself (its workers are left to notice)."""
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=30)

    def stop(self) -> None:
        """Stop the server, then anything left of its process group."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        with contextlib.suppress(ProcessLookupError, PermissionError):  # the group this test started
            os.killpg(self.process.pid, signal.SIGKILL)  # (workers a killed server left behind)
        self.process = None


@contextmanager
def running(data: Path, *extra: str, workers: int = 2) -> Iterator[Server]:
    """A server for the length of a ``with`` block."""
    server = Server(data, *extra, workers=workers)
    try:
        yield server.start()
    finally:
        server.stop()


def submit(
    client: httpx.Client,
    source: Path | tuple[str, bytes],
    formats: str = "html,pdf,epub,audio",
    options: Sequence[str] = (),
    **fields: str,
) -> httpx.Response:
    """POST an article (a file, or a name and bytes) to ``/v1/jobs``."""
    name, content = (source.name, source.read_bytes()) if isinstance(source, Path) else source
    data: dict[str, Any] = {"formats": formats, **fields}
    if options:
        data["option"] = list(options)
    return client.post("/v1/jobs", files={"file": (name, content)}, data=data)


def wait(client: httpx.Client, job_id: str, timeout: float = 240) -> dict[str, Any]:
    """The job's status once it has ended."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status: dict[str, Any] = client.get(f"/v1/jobs/{job_id}").json()
        if status["state"] in ("done", "failed"):
            return status
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not end in {timeout} s: {status}")


def zipped(entries: dict[str, bytes]) -> bytes:
    """A zip of ``entries`` (name: bytes), deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def tiny_article(n: int) -> bytes:
    """A short article of its own (distinct title and text), as Markdown."""
    return (f"# Harbour notice {n}\n\nThe ferry number {n} leaves at nine. It returns at noon on weekdays.\n").encode()


def files_under(folder: Path) -> set[Path]:
    """Every file under ``folder``, relative to it."""
    return {p.relative_to(folder) for p in folder.rglob("*") if p.is_file() or p.is_symlink()}
