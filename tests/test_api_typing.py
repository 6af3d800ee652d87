"""The Python API is typed for its users: mypy checks a consumer's code against it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

CONSUMER = """
from pathlib import Path

from triptych import ExportResult, Output, export, export_article, read_article, read_source

result = export("article.md", formats="html,epub", outdir="out")
reveal_type(result)
first: Output = result.outputs[0]
reveal_type(first.path)
reveal_type(read_article("article.md").meta.title)
reveal_type(export_article(read_source(Path("a.md")), ["pdf"]).checks)
wrong: int = result.slug
"""


def test_a_consumer_of_the_api_is_type_checked(tmp_path: Path) -> None:
    consumer = tmp_path / "consumer.py"
    consumer.write_text(CONSUMER, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--follow-imports=silent", str(consumer)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    notes = [line.split(": ", 2)[-1] for line in done.stdout.splitlines() if ": note: Revealed type is" in line]
    assert notes == [
        'Revealed type is "triptych.run.result.ExportResult"',
        'Revealed type is "pathlib.Path | None"',
        'Revealed type is "str"',
        'Revealed type is "tuple[triptych.check.findings.EditionReport, ...] | None"',
    ], done.stdout
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1 and 'Incompatible types in assignment (expression has type "str"' in errors[0], errors
