"""The house: imports run one way, ``pipeline → triptych.service → triptych.batch → triptych.run →
readers, renditions → model``.

Every import of every module is read from its source (those inside functions and under
``TYPE_CHECKING`` too), so a shortcut taken anywhere breaks this test.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGES = ("triptych", "exporters", "styles")


def _modules() -> dict[str, Path]:
    found = {"pipeline": ROOT / "pipeline.py"}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


MODULES = _modules()


def _imported(path: Path) -> Iterator[str]:
    """The modules of ours that ``path`` imports (``from a import b`` is ``a.b`` when that is a module)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [
                f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in MODULES else node.module for a in node.names
            ]
        else:
            continue
        for name in names:
            while name and name not in MODULES:
                name = name.rpartition(".")[0]
            if name:
                yield name


GRAPH = {name: set(_imported(path)) - {name} for name, path in MODULES.items()}


def _importers_of(target: str) -> list[str]:
    return sorted(name for name, deps in GRAPH.items() if any(d == target or d.startswith(f"{target}.") for d in deps))


def test_the_graph_is_read() -> None:
    """The reading itself works: known edges are there (else every rule below would pass vacuously)."""
    assert "triptych.run" in GRAPH["pipeline"]
    assert "triptych.renditions.print_layout" in GRAPH["exporters.pdf"]
    assert "triptych.model" in GRAPH["triptych.readers"]
    assert "triptych.run.manifest" in GRAPH["triptych.publishing.entries"]


def test_nothing_imports_the_command_line() -> None:
    assert _importers_of("pipeline") == []


def test_the_package_never_imports_the_exporters() -> None:
    assert [name for name in _importers_of("exporters") if not name.startswith("exporters")] == []


def test_exporters_never_import_each_other() -> None:
    crossing = {name: sorted(d for d in deps if d.startswith("exporters.")) for name, deps in GRAPH.items()}
    assert {name: deps for name, deps in crossing.items() if name.startswith("exporters.") and deps} == {}


def test_the_model_imports_nothing_of_ours() -> None:
    assert GRAPH["triptych.model"] == set()


@pytest.mark.parametrize(
    ("lower", "higher"),
    [
        ("triptych.readers", "triptych.run"),
        ("triptych.renditions", "triptych.run"),
        ("triptych.readers", "triptych.renditions"),
        ("triptych.run", "triptych.batch"),
        ("triptych.renditions", "triptych.batch"),
        ("triptych.speech", "triptych.renditions"),
        ("triptych.pdf", "triptych.renditions"),
        ("triptych.check", "triptych.run"),
        ("triptych.run", "triptych.service"),
        ("triptych.batch", "triptych.service"),
        ("triptych.readers", "triptych.service"),
        ("triptych.renditions", "triptych.service"),
        ("triptych.run", "triptych.publishing"),
        ("triptych.batch", "triptych.publishing"),
        ("triptych.publishing", "triptych.batch"),
        ("triptych.check", "triptych.publishing"),
        ("triptych.renditions", "triptych.publishing"),
        ("triptych.readers", "triptych.publishing"),
    ],
)
def test_lower_rooms_never_import_higher_ones(lower: str, higher: str) -> None:
    assert [name for name in _importers_of(higher) if name == lower or name.startswith(f"{lower}.")] == []


def test_inside_the_package_nobody_imports_the_facade() -> None:
    """``triptych/__init__.py`` re-exports the API; modules of the package import what they use directly."""
    assert [name for name, deps in GRAPH.items() if "triptych" in deps and name != "pipeline"] == []


def test_no_import_circle() -> None:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(name: str) -> None:  # Tarjan's strongly connected components
        index[name] = low[name] = len(index)
        stack.append(name)
        for dep in GRAPH[name]:
            if dep not in index:
                visit(dep)
                low[name] = min(low[name], low[dep])
            elif dep in stack:
                low[name] = min(low[name], index[dep])
        if low[name] == index[name]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == name:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for name in GRAPH:
        if name not in index:
            visit(name)
    assert circles == []
