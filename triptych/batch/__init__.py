"""Batch builds: find the articles, give each its own output folder, export them in parallel.

Layout: ``OUTDIR/<slug>/<slug>.<suffix>`` with ``OUTDIR/<slug>/<slug>.manifest.json``. The slug
comes from the title; when two titles give the same slug, the article whose source path sorts
first keeps it and the next get ``<slug>-2``, ``<slug>-3``... An article whose inputs are the ones
recorded in its manifest (see :mod:`triptych.batch.cache`), and whose files are unchanged, is not
exported again.

The work happens in two rounds on an :mod:`executor <triptych.batch.executors>`: every source is
read to learn its slug, then every readable article is built from the article read (each source is
parsed once; its images are read when it is built). The tasks never raise: a failure (a
reader error, an exporter failing, an unexpected exception) comes back as an :class:`Outcome`.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import time
import traceback
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from triptych.errors import TriptychError, UsageError
from triptych.limits import Limits, image_sources

if TYPE_CHECKING:
    from triptych.batch.executors import Executor
    from triptych.model import Article
    from triptych.plugins import Registry
    from triptych.readers import Reading

Status = Literal["built", "unchanged", "failed"]
T = TypeVar("T")

SKIPPED_FOLDERS = frozenset({"__pycache__", "node_modules"})
"""Folders never searched for articles (besides hidden ones and the output folder)."""


@dataclass(frozen=True, slots=True)
class Settings:
    """The export settings shared by every article of a batch."""

    formats: tuple[str, ...]
    reader: str | None = None
    language: str | None = None
    options: Mapping[str, str] = field(default_factory=dict)
    check: bool = False
    force: bool = False
    concurrent: bool = False
    """Each article's exporters at the same time (the service: a job's latency); a batch's
    parallelism is across articles, so by default each worker runs its exporters in turn."""


@dataclass(frozen=True, slots=True)
class Job:
    """One article, already read, to build into ``folder`` under the file-name stem ``slug``."""

    source: Path
    slug: str
    folder: Path
    settings: Settings
    reading: Reading


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one article."""

    source: Path
    status: Status
    slug: str | None = None
    folder: Path | None = None
    seconds: float = 0.0
    formats: tuple[str, ...] = ()
    """The editions that are there (made by this run, or unchanged)."""
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    traceback: str | None = None

    @property
    def ok(self) -> bool:
        """True when the article is built or unchanged."""
        return self.status != "failed"


@dataclass(frozen=True, slots=True)
class BatchResult:
    """Every article of a batch, in the order of their source paths."""

    outdir: Path
    outcomes: tuple[Outcome, ...]
    seconds: float

    @property
    def ok(self) -> bool:
        """True when no article failed."""
        return all(o.ok for o in self.outcomes)

    def count(self, status: Status) -> int:
        """How many articles ended with ``status``."""
        return sum(o.status == status for o in self.outcomes)


# --- finding the articles ------------------------------------------------------------------------


def discover(paths: Sequence[str | Path], outdir: Path) -> list[Path]:
    """Every article under ``paths``: files named directly, and in folders (recursively) the files
    with a reader's extension; hidden files and folders and ``outdir`` are skipped. Sorted, each once."""
    from triptych.source_types import SUFFIXES

    if not paths:
        raise UsageError("no source given", hint="name article files or folders, e.g. triptych build articles/")
    skip = outdir.resolve()
    found: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_file():
            found.add(path.resolve())
        elif path.is_dir():
            found.update(_articles_in(path.resolve(), frozenset(SUFFIXES), skip))
        else:
            raise UsageError(f"{given}: no such file or folder", hint="name article files or folders that exist")
    if not found:
        where = ", ".join(str(p) for p in paths)
        kinds = " ".join(sorted(SUFFIXES))
        raise UsageError(f"no article found in {where}", hint=f"articles are files named {kinds}")
    return sorted(found)


def _articles_in(folder: Path, suffixes: frozenset[str], skip: Path) -> Iterator[Path]:
    for root, folders, files in os.walk(folder):
        here = Path(root)
        folders[:] = sorted(
            f for f in folders if not f.startswith(".") and f not in SKIPPED_FOLDERS and here / f != skip
        )
        for name in files:
            path = here / name
            if not name.startswith(".") and path.suffix.lower() in suffixes and path.is_file():
                yield path


