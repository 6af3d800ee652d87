"""The HTTP API and the browser app: routes only; the work is in the other modules.

POST   /v1/jobs                    an article (or a zip of its folder), formats, options → 202
GET    /v1/jobs                    the recent jobs
GET    /v1/jobs/{id}               a job's state, editions, warnings, checks, progress
GET    /v1/jobs/{id}/files/{name}  one file the job made (range requests work)
DELETE /v1/jobs/{id}               remove a job that is not running
GET    /v1/formats                 the exporters and their option schemas
GET    /healthz                    the service is up
GET    /                           the browser app
"""

from __future__ import annotations

import hmac
import secrets
import shutil
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from triptych.errors import TriptychError, UnknownFormatError, UsageError
from triptych.exporter import declared_options
from triptych.limits import RUN_OPTIONS
from triptych.options import Option
from triptych.plugins import Registry
from triptych.run.plan import make_plan
from triptych.service import problems
from triptych.service.callbacks import Caller, checked_url, load_secret
from triptych.service.config import ServiceConfig
from triptych.service.dispatch import Dispatcher, Retention
from triptych.service.jobs import JobStore
from triptych.service.problems import Problem
from triptych.service.uploads import BodyLimit, take
from triptych.service.views import job_folder, job_view, media_type
from triptych.service.worker import EDITIONS, Backend, make_backend
from triptych.source_types import READER_NAMES
from triptych.version import __version__

STATIC = Path(__file__).with_name("static")
JOB_ID = r"^[0-9a-f]{32}$"
FILE_NAME = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$"
COOKIE = "triptych_token"
RETRY_AFTER = 5
APP_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-src 'self'; object-src 'self'; media-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
"""The browser app's Content-Security-Policy: its own files only, nothing from elsewhere."""


@dataclass
class Parts:
    """What the running service is made of (made at startup)."""

    config: ServiceConfig
    tokens: tuple[bytes, ...]
    registry: Registry
    store: JobStore
    dispatcher: Dispatcher


def _option(option: Option[Any]) -> dict[str, Any]:
    return {
        "key": option.key,
        "type": option.type,
        "default": option.shown_default,
        "help": option.help,
        "choices": list(option.choices),
        "example": option.example,
    }


def _options(pairs: list[str]) -> dict[str, str]:
    options = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise Problem(
                422,
                "bad-option",
                f"option {pair!r} is not KEY=VALUE",
                field="option",
                hint="send each option as a field option=KEY=VALUE, e.g. option=page-size=a4",
            )
        options[key.strip()] = value
    return options


def _plan_problem(registry: Registry, formats: str | None, options: Mapping[str, str], exc: TriptychError) -> Problem:
    """A 422 naming the field at fault: ``formats``, or the option (``option.KEY``)."""
    if isinstance(exc, UnknownFormatError):
        return Problem(422, "unknown-format", exc.message, hint=exc.hint, field="formats")
    field = "formats"
    for key, value in options.items():
        try:
            make_plan(registry, formats, {key: value})
        except UsageError:
            field = f"option.{key}"
            break
    return Problem(422, "bad-option" if field != "formats" else "bad-formats", exc.message, hint=exc.hint, field=field)


def _parts(request: Request) -> Parts:
    parts: Parts = request.app.state.parts
    return parts


def authorized(request: Request) -> Parts:
    """The service's parts, for a request with a valid token (or any, when the service has none)."""
    here = _parts(request)
    if not here.tokens:
        return here
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    token = given.strip() if scheme.lower() == "bearer" else request.cookies.get(COOKIE, "")
    matches = [hmac.compare_digest(token.encode("utf-8"), known) for known in here.tokens]  # every one, in full
    if not any(matches):
        raise Problem(
            401,
            "unauthorized",
            "a valid API token is needed" if token else "no API token given",
            hint="send the header Authorization: Bearer TOKEN (a token of the service's --token-file)",
            headers={"WWW-Authenticate": 'Bearer realm="triptych"'},
        )
    return here


Authorized = Annotated[Parts, Depends(authorized)]
JobId = Annotated[str, PathParam(pattern=JOB_ID, description="the job's id")]


