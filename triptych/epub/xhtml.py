"""The EPUB's XHTML documents: cover, title page, the article, and the navigation document.

The article is the shared HTML rendition, moved into the XHTML namespace, with ``epub:type``
added beside each DPUB-ARIA role and ``xml:lang`` beside each ``lang``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from lxml import etree
from lxml.etree import _Element

from triptych.errors import ExportError
from triptych.language import direction, label
from triptych.model import Article, Heading, inline_text
from triptych.renditions.html import NOTES_ID, TITLE_ID, HtmlRenderer, heading_levels
from triptych.renditions.print_layout import PageBreak

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = f"{{{OPS}}}type"
STYLESHEET = "style.css"
COVER, TITLE_PAGE, NAV, ARTICLE = "cover.xhtml", "titlepage.xhtml", "nav.xhtml", "article.xhtml"

EPUB_TYPES = {
    "doc-subtitle": "subtitle",
    "doc-credit": "credit",
    "doc-endnotes": "endnotes",
    "doc-noteref": "noteref",
    "doc-backlink": "backlink",
}


def nav_label(language: str, key: str) -> str:
    """A label of the navigation document in the book's language (English otherwise): ``key`` is
    ``contents``, ``landmarks``, ``pages``, ``cover``, ``title_page`` or ``start``."""
    return label(language, f"nav_{key}")


_NO_PHRASING_CHILD = frozenset(("ol", "ul", "dl", "table", "thead", "tbody", "tr"))


@dataclass
class TocEntry:
    """One entry of the table of contents, with the entries below it."""

    title: str
    href: str
    children: list[TocEntry] = field(default_factory=list)


def toc(article: Article) -> list[TocEntry]:
    """The table of contents: the title page, the article and its sections (nested), the notes."""
    top = TocEntry(article.meta.title, f"{ARTICLE}#{TITLE_ID}")
    levels = heading_levels(article.blocks)
    stack: list[tuple[int, TocEntry]] = [(1, top)]
    for block in article.blocks:
        if isinstance(block, Heading):
            level = levels[block.id]
            while stack[-1][0] >= level:
                stack.pop()
            entry = TocEntry(inline_text(block.children), f"{ARTICLE}#{block.id}")
            stack[-1][1].children.append(entry)
            stack.append((level, entry))
    if article.footnotes:
        top.children.append(TocEntry(label(article.meta.language, "notes"), f"{ARTICLE}#{NOTES_ID}"))
    return [TocEntry(nav_label(article.meta.language, "title_page"), TITLE_PAGE), top]


class XhtmlBuilder:
    """Builds the book's documents from one article; ``image_url`` maps figure sources to book paths."""

    def __init__(
        self,
        article: Article,
        image_url: Callable[[str], str],
        *,
        keep_missing_alt: bool = False,
        sentences: Mapping[str, Sequence[tuple[str, str]]] | None = None,
    ) -> None:
        self.article = article
        self.lang = article.meta.language
        self.renderer = HtmlRenderer(
            article,
            image_url=image_url,
            full_header=False,
            keep_missing_alt=keep_missing_alt,
            sentences=sentences or {},
        )
        self.article_ids: tuple[str, ...] = ()
        self.title_ids: tuple[str, ...] = ()
        """The element ids of the article document, once it is made."""

    @property
    def warnings(self) -> list[str]:
        """Warnings from the rendition (images without alternative text)."""
        return self.renderer.warnings

    def page(self, title: str, body: _Element, body_type: str | None = None) -> bytes:
        """A complete XHTML document around ``body``'s children."""
        root = etree.Element(f"{{{XHTML}}}html", nsmap={None: XHTML, "epub": OPS})  # type: ignore[dict-item]
        root.set("lang", self.lang)
        root.set(XML_LANG, self.lang)
        root.set("dir", direction(self.lang))
        head = etree.SubElement(root, f"{{{XHTML}}}head")
        etree.SubElement(head, f"{{{XHTML}}}meta", {"charset": "utf-8"})
        etree.SubElement(head, f"{{{XHTML}}}title").text = title
        etree.SubElement(head, f"{{{XHTML}}}link", {"rel": "stylesheet", "type": "text/css", "href": STYLESHEET})
        xhtml_body = etree.SubElement(root, f"{{{XHTML}}}body")
        if body_type:
            xhtml_body.set(EPUB_TYPE, body_type)
        for child in list(body):
            xhtml_body.append(child)
        _to_xhtml(xhtml_body)
        return etree.tostring(root, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>")

    def cover(self) -> bytes:
        """An XHTML cover: the title, the section and the publisher, as text (no image to describe)."""
        meta = self.article.meta
        section = etree.Element("section", {"class": "cover", "aria-labelledby": "cover-title"})
        section.set(EPUB_TYPE, "cover")
        if meta.section:
            etree.SubElement(section, "p", {"class": "section"}).text = meta.section
        etree.SubElement(section, "h1", {"id": "cover-title"}).text = meta.title
        if meta.publisher:
            etree.SubElement(section, "p", {"class": "publisher"}).text = meta.publisher
        return self.page(nav_label(self.lang, "cover"), _wrap(section))

    def title_page(self) -> bytes:
        """Title, deck, byline, date, publisher, and the lead image's credit when there is no image."""
        section = etree.Element("section", {"class": "titlepage", "aria-labelledby": TITLE_ID})
        section.set(EPUB_TYPE, "titlepage")
        etree.SubElement(section, "h1", {"id": TITLE_ID}).text = self.article.meta.title
        for detail in self.renderer.title_details():  # with the ids the narration points at (deck, byline, date)
            section.append(detail)
        self.title_ids = tuple(str(el.get("id")) for el in section.iter(etree.Element) if el.get("id"))
        return self.page(nav_label(self.lang, "title_page"), _wrap(section))

    def article_page(self, page_breaks: Sequence[PageBreak] = ()) -> bytes:
        """The article itself: header, lead image, sections and notes, with print page-break markers."""
        article = self.renderer.article_element()
        for page_break in page_breaks:
            found = [el for el in article.iter(etree.Element) if el.get("id") == page_break.block_id]
            if not found:
                raise ExportError(
                    f"page {page_break.label} of the print layout starts at {page_break.block_id!r},"
                    " which the EPUB's article does not have",
                    hint="report this as a bug in Triptych; export without --print-pages meanwhile",
                )
            target = found[0]
            if target.tag == "tr" and len(target):  # a page that starts inside a table: its row's first cell
                target = target[0]
            marker = etree.Element(
                "span", {"id": page_break.marker_id, "role": "doc-pagebreak", "aria-label": page_break.label}
            )
            marker.set(EPUB_TYPE, "pagebreak")
            parent = target.getparent()
            inside = target.tag in ("li", "dt", "dd", "td", "th")
            if inside or (parent is not None and parent.tag in _NO_PHRASING_CHILD):
                marker.tail, target.text = target.text, None
                target.insert(0, marker)
            else:
                target.addprevious(marker)
        self.article_ids = tuple(str(el.get("id")) for el in article.iter(etree.Element) if el.get("id"))
        return self.page(self.article.meta.title, _wrap(article), "bodymatter")

    def nav(self, page_breaks: Sequence[PageBreak] = ()) -> bytes:
        """The navigation document: contents, landmarks, and the print page list when known."""
        body = etree.Element("div")
        contents = etree.SubElement(body, "nav", {"id": "toc", "role": "doc-toc", "aria-labelledby": "toc-title"})
        contents.set(EPUB_TYPE, "toc")
        etree.SubElement(contents, "h1", {"id": "toc-title"}).text = nav_label(self.lang, "contents")
        contents.append(_toc_list(toc(self.article)))
        landmarks = etree.SubElement(body, "nav", {"hidden": "hidden", "aria-labelledby": "landmarks-title"})
        landmarks.set(EPUB_TYPE, "landmarks")
        etree.SubElement(landmarks, "h2", {"id": "landmarks-title"}).text = nav_label(self.lang, "landmarks")
        marks = etree.SubElement(landmarks, "ol")
        for kind, href, key in (
            ("cover", COVER, "cover"),
            ("titlepage", TITLE_PAGE, "title_page"),
            ("toc", f"{NAV}#toc", "contents"),
            ("bodymatter", ARTICLE, "start"),
        ):
            link = etree.SubElement(etree.SubElement(marks, "li"), "a", {"href": href})
            link.set(EPUB_TYPE, kind)
            link.text = nav_label(self.lang, key)
        if page_breaks:
            pages = etree.SubElement(body, "nav", {"hidden": "hidden", "aria-labelledby": "pages-title"})
            pages.set(EPUB_TYPE, "page-list")
            etree.SubElement(pages, "h2", {"id": "pages-title"}).text = nav_label(self.lang, "pages")
            items = etree.SubElement(pages, "ol")
            for page_break in page_breaks:
                href = f"{ARTICLE}#{page_break.marker_id}"
                link = etree.SubElement(etree.SubElement(items, "li"), "a", {"href": href})
                link.text = page_break.label
        return self.page(nav_label(self.lang, "contents"), body)


def _wrap(element: _Element) -> _Element:
    holder = etree.Element("div")
    holder.append(element)
    return holder


def _toc_list(entries: list[TocEntry]) -> _Element:
    items = etree.Element("ol")
    for entry in entries:
        item = etree.SubElement(items, "li")
        etree.SubElement(item, "a", {"href": entry.href}).text = entry.title
        if entry.children:
            item.append(_toc_list(entry.children))
    return items


def _to_xhtml(root: _Element) -> None:
    """Move every element into the XHTML namespace; add epub:type for roles and xml:lang for lang."""
    for element in root.iter(etree.Element):  # elements only (no comments)
        if not element.tag.startswith("{"):
            element.tag = f"{{{XHTML}}}{element.tag}"
        role = element.get("role")
        if role in EPUB_TYPES and element.get(EPUB_TYPE) is None:
            element.set(EPUB_TYPE, EPUB_TYPES[role])
        local = element.tag.rsplit("}", 1)[-1]
        if local in ("figure", "table") and element.get(EPUB_TYPE) is None:
            element.set(EPUB_TYPE, local)  # structures a narration can skip or escape
        if element.get("lang") and element.get(XML_LANG) is None:
            element.set(XML_LANG, element.get("lang") or "")
        if element.getparent() is not None and element.get("id") and element.tag == f"{{{XHTML}}}li":
            parent = element.getparent()
            grandparent = parent.getparent() if parent is not None else None
            if grandparent is not None and grandparent.get("role") == "doc-endnotes":
                element.set(EPUB_TYPE, "endnote")
