"""Language tags (BCP 47): the one rule for a well-formed tag, and its primary subtag."""

from __future__ import annotations

import re

_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
"""A primary language subtag of two or three letters (``en``, ``ast``), then any subtags."""


def is_language_tag(text: str) -> bool:
    """Whether ``text`` is a language tag Triptych accepts (``en``, ``es-MX``, ``zh-Hant-TW``)."""
    return bool(_TAG.match(text))


def primary_subtag(tag: str) -> str:
    """The language of a tag, lower case: ``"en"`` for ``"en-US"`` (and ``"en_US"``)."""
    return tag.replace("_", "-").split("-")[0].lower()
