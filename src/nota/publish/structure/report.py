"""PUBLISH stage, structure pass: what it did (for tests and the benchmark), and its one error.

Kept apart so that every module of the pass can raise `TreeError` without importing the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class TreeError(Exception):
    """The PDF and the HTML do not line up: the tree would be wrong, so none is written."""


@dataclass
class FixReport:
    """What the pass did: counts a test can hold against the document, and the text it could not place."""

    elements: int = 0
    mcids_tagged: int = 0
    artifacts: dict[str, int] = field(default_factory=dict)  # artifact type -> marked sequences
    annotations_kept: int = 0
    annotations_dropped: int = 0
    links_widened: int = 0  # annotations of no height or width given their glyphs' area
    links_unsized: int = 0  # such annotations whose link shows no glyph to size them by
    to_unicode_fixed: dict[str, dict[int, str]] = field(default_factory=dict)  # font -> code -> text
    generated: list[str] = field(default_factory=list)  # text the stylesheet made (bullets, counters)
