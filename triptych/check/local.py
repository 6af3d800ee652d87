"""Where a published address is on disk: a feed or catalogue names its files by URL; those under
its own address (its ``self`` link's folder) are files beside it, and must be there."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin


def local_path(href: str, self_href: str | None, folder: Path) -> Path | None:
    """The file ``href`` names, when it is under the folder of ``self_href`` (the document's own
    address) or relative; ``None`` for an address elsewhere."""
    if self_href:
        base = urljoin(self_href, ".")
        absolute = urljoin(self_href, href)
        if not absolute.startswith(base):
            return None
        relative = absolute[len(base) :]
    elif "://" in href:
        return None
    else:
        relative = href
    relative = relative.split("#", 1)[0].split("?", 1)[0]
    parts = [unquote(p) for p in relative.split("/") if p]
    if not parts or any(p in (".", "..") for p in parts):
        return None
    return folder.joinpath(*parts)


def local_file(href: str, self_href: str | None, folder: Path, length: int | None = None) -> str | None:
    """What is wrong with the file ``href`` names beside the document (missing, or not ``length``
    bytes long), or ``None``; an address outside the document's folder is not checked."""
    path = local_path(href, self_href, folder)
    if path is None:
        return None
    if not path.is_file():
        return f"{href} is not there (no {path.relative_to(folder)} beside the document)"
    if length is not None and path.stat().st_size != length:
        return f"{href} is {path.stat().st_size} bytes, not the {length} stated"
    return None
