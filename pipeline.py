"""Triptych's orchestrator and command line: read an article once, make every edition.

    triptych export SOURCE... [-f FORMATS] [-o OUTDIR]
    triptych build SOURCE_OR_DIR... [-o OUTDIR] [-j N] [--executor local|dask]
    triptych inspect SOURCE
    triptych formats

``python pipeline.py ...`` works the same from a source checkout.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from triptych import __version__
from triptych.errors import EXIT_BAD_INPUT, EXIT_EXPORT_FAILED, EXIT_OK, TriptychError, UsageError

if TYPE_CHECKING:
    from triptych.check import EditionReport
    from triptych.model import Article
    from triptych.plugins import Registry

EXIT_STATUSES = f"""exit status:
  {EXIT_OK}  every edition was made (and, with --check or for check, passed its checks)
  {EXIT_EXPORT_FAILED}  an exporter failed, or an edition failed its checks (the editions are kept)
  {EXIT_BAD_INPUT}  bad usage, an unknown format, a source or file that can't be read, or for check a
     checker that is missing (the message says what to install)"""

BUILD_EXIT_STATUSES = f"""exit status:
  {EXIT_OK}  every article was built, or was up to date
  {EXIT_EXPORT_FAILED}  an article failed (it can't be read, an exporter failed, or with --check an edition
     failed its checks): the others are built, and the failures are listed
  {EXIT_BAD_INPUT}  bad usage: no article found, a path that does not exist, an unknown format, a bad
     option value, -j 0, an output URL, an unreachable scheduler"""
SUFFIXES_HELP = (".txt", ".text", ".md", ".markdown", ".mdown", ".html", ".htm", ".xhtml")
"""The readers' file extensions (``triptych.readers.SUFFIXES``, which --help must not import)."""


@dataclass(frozen=True, slots=True)
class Output:
    """One edition made (or attempted) by a run."""

    format: str
    path: Path | None
    bytes: int
    sha256: str | None
    seconds: float
    error: str | None = None
    files: tuple[Path, ...] = ()
    details: Mapping[str, str | int | float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the edition was made."""
        return self.error is None


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What ``export`` made from one source."""

    source: Path
    slug: str
    outputs: tuple[Output, ...]
    manifest: Path
    warnings: tuple[str, ...] = ()
    tracebacks: tuple[str, ...] = field(default=(), repr=False)
    checks: tuple[EditionReport, ...] | None = None
    """The accessibility checks of the editions (with ``check=True``)."""

    @property
    def ok(self) -> bool:
        """True when every requested edition was made (and, when checked, passed its checks)."""
        made = all(o.ok for o in self.outputs)
        return made and (self.checks is None or all(r.verdict == "pass" for r in self.checks))


def read_article(path: str | Path, *, reader: str | None = None, language: str | None = None) -> Article:
    """Read an article file into the model (see :func:`triptych.readers.read_article`)."""
    from triptych.readers import read_article as read

    return read(path, reader=reader, language=language)


def _formats(registry: Registry, formats: str | Sequence[str] | None) -> list[str]:
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
) -> ExportResult:
    """Make the editions of one article.

    ``formats`` is a list or a comma-separated string (default: every installed exporter).
    Files go to ``OUTDIR/<slug>.<suffix>`` with ``OUTDIR/<slug>.manifest.json``; the slug comes
    from the title unless ``name`` is given. Raises ``TriptychError`` for unreadable input or bad
    options before anything is written; an exporter's failure is recorded in the result (its
    ``ok`` is False) and never stops the other exporters. With ``check``, the editions are checked
    (PDF/UA-1, EPUBCheck and Ace, audio and captions), ``OUTDIR/<slug>.report.json`` and ``.html``
    are written, and an EPUB that passes gets its conformance claim (``dcterms:conformsTo``,
    ``a11y:certifiedBy``).
    """
    import dataclasses

    from triptych.exporter import ExportContext
    from triptych.files import article_lock, prepare_outdir, staging, writing_into
    from triptych.limits import Limits
    from triptych.plugins import Registry
    from triptych.readers import read_source
    from triptych.slug import checked_name, slug_for

    registry = registry or Registry.discover()
    wanted = _formats(registry, formats)
    limits = Limits.of(options)
    article, loaded, reader_name = read_source(source, reader=reader, limits=limits)
    if language:
        article = dataclasses.replace(article, meta=dataclasses.replace(article.meta, language=language))
    slug = checked_name(name) if name is not None else slug_for(article.meta.title)
    out = prepare_outdir(Path(outdir))
    outputs: list[Output] = []
    tracebacks: list[str] = []
    run_options = dict(options or {})
    if "pdf" in wanted:  # the EPUB carries the print edition's page numbers when both are made
        run_options.setdefault("print-pages", "yes")
    if "audio" in wanted:  # the web edition reads along with the audio edition when both are made
        run_options.setdefault("read-along", "yes")
    manifest = out / f"{slug}.manifest.json"
    with article_lock(out, slug), writing_into(out):
        with staging(out) as stage:
            context = ExportContext(
                article=article, options=run_options, warnings=list(article.warnings), work_root=stage / ".work"
            )

            def run(fmt: str) -> tuple[Output, str | None]:
                return _run_exporter(registry, fmt, article, context, stage, out, slug, limits.timeout)

            for output, trace in _run_all(run, wanted, concurrently=not _flag_off(run_options, "concurrent")):
                outputs.append(output)
                if trace:
                    tracebacks.append(trace)
            outputs = _publish(outputs, out)
        checks = _check_outputs(outputs, out, slug, article.meta.title) if check else None
        _write_index(article, context, outputs, out / f"{slug}.index.json")
        _write_manifest(manifest, loaded.path, loaded.sha256, reader_name, outputs, context.warnings, checks)
    return ExportResult(
        source=loaded.path,
        slug=slug,
        outputs=tuple(outputs),
        manifest=manifest,
        warnings=tuple(context.warnings),
        tracebacks=tuple(tracebacks),
        checks=tuple(checks) if checks is not None else None,
    )


