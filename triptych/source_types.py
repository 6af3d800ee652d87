"""The kinds of source Triptych reads, by file suffix, and its readers' names: constants only, so
that the command line can name them in its help without loading the readers."""

from __future__ import annotations

SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
"""The reader of each source suffix (a source of another suffix is read as text or by its content)."""
READER_NAMES = ("text", "markdown", "html")
"""The readers, by the name ``--from`` takes."""