def create_app(config: ServiceConfig, tokens: tuple[bytes, ...] = (), backend: Backend | None = None) -> FastAPI:
    """The service's ASGI app (its lifespan starts the dispatcher, and the workers unless
    ``backend`` is given, already started)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = JobStore(config.data / "jobs.sqlite3")
        workers = backend or make_backend(config.executor, config.workers, config.scheduler, warm_up=config.warm_up)
        caller = Caller(load_secret(config.secret_path), config.callback_delays)
        dispatcher = Dispatcher(store, workers, caller, config.data, Retention(config.keep_days))
        dispatcher.start()
        app.state.parts = Parts(config, tokens, Registry.discover(), store, dispatcher)
        try:
            yield
        finally:
            dispatcher.stop()
            store.close()

    app = FastAPI(
        title="Triptych",
        version=__version__,
        summary="One news article in, its accessible editions out: web page, PDF/UA, EPUB 3, audio with captions.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    problems.install(app)
    app.add_middleware(BodyLimit, limit=config.bounds.max_bytes + 64 * 1024)  # the form fields around the file

    @app.get("/healthz", tags=["service"])
    def healthz(request: Request) -> dict[str, Any]:
        """Whether the service is up, and its queue."""
        here = _parts(request)
        return {
            "status": "ok",
            "version": __version__,
            "executor": here.dispatcher.backend.name,
            "workers": here.dispatcher.backend.workers,
            "queued": here.store.count("queued"),
            "running": here.store.count("running"),
            "auth": bool(here.tokens),
        }

    @app.get("/v1/formats", tags=["formats"])
    def formats(here: Authorized) -> dict[str, Any]:
        """The installed exporters with their options, and the options of every run (its limits)."""
        exporters, _ = here.registry.load_all()
        return {
            "formats": [
                {
                    "name": e.name,
                    "suffix": e.suffix,
                    "description": e.description,
                    "options": [_option(o) for o in declared_options(e)],
                }
                for e in exporters
            ],
            "run_options": [_option(o) for o in RUN_OPTIONS],
            "readers": list(READER_NAMES),
        }

    @app.post("/v1/jobs", status_code=202, tags=["jobs"])
    async def submit(
        here: Authorized,
        file: Annotated[UploadFile, File(description="the article (.txt, .md, .html...) or a zip of its folder")],
        formats: Annotated[str | None, Form(description="comma-separated formats (default: every one)")] = None,
        option: Annotated[list[str] | None, Form(description="an exporter option KEY=VALUE (repeatable)")] = None,
        check: Annotated[bool, Form(description="check the editions (PDF/UA-1, EPUBCheck and Ace, audio)")] = False,
        callback: Annotated[str | None, Form(description="http(s) URL called once when the job ends")] = None,
        reader: Annotated[str | None, Form(description="force the reader: text, markdown, html")] = None,
        lang: Annotated[str | None, Form(description="the article's language (BCP 47)")] = None,
    ) -> JSONResponse:
        """Queue a job: 202 with its status and ``Location``; 429 with ``Retry-After`` when the queue is full."""
        if here.store.count("queued") >= here.config.max_queue:
            raise Problem(
                429,
                "queue-full",
                f"the queue is full ({here.config.max_queue} jobs waiting)",
                hint=f"try again in {RETRY_AFTER} seconds",
                headers={"Retry-After": str(RETRY_AFTER)},
            )
        options = _options(option or [])
        chosen = formats.strip() if formats and formats.strip() else None
        if reader and reader not in READER_NAMES:
            raise Problem(
                422,
                "bad-reader",
                f"reader {reader!r} is not one of {', '.join(READER_NAMES)}",
                field="reader",
                hint="leave it out: the reader is chosen from the file",
            )
        try:
            plan = make_plan(here.registry, chosen, options)
        except TriptychError as exc:
            raise _plan_problem(here.registry, chosen, options, exc) from None
        target = checked_url(callback) if callback and callback.strip() else None
        job_id = secrets.token_hex(16)
        folder = job_folder(here.config.data, job_id)
        folder.mkdir(parents=True)
        try:
            article = await run_in_threadpool(
                take, file.file, file.filename or "article.txt", folder, here.config.bounds
            )
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        request = {
            "formats": list(plan.formats),
            "options": options,
            "check": check,
            "callback": target,
            "reader": reader or None,
            "language": lang or None,
        }
        job = here.store.add(job_id, file.filename or article.name, article.relative_to(folder).as_posix(), request)
        here.dispatcher.wake()
        view = job_view(job, here.config.data)
        view["warnings"] = list(plan.warnings)
        return JSONResponse(view, 202, headers={"Location": f"/v1/jobs/{job_id}"})

    @app.get("/v1/jobs", tags=["jobs"])
    def recent(here: Authorized, limit: Annotated[int, Query(ge=1, le=200)] = 20) -> dict[str, Any]:
        """The latest jobs, newest first."""
        return {"jobs": [job_view(job, here.config.data) for job in here.store.recent(limit)]}

    def _job(here: Parts, job_id: str) -> Any:
        job = here.store.get(job_id)
        if job is None:
            raise Problem(
                404,
                "no-such-job",
                f"no job {job_id}",
                hint="it may have been deleted, or removed after the retention period",
            )
        return job

    @app.get("/v1/jobs/{job_id}", tags=["jobs"])
    def status(here: Authorized, job_id: JobId) -> dict[str, Any]:
        """The job's state (queued, running, done, failed), each edition's status, its warnings,
        check verdicts and progress."""
        return job_view(_job(here, job_id), here.config.data)

    @app.get("/v1/jobs/{job_id}/files/{name}", tags=["jobs"], response_class=FileResponse)
    def download(here: Authorized, job_id: JobId, name: Annotated[str, PathParam(pattern=FILE_NAME)]) -> FileResponse:
        """A file the job made, with its media type (range requests work, for the audio)."""
        _job(here, job_id)
        folder = job_folder(here.config.data, job_id) / EDITIONS
        target = folder / name
        if target.is_symlink() or not target.is_file() or not target.resolve().is_relative_to(folder.resolve()):
            raise Problem(
                404,
                "no-such-file",
                f"job {job_id} has no file {name!r}",
                hint=f"the job's status (/v1/jobs/{job_id}) lists its files",
            )
        headers = {"X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=60"}
        if target.suffix.lower() == ".html":
            headers["Content-Security-Policy"] = "sandbox allow-scripts"  # the edition's own player only
        return FileResponse(target, media_type=media_type(name), headers=headers)

    @app.delete("/v1/jobs/{job_id}", status_code=204, tags=["jobs"])
    def delete(here: Authorized, job_id: JobId) -> Response:
        """Remove a job and its files (not while it runs)."""
        job = _job(here, job_id)
        if job.state in ("queued", "running"):
            raise Problem(
                409, "job-not-ended", f"job {job_id} is {job.state}", hint="delete it once it is done or failed"
            )
        shutil.rmtree(job_folder(here.config.data, job_id), ignore_errors=True)
        here.store.delete(job_id)
        return Response(status_code=204)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Content-Security-Policy": APP_POLICY})

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
