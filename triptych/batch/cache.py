"""The build cache: one key for everything an article's editions depend on, kept in its manifest.

An article is not exported again when its key is the one in its manifest and every output the
manifest lists is still there with the same SHA-256 (:func:`triptych.run.manifest.up_to_date`).
The key covers the source's bytes, the local files it refers to (its images, a lexicon), the
formats and options, the stylesheets, the code of Triptych and its exporters, the versions of the
libraries and programs that make the editions, and ``SOURCE_DATE_EPOCH``.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
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

from triptych.files import sha256_file
from triptych.version import __version__

KEY_VERSION = 2
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
"""The programs the editions run (the narration), with the argument that prints their version."""

_CODE = ("pipeline", "triptych", "exporters", "styles")
"""Triptych's own code: the command line, the package, the built-in exporters, the stylesheets."""


def referenced_name(path: Path, source: Path) -> str:
    """How the key (and the manifest) names a file the article refers to: relative to the
    article's folder (``images/a.png``), else its whole path."""
    base = source.parent.resolve()
    resolved = path.resolve()
    return resolved.relative_to(base).as_posix() if resolved.is_relative_to(base) else str(path)


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
    for path in sorted(set(referenced)):
        files[referenced_name(path, source)] = sha256_file(path) if path.is_file() else "missing"
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
        "tools": tool_versions(),
    }
    return hashlib.sha256(json.dumps(recipe, sort_keys=True).encode("utf-8")).hexdigest()


@functools.cache
def code_digest() -> str:
    """The SHA-256 of Triptych's own code and stylesheets (``pipeline.py``, ``triptych/``,
    ``exporters/``, ``styles/``), so that a changed exporter or stylesheet means a rebuild even
    when the version number is the same."""
    digest = hashlib.sha256()
    for name, path in _code_files():
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _code_files() -> Iterator[tuple[str, Path]]:
    """Each file of Triptych's code with a name relative to where it is installed (found, not imported)."""
    for module in _CODE:
        spec = importlib.util.find_spec(module)
        if spec is None or spec.origin is None:
            continue
        origin = Path(spec.origin)
        if spec.submodule_search_locations is None:  # a single module: pipeline.py
            yield origin.name, origin
            continue
        root = origin.parent
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix in (".py", ".css", ".js", ".java"):
                yield f"{module}/{path.relative_to(root).as_posix()}", path


@functools.cache
def tool_versions() -> dict[str, str]:
    """Versions of Python, Triptych, the libraries, the exporter plugins and the programs the
    editions run; ``"missing"`` for what is not installed."""
    versions = {"python": platform.python_version(), "triptych": __version__}
    for name in LIBRARIES:
        versions[name] = _distribution_version(name)
    for entry in metadata.entry_points(group="triptych.exporters"):
        dist = entry.dist
        versions[f"plugin:{entry.name}"] = f"{entry.value} {dist.version if dist else ''}".strip()
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(len(PROGRAMS)) as threads:  # each program takes tens of ms to start: together
        asked = {
            program: threads.submit(_program_version, program, arguments) for program, arguments in PROGRAMS.items()
        }
        versions |= {program: answer.result() for program, answer in asked.items()}
    return versions


def _distribution_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "missing"


def _program_version(program: str, arguments: tuple[str, ...]) -> str:
    """What the program prints as its version: asked once per installed binary (its path, size and
    time), then remembered in Triptych's cache folder (``programs.json``), since starting ffmpeg to
    ask takes tens of milliseconds every build would pay."""
    found = shutil.which(program)
    if found is None:
        return "missing"
    try:
        binary = Path(found).resolve().stat()
        token = f"{Path(found).resolve()} {binary.st_size} {binary.st_mtime_ns} {' '.join(arguments)}"
    except OSError:
        return _asked(found, arguments)
    known = _remembered()
    if isinstance(answer := known.get(token), str):
        return answer
    answer = _asked(found, arguments)
    if answer != "unknown":
        _remember(token, answer)
    return answer


def _programs_file() -> Path | None:
    from triptych.files import cache_root

    try:
        return cache_root() / "programs.json"
    except RuntimeError:  # no home folder: ask every time
        return None


def _remembered() -> dict[str, Any]:
    path = _programs_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path is not None else {}
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _remember(token: str, answer: str) -> None:
    from triptych.files import atomic_write_bytes

    path = _programs_file()
    if path is None:
        return
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        known = {**_remembered(), token: answer}
        atomic_write_bytes(path, json.dumps(known, indent=1, sort_keys=True).encode("utf-8"))


def _asked(found: str, arguments: tuple[str, ...]) -> str:
    try:
        done = subprocess.run([found, *arguments], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    first = (done.stdout or done.stderr).strip().splitlines()
    return re.sub(r"\s+", " ", first[0]) if first else "unknown"
