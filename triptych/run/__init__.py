"""The run: read an article once, make every edition, check them when asked, publish them at once.

``export()`` reads a source and makes its editions; ``export_article()`` does the same for an
article already read (``triptych build`` passes the one it read, so each is parsed once). Both
check the formats and every option first, before anything is read or written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from triptych.context import ExportContext
from triptych.files import prepare_outdir, writing_into
from triptych.memory import memory_ceiling
from triptych.plugins import Registry
from triptych.readers import Reading, read_source
from triptych.run.exporting import Made, run_all, run_one
from triptych.run.plan import Plan, make_plan
from triptych.run.publish import article_lock, publish_set, published, staged_files, staging
from triptych.run.result import ExportResult, Output
from triptych.slug import checked_name, slug_for

if TYPE_CHECKING:
    from triptych.check import EditionReport

__all__ = ["ExportResult", "Output", "export", "export_article"]


def export(
    source: str | Path,
    formats: str | Sequence[str] | None = None,
    outdir: str | Path = "out",
    *,
    name: str | None = None,
    reader: str | None = None,
    language: str | None = None,
    options: Mapping[str, str] | None = None,
    registry: Registry | None = None,
    check: bool = False,
    concurrent: bool = True,
) -> ExportResult:
    """Make the editions of one article.

    ``formats`` is a list or a comma-separated string (default: every installed exporter).
    Files go to ``OUTDIR/<slug>.<suffix>`` with ``OUTDIR/<slug>.manifest.json``; the slug comes
    from the title unless ``name`` is given. Raises ``TriptychError`` for unreadable input or bad
    options before anything is written; an exporter's failure is recorded in the result (its
    ``ok`` is False) and never stops the other exporters. With ``check``, the editions are checked
    (PDF/UA-1, EPUBCheck and Ace, audio and captions) before they are published,
    ``OUTDIR/<slug>.report.json`` and ``.html`` are written, and an EPUB that passes gets its
    conformance claim. ``concurrent=False`` runs the exporters one after another.
    """
    plan = make_plan(registry or Registry.discover(), formats, options)
    reading = read_source(source, reader=reader, limits=plan.limits, language=language)
    return run_plan(plan, reading, Path(outdir), name=name, check=check, concurrent=concurrent)


def export_article(
    reading: Reading,
    formats: str | Sequence[str] | None = None,
    outdir: str | Path = "out",
    *,
    name: str | None = None,
    options: Mapping[str, str] | None = None,
    registry: Registry | None = None,
    check: bool = False,
    concurrent: bool = True,
    cache_key: str | None = None,
    referenced: Sequence[str] = (),
) -> ExportResult:
    """Make the editions of an article already read (``triptych.readers.read_source``), as
    :func:`export` does; with ``cache_key``, a run that makes every edition records it in the
    manifest, with the ``referenced`` files it covers (see :mod:`triptych.batch.cache`)."""
    plan = make_plan(registry or Registry.discover(), formats, options)
    return run_plan(plan, reading, Path(outdir), name=name, check=check, concurrent=concurrent, cache_key=cache_key,
                    referenced=referenced)  # fmt: skip


def run_plan(
    plan: Plan,
    reading: Reading,
    outdir: Path,
    *,
    name: str | None = None,
    check: bool = False,
    concurrent: bool = True,
    cache_key: str | None = None,
    referenced: Sequence[str] = (),
) -> ExportResult:
    """Run a plan on an article: export (within the article's memory ceiling, ``-O max-memory``;
    the checkers, programs of their own, are not held to it), check, publish, then write the index
    and the manifest."""
    from triptych.renditions.print_layout import FIRST_PAGES
    from triptych.run.index import write_index
    from triptych.run.manifest import manifest_path, write_manifest

    article = reading.article
    slug = checked_name(name) if name is not None else slug_for(article.meta.title)
    out = prepare_outdir(outdir)
    manifest = manifest_path(out, slug)
    with article_lock(out, slug), writing_into(out), staging(out, slug) as stage:
        context = ExportContext(
            article=article,
            options=plan.options,
            media=reading.media,
            offered=plan.offered,
            warnings=[*article.warnings, *plan.warnings],
            work_root=stage / ".work",
        )
        run = partial(run_one, context=context, stage=stage, out=out, slug=slug, limits=plan.limits)
        with memory_ceiling(plan.limits.memory):
            made = run_all(run, plan.exporters, concurrently=concurrent, context=context, stage=stage,
                           limits=plan.limits, shared=(FIRST_PAGES,))  # fmt: skip
        checks = _check(made) if check else None
        # The whole set is written in the staging folder, then published at once (manifest last).
        editions = [file for work in made for file in staged_files(work.output)]
        staged = stage / ".run"
        staged.mkdir()
        reports = _write_reports(checks, staged, out, slug, article.meta.title) if checks is not None else []
        write_index(context, made, staged / f"{slug}.index.json")
        made = [work.with_output(published(work.output, out)) for work in made]
        outputs = [work.output for work in made]
        written = [*reports, *([staged / f"{slug}.index.json"] if (staged / f"{slug}.index.json").exists() else [])]
        staged_manifest = staged / manifest.name
        write_manifest(staged_manifest, source=reading.path, sha256=reading.sha256, reader=reading.reader,
                       outputs=outputs, warnings=context.warnings, checks=checks, article=article,
                       cache_key=cache_key if _all_made(outputs, checks) else None, referenced=referenced,
                       located={file.name: file for file in (*editions, *written)})  # fmt: skip
        publish_set(stage, out, slug, [*editions, *written, staged_manifest])
    return ExportResult(
        source=reading.path,
        slug=slug,
        outputs=tuple(outputs),
        manifest=manifest,
        warnings=tuple(context.warnings),
        tracebacks=tuple(work.trace for work in made if work.trace),
        checks=tuple(checks) if checks is not None else None,
    )


def _check(made: list[Made]) -> list[EditionReport]:
    from triptych.run.checking import check_staged

    checked, reports = check_staged(made)
    made[:] = checked
    return reports


def _write_reports(reports: list[EditionReport], staged: Path, out: Path, slug: str, title: str) -> list[Path]:
    """Write the reports into ``staged``, naming the editions as they will be published in ``out``
    (they were checked while staged); return the files written."""
    from triptych.check.report import write_reports

    for report in reports:
        report.path = staged / report.path.name  # the paths in the report are relative to its folder
    written = write_reports(reports, staged, slug, title)
    for report in reports:
        report.path = out / report.path.name
    return list(written)


def _all_made(outputs: list[Output], checks: list[EditionReport] | None) -> bool:
    return all(o.ok for o in outputs) and (checks is None or all(r.verdict == "pass" for r in checks))
