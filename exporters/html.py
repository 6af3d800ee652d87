"""The web edition: one self-contained, accessible HTML5 file.

Styles are inlined from ``styles/``, local images are embedded as ``data:`` URLs, and a
Content-Security-Policy allows nothing else, so the page works offline and loads nothing remote.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from styles import stylesheet
from triptych.exporter import ExportContext
from triptych.model import Article
from triptych.renditions.html import HtmlRenderer, serialize
from triptych.resources import load_image


class HtmlExporter:
    """Single-file web edition."""

    name = "html"
    suffix = "html"
    description = "Accessible single-file web page (HTML5, styles and images inlined)"

    def export(self, article: Article, target: Path, context: ExportContext) -> None:
        """Write the web edition to ``target``."""
        target.write_bytes(render_web_page(article, context))


def render_web_page(article: Article, context: ExportContext) -> bytes:
    """The web edition's bytes."""
    base_dir = article.base_dir

    def data_url(src: str) -> str:
        if base_dir is None:
            raise ValueError("an image needs the article's folder")
        data, media_type = load_image(base_dir, src)
        return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"

    css = stylesheet("base.css", "web.css")
    style_hash = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    csp = f"default-src 'none'; img-src data:; style-src 'sha256-{style_hash}'; base-uri 'none'; form-action 'none'"
    renderer = HtmlRenderer(article, image_url=data_url)
    page = serialize(renderer.document(css, csp=csp))
    for warning in renderer.warnings:
        context.warn(warning)
    return page
