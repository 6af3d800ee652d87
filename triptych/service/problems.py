"""Errors as ``application/problem+json`` (RFC 9457): what went wrong, where, and what to do.

A :class:`Problem` is raised by a route and turned into a response by the handlers that
:func:`install` adds; FastAPI's own errors (an unknown route, a missing form field) and
Triptych's :class:`~triptych.errors.TriptychError` get the same shape.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

MEDIA_TYPE = "application/problem+json"
BASE = "https://triptych.invalid/problems/"
"""The problem types' URIs (identifiers, not pages to fetch)."""


class Problem(Exception):
    """A request that can't be served: ``status``, a short ``title``, the ``detail`` (what and
    where), a ``hint`` (what to do), the ``field`` at fault, and extra headers (``Retry-After``)."""

    def __init__(
        self,
        status: int,
        kind: str,
        detail: str,
        *,
        hint: str | None = None,
        field: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.kind = kind
        self.detail = detail
        self.hint = hint
        self.field = field
        self.headers = dict(headers or {})

    def body(self, instance: str) -> dict[str, Any]:
        """The problem document."""
        data: dict[str, Any] = {
            "type": BASE + self.kind,
            "title": HTTPStatus(self.status).phrase,
            "status": self.status,
            "detail": self.detail,
            "instance": instance,
        }
        if self.hint:
            data["hint"] = self.hint
        if self.field:
            data["errors"] = [{"field": self.field, "detail": self.detail}]
        return data


def response(problem: Problem, instance: str) -> JSONResponse:
    """The problem as a response."""
    return JSONResponse(problem.body(instance), problem.status, headers=problem.headers, media_type=MEDIA_TYPE)


def _field(location: Sequence[Any]) -> str:
    parts = [str(part) for part in location if part not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


async def _on_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Problem)
    return response(exc, request.url.path)


async def _on_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [{"field": _field(e.get("loc", ())), "detail": str(e.get("msg", "invalid"))} for e in exc.errors()]
    named = ", ".join(f"{e['field']}: {e['detail']}" for e in errors)
    body = {
        "type": BASE + "invalid-request",
        "title": HTTPStatus(422).phrase,
        "status": 422,
        "detail": f"the request is not valid ({named})",
        "hint": "see /openapi.json for the fields each endpoint takes",
        "instance": request.url.path,
        "errors": errors,
    }
    return JSONResponse(body, 422, media_type=MEDIA_TYPE)


async def _on_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    hints = {404: "check the address: the endpoints are listed in /openapi.json", 405: "see /openapi.json"}
    problem = Problem(
        exc.status_code,
        f"http-{exc.status_code}",
        str(exc.detail),
        hint=hints.get(exc.status_code),
        headers=exc.headers,
    )
    return response(problem, request.url.path)


def install(app: FastAPI) -> None:
    """Make every error of ``app`` a problem document."""
    app.add_exception_handler(Problem, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(HTTPException, _on_http)
