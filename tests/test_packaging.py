"""Packaging: what ``pyproject.toml`` puts in the wheel, and the top-level names Triptych claims.

Triptych installs three generic top-level names besides ``triptych``: ``pipeline`` (the CLI),
``exporters`` and ``styles``. They are kept (the source layout needs them), so these tests make
sure that no other installed distribution claims them and that they import from here.

This file is also a script, run with ``python -P`` (so that its folder is not put on sys.path)
by ``.ci/wheel-smoke.sh`` in a fresh virtualenv that holds only the wheel; it needs only the
standard library:

    python -P tests/test_packaging.py names [--under DIR]   # no other distribution claims our names,
                                                            # and they import from DIR (default: this checkout)
    python -P tests/test_packaging.py wheel WHEEL [SOURCE]  # the wheel holds SOURCE's packages and data, nothing else

Each exits 1 and prints one line for each problem.
"""

from __future__ import annotations

import argparse
import configparser
import importlib.machinery
import importlib.metadata
import importlib.util
import os
import re
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
"""This checkout."""
OURS = "triptych"
GENERIC_NAMES = ("pipeline", "exporters", "styles")
"""Our top-level names that other distributions could claim (``pipeline``: django-pipeline does)."""
PACKAGE_ROOTS = ("triptych", "exporters", "styles")
REQUIRED_DATA = (
    "triptych/py.typed",
    "triptych/check/EpubCheckBatch.java",
    "exporters/py.typed",
    "styles/base.css",
    "styles/player.js",
)
"""Files that are not Python and must ship (every other such file under the packages must too)."""


# --- the package list and package data in pyproject.toml ---------------------------------------


def _setuptools_table(root: Path) -> dict[str, Any]:
    with (root / "pyproject.toml").open("rb") as handle:
        table: dict[str, Any] = tomllib.load(handle)["tool"]["setuptools"]
    return table


def declared_packages(root: Path = ROOT) -> set[str]:
    """The packages that ``[tool.setuptools] packages`` lists."""
    return set(_setuptools_table(root)["packages"])


def _source_files(root: Path) -> list[Path]:
    """The files under the package folders, without caches and hidden files."""
    found = []
    for top in PACKAGE_ROOTS:
        for path in sorted((root / top).rglob("*")):
            parts = path.relative_to(root).parts
            if path.is_file() and "__pycache__" not in parts and not any(p.startswith(".") for p in parts):
                found.append(path)
    return found


def source_packages(root: Path = ROOT) -> set[str]:
    """Every folder with an ``__init__.py`` under the package folders, as a dotted name."""
    return {".".join(p.parent.relative_to(root).parts) for p in _source_files(root) if p.name == "__init__.py"}


def folders_without_init(root: Path = ROOT) -> set[str]:
    """Folders under the package folders that hold Python files but no ``__init__.py`` (they would not ship)."""
    with_python = {p.parent for p in _source_files(root) if p.suffix == ".py"}
    return {d.relative_to(root).as_posix() for d in with_python if not (d / "__init__.py").is_file()}


def data_files(root: Path = ROOT) -> set[str]:
    """The files under the package folders that are not Python, relative to ``root``."""
    return {p.relative_to(root).as_posix() for p in _source_files(root) if p.suffix not in (".py", ".pyc")}


def declared_data(root: Path = ROOT) -> set[str]:
    """The files that ``[tool.setuptools.package-data]`` matches (globs relative to each package's folder)."""
    table = _setuptools_table(root)
    package_data: dict[str, list[str]] = table.get("package-data", {})
    matched = set()
    for package in table["packages"]:
        folder = root.joinpath(*package.split("."))
        for pattern in [*package_data.get(package, []), *package_data.get("*", [])]:
            matched |= {p.relative_to(root).as_posix() for p in folder.glob(pattern) if p.is_file()}
    return matched


