"""The settings of ``triptych serve``, and its API tokens."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path

from triptych.errors import UsageError
from triptych.service.uploads import Bounds


@dataclass(frozen=True, slots=True)
class ServiceConfig:
    """Where the service listens, keeps its jobs, and how it runs them."""

    data: Path
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2
    executor: str = "local"
    scheduler: str | None = None
    token_file: Path | None = None
    callback_secret_file: Path | None = None
    """Default: ``DATA/callback.key``, made on first start."""
    keep_days: float = 7.0
    max_queue: int = 100
    bounds: Bounds = field(default_factory=Bounds)
    warm_up: bool = True
    callback_delays: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0, 16.0)

    @property
    def secret_path(self) -> Path:
        """The file that holds the callbacks' signing secret."""
        return self.callback_secret_file or self.data / "callback.key"


def load_tokens(path: Path) -> tuple[bytes, ...]:
    """The API tokens in ``path``: one a line; blank lines and ``#`` comments skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UsageError(
            f"--token-file {path}: {exc.strerror or exc}", hint="give a file with one token a line"
        ) from None
    tokens = tuple(line.strip().encode("utf-8") for line in lines if line.strip() and not line.lstrip().startswith("#"))
    if not tokens:
        raise UsageError(f"--token-file {path}: no token in the file", hint="write one token a line (long and random)")
    return tokens


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (``localhost``, ``127.0.0.0/8``, ``::1``)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
