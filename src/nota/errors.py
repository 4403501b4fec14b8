"""Problems with a place: every message a user sees names file, line and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a content file; line and column are 1-based, as editors count."""

    path: Path
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path.as_posix()}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content: what, where, and how to fix it."""

    message: str
    where: Location
    hint: str = ""
    severity: Severity = Severity.ERROR
    code: str = "content"
    # the document folder name, so a build can skip only the broken document
    document: str = field(default="", compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        return f"{self.where}: {self.severity.value}: {self.message}"

    def promoted(self) -> Problem:
        """Return this problem as an error (for --strict)."""
        return Problem(self.message, self.where, self.hint, Severity.ERROR, self.code, self.document)


def sort_key(problem: Problem) -> tuple[str, int, int, str]:
    """Group problems per file, then by line and column."""
    where = problem.where
    return (where.path.as_posix(), where.line, where.column, problem.message)


class NotaError(Exception):
    """Base of every error the core raises; the CLI turns it into a message and an exit code."""


class ContentError(NotaError):
    """A single located problem that stops loading a file."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class UsageError(NotaError):
    """The command was asked for something that does not exist (exit status 2)."""


class BuildError(NotaError):
    """Rendering or writing failed after the content checked clean."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []
