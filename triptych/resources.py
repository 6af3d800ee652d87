"""The one guarded way to reach a file an article refers to.

No network, nothing outside the article's own folder (symbolic links included), a size limit,
only the raster image types every edition can carry, recognised by their bytes, and a pixel
limit read from the image's header before anything decodes it (a decompression bomb is refused).

An image a web page carries inside itself as a ``data:`` URL (single-file savers store every
image so) is accepted under the same rules: its type from its bytes, its size, its pixels from
its header. Its ``src`` in the model names the page and the image's checksum
(``story.html#data-image-3f2a...png``); :func:`read_image` reads it from the page again, so the
media bag holds it like any file. A 1×1 pixel or a spacer (3 pixels or less across) is dropped
without a word.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import html
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from triptych.errors import ResourceError
from triptych.limits import Limits
from triptych.media import Media

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp"})
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)


def local_image(base_dir: Path | None, ref: str, warn: Callable[[str], None]) -> str | None:
    """Resolve an image reference to a path relative to the article's folder, or ``None``.

    Every refusal is reported through ``warn``: remote and ``data:`` addresses (never
    fetched), absolute paths, paths that leave the folder, missing files, unsupported types.
    """
    ref = ref.strip()
    if not ref:
        return None
    parts = urlsplit(ref)
    if parts.scheme or ref.startswith("//"):
        warn(f"image {_short(ref)} not fetched: only images in the article's folder are used")
        return None
    if base_dir is None:
        return None
    relative = unquote(parts.path)
    if relative.startswith("/") or Path(relative).is_absolute():
        warn(f"image {_short(ref)} refused: an absolute path is outside the article's folder")
        return None
    try:
        path = _inside(base_dir, relative)
    except ResourceError as exc:
        warn(str(exc))
        return None
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        warn(f"image {_short(ref)} skipped: use PNG, JPEG, GIF or WebP")
        return None
    if not path.is_file():
        warn(f"image {_short(ref)} not found in the article's folder")
        return None
    try:
        links = path.stat().st_nlink
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        warn(f"image {_short(ref)} can't be read ({exc.strerror or exc})")
        return None
    if links > 1:
        warn(f"image {_short(ref)} refused: {HARD_LINKED}")
        return None
    if sniff_image(head) is None:  # an SVG (or anything else) named .png: the same rule as for .svg
        warn(f"image {_short(ref)} skipped: it is not a PNG, JPEG, GIF or WebP image whatever its name")
        return None
    return path.relative_to(base_dir.resolve()).as_posix()


HARD_LINKED = "the file has other hard links, so it may be a file from outside the article's folder (copy it instead)"


EMBEDDED = "#data-image-"
"""What the ``src`` of an image carried in the page as a ``data:`` URL holds after the page's name."""
_SUFFIX = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp"}
_DATA_URL = re.compile(rb"data:image/[a-z0-9.+-]*(?:;[a-z0-9=._+-]*)*,[a-z0-9+/=%\s._~-]*", re.IGNORECASE)
_SPACER = 3
"""An image this many pixels wide or high, or less, is a spacer or a tracking pixel."""


def decode_data_url(ref: str) -> bytes | None:
    """The bytes of a ``data:`` URL (base64 or percent-encoded), or ``None`` if it is not one."""
    head, sep, payload = html.unescape(ref.strip()).partition(",")
    if not sep or not head.lower().startswith("data:"):
        return None
    try:
        if head.lower().endswith(";base64"):
            return base64.b64decode("".join(payload.split()), validate=True)
        return unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        return None


def data_image(page: str, ref: str, warn: Callable[[str], None]) -> str | None:
    """The ``src`` of an image a page carries as a ``data:`` URL, or ``None``.

    PNG, JPEG, GIF and WebP are accepted (the type read from the bytes, not from the URL); any
    other is refused through ``warn``. A spacer is dropped silently. The size and pixel limits
    are checked when the image is read (:func:`read_image`), as for a file.
    """
    data = decode_data_url(ref)
    media_type = sniff_image(data[:16]) if data else None
    if data is None or media_type is None:
        warn(f"image {_short(ref)} skipped: use PNG, JPEG, GIF or WebP")
        return None
    size = _header_size(data)
    if size is None:
        warn(f"image {_short(ref)} skipped: its data can't be decoded")
        return None
    if min(size) <= _SPACER:
        return None  # a spacer or a tracking pixel: nothing to show or say
    return _embedded_src(page, hashlib.sha256(data).hexdigest(), media_type)


def _embedded_src(page: str, digest: str, media_type: str) -> str:
    return f"{page}{EMBEDDED}{digest[:16]}{_SUFFIX[media_type]}"


def _header_size(data: bytes) -> tuple[int, int] | None:
    """An image's width and height from its header (nothing is decoded), or ``None`` when it has
    none that can be read. A bomb Pillow won't even open is far larger than any limit."""
    import warnings

    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                return image.size
    except Image.DecompressionBombError:
        return (1 << 20, 1 << 20)  # kept, so that reading it refuses it with the limit to raise
    except (UnidentifiedImageError, OSError, ValueError):
        return None


_EMBEDDED_CACHE: dict[tuple[str, int, int], dict[str, bytes]] = {}


