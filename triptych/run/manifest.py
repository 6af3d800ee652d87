"""``OUTDIR/<slug>.manifest.json``: what a run made, from which source, with which warnings and
checks, and (for ``build``) the cache key of everything the editions depend on.

This module is the only one that writes or reads a manifest.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from triptych.clock import build_time
from triptych.files import atomic_write_bytes, sha256_file
from triptych.run.result import Output
from triptych.version import __version__

if TYPE_CHECKING:
    from triptych.check import EditionReport

SUFFIX = ".manifest.json"
RUN_FILES = ("index.json", "report.json", "report.html")
"""The files a run writes beside the editions, after ``<slug>.``."""


def manifest_path(outdir: Path, slug: str) -> Path:
    """Where the manifest of ``slug`` is."""
    return outdir / f"{slug}{SUFFIX}"


def write_manifest(
    path: Path,
    *,
    source: Path,
    sha256: str,
    reader: str,
    outputs: Iterable[Output],
    warnings: Sequence[str],
    checks: Sequence[EditionReport] | None = None,
    cache_key: str | None = None,
    located: Mapping[str, Path] | None = None,
) -> None:
    """Write the manifest; with ``cache_key``, also the SHA-256 of every file of the run, read
    where ``located`` says each is (by name) while it is still staged, else beside the manifest."""
    outputs = list(outputs)
    data: dict[str, Any] = {
        "triptych": __version__,
        "created": build_time().isoformat(timespec="seconds"),
        "source": {"path": str(source), "sha256": sha256, "reader": reader},
        "outputs": [_output(o) for o in outputs],
        "warnings": list(warnings),
    }
    stem = path.name.removesuffix(SUFFIX)
    if checks is not None:
        from triptych.check.report import overall

        data["checks"] = {
            "verdict": overall(checks),
            "report": f"{stem}.report.json",
            "editions": {r.path.name: r.verdict for r in checks},
        }
    if cache_key is not None:
        names = {f.name for o in outputs for f in (*([o.path] if o.path else []), *o.files)}
        names |= {f"{stem}.{suffix}" for suffix in RUN_FILES}
        where = {name: path.parent / name for name in names} | dict(located or {})
        files = {name: sha256_file(where[name]) for name in sorted(names) if where[name].is_file()}
        data["cache"] = {"key": cache_key, "files": files}
    atomic_write_bytes(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


def _output(o: Output) -> dict[str, Any]:
    return {
        "format": o.format,
        "path": o.path.name if o.path else None,
        "files": [f.name for f in o.files],
        "bytes": o.bytes,
        "sha256": o.sha256,
        "seconds": round(o.seconds, 4),
        "status": "ok" if o.ok else "failed",
        **({"details": dict(o.details)} if o.details else {}),
        **({"error": o.error} if o.error else {}),
    }


def up_to_date(manifest: Path, key: str) -> bool:
    """True when ``manifest`` records ``key`` and every file it lists is there, unchanged."""
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    cache = data.get("cache") if isinstance(data, dict) else None
    if not isinstance(cache, dict) or cache.get("key") != key or not isinstance(cache.get("files"), dict):
        return False
    outputs = data.get("outputs")
    if not isinstance(outputs, list) or not outputs or any(o.get("status") != "ok" for o in outputs):
        return False
    folder = manifest.parent
    for name, sha256 in cache["files"].items():
        path = folder / name
        if Path(name).name != name or not path.is_file() or sha256_file(path) != sha256:
            return False
    return True
