"""Sentence splitting, language by language, with the ``sentencex`` segmenter.

``sentencex`` knows each language's abbreviations (``Dr.``, ``No. 5``, ``U.S.``, ``Ph.D.``,
``a.m.``, ``Nov. 17``), decimals, initials and quotations, and falls back through related
languages for the ones it has no rules for. Its output is repaired: a piece is joined to the next
when it ends with a title that never ends a sentence (French ``M.``, ``Dr.`` in languages it has
no rules for), when the next starts in lower case, when the next starts with the rest of an
ordinal (Spanish ``El 2.º puesto``, ``1.ᵉʳ``: ``º``, ``ª`` and superscript letters), and, in
German, when it ends with an article and a number (``Der 1.`` | ``FC Köln``: an ordinal, where
``Er wurde 3.`` may end a sentence). Pieces are joined as the text had them, with or without a space.
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
_ORDINAL_REST = re.compile(r"^[ºª\u02b0-\u02e4\u1d2c-\u1d6a\u1d9c-\u1dbf]")
_ARTICLE_AND_NUMBER: dict[str, re.Pattern[str]] = {
    "de": re.compile(
        r"(?<!\w)(?:der|die|das|dem|den|des|ein|eine|einer|einem|einen|eines|am|im|vom|zum|zur|beim|ins|ans)"
        r"\s+\d{1,4}\.$",
        re.IGNORECASE,
    ),
}


def split_sentences(text: str, language: str) -> list[str]:
    """The sentences of ``text`` (whitespace collapsed), in order; joined with spaces they give the text back."""
    text = " ".join(text.split())
    if not text:
        return []
    primary = primary_subtag(language)
    pieces = [str(p).strip() for p in sentencex.segment(primary, text)]
    titles = _TITLES.get(primary, _ANY_TITLES)
    article_and_number = _ARTICLE_AND_NUMBER.get(primary)
    sentences: list[str] = []
    end = 0  # where the last piece ends in text
    for piece in filter(None, pieces):
        start = text.find(piece, end)
        gap = " "  # what stood between this piece and the last one: a space, or nothing
        if start >= 0:
            gap = "" if start == end else " "
            end = start + len(piece)
        if sentences and (
            sentences[-1].endswith(titles)
            or _LOWER_START.match(piece)
            or _ORDINAL_REST.match(piece)
            or (article_and_number is not None and article_and_number.search(sentences[-1]))
        ):
            sentences[-1] = f"{sentences[-1]}{gap}{piece}"
        else:
            sentences.append(piece)
    return sentences
