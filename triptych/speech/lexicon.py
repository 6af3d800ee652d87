"""Pronunciation lexicons: words the engine says wrong, and what to send it instead.

Two file formats are read:

- W3C PLS 1.0 (``.pls`` or ``.xml``, or any file starting with ``<``): each ``<lexeme>`` maps its
  ``<grapheme>`` words to its first ``<alias>``. eSpeak NG ignores phonemes in SSML, so a lexeme
  with only ``<phoneme>`` is skipped (and listed in ``Lexicon.warnings``). When two lexemes give
  the same grapheme, the first wins, as PLS says. No DTD, entity or network access.
- Plain text (any other file): one ``word = replacement`` per line; blank lines and lines whose
  first character is ``#`` are ignored; a word may be several words (``Dr. Ruiz = Doctor Roo-eess``).
  A word given twice is an error.

Case: a word written all in lower case matches whatever its case in the text (``nginx`` matches
``Nginx`` and ``NGINX``); a word with a capital matches only that exact spelling (``ICE`` does not
match ``ice``). Words match whole (``ICE`` is not found in ``ICED``), longest first, and the
replacement is sent as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from lxml import etree

from triptych.errors import SourceError

PLS_NS = "http://www.w3.org/2005/01/pronunciation-lexicon"
_PRIVATE = re.compile("[\ue000-\uf8ff]")
_FIRST_PRIVATE = 0xE000
_MAX_MARKS = 0xF8FF - 0xE000 + 1


@dataclass(frozen=True)
class Lexicon:
    """Whole words and phrases with their spoken replacements (see the module doc for case rules)."""

    entries: tuple[tuple[str, str], ...]
    language: str | None = None
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        if not self.entries:
            return None
        words = sorted((w for w, _ in self.entries), key=lambda w: (-len(w), w != w.lower()))
        alternatives = [f"(?i:{re.escape(w)})" if w == w.lower() else re.escape(w) for w in words]
        return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)")

    @cached_property
    def _exact(self) -> dict[str, str]:
        return dict(self.entries)

    def _replacement(self, word: str) -> str:
        return self._exact.get(word) or self._exact[word.lower()]

    def apply(self, text: str) -> str:
        """``text`` with every lexicon word replaced."""
        pattern = self._pattern
        return pattern.sub(lambda m: self._replacement(m[0]), text) if pattern else text

    def protect(self, text: str) -> tuple[str, Callable[[str], str]]:
        """Hide the lexicon's words from normalisation.

        Returns ``text`` with each lexicon word replaced by a private-use mark, and a function
        that puts the replacements in place of the marks once the text has been normalised.
        """
        pattern = self._pattern
        text = _PRIVATE.sub("", text)
        if pattern is None:
            return text, _same
        spoken: list[str] = []

        def mark(m: re.Match[str]) -> str:
            replacement = self._replacement(m[0])
            if replacement not in spoken:
                if len(spoken) == _MAX_MARKS:
                    return replacement
                spoken.append(replacement)
            return chr(_FIRST_PRIVATE + spoken.index(replacement))

        masked = pattern.sub(mark, text)
        return masked, lambda done: _PRIVATE.sub(lambda m: spoken[ord(m[0]) - _FIRST_PRIVATE], done)


def _same(text: str) -> str:
    return text


def load_lexicon(path: Path) -> Lexicon:
    """Read a PLS or plain-text lexicon; a broken file raises ``SourceError`` naming the file and line."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(path, f"can't read the lexicon: {error.strerror or error}") from error
    if path.suffix.lower() in (".pls", ".xml") or data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return _read_pls(path, data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(path, "the lexicon is not UTF-8 text", line=line, hint="save it as UTF-8") from error
    return _read_text(path, text)


def _read_text(path: Path, text: str) -> Lexicon:
    entries: dict[str, tuple[str, int]] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        word, equals, replacement = (part.strip() for part in line.partition("="))
        if not equals or not word or not replacement:
            raise SourceError(path, f"expected 'word = replacement', found {line!r}", line=number)
        if word in entries:
            first = entries[word][1]
            raise SourceError(path, f"{word!r} is given twice (first on line {first})", line=number)
        entries[word] = (" ".join(replacement.split()), number)
    return Lexicon(entries=tuple((w, r) for w, (r, _) in entries.items()))


def _text(element: etree._Element) -> str:
    return " ".join("".join(str(t) for t in element.itertext()).split())


def _line(element: etree._Element) -> int | None:
    line: object = element.sourceline  # the stubs leave it untyped
    return line if isinstance(line, int) else None


def _read_pls(path: Path, data: bytes) -> Lexicon:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise SourceError(path, f"not well-formed XML: {error.msg}", line=error.lineno) from error
    if root.getroottree().docinfo.internalDTD is not None:
        raise SourceError(path, "a lexicon may not have a DOCTYPE", line=1, hint="remove the <!DOCTYPE ...> line")
    if root.tag != f"{{{PLS_NS}}}lexicon":
        raise SourceError(
            path, f"the root element is {root.tag!r}, not a PLS <lexicon>", line=_line(root), hint=f"use {PLS_NS}"
        )
    entries: dict[str, str] = {}
    warnings: list[str] = []
    for lexeme in root.iter(f"{{{PLS_NS}}}lexeme"):
        graphemes = [_text(g) for g in lexeme.iter(f"{{{PLS_NS}}}grapheme")]
        aliases = [_text(a) for a in lexeme.iter(f"{{{PLS_NS}}}alias")]
        if not any(graphemes):
            raise SourceError(path, "a <lexeme> has no <grapheme>", line=_line(lexeme))
        if not any(aliases):
            warnings.append(f"{path}:{_line(lexeme)}: {graphemes[0]!r} has no <alias> (phonemes are not used)")
            continue
        alias = next(a for a in aliases if a)
        for grapheme in filter(None, graphemes):
            entries.setdefault(grapheme, alias)
    language = root.get("{http://www.w3.org/XML/1998/namespace}lang")
    return Lexicon(entries=tuple(entries.items()), language=language, warnings=tuple(warnings))