def unique_slugs(slugs: Sequence[tuple[Path, str]]) -> dict[Path, str]:
    """Make the slugs unique: in source-path order, a slug already taken gets ``-2``, ``-3``..."""
    from triptych.slug import numbered

    taken: set[str] = set()
    chosen = {}
    for source, slug in sorted(slugs):
        name = numbered(slug, taken)
        taken.add(name)
        chosen[source] = name
    return chosen


# --- the tasks (they run in the worker processes) --------------------------------------------------


@dataclass(frozen=True, slots=True)
class Survey:
    """A source read (its article, without its images yet), or the reason it can't be read."""

    source: Path
    reading: Reading | None
    error: str | None = None
    traceback: str | None = None

    @property
    def slug(self) -> str | None:
        """The slug of the article's title."""
        from triptych.slug import slug_for

        return slug_for(self.reading.article.meta.title) if self.reading is not None else None


def survey(
    source: Path, reader: str | None = None, options: Mapping[str, str] | None = None, language: str | None = None
) -> Survey:
    """Read ``source`` within the limits of ``options`` (never raises)."""
    from triptych.readers import read_source

    try:
        reading = read_source(source, reader=reader, limits=Limits.of(options), language=language, media=False)
    except TriptychError as exc:
        return Survey(source, None, str(exc))
    except Exception as exc:
        return Survey(source, None, f"{type(exc).__name__}: {exc}", traceback.format_exc())
    return Survey(source, reading)


def build_article(job: Job) -> Outcome:
    """Export one article into its folder unless its cached build is still good (never raises)."""
    started = time.perf_counter()
    base = Outcome(source=job.source, status="failed", slug=job.slug, folder=job.folder)
    try:
        outcome = _build(job, base)
    except TriptychError as exc:
        outcome = dataclasses.replace(base, errors=(str(exc),))
    except Exception as exc:
        from triptych.memory import MEMORY_HINT, out_of_memory, over_ceiling

        if out_of_memory(exc):
            memory = Limits.of(job.settings.options).memory
            outcome = dataclasses.replace(base, errors=(f"{over_ceiling(memory)}; {MEMORY_HINT}",))
        else:
            trace = traceback.format_exc()
            outcome = dataclasses.replace(base, errors=(f"{type(exc).__name__}: {exc}",), traceback=trace)
    return dataclasses.replace(outcome, seconds=time.perf_counter() - started)


def _build(job: Job, base: Outcome) -> Outcome:
    from triptych.batch.cache import referenced_name
    from triptych.readers import read_media
    from triptych.run import export_article
    from triptych.run.manifest import manifest_path, up_to_date

    settings = job.settings
    referenced = referenced_files(job.reading.article)
    key = _key(job.source, settings, referenced)
    if not settings.force and up_to_date(manifest_path(job.folder, job.slug), key):
        return dataclasses.replace(base, status="unchanged", formats=settings.formats)
    limits = Limits.of(settings.options)
    reading = dataclasses.replace(job.reading, media=read_media(job.reading.article, limits))
    result = export_article(
        reading,
        list(settings.formats),
        job.folder,
        name=job.slug,
        options=settings.options,
        registry=_registry(),
        check=settings.check,
        concurrent=settings.concurrent,
        cache_key=key,
        referenced=[referenced_name(path, job.source) for path in referenced],
    )
    errors = [f"{o.format} export failed: {o.error}" for o in result.outputs if not o.ok]
    if result.checks is not None:
        errors += [f"{r.path.name} failed its checks ({r.verdict})" for r in result.checks if r.verdict != "pass"]
    return dataclasses.replace(
        base,
        status="built" if result.ok else "failed",
        formats=tuple(o.format for o in result.outputs if o.ok),
        errors=tuple(errors),
        warnings=result.warnings,
        traceback="".join(result.tracebacks) or None,
    )


@functools.cache
def _registry() -> Registry:
    """The exporters, found once per worker process."""
    from triptych.plugins import Registry

    return Registry.discover()


def _key(source: Path, settings: Settings, referenced: Sequence[Path]) -> str:
    from triptych.batch.cache import cache_key

    return cache_key(source, formats=settings.formats, options=settings.options, reader=settings.reader,
                     language=settings.language, check=settings.check, referenced=referenced)  # fmt: skip


