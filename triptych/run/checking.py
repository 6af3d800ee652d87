"""``--check``: the staged editions are checked before anything is published, and an edition that
passes gets its conformance claim (the EPUB's ``dcterms:conformsTo``) while it is still staged."""

from __future__ import annotations

from typing import TYPE_CHECKING

from triptych.files import sha256_file
from triptych.run.exporting import Made

if TYPE_CHECKING:
    from triptych.check import EditionReport


def check_staged(made: list[Made]) -> tuple[list[Made], list[EditionReport]]:
    """Check every staged edition that a checker knows; certify those that pass, through their
    exporter's ``certify`` (when it has one). Return the work with certified outputs re-measured."""
    from dataclasses import replace

    from triptych.check import KINDS, check_files

    staged = [m.output.path for m in made if m.output.path is not None and m.output.path.suffix.lower() in KINDS]
    reports = check_files(staged)
    passed = {r.path: r for r in reports if r.verdict == "pass"}
    checked = []
    for work in made:
        path = work.output.path
        certify = getattr(work.exporter, "certify", None)
        if path in passed and callable(certify):
            certify(path, "; ".join(passed[path].checkers.values()))
            work = work.with_output(replace(work.output, bytes=path.stat().st_size, sha256=sha256_file(path)))
        checked.append(work)
    return checked, reports
