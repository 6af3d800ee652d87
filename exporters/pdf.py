"""The print edition: a tagged PDF/UA-1 file written from the run's print layout.

Options: ``page-size`` (``a4`` or ``letter``; default: US Letter for articles whose language names
a region that uses it, else A4) and ``style`` (``standard`` or ``large-print``); see
:mod:`triptych.renditions.print_layout`.
"""

from __future__ import annotations

from pathlib import Path

from triptych.clock import build_time
from triptych.exporter import BaseExporter, ExportContext
from triptych.model import Article
from triptych.renditions.print_layout import HYPHENATION, PRINT_LAYOUT, PRINT_OPTIONS, PRINT_PAGES
from triptych.version import __version__


class PdfExporter(BaseExporter):
    """Tagged PDF/UA-1 print edition."""

    name = "pdf"
    suffix = "pdf"
    description = "Tagged PDF/UA-1 for print and screen readers (A4 or US Letter; large print)"
    options = PRINT_OPTIONS
    requires = frozenset({PRINT_LAYOUT})
    isolated = True
    """Laid out in a process of its own when other editions are made at the same time (the layout is Python)."""
    ahead = frozenset({PRINT_PAGES, HYPHENATION})
    """Made by the run while that process loads the engine: the print pages and the hyphenation patterns."""

    def prepare(self) -> None:
        """Load the PDF engine and pay its first-use costs (fontconfig, Pango, the PDF writer) on a
        page of no article: the engine server does this while the article is read."""
        from triptych.pdf.engine import weasyprint
        from triptych.pdf.fixup import fix_pdf  # noqa: F401  (loaded now, used by export)
        from triptych.pdf.tagging import recording_tags

        engine = weasyprint()
        page = "<!DOCTYPE html><html lang='en'><head><title>-</title></head><body><h1>-</h1><p>- 1</p></body></html>"
        with recording_tags():
            engine.HTML(string=page).render().write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)

    def export(self, article: Article, target: Path, context: ExportContext) -> None:
        """Write the print layout to ``target``, then fix its tags and metadata."""
        from triptych.pdf.engine import weasyprint
        from triptych.pdf.fixup import DocumentInfo, fix_pdf
        from triptych.pdf.messages import engine_messages
        from triptych.pdf.tagging import recording_tags

        layout = context.get(PRINT_LAYOUT)
        with engine_messages() as messages, recording_tags() as notes:
            layout.document.write_pdf(target, pdf_variant="pdf/ua-1", pdf_tags=True)
        for message in (*layout.messages, *messages):
            if "has no required alt description" not in message:  # decorative images: fixed below
                context.warn(f"PDF engine: {message}")
        for url in layout.refused:
            context.warn(f"PDF engine: refused to load {url[:80]}")
        published = article.meta.published
        info = DocumentInfo(
            producer=f"Triptych {__version__} (WeasyPrint {weasyprint().__version__})",
            language=article.meta.language,
            published=published.isoformat() if published is not None else None,
            authors=article.meta.authors,
            keywords=article.meta.keywords,
        )
        fix_pdf(target, notes, info, modified=build_time().isoformat(timespec="seconds"))