def test_every_package_folder_is_in_the_package_list() -> None:
    declared, found = declared_packages(), source_packages()
    assert not found - declared, f"add to [tool.setuptools] packages in pyproject.toml: {sorted(found - declared)}"
    assert not declared - found, f"listed in pyproject.toml but no such package: {sorted(declared - found)}"
    assert not folders_without_init(), f"Python files in folders without __init__.py: {sorted(folders_without_init())}"


def test_every_data_file_is_package_data() -> None:
    declared = declared_data()
    assert set(REQUIRED_DATA) <= data_files(), "a required data file is gone from the source tree"
    missing = sorted(data_files() - declared)
    assert not missing, f"add a glob to [tool.setuptools.package-data] in pyproject.toml for: {missing}"


def test_the_package_check_finds_a_missing_package_and_stray_data(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.setuptools]\npackages = ["triptych"]\n[tool.setuptools.package-data]\ntriptych = ["py.typed"]\n',
        encoding="utf-8",
    )
    for name in ("triptych/__init__.py", "triptych/py.typed", "triptych/new/__init__.py", "triptych/loose/a.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    (tmp_path / "triptych/locale/fr/LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "triptych/locale/fr/LC_MESSAGES/triptych.mo").write_bytes(b"")
    assert source_packages(tmp_path) - declared_packages(tmp_path) == {"triptych.new"}
    assert folders_without_init(tmp_path) == {"triptych/loose"}
    assert data_files(tmp_path) - declared_data(tmp_path) == {"triptych/locale/fr/LC_MESSAGES/triptych.mo"}


# --- top-level names claimed by installed distributions ------------------------------------------


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def top_level_names(dist: importlib.metadata.Distribution) -> set[str]:
    """The top-level modules and packages a distribution installs: its ``top_level.txt``, together
    with the first part of each ``.py``, extension-module or package path in its RECORD (what was
    installed). An egg-info's file list is its sources (SOURCES.txt), read only without ``top_level.txt``."""
    names = set()
    text = dist.read_text("top_level.txt")
    if text is not None:
        names |= {line.strip().replace("/", ".").split(".")[0] for line in text.splitlines() if line.strip()}
        if dist.read_text("RECORD") is None:
            return names
    module_suffixes = (".py", *importlib.machinery.EXTENSION_SUFFIXES)
    for file in dist.files or ():
        parts = PurePosixPath(file).parts
        if not parts or parts[0] in ("..", "__pycache__") or parts[0].endswith((".dist-info", ".egg-info", ".data")):
            continue
        if len(parts) == 1:
            for suffix in module_suffixes:
                if parts[0].endswith(suffix):
                    names.add(parts[0].removesuffix(suffix))
                    break
        elif parts[-1].endswith(module_suffixes):  # a package, or a namespace package's module
            names.add(parts[0])
    return names


def _where(dist: importlib.metadata.Distribution) -> str:
    return str(dist.locate_file(""))


def claimants(path: Sequence[str] | None = None, names: Iterable[str] = GENERIC_NAMES) -> dict[str, list[str]]:
    """For each of ``names``, the distributions other than Triptych that claim it (on ``path``,
    else on sys.path), as ``"name version (folder)"``."""
    wanted = set(names)
    found: dict[str, set[str]] = {}
    dists = importlib.metadata.distributions() if path is None else importlib.metadata.distributions(path=list(path))
    for dist in dists:
        name = dist.metadata["Name"] or "?"
        if _normalized(name) == OURS:
            continue
        for claimed in top_level_names(dist) & wanted:
            found.setdefault(claimed, set()).add(f"{name} {dist.version} ({_where(dist)})")
    return {claimed: sorted(who) for claimed, who in sorted(found.items())}


def import_origins(names: Iterable[str] = GENERIC_NAMES) -> dict[str, str | None]:
    """Where each top-level name imports from (found, not imported)."""
    origins: dict[str, str | None] = {}
    for name in names:
        spec = importlib.util.find_spec(name)
        origins[name] = None if spec is None else spec.origin
    return origins


