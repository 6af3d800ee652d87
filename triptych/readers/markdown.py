"""Markdown articles: CommonMark with tables, footnotes, definition lists, language spans
(``[texte]{lang=fr}``) and YAML front matter.

Markdown is rendered to HTML by markdown-it-py, then read by the same sanitising converter as a
web page, so raw HTML inside Markdown gets exactly the same treatment.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from markdown_it import MarkdownIt
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from triptych.errors import SourceError
from triptych.model import Article, Heading, Metadata, inline_text
from triptych.readers.frontmatter import FrontMatter
from triptych.readers.html_blocks import HtmlConverter, parse_fragment, sanitize
from triptych.readers.source import Source

_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def _parser(max_depth: int) -> MarkdownIt:
    md = (
        MarkdownIt("commonmark", {"html": True, "linkify": False})
        .enable("table")
        .use(footnote_plugin)
        .use(deflist_plugin)
        .use(attrs_plugin, spans=True, allowed=["lang"])
    )
    # Let every link through as a link: the HTML converter keeps the words of a link whose
    # scheme is refused, instead of leaving "[words](javascript:...)" in the text.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    # markdown-it silently drops what nests deeper than maxNesting: allow every nesting the depth
    # limit allows (a list level is up to three token levels) so that crossing it can be seen.
    md.options["maxNesting"] = 3 * max_depth + 3
    return md


def _render(source: Source, body: str, first_line: int) -> str:
    """The body as HTML; ``SourceError`` when it nests deeper than markdown-it would keep."""
    limit = source.limits.paragraph_chars
    if (start := long_paragraph(body, limit)) is not None:  # refused before markdown-it's slow work on it
        raise SourceError(
            source.path,
            f"has a paragraph longer than the limit of {limit:,} characters",
            line=first_line + start,
            hint="split the paragraph, or raise the limit with -O max-paragraph-chars=N",
        )
    md = _parser(source.limits.depth)
    tokens = md.parse(body)
    deepest = max(tokens, key=lambda token: token.level, default=None)
    if deepest is not None and deepest.level >= md.options["maxNesting"] - 1:
        line = first_line + deepest.map[0] if deepest.map else None
        raise SourceError(
            source.path,
            f"quotes or lists nest more than {source.limits.depth} levels deep",
            line=line,
            hint="flatten the nesting, or raise the limit with -O max-depth=N",
        )
    return str(md.renderer.render(tokens, md.options, {}))


def long_paragraph(body: str, limit: int) -> int | None:
    """The line (0-based) where a run of lines with no blank line between them (a paragraph,
    or any block) grows longer than ``limit`` characters, if one does; linear."""
    length, start = 0, 0
    for number, line in enumerate(body.split("\n")):
        if not line.strip():
            length = 0
            continue
        if length == 0:
            start = number
        length += len(line) + 1
        if length > limit:
            return start
    return None


def split_front_matter(source: Source) -> tuple[FrontMatter | None, str, int]:
    """Split ``---`` front matter from the body; return it, the body and the body's first line."""
    text = source.text
    match = _FRONT_MATTER.match(text)
    if match is None:
        if text.lstrip("\ufeff").startswith("---\n"):
            raise SourceError(source.path, "front matter is not closed", line=1, hint="end it with a line of ---")
        return None, text, 1
    front = FrontMatter(source.path, match[1] or "", first_line=2, limits=source.limits)
    return front, text[match.end() :], text[: match.end()].count("\n") + 1


def read_markdown(source: Source) -> Article:
    """Read a Markdown article with optional YAML front matter."""
    warnings: list[str] = list(source.warnings)
    warn: Callable[[str], None] = warnings.append
    front, body, first_line = split_front_matter(source)
    base_dir = source.path.parent
    fields: dict[str, Any] = front.metadata(base_dir, warn) if front else {}
    language = fields.get("language", "en")
    root = parse_fragment(_render(source, body, first_line) or "<p></p>", source.path)
    sanitize(root)
    converter = HtmlConverter(base_dir=base_dir, language=language, warn=warn)
    converter.collect_footnotes(root)
    blocks = list(converter.blocks(root))
    first = blocks[0] if blocks else None
    if isinstance(first, Heading) and first.level == 1:
        heading = inline_text(first.children)
        if "title" not in fields or fields["title"] == heading:
            fields["title"] = heading
            blocks.pop(0)
    if "title" not in fields:
        line = front.first_line if front else 1
        raise SourceError(
            source.path,
            "the article has no title",
            line=line,
            hint="add 'title:' to the front matter or start with a '# Title' line",
        )
    return Article(
        meta=Metadata(**fields, source=source.path),
        blocks=tuple(blocks),
        footnotes=tuple(converter.footnotes),
        warnings=tuple(warnings),
    )
