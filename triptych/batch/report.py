"""What ``triptych build`` shows: a progress bar on a terminal, plain lines otherwise, then a
summary table and the list of failures."""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TextIO

from triptych.batch import BatchResult, Listener, Outcome

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


def shown(path: Path | None) -> str:
    """A path as the user would write it: relative to the working folder when inside it."""
    if path is None:
        return "-"
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def failure_lines(outcome: Outcome) -> list[str]:
    """One line per error of a failed article, each starting with its source file."""
    source = str(outcome.source)
    lines = []
    for error in outcome.errors:
        rest = error.removeprefix(source)
        lines.append(f"{shown(outcome.source)}{rest}" if rest != error else f"{shown(outcome.source)}: {error}")
    return lines or [f"{shown(outcome.source)}: failed"]


class PlainProgress(Listener):
    """One line per article as it finishes, for logs and pipes (no terminal control codes)."""

    def __init__(self, out: TextIO, outdir: Path, workers: str, *, quiet: bool = False) -> None:
        self.out = out
        self.outdir = outdir
        self.workers = workers
        self.quiet = quiet
        self.total = 0
        self.done = 0

    def started(self, total: int) -> None:
        self.total = total
        if not self.quiet:
            print(f"triptych: building {total} article(s) into {shown(self.outdir)} ({self.workers})", file=self.out)

    def finished(self, outcome: Outcome) -> None:
        self.done += 1
        if self.quiet:
            return
        where = f"-> {shown(outcome.folder)}" if outcome.folder else ""
        line = f"[{self.done}/{self.total}] {outcome.status:<9} {shown(outcome.source)} {where}"
        print(f"{line.rstrip()}  ({outcome.seconds:.2f} s)", file=self.out, flush=True)


class RichProgress(Listener):
    """A progress bar on the terminal: articles done and failed, time spent and left."""

    def __init__(self, workers: str) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.workers = workers
        self.progress: Progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("[red]{task.fields[failed]} failed"),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.task: TaskID | None = None
        self.failed = 0

    def __enter__(self) -> Self:
        self.progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.progress.stop()

    def started(self, total: int) -> None:
        self.task = self.progress.add_task(f"building ({self.workers})", total=total, failed=0)

    def finished(self, outcome: Outcome) -> None:
        if self.task is None:
            return
        self.failed += not outcome.ok
        self.progress.update(self.task, advance=1, failed=self.failed)
        if not outcome.ok:
            self.progress.console.print(f"[red]failed[/red] {shown(outcome.source)}", highlight=False)


def totals(result: BatchResult) -> str:
    """The summary's last line."""
    counts = ", ".join(f"{result.count(status)} {status}" for status in ("built", "unchanged", "failed"))
    return f"{counts} in {result.seconds:.1f} s; outputs in {shown(result.outdir)}"


Row = tuple[str, str, str, str, str, str]
HEADERS: Row = ("article", "folder", "status", "editions", "warnings", "time")


def _rows(result: BatchResult) -> list[Row]:
    return [
        (
            shown(o.source),
            f"{o.slug}/" if o.slug and o.status != "failed" else (o.slug or "-"),
            o.status,
            ",".join(o.formats) or "-",
            str(len(o.warnings)),
            f"{o.seconds:.2f} s",
        )
        for o in result.outcomes
    ]


def print_summary(result: BatchResult, *, terminal: bool, quiet: bool = False, out: TextIO | None = None) -> None:
    """The summary table (rich on a terminal, aligned plain text otherwise; none when ``quiet``),
    then the failures on stderr, one line each with the source file."""
    out = out or sys.stdout
    rows = _rows(result)
    if terminal and not quiet:
        _rich_table(rows, result, out)
    elif not quiet:
        widths = [max(len(cell) for cell in column) for column in zip(HEADERS, *rows, strict=False)]
        for row in (HEADERS, *rows):
            print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip(), file=out)
        print(totals(result), file=out)
    for outcome in result.outcomes:
        if outcome.traceback:
            print(outcome.traceback, file=sys.stderr, end="")
        if not outcome.ok:
            for line in failure_lines(outcome):
                print(f"triptych: error: {line}", file=sys.stderr)


def _rich_table(rows: list[Row], result: BatchResult, out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    colours: dict[str, Any] = {"built": "green", "unchanged": "cyan", "failed": "bold red"}
    table = Table(*HEADERS, title="triptych build", caption=totals(result))
    for row in rows:
        table.add_row(*row[:2], f"[{colours[row[2]]}]{row[2]}", *row[3:])
    Console(file=out).print(table)
