"""Safe output file names."""

from __future__ import annotations

import re
from collections.abc import Collection

from triptych.errors import UsageError

MAX_SLUG_LENGTH = 80
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$")


def slug_for(title: str) -> str:
    """An ASCII file-name stem from a title: no path separators, bounded length, never empty."""
    from slugify import slugify

    return slugify(title, max_length=MAX_SLUG_LENGTH, word_boundary=True) or "article"


def numbered(slug: str, taken: Collection[str]) -> str:
    """``slug``, or when it is taken the first of ``slug-2``, ``slug-3``... that is not."""
    name, n = slug, 1
    while name in taken:
        n += 1
        name = f"{slug}-{n}"
    return name


def checked_name(name: str) -> str:
    """Validate a user-given output name (``--name``)."""
    if not _SAFE_NAME.match(name) or ".." in name:
        raise UsageError(
            f"--name {name!r} is not a safe file name",
            hint="use letters, digits, '.', '-' and '_' only, starting with a letter or digit",
        )
    return name
