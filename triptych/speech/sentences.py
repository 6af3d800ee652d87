"""Sentence splitting, language by language, with the ``sentencex`` segmenter.

``sentencex`` knows each language's abbreviations (``Dr.``, ``No. 5``, ``U.S.``, ``Ph.D.``,
``a.m.``, ``Nov. 17``), decimals, initials and quotations, and falls back through related
languages for the ones it has no rules for. Two repairs are made on its output: a piece that
ends with a title that never ends a sentence (French ``M.``, ``Dr.`` in languages it has no
rules for) and a piece followed by one that starts in lower case are joined to the next.
"""

from __future__ import annotations

import re

import sentencex  # type: ignore[import-untyped, unused-ignore]

from triptych.langtag import primary_subtag

_TITLES: dict[str, tuple[str, ...]] = {
    "en": ("Dr.", "Mr.", "Mrs.", "Ms.", "Prof.", "Gov.", "Sen.", "Rep.", "Gen.", "Lt.", "Sgt.", "Capt."),
    "es": ("Dr.", "Dra.", "Sr.", "Sra.", "Srta.", "Prof.", "Lic.", "Ing.", "Dña."),
    "fr": ("M.", "MM.", "Mme.", "Mlle.", "Dr.", "Pr."),
    "de": ("Dr.", "Prof.", "Hr.", "Fr."),
}
_ANY_TITLES = ("Dr.", "Prof.")
_LOWER_START = re.compile(r"^[\"'“‘«(\[]?[a-zà-öø-ÿ](?![A-Z])")


def split_sentences(text: str, language: str) -> list[str]:
    """The sentences of ``text`` (whitespace collapsed), in order; joined with spaces they give the text back."""
    text = " ".join(text.split())
    if not text:
        return []
    primary = primary_subtag(language)
    pieces = [str(p).strip() for p in sentencex.segment(primary, text)]
    titles = _TITLES.get(primary, _ANY_TITLES)
    sentences: list[str] = []
    for piece in filter(None, pieces):
        if sentences and (sentences[-1].endswith(titles) or _LOWER_START.match(piece)):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return sentences
