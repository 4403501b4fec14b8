#!/usr/bin/env bash
# Set up nota on a fresh Debian or Ubuntu machine: system libraries, a virtualenv in .venv, and
# (with --test) what the test suite needs: poppler-utils, Chromium, Java and the npm checkers.
# Safe to run again; it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=false
[ "${1:-}" = "--test" ] && want_tests=true

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

packages=(python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig)
$want_tests && packages+=(poppler-utils chromium chromium-driver default-jre-headless nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# On a machine whose Python did not come from Debian, python3-venv is not needed.
python3 -c "import venv, ensurepip" 2>/dev/null && missing=("${missing[@]/python3-venv}")
missing=(${missing[@]+"${missing[@]}"})
if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null; then
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
extras=""
$want_tests && extras="[test]"
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extras}"

if $want_tests && command -v npm >/dev/null; then
  npm ci --silent --no-audit --no-fund >/dev/null
fi
echo "setup: ready (.venv)" >&2
