"""Language tags (BCP 47): the one rule for a well-formed tag, and its primary subtag.

Every language tag Triptych takes from anywhere (front matter, ``--lang``, a page's ``lang``,
JSON-LD ``inLanguage``, ``og:locale``, a span's ``lang``, a detector's answer) goes through
:func:`is_language_tag`: the well-formed ``langtag`` of RFC 5646 (language, extended languages,
script, region, variants, extensions, private use), or a private-use tag (``x-...``). An
underscore (``en_US``, as ``og:locale`` writes it) is not part of a tag: :func:`normalized`
makes it a hyphen before the check.
"""

from __future__ import annotations

import re

_LANGTAG = re.compile(
    r"""
    (?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})   # language, with extended languages
    (?:-[a-z]{4})?                                          # script
    (?:-(?:[a-z]{2}|[0-9]{3}))?                             # region
    (?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*                # variants
    (?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*                    # extensions
    (?:-x(?:-[a-z0-9]{1,8})+)?                              # private use
    |x(?:-[a-z0-9]{1,8})+                                   # a private-use tag alone
    """,
    re.VERBOSE | re.ASCII,
)
_MAX_LENGTH = 64


def is_language_tag(text: str) -> bool:
    """Whether ``text`` is a well-formed BCP 47 tag (``en``, ``es-MX``, ``zh-Hant-TW``), whole:
    no spaces, no trailing line break, no other characters."""
    return len(text) <= _MAX_LENGTH and _LANGTAG.fullmatch(text.lower()) is not None


def normalized(text: str) -> str:
    """A tag as pages write it (``en_US``, `` fr ``) in BCP 47 spelling: ``en-US``, ``fr``."""
    return text.strip().replace("_", "-")


def primary_subtag(tag: str) -> str:
    """The language of a tag, lower case: ``"en"`` for ``"en-US"`` (and ``"en_US"``)."""
    return tag.replace("_", "-").split("-")[0].lower()
