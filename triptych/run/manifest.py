"""``OUTDIR/<slug>.manifest.json``: what a run made, from which source, with which warnings and
checks, and (for ``build``) the cache key of everything the editions depend on.

This module is the only one that writes or reads a manifest: :func:`write_manifest` writes it,
:func:`up_to_date` compares it with a build's cache key, and :func:`read_manifest` gives what it
records (the editions, their files and details, and the article's metadata) to those that publish
a batch.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from triptych.clock import build_time
from triptych.errors import TriptychError
from triptych.files import atomic_write_bytes, sha256_file
from triptych.ids import publication_id
from triptych.run.result import Output
from triptych.version import __version__

if TYPE_CHECKING:
    from triptych.check import EditionReport
    from triptych.model import Article

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
    article: Article | None = None,
    located: Mapping[str, Path] | None = None,
    referenced: Sequence[str] = (),
) -> None:
    """Write the manifest; with ``cache_key``, also the SHA-256 of every file of the run, read
    where ``located`` says each is (by name) while it is still staged, else beside the manifest;
    with ``article``, the article's metadata (what a feed or a catalogue of the batch says about it)."""
    outputs = list(outputs)
    data: dict[str, Any] = {
        "triptych": __version__,
        "created": build_time().isoformat(timespec="seconds"),
        "source": {"path": str(source), "sha256": sha256, "reader": reader},
        **({"article": _article(article)} if article is not None else {}),
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
        data["cache"] = {"key": cache_key, "files": files, "referenced": sorted(referenced)}
    atomic_write_bytes(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


def _article(article: Article) -> dict[str, Any]:
    meta = article.meta
    return {
        "identifier": publication_id(meta),
        "title": meta.title,
        "subtitle": meta.subtitle,
        "authors": list(meta.authors),
        "published": meta.published.isoformat() if meta.published else None,
        "language": meta.language,
        "publisher": meta.publisher,
        "section": meta.section,
        "keywords": list(meta.keywords),
        "description": meta.description,
        "url": meta.url,
    }


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
    return recorded_up_to_date(data, manifest, key)


def recorded_up_to_date(data: Any, manifest: Path, key: str) -> bool:
    """:func:`up_to_date` for a manifest already read (``data``, from ``manifest``)."""
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


# --- reading a manifest back -------------------------------------------------------------------


class ManifestError(TriptychError):
    """A manifest that can't be read, or that does not say what a reader of it needs."""


@dataclass(frozen=True, slots=True)
class RecordedArticle:
    """The article's metadata, as its manifest records it."""

    identifier: str
    title: str
    language: str
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    """ISO 8601, with the source's precision: a date, or a date-time (with its offset when given)."""
    publisher: str | None = None
    section: str | None = None
    keywords: tuple[str, ...] = ()
    description: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class RecordedOutput:
    """One edition, as its manifest records it (file names are relative to the manifest's folder)."""

    format: str
    ok: bool
    path: str | None = None
    files: tuple[str, ...] = ()
    bytes: int | None = None
    details: Mapping[str, Any] = field(default_factory=dict)
    error: str | None = None


@dataclass(frozen=True, slots=True)
class Recorded:
    """What a manifest records: when, from which source, which editions, and the article."""

    path: Path
    created: str
    source: str
    outputs: tuple[RecordedOutput, ...]
    article: RecordedArticle | None
    checks: str | None = None
    """The overall verdict of the checks, when the run checked its editions."""

    @property
    def folder(self) -> Path:
        """The folder the editions are in."""
        return self.path.parent

    @property
    def ok(self) -> bool:
        """True when every edition was made and, when checked, passed."""
        return bool(self.outputs) and all(o.ok for o in self.outputs) and self.checks in (None, "pass")

    def output(self, fmt: str) -> RecordedOutput | None:
        """The edition of format ``fmt``, if the run made it."""
        return next((o for o in self.outputs if o.format == fmt and o.ok and o.path), None)


def read_manifest(path: Path) -> Recorded:
    """Read a manifest back; raise :class:`ManifestError` when it can't be read or is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"{path}: no manifest", hint="make the editions with triptych build") from None
    except (OSError, ValueError) as exc:
        raise ManifestError(f"{path}: the manifest can't be read ({exc})", hint="build the article again") from None
    try:
        outputs = tuple(_recorded_output(o) for o in data["outputs"])
        article = _recorded_article(data["article"]) if data.get("article") is not None else None
        checks = data.get("checks", {}).get("verdict") if isinstance(data.get("checks"), dict) else None
        return Recorded(path=path, created=str(data["created"]), source=str(data["source"]["path"]),
                        outputs=outputs, article=article, checks=checks)  # fmt: skip
    except (KeyError, TypeError, AttributeError) as exc:
        raise ManifestError(f"{path}: not a Triptych manifest (no {exc})", hint="build the article again") from None


def _recorded_output(o: dict[str, Any]) -> RecordedOutput:
    details = o.get("details") or {}
    return RecordedOutput(
        format=str(o["format"]),
        ok=o["status"] == "ok",
        path=str(o["path"]) if o.get("path") else None,
        files=tuple(str(f) for f in o.get("files", ())),
        bytes=int(o["bytes"]) if isinstance(o.get("bytes"), int) else None,
        details=dict(details) if isinstance(details, dict) else {},
        error=str(o["error"]) if o.get("error") else None,
    )


def _recorded_article(a: dict[str, Any]) -> RecordedArticle:
    def text(key: str) -> str | None:
        value = a.get(key)
        return str(value) if value else None

    return RecordedArticle(
        identifier=str(a["identifier"]),
        title=str(a["title"]),
        language=str(a["language"]),
        subtitle=text("subtitle"),
        authors=tuple(str(n) for n in a.get("authors") or ()),
        published=text("published"),
        publisher=text("publisher"),
        section=text("section"),
        keywords=tuple(str(k) for k in a.get("keywords") or ()),
        description=text("description"),
        url=text("url"),
    )
