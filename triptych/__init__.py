"""Triptych: one news article in, every accessible edition out.

The Python API lives in :mod:`pipeline` and is re-exported here::

    from triptych import read_article, export
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "export", "read_article"]


def __getattr__(name: str) -> Any:
    if name in ("export", "read_article", "ExportResult", "Output"):
        import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'triptych' has no attribute {name!r}")
