"""Triptych's stylesheets, loaded with ``importlib.resources`` (see :func:`stylesheet`)."""

from __future__ import annotations

from importlib.resources import files


def stylesheet(*names: str) -> str:
    """The text of one or more stylesheets of this folder, joined in order."""
    return "\n".join((files(__name__) / name).read_text(encoding="utf-8") for name in names)
