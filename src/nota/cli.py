"""The `nota` command line: each command turns options into one pipeline call and an exit code.

Exit status: 0 success (warnings allowed), 1 content errors, 2 usage errors.
"""

from __future__ import annotations

import gc

# short-lived objects by the million: collecting every 700 cost 8% of `check`; set before the imports below
gc.set_threshold(50_000, 20, 20)

import sys  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import click  # noqa: E402

from nota import clihelp, i18n, pipeline, report  # noqa: E402
from nota.errors import NotaError, UsageError, in_order  # noqa: E402
from nota.i18n import N_, _, ngettext  # noqa: E402

# the help texts are marked N_() and shown in the run's language (clihelp.py)


class _Exit1(click.ClickException):
    """Exit status 1 with a message; "Error:" is put into words when it is raised, in the run's language
    (click shows it after the command's context, and with it the chosen language, has closed)."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.shown = _("Error: {message}", message=message)

    def show(self, file: Any = None) -> None:
        click.echo(self.shown, file=file or sys.stderr)


class _Usage(click.UsageError):
    """A usage error of nota's own (exit status 2), its "Error:" in the run's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.shown = _("Error: {message}", message=message)

    def show(self, file: Any = None) -> None:
        click.echo(self.shown, file=file or sys.stderr)


@contextmanager
def core_errors() -> Iterator[None]:
    """Map the core's errors to Click's: usage errors exit 2, build errors exit 1, never a traceback."""
    try:
        yield
    except UsageError as exc:
        raise _Usage(str(exc)) from None
    except NotaError as exc:
        raise _Exit1(str(exc)) from None


def _root(ctx: click.Context) -> Path:
    return Path(ctx.obj["root"])


def _show_problems(problems: list, fmt: str, root: Path) -> None:  # type: ignore[type-arg]
    if problems:
        colour = fmt == "text" and sys.stderr.isatty()
        click.echo(report.render(problems, fmt, root, colour), err=fmt == "text")


def _summary(problems: list) -> str:  # type: ignore[type-arg]
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    return _("{errors}, {warnings}", errors=ngettext("{n} error", "{n} errors", errors),
             warnings=ngettext("{n} warning", "{n} warnings", warnings))


@clihelp.group(context_settings={"help_option_names": ["-h", "--help"]},
               help=N_("nota: build accessible HTML and PDF editions of policy documents kept as YAML in content/."),
               epilog=N_("Example: python build.py check, then python build.py build (python build.py list shows "
                         "the documents)"))
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
              help=N_("Project folder holding content/ and templates/."))
@click.option("--lang", type=click.Choice(i18n.LANGUAGES), default=None, is_eager=True, callback=clihelp.language,
              help=N_("Language of messages and hints: en or nl (default: NOTA_LANG, else the locale)."))
@click.version_option(package_name="nota")
@click.pass_context
def cli(ctx: click.Context, root: Path, lang: str | None) -> None:
    ctx.obj = {"root": root}


FORMAT = click.option("--format", "fmt", type=click.Choice(report.FORMATS), default="text", show_default=True,
                      help=N_("text for people, json for tools, github for GitHub Actions annotations."))
STRICT = click.option("--strict", is_flag=True, help=N_("Treat warnings as errors."))


@cli.command(help=N_("Load and validate content; write nothing."),
             epilog=N_("Example: python build.py check programmaplan-2022 --format github"))
@click.argument("documents", nargs=-1)
@STRICT
@FORMAT
@click.pass_context
def check(ctx: click.Context, documents: tuple[str, ...], strict: bool, fmt: str) -> None:
    root = _root(ctx)
    with core_errors():
        checked = pipeline.check(root, documents, strict)
    problems = in_order(p for c in checked for p in c.problems)
    _show_problems(problems, fmt, root)
    failed = [c.id for c in checked if not c.ok]
    if failed:
        raise _Exit1(_("{summary}; not publishable: {documents}", summary=_summary(problems),
                       documents=", ".join(failed)))
    if fmt == "text":
        click.echo(_("content OK: {documents}, {summary}", summary=_summary(problems),
                     documents=ngettext("{n} document", "{n} documents", len(checked))), err=True)


