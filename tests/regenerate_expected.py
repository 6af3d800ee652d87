"""Rewrite every golden file from the current readers and speech script, with one command:

    .venv/bin/python -m tests.regenerate_expected

- ``tests/expected/<sample>.json``: the model of each sample article (``triptych inspect``);
- ``tests/expected/<sample>.speech.tsv``: its speech script (``triptych inspect --speech``: one
  segment a line, its id, a tab, what is sent to the speech engine);
- ``tests/fixtures/readers/<name>.json``: the model of each reader fixture beside it (a small
  article that shows one construct, or one attack, of its format).

Run it after a deliberate change to a reader, the model or the speech script, then review the diff
(``git diff tests/expected tests/fixtures``) before committing: tests/test_golden.py compares
against these files.
"""

from __future__ import annotations

from .helpers import EXPECTED, READER_FIXTURES, SAMPLES, model_json, reader_fixtures, speech_tsv


def main() -> None:
    for source in SAMPLES:
        (EXPECTED / f"{source.name}.json").write_text(model_json(source), encoding="utf-8")
        (EXPECTED / f"{source.name}.speech.tsv").write_text(speech_tsv(source), encoding="utf-8")
    for source in reader_fixtures():
        (READER_FIXTURES / f"{source.stem}.json").write_text(model_json(source), encoding="utf-8")


if __name__ == "__main__":
    main()
