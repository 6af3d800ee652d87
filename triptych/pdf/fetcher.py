"""The only way the PDF engine may load a resource: ``data:`` URLs and files of the article's folder."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from triptych.limits import Limits
from triptych.resources import load_image


def guarded_fetcher(base_dir: Path | None, refused: list[str], limits: Limits | None = None) -> Any:
    """A WeasyPrint URL fetcher that never reaches the network or leaves ``base_dir``.

    Every refused URL is appended to ``refused`` (WeasyPrint itself only logs fetch failures).
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class GuardedFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme == "data":
                media_type, _, payload = url[5:].partition(",")
                if not media_type.endswith(";base64"):
                    return URLFetcherResponse(url, unquote(payload).encode(), {"Content-Type": media_type})
                data = base64.b64decode(payload)
                return URLFetcherResponse(url, data, {"Content-Type": media_type.removesuffix(";base64")})
            if scheme == "file" and base_dir is not None and not parts.netloc:
                path = Path(unquote(parts.path))
                root = base_dir.resolve()
                if path.resolve().is_relative_to(root):
                    data, media_type = load_image(root, path.resolve().relative_to(root).as_posix(), limits)
                    return URLFetcherResponse(url, data, {"Content-Type": media_type})
            refused.append(url)
            raise ValueError(f"Triptych refuses to load {url!r}: only data: URLs and the article's own files")

    return GuardedFetcher(allowed_protocols=("data", "file"), allow_redirects=False)
