#!/usr/bin/env bash
# Every check a change must pass, as CI runs them: lint (ruff), types (mypy --strict), then the tests.
#   ./scripts/test.sh                 everything
#   ./scripts/test.sh -m "not slow"   the fast inner loop (no PDFs, no browser); other pytest arguments pass on
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check src tests benchmarks
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