def _embedded_images(page: Path, limits: Limits) -> dict[str, bytes]:
    """Every ``data:`` image in a page, by the start of its SHA-256 (the last page read is kept)."""
    stat = page.stat()
    key = (str(page), stat.st_mtime_ns, stat.st_size)
    if key in _EMBEDDED_CACHE:
        return _EMBEDDED_CACHE[key]
    if stat.st_size > limits.source_bytes:
        raise ResourceError(f"{page}: the page is larger than the limit of {limits.source_bytes:,} bytes")
    found: dict[str, bytes] = {}
    for match in _DATA_URL.finditer(page.read_bytes()):
        data = decode_data_url(match.group(0).decode("ascii", "replace"))
        if data:
            found.setdefault(hashlib.sha256(data).hexdigest()[:16], data)
    _EMBEDDED_CACHE.clear()
    _EMBEDDED_CACHE[key] = found
    return found


def _read_embedded(base_dir: Path, src: str, limits: Limits) -> Media:
    page_name, _, rest = src.partition(EMBEDDED)
    path = _inside(base_dir, page_name)
    digest = rest.split(".", 1)[0]
    try:
        data = _embedded_images(path, limits).get(digest)
    except OSError as exc:
        raise ResourceError(f"{path}: page can't be read ({exc.strerror or exc})") from exc
    where = f"data: image {digest} in {page_name}"
    if data is None:
        raise ResourceError(f"{where} is no longer in the page", hint="read the page again")
    if len(data) > limits.image_bytes:
        raise ResourceError(
            f"{where} is {len(data):,} bytes, over the limit of {limits.image_bytes:,}",
            hint="make the image smaller, or raise the limit with -O max-image-bytes=N",
        )
    media_type = sniff_image(data[:16])
    if media_type is None:
        raise ResourceError(f"{where}: not a PNG, JPEG, GIF or WebP image", hint="convert the image")
    width, height = _check_pixels(Path(where), io.BytesIO(data), limits.image_pixels)
    return Media(src=src, data=data, media_type=media_type, width=width, height=height)


def check_image(base_dir: Path, src: str, limits: Limits | None = None) -> tuple[Path, str, int, int]:
    """Check an image of the article's folder against the rules and limits without reading it
    whole: its size, its type (from its first bytes) and its pixels (from its header, nothing
    decoded). Return its path, media type, width and height; ``ResourceError`` says what is wrong."""
    limits = limits or Limits()
    if EMBEDDED in src:
        media = _read_embedded(base_dir, src, limits)
        return Path(src), media.media_type, media.width, media.height
    path = _inside(base_dir, src)
    try:
        found = path.stat()
        if found.st_nlink > 1:
            raise ResourceError(f"{path}: image refused: {HARD_LINKED}")
        size = found.st_size
        if size > limits.image_bytes:
            raise ResourceError(
                f"{path}: image is {size:,} bytes, over the limit of {limits.image_bytes:,}",
                hint="make the image smaller, or raise the limit with -O max-image-bytes=N",
            )
        with path.open("rb") as handle:
            media_type = sniff_image(handle.read(16))
            if media_type is None:
                raise ResourceError(f"{path}: not a PNG, JPEG, GIF or WebP image", hint="convert the image")
            handle.seek(0)
            width, height = _check_pixels(path, handle, limits.image_pixels)
    except OSError as exc:
        raise ResourceError(f"{path}: image can't be read ({exc.strerror or exc})") from exc
    return path, media_type, width, height


def read_image(base_dir: Path, src: str, limits: Limits | None = None) -> Media:
    """Check an image of the article's folder (:func:`check_image`), then read it. An image the
    page carries as a ``data:`` URL (a ``src`` with :data:`EMBEDDED`) is read from the page, under
    the same rules."""
    limits = limits or Limits()
    if EMBEDDED in src:
        return _read_embedded(base_dir, src, limits)
    path, media_type, width, height = check_image(base_dir, src, limits)
    try:
        with path.open("rb") as handle:
            data = handle.read(limits.image_bytes + 1)
    except OSError as exc:
        raise ResourceError(f"{path}: image can't be read ({exc.strerror or exc})") from exc
    if len(data) > limits.image_bytes or sniff_image(data) != media_type:  # replaced since it was checked
        raise ResourceError(f"{path}: the image changed while it was read", hint="export again")
    return Media(src=src, data=data, media_type=media_type, width=width, height=height)


def _check_pixels(path: Path, image_file: BinaryIO, limit: int) -> tuple[int, int]:
    """Read the image's dimensions from its header (nothing is decoded) and refuse a bomb."""
    import warnings

    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(image_file) as image:
                width, height = image.size
    except Image.DecompressionBombError:
        width, height = limit + 1, 1  # Pillow refuses even to open it: far over any limit we'd keep
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ResourceError(f"{path}: image can't be decoded ({exc})", hint="re-save the image") from None
    if width * height > limit:
        raise ResourceError(
            f"{path}: image is {width:,} × {height:,} pixels, over the limit of {limit:,} pixels"
            " (a decompression bomb, or a photo far larger than any page)",
            hint="scale the image down, or raise the limit with -O max-image-pixels=N",
        )
    return width, height


def sniff_image(data: bytes) -> str | None:
    """The media type of an image from its first bytes, if it is one we support."""
    for signature, media_type in _SIGNATURES:
        if data.startswith(signature):
            return media_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def _inside(base_dir: Path, relative: str) -> Path:
    root = base_dir.resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root):
        raise ResourceError(f"image {_short(relative)} refused: it is outside the article's folder")
    return path


def _short(ref: str) -> str:
    return repr(ref if len(ref) <= 80 else ref[:77] + "...")
