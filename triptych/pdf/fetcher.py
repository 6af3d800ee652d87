"""The only way the PDF engine may load a resource: ``data:`` URLs and the article's own images."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from triptych.media import Media


def guarded_fetcher(images: Mapping[str, Media], refused: list[str]) -> Any:
    """A WeasyPrint URL fetcher that serves ``data:`` URLs and the images of ``images`` (by the URL
    the print document gives them), from memory: it never reaches the network or the disk.

    Every refused URL is appended to ``refused`` (WeasyPrint itself only logs fetch failures).
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class GuardedFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if urlsplit(url).scheme.lower() == "data":
                media_type, _, payload = url[5:].partition(",")
                if not media_type.endswith(";base64"):
                    return URLFetcherResponse(url, unquote(payload).encode(), {"Content-Type": media_type})
                data = base64.b64decode(payload)
                return URLFetcherResponse(url, data, {"Content-Type": media_type.removesuffix(";base64")})
            image = images.get(url)
            if image is not None:
                return URLFetcherResponse(url, image.data, {"Content-Type": image.media_type})
            refused.append(url)
            raise ValueError(f"Triptych refuses to load {url!r}: only data: URLs and the article's own images")

    return GuardedFetcher(allowed_protocols=("data", "file"), allow_redirects=False)
