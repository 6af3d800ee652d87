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
from triptych.plugins import Registry
from triptych.readers import Reading, read_source
from triptych.run.exporting import Made, run_all, run_one
from triptych.run.plan import Plan, make_plan
from triptych.run.publish import article_lock, publish, staging
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
) -> ExportResult:
    """Make the editions of an article already read (``triptych.readers.read_source``), as
    :func:`export` does; with ``cache_key``, a run that makes every edition records it in the
    manifest (see :mod:`triptych.batch.cache`)."""
    plan = make_plan(registry or Registry.discover(), formats, options)
    return run_plan(plan, reading, Path(outdir), name=name, check=check, concurrent=concurrent, cache_key=cache_key)


def run_plan(
    plan: Plan,
    reading: Reading,
    outdir: Path,
    *,
    name: str | None = None,
    check: bool = False,
    concurrent: bool = True,
    cache_key: str | None = None,
) -> ExportResult:
    """Run a plan on an article: export, check, publish, then write the index and the manifest."""
    from triptych.run.index import write_index
    from triptych.run.manifest import manifest_path, write_manifest

    article = reading.article
    slug = checked_name(name) if name is not None else slug_for(article.meta.title)
    out = prepare_outdir(outdir)
    manifest = manifest_path(out, slug)
    with article_lock(out, slug), writing_into(out):
        with staging(out) as stage:
            context = ExportContext(
                article=article,
                options=plan.options,
                media=reading.media,
                offered=plan.offered,
                warnings=[*article.warnings, *plan.warnings],
                work_root=stage / ".work",
            )
            run = partial(run_one, context=context, stage=stage, out=out, slug=slug, timeout=plan.limits.timeout)
            made = run_all(run, plan.exporters, concurrently=concurrent)
            checks = _check(made) if check else None
            made = [work.with_output(publish(work.output, out)) for work in made]
        if checks is not None:
            _write_reports(checks, out, slug, article.meta.title)
        outputs = [work.output for work in made]
        write_index(context, made, out / f"{slug}.index.json")
        write_manifest(manifest, source=reading.path, sha256=reading.sha256, reader=reading.reader, outputs=outputs,
                       warnings=context.warnings, checks=checks, article=article,
                       cache_key=cache_key if _all_made(outputs, checks) else None)  # fmt: skip
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


def _write_reports(reports: list[EditionReport], out: Path, slug: str, title: str) -> None:
    """The reports name the published editions (they were checked while staged)."""
    from triptych.check.report import write_reports

    for report in reports:
        report.path = out / report.path.name
    write_reports(reports, out, slug, title)


def _all_made(outputs: list[Output], checks: list[EditionReport] | None) -> bool:
    return all(o.ok for o in outputs) and (checks is None or all(r.verdict == "pass" for r in checks))
