"""The channel: what the feed, the catalogue and the index page say about the batch as a whole,
from a small TOML file (``--channel FILE``, default ``OUTDIR/channel.toml``), and the base URL
the files are served from.

A missing or wrong field stops the publishing with one line that names the file and the field.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from triptych.errors import ConfigError, UsageError
from triptych.langtag import is_language_tag

CHANNEL_FILE = "channel.toml"
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
REQUIRED = ("title", "description", "language", "image", "category", "owner.name", "owner.email")
"""The fields a channel must have (Apple Podcasts refuses a feed without them)."""


@dataclass(frozen=True, slots=True)
class Channel:
    """The batch as a whole: a podcast channel, a catalogue, a page."""

    title: str
    description: str
    language: str
    owner_name: str
    owner_email: str
    category: tuple[str, ...]
    """The Apple Podcasts category, then its subcategory if any (``News/Daily News``)."""
    image: str
    """A URL (``https://...``), or a PNG or JPEG file that is copied into the output folder."""
    author: str | None = None
    explicit: bool = False
    copyright: str | None = None
    link: str | None = None
    source: Path | None = None
    """The file the channel was read from."""

    @property
    def image_file(self) -> Path | None:
        """The local image to copy beside the feed, or ``None`` when the image is a URL."""
        if "://" in self.image:
            return None
        path = Path(self.image)
        return path if path.is_absolute() or self.source is None else self.source.parent / path

    @property
    def image_name(self) -> str:
        """The image's file name in the output folder (``channel.png``, ``channel.jpg``)."""
        suffix = Path(urlsplit(self.image).path).suffix.lower()
        return f"channel{'.jpg' if suffix == '.jpeg' else suffix}"

    @property
    def image_type(self) -> str:
        """The image's media type."""
        return IMAGE_TYPES[Path(urlsplit(self.image).path).suffix.lower()]

    def image_url(self, base: BaseUrl) -> str:
        """Where the image is served from."""
        return self.image if self.image_file is None else base.url(self.image_name)


@dataclass(frozen=True, slots=True)
class BaseUrl:
    """The address the output folder is served from: ``https://example.org/editions/``."""

    root: str

    @classmethod
    def parse(cls, text: str) -> BaseUrl:
        """Check ``text`` (an http or https URL of a folder) and end it with ``/``."""
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
            raise UsageError(
                f"--base-url {text!r} is not the http or https address of a folder",
                hint="write for example --base-url https://example.org/editions/",
            )
        return cls(text if text.endswith("/") else f"{text}/")

    def url(self, *parts: str) -> str:
        """The address of a file of the output folder, from its path parts (each quoted)."""
        return self.root + "/".join(quote(part) for part in parts)


def load_channel(path: Path) -> Channel:
    """Read and check the channel file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: no channel file",
            hint=f"write one with {', '.join(REQUIRED)} (see the README), or name it with --channel FILE",
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: the channel file can't be read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: the channel file is not valid TOML: {exc}", hint="fix its syntax") from None
    return channel_from(data, path)


def channel_from(data: dict[str, Any], source: Path) -> Channel:
    """A channel from the parsed TOML of ``source``; one clear error for the first bad field."""
    for name in REQUIRED:
        value = _field(data, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise ConfigError(f"{source}: the channel has no {name!r}", hint=f"add {_example(name)}")
        if not isinstance(value, str):
            raise ConfigError(f"{source}: the channel's {name!r} must be text", hint=f"write {_example(name)}")
    language = str(data["language"])
    if not is_language_tag(language):
        raise ConfigError(f"{source}: the channel's 'language' {language!r} is not a BCP 47 tag", hint='write "en"')
    image = str(data["image"])
    suffix = Path(urlsplit(image).path).suffix.lower()
    if suffix not in IMAGE_TYPES:
        raise ConfigError(
            f"{source}: the channel's 'image' {image!r} is not a PNG or JPEG",
            hint="podcast apps take a square PNG or JPEG of 1400 to 3000 pixels",
        )
    if "://" in image and not image.startswith(("https://", "http://")):
        raise ConfigError(f"{source}: the channel's 'image' must be a file or an http(s) address")
    explicit = data.get("explicit", False)
    if not isinstance(explicit, bool):
        raise ConfigError(f"{source}: the channel's 'explicit' must be true or false", hint="write explicit = false")
    category = tuple(part.strip() for part in str(data["category"]).split("/") if part.strip())
    optional = {key: data.get(key) for key in ("author", "copyright", "link")}
    for key, value in optional.items():
        if value is not None and not isinstance(value, str):
            raise ConfigError(f"{source}: the channel's {key!r} must be text", hint=f'write {key} = "..."')
    channel = Channel(
        title=str(data["title"]).strip(),
        description=str(data["description"]).strip(),
        language=language,
        owner_name=str(_field(data, "owner.name")).strip(),
        owner_email=str(_field(data, "owner.email")).strip(),
        category=category,
        image=image,
        author=optional["author"],
        explicit=explicit,
        copyright=optional["copyright"],
        link=optional["link"],
        source=source,
    )
    if channel.image_file is not None and not channel.image_file.is_file():
        raise ConfigError(
            f"{source}: the channel's image {image!r} is not a file",
            hint="give a file beside the channel file, or a URL",
        )
    return channel


def _field(data: dict[str, Any], name: str) -> object:
    value: object = data
    for part in name.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _example(name: str) -> str:
    examples = {
        "title": 'title = "The Riverside Ledger, read aloud"',
        "description": 'description = "The day\'s stories as audio, books and web pages"',
        "language": 'language = "en"',
        "image": 'image = "cover.png" (a square PNG or JPEG beside the channel file, or an https:// address)',
        "category": 'category = "News" (an Apple Podcasts category; "News/Daily News" for a subcategory)',
        "owner.name": 'owner = { name = "Audio desk", email = "audio@example.org" }',
        "owner.email": 'owner = { name = "Audio desk", email = "audio@example.org" }',
    }
    return examples[name]
