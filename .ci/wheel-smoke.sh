#!/usr/bin/env bash
# Build Triptych's wheel and use it the way `pip install triptych` users will:
#   1. copy the checkout's files (tracked, plus untracked ones that are not ignored) to a scratch folder
#      and build the wheel there (`pip wheel --no-deps`), so no build/ or egg-info lands in the checkout
#   2. check what is in it: no tests/ or bench/, every package, module and data file, the entry points
#   3. make a fresh virtualenv with only that wheel and its dependencies (from PyPI), no extras
#   4. from a folder outside the checkout: `triptych formats`, an export of the sample article in
#      every format, and `triptych check` of the editions (compiles the EPUBCheck runner that ships
#      in the wheel, into a fresh cache)
# Each step has a time limit. Set KEEP=1 to keep the scratch folder. Usage: bash .ci/wheel-smoke.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# The Python that builds the wheel and makes the fresh virtualenv: the checkout's (setup.sh made it).
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON=python3
WORK="$(mktemp -d "${TMPDIR:-/tmp}/triptych-wheel.XXXXXX")"
if [ "${KEEP:-}" = 1 ]; then
  trap 'echo "wheel-smoke: kept $WORK"' EXIT
else
  trap 'rm -rf "$WORK"' EXIT
fi
START=$SECONDS

say() { printf 'wheel-smoke [%4ds] %s\n' "$((SECONDS - START))" "$*"; }
fail() { say "FAILED: $*" >&2; exit 1; }
# within LIMIT WHAT COMMAND...: run COMMAND, failing with WHAT if it fails or takes over LIMIT seconds.
within() {
  local limit="$1" what="$2" status=0
  shift 2
  say "$what"
  timeout --kill-after=30 "$limit" "$@" || status=$?
  if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then fail "$what: took more than ${limit}s"; fi
  [ "$status" -eq 0 ] || fail "$what: exit status $status"
}

# 1. Build the wheel from a clean copy.
mkdir -p "$WORK/src" "$WORK/dist" "$WORK/outside"
git -C "$ROOT" ls-files -z --cached --others --exclude-standard \
  | (cd "$ROOT" && tar --null --files-from=- --ignore-failed-read -cf - 2>/dev/null) \
  | tar -xf - -C "$WORK/src"
within 600 "building the wheel (pip wheel --no-deps)" \
  "$PYTHON" -m pip wheel --quiet --disable-pip-version-check --no-deps --wheel-dir "$WORK/dist" "$WORK/src"
wheels=("$WORK"/dist/triptych-*.whl)
[ ${#wheels[@]} -eq 1 ] && [ -f "${wheels[0]}" ] || fail "expected one triptych-*.whl in $WORK/dist, found: ${wheels[*]}"
WHEEL="${wheels[0]}"
say "built $(basename "$WHEEL") ($(du -k "$WHEEL" | cut -f1) KiB)"

# 2. What is in it.
"$PYTHON" -m zipfile -l "$WHEEL" > "$WORK/contents.txt"
say "top level of the wheel: $(tail -n +2 "$WORK/contents.txt" | awk '{print $1}' | cut -d/ -f1 | sort -u | tr '\n' ' ')"
if tail -n +2 "$WORK/contents.txt" | awk '{print $1}' | grep -E '^(tests|bench)/'; then
  fail "the wheel holds tests/ or bench/ (listed above)"
fi
within 60 "checking the wheel's contents against the source" \
  "$PYTHON" -P "$ROOT/tests/test_packaging.py" wheel "$WHEEL" "$WORK/src"

# 3. A fresh virtualenv with only the wheel and its dependencies.
within 120 "creating a fresh virtualenv" "$PYTHON" -m venv "$WORK/venv"
VENV="$WORK/venv"
# A current pip, as setup.sh does for .venv (the one venv bundles is older).
within 300 "upgrading pip in the virtualenv" \
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
within 1200 "installing the wheel and its dependencies from PyPI" \
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$WHEEL"
within 60 "pip check (the installed dependencies fit together)" "$VENV/bin/python" -m pip check
PURELIB="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')"
# Run from outside the checkout, with a cache of its own, so nothing comes from the source tree.
cd "$WORK/outside"
export TRIPTYCH_CACHE_DIR="$WORK/cache"
unset PYTHONPATH
within 60 "our top-level names (pipeline, exporters, styles) import from the virtualenv, no one else claims them" \
  "$VENV/bin/python" -P "$ROOT/tests/test_packaging.py" names --under "$PURELIB"

# 4. Use it.
within 60 "triptych formats" "$VENV/bin/triptych" formats > "$WORK/formats.txt"
cat "$WORK/formats.txt"
for format in audio epub html pdf; do
  grep -qE "^$format[[:space:]]" "$WORK/formats.txt" || fail "triptych formats does not list $format"
done
within 900 "triptych export (html, epub, pdf, audio) of examples/ice-arrests.txt" \
  "$VENV/bin/triptych" export "$ROOT/examples/ice-arrests.txt" -f html,epub,pdf,audio -o "$WORK/outside/out" --name sample
for suffix in html epub pdf mp3 vtt manifest.json; do
  [ -s "out/sample.$suffix" ] || fail "the export made no out/sample.$suffix"
done
ls -l out
editions=(out/sample.pdf out/sample.epub out/sample.mp3)
if [ -x "$ROOT/node_modules/.bin/ace-cli" ] && command -v javac >/dev/null; then
  export TRIPTYCH_ACE="$ROOT/node_modules/.bin/ace-cli"
  within 900 "triptych check of the PDF, EPUB and MP3 (EPUBCheck runner compiled from the wheel's source)" \
    "$VENV/bin/triptych" check "${editions[@]}" -o "$WORK/outside/check"
  ls "$TRIPTYCH_CACHE_DIR" | grep -q '^epubcheck-batch-' || fail "triptych check compiled no EPUBCheck runner"
else
  say "skipping triptych check: no node_modules/.bin/ace-cli or javac (run ./setup.sh first)"
fi
say "passed: the wheel installs and works outside the checkout"