@cli.command(epilog=N_("Example: python build.py build programmaplan-2022 --html-only"), help=N_(
    "Check, then write output/<document>/<document>.html and .pdf for every document without errors "
    "(one unchanged since its last build comes from output/.cache/ after its check; --no-cache)."))
@click.argument("documents", nargs=-1)
@click.option("--html-only", is_flag=True, help=N_("Skip the PDF."))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=N_("Output folder (default: output/ in the project)."))
@click.option("--jobs", "-j", type=click.IntRange(min=1), help=N_("PDFs typeset at once (default: one per core)."))
@click.option("--no-cache", is_flag=True, help=N_("Build every document again, even when nothing changed."))
@STRICT
@FORMAT
@click.pass_context
def build(ctx: click.Context, documents: tuple[str, ...], html_only: bool, out: Path | None, jobs: int | None,
          no_cache: bool, strict: bool, fmt: str) -> None:
    root = _root(ctx)
    with core_errors():
        result = pipeline.build(root, out or root / "output", documents, pdf=not html_only, strict=strict,
                                progress=lambda message: click.echo(message, err=True), jobs=jobs,
                                use_cache=not no_cache)
    _show_problems(result.problems, fmt, root)
    for doc_id, paths in result.written.items():
        main_files = [p for p in paths if p.suffix in (".html", ".pdf") and p.parent.name == doc_id]
        shown = ", ".join(str(p) for p in main_files)
        click.echo(f"{doc_id}: {shown} ({i18n.seconds(result.seconds[doc_id])})", err=True)
    if result.failed:
        raise _Exit1(_("{summary}; not built: {documents} (previous output kept)", summary=_summary(result.problems),
                       documents=", ".join(result.failed)))


@cli.command(name="list", help=N_("Show every document with its title, status and number of chapters."),
             epilog=N_("Example: python build.py list"))
@click.pass_context
def list_documents(ctx: click.Context) -> None:
    for c in pipeline.check(_root(ctx)):
        if c.document is None:
            click.echo(f"{c.id}\t" + _("(cannot be read: run check)"))
            continue
        meta = c.document.meta
        parts = [ngettext("{n} chapter", "{n} chapters", len(meta.chapters))]
        parts += [ngettext("{n} appendix", "{n} appendices", len(meta.appendices))] if meta.appendices else []
        click.echo(f"{c.id}\t{meta.title}\t{meta.status}\t{', '.join(parts)}")


@cli.command(help=N_("Write a JSON Schema per kind of content file into schemas/, for completion in editors."),
             epilog=N_("Example: python build.py schema"))
@click.pass_context
def schema(ctx: click.Context) -> None:
    from nota.schema import SCHEMAS, write_schemas

    for path in write_schemas(_root(ctx) / SCHEMAS):
        click.echo(_("wrote {path}", path=path), err=True)


@cli.command(name="fix", epilog=N_("Example: python build.py fix programmaplan-2022 --dry-run"), help=N_(
    "Rewrite the totals, subtotals and equals: rows that the rows determine, in the YAML files, in place.\n\n"
    "A row's own amounts and published: corrections are never changed; a document with a file that does "
    "not load is left as it is. Prints each change as path:line: old → new."))
@click.argument("documents", nargs=-1)
@click.option("--dry-run", is_flag=True, help=N_("Print a unified diff of what would change; write nothing."))
@click.pass_context
def fix_command(ctx: click.Context, documents: tuple[str, ...], dry_run: bool) -> None:
    from nota.edit.fix import fix

    root = _root(ctx)
    with core_errors():
        result = fix(root, documents, dry_run)
    _show_problems(result.problems, "text", root)
    click.echo(result.diff() if dry_run else "\n".join(map(str, result.changes)), nl=not dry_run and
               bool(result.changes))
    if result.changes:
        figures = ngettext("{n} figure", "{n} figures", len(result.changes))
        files = ngettext("{n} file", "{n} files", len(result.files))
        click.echo(_("would change {figures} in {files}", figures=figures, files=files) if dry_run else
                   _("changed {figures} in {files}", figures=figures, files=files), err=True)
    elif not result.untouched:
        click.echo(_("nothing to fix: every total agrees with its rows"), err=True)
    if result.failed:
        left = (_("not changed: {documents}", documents=", ".join(result.untouched)) if result.untouched
                else _("not everything was settled"))
        raise _Exit1(_("{what} (see the problems above)", what=left))


