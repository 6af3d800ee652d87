"""The article model as JSON-ready data (``triptych inspect``), every node tagged with its type."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path
from typing import Any

from triptych.model import Article, CodeBlock


def to_data(node: Any) -> Any:
    """Convert a model object (or a value inside one) to JSON-ready data. A code block's text is
    given as one ``Code`` node in its ``children``, as every other block gives its text as inline
    nodes (so a tool that reads the text of a model's inlines reads it too)."""
    if isinstance(node, CodeBlock):
        return {"type": "CodeBlock", "children": [{"type": "Code", "text": node.text}], "id": node.id}
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        data: dict[str, Any] = {"type": type(node).__name__}
        for f in dataclasses.fields(node):
            data[f.name] = to_data(getattr(node, f.name))
        return data
    if isinstance(node, tuple | list):
        return [to_data(item) for item in node]
    if isinstance(node, datetime | date):
        return node.isoformat()
    if isinstance(node, Path):
        return str(node)
    return node


def article_data(article: Article) -> dict[str, Any]:
    """The whole article as data, warnings included."""
    data: dict[str, Any] = to_data(article)
    return data
