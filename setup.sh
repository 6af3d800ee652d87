#!/usr/bin/env bash
# Set up Triptych on a fresh Debian 12 machine and make the editions of the bundled sample article.
#   - installs the system packages the exporters need, when they are missing (apt-get; run as root)
#   - creates .venv with Triptych and its test tools, and node_modules with the npm validators
#   - exports examples/ice-arrests.txt into out/
# Pass --no-sample to skip the sample export.
set -euo pipefail
cd "$(dirname "$0")"

# What each system package is for: see "System dependencies" in README.md.
PACKAGES=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0   # text layout for the PDF engine (WeasyPrint)
  fonts-dejavu-core fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji  # glyphs for every script
  espeak-ng                                              # the speech engine pyttsx3 drives
  ffmpeg                                                 # MP3 encoding, chapters, audio probing
  poppler-utils                                          # pdftotext/pdftoppm, to read PDFs in tests
  chromium                                               # headless browser for Ace by DAISY and page tests
  pandoc                                                 # the peer tool the benchmarks compare against
)

missing=()
for package in "${PACKAGES[@]}"; do
  case "$package" in \#*) continue ;; esac
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
command -v javac >/dev/null || missing+=(default-jdk-headless)  # EPUBCheck runs on Java (its batch runner is compiled)
command -v node >/dev/null || missing+=(nodejs)                 # Ace by DAISY runs on Node.js
command -v npm >/dev/null || missing+=(npm)
python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "setup: Triptych needs Python 3.11 or newer (python3 is $(python3 --version))" >&2
  exit 1
}
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test,cluster]"
# The checkers that come from npm (package.json): Ace by DAISY for `triptych check` (it drives
# Debian's Chromium, so Puppeteer's own browser is not downloaded), and for the tests the Nu Html
# Checker and axe-core.
PUPPETEER_SKIP_DOWNLOAD=true npm ci --no-audit --no-fund --silent

if [ "${1:-}" != "--no-sample" ]; then
  .venv/bin/triptych export examples/ice-arrests.txt -o out
fi
