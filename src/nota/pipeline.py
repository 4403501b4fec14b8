"""The stages in order: load → model → check → render → write. No message formatting here.

`check` is the first half of `build`. A document with errors is not rendered and none of its files
are written; the other documents still build.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nota.checks import check_document
from nota.errors import Problem, Severity, sort_key
from nota.outline import Outline, build_outline
from nota.project import Document, load_document, select
from nota.theme import Theme, load_theme


@dataclass
class Checked:
    """One document after LOAD, MODEL and CHECK."""

    id: str
    document: Document | None
    outline: Outline | None
    theme: Theme | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return self.document is not None and self.theme is not None and not any(p.is_error for p in self.problems)


@dataclass
class BuildReport:
    checked: list[Checked]
    written: dict[str, list[Path]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def problems(self) -> list[Problem]:
        return sorted((p for c in self.checked for p in c.problems), key=sort_key)

    @property
    def failed(self) -> list[str]:
        return [c.id for c in self.checked if not c.ok]


def check_one(root: Path, doc_id: str, strict: bool = False) -> Checked:
    """Load, validate and check one document."""
    doc, problems = load_document(root, doc_id)
    outline = theme = None
    if doc is not None:
        outline = build_outline(doc)
        problems += check_document(doc, outline)
        theme, theme_problems = load_theme(root, doc.meta.theme)
        problems += theme_problems
    if strict:
        problems = [p.promoted() if p.severity is Severity.WARNING else p for p in problems]
    return Checked(doc_id, doc, outline, theme, sorted(problems, key=sort_key))


def check(root: Path, names: tuple[str, ...] = (), strict: bool = False) -> list[Checked]:
    """Check the named documents (all when none are named); write nothing."""
    return [check_one(root, doc_id, strict) for doc_id in select(root, names)]


def build(root: Path, out: Path, names: tuple[str, ...] = (), *, pdf: bool = True, strict: bool = False,
          progress: Callable[[str], None] | None = None) -> BuildReport:
    """Check, render and write every named document that has no errors."""
    from nota.output import write_files
    from nota.render import render_document

    report = BuildReport(check(root, names, strict))
    for checked in report.checked:
        if not checked.ok or checked.document is None or checked.outline is None or checked.theme is None:
            continue
        started = time.perf_counter()
        files = render_document(root, checked.document, checked.outline, checked.theme, pdf=pdf,
                                progress=progress)
        report.written[checked.id] = write_files(out / checked.id, files)
        report.seconds[checked.id] = time.perf_counter() - started
    return report
