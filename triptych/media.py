"""The media bag: the article's images, read and checked once when the article is read.

Exporters take an image's bytes from the bag (``context.media``) instead of opening files, so
every edition embeds exactly the bytes that passed the checks, and no exporter reads the disk.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from triptych.errors import ExportError


@dataclass(frozen=True, slots=True)
class Media:
    """One image of the article: its bytes, media type and size in pixels."""

    src: str
    """The path the article gives, relative to its folder."""
    data: bytes = field(repr=False)
    media_type: str
    width: int
    height: int

    def data_url(self) -> str:
        """The image as a ``data:`` URL."""
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode('ascii')}"


@dataclass(frozen=True, slots=True)
class MediaBag(Mapping[str, Media]):
    """The images of one article by their ``src``."""

    images: Mapping[str, Media] = field(default_factory=dict)

    def __getitem__(self, src: str) -> Media:
        try:
            return self.images[src]
        except KeyError:
            raise ExportError(
                f"image {src!r} was not read with the article",
                hint="read the article with triptych.readers.read_source",
            ) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.images)

    def __len__(self) -> int:
        return len(self.images)