@cli.command(name="new", epilog=N_("Example: python build.py new programmaplan-2023 --from programmaplan-2022"),
             help=N_("Make content/NEW, the next edition of OLD, and list every decision left for a person."))
@click.argument("new_id", metavar="NEW")
@click.option("--from", "old_id", required=True, metavar="OLD", help=N_("The document to start from."))
@click.option("--year", type=int, default=None, help=N_("The new edition's year (default: the next year)."))
@click.pass_context
def new_command(ctx: click.Context, new_id: str, old_id: str, year: int | None) -> None:
    from nota.edit.new import new

    root = _root(ctx)
    with core_errors():
        result = new(root, new_id, old_id, year)
    if not result.created:
        _show_problems(result.problems, "text", root)
        raise _Exit1(_("{new} was not made: {faulty} has errors (above)", new=new_id,
                       faulty=old_id if result.edition is None else new_id))
    click.echo("\n".join(result.lines(old_id)))
    click.echo(_("{new}: {summary}; nota check {new} shows each at its line", new=new_id,
                 summary=_summary(result.problems)), err=True)


@cli.command(name="init", epilog=N_("Example: nota init lelystad-publicaties"), help=N_(
    "Start a project in FOLDER (default: the current folder): an example document, a theme, editor "
    "settings, a .gitignore and a CI workflow. It builds with nota's own templates and fonts."))
@click.argument("folder", required=False, type=click.Path(path_type=Path), default=None)
@click.pass_context
def init_command(ctx: click.Context, folder: Path | None) -> None:
    from nota.edit.init import init

    target = folder if folder is not None else _root(ctx)
    with core_errors():
        written = init(target)
    click.echo("\n".join(_("wrote {path}", path=path) for path in written), err=True)
    go = f"cd {target} && " if folder is not None else ""
    click.echo(_("a new project in {folder}: try {command}", folder=target, command=f"{go}nota build"), err=True)


@cli.command(name="diff", epilog=N_("Example: python build.py diff main  (or: diff --base-dir ../old-content)"),
             help=N_("Write output/diff/: a redlined page per document changed since BASE (HEAD: the working tree)."))
@click.argument("revisions_and_documents", nargs=-1, metavar="BASE [HEAD] [DOCUMENT...]")
@click.option("--base-dir", type=click.Path(file_okay=False, path_type=Path), help=N_("Compare with this folder."))
@click.option("--exit-code", is_flag=True, help=N_("Exit 1 when something changed."))
@click.pass_context
def diff_command(ctx: click.Context, revisions_and_documents: tuple[str, ...], base_dir: Path | None,
                 exit_code: bool) -> None:
    from nota.diff import compare as diff

    with core_errors():
        result = diff.run(_root(ctx), revisions_and_documents, base_dir)
    click.echo("\n".join(diff.report_lines(result)), err=True)
    ctx.exit(1 if exit_code and result.changed else 0)


@cli.command(epilog=N_("Example: python build.py preview programmaplan-2022 --open"), help=N_(
    "Serve the HTML edition on this computer and show every save at once, with its problems.\n\n"
    "The page follows each save by itself; the PDF is typeset in the background once the saves settle. "
    "Nothing is written to output/. Ctrl-C stops it."))
@click.argument("documents", nargs=-1)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help=N_("Port to listen on; the next free one when it is taken (0: any free port)."))
@click.option("--host", default="127.0.0.1", show_default=True,
              help=N_("Address to listen on. Only this computer can connect unless you give another, "
                      "e.g. 0.0.0.0 to show the preview to others on your network."))
@click.option("--open", "open_browser", is_flag=True, help=N_("Open the page in the web browser."))
@click.option("--html-only", is_flag=True, help=N_("Do not typeset the PDF."))
@click.pass_context
def preview(ctx: click.Context, documents: tuple[str, ...], port: int, host: str, open_browser: bool,
            html_only: bool) -> None:
    from nota.preview.session import run

    with core_errors():
        run(_root(ctx), documents, host=host, port=port, open_browser=open_browser, pdf=not html_only,
            say=lambda message: click.echo(message, err=True))


def main() -> None:
    """Entry point of the console script and build.py."""
    cli(prog_name="nota")
