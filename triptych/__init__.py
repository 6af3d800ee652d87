"""Triptych: one news article in, every accessible edition out.

The Python API::

    from triptych import export, read_article

    article = read_article("article.md")
    result = export("article.md", formats="html,epub", outdir="out")

The names below are imported when first used, so that a process that needs only a part of
Triptych (the speech engine's worker) does not load the rest.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from triptych.version import __version__

if TYPE_CHECKING:
    from triptych.readers import Reading, read_article, read_source
    from triptych.run import export, export_article
    from triptych.run.result import ExportResult, Output

_HOMES = {
    "Reading": "triptych.readers",
    "read_article": "triptych.readers",
    "read_source": "triptych.readers",
    "export": "triptych.run",
    "export_article": "triptych.run",
    "ExportResult": "triptych.run.result",
    "Output": "triptych.run.result",
}

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


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        value = getattr(importlib.import_module(_HOMES[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'triptych' has no attribute {name!r}")