def _write_index(article: Article, context: Any, outputs: list[Output], path: Path) -> None:
    """``OUTDIR/<slug>.index.json``: where each block and sentence is in every edition made."""
    from triptych.files import atomic_write_bytes
    from triptych.index import build_index

    made = {o.format: o for o in outputs if o.ok and o.path is not None}
    if not {"pdf", "epub", "audio"} & set(made):
        return
    editions = {fmt: o.path.name for fmt, o in made.items() if o.path is not None}
    if "audio" in made:
        editions["captions"] = next((f.name for f in made["audio"].files if f.suffix == ".vtt"), "")
    layouts = context.cached_like("print-layout:") if "pdf" in made else []
    epub_ids: set[str] = set()
    epub = made.get("epub")
    if epub is not None and epub.path is not None:
        import zipfile

        from lxml import etree

        with zipfile.ZipFile(epub.path) as book:
            page = etree.fromstring(book.read("EPUB/article.xhtml"))
        epub_ids = {str(element.get("id")) for element in page.iter() if element.get("id")}
    index = build_index(
        article,
        editions=editions,
        pages=layouts[0].first_pages() if layouts else None,
        epub_document="article.xhtml" if epub is not None else None,
        epub_ids=epub_ids,
        narration=context.cached("narration"),
    )
    atomic_write_bytes(path, (json.dumps(index, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


def _check_outputs(outputs: list[Output], out: Path, slug: str, title: str) -> list[EditionReport]:
    """Check what was made; certify the EPUBs that pass; write the reports. Updates ``outputs``."""
    import dataclasses

    from triptych.check import KINDS, check_files
    from triptych.check.report import write_reports
    from triptych.epub.accessibility import claims
    from triptych.epub.package import add_metadata
    from triptych.files import sha256_file

    made = [o.path for o in outputs if o.ok and o.path is not None and o.path.suffix.lower() in KINDS]
    reports = check_files(made)
    for report in reports:
        if report.kind == "epub" and report.verdict == "pass":
            checkers = "; ".join(report.checkers.values())
            add_metadata(report.path, claims(f"Triptych {__version__} ({checkers})"))
            for i, output in enumerate(outputs):
                if output.path == report.path:
                    outputs[i] = dataclasses.replace(
                        output, bytes=report.path.stat().st_size, sha256=sha256_file(report.path)
                    )
    write_reports(reports, out, slug, title)
    return reports


def _flag_off(options: Mapping[str, str], key: str) -> bool:
    return options.get(key, "").lower() in ("no", "false", "0")


def _run_all(
    run: Callable[[str], tuple[Output, str | None]], formats: list[str], *, concurrently: bool
) -> list[tuple[Output, str | None]]:
    """Run every exporter, each in a thread of its own (``concurrently``) or one after another.

    Exporters spend most of their time outside Python's lock (the speech engine and the encoder
    are other processes; the PDF engine's text layout is C), so on two or more cores the run
    takes about as long as its slowest edition. Results come back in the order asked for.
    """
    if not concurrently or len(formats) < 2:
        return [run(fmt) for fmt in formats]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=len(formats), thread_name_prefix="triptych-exporter") as pool:
        return list(pool.map(run, formats))


def _run_exporter(
    registry: Registry, fmt: str, article: Article, context: Any, stage: Path, out: Path, slug: str, timeout: float
) -> tuple[Output, str | None]:
    """Run one exporter into its own staging sub-folder; its files are published with the others."""
    import shutil

    from triptych.exporter import Exported
    from triptych.files import disk_error, sha256_file
    from triptych.timeout import time_limit

    exporter = registry.get(fmt)
    folder = stage / fmt
    folder.mkdir()
    target = folder / f"{slug}.{exporter.suffix}"
    started = time.perf_counter()
    try:
        with time_limit(timeout, f"the {fmt} export"):
            reported = exporter.export(article, target, context)
        if isinstance(reported, Exported) and reported.path is not None:
            target = reported.path
        details = dict(reported.details) if isinstance(reported, Exported) else {}
        if not target.is_file() or target.parent != folder:
            raise TriptychError(f"exporter {fmt!r} finished without writing {target.name}")
    except Exception as exc:  # one exporter's failure never stops the others
        shutil.rmtree(folder, ignore_errors=True)
        message = str(exc) if isinstance(exc, TriptychError) else f"{type(exc).__name__}: {exc}"
        trace = None if isinstance(exc, TriptychError) else traceback.format_exc()
        if error := disk_error(out, exc):
            message, trace = str(error), None
        elapsed = time.perf_counter() - started
        return Output(format=fmt, path=None, bytes=0, sha256=None, seconds=elapsed, error=message), trace
    files = tuple(sorted(p for p in folder.iterdir() if p.is_file()))
    output = Output(
        format=fmt,
        path=target,
        bytes=target.stat().st_size,
        sha256=sha256_file(target),
        seconds=time.perf_counter() - started,
        files=files,
        details=details,
    )
    return output, None


def _publish(outputs: list[Output], out: Path) -> list[Output]:
    """Move every edition made from its staging folder into ``out``, once all exporters are done,
    so a run stopped before this point leaves the previous editions untouched."""
    import dataclasses

    from triptych.files import publish

    published = []
    for output in outputs:
        if output.path is None:
            published.append(output)
            continue
        files = publish(output.path.parent, out)
        published.append(dataclasses.replace(output, path=out / output.path.name, files=tuple(files)))
    return published


def _created() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch and epoch.isdigit() else datetime.now(UTC)
    return moment.isoformat(timespec="seconds")


def _write_manifest(
    path: Path,
    source: Path,
    sha256: str,
    reader: str,
    outputs: Iterable[Output],
    warnings: list[str],
    checks: list[EditionReport] | None = None,
) -> None:
    from triptych.files import atomic_write_bytes

    data = {
        "triptych": __version__,
        "created": _created(),
        "source": {"path": str(source), "sha256": sha256, "reader": reader},
        "outputs": [
            {
                "format": o.format,
                "path": o.path.name if o.path else None,
                "files": [f.name for f in o.files],
                "bytes": o.bytes,
                "sha256": o.sha256,
                "seconds": round(o.seconds, 4),
                "status": "ok" if o.ok else "failed",
                **({"details": dict(o.details)} if o.details else {}),
                **({"error": o.error} if o.error else {}),
            }
            for o in outputs
        ],
        "warnings": warnings,
    }
    if checks is not None:
        from triptych.check.report import overall

        data["checks"] = {
            "verdict": overall(checks),
            "report": f"{path.name.removesuffix('.manifest.json')}.report.json",
            "editions": {r.path.name: r.verdict for r in checks},
        }
    atomic_write_bytes(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


# --- command line ----------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="triptych",
        description="Turn one news article into accessible editions: web page, PDF, EPUB, audio.",
        epilog=EXIT_STATUSES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"triptych {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str, epilog: str = EXIT_STATUSES) -> argparse.ArgumentParser:
        return commands.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    reader_help = "force the reader instead of choosing it from the file (text, markdown, html)"
    run = command("export", "Make the editions of one or more articles.")
    run.add_argument("sources", nargs="+", metavar="SOURCE", help="article file: .txt, .md or .html")
    run.add_argument("-o", "--outdir", default="out", help="output folder (default: out/)")
    run.add_argument("--name", help="file-name stem instead of the slug of the title (one source only)")
    _add_export_options(run, reader_help)

    batch = command(
        "build",
        "Make the editions of every article in files and folders, in parallel; "
        "skip the articles whose editions are up to date.",
        BUILD_EXIT_STATUSES,
    )
    batch.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE_OR_DIR",
        help="article files, and folders searched recursively for " + ", ".join(SUFFIXES_HELP) + " files",
    )
    batch.add_argument(
        "-o", "--outdir", default="out", help="output folder, one sub-folder per article (default: out/)"
    )
    batch.add_argument("-j", "--jobs", type=int, help="worker processes (default: one per core)")
    batch.add_argument("--force", action="store_true", help="rebuild every article, even those up to date")
    batch.add_argument(
        "--executor",
        choices=("local", "dask"),
        default="local",
        help="local: a pool of processes on this machine (default); dask: a dask.distributed cluster",
    )
    batch.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --executor dask, the scheduler's address (tcp://HOST:8786); default: a local cluster of -j workers",
    )
    _add_export_options(batch, reader_help)

    verify = command("check", "Check editions (PDF, EPUB, MP3/M4B with its VTT), made by Triptych or not.")
    verify.add_argument("files", nargs="+", metavar="FILE", help="a .pdf, .epub, .mp3 or .m4b file")
    verify.add_argument("-o", "--outdir", help="where to write the report (default: beside the first file)")
    verify.add_argument(
        "--verapdf", help="a veraPDF command to run as well (default: verapdf on PATH, $TRIPTYCH_VERAPDF)"
    )

    inspect = command("inspect", "Print the article model as JSON.")
    inspect.add_argument("source", metavar="SOURCE")
    inspect.add_argument("--from", dest="reader", choices=("text", "markdown", "html"), help=reader_help)
    inspect.add_argument(
        "--speech", action="store_true", help="print the speech script: one segment a line, its id and what is spoken"
    )
    inspect.add_argument("--lexicon", help="pronunciation lexicon to apply to the speech script")

    command("formats", "List the installed exporters.")
    return parser


def _add_export_options(parser: argparse.ArgumentParser, reader_help: str) -> None:
    """The options ``export`` and ``build`` share: formats, reader, language, editions' settings."""
    parser.add_argument("-f", "--formats", help="comma-separated formats (default: every installed exporter)")
    parser.add_argument("--from", dest="reader", choices=("text", "markdown", "html"), help=reader_help)
    parser.add_argument("--lang", help="the article's language (BCP 47), overriding the source")
    parser.add_argument(
        "--page-size", choices=("a4", "letter"), help="PDF page size (default: from the language's region, else A4)"
    )
    parser.add_argument("--style", choices=("standard", "large-print"), help="PDF style (default: standard)")
    parser.add_argument("--voice", help="speech voice id (default: a voice for the article's language)")
    parser.add_argument("--rate", type=int, help="speech rate in words per minute (default: 175)")
    parser.add_argument("--audio-format", choices=("mp3", "m4b", "wav"), help="audio edition format (default: mp3)")
    parser.add_argument("--lexicon", help="pronunciation lexicon file (W3C PLS, or 'word = replacement' lines)")
    parser.add_argument(
        "--narrated",
        action="store_true",
        help="EPUB and web page with the narration inside (Media Overlays, read-along)",
    )
    parser.add_argument(
        "--print-pages",
        action="store_true",
        help="EPUB with the print edition's page numbers (the default when the PDF is made in the same run)",
    )
    parser.add_argument(
        "-O", "--option", action="append", default=[], metavar="KEY=VALUE", help="an exporter option (repeatable)"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    parser.add_argument(
        "--check",
        action="store_true",
        help="check the editions made (PDF/UA-1, EPUBCheck and Ace, audio and captions); exit 1 if one fails",
    )


def _export_options(args: argparse.Namespace) -> dict[str, str]:
    """The exporter options of ``export`` and ``build``: ``-O KEY=VALUE`` and the named options."""
    options = _options(args.option)
    chosen = {
        "page-size": args.page_size,
        "style": args.style,
        "voice": args.voice,
        "rate": str(args.rate) if args.rate is not None else None,
        "audio-format": args.audio_format,
        "lexicon": args.lexicon,
        "narrated": "yes" if args.narrated else None,
        "print-pages": "yes" if args.print_pages else None,
    }
    options.update({key: value for key, value in chosen.items() if value})
    return options


def _error(message: str) -> None:
    print(f"triptych: error: {message}", file=sys.stderr)


def _options(pairs: list[str]) -> dict[str, str]:
    options = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"-O {pair!r} is not KEY=VALUE", hint="write for example -O page-size=a4")
        options[key.strip()] = value
    return options


def _cmd_export(args: argparse.Namespace) -> int:
    from triptych.plugins import Registry

    if args.name and len(args.sources) > 1:
        raise UsageError("--name works with one source only", hint="drop --name to name files after titles")
    registry = Registry.discover()
    options = _export_options(args)
    status = EXIT_OK
    for source in args.sources:
        try:
            result = export(
                source,
                args.formats,
                args.outdir,
                name=args.name,
                reader=args.reader,
                language=args.lang,
                options=options,
                registry=registry,
                check=args.check,
            )
        except TriptychError as exc:
            _error(str(exc))
            status = max(status, exc.exit_status)
            continue
        for warning in result.warnings:
            if not args.quiet:
                print(f"triptych: warning: {warning}", file=sys.stderr)
        for trace in result.tracebacks:
            print(trace, file=sys.stderr, end="")
        for output in result.outputs:
            if output.ok and not args.quiet:
                print(f"{output.format:<6} {output.path}  ({output.bytes:,} bytes, {output.seconds:.2f} s)")
            elif not output.ok:
                _error(f"{source}: {output.format} export failed: {output.error}")
        if result.checks is not None:
            from triptych.check.report import print_summary

            print_summary(result.checks)
        if not result.ok:
            status = max(status, EXIT_EXPORT_FAILED)
    return status


def _cmd_build(args: argparse.Namespace) -> int:
    """``triptych build``: every article found, in parallel, each in ``OUTDIR/<slug>/``."""
    from triptych.batch import Settings, build, default_workers
    from triptych.batch_report import PlainProgress, RichProgress, print_summary
    from triptych.executors import make_executor
    from triptych.limits import Limits
    from triptych.plugins import Registry

    options = _export_options(args)
    Limits.of(options)  # a bad limit is bad usage, said once, not one failure per article
    if options.get("lexicon"):  # the workers may run elsewhere: give them the whole path
        options["lexicon"] = str(Path(options["lexicon"]).resolve())
    settings = Settings(
        formats=tuple(_formats(Registry.discover(), args.formats)),
        reader=args.reader,
        language=args.lang,
        options=options,
        check=args.check,
        force=args.force,
    )
    terminal = sys.stdout.isatty() and sys.stderr.isatty()
    jobs = args.jobs if args.jobs is not None else default_workers()
    with make_executor(args.executor, jobs, args.scheduler) as executor:
        workers = f"{executor.name} executor, {executor.workers or 'all'} workers"
        if terminal and not args.quiet:
            with RichProgress(workers) as progress:
                result = build(args.sources, args.outdir, settings, executor, progress)
        else:
            listener = PlainProgress(sys.stdout, Path(args.outdir), workers, quiet=args.quiet)
            result = build(args.sources, args.outdir, settings, executor, listener)
    print_summary(result, terminal=terminal, quiet=args.quiet)
    return EXIT_OK if result.ok else EXIT_EXPORT_FAILED


def _cmd_check(args: argparse.Namespace) -> int:
    from triptych.check import check_files
    from triptych.check.report import overall, print_summary, write_reports
    from triptych.files import prepare_outdir

    paths = [Path(f) for f in args.files]
    reports = check_files(paths, verapdf=args.verapdf)
    print_summary(reports)
    outdir = prepare_outdir(Path(args.outdir) if args.outdir else paths[0].parent)
    json_path, html_path = write_reports(reports, outdir, paths[0].stem, paths[0].name)
    print(f"report: {json_path} and {html_path}")
    return {"pass": EXIT_OK, "fail": EXIT_EXPORT_FAILED}.get(overall(reports), EXIT_BAD_INPUT)


def _cmd_inspect(args: argparse.Namespace) -> int:
    from triptych.serialize import article_data

    article = read_article(args.source, reader=args.reader)
    if args.speech:
        from triptych.speech.lexicon import load_lexicon
        from triptych.speech.script import speech_script

        lexicon = load_lexicon(Path(args.lexicon)) if args.lexicon else None
        for segment in speech_script(article, lexicon=lexicon):
            sys.stdout.write(f"{segment.id}\t{segment.spoken}\n")
        return EXIT_OK
    json.dump(article_data(article), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return EXIT_OK


def _cmd_formats(args: argparse.Namespace) -> int:
    from triptych.plugins import Registry

    exporters, refused = Registry.discover().load_all()
    for exporter in exporters:
        print(f"{exporter.name:<10} .{exporter.suffix:<6} {exporter.description}")
    for problem in refused:
        _error(f"refused: {problem}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    handlers = {
        "export": _cmd_export,
        "build": _cmd_build,
        "inspect": _cmd_inspect,
        "formats": _cmd_formats,
        "check": _cmd_check,
    }
    handler = handlers[args.command]
    try:
        return handler(args)
    except TriptychError as exc:
        _error(str(exc))
        return exc.exit_status
    except KeyboardInterrupt:
        _error("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
