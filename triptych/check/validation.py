"""JSON Schema validation against the schemas shipped in ``triptych/check/schemas/``: Triptych's own
transcription of what OPDS 2.0 (with the Readium Web Publication Manifest metadata and accessibility
object it builds on) and the Podcasting 2.0 chapters format require, not official schema files
(see the README there for why).
"""

from __future__ import annotations

import functools
import json
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

OPDS_FEED = "urn:triptych:schema:opds-2.0:feed"
A11Y = f"{OPDS_FEED}#/$defs/accessibility"
CHAPTERS = "urn:triptych:schema:podcast-namespace:json-chapters-1.2"
_FILES = {OPDS_FEED: ("opds", "feed.schema.json"), CHAPTERS: ("podcast", "chapters.schema.json")}


@functools.cache
def _registry() -> Any:
    from importlib.resources import files

    from referencing import Registry, Resource

    root = files("triptych.check") / "schemas"
    resources = []
    for uri, (folder, name) in _FILES.items():
        contents = json.loads((root / folder / name).read_text(encoding="utf-8"))
        resources.append((uri, Resource.from_contents(contents)))
    return Registry().with_resources(resources)


def _date(value: object) -> bool:
    return not isinstance(value, str) or bool(date.fromisoformat(value))


def _date_time(value: object) -> bool:
    return not isinstance(value, str) or ("T" in value.upper() and bool(datetime.fromisoformat(value)))


def _uri(value: object) -> bool:
    return not isinstance(value, str) or (bool(urlsplit(value).scheme) and not _blank(value))


def _uri_reference(value: object) -> bool:
    return not isinstance(value, str) or (not _blank(value) and bool(urlsplit(value)))


def _blank(value: str) -> bool:
    return any(c.isspace() for c in value)


def _formats() -> Any:
    """The formats the schemas use, checked with the standard library (jsonschema's own checks
    for them need extra packages, and skip the check silently without them)."""
    from jsonschema import FormatChecker

    checker = FormatChecker(())
    checker.checks("date", raises=ValueError)(_date)
    checker.checks("date-time", raises=ValueError)(_date_time)
    checker.checks("uri", raises=ValueError)(_uri)
    checker.checks("uri-reference", raises=ValueError)(_uri_reference)
    return checker


def schema_problems(data: object, schema_id: str) -> list[tuple[str, str]]:
    """What is wrong with ``data`` against the schema ``schema_id`` (:data:`OPDS_FEED`,
    :data:`A11Y`, :data:`CHAPTERS`; a fragment names a part of a schema): (JSON path, message)
    pairs, none when it is valid."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator({"$ref": schema_id}, registry=_registry(), format_checker=_formats())
    found = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path) or "."
        found.append((f"${where}", error.message[:300]))
    return found
