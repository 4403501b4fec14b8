"""RENDER stage, a mistake in a project's own template: a problem at its line, not a bug in nota.

A project's templates/ replaces nota's files one by one (load/templates.py), so a person may copy a
template, edit it and make a mistake: a Jinja syntax error, a name nota does not give the template,
an include of a file that is not there. That is shown like any content problem, at
`templates/<file>:<line>` with a hint, in `build` and `preview` alike. The same error in one of nota's
own templates is still a bug in nota, and goes on as it was (check/recipe.failure says so).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateError, TemplateSyntaxError

from nota.errors import BuildError, Code, Problem
from nota.i18n import _
from nota.load.templates import Templates
from nota.source import Location


class NotaEnvironment(Environment):
    """A Jinja environment that knows its template folders, to name the file a template error is in."""

    def __init__(self, templates: Templates, **options: Any) -> None:
        super().__init__(**options)
        self.templates = templates


def render(env: Environment, name: str, **context: Any) -> str:
    """Template `name` rendered; BuildError with a located problem when a project's template is wrong."""
    try:
        return env.get_template(name).render(**context)
    except TemplateError as exc:
        problem = project_template_problem(env, exc)
        if problem is None:
            raise
        raise BuildError(problem.message, [problem]) from None


def _place(exc: TemplateError) -> tuple[str, int] | None:
    """The template file and line the error is at: the syntax error's own, else the innermost template
    frame of the traceback (Jinja gives those frames the template's file name and line)."""
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        return exc.filename, exc.lineno
    place = None
    frame = exc.__traceback__
    while frame is not None:
        filename = frame.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            place = filename, frame.tb_lineno
        frame = frame.tb_next
    return place


def project_template_problem(env: Environment, exc: TemplateError) -> Problem | None:
    """The problem for an error in one of the project's own template files (None: elsewhere, e.g. nota's)."""
    place = _place(exc)
    if place is None or not isinstance(env, NotaEnvironment):
        return None
    path = Path(place[0]).resolve()
    if not path.is_relative_to(env.templates.project.resolve()):
        return None
    shown = env.templates.shown(path)
    name = shown.relative_to("templates").as_posix()
    return Problem(_("error in this template: {error}", error=f"{type(exc).__name__}: {exc.message or exc}"),
                   Location(shown, max(place[1], 1)),
                   _("this file replaces nota's own {name}: correct it (compare it with nota's), or delete it "
                     "to use nota's again", name=name), code=Code.RENDER)