def name_problems(under: Path = ROOT, path: Sequence[str] | None = None) -> list[str]:
    """Our generic top-level names claimed by another distribution, or importing from outside ``under``."""
    problems = [
        f"{claimed!r} is also installed by {who}" for claimed, dists in claimants(path).items() for who in dists
    ]
    for name, origin in import_origins().items():
        if origin is None:
            problems.append(f"{name!r} is not importable")
        elif not Path(origin).resolve().is_relative_to(under.resolve()):
            problems.append(f"{name!r} imports from {origin}, not from {under} (shadowed)")
    return problems


def _run_script(*arguments: str, cwd: Path, pythonpath: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if pythonpath is not None:
        env["PYTHONPATH"] = pythonpath
    return subprocess.run(
        [sys.executable, "-P", str(Path(__file__).resolve()), *arguments],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_no_other_distribution_claims_our_top_level_names(tmp_path: Path) -> None:
    # Here (pytest puts the checkout first on sys.path) ...
    assert claimants() == {}
    # ... and as the installed `triptych` command sees them: from another folder, with a plain sys.path.
    result = _run_script("names", "--under", str(ROOT), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok" in result.stdout


def _fake_dist(
    folder: Path, name: str, version: str, *, top_level: str | None = None, record: str | None = None
) -> None:
    info = folder / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8")
    if top_level is not None:
        (info / "top_level.txt").write_text(top_level, encoding="utf-8")
    if record is not None:
        (info / "RECORD").write_text(record, encoding="utf-8")


def test_the_name_check_reports_a_distribution_that_claims_our_names(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _fake_dist(site, "django-pipeline", "4.0", top_level="pipeline\n")
    _fake_dist(
        site,
        "other-styles",
        "2.0",
        record="styles/__init__.py,,\nexporters.py,,\nother_styles-2.0.dist-info/METADATA,,\n../../../bin/styles,,\n",
    )
    _fake_dist(site, "harmless", "1.0", top_level="harmless\n", record="harmless/__init__.py,,\nstyles.txt,,\n")
    sources = site / "legacy.egg-info"  # its file list is its sources, where a pipeline.py is no claim
    sources.mkdir()
    (sources / "PKG-INFO").write_text("Metadata-Version: 1.2\nName: legacy\nVersion: 3.0\n", encoding="utf-8")
    (sources / "top_level.txt").write_text("legacy\n", encoding="utf-8")
    (sources / "SOURCES.txt").write_text("pipeline.py\nlegacy/__init__.py\n", encoding="utf-8")
    _fake_dist(site, "Triptych", "0.0", top_level="pipeline\nexporters\nstyles\ntriptych\n")  # ours: not a claimant
    assert claimants([str(site)]) == {
        "exporters": [f"other-styles 2.0 ({site})"],
        "pipeline": [f"django-pipeline 4.0 ({site})"],
        "styles": [f"other-styles 2.0 ({site})"],
    }
    # The same folder on PYTHONPATH, with a module that shadows ours: the script fails and says why.
    (site / "pipeline.py").write_text("", encoding="utf-8")
    result = _run_script("names", "--under", str(ROOT), cwd=tmp_path, pythonpath=str(site))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "'pipeline' is also installed by django-pipeline 4.0" in result.stdout
    assert "'styles' is also installed by other-styles 2.0" in result.stdout
    assert f"'pipeline' imports from {site / 'pipeline.py'}" in result.stdout
    assert "'styles' imports from" not in result.stdout  # other-styles' files are not really there


# --- the wheel ------------------------------------------------------------------------------------


def _entry_points_table(root: Path) -> dict[str, dict[str, str]]:
    with (root / "pyproject.toml").open("rb") as handle:
        project: dict[str, Any] = tomllib.load(handle)["project"]
    table = {"console_scripts": dict(project.get("scripts", {}))}
    table |= {group: dict(points) for group, points in project.get("entry-points", {}).items()}
    return table


def wheel_problems(wheel: Path, source: Path = ROOT) -> list[str]:
    """What is wrong with a wheel built from ``source``: a package, module or data file missing,
    anything at the top level but our modules and the dist-info (tests/, bench/, ...), entry points
    that differ from pyproject.toml's."""
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = {n.split("/")[0] for n in names if n.split("/")[0].endswith(".dist-info")}
        problems = [f"{len(info)} .dist-info folders: {sorted(info)}"] if len(info) != 1 else []
        entry_points = configparser.ConfigParser(delimiters=("=",))
        entry_points.optionxform = str  # type: ignore[assignment,method-assign]
        if info:
            entry_points.read_string(archive.read(f"{min(info)}/entry_points.txt").decode("utf-8"))
    expected_top = {*PACKAGE_ROOTS, "pipeline.py", *info}
    for top in sorted({n.split("/")[0] for n in names} - expected_top):
        problems.append(f"unexpected at the top level of the wheel: {top}")
    wanted = {p.relative_to(source).as_posix() for p in _source_files(source) if p.suffix == ".py"}
    wanted |= {"pipeline.py"} | data_files(source)
    problems += [f"missing from the wheel: {name}" for name in sorted(wanted - names)]
    for group, points in _entry_points_table(source).items():
        got = dict(entry_points[group]) if entry_points.has_section(group) else {}
        got = {k: v.strip() for k, v in got.items()}
        if got != points:
            problems.append(f"entry points [{group}] are {got}, pyproject.toml says {points}")
    return problems


def _make_wheel(path: Path, source: Path, *, leave_out: Iterable[str] = (), extra: Iterable[str] = ()) -> Path:
    left_out = set(leave_out)
    with zipfile.ZipFile(path, "w") as archive:
        for file in [*_source_files(source), source / "pipeline.py"]:
            name = file.relative_to(source).as_posix()
            if name not in left_out and file.suffix != ".pyc":
                archive.write(file, name)
        lines = []
        for group, points in _entry_points_table(source).items():
            lines += [f"[{group}]", *(f"{k} = {v}" for k, v in points.items()), ""]
        archive.writestr("triptych-0.1.0.dist-info/entry_points.txt", "\n".join(lines))
        archive.writestr("triptych-0.1.0.dist-info/METADATA", "Metadata-Version: 2.4\nName: triptych\n")
        for name in extra:
            archive.writestr(name, "")
    return path


def test_the_wheel_check(tmp_path: Path) -> None:
    assert wheel_problems(_make_wheel(tmp_path / "good.whl", ROOT)) == []
    bad = _make_wheel(
        tmp_path / "bad.whl",
        ROOT,
        leave_out=["styles/web.css", "triptych/check/EpubCheckBatch.java", "triptych/speech/normalize/__init__.py"],
        extra=["tests/__init__.py", "bench/run.py", "triptych/check/EpubCheckBatch.class"],
    )
    assert wheel_problems(bad) == [
        "unexpected at the top level of the wheel: bench",
        "unexpected at the top level of the wheel: tests",
        "missing from the wheel: styles/web.css",
        "missing from the wheel: triptych/check/EpubCheckBatch.java",
        "missing from the wheel: triptych/speech/normalize/__init__.py",
    ]


# --- the script -----------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="test_packaging.py", description=(__doc__ or "").split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    names = commands.add_parser("names", help="no other distribution claims our top-level names; they import from DIR")
    names.add_argument("--under", type=Path, default=ROOT, metavar="DIR", help="default: this checkout")
    wheel = commands.add_parser("wheel", help="the wheel holds the source's packages and data, and nothing else")
    wheel.add_argument("wheel", type=Path)
    wheel.add_argument("source", type=Path, nargs="?", default=ROOT, help="the tree it was built from")
    args = parser.parse_args(argv)
    if args.command == "names":
        problems = name_problems(args.under)
        what = f"{', '.join(GENERIC_NAMES)}: claimed by no other distribution, imported from {args.under}"
    else:
        problems = wheel_problems(args.wheel, args.source)
        what = f"{args.wheel.name}: every package, module and data file of {args.source}, nothing else"
    for problem in problems:
        print(f"problem: {problem}")
    if not problems:
        print(f"ok: {what}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
