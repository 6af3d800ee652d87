"""Triptych's command line: ``triptych export``, ``build``, ``publish``, ``inspect``, ``check``, ``formats``,
``options``, ``serve``.

Argument parsing, the command handlers and printing; the work is done by :mod:`triptych.run`
and :mod:`triptych.batch`. ``python pipeline.py ...`` works the same from a source checkout.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from triptych.errors import EXIT_BAD_INPUT, EXIT_EXPORT_FAILED, EXIT_OK, TriptychError, UsageError, shown
from triptych.source_types import READER_NAMES, SUFFIXES
from triptych.version import __version__

if TYPE_CHECKING:
    from triptych.options import Schema
    from triptych.publishing import BaseUrl, Channel, Published

EXIT_CLOSED_OUTPUT = 141
"""A command whose output was closed before it finished (128 + SIGPIPE, as a shell reports a command
that a closed pipe stopped): it stops quietly."""

EXIT_STATUSES = f"""exit status:
  {EXIT_OK}  every edition was made (and, with --check or for check, passed its checks)
  {EXIT_EXPORT_FAILED}  an exporter failed, or an edition failed its checks (the editions are kept)
  {EXIT_BAD_INPUT}  bad usage, an unknown format or option, a source or file that can't be read, or for
     check a checker that is missing (the message says what to install)
  {EXIT_CLOSED_OUTPUT}  the output was closed before the command was done (... | head): it stopped quietly"""

BUILD_EXIT_STATUSES = f"""exit status:
  {EXIT_OK}  every article was built, or was up to date
  {EXIT_EXPORT_FAILED}  an article failed (it can't be read, an exporter failed, or with --check an edition
     failed its checks): the others are built, and the failures are listed
  {EXIT_BAD_INPUT}  bad usage: no article found, a path that does not exist, an unknown format or option,
     a bad option value, -j 0, an output URL, an unreachable scheduler"""

PUBLISH_EXIT_STATUSES = f"""exit status:
  {EXIT_OK}  the feed, the catalogue and the index page are written (or were already up to date)
  {EXIT_BAD_INPUT}  bad usage: no --base-url, a channel file that can't be read or lacks a field, a folder
     that does not exist"""

OPTION_FLAGS = {
    "page_size": ("--page-size", "page-size", ("a4", "letter"), "PDF page size (default: from the language, else a4)"),
    "style": ("--style", "style", ("standard", "large-print"), "PDF style (default: standard)"),
    "voice": ("--voice", "voice", None, "speech voice id (default: a voice for the article's language)"),
    "rate": ("--rate", "rate", None, "speech rate in words per minute (default: 175)"),
    "audio_format": ("--audio-format", "audio-format", ("mp3", "m4b", "wav"), "audio edition format (default: mp3)"),
    "lexicon": ("--lexicon", "lexicon", None, "pronunciation lexicon file (W3C PLS, or 'word = replacement' lines)"),
}  # fmt: skip
"""The exporter options that have a flag of their own: flag, option key, choices, help. Each is the
same as ``-O KEY=VALUE`` and is checked like it (a test holds them to the exporters' schemas)."""
SWITCHES = {
    "narrated": ("--narrated", "narrated", "EPUB and web page with the narration inside (Media Overlays, read-along)"),
    "print_pages": ("--print-pages", "print-pages",
                    "EPUB with the print edition's page numbers (the default when the PDF is made in the same run)"),
}  # fmt: skip
"""The yes/no exporter options that have a flag of their own: flag, option key, help."""


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

    build = "Make the editions of every article in files and folders, in parallel; skip those up to date."
    _add_build(command("build", build, BUILD_EXIT_STATUSES), reader_help)
    published = command("publish", "Write the podcast feed, the OPDS catalogue and the index page of a build.",
                        PUBLISH_EXIT_STATUSES)  # fmt: skip
    published.add_argument("outdir", metavar="OUTDIR", help="the output folder of triptych build")
    _add_publish_options(published)
    published.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    verify = command("check", "Check editions (PDF, EPUB, MP3/M4B with its VTT), made by Triptych or not.")
    verify.add_argument("files", nargs="+", metavar="FILE", help="a .pdf, .epub, .mp3 or .m4b file")
    verify.add_argument("-o", "--outdir", help="where to write the report (default: beside the first file)")
    verify.add_argument(
        "--verapdf", help="a veraPDF command to run as well (default: verapdf on PATH, $TRIPTYCH_VERAPDF)"
    )

    inspect = command("inspect", "Print the article model as JSON.")
    inspect.add_argument("source", metavar="SOURCE")
    inspect.add_argument("--from", dest="reader", choices=READER_NAMES, help=reader_help)
    inspect.add_argument(
        "--speech", action="store_true", help="print the speech script: one segment a line, its id and what is spoken"
    )
    inspect.add_argument("--lexicon", help="pronunciation lexicon to apply to the speech script")

    formats = command("formats", "List the installed exporters.")
    formats.add_argument("--options", action="store_true", help="also list each exporter's options")
    listing = command("options", "List the options of the run and of each exporter: key, type, default, help.")
    listing.add_argument("formats", nargs="*", metavar="FORMAT", help="only these exporters (default: all)")
    listing.add_argument("--markdown", action="store_true", help="as Markdown tables (the README's)")
    serve = "Run the HTTP service and the browser app (jobs in SQLite under --data)."
    _add_serve(command("serve", serve, SERVE_EXIT))
    return parser


SERVE_EXIT = f"""exit status:
  {EXIT_OK}  the service was stopped (Ctrl-C, SIGTERM)
  {EXIT_BAD_INPUT}  bad usage: a non-loopback --host without --token-file, a port in use, an empty token file"""


def _add_serve(serve: argparse.ArgumentParser) -> None:
    """The arguments of ``serve``."""
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0: any free one)")
    serve.add_argument("--workers", type=int, default=2, help="worker processes (default: 2)")
    serve.add_argument("--data", default="triptych-data", help="jobs and editions (default: triptych-data/)")
    serve.add_argument("--executor", choices=("local", "dask"), default="local",
                       help="local: warm processes here (default); dask: a dask.distributed cluster")  # fmt: skip
    serve.add_argument("--scheduler", metavar="ADDRESS", help="with dask, the scheduler (tcp://HOST:8786)")
    serve.add_argument("--token-file", help="API tokens, one a line (without it: loopback only)")
    serve.add_argument("--callback-secret-file", help="the callbacks' HMAC secret (default: DATA/callback.key)")
    serve.add_argument("--keep-days", type=float, default=7.0, help="remove finished jobs after this (default: 7)")
    serve.add_argument("--max-queue", type=int, default=100, help="jobs waiting before 429 (default: 100)")
    serve.add_argument("--max-upload-bytes", type=int, default=50 * 1024 * 1024,
                       help="largest upload, and largest unpacked zip / 4 (default: 50 MiB)")  # fmt: skip
    serve.add_argument("--max-files", type=int, default=200, help="most files in a zip (default: 200)")
    serve.add_argument("--max-zip-ratio", type=int, default=100, help="most unpacked/packed size (default: 100)")
    serve.add_argument("--no-warm-up", action="store_true", help="workers skip their warm-up article")


