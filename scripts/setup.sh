#!/usr/bin/env bash
# Set up nota on a fresh Debian (12 or newer) machine: system libraries, a virtualenv in .venv, and
# (with --test) what the test suite needs: poppler-utils, Chromium, Java and the npm checkers (axe-core,
# pa11y, vnu-jar).
# Safe to run again; it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=false
[ "${1:-}" = "--test" ] && want_tests=true

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

missing=()
need_package() {  # need_package PACKAGE: install it unless dpkg has it
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed" || missing+=("$1")
}
need_command() {  # need_command COMMAND PACKAGE: install PACKAGE unless COMMAND is already there
  command -v "$1" >/dev/null || missing+=("$2")
}
for lib in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig; do need_package "$lib"; done
python3 -c "import venv, ensurepip" 2>/dev/null || need_package python3-venv
if $want_tests; then
  need_command pdftoppm poppler-utils
  need_command chromium chromium
  need_command chromedriver chromium-driver
  need_command java default-jre-headless
  need_command npm npm
  need_command git git
fi
if [ ${#missing[@]} -gt 0 ] && ! command -v apt-get >/dev/null; then
  echo "setup: please install ${missing[*]} (or their equivalents) with your system's package manager" >&2
  exit 1
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# a half-made .venv (an earlier run stopped midway) has python but no pip: make it again
.venv/bin/python -m pip --version >/dev/null 2>&1 || { rm -rf .venv && python3 -m venv .venv; }
extras=""
$want_tests && extras="[test]"
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extras}"

if $want_tests; then
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --silent --no-audit --no-fund >/dev/null  # pa11y uses the system Chromium
fi
echo "setup: ready (.venv)" >&2
