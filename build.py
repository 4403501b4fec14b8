#!/usr/bin/env python3
"""`python build.py ...` is the `nota` command, for a checkout that is not installed."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from nota.cli import main  # noqa: E402

main()