def _add_build(batch: argparse.ArgumentParser, reader_help: str) -> None:
    """The arguments of ``build``."""
    found = ", ".join(SUFFIXES)
    batch.add_argument("sources", nargs="+", metavar="SOURCE_OR_DIR",
                       help=f"article files, and folders searched recursively for {found} files")  # fmt: skip
    batch.add_argument(
        "-o", "--outdir", default="out", help="output folder, one sub-folder per article (default: out/)"
    )
    batch.add_argument("-j", "--jobs", type=int, help="worker processes (default: one per core)")
    batch.add_argument("--force", action="store_true", help="rebuild every article, even those up to date")
    batch.add_argument("--executor", choices=("local", "dask"), default="local",
                       help="local: a pool of processes here (default); dask: a dask.distributed cluster")  # fmt: skip
    batch.add_argument("--scheduler", metavar="ADDRESS",
                       help="with dask, the scheduler (tcp://HOST:8786); default: a local cluster")  # fmt: skip
    batch.add_argument("--publish", action="store_true",
                       help="then write the podcast feed, catalogue and index page (needs --base-url)")  # fmt: skip
    _add_publish_options(batch)
    _add_export_options(batch, reader_help)


def _add_publish_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``publish`` and ``build --publish``."""
    parser.add_argument("--base-url", metavar="URL",
                        help="the address OUTDIR is served from, e.g. https://example.org/editions/")  # fmt: skip
    parser.add_argument("--channel", metavar="FILE",
                        help="the channel file: title, owner, image... (default: OUTDIR/channel.toml)")  # fmt: skip


def _add_export_options(parser: argparse.ArgumentParser, reader_help: str) -> None:
    """The options ``export`` and ``build`` share: formats, reader, language, editions' settings."""
    parser.add_argument("-f", "--formats", help="comma-separated formats (default: every installed exporter)")
    parser.add_argument("--from", dest="reader", choices=READER_NAMES, help=reader_help)
    parser.add_argument("--lang", help="the article's language (BCP 47), overriding the source")
    for dest, (flag, _, choices, help_text) in OPTION_FLAGS.items():
        parser.add_argument(flag, dest=dest, choices=choices, help=help_text)
    for dest, (flag, _, help_text) in SWITCHES.items():
        parser.add_argument(flag, dest=dest, action="store_true", help=help_text)
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
    options.update({key: getattr(args, dest) for dest, (_, key, _, _) in OPTION_FLAGS.items() if getattr(args, dest)})
    options.update({key: "yes" for dest, (_, key, _) in SWITCHES.items() if getattr(args, dest)})
    return options


