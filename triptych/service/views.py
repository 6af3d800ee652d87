"""A job as the API shows it: its state, each edition's status, its files, warnings and checks."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from triptych.run.publish import STAGING_PREFIX
from triptych.service.jobs import JobRecord
from triptych.service.worker import EDITIONS

MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".pdf": "application/pdf",
    ".epub": "application/epub+zip",
    ".mp3": "audio/mpeg",
    ".m4b": "audio/mp4",
    ".wav": "audio/wav",
    ".vtt": "text/vtt; charset=utf-8",
    ".json": "application/json",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
}
EDITION_SUFFIXES = frozenset({".html", ".pdf", ".epub", ".mp3", ".m4b", ".wav"})


def media_type(name: str) -> str:
    """The media type a file is served with."""
    suffix = Path(name).suffix.lower()
    return MEDIA_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def job_folder(data: Path, job_id: str) -> Path:
    """Where a job's upload and editions are."""
    return data / "jobs" / job_id


def _files(folder: Path, base: str) -> list[dict[str, Any]]:
    if not folder.is_dir():
        return []
    return [
        {"name": p.name, "url": f"{base}/files/{p.name}", "media_type": media_type(p.name), "bytes": p.stat().st_size}
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.startswith(".")
    ]


def _made_so_far(folder: Path) -> int:
    """Editions finished by a running job (in its staging folder, before they are published)."""
    return sum(
        1
        for stage in folder.glob(f"{STAGING_PREFIX}*")
        for p in stage.iterdir()
        if p.is_file() and p.suffix.lower() in EDITION_SUFFIXES
    )


def job_view(job: JobRecord, data: Path) -> dict[str, Any]:
    """The job's status document."""
    base = f"/v1/jobs/{job.id}"
    formats = list(job.request.get("formats", []))
    folder = job_folder(data, job.id) / EDITIONS
    result = job.result or {}
    outputs = {o["format"]: o for o in result.get("outputs", [])}
    editions = []
    for fmt in formats:
        made = outputs.get(fmt)
        if made is None:
            status = {"queued": "queued", "running": "running"}.get(job.state, "failed")
            editions.append({"format": fmt, "status": status})
            continue
        path = made.get("path")
        editions.append(
            {
                "format": fmt,
                "status": "done" if made.get("status") == "ok" else "failed",
                "file": path,
                "url": f"{base}/files/{path}" if path else None,
                "media_type": media_type(path) if path else None,
                "files": made.get("files", []),
                "bytes": made.get("bytes"),
                "seconds": made.get("seconds"),
                "details": made.get("details", {}),
                **({"error": made["error"]} if made.get("error") else {}),
            }
        )
    done = len(formats) if job.state in ("done", "failed") else _made_so_far(folder) if job.state == "running" else 0
    slug = result.get("slug")
    checks = result.get("checks")
    return {
        "id": job.id,
        "state": job.state,
        "name": job.name,
        "created": job.created,
        "started": job.started,
        "finished": job.finished,
        "attempts": job.attempts,
        "formats": formats,
        "options": job.request.get("options", {}),
        "check": bool(job.request.get("check")),
        "progress": {"done": min(done, len(formats)), "total": len(formats)},
        "editions": editions,
        "files": _files(folder, base) if job.state in ("done", "failed") else [],
        "warnings": result.get("warnings", []),
        "errors": result.get("errors", []) + ([job.error] if job.error else []),
        "checks": checks,
        "report": f"{base}/files/{slug}.report.html" if checks and slug else None,
        "links": {"self": base, "files": f"{base}/files/"},
    }
