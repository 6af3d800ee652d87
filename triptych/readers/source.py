"""Loading an article file: size limit, encoding detection, and refusal of what is not text."""

from __future__ import annotations

import codecs
import dataclasses
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from triptych.errors import SourceError, shown
from triptych.limits import Limits

T = TypeVar("T")

_LEGACY_WESTERN = "cp1252"
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass(frozen=True, slots=True)
class Source:
    """An article file read into memory and decoded."""

    path: Path
    data: bytes
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()
    limits: Limits = field(default_factory=Limits)
    """The run's limits (the readers' parsers are told the nesting depth, so none cuts text silently)."""

    @property
    def sha256(self) -> str:
        """Checksum of the bytes as read."""
        return hashlib.sha256(self.data).hexdigest()


def load_source(path: Path, limits: Limits | None = None) -> Source:
    """Read and decode an article file, or raise ``SourceError`` saying why it can't be used."""
    limits = limits or Limits()
    data = _read_bounded(path, limits.source_bytes)
    text, encoding, replaced = decode_text(path, data)
    warnings: tuple[str, ...] = ()
    if replaced:
        warnings += (f"{shown(path.name)}: {_replaced(text, replaced)}",)
    elif encoding in _UTF16_NO_BOM:
        warnings += (f"{shown(path.name)}: decoded as {encoding.upper()} (it has no byte-order mark), not UTF-8",)
    elif not encoding.startswith("utf-8"):
        warnings += (f"{shown(path.name)}: decoded as {encoding}, not UTF-8",)
    text, removed = _xml_safe(text)
    if not text.strip():
        raise SourceError(path, "no article text (the file is empty or blank)", hint="write the article first")
    if removed:
        warnings += (f"{shown(path.name)}: {removed} control character(s) removed (no edition can carry them)",)
    return Source(
        path=path,
        data=data,
        text=text.replace("\r\n", "\n").replace("\r", "\n"),
        encoding=encoding,
        warnings=warnings,
        limits=limits,
    )


def _read_bounded(path: Path, max_bytes: int) -> bytes:
    """The file's bytes: a regular file only (never a folder, a FIFO, a device such as
    ``/dev/zero``, or a socket, even behind a symbolic link), and never more than ``max_bytes``
    whatever its size reads as: at most one byte more is read, to see that it is over."""
    try:
        _refuse_special(path, path.stat().st_mode)  # a device is never even opened
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise SourceError(path, "no such file", hint="check the path") from None
    except PermissionError:
        raise SourceError(path, "permission denied", hint="make the file readable") from None
    except OSError as exc:
        raise SourceError(path, f"can't be read ({exc.strerror or exc})") from exc
    with os.fdopen(fd, "rb", buffering=0) as handle:
        _refuse_special(path, os.fstat(fd).st_mode)  # what was opened, should it have been replaced
        os.set_blocking(fd, True)
        size = os.fstat(fd).st_size
        chunks, total = [], 0
        try:
            while size <= max_bytes and total <= max_bytes:
                chunk = handle.read(min(1 << 20, max_bytes + 1 - total))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
        except OSError as exc:
            raise SourceError(path, f"can't be read ({exc.strerror or exc})") from exc
    if size > max_bytes or total > max_bytes:
        amount = f"{size:,} bytes" if size > max_bytes else f"more than {max_bytes:,} bytes"
        raise SourceError(
            path,
            f"is {amount}, more than the limit of {max_bytes:,} for an article",
            hint="split the article, or raise the limit with -O max-source-bytes=N",
        )
    return b"".join(chunks)


