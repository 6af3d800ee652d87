"""Planning a run before any work: the formats asked for, their exporters, the options checked
against every schema, the limits, and the renditions the run offers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from triptych.context import Key
from triptych.errors import UsageError
from triptych.exporter import Exporter, declared_keys, declared_options
from triptych.limits import RUN_OPTIONS, Limits
from triptych.options import Schema, validate
from triptych.plugins import Registry


@dataclass(frozen=True, slots=True)
class Plan:
    """What one run will do."""

    exporters: tuple[Exporter, ...]
    options: Mapping[str, str]
    """The options given, every one checked against a schema of the run."""
    limits: Limits
    offered: frozenset[Key[Any]]
    """The renditions some exporter of the run requires: the others may use them too."""
    warnings: tuple[str, ...] = ()

    @property
    def formats(self) -> tuple[str, ...]:
        """The formats, in the order asked for."""
        return tuple(exporter.name for exporter in self.exporters)


def formats_of(registry: Registry, formats: str | Sequence[str] | None) -> list[str]:
    """The formats asked for (a list or a comma-separated string; ``None``: every installed one),
    each checked to have a usable exporter."""
    if formats is None:
        names = registry.names
        if not names:
            raise UsageError("no exporters are installed", hint="reinstall Triptych (pip install triptych)")
        return names
    wanted = [f.strip().lower() for f in (formats.split(",") if isinstance(formats, str) else formats)]
    wanted = list(dict.fromkeys(f for f in wanted if f))
    if not wanted:
        raise UsageError("no format given", hint=f"choose from {', '.join(registry.names)}")
    for name in wanted:
        registry.get(name)  # fail before any work on an unknown or refused format
    return wanted


def make_plan(
    registry: Registry, formats: str | Sequence[str] | None, options: Mapping[str, str] | None = None
) -> Plan:
    """Check the formats, every option and ``SOURCE_DATE_EPOCH`` before any work; ``UsageError``
    says what is wrong."""
    from triptych.clock import source_date_epoch

    source_date_epoch()
    exporters = tuple(registry.get(name) for name in formats_of(registry, formats))
    given = dict(options or {})
    schemas: dict[str, Schema] = {"run": RUN_OPTIONS}
    schemas |= {exporter.name: declared_options(exporter) for exporter in exporters}
    others = {exporter.name: declared_options(exporter) for exporter in registry.load_all()[0]}
    warnings = validate(given, schemas, elsewhere=others)
    offered = frozenset(key for exporter in exporters for key in declared_keys(exporter, "requires"))
    return Plan(exporters, given, Limits.of(given), offered, tuple(warnings))
