"""OPDS 2.0 catalogues (``catalog.json``): valid against Triptych's schema of what OPDS 2.0 requires
(``schemas/opds/feed.schema.json``), each publication with its accessibility metadata, and each
acquisition link under the catalogue's own address pointing at a real file beside it. Needs
jsonschema."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from triptych.check.findings import Finding
from triptych.check.local import local_file

if TYPE_CHECKING:
    from triptych.check.findings import EditionReport

ACQUISITION = "http://opds-spec.org/acquisition"


def _rels(link: dict[str, Any]) -> list[str]:
    rel = link.get("rel", [])
    return [rel] if isinstance(rel, str) else [str(r) for r in rel] if isinstance(rel, list) else []


def check(reports: Sequence[EditionReport]) -> None:
    """Add findings about each catalogue."""
    if not reports:
        return
    try:
        from importlib.metadata import version

        from triptych.check.validation import OPDS_FEED, schema_problems
    except ImportError:  # pragma: no cover - jsonschema is a dependency
        for report in reports:
            report.error = "jsonschema is missing: pip install jsonschema"
        return
    for report in reports:
        report.checkers["opds"] = f"OPDS 2.0 schema (jsonschema {version('jsonschema')})"
        try:
            data = json.loads(report.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            report.error = f"{report.path}: not a JSON file ({exc})"
            continue
        found = report.findings
        for where, message in schema_problems(data, OPDS_FEED):
            found.append(Finding("opds", "schema", message, where))
        if not isinstance(data, dict):
            continue
        links = [link for link in data.get("links", []) if isinstance(link, dict)]
        self_href = next((str(link.get("href")) for link in links if "self" in _rels(link)), None)
        publications = data.get("publications", [])
        for number, publication in enumerate(publications if isinstance(publications, list) else []):
            if not isinstance(publication, dict):
                continue
            metadata = publication.get("metadata", {})
            where = f"$.publications[{number}]"
            title = str(metadata.get("title", where)) if isinstance(metadata, dict) else where
            if not isinstance(metadata, dict) or not metadata.get("accessibility"):
                message = "the publication has no accessibility metadata: library clients can't filter on it"
                found.append(Finding("opds", "accessibility-metadata", message, title))
            for link in publication.get("links", []):
                if not isinstance(link, dict) or not any(r.startswith(ACQUISITION) for r in _rels(link)):
                    continue
                if not link.get("type"):
                    found.append(Finding("opds", "acquisition-type", "an acquisition link has no media type", title))
                problem = local_file(str(link.get("href", "")), self_href, report.path.parent)
                if problem:
                    found.append(Finding("opds", "acquisition-file", problem, title))
