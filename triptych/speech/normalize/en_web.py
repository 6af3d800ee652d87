"""E-mail addresses, web addresses and IP addresses read out in English, the way one dictates them:
``a-1.b3_c@gma4i-l.co.uk`` "a dash 1 dot b 3 underscore c at gma 4 i dash l dot co dot U K".

Digits are read one by one, ``. - _ & + /`` are named, a country domain (two letters at the end)
is spelled, and eSpeak reads the rest of each word itself (it spells what it cannot say). The
scheme of a web address (``https://``) and its query string are dropped before this, by
:func:`~triptych.speech.normalize.rules.neutral`.
"""

from __future__ import annotations

import re

from triptych.speech.normalize.rules import Rule, rule

_SYMBOLS = {".": "dot", "-": "dash", "_": "underscore", "&": "ampersand", "+": "plus", "/": "slash", "~": "tilde"}
_EXTENSIONS = {"jpg": "jpeg"}
_PIECE = re.compile(r"\d+|[^\W\d_]+|[^\w\s]|_")
_TLDS = "com|org|net|edu|gov|mil|int|info|biz|io|ai|app|dev|news|online|site|tech|store|blog|media|shop|xyz|museum"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_END = r"(?=[.,;:!?)\]»”\"'’]*(?:\s|$))"
_PATH = r"(?:/[^\s]*?)?"


def _say(text: str, *, last_label: bool = False) -> str:
    """One part of an address: digits one by one, symbols named, letters left to eSpeak."""
    words: list[str] = []
    for piece in _PIECE.findall(text):
        if piece.isdigit():
            words.append(" ".join(piece))
        elif piece in _SYMBOLS:
            words.append(_SYMBOLS[piece])
        elif piece.isalpha():
            words.append(_EXTENSIONS.get(piece.lower(), piece))
        # anything else (a stray symbol) is not read
    if last_label and len(words) == 1 and len(text) == 2 and text.isalpha():
        return " ".join(text.upper())  # a country domain: "de" is "D E"
    return " ".join(words)


def _host(host: str) -> str:
    labels = host.split(".")
    return " dot ".join(_say(label, last_label=n == len(labels) - 1) for n, label in enumerate(labels))


def _path(path: str) -> str:
    path = path.rstrip("/")
    return " ".join(_say(part) for part in re.split(r"(?=/)", path) if part) if path else ""


def _email(m: re.Match[str]) -> str:
    spoken = f"{_say(m[1])} at {_host(m[2])}"
    return f"{spoken} {_path(m[3])}".rstrip() if m[3] else spoken


def _web(m: re.Match[str]) -> str:
    spoken = _host(m[1])
    return f"{spoken} {_path(m[2])}".rstrip() if m[2] else spoken


def _file(m: re.Match[str]) -> str:
    return "file colon " + " ".join(["slash"] * len(m[1])) + " " + _path(m[2])


def _ip(m: re.Match[str]) -> str:
    return " dot ".join(" ".join(group) for group in m.groups())


RULES: list[Rule] = [
    rule(rf"\bfile:(/{{1,3}})([^\s]+?){_END}", _file),
    rule(r"\s\.(?=[A-Za-z0-9][\w.+&-]*@\w)", ". "),  # "write to .b@x.com": the period is punctuation
    rule(
        rf"(?<![\w.+&-])([A-Za-z0-9][\w.+&-]*?)@({_LABEL}(?:\.{_LABEL})*\.[A-Za-z]{{2,}})(/[^\s]*?)?{_END}",
        _email,
    ),
    # a host: www.anything, or labels ending with a common or a country domain (lower case)
    rule(
        rf"(?<![\w@.\-/])((?:www\.(?:{_LABEL}\.)*{_LABEL})|(?:{_LABEL}\.)+(?:{_TLDS}|[a-z]{{2}})(?:\.[a-z]{{2}})?)"
        rf"(/[^\s]*?)?{_END}",
        _web,
    ),
    rule(r"(?<![\w.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\w.]|\.\d)", _ip),
]
"""E-mail addresses, web addresses (``file:`` ones too) and IP addresses, in words."""
