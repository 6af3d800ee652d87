"""Readers turn one source format into the ``Article`` model; nothing downstream knows which."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from triptych.errors import SourceError, UsageError
from triptych.ids import with_ids
from triptych.limits import Limits, check_size, image_sources
from triptych.model import Article
from triptych.readers.source import Source, load_source

Reader = Callable[[Source], Article]

READER_NAMES = ("text", "markdown", "html")
SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}


def _reader(name: str) -> Reader:
    if name == "text":
        from triptych.readers.text import read_text

        return read_text
    if name == "markdown":
        from triptych.readers.markdown import read_markdown

        return read_markdown
    from triptych.readers.webpage import read_webpage

    return read_webpage


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


def read_source(
    path: str | Path, *, reader: str | None = None, limits: Limits | None = None
) -> tuple[Article, Source, str]:
    """Read a file into an ``Article``; also return the loaded source and the reader's name.

    The article must stay within ``limits`` (source size, blocks, nesting, every image's bytes
    and pixels): the first limit crossed raises ``SourceError`` naming the option that raises it.
    """
    from triptych.errors import ResourceError
    from triptych.resources import check_image

    if reader is not None and reader not in READER_NAMES:
        raise UsageError(f"unknown reader {reader!r}", hint=f"choose one of {', '.join(READER_NAMES)}")
    limits = limits or Limits()
    source = load_source(Path(path), limits)
    name = reader or detect_reader(source)
    article = _reader(name)(source)
    if not article.meta.title.strip():
        raise SourceError(source.path, "the article has no title", hint="put the title on the first line")
    if not article.blocks:
        raise SourceError(source.path, "no article text after the title", hint="add the article's paragraphs")
    check_size(article, limits)
    for src in image_sources(article):
        try:
            check_image(source.path.parent, src, limits)
        except ResourceError as exc:
            raise SourceError(source.path, str(exc.message), hint=exc.hint) from None
    return with_ids(article), source, name


def read_article(path: str | Path, *, reader: str | None = None, language: str | None = None) -> Article:
    """Read an article file (plain text, Markdown or a web page) into the model.

    ``reader`` forces ``"text"``, ``"markdown"`` or ``"html"``; ``language`` overrides the
    article's language. Raises ``SourceError`` (a ``TriptychError``) when the file can't be used.
    """
    article, _, _ = read_source(path, reader=reader)
    if language:
        article = dataclasses.replace(article, meta=dataclasses.replace(article.meta, language=language))
    return article
