"""Font coverage: fail clearly, naming the character, when no installed font can draw it."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from bisect import bisect_right
from functools import lru_cache

from triptych.errors import ExportError

_INVISIBLE = frozenset(("Cc", "Cf", "Zl", "Zp", "Mn", "Me"))


@lru_cache(maxsize=1)
def _coverage() -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Sorted, merged code-point ranges covered by the installed fonts (from fontconfig)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise ExportError("fontconfig's fc-list is missing", hint="install fontconfig (./setup.sh does)")
    listing = subprocess.run(
        [fc_list, "--format", "%{charset}\n"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    ranges: list[tuple[int, int]] = []
    for token in set(listing.split()):  # fonts share most of their ranges: 72,000 tokens, 4,000 distinct
        first, _, last = token.partition("-")
        ranges.append((int(first, 16), int(last or first, 16)))
    ranges.sort()
    starts: list[int] = []
    ends: list[int] = []
    for low, high in ranges:
        if ends and low <= ends[-1] + 1:
            ends[-1] = max(ends[-1], high)
        else:
            starts.append(low)
            ends.append(high)
    return tuple(starts), tuple(ends)


def _covered(codepoint: int) -> bool:
    starts, ends = _coverage()
    i = bisect_right(starts, codepoint) - 1
    return i >= 0 and codepoint <= ends[i]


def missing_characters(text: str) -> list[str]:
    """The visible characters of ``text`` that no installed font covers, in order of appearance."""
    missing = []
    for char in dict.fromkeys(text):
        if char.isspace() or unicodedata.category(char) in _INVISIBLE:
            continue
        if not _covered(ord(char)):
            missing.append(char)
    return missing


def check_coverage(text: str, where: str) -> None:
    """Raise ``ExportError`` naming the first character no font can draw (it would be .notdef)."""
    missing = missing_characters(text)
    if missing:
        char = missing[0]
        name = unicodedata.name(char, "unnamed character")
        more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
        raise ExportError(
            f"{where}: no installed font can draw U+{ord(char):04X} {name} ({char!r}){more}",
            hint="install a font that covers it (for example the Noto font for its script)",
        )
