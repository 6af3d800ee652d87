"""What an exporter is: the plugin protocol, and what an exporter may report back.

An exporter is any object with a ``name``, a file ``suffix`` (no dot), a one-line
``description`` and an ``export(article, target, context)`` method that writes one file at
``target`` (companion files go beside it, with the same stem). The run hands it a ``target`` in
a private staging folder and moves every file into place only when every exporter is done (and,
with ``--check``, the editions are checked), so an exporter never leaves a half-written file
under a final name.

An exporter may also declare, as class attributes (:class:`BaseExporter` has the defaults):

- ``options``: its option schema (:mod:`triptych.options`), so that the run can check ``-O`` keys
  and values before any work and ``triptych options`` can list them;
- ``requires``: the renditions it always uses (the PDF: the print layout), which the run then
  offers to the others;
- ``can_use``: the renditions it embeds when the run offers them (the EPUB: the print page
  breaks; the web page: the narration);
- ``isolated``: run it in a process of its own, forked from a server that has loaded its engine
  (an optional ``prepare()`` loads it), when it would hold Python's lock for long
  (:mod:`triptych.run.isolation`); ``ahead``: the renditions of its ``requires`` that need no
  engine, which the run then makes in its own process meanwhile and hands over;

and a ``certify(path, checkers)`` method, which the run calls on a staged edition that passed its
checks (``--check``) to record the claim inside it before it is published.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Protocol, runtime_checkable

from triptych.context import ExportContext, Key
from triptych.model import Article
from triptych.options import Schema

__all__ = ["BaseExporter", "ExportContext", "Exported", "Exporter", "Key"]


@runtime_checkable
class Exporter(Protocol):
    """The exporter plugin protocol (entry-point group ``triptych.exporters``)."""

    name: str
    suffix: str
    description: str

    def export(self, article: Article, target: Path, context: ExportContext) -> Exported | None:
        """Write the edition of ``article`` to ``target``."""


class BaseExporter:
    """Defaults for the optional declarations of an exporter (subclassing it is optional)."""

    options: ClassVar[Schema] = ()
    requires: ClassVar[frozenset[Key[Any]]] = frozenset()
    can_use: ClassVar[frozenset[Key[Any]]] = frozenset()
    ahead: ClassVar[frozenset[Key[Any]]] = frozenset()


@dataclass(frozen=True, slots=True)
class Exported:
    """What an exporter may report about the edition it wrote."""

    path: Path | None = None
    """The main file, when it is not ``target`` (another suffix chosen by an option)."""
    details: Mapping[str, str | int | float] = field(default_factory=dict)
    """Facts for the manifest (duration, voice...)."""
    companions: Mapping[str, Path] = field(default_factory=dict)
    """Companion files by role, for the cross-format index (``{"captions": <the .vtt>}``)."""
    anchors: Mapping[str, str] = field(default_factory=dict)
    """Where each element id of the article is inside the edition (``{"p-3": "article.xhtml#p-3"}``),
    for the cross-format index."""


def declared_options(exporter: Exporter) -> Schema:
    """The exporter's option schema (none declared: no options)."""
    return tuple(getattr(exporter, "options", ()))


def declared_keys(exporter: Exporter, attribute: str) -> frozenset[Key[Any]]:
    """The renditions an exporter ``requires``, ``can_use`` or makes ``ahead`` (none declared: none)."""
    return frozenset(getattr(exporter, attribute, frozenset()))
