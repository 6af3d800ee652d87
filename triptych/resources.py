"""The one guarded way to reach a file an article refers to.

No network, nothing outside the article's own folder (symbolic links included), a size limit,
only the raster image types every edition can carry, recognised by their bytes, and a pixel
limit read from the image's header before anything decodes it (a decompression bomb is refused).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

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
    return path.relative_to(base_dir.resolve()).as_posix()


def check_image(base_dir: Path, src: str, limits: Limits | None = None) -> tuple[Path, str, int, int]:
    """Check an image of the article's folder against the rules and limits without reading it
    whole: its size, its type (from its first bytes) and its pixels (from its header, nothing
    decoded). Return its path, media type, width and height; ``ResourceError`` says what is wrong."""
    limits = limits or Limits()
    path = _inside(base_dir, src)
    try:
        size = path.stat().st_size
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
    """Check an image of the article's folder (:func:`check_image`), then read it."""
    limits = limits or Limits()
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
