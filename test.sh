#!/usr/bin/env bash
# Run the whole test suite: lint (ruff), format check, type check (mypy --strict), tests (pytest).
# Extra arguments go to pytest, for example: ./test.sh -k markdown
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x .venv/bin/python ]; then
  echo "test: no .venv here; run ./setup.sh first" >&2
  exit 2
fi
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/pytest "$@"
