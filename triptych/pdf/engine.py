"""The PDF engine, imported once per process and quickly.

WeasyPrint tries several names for each native library it loads (Pango, HarfBuzz, fontconfig...).
cffi hands every name the dynamic loader does not know to ``ctypes.util.find_library``, which on
Linux runs ``ldconfig`` and the C compiler to search: about 50 programs and 0.13 s of a 0.33 s
import. WeasyPrint's names include each library's soname (``libpango-1.0.so.0``), which the loader
finds by itself, so while WeasyPrint is imported here ``find_library`` answers at once that it
found nothing. If WeasyPrint can't be imported that way, it is imported again the usual way.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType


def weasyprint() -> ModuleType:
    """The ``weasyprint`` module, imported on first use without compiler searches for its libraries."""
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        return importlib.import_module("weasyprint")
    import ctypes.util

    search = ctypes.util.find_library
    ctypes.util.find_library = _not_searched
    try:
        return importlib.import_module("weasyprint")
    except OSError:  # a library the loader only finds through a search: import it the usual way
        ctypes.util.find_library = search
        return importlib.import_module("weasyprint")
    finally:
        ctypes.util.find_library = search


def _not_searched(name: str) -> str | None:
    return None
