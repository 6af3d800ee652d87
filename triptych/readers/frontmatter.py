"""YAML front matter to ``Metadata``: known fields, checked types, errors with line numbers."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from triptych.dates import in_range
from triptych.errors import SourceError
from triptych.langtag import is_language_tag
from triptych.limits import Limits
from triptych.model import Figure, Text
from triptych.resources import local_image
from triptych.urls import safe_url

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


class _Refused(Exception):
    """The front matter crosses a bound of the loader (``line`` is 0-based in the YAML)."""

    def __init__(self, problem: str, line: int | None, hint: str) -> None:
        super().__init__(problem)
        self.problem, self.line, self.hint = problem, line, hint


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader with bounds: nesting no deeper than ``max_depth`` (checked while it
    composes, before its recursion could overflow), numbers too long to be numbers kept as
    text, impossible timestamps kept as text (the field that uses one says it is not a date)."""

    max_depth = 32

    def __init__(self, stream: str, max_depth: int) -> None:
        super().__init__(stream)
        self.max_depth = max_depth
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > self.max_depth:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise _Refused(
                    f"front matter nests more than {self.max_depth} levels deep",
                    mark.line if mark else None,
                    "flatten the front matter, or raise the limit with -O max-depth=N",
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int | str:  # type: ignore[override]
        if len(str(node.value)) > _NUMBER_CHARS:
            return str(node.value)
        return super().construct_yaml_int(node)

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float | str:  # type: ignore[override]
        if len(str(node.value)) > _NUMBER_CHARS:
            return str(node.value)
        return super().construct_yaml_float(node)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return str(node.value)  # 2026-13-45, year 0: not a date, as the field says


_NUMBER_CHARS = 30
"""A YAML number longer than this is kept as its text (Python refuses 4,300-digit integers)."""
_BoundedLoader.add_constructor("tag:yaml.org,2002:int", _BoundedLoader.construct_yaml_int)
_BoundedLoader.add_constructor("tag:yaml.org,2002:float", _BoundedLoader.construct_yaml_float)
_BoundedLoader.add_constructor("tag:yaml.org,2002:timestamp", _BoundedLoader.construct_yaml_timestamp)


def _expanded_size(root: yaml.Node, limit: int) -> None:
    """Raise ``_Refused`` when the document, its aliases expanded, is longer than ``limit``
    characters or refers to itself; linear in the number of distinct nodes (no recursion)."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if isinstance(node, yaml.ScalarNode):
            sizes[key] = len(str(node.value)) + 1
            continue
        children: list[yaml.Node] = (
            [part for pair in node.value for part in pair] if isinstance(node, yaml.MappingNode) else list(node.value)
        )
        if done:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            if sizes[key] > limit:
                raise _Refused(
                    f"front matter is more than {limit:,} characters long once its aliases are expanded",
                    node.start_mark.line,
                    "write the values out, or raise the limit with -O max-front-matter-chars=N",
                )
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise _Refused("front matter refers to itself (an alias inside its own anchor)", node.start_mark.line,
                           "remove the alias")  # fmt: skip
        open_nodes.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in open_nodes:
                raise _Refused("front matter refers to itself (an alias inside its own anchor)",
                               child.start_mark.line, "remove the alias")  # fmt: skip
            if id(child) not in sizes:
                stack.append((child, False))


class FrontMatter:
    """Parsed front matter with the line of every key, for messages that point at it."""

    def __init__(self, path: Path, text: str, first_line: int, limits: Limits | None = None) -> None:
        self.path = path
        self.first_line = first_line
        limits = limits or Limits()
        if len(text) > limits.front_matter_chars:
            raise SourceError(
                path,
                f"front matter is {len(text):,} characters long, more than the limit of {limits.front_matter_chars:,}",
                line=first_line,
                hint="shorten it, or raise the limit with -O max-front-matter-chars=N",
            )
        try:
            loader = _BoundedLoader(text, limits.depth)  # its reader refuses characters YAML does not allow
        except yaml.YAMLError as exc:
            raise SourceError(path, f"front matter is not valid YAML: {_one_line(exc)}", line=first_line,
                              hint="remove the control character from the front matter") from None  # fmt: skip
        try:
            node = loader.get_single_node()
            if node is not None:
                _expanded_size(node, limits.front_matter_chars)
            data = loader.construct_document(node) if node is not None else None
        except _Refused as exc:
            raise SourceError(
                path, exc.problem, line=first_line + exc.line if exc.line is not None else None, hint=exc.hint
            ) from None
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
            raise SourceError(path, f"front matter is not valid YAML: {_one_line(exc)}", line=first_line) from None
        finally:
            loader.dispose()
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
            address = safe_url(text, mailto=False)
            if address is None:
                shown = repr(text) if len(text) <= 80 else repr(text[:77] + "...")
                raise self.error(key, f"{shown} is not a web address", "use an http:// or https:// address with a host")
            return address
        if name == "language":
            text = self._string(key, value)
            if not is_language_tag(text):
                shown = repr(text) if len(text) <= 80 else repr(text[:77] + "...")
                raise self.error(key, f"{shown} is not a language tag", "use a BCP 47 tag such as en, es or pt-BR")
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
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = parse_iso_date(value)
        if isinstance(value, datetime | date):
            if in_range(value):
                return value
            raise self.error(key, f"{value.isoformat()} is out of range", "use a date between the years 1 and 9999")
        shown = repr(value) if len(repr(value)) <= 80 else repr(value)[:77] + "..."
        raise self.error(key, f"{shown} is not a date", "use YYYY-MM-DD or an ISO 8601 date-time")

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


def _one_line(error: Exception) -> str:
    """An error's message on one line (PyYAML's say where on a second one)."""
    return " ".join(str(error).split())
