"""The hyphenation patterns the PDF engine uses for an article's language, loaded ahead.

WeasyPrint hyphenates with Pyphen, which parses a language's ``hyph_*.dic`` the first time a
process lays out text in it (and keeps them in its cache, ``pyphen.hdcache``): 0.08 s for
English, 0.9 s for German, the largest first-use cost of a layout. :func:`patterns` parses them
into that same cache, and the parsed patterns travel by pickle (a few milliseconds), so the run can
load them while the engine loads in its own process and hand them over (:func:`install` puts them
in that process's cache). The same patterns, so the same layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Hyphenation:
    """One language's parsed hyphenation patterns, and the dictionary file they were read from."""

    path: Path
    patterns: Any
    """Pyphen's ``HyphDict``."""


def dictionary(language: str) -> Path | None:
    """The dictionary Pyphen (as WeasyPrint calls it) uses for a language tag (``None``: none)."""
    import pyphen

    found = pyphen.language_fallback(language)
    return pyphen.LANGUAGES[found] if found else None  # the very key Pyphen caches it under


def patterns(language: str) -> Hyphenation | None:
    """The parsed patterns for a language tag, from Pyphen's cache of this process (parsed into
    it the first time; ``None``: a language Pyphen lacks)."""
    import pyphen

    path = dictionary(language)
    if path is None:
        return None
    if path not in pyphen.hdcache:
        pyphen.hdcache[path] = pyphen.HyphDict(path)
    return Hyphenation(path, pyphen.hdcache[path])


def install(hyphenation: Hyphenation | None) -> None:
    """Give this process's Pyphen the patterns (already parsed elsewhere), unless it has them."""
    import pyphen

    if hyphenation is not None:
        pyphen.hdcache.setdefault(hyphenation.path, hyphenation.patterns)
