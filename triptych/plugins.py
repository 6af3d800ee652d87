"""Finding exporters through the ``triptych.exporters`` entry-point group.

Built-in exporters are registered the same way, in ``pyproject.toml``. When Triptych runs from
a source checkout that is not installed, the entry points are read from that ``pyproject.toml``.
An exporter's module is imported only when the exporter is asked for.
"""

from __future__ import annotations

import contextlib
import re
import tomllib
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, PackageNotFoundError, distribution, entry_points
from pathlib import Path

from triptych.errors import PluginError, UnknownFormatError
from triptych.exporter import Exporter

GROUP = "triptych.exporters"
_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
_SUFFIX = re.compile(r"^[a-z0-9]{1,8}(\.[a-z0-9]{1,8})?$")
_CHECKOUT = Path(__file__).resolve().parent.parent


def _entry_points() -> list[EntryPoint]:
    found = list(entry_points(group=GROUP))
    try:
        distribution("triptych")
    except PackageNotFoundError:
        found.extend(_checkout_entry_points())
    return found


def _checkout_entry_points() -> list[EntryPoint]:
    pyproject = _CHECKOUT / "pyproject.toml"
    if not pyproject.is_file():
        return []
    with pyproject.open("rb") as handle:
        table = tomllib.load(handle).get("project", {}).get("entry-points", {}).get(GROUP, {})
    return [EntryPoint(name=name, value=value, group=GROUP) for name, value in table.items()]


def _describe(point: EntryPoint) -> str:
    dist = getattr(point, "dist", None)
    origin = f" (from {dist.name})" if dist is not None else ""
    return f"{point.value}{origin}"


@dataclass
class Registry:
    """The installed exporters by name; loads each one the first time it is asked for."""

    points: dict[str, EntryPoint] = field(default_factory=dict)
    refused: dict[str, PluginError] = field(default_factory=dict)
    _loaded: dict[str, Exporter] = field(default_factory=dict)

    @classmethod
    def discover(cls) -> Registry:
        """Read the entry points; refuse duplicate names, naming both modules."""
        registry = cls()
        for point in _entry_points():
            if point.name in registry.refused:
                continue
            if point.name in registry.points:
                first = registry.points.pop(point.name)
                if first.value == point.value:  # the same plugin seen twice
                    registry.points[point.name] = first
                    continue
                registry.refused[point.name] = PluginError(
                    f"two plugins claim the exporter name {point.name!r}: {_describe(first)} and {_describe(point)}",
                    hint="uninstall one of them",
                )
                continue
            registry.points[point.name] = point
        return registry

    @property
    def names(self) -> list[str]:
        """Names of the usable-looking exporters, sorted (refused ones left out)."""
        return sorted(self.points)

    def get(self, name: str) -> Exporter:
        """The exporter called ``name``; raise a clear error when it is unknown or refused."""
        if name in self._loaded:
            return self._loaded[name]
        if name in self.refused:
            raise self.refused[name]
        point = self.points.get(name)
        if point is None:
            known = ", ".join(self.names) or "none"
            raise UnknownFormatError(f"no exporter for format {name!r}", hint=f"installed formats: {known}")
        try:
            exporter = _instantiate(point)
        except PluginError as exc:
            del self.points[name]
            self.refused[name] = exc
            raise
        self._loaded[name] = exporter
        return exporter

    def load_all(self) -> tuple[list[Exporter], list[PluginError]]:
        """Every exporter that loads, and the errors of those refused."""
        loaded = []
        for name in self.names:
            with contextlib.suppress(PluginError):  # recorded in self.refused
                loaded.append(self.get(name))
        return loaded, list(self.refused.values())


def _instantiate(point: EntryPoint) -> Exporter:
    where = _describe(point)
    try:
        target = point.load()
        exporter = target() if isinstance(target, type) else target
    except Exception as exc:  # a broken plugin must not take the others down
        raise PluginError(f"exporter plugin {where} can't be loaded: {type(exc).__name__}: {exc}") from exc
    missing = [attr for attr in ("name", "suffix", "description") if not isinstance(getattr(exporter, attr, None), str)]
    if missing or not callable(getattr(exporter, "export", None)):
        lacks = ", ".join([*missing, *([] if callable(getattr(exporter, "export", None)) else ["export()"])])
        raise PluginError(
            f"plugin {where} is not a Triptych exporter (it lacks {lacks})",
            hint="an exporter has name, suffix and description strings and an export() method",
        )
    if not isinstance(exporter, Exporter):
        raise PluginError(f"plugin {where} is not a Triptych exporter")
    if exporter.name != point.name:
        raise PluginError(
            f"plugin {where} calls itself {exporter.name!r} but is registered as {point.name!r}",
            hint="make the entry-point name match the exporter's name",
        )
    if not _NAME.match(exporter.name) or not _SUFFIX.match(exporter.suffix):
        raise PluginError(
            f"plugin {where} has an unusable name {exporter.name!r} or suffix {exporter.suffix!r}",
            hint="use a lower-case name and a suffix without a dot, such as 'pdf'",
        )
    return exporter
