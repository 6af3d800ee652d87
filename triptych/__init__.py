"""Triptych: one news article in, every accessible edition out.

The Python API::

    from triptych import export, read_article

    article = read_article("article.md")
    result = export("article.md", formats="html,epub", outdir="out")
"""

from triptych.readers import Reading, read_article, read_source
from triptych.run import export, export_article
from triptych.run.result import ExportResult, Output
from triptych.version import __version__

__all__ = [
    "ExportResult",
    "Output",
    "Reading",
    "__version__",
    "export",
    "export_article",
    "read_article",
    "read_source",
]
