"""Readers turn one source format into the ``Article`` model; nothing downstream knows which."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from triptych.errors import ResourceError, SourceError, UsageError
from triptych.ids import with_ids
from triptych.langtag import is_language_tag
from triptych.limits import Limits, check_size, image_sources
from triptych.media import MediaBag
from triptych.model import Article
from triptych.readers.source import Source, clean_strings, load_source
from triptych.readers.typography import typeset
from triptych.source_types import READER_NAMES, SUFFIXES

Reader = Callable[[Source], Article]


def _text() -> Reader:
    from triptych.readers.text import read_text

    return read_text


def _markdown() -> Reader:
    from triptych.readers.markdown import read_markdown

    return read_markdown


def _webpage() -> Reader:
    from triptych.readers.webpage import read_webpage

    return read_webpage


_READERS: dict[str, Callable[[], Reader]] = {"text": _text, "markdown": _markdown, "html": _webpage}
"""Each reader by name (``triptych.source_types.READER_NAMES``), imported only when it is used."""


def detect_reader(source: Source) -> str:
    """Choose a reader from the file's extension, then from its content."""
    by_suffix = SUFFIXES.get(source.path.suffix.lower())
    if by_suffix:
        return by_suffix
    head = source.text.lstrip("\ufeff \t\n")[:512].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or "<article" in head:
        return "html"
    if head.startswith("---\n") or "\n#" in f"\n{head}":
        return "markdown"
    return "text"


@dataclass(frozen=True, slots=True)
class Reading:
    """An article read from its source: the model, where it came from, and its images."""

    article: Article
    path: Path
    """The source file."""
    sha256: str
    """The SHA-256 of the source's bytes."""
    reader: str
    """The reader that read it (``text``, ``markdown``, ``html``)."""
    media: MediaBag = field(default_factory=MediaBag)
    """The article's images, read and checked (empty until :func:`read_media`, for a survey)."""


def read_source(
    path: str | Path,
    *,
    reader: str | None = None,
    limits: Limits | None = None,
    language: str | None = None,
    media: bool = True,
) -> Reading:
    """Read a file into an ``Article`` with its images (``media=False``: images checked, not kept).

    The article must stay within ``limits`` (source size, blocks, nesting, every image's bytes
    and pixels): the first limit crossed raises ``SourceError`` naming the option that raises it.
    ``language`` overrides the article's language.
    """
    if reader is not None and reader not in READER_NAMES:
        raise UsageError(f"unknown reader {reader!r}", hint=f"choose one of {', '.join(READER_NAMES)}")
    if language is not None and not is_language_tag(language):
        raise UsageError(f"--lang {language!r} is not a language tag", hint="use a BCP 47 tag such as en, es or pt-BR")
    from triptych.memory import MEMORY_HINT, memory_ceiling, out_of_memory, over_ceiling

    limits = limits or Limits()
    try:
        with memory_ceiling(limits.memory):
            return _read(Path(path), reader, limits, language, media)
    except (MemoryError, ImportError, OSError, SyntaxError) as exc:  # lxml's parse errors are SyntaxErrors
        if not out_of_memory(exc):
            raise
    # Raised out of the handler, so that what the reader held is freed before anything else.
    raise SourceError(path, f"can't be read: {over_ceiling(limits.memory)}", hint=MEMORY_HINT)


def _read(path: Path, reader: str | None, limits: Limits, language: str | None, media: bool) -> Reading:
    source = load_source(path, limits)
    name = reader or detect_reader(source)
    article = _READERS[name]()(source)
    check_size(article, limits)  # first: it bounds every nesting the walks below go along
    article, removed = clean_strings(article)
    if removed:
        warning = f"{source.path.name}: {removed} control character(s) or lone surrogate(s) written as escapes removed"
        article = dataclasses.replace(article, warnings=(*article.warnings, warning + " (no edition can carry them)"))
    if not visible(article.meta.title):
        problem = "the article has no title" + (" (only invisible characters)" if article.meta.title.strip() else "")
        raise SourceError(source.path, problem, hint="put the title on the first line")
    if not article.blocks:
        raise SourceError(source.path, "no article text after the title", hint="add the article's paragraphs")
    if language:
        article = dataclasses.replace(article, meta=dataclasses.replace(article.meta, language=language))
    article = with_ids(typeset(article))
    bag = read_media(article, limits, keep=media)  # checked even when not kept: a refused image is a read error
    return Reading(article, source.path, source.sha256, name, bag)


_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
"""Characters Unicode counts as letters or symbols that show nothing (the Hangul fillers, the blank
Braille pattern)."""


def visible(text: str) -> bool:
    """True when ``text`` shows something: a character that is not a space, a control, a format
    character (zero-width spaces and joiners, bidirectional marks, soft hyphens...), a variation
    selector or combining mark on its own, or a letter that shows nothing."""
    import unicodedata

    return any(unicodedata.category(ch)[0] in "LNPS" and ch not in _INVISIBLE_LETTERS for ch in text)


def read_media(article: Article, limits: Limits | None = None, *, keep: bool = True) -> MediaBag:
    """Read and check every image the article uses (``keep=False``: only check their headers, and
    return an empty bag); ``SourceError`` names the first one refused."""
    from triptych.resources import check_image, read_image

    base = article.base_dir
    if base is None:
        return MediaBag()
    found = {}
    for src in image_sources(article):
        try:
            if keep:
                found[src] = read_image(base, src, limits)
            else:
                check_image(base, src, limits)
        except ResourceError as exc:
            raise SourceError(article.meta.source or base, str(exc.message), hint=exc.hint) from None
    return MediaBag(found)


def read_article(path: str | Path, *, reader: str | None = None, language: str | None = None) -> Article:
    """Read an article file (plain text, Markdown or a web page) into the model.

    ``reader`` forces ``"text"``, ``"markdown"`` or ``"html"``; ``language`` overrides the
    article's language. Raises ``SourceError`` (a ``TriptychError``) when the file can't be used.
    """
    return read_source(path, reader=reader, language=language, media=False).article
