"""The one rule for a link or an address any reader keeps, parsed with :mod:`urllib.parse`.

Kept: an absolute ``http`` or ``https`` URL with a valid host (a name of letters, digits and
hyphens between dots, an IPv4 or a bracketed IPv6 address) and a valid port, and a ``mailto:``
URL with an address (``someone@example.org``). Anything else (``https:javascript:...``,
``https://../``, a relative path, a fragment, ``javascript:``, ``data:``, ``file:``) is refused:
a link keeps its words, a metadata address is left out. What is kept is written back with the
characters a URL can't hold (spaces, quotes, non-ASCII in the path) percent-encoded.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import quote, urlsplit, urlunsplit

_LABEL = re.compile(r"(?!-)[\w-]{1,63}(?<!-)")
_SAFE = "!#$%&'()*+,-./:;=?@[]~_"
_ADDRESS = re.compile(r"[^@\s<>()\[\]\\,;:\"]+@[^@\s<>()\[\]\\,;:\"]+")
_MAX_LENGTH = 8_000


def safe_url(text: str, *, mailto: bool = True) -> str | None:
    """``text`` as a link Triptych keeps (see the module), or ``None`` when it is refused;
    ``mailto=False`` keeps only web addresses."""
    url = text.strip()
    if not url or len(url) > _MAX_LENGTH or any(ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return None
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "mailto":
            address = parts.path
            if not mailto or parts.netloc or not _ADDRESS.fullmatch(address.split("?")[0]):
                return None
            return (
                "mailto:" + quote(address, safe=_SAFE) + (f"?{quote(parts.query, safe=_SAFE)}" if parts.query else "")
            )
        if scheme not in ("http", "https") or not _valid_host(parts.hostname or "", parts.netloc):
            return None
        _ = parts.port  # raises ValueError for a port that is not a number from 0 to 65535
    except ValueError:
        return None
    return urlunsplit(
        (
            scheme,
            parts.netloc,
            quote(parts.path, safe=_SAFE),
            quote(parts.query, safe=_SAFE),
            quote(parts.fragment, safe=_SAFE),
        )
    )


def _valid_host(host: str, netloc: str) -> bool:
    if not host or any(ch in netloc for ch in " \\<>\"'`{}|^"):
        return False
    if "[" in netloc:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return False
        return True
    labels = host.rstrip(".").split(".")
    return len(host) <= 253 and all(_LABEL.fullmatch(label) for label in labels)
