"""Property tests at the edges (issue 21): front matter, JSON-LD and inline nesting made of dates,
huge numbers, deep trees, escapes, bad language tags and odd URLs. Whatever is generated, an
article is read (and its editions carry no invalid ``lang``, no surrogate and no control
character) or refused with one ``TriptychError`` naming the file; never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triptych.dates import in_range
from triptych.errors import TriptychError
from triptych.langtag import is_language_tag
from triptych.model import Article, Link
from triptych.readers import read_source
from triptych.serialize import article_data
from triptych.urls import safe_url

from .helpers import parse_page

_BAD_CHARS = {chr(c) for c in range(32) if chr(c) not in "\t\n\r"} | {chr(c) for c in range(0xD800, 0xE000)}
_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))

ESCAPES = st.sampled_from(["\\0", "\\x07", "\\x1b", "\\ud83d", "\\udc00", "\\u00e9", "\\t", "\\x0b", "\\uffff"])
WORDS = st.text(alphabet="abcdefghij XYZ", min_size=1, max_size=12)
YAML_TEXT = st.lists(st.one_of(WORDS, ESCAPES), min_size=1, max_size=6).map(lambda parts: '"' + "".join(parts) + '"')
NUMBERS = st.one_of(st.integers(min_value=0, max_value=10**6).map(str), st.integers(1, 6000).map(lambda n: "9" * n),
                    st.sampled_from(["1e400", "-1e400", ".nan", ".inf", "0x" + "f" * 60]))  # fmt: skip
DATES = st.builds(
    lambda y, m, d, time, zone: f"{y:04d}-{m:02d}-{d:02d}{time}{zone}",
    st.integers(0, 9999),
    st.integers(0, 13),
    st.integers(0, 32),
    st.sampled_from(["", "T00:00:00", "T23:59:59", " 12:00"]),
    st.sampled_from(["", "Z", "+14:00", "-12:00", "+23:59", "-23:59"]),
)
TAGS = st.one_of(
    st.sampled_from(["en", "es-MX", "zh-Hant-TW", "x-private", "en\n", "../../etc/passwd <x>", "en_US", "e", "",
                     'fr" onload="x', "de-CH-1901", "toolongforatag"]),
    st.text(alphabet="abcxyz-_ 1<>/", max_size=12),
)  # fmt: skip
URLS = st.sampled_from(
    ["https:javascript:alert(13)", "https://../", "https://example.org/a b", "http://a.b:99999/", "mailto:",
     "mailto:ann@example.org", "javascript:alert(1)", "//example.org/", "https://[::1]/", "https://ex..org/",
     "https://example.org/", "ftp://example.org/", "https://exa\u00a0mple.org/", "http://%41.org/"]
)  # fmt: skip


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def _check_article(article: Article) -> None:
    text = json.dumps(article_data(article), ensure_ascii=False)
    assert not _BAD_CHARS & set(json.loads(json.dumps(text)))
    assert is_language_tag(article.meta.language)
    assert article.meta.published is None or in_range(article.meta.published)
    assert article.meta.url is None or safe_url(article.meta.url, mailto=False) == article.meta.url
    stack: list[Any] = list(article.blocks)
    while stack:
        node = stack.pop()
        if isinstance(node, Link):
            assert safe_url(node.href) == node.href
        for name in ("children", "blocks", "items", "caption", "attribution", "term", "definitions", "head", "body"):
            value = getattr(node, name, ())
            stack.extend(v for v in value if not isinstance(v, str)) if isinstance(value, tuple) else None
        if isinstance(node, tuple):
            stack.extend(node)


def _read(path: Path) -> Article | None:
    try:
        return read_source(path, media=False).article
    except TriptychError as exc:
        message = str(exc)
        assert "\n" not in message
        assert str(path) in message
        return None


@_SETTINGS
@given(
    title=st.one_of(YAML_TEXT, NUMBERS),
    date=DATES,
    language=TAGS,
    url=URLS,
    depth=st.integers(0, 3000),
    inline=st.integers(0, 60),
    marker=st.sampled_from(["*", "_", "**"]),
)
def test_front_matter_and_markdown_at_the_edges(
    tmp_path_factory: Any, title: str, date: str, language: str, url: str, depth: int, inline: int, marker: str
) -> None:
    folder = tmp_path_factory.mktemp("fm")
    path = folder / "a.md"
    nested = marker.join(["w "] * inline)
    body = f"{marker * 0}{'*a ' * inline}x{' a*' * inline} and [a link]({url}) and <{url}>\n\n{nested}\n"
    path.write_text(
        f"---\ntitle: {title}\ndate: {date}\nlanguage: {json.dumps(language)}\nurl: {json.dumps(url)}\n"
        f"extra: {_nested(depth)}\n---\n\n{body}",
        encoding="utf-8",
    )
    article = _read(path)
    if article is not None:
        _check_article(article)


@_SETTINGS
@given(
    headline=st.lists(st.one_of(WORDS, ESCAPES), min_size=1, max_size=5),
    date=DATES,
    language=TAGS,
    locale=TAGS,
    url=URLS,
    depth=st.integers(0, 20000),
    spans=st.integers(0, 80),
)
def test_json_ld_and_page_metadata_at_the_edges(
    tmp_path_factory: Any,
    headline: list[str],
    date: str,
    language: str,
    locale: str,
    url: str,
    depth: int,
    spans: int,
) -> None:
    folder = tmp_path_factory.mktemp("page")
    path = folder / "a.html"
    escaped = "".join(headline).replace('"', "")
    data = (
        '{"@type": "NewsArticle", "headline": "' + escaped + '", "datePublished": ' + json.dumps(date)
        + ', "inLanguage": ' + json.dumps(language) + ', "url": ' + json.dumps(url)
        + ', "extra": ' + _nested(depth) + "}"
    )  # fmt: skip
    inner = "".join(f'<span lang="{"fr" if i % 2 else "de"}"><em>w ' for i in range(spans)) + "x"
    inner += "</em></span>" * spans
    path.write_text(
        f'<!DOCTYPE html><html><head><title>Page</title><meta property="og:locale" content="{locale}">'
        f'<meta property="article:published_time" content="{date}">'
        f'<script type="application/ld+json">{data}</script></head><body><article><h1>Page</h1>'
        f"<p>The article's first paragraph says enough words to be the article. {inner}</p>"
        f'<p><time datetime="{date}">then</time> and <a href="{url}">a link</a>.</p></article></body></html>',
        encoding="utf-8",
    )
    article = _read(path)
    if article is not None:
        _check_article(article)


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(title=YAML_TEXT, language=TAGS, url=URLS, date=DATES)
def test_the_web_edition_carries_no_bad_lang_surrogate_or_control(
    tmp_path_factory: Any, title: str, language: str, url: str, date: str
) -> None:
    from triptych import export

    folder = tmp_path_factory.mktemp("web")
    path = folder / "a.md"
    path.write_text(
        f"---\ntitle: {title}\nauthor: {title}\ndate: {date}\nlanguage: {json.dumps(language)}\n---\n\n"
        f"Text with [a link]({url}) and <{url}>.\n",
        encoding="utf-8",
    )
    try:
        result = export(path, "html", folder / "out", concurrent=False)
    except TriptychError as exc:
        refused = str(exc)
    else:
        refused = ""
    if refused:
        assert str(path) in refused
        return
    assert result.ok
    page = next((folder / "out").glob("*.html"))
    text = page.read_text(encoding="utf-8")
    assert not _BAD_CHARS & set(text)
    root = parse_page(page)
    assert all(is_language_tag(lang) for lang in root.xpath("//@lang"))
    assert all(href.startswith(("#", "https://", "http://", "mailto:")) for href in root.xpath("//a/@href"))
