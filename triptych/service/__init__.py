"""``triptych serve``: the HTTP service a CMS calls, and the browser app editors use.

A FastAPI app (:mod:`~triptych.service.app`) under uvicorn; jobs and their history in SQLite
(:mod:`~triptych.service.jobs`) under the data folder, editions under ``DATA/jobs/<id>/``; the
jobs run as ``triptych build`` runs an article, on a pool of warm worker processes or a dask
cluster (:mod:`~triptych.service.worker`), fed by :mod:`~triptych.service.dispatch`.
"""

from __future__ import annotations

import socket
import sys
import tempfile
from typing import TextIO

from triptych.errors import UsageError
from triptych.service.config import ServiceConfig, is_loopback, load_tokens

__all__ = ["ServiceConfig", "serve"]


def serve(config: ServiceConfig, out: TextIO = sys.stdout) -> None:
    """Run the service until it is stopped (Ctrl-C, SIGTERM)."""
    import uvicorn

    from triptych.service.app import create_app
    from triptych.service.worker import make_backend

    tokens = load_tokens(config.token_file) if config.token_file else ()
    if not tokens and not is_loopback(config.host):
        raise UsageError(
            f"--host {config.host}: without API tokens the service listens on loopback only",
            hint="give --token-file FILE (one token a line) to listen on other addresses",
        )
    if config.workers < 1:
        raise UsageError(f"--workers {config.workers}: at least 1", hint="try --workers 2")
    if config.executor != "dask" and config.scheduler:
        raise UsageError("--scheduler works with --executor dask only", hint="add --executor dask")
    config.data.mkdir(parents=True, exist_ok=True)
    spool = config.data / "tmp"  # the uploads' spooled bytes stay in the data folder too
    spool.mkdir(exist_ok=True)
    tempfile.tempdir = str(spool)
    family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
    try:
        listener = socket.create_server((config.host.strip("[]"), config.port), family=family)
    except OSError as exc:
        raise UsageError(
            f"--host {config.host} --port {config.port}: can't listen there ({exc.strerror or exc})",
            hint="choose another --port (0: any free one)",
        ) from None
    backend = make_backend(config.executor, config.workers, config.scheduler, warm_up=config.warm_up)
    host, port = listener.getsockname()[:2]
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    print(
        f"triptych: serving on http://{shown}:{port}/ ({backend.workers} {config.executor} workers, "
        f"data in {config.data})",
        file=out,
    )
    if not tokens:
        print("triptych: no --token-file: loopback only, reachable from this machine alone", file=out)
    out.flush()
    app = create_app(config, tokens, backend)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, timeout_graceful_shutdown=5))
    server.run(sockets=[listener])