def all_unchanged(paths: Sequence[Path], out: Path, settings: Settings) -> list[Outcome] | None:
    """Every article unchanged, when each has a manifest in ``out`` whose key is still its key and
    whose files are all there (read from the manifests, without reading the articles or starting
    a worker); ``None`` as soon as one is not (or with ``force``): then the batch runs as usual."""
    from triptych.run.manifest import recorded_up_to_date

    if settings.force or not paths:
        return None
    recorded: dict[Path, tuple[Path, dict[str, Any], list[str]]] = {}
    for manifest in out.glob("*/*.manifest.json"):
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
            source = Path(data["source"]["path"]).resolve()
            referenced = [str(name) for name in data["cache"]["referenced"]]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if source in recorded:
            return None  # two manifests for one source: let the batch sort it out
        recorded[source] = (manifest, data, referenced)
    outcomes = []
    for source in paths:
        found = recorded.get(source.resolve())
        if found is None:
            return None
        manifest, data, referenced = found
        key = _key(source, settings, [source.parent / name for name in referenced])
        if manifest.parent.name + ".manifest.json" != manifest.name or not recorded_up_to_date(data, manifest, key):
            return None
        slug = manifest.parent.name
        outcomes.append(Outcome(source, "unchanged", slug, manifest.parent, formats=settings.formats))
    return outcomes


def referenced_files(article: Article) -> list[Path]:
    """The files of the article's folder that it refers to: its images."""
    base = article.base_dir
    return sorted({base / src for src in image_sources(article)}) if base is not None else []


# --- running a batch ----------------------------------------------------------------------------


class Listener:
    """What a batch tells the user about its progress (the default says nothing)."""

    def started(self, total: int) -> None:
        """The sources are found; ``total`` articles are about to be read and built."""

    def finished(self, outcome: Outcome) -> None:
        """One article is done (built, unchanged or failed)."""


def build(
    sources: Sequence[str | Path],
    outdir: str | Path,
    settings: Settings,
    executor: Executor,
    listener: Listener | None = None,
) -> BatchResult:
    """Build every article found under ``sources`` into ``OUTDIR/<slug>/`` on ``executor``."""
    from triptych.files import prepare_outdir

    started = time.perf_counter()
    out = _outdir(outdir)
    paths = discover(sources, out)
    prepare_outdir(out)
    listener = listener or Listener()
    listener.started(len(paths))
    if (unchanged := all_unchanged(paths, out, settings)) is not None:  # no worker needed
        for outcome in unchanged:
            listener.finished(outcome)
        return BatchResult(outdir=out, outcomes=tuple(unchanged), seconds=time.perf_counter() - started)
    outcomes: list[Outcome] = []
    readable: list[tuple[Path, str]] = []
    readings: dict[Path, Reading] = {}
    task = functools.partial(survey, reader=settings.reader, options=settings.options, language=settings.language)
    for source, survey_result in _results(executor.run(task, paths), paths):
        if isinstance(survey_result, Survey) and survey_result.reading is not None and survey_result.slug:
            readable.append((source, survey_result.slug))
            readings[source] = survey_result.reading
            continue
        outcome = _failed(source, survey_result)
        outcomes.append(outcome)
        listener.finished(outcome)
    slugs = unique_slugs(readable)
    jobs = [Job(source, slug, out / slug, settings, readings[source]) for source, slug in sorted(slugs.items())]
    for job, result in _results(executor.run(build_article, jobs), jobs):
        outcome = result if isinstance(result, Outcome) else _failed(job.source, result, job)
        outcomes.append(outcome)
        listener.finished(outcome)
    outcomes.sort(key=lambda o: o.source)
    return BatchResult(outdir=out, outcomes=tuple(outcomes), seconds=time.perf_counter() - started)


def _outdir(outdir: str | Path) -> Path:
    text = str(outdir)
    if "://" in text:
        raise UsageError(
            f"-o {text}: output URLs are not supported",
            hint="give a folder path that every worker can see (a shared file system mounted at the same path)",
        )
    return Path(text).resolve()


def _results(results: Iterable[tuple[int, object]], items: Sequence[T]) -> Iterator[tuple[T, object]]:
    for index, result in results:
        yield items[index], result


def _failed(source: Path, result: object, job: Job | None = None) -> Outcome:
    """The outcome of a source whose task failed: a reader error, or a worker that died."""
    if isinstance(result, Survey):
        return Outcome(
            source=source, status="failed", errors=(result.error or "unreadable",), traceback=result.traceback
        )
    message = str(result) if isinstance(result, TriptychError) else f"{type(result).__name__}: {result}"
    return Outcome(
        source=source,
        status="failed",
        slug=job.slug if job else None,
        folder=job.folder if job else None,
        errors=(message,),
    )


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
