"""Taking an upload in: one article file, or a zip of an article's folder with its images.

Everything lands in the job's ``source/`` folder and nowhere else. The bounds hold before and
while bytes are written: the body's size, the number of files in a zip, their unpacked size and
each one's compression ratio (counted as it is unpacked, not trusted from the zip's headers).
A zip entry with an absolute path, a ``..`` part, a link or a device is refused, and so is a
zip whose article can't be told. The article is then read by the same readers, with the same
rules for hostile input, as on the command line.
"""

from __future__ import annotations

import json
import re
import shutil
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from triptych.service.problems import Problem
from triptych.source_types import SUFFIXES

SOURCE = "source"
"""The sub-folder of a job's folder that holds the article and its images."""
CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class Bounds:
    """The limits of one upload."""

    max_bytes: int = 50 * 1024 * 1024
    """The request's body (and so the uploaded file)."""
    max_files: int = 200
    """Entries in a zip."""
    max_unpacked: int = 200 * 1024 * 1024
    """The files of a zip, unpacked, together."""
    max_ratio: int = 100
    """Unpacked size over packed size, for each file of a zip."""


def _refuse(status: int, kind: str, detail: str, hint: str) -> Problem:
    return Problem(status, kind, detail, hint=hint, field="file")


def safe_name(name: str) -> str:
    """The uploaded file's name, as a plain file name (its folders and odd characters dropped)."""
    base = re.split(r"[\\/]", name)[-1]
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", base).strip(".-") or "article"
    return cleaned[:120]


def take(stream: BinaryIO, filename: str, folder: Path, bounds: Bounds) -> Path:
    """Write the upload into ``folder/source/``; the article's path. Raises a :class:`Problem`
    (and leaves nothing behind in ``folder``) when the upload is refused."""
    name = safe_name(filename)
    suffix = PurePosixPath(name).suffix.lower()
    if suffix != ".zip" and suffix not in SUFFIXES:
        kinds = ", ".join(sorted(SUFFIXES))
        raise _refuse(
            415,
            "unsupported-file",
            f"{filename!r}: not an article file ({kinds}) or a .zip",
            f"upload an article ({kinds}), or a zip of its folder",
        )
    source = folder / SOURCE
    source.mkdir(parents=True)
    try:
        if suffix == ".zip":
            packed = folder / "upload.zip"
            _copy(stream, packed, bounds.max_bytes)
            try:
                return _unpack(packed, source, bounds)
            finally:
                packed.unlink(missing_ok=True)
        target = source / name
        _copy(stream, target, bounds.max_bytes)
        return target
    except BaseException:
        shutil.rmtree(source, ignore_errors=True)
        raise


def _copy(stream: BinaryIO, target: Path, limit: int) -> None:
    written = 0
    with target.open("xb") as out:
        while chunk := stream.read(CHUNK):
            written += len(chunk)
            if written > limit:
                raise _too_large(f"the upload is larger than {limit:,} bytes", "--max-upload-bytes")
            out.write(chunk)


def _too_large(detail: str, option: str) -> Problem:
    return _refuse(
        413, "upload-too-large", detail, f"send a smaller article, or start the service with a larger {option}"
    )


def _entry_problem(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    path = PurePosixPath(name.replace("\\", "/"))
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return "an absolute path"
    if ".." in path.parts:
        return "a '..' part"
    kind = stat.S_IFMT(info.external_attr >> 16)  # 0: no type recorded (a plain file)
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        return "a link" if kind == stat.S_IFLNK else "a special file"
    return None


def _unpack(packed: Path, source: Path, bounds: Bounds) -> Path:
    try:
        archive = zipfile.ZipFile(packed)
    except zipfile.BadZipFile as exc:
        raise _refuse(422, "bad-zip", f"the upload is not a zip file ({exc})", "zip the article's folder") from None
    with archive:
        entries = archive.infolist()
        if len(entries) > bounds.max_files:
            raise _too_large(f"the zip holds {len(entries)} entries, more than {bounds.max_files}", "--max-files")
        for info in entries:
            if problem := _entry_problem(info):
                raise _refuse(
                    422,
                    "unsafe-zip",
                    f"zip entry {info.filename!r} has {problem}",
                    "zip the article's folder with relative paths and no links",
                )
        total = 0
        for info in entries:
            target = source.joinpath(*PurePosixPath(info.filename.replace("\\", "/")).parts)
            if not target.resolve().is_relative_to(source.resolve()):
                raise _refuse(
                    422,
                    "unsafe-zip",
                    f"zip entry {info.filename!r} leads out of the article's folder",
                    "zip the article's folder with relative paths",
                )
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            total = _extract(archive, info, target, total, bounds)
    return _article(source)


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, total: int, bounds: Bounds) -> int:
    """Unpack one entry, counting what comes out; the unpacked total so far."""
    allowed = max(info.compress_size, 1) * bounds.max_ratio
    written = 0
    with archive.open(info) as packed, target.open("xb") as out:
        while chunk := packed.read(CHUNK):
            written += len(chunk)
            total += len(chunk)
            if written > allowed:
                raise _too_large(
                    f"zip entry {info.filename!r} unpacks to more than {bounds.max_ratio} times its "
                    "packed size (a zip bomb?)",
                    "--max-zip-ratio",
                )
            if total > bounds.max_unpacked:
                raise _too_large(f"the zip unpacks to more than {bounds.max_unpacked:,} bytes", "--max-upload-bytes")
            out.write(chunk)
    return total


def _article(source: Path) -> Path:
    """The article of an unpacked folder: its only article file, the shallowest one, or ``index.*``."""
    found = sorted(
        (p for p in source.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")),
        key=lambda p: (len(p.relative_to(source).parts), p.stem.lower() not in ("index", "article"), str(p)),
    )
    if not found:
        raise _refuse(
            422,
            "no-article",
            "the zip holds no article file",
            f"put the article ({', '.join(sorted(SUFFIXES))}) in the zip, with its images",
        )
    top = [p for p in found if len(p.relative_to(source).parts) == len(found[0].relative_to(source).parts)]
    if len(top) > 1 and top[0].stem.lower() not in ("index", "article"):
        names = ", ".join(p.name for p in top[:5])
        raise _refuse(
            422,
            "which-article",
            f"the zip holds several articles ({names})",
            "upload one article at a time, or name it index.md (or .txt, .html)",
        )
    return found[0]


class BodyLimit:
    """ASGI middleware: a request body over ``limit`` bytes is refused with 413, from its
    ``Content-Length`` before a byte of it is read, or as soon as a chunked body goes over."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length", b"").decode("latin-1")
        if length.isdigit() and int(length) > self.limit:
            await self._refuse(scope, send)
            return
        seen = 0
        over = False
        started = False

        async def limited() -> dict[str, Any]:
            nonlocal seen, over
            if over:
                return {"type": "http.disconnect"}
            message: dict[str, Any] = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    over = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded(message: dict[str, Any]) -> None:
            nonlocal started
            if over:
                return  # the app's answer to a body cut short is replaced by the 413
            started = True
            await send(message)

        try:
            await self.app(scope, limited, guarded)
        except Exception:
            if not over:
                raise
        if over and not started:
            await self._refuse(scope, send)

    async def _refuse(self, scope: dict[str, Any], send: Any) -> None:
        from triptych.service.problems import MEDIA_TYPE

        problem = _too_large(f"the request body is larger than {self.limit:,} bytes", "--max-upload-bytes")
        body = json.dumps(problem.body(str(scope.get("path", "")))).encode("utf-8")
        headers = [
            (b"content-type", MEDIA_TYPE.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})