def _error(message: str) -> None:
    """One line on stderr, whatever the message holds (file names in it are quoted by ``shown``)."""
    print(f"triptych: error: {message}".replace("\r", "\\r").replace("\n", "\\n"), file=sys.stderr)


def _options(pairs: list[str]) -> dict[str, str]:
    options = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"-O {pair!r} is not KEY=VALUE", hint="write for example -O page-size=a4")
        options[key.strip()] = value
    return options


def _cmd_export(args: argparse.Namespace) -> int:
    """``triptych export``: each source on its own. Two sources whose titles give the same slug
    never overwrite each other's editions: the first keeps the slug, the next get ``-2``, ``-3``...
    in the order they are given, as ``build`` numbers them."""
    from triptych.plugins import Registry
    from triptych.readers import read_source
    from triptych.run import export_article
    from triptych.run.plan import make_plan
    from triptych.slug import numbered, slug_for

    if args.name and len(args.sources) > 1:
        raise UsageError("--name works with one source only", hint="drop --name to name files after titles")
    registry = Registry.discover()
    options = _export_options(args)
    plan = make_plan(registry, args.formats, options)  # bad usage is said once, before any source is read
    status = EXIT_OK
    taken: set[str] = set()
    for source in args.sources:
        try:
            reading = read_source(source, reader=args.reader, limits=plan.limits, language=args.lang)
            name = args.name or numbered(slug_for(reading.article.meta.title), taken)
            taken.add(name)
            result = export_article(
                reading,
                args.formats,
                args.outdir,
                name=name,
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
                _error(f"{shown(source)}: {output.format} export failed: {output.error}")
        if result.checks is not None:
            from triptych.check.report import print_summary

            print_summary(result.checks)
        if not result.ok:
            status = max(status, EXIT_EXPORT_FAILED)
    return status


def _cmd_build(args: argparse.Namespace) -> int:
    """``triptych build``: every article found, in parallel, each in ``OUTDIR/<slug>/``."""
    from triptych.batch import Settings, build, default_workers
    from triptych.batch.executors import make_executor
    from triptych.batch.report import PlainProgress, RichProgress, print_summary
    from triptych.plugins import Registry
    from triptych.run.plan import make_plan

    publishing = _publishing(args) if args.publish else None  # bad usage is said before any work
    options = _export_options(args)
    if options.get("lexicon"):  # the workers may run elsewhere: give them the whole path
        options["lexicon"] = str(Path(options["lexicon"]).resolve())
    plan = make_plan(Registry.discover(), args.formats, options)  # bad usage is said once, not once per article
    for warning in plan.warnings if not args.quiet else ():
        print(f"triptych: warning: {warning}", file=sys.stderr)
    settings = Settings(
        formats=plan.formats,
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
    if publishing is not None:
        from triptych.batch.report import shown
        from triptych.publishing import publish

        base, channel = publishing
        for outcome in result.outcomes:
            if not outcome.ok and not args.quiet:
                print(f"triptych: warning: left out {shown(outcome.source)}: it failed to build", file=sys.stderr)
        folders = [o.folder for o in result.outcomes if o.ok and o.folder is not None]
        _report_published(publish(result.outdir, base, channel, folders=folders), quiet=args.quiet)
    return EXIT_OK if result.ok else EXIT_EXPORT_FAILED


def _publishing(args: argparse.Namespace) -> tuple[BaseUrl, Channel]:
    """The base URL and the channel of ``publish`` and ``build --publish``, checked."""
    from triptych.publishing import CHANNEL_FILE, BaseUrl, load_channel

    if not args.base_url:
        raise UsageError(
            "publishing needs --base-url", hint="write for example --base-url https://example.org/editions/"
        )
    base = BaseUrl.parse(args.base_url)
    channel = Path(args.channel) if args.channel else Path(args.outdir) / CHANNEL_FILE
    return base, load_channel(channel)


def _cmd_publish(args: argparse.Namespace) -> int:
    """``triptych publish OUTDIR``: the feed, the catalogue and the index page of a build."""
    from triptych.publishing import publish

    outdir = Path(args.outdir)
    if not outdir.is_dir():
        raise UsageError(f"{outdir}: no such folder", hint="give the output folder of triptych build")
    base, channel = _publishing(args)
    _report_published(publish(outdir.resolve(), base, channel), quiet=args.quiet)
    return EXIT_OK


def _report_published(published: Published, *, quiet: bool) -> None:
    if quiet:
        return
    for warning in published.warnings:
        print(f"triptych: warning: {warning}", file=sys.stderr)
    counts = f"{published.episodes} episode(s), {published.books} book(s), {published.articles} article(s)"
    changed = f"{len(published.written)} file(s) written, {len(published.unchanged)} unchanged"
    print(f"published {counts} in {published.outdir}: {changed}")


def _cmd_check(args: argparse.Namespace) -> int:
    from triptych.check import check_files
    from triptych.check.report import overall, print_summary, write_reports
    from triptych.files import prepare_outdir
    from triptych.run.publish import repair

    paths = [Path(f) for f in args.files]
    for folder in dict.fromkeys(p.parent for p in paths if p.parent.is_dir()):
        for slug in repair(folder):  # a run that died among its renames: its set is completed first
            print(
                f"triptych: warning: {shown(folder)}: completed the interrupted publishing of {slug}", file=sys.stderr
            )
    reports = check_files(paths, verapdf=args.verapdf)
    print_summary(reports)
    outdir = prepare_outdir(Path(args.outdir) if args.outdir else paths[0].parent)
    json_path, html_path = write_reports(reports, outdir, paths[0].stem, paths[0].name)
    print(f"report: {json_path} and {html_path}")
    return {"pass": EXIT_OK, "fail": EXIT_EXPORT_FAILED}.get(overall(reports), EXIT_BAD_INPUT)


def _cmd_inspect(args: argparse.Namespace) -> int:
    from triptych.readers import read_article
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
    from triptych.exporter import declared_options
    from triptych.plugins import Registry

    exporters, refused = Registry.discover().load_all()
    for exporter in exporters:
        print(f"{exporter.name:<10} .{exporter.suffix:<6} {exporter.description}")
        if args.options:
            _print_options(declared_options(exporter), indent="    ")
    for problem in refused:
        _error(f"refused: {problem}")
    return EXIT_OK


def _cmd_options(args: argparse.Namespace) -> int:
    from triptych.exporter import declared_options
    from triptych.limits import RUN_OPTIONS
    from triptych.options import markdown_table, shared_options
    from triptych.plugins import Registry

    registry = Registry.discover()
    parts = [] if args.formats else [("every format", RUN_OPTIONS)]
    if args.markdown:  # one table per group of formats that share options, as the README has them
        parts += shared_options({name: declared_options(registry.get(name)) for name in registry.names}).items()
    else:
        parts += [(name, declared_options(registry.get(name))) for name in args.formats or registry.names]
    for name, schema in parts:
        if args.markdown:
            print(f"<!-- options of {name} -->\n{markdown_table(schema)}")
        else:
            print(name)
            _print_options(schema, indent="    ")
    return EXIT_OK


def _cmd_serve(args: argparse.Namespace) -> int:
    from triptych.service import ServiceConfig, serve
    from triptych.service.uploads import Bounds

    limit = args.max_upload_bytes
    bounds = Bounds(max_bytes=limit, max_files=args.max_files, max_unpacked=4 * limit, max_ratio=args.max_zip_ratio)
    serve(ServiceConfig(
        data=Path(args.data).resolve(), host=args.host, port=args.port, workers=args.workers, executor=args.executor,
        scheduler=args.scheduler, token_file=Path(args.token_file) if args.token_file else None,
        callback_secret_file=Path(args.callback_secret_file) if args.callback_secret_file else None,
        keep_days=args.keep_days, max_queue=args.max_queue, bounds=bounds, warm_up=not args.no_warm_up,
    ))  # fmt: skip
    return EXIT_OK


def _print_options(schema: Schema, indent: str) -> None:
    from triptych.options import table

    for key, kind, default, help_text in table(schema):
        print(f"{indent}{key:<18} {kind:<24} default: {default}")
        print(f"{indent}{'':<18} {help_text}")


def _engines_at_once(formats: str | None) -> None:
    """For an ``export`` of the PDF (alone or with others), start the engine server before the
    article is read, so that the PDF engine loads on the other core meanwhile
    (:mod:`triptych.run.isolation`)."""
    from triptych.plugins import Registry
    from triptych.run.isolation import start_server
    from triptych.run.plan import formats_of

    registry = Registry.discover()
    try:
        exporters = [registry.get(name) for name in formats_of(registry, formats)]
    except TriptychError:
        return  # the command says what is wrong
    start_server(exporters)  # when one of them asks for it (the PDF)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "export":
        _engines_at_once(args.formats)
    handlers = {
        "export": _cmd_export,
        "build": _cmd_build,
        "publish": _cmd_publish,
        "inspect": _cmd_inspect,
        "formats": _cmd_formats,
        "check": _cmd_check,
        "options": _cmd_options,
        "serve": _cmd_serve,
    }
    handler = handlers[args.command]
    try:
        from triptych.clock import source_date_epoch

        if args.command in ("export", "build", "check"):
            source_date_epoch()  # the date the files will carry, checked before any work
        status = handler(args)
        sys.stdout.flush()
        return status
    except TriptychError as exc:
        _error(str(exc))
        return exc.exit_status
    except BrokenPipeError:  # the reader of our output went away (inspect ... | head): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # nothing more to flush at exit, and no message about it
        return EXIT_CLOSED_OUTPUT
    except (MemoryError, ImportError, OSError) as exc:
        from triptych.files import disk_error
        from triptych.memory import out_of_memory

        if isinstance(exc, OSError) and (full := disk_error(Path(exc.filename or "."), exc)):
            _error(str(full))  # a write the run's own guards did not expect (a full disk, say)
            return full.exit_status
        if not out_of_memory(exc):
            raise
        _error("out of memory; simplify the article, or lower -j so that fewer run at once (-O max-memory=MiB)")
        return EXIT_EXPORT_FAILED
    except KeyboardInterrupt:
        _error("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
