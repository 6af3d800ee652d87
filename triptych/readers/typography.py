"""Typographic quotes, apostrophes, dashes and ellipses, by the article's language, for every reader.

The rules are markdown-it-py's own typographer (``smartquotes`` and the dash and ellipsis
replacements), run over each run of inline text of the model, so a quote opened in one
emphasis and closed after it pairs up as it would in Markdown. Code is never changed (it only
gives the characters around it), nor are addresses, ids or file names: only the words a reader
sees. Text that is already typographic stays as it is. The quotes of each language follow its
convention; Chinese, Japanese and Korean text is left alone (its corner brackets are typed as
such). French gets a narrow no-break space inside « » and before ``; : ! ?``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from triptych.langtag import primary_subtag
from triptych.model import Article, Code, Emphasis, FootnoteRef, Inline, LangSpan, LineBreak, Link, Strong, Text

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_QUOTES: dict[str, tuple[str, str, str, str]] = {
    "en": ("“", "”", "‘", "’"),
    "fr": ("«\u202f", "\u202f»", "“", "”"),
    "de": ("„", "“", "‚", "‘"),
    "es": ("«", "»", "“", "”"),
    "pt": ("«", "»", "“", "”"),
    "it": ("«", "»", "“", "”"),
    "ru": ("«", "»", "„", "“"),
    "el": ("«", "»", "“", "”"),
    "ar": ("«", "»", "“", "”"),
}
"""Double quotes (opening, closing), then single ones, by primary language subtag; any other
language takes the English ones."""
_LEFT_ALONE = frozenset({"ja", "zh", "ko"})
_RUNS = frozenset({"children", "caption", "term"})
"""The fields of the model that hold a run of inline text."""
_WORDS = frozenset({"title", "subtitle", "description", "alt", "credit", "authors"})
"""The fields that hold words as plain strings (not ``href``, ``src``, ``id``, ``label``, ``lang``...)."""
_FRENCH_SPACE = re.compile(r"(?<=«)[ \u00a0]|[ \u00a0](?=[;:!?»])")
_CHANGES = {
    False: re.compile(r"['\"]|--|\.\.|\+-|[?!]{4}|,,"),
    True: re.compile(r"['\"]|--|\.\.|\+-|[?!]{4}|,,|«[ \u00a0]|[ \u00a0][;:!?»]"),
}
"""What any of the rules would change (quotes, dashes, ellipses...), in French with its spaces: a run
without any is left as it is, unparsed."""

T = TypeVar("T")


def typeset(article: Article) -> Article:
    """The article with typographic punctuation in its language."""
    language = primary_subtag(article.meta.language)
    if language in _LEFT_ALONE:
        return article
    return _walk(article, lambda run: _typeset_run(run, language))


def _walk(value: T, run: Callable[[tuple[Inline, ...]], tuple[Inline, ...]]) -> T:
    if isinstance(value, tuple):
        items = [_walk(item, run) for item in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else tuple(items)  # type: ignore[return-value]
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    changes: dict[str, Any] = {}
    for name in _fields(type(value)):
        current = getattr(value, name)
        if name in _RUNS and isinstance(current, tuple):
            new: Any = run(current)
        elif name in _WORDS and isinstance(current, str):
            new = _words(current, run)
        elif name in _WORDS and isinstance(current, tuple):
            new = tuple(_words(item, run) for item in current)
        elif isinstance(current, tuple) or dataclasses.is_dataclass(current):
            new = _walk(current, run)
        else:
            continue
        if new is not current and new != current:
            changes[name] = new
    return dataclasses.replace(value, **changes) if changes else value


@cache
def _fields(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


def _plain(run: tuple[Inline, ...]) -> Iterator[str]:
    for node in run:
        if isinstance(node, Text):
            yield node.text
        elif isinstance(node, Emphasis | Strong | Link | LangSpan):
            yield from _plain(node.children)


def _words(text: str, run: Callable[[tuple[Inline, ...]], tuple[Inline, ...]]) -> str:
    return "".join(node.text for node in run((Text(text),)) if isinstance(node, Text))


def _typeset_run(run: tuple[Inline, ...], language: str) -> tuple[Inline, ...]:
    if not _CHANGES[language == "fr"].search("".join(_plain(run))):
        return run  # nothing the rules would change (most table cells, most headings)
    from markdown_it.rules_core.replacements import replace_rare
    from markdown_it.rules_core.smartquotes import smartquotes
    from markdown_it.rules_core.state_core import StateCore
    from markdown_it.token import Token

    groups: list[list[Token]] = []  # the tokens of each Text node, in order
    tokens = list(_tokens(run, Token, groups))
    texts = [t for t in tokens if t.type == "text"]
    if not texts or not _CHANGES[language == "fr"].search("".join(t.content for t in texts)):
        return run  # nothing the rules would change (most table cells, most headings)
    line = Token("inline", "", 0)
    line.content = "".join(t.content for t in tokens)
    line.children = tokens
    replace_rare(tokens)
    smartquotes(StateCore("", _parser(language), {}, [line]))
    if language == "fr":
        for token in texts:
            token.content = _FRENCH_SPACE.sub("\u202f", token.content)
    return _rebuild(run, iter("".join(t.content for t in group) for group in groups))


_LITERAL = re.compile(r"(\S*(?:[/\\<>@]|://)\S*|www\.\S+)")
"""What is left as typed inside text: a word with a slash, a backslash, angle brackets or an at
sign (an address, a path, markup written out, an e-mail address)."""


def _tokens(run: tuple[Inline, ...], token: type[Token], groups: list[list[Token]]) -> Iterator[Token]:
    """The run as markdown-it inline tokens: text, code and literal words (context only, never
    changed) and line breaks; ``groups`` gets the tokens of each ``Text``, in order."""
    for node in run:
        match node:
            case Text():
                group = []
                for n, piece in enumerate(_LITERAL.split(node.text)):
                    if piece:
                        made = token("code_inline" if n % 2 else "text", "", 0)
                        made.content = piece
                        group.append(made)
                groups.append(group)
                yield from group
            case Code():
                made = token("code_inline", "code", 0)
                made.content = node.text
                yield made
            case LineBreak():
                yield token("hardbreak", "br", 0)
            case Emphasis() | Strong() | Link() | LangSpan():
                yield from _tokens(node.children, token, groups)
            case FootnoteRef():
                pass


def _rebuild(run: tuple[Inline, ...], texts: Iterator[str]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for node in run:
        match node:
            case Text():
                out.append(Text(next(texts)))
            case Emphasis() | Strong() | Link() | LangSpan():
                out.append(dataclasses.replace(node, children=_rebuild(node.children, texts)))
            case _:
                out.append(node)
    return tuple(out)


@cache
def _parser(language: str) -> MarkdownIt:
    from markdown_it import MarkdownIt

    quotes = list(_QUOTES.get(language, _QUOTES["en"]))
    return MarkdownIt("commonmark", {"typographer": True, "quotes": quotes})
