"""The build cache: one key for everything an article's editions depend on, kept in its manifest.

An article is not exported again when its key is the one in its manifest and every output the
manifest lists is still there with the same SHA-256. The key covers the source's bytes, the
local files it refers to (its images, a lexicon), the formats and options, the stylesheets, the
code of Triptych and its exporters, the versions of the libraries and programs that make the
editions, and ``SOURCE_DATE_EPOCH``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from triptych import __version__
from triptych.files import sha256_file

KEY_VERSION = 1
"""Bumped when the key's recipe changes, so that old manifests never match."""

LIBRARIES = (
    "babel",
    "charset-normalizer",
    "ebooklib",
    "lxml",
    "markdown-it-py",
    "mdit-py-plugins",
    "pikepdf",
    "pydyf",
    "python-slugify",
    "pyttsx3",
    "PyYAML",
    "sentencex",
    "weasyprint",
)
"""The Python distributions whose version changes what an edition looks like."""

PROGRAMS = {"espeak-ng": ("--version",), "ffmpeg": ("-version",)}
"""The programs the audio edition runs, with the argument that prints their version."""

_CODE_FOLDERS = ("triptych", "exporters", "styles")


def cache_key(
    source: Path,
    *,
    formats: Sequence[str],
    options: Mapping[str, str],
    reader: str | None,
    language: str | None,
    check: bool,
    referenced: Sequence[Path] = (),
) -> str:
    """The SHA-256 of everything the editions of ``source`` depend on (see the module's doc)."""
    files = {"source": sha256_file(source)}
    base = source.parent.resolve()
    for path in sorted(set(referenced)):
        name = path.resolve().relative_to(base).as_posix() if path.resolve().is_relative_to(base) else str(path)
        files[name] = sha256_file(path) if path.is_file() else "missing"
    lexicon = options.get("lexicon")
    if lexicon:
        files["lexicon"] = sha256_file(Path(lexicon)) if Path(lexicon).is_file() else "missing"
    recipe: dict[str, Any] = {
        "key": KEY_VERSION,
        "files": files,
        "formats": sorted(formats),
        "options": dict(sorted(options.items())),
        "reader": reader,
        "language": language,
        "check": check,
        "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH"),
        "code": code_digest(),
        "tools": tool_versions(uses_programs="audio" in formats or "narrated" in options),
    }
    return hashlib.sha256(json.dumps(recipe, sort_keys=True).encode("utf-8")).hexdigest()


@functools.cache
def code_digest() -> str:
    """The SHA-256 of Triptych's own code and stylesheets (``pipeline.py``, ``triptych/``,
    ``exporters/``, ``styles/``), so that a changed exporter or stylesheet means a rebuild even
    when the version number is the same."""
    import pipeline

    root = Path(pipeline.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in _code_files(root):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _code_files(root: Path) -> Iterator[Path]:
    yield root / "pipeline.py"
    for folder in _CODE_FOLDERS:
        yield from sorted(
            p
            for p in (root / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix in (".py", ".css", ".js", ".java")
        )


@functools.cache
def tool_versions(*, uses_programs: bool) -> dict[str, str]:
    """Versions of Python, Triptych, the libraries, the exporter plugins and (for the audio
    edition) the programs it runs; ``"missing"`` for what is not installed."""
    versions = {"python": platform.python_version(), "triptych": __version__}
    for name in LIBRARIES:
        versions[name] = _distribution_version(name)
    for entry in metadata.entry_points(group="triptych.exporters"):
        dist = entry.dist
        versions[f"plugin:{entry.name}"] = f"{entry.value} {dist.version if dist else ''}".strip()
    if uses_programs:
        for program, arguments in PROGRAMS.items():
            versions[program] = _program_version(program, arguments)
    return versions


def _distribution_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "missing"


def _program_version(program: str, arguments: tuple[str, ...]) -> str:
    found = shutil.which(program)
    if found is None:
        return "missing"
    try:
        done = subprocess.run([found, *arguments], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    first = (done.stdout or done.stderr).strip().splitlines()
    return re.sub(r"\s+", " ", first[0]) if first else "unknown"


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


def record_key(manifest: Path, key: str) -> None:
    """Add the cache key and the SHA-256 of every file of the run to a manifest written by
    :func:`pipeline.export`: the editions, their companion files, the index and the reports."""
    from triptych.files import atomic_write_bytes

    data = json.loads(manifest.read_text(encoding="utf-8"))
    stem = manifest.name.removesuffix(".manifest.json")
    names = {name for output in data["outputs"] for name in [output["path"], *output.get("files", [])] if name}
    names |= {f"{stem}.{suffix}" for suffix in ("index.json", "report.json", "report.html")}
    folder = manifest.parent
    files = {name: sha256_file(folder / name) for name in sorted(names) if (folder / name).is_file()}
    data["cache"] = {"key": key, "files": files}
    atomic_write_bytes(manifest, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
