"""Rewrite tests/expected/*.json from the current readers: run after a deliberate model change,
then review the diff (``git diff tests/expected``) before committing.

    .venv/bin/python -m tests.regenerate_expected
"""

from __future__ import annotations

import json
from pathlib import Path

from triptych import read_article
from triptych.serialize import article_data

HERE = Path(__file__).resolve().parent


def main() -> None:
    for source in sorted((HERE / "articles").glob("*.*")):
        data = article_data(read_article(source))
        data["meta"]["source"] = source.name
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        (HERE / "expected" / f"{source.name}.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
