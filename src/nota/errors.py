"""Problems with a place: every message a user sees names file, line and column, a hint and a code.

A problem's `code` is part of the JSON output that editors and CI read, so the codes are an enum
with stable values, each explained in docs/problem-codes.md (a test keeps the two in step).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from nota.source import Location


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Code(StrEnum):
    """What kind of problem it is. The values are stable: tools may match on them."""

    # loading a file
    YAML = "yaml"
    DUPLICATE_KEY = "duplicate-key"
    CHARACTERS = "characters"
    FILE = "file"
    LIMIT = "limit"
    EMPTY_FILE = "empty-file"
    MISSING_FILE = "missing-file"
    UNUSED_FILE = "unused-file"
    # the shape of a file (the models)
    MISSING_KEY = "missing-key"
    UNKNOWN_KEY = "unknown-key"
    WRONG_TYPE = "wrong-type"
    NOT_A_CHOICE = "not-a-choice"
    UNKNOWN_TYPE = "unknown-type"
    MISSING_TYPE = "missing-type"
    FORM = "form"
    LENGTH = "length"
    RANGE = "range"
    DATE = "date"
    AMOUNT = "amount"
    YEARS = "years"
    ADVICE = "advice"
    FIGURE = "figure"
    INVALID = "invalid"
    # rules across fields and files
    DUPLICATE_ID = "duplicate-id"
    BROKEN_REFERENCE = "broken-reference"
    UNUSED_FOOTNOTE = "unused-footnote"
    RAW_HTML = "raw-html"
    PASTED_LIST = "pasted-list"
    MARKDOWN_TABLE = "markdown-table"
    MARKDOWN_IMAGE = "markdown-image"
    UNSAFE_LINK = "unsafe-link"
    CELL_COUNT = "cell-count"
    AWAITING_ADVICE = "awaiting-advice"
    AWAITING_RESPONSE = "awaiting-response"
    MISSING_RESPONSE = "missing-response"
    IMAGE = "image"
    CONTRAST = "contrast"
    STILL_CONCEPT = "still-concept"
    # budget tables
    EMPTY_TABLE = "empty-table"
    YEAR_COUNT = "year-count"
    PM = "pm"
    TOTAL_MISMATCH = "total-mismatch"
    TOTAL_TOLERANCE = "total-tolerance"
    PUBLISHED = "published"
    PUBLISHED_CORRECTED = "published-corrected"
    EQUALS_MISMATCH = "equals-mismatch"
    EQUALS_CYCLE = "equals-cycle"
    CARRIED_FORWARD = "carried-forward"
    MARKER = "marker"
    TAAKVELD = "taakveld"
    CHART_YEAR = "chart-year"
    CHART_LINES = "chart-lines"
    # building
    LAYOUT = "layout"
    RUNT = "runt"
    RENDER = "render"
    WRITE = "write"
    INTERNAL = "internal"


@dataclass(frozen=True)
class Related:
    """Another place a problem concerns ("first used here"), shown beside it."""

    where: Location
    note: str


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content: what, where, and how to fix it."""

    message: str
    where: Location
    hint: str = ""
    severity: Severity = Severity.ERROR
    code: Code = Code.INVALID
    # the document folder name, so a build can skip only the broken document
    document: str = field(default="", compare=False)
    related: tuple[Related, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        return f"{self.where}: {self.severity.value}: {self.message}"

    def promoted(self) -> Problem:
        """Return this problem as an error (for --strict)."""
        return replace(self, severity=Severity.ERROR)

    def of(self, document: str) -> Problem:
        """Return this problem as one of a document (unless it already names one)."""
        return self if self.document else replace(self, document=document)


def sort_key(problem: Problem) -> tuple[str, int, int, str]:
    """Group problems per file, then by line and column."""
    where = problem.where
    return (where.path.as_posix(), where.line, where.column, problem.message)


def in_order(problems: Iterable[Problem]) -> list[Problem]:
    """Problems per file, by line and column, and each once: a file that several documents use (a theme,
    a template) is judged for each of them, but its mistake is told once."""
    return sorted(dict.fromkeys(problems), key=sort_key)


class NotaError(Exception):
    """Base of every error the core raises; the CLI turns it into a message and an exit code."""


class ContentError(NotaError):
    """A file that cannot be loaded: its located problems, the first of which stopped the loader.

    `rest` is what could still be read after a YAML syntax error (load/resume.py): the file's data
    with the broken parts left out, so the model can still report the other, independent problems of
    the file in the same run. None when nothing more could be read.
    """

    def __init__(self, problems: Problem | list[Problem], rest: Any = None) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__(str(self.problems[0]))
        self.problem = self.problems[0]
        self.rest = rest


class UsageError(NotaError):
    """The command was asked for something that does not exist (exit status 2)."""


class BuildError(NotaError):
    """Rendering or writing failed after the content checked clean."""

    def __init__(self, message: str, problems: list[Problem] | None = None, hint: str = "") -> None:
        super().__init__(message)
        self.problems = problems or []
        self.hint = hint


class LimitExceeded(BuildError):
    """Checking or rendering one document went over its time or memory budget."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message, hint=hint)
