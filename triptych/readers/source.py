"""Loading an article file: size limit, encoding detection, and refusal of what is not text."""

from __future__ import annotations

import codecs
import dataclasses
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from triptych.errors import SourceError
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
    max_bytes = limits.source_bytes
    try:
        if path.is_dir():
            raise SourceError(path, "is a folder, not an article file", hint="name a .txt, .md or .html file")
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceError(
                path,
                f"is {size:,} bytes, more than the limit of {max_bytes:,} for an article",
                hint="split the article, or raise the limit with -O max-source-bytes=N",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(path, "no such file", hint="check the path") from None
    except PermissionError:
        raise SourceError(path, "permission denied", hint="make the file readable") from None
    except OSError as exc:
        raise SourceError(path, f"can't be read ({exc.strerror or exc})") from exc
    text, encoding = decode(path, data)
    text, removed = _xml_safe(text)
    if not text.strip():
        raise SourceError(path, "no article text (the file is empty or blank)", hint="write the article first")
    warnings: tuple[str, ...] = ()
    if not encoding.startswith("utf-8"):
        warnings += (f"{path.name}: decoded as {encoding}, not UTF-8",)
    if removed:
        warnings += (f"{path.name}: {removed} control character(s) removed (no edition can carry them)",)
    return Source(
        path=path,
        data=data,
        text=text.replace("\r\n", "\n").replace("\r", "\n"),
        encoding=encoding,
        warnings=warnings,
        limits=limits,
    )


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8, a BOM's encoding, or a detected legacy encoding; refuse binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise _not_text(path, f"starts with a {encoding} byte-order mark but is not {encoding}") from exc
    if b"\x00" in data:
        raise _not_text(path, "is binary, not text (it contains NUL bytes)")
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = _detect(path, data)
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(2, len(text) // 200):
        raise _not_text(path, "is binary, not text (it is full of control characters)")
    return text, encoding


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
