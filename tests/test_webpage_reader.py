"""The web-page reader: finding the article, its metadata, and dropping everything else."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from triptych import read_article
from triptych.model import BlockQuote, Figure, Link, ListBlock, Paragraph, Table, block_text, inline_text

from .conftest import ARTICLES


def test_harbor_bridge_metadata() -> None:
    meta = read_article(ARTICLES / "harbor-bridge.html").meta
    assert meta.title == "Harbor Bridge to Close Nightly for Six Weeks of Cable Repairs"
    assert meta.subtitle is not None and meta.subtitle.startswith("Crews will replace corroded")
    assert meta.authors == ("Priya Raman",)
    assert meta.published == datetime(2026, 11, 3, 17, 5, tzinfo=UTC)
    assert meta.language == "en"
    assert meta.publisher == "The Coastal Courier"
    assert meta.section == "Transportation"
    assert meta.description is not None and "14-mile detour" in meta.description
    lead = meta.lead_image
    assert lead is not None
    assert lead.src is None  # remote: never fetched
    assert lead.alt == "The Harbor Bridge at dusk, with scaffolding hanging beneath its eastern tower."
    assert inline_text(lead.caption) == "Scaffolding already hangs beneath the eastern tower."
    assert lead.credit == "Photo: Luis Ortega / The Coastal Courier"


def test_harbor_bridge_keeps_the_story_and_drops_the_page() -> None:
    article = read_article(ARTICLES / "harbor-bridge.html")
    text = "\n".join(block_text(b) for b in article.blocks)
    for gone in (
        "Related",
        "Ferry adds late sailings",
        "Subscribe",
        "Comments",
        "First!",
        "All rights reserved",
        "Sports",
        "Search",
        "By Priya Raman",
        "Nov. 3, 2026",
    ):
        assert gone not in text
    assert text.startswith("The Harbor Bridge will close")  # kicker, headline and deck are metadata
    kinds = [type(b).__name__ for b in article.blocks]
    assert kinds == [
        "Paragraph",
        "Paragraph",
        "Heading",
        "Paragraph",
        "BlockQuote",
        "Heading",
        "Paragraph",
        "ListBlock",
        "Table",
        "Paragraph",
    ]
    quote = article.blocks[4]
    assert isinstance(quote, BlockQuote) and "sixty-four years" in block_text(quote)
    steps = article.blocks[7]
    assert isinstance(steps, ListBlock) and steps.ordered and len(steps.items) == 3
    table = article.blocks[8]
    assert isinstance(table, Table)
    assert inline_text(table.caption) == "Nightly closure schedule"
    assert [c.scope for c in table.head[0]] == ["col", "col", "col"]
    last = article.blocks[-1]
    assert isinstance(last, Paragraph)
    assert last.children[-2] == Link(
        href="https://dot.example.gov/harbor-bridge",
        children=(last.children[-2].children[0],),  # type: ignore[union-attr]
    )
    assert not any(isinstance(b, Figure) for b in article.blocks)  # the tracking pixel is gone


def test_json_ld_and_opengraph_metadata(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    page.write_text(
        """<!DOCTYPE html><html lang="pt-BR"><head><title>Site title | Jornal</title>
<meta property="og:site_name" content="Jornal do Teste">
<meta property="article:tag" content="clima"><meta property="article:tag" content="chuva">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "WebSite", "name": "ignored"},
 {"@type": "NewsArticle", "headline": "Chuva forte fecha escolas", "datePublished": "2026-02-01",
  "author": [{"@type": "Person", "name": "Ana Souza"}, {"@type": "Person", "name": "João Lima"}],
  "publisher": {"@type": "Organization", "name": "Jornal do Teste"}, "articleSection": "Cidade"}]}</script>
</head><body><div itemprop="articleBody"><p>As aulas foram <span lang="en">cancelled</span>.</p>
<dl><dt>Onde</dt><dd>Centro</dd></dl><aside>Leia também</aside>
<p hidden>escondido</p><p style="display: none">também escondido</p>
<p onclick="x()">Fim <a href="javascript:void(0)">aqui</a>.</p></div></body></html>""",
        encoding="utf-8",
    )
    article = read_article(page)
    meta = article.meta
    assert meta.title == "Chuva forte fecha escolas"
    assert meta.authors == ("Ana Souza", "João Lima")
    assert meta.language == "pt-BR"
    assert meta.publisher == "Jornal do Teste"
    assert meta.section == "Cidade"
    assert meta.keywords == ("clima", "chuva")
    assert str(meta.published) == "2026-02-01"
    text = "\n".join(block_text(b) for b in article.blocks)
    assert "escondido" not in text and "Leia também" not in text
    assert text.endswith("Fim aqui.")
    first = article.blocks[0]
    assert isinstance(first, Paragraph)
    assert "LangSpan(lang='en'" in repr(first.children)


def test_xxe_entities_are_never_expanded() -> None:
    article = read_article(ARTICLES / "bad" / "xxe.xhtml")
    text = "\n".join(block_text(b) for b in article.blocks)
    assert "root:" not in text
    assert "lollol" not in text
    assert text == "&xxe;\n&lol3;"
    assert any("left unexpanded" in w for w in article.warnings)


def test_local_files_are_never_read() -> None:
    article = read_article(ARTICLES / "bad" / "local-files.html")
    figures = [b for b in article.blocks if isinstance(b, Figure)]
    assert figures and all(f.src is None for f in figures)
    assert any("outside the article's folder" in w for w in article.warnings)
