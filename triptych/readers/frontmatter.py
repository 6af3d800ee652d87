"""YAML front matter to ``Metadata``: known fields, checked types, errors with line numbers."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from triptych.errors import SourceError
from triptych.langtag import is_language_tag
from triptych.model import Figure, Text
from triptych.resources import local_image

_ALIASES = {
    "title": "title",
    "headline": "title",
    "subtitle": "subtitle",
    "deck": "subtitle",
    "dek": "subtitle",
    "author": "authors",
    "authors": "authors",
    "date": "published",
    "published": "published",
    "language": "language",
    "lang": "language",
    "publisher": "publisher",
    "section": "section",
    "keywords": "keywords",
    "tags": "keywords",
    "description": "description",
    "summary": "description",
    "image": "image",
    "url": "url",
    "canonical": "url",
}


class FrontMatter:
    """Parsed front matter with the line of every key, for messages that point at it."""

    def __init__(self, path: Path, text: str, first_line: int) -> None:
        self.path = path
        self.first_line = first_line
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
            data = yaml.load(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.context_mark or exc.problem_mark  # where the broken construct starts
            line = first_line + mark.line if mark else None
            problem = " ".join(p for p in (exc.problem, exc.context) if p) or "invalid YAML"
            raise SourceError(
                path,
                f"front matter is not valid YAML: {problem}",
                line=line,
                hint="fix the YAML between the --- lines (quote values that contain ':' or '#')",
            ) from None
        except yaml.YAMLError as exc:
            raise SourceError(path, f"front matter is not valid YAML: {exc}", line=first_line) from None
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise SourceError(path, "front matter must be a mapping of fields (key: value)", line=first_line)
        self.data: dict[str, Any] = {str(k): v for k, v in data.items()}
        self.lines: dict[str, int] = {}
        if isinstance(node, yaml.MappingNode):
            for key, _ in node.value:
                self.lines[str(key.value)] = first_line + key.start_mark.line

    def error(self, key: str, problem: str, hint: str | None = None) -> SourceError:
        return SourceError(self.path, f"front matter '{key}': {problem}", line=self.lines.get(key), hint=hint)

    def metadata(self, base_dir: Path | None, warn: Callable[[str], None]) -> dict[str, Any]:
        """The ``Metadata`` fields this front matter gives (title may be missing)."""
        fields: dict[str, Any] = {}
        for key, value in self.data.items():
            name = _ALIASES.get(key.lower())
            if name is None:
                warn(f"{self.path.name}: front matter field '{key}' is not used by Triptych")
            elif value is not None:
                fields[name] = self._convert(key, name, value, base_dir, warn)
        if "image" in fields:
            fields["lead_image"] = fields.pop("image")
        return fields

    def _convert(self, key: str, name: str, value: Any, base_dir: Path | None, warn: Callable[[str], None]) -> Any:
        if name in ("title", "subtitle", "publisher", "section", "description"):
            return self._string(key, value)
        if name in ("authors", "keywords"):
            return self._strings(key, value, split_commas=name == "keywords")
        if name == "published":
            return self._date(key, value)
        if name == "url":
            text = self._string(key, value)
            if not text.lower().startswith(("http://", "https://")):
                raise self.error(key, f"{text!r} is not a web address", "use an http:// or https:// address")
            return text
        if name == "language":
            text = self._string(key, value)
            if not is_language_tag(text):
                raise self.error(key, f"{text!r} is not a language tag", "use a BCP 47 tag such as en, es or pt-BR")
            return text
        return self._image(key, value, base_dir, warn)

    def _string(self, key: str, value: Any) -> str:
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            text = " ".join(str(value).split())
            if text:
                return text
            raise self.error(key, "is empty", f"write the {key} after '{key}:', or remove the line")
        raise self.error(key, f"expected text, got {type(value).__name__}", "write it as a quoted string")

    def _strings(self, key: str, value: Any, *, split_commas: bool) -> tuple[str, ...]:
        if isinstance(value, str):
            items: list[Any] = value.split(",") if split_commas else [value]
        elif isinstance(value, list):
            items = value
        else:
            raise self.error(key, f"expected a list, got {type(value).__name__}", "write [a, b] or one item a line")
        out = []
        for item in items:
            if isinstance(item, Mapping) and "name" in item:
                item = item["name"]
            out.append(self._string(key, item))
        return tuple(t for t in out if t)

    def _date(self, key: str, value: Any) -> date | datetime:
        if isinstance(value, datetime | date):
            return value
        if isinstance(value, str):
            try:
                return parse_iso_date(value)
            except ValueError:
                pass
        raise self.error(key, f"{value!r} is not a date", "use YYYY-MM-DD or an ISO 8601 date-time")

    def _image(self, key: str, value: Any, base_dir: Path | None, warn: Callable[[str], None]) -> Figure:
        if isinstance(value, str):
            value = {"src": value}
        if not isinstance(value, Mapping):
            raise self.error(key, "expected src, alt, caption and credit fields")
        unknown = set(value) - {"src", "alt", "caption", "credit"}
        if unknown:
            raise self.error(key, f"unknown image field(s): {', '.join(sorted(map(str, unknown)))}")
        src = local_image(base_dir, self._string(key, value["src"]), warn) if value.get("src") else None
        alt = value.get("alt")
        caption = value.get("caption")
        credit = value.get("credit")
        return Figure(
            src=src,
            alt=self._string(key, alt) if alt not in (None, "") else alt,
            caption=(Text(self._string(key, caption)),) if caption else (),
            credit=self._string(key, credit) if credit else None,
        )


def parse_iso_date(value: str) -> date | datetime:
    """Parse an ISO 8601 date or date-time, keeping its precision (raises ``ValueError``)."""
    value = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return date.fromisoformat(value)
    return datetime.fromisoformat(value)