def _refuse_special(path: Path, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise SourceError(path, "is a folder, not an article file", hint="name a .txt, .md or .html file")
    if not stat.S_ISREG(mode):
        kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
        raise SourceError(path, f"is {kind}, not an article file", hint="save the article to a file and name it")


_KINDS = {
    stat.S_IFIFO: "a FIFO (a named pipe)",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8, a BOM's encoding, or a detected legacy encoding; refuse binary data.
    (A few bytes that are not UTF-8 in a UTF-8 file are replaced: see :func:`decode_text`.)"""
    text, encoding, _ = decode_text(path, data)
    return text, encoding


def decode_text(path: Path, data: bytes) -> tuple[str, str, tuple[int, ...]]:
    """Decode bytes as :func:`decode` does; also return where (offsets in the text) bytes that are
    not UTF-8 were replaced by U+FFFD in a file that is UTF-8 but for them."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, ()
            except UnicodeDecodeError as exc:
                raise _not_text(path, f"starts with a {encoding} byte-order mark but is not {encoding}") from exc
    replaced: tuple[int, ...] = ()
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise _not_text(path, "is binary, not text (it contains NUL bytes)")
        text, encoding = utf16
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, replaced = _mostly_utf8(data)
            encoding = "utf-8"
            if not replaced:
                text, encoding = _detect(path, data)
    controls = len(_CONTROLS.findall(text))
    if controls > max(2, len(text) // 200):
        raise _not_text(path, "is binary, not text (it is full of control characters)")
    return text, encoding, replaced


_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
"""The control characters text does not hold (all below U+0020 but tab, line feed, form feed and
carriage return)."""


def _mostly_utf8(data: bytes) -> tuple[str, tuple[int, ...]]:
    """UTF-8 with its few undecodable bytes replaced, and where they were; ``("", ())`` when the
    file reads better in a legacy code page: when its bytes that are not UTF-8 are no fewer than its
    characters that are (a file in a legacy code page is seldom valid UTF-8 anywhere)."""
    text = data.decode("utf-8", errors="surrogateescape")
    bad = [i for i, ch in enumerate(text) if "\udc80" <= ch <= "\udcff"]
    good = sum(1 for ch in text if ord(ch) > 0x7F) - len(bad)
    if not bad or good <= len(bad):
        return "", ()
    # One replacement character per run of bad bytes (as a decoder does), offsets in the result.
    out: list[str] = []
    offsets: list[int] = []
    previous = -2
    for i, ch in enumerate(text):
        if "\udc80" <= ch <= "\udcff":
            if i != previous + 1:
                offsets.append(len(out))
                out.append("\ufffd")
            previous = i
        else:
            out.append(ch)
    return "".join(out), tuple(offsets)


def _replaced(text: str, offsets: tuple[int, ...]) -> str:
    """The warning for bytes that are not UTF-8, with the line and column of the first few."""
    places = []
    for offset in offsets[:5]:
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        places.append(f"line {line}, column {column}")
    more = f" and {len(offsets) - 5} more" if len(offsets) > 5 else ""
    count = f"{len(offsets)} sequence{'s' if len(offsets) > 1 else ''}"
    return f"{count} of bytes that are not UTF-8 replaced with U+FFFD ({'; '.join(places)}{more}); the rest is UTF-8"


_UTF16_NO_BOM = ("utf-16-le", "utf-16-be")


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """The text of UTF-16 with no byte-order mark, when the NUL bytes say it is (one byte of each
    pair is NUL in Latin text) and it decodes; else ``None``."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    pairs = len(data) // 2
    for encoding, high, low in zip(_UTF16_NO_BOM, (odd, even), (even, odd), strict=True):
        if high >= pairs * 0.3 and low <= pairs * 0.02:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return (text, encoding) if "\x00" not in text else None
    return None


def _detect(path: Path, data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise _not_text(path, "is not text in any encoding Triptych recognises")
    # Western European text is far more often Windows-1252 than its close cousins.
    if _LEGACY_WESTERN in best.could_be_from_charset:
        try:
            return data.decode(_LEGACY_WESTERN), _LEGACY_WESTERN
        except UnicodeDecodeError:
            pass
    return str(best), best.encoding


_NOT_XML = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_safe(text: str) -> tuple[str, int]:
    """The text without the characters XML (and so HTML, EPUB and PDF text) can't carry; a form
    feed becomes a line break. Returns the text and how many characters were removed."""
    text = text.replace("\f", "\n")
    cleaned, removed = _NOT_XML.subn("", text)
    return cleaned, removed


def clean_strings(value: T) -> tuple[T, int]:
    """``value`` (the article, or any part of it) with the characters no edition can carry
    removed from every string inside it, whatever syntax wrote them (a YAML or JSON escape, an
    entity); and how many were removed. Walks the frozen dataclasses and tuples of the model
    without recursion, and keeps every object that needs no change."""
    removed = 0
    work: list[tuple[Any, bool]] = [(value, False)]
    done: list[Any] = []
    while work:
        node, expanded = work.pop()
        if isinstance(node, str):
            cleaned, count = _xml_safe(node) if _NOT_XML.search(node) else (node, 0)
            removed += count
            done.append(cleaned)
            continue
        if isinstance(node, tuple):
            parts: tuple[Any, ...] = node
        elif dataclasses.is_dataclass(node) and not isinstance(node, type):
            parts = tuple(getattr(node, f.name) for f in dataclasses.fields(node))
        else:
            done.append(node)
            continue
        if not expanded:
            work.append((node, True))
            work.extend((part, False) for part in reversed(parts))
            continue
        new = done[len(done) - len(parts) :]
        del done[len(done) - len(parts) :]
        if all(a is b for a, b in zip(new, parts, strict=True)):
            done.append(node)
        elif isinstance(node, tuple):
            done.append(tuple(new))
        else:
            names = [f.name for f in dataclasses.fields(node)]
            done.append(type(node)(**dict(zip(names, new, strict=True))))
    return cast(T, done[0]), removed


def _not_text(path: Path, problem: str) -> SourceError:
    return SourceError(path, problem, hint="save the article as UTF-8 text")
