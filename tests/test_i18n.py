"""Messages in two languages: every message has its Dutch, the catalogue shipped is the one translated,
the language follows --lang, then NOTA_LANG, then the locale, and no message escapes translation."""

from __future__ import annotations

import ast
import gettext
import importlib.util
import io
import re
from pathlib import Path
from types import ModuleType

import click
import pytest
from click.testing import CliRunner

from nota import i18n
from nota.cli import cli
from nota.i18n import _, ngettext

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "nota"


def _messages_tool() -> ModuleType:
    """scripts/messages.py: the one definition of how messages are extracted and compiled."""
    spec = importlib.util.spec_from_file_location("messages", ROOT / "scripts" / "messages.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MESSAGES = _messages_tool()


def _extracted() -> list[str | tuple[str, ...]]:
    return [m.id for m in MESSAGES.extract() if m.id]


def test_every_message_in_the_source_has_its_dutch_with_the_same_placeholders() -> None:
    dutch = {m.id: m.string for m in MESSAGES.read("nl") if m.id}
    extracted = _extracted()
    assert len(extracted) > 500  # the extraction does find the messages
    lacking, broken = [], []
    for msgid in extracted:
        strings = dutch.get(msgid)
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        forms = strings if isinstance(strings, tuple) else (strings,)
        if strings is None or not all(forms):
            lacking.append(ids[0])
            continue
        wanted = set().union(*(i18n.placeholders(i) for i in ids))
        if any(i18n.placeholders(form) - wanted - {"n"} or (i18n.placeholders(form) | {"n"}) < wanted
               for form in forms):
            broken.append(ids[0])
    assert lacking == [], "no Dutch yet: run scripts/messages.py and translate these in nota.po"
    assert broken == [], "the Dutch uses other {placeholders} than the English"


def test_the_catalogue_has_no_message_the_source_no_longer_uses() -> None:
    extracted = set(_extracted())
    stale = [m.id for m in MESSAGES.read("nl") if m.id and m.id not in extracted]
    assert stale == [], "run scripts/messages.py to drop them"


def test_the_shipped_nota_mo_is_nota_po_compiled() -> None:
    shipped = gettext.GNUTranslations(io.BytesIO(MESSAGES.mo_path("nl").read_bytes()))
    fresh = gettext.GNUTranslations(io.BytesIO(MESSAGES.compiled("nl")))
    assert shipped._catalog == fresh._catalog, "run scripts/messages.py compile"  # type: ignore[attr-defined]


def test_the_catalogue_is_package_data() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"locale/*/LC_MESSAGES/*.mo"' in text
    assert i18n.LOCALE_DIR == SOURCE / "locale"
    assert isinstance(i18n.catalogue("nl"), gettext.GNUTranslations)


# --- which language -------------------------------------------------------------------------------

@pytest.mark.parametrize(("environ", "expected"), [
    ({}, "en"),
    ({"LANG": "nl_NL.UTF-8"}, "nl"),
    ({"LANG": "nl_BE.UTF-8"}, "nl"),
    ({"LANG": "de_DE.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "en_GB.UTF-8", "LC_MESSAGES": "nl_NL.UTF-8"}, "nl"),
    ({"LANG": "nl_NL.UTF-8", "LC_ALL": "C"}, "en"),
    ({"LANGUAGE": "nl:en", "LC_ALL": "en_US.UTF-8"}, "nl"),
    ({"NOTA_LANG": "en", "LANG": "nl_NL.UTF-8"}, "en"),
    ({"NOTA_LANG": "nl", "LANG": "en_US.UTF-8"}, "nl"),
])
def test_the_language_follows_nota_lang_then_the_locale(environ: dict[str, str], expected: str) -> None:
    assert i18n.from_environment(environ) == expected


def _check(root: Path, *args: str, env: dict[str, str | None]) -> str:
    return CliRunner().invoke(cli, ["--root", str(root), *args, "check"], env=env).output


def test_the_cli_follows_lang_then_nota_lang_then_the_locale(tmp_path: Path) -> None:
    root = tmp_path / "p"
    (root / "content" / "doc" / "chapters").mkdir(parents=True)
    (root / "content" / "doc" / "document.yaml").write_text(
        "titel: Nota\norganisation: Gemeente\nstatus: concept\nchapters: [inleiding]\n", encoding="utf-8")
    (root / "content" / "doc" / "chapters" / "inleiding.yaml").write_text("title: Inleiding\n", encoding="utf-8")
    dutch, english = 'onbekend veld "titel"', 'unknown key "titel"'
    assert dutch in _check(root, env={"NOTA_LANG": None, "LANGUAGE": None, "LC_ALL": None, "LANG": "nl_NL.UTF-8"})
    assert english in _check(root, env={"NOTA_LANG": None, "LANGUAGE": None, "LC_ALL": None, "LANG": "C.UTF-8"})
    assert english in _check(root, env={"NOTA_LANG": "en", "LANG": "nl_NL.UTF-8"})
    assert dutch in _check(root, "--lang", "nl", env={"NOTA_LANG": "en"})
    assert english in _check(root, "--lang", "en", env={"NOTA_LANG": "nl"})
    assert i18n.language() == "en"  # the run's choice ends with the run


def test_numbers_and_plurals_follow_the_language() -> None:
    with i18n.using("nl"):
        assert i18n.number(512000) == "512.000" and i18n.decimal(7.25, 1) == "7,2"
        assert ngettext("{n} error", "{n} errors", 1) == "1 fout"
        assert ngettext("{n} error", "{n} errors", 1200) == "1.200 fouten"
        assert i18n.either(["concept", "vastgesteld"]) == "concept of vastgesteld"
    assert i18n.number(512000) == "512,000" and _("{rest} or {last}", rest="a", last="b") == "a or b"


def test_a_broken_translation_falls_back_to_the_english(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = gettext.NullTranslations()
    broken.gettext = lambda message: "{onbekend} gaat mis"  # type: ignore[method-assign]
    monkeypatch.setattr(i18n, "catalogue", lambda lang: broken)
    with i18n.using("nl"):
        assert _("table has {rows} rows", rows=3) == "table has 3 rows"


# --- no message escapes translation ----------------------------------------------------------------

# where a message or hint is handed over: the class or function, and which of its arguments are words
_MESSAGE_ARGUMENTS = {"Problem": (0, 2), "Related": (1,), "Explained": (0, 1), "BadImage": (0, 1),
                      "LayoutProblem": (1, 2), "UnsafeFile": (0, 1), "BuildError": (0,), "LimitExceeded": (0, 1),
                      "UsageError": (0,), "PydanticCustomError": (1,), "refuse": (1, 2), "refused": (1, 2),
                      "_problem": (1, 2), "_Exit1": (0,), "_Usage": (0,)}
_KEYWORDS = {"message", "hint", "note", "reason"}


def _words(node: ast.expr) -> bool:
    """Whether an argument is English written in place: a string (or f-string) with letters in it."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(re.search(r"[A-Za-z]{2}", node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_words(part) for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _words(node.left) or _words(node.right)
    if isinstance(node, ast.IfExp):
        return _words(node.body) or _words(node.orelse)
    return False


def test_no_message_or_hint_is_written_without_translation() -> None:
    untranslated = []
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name not in _MESSAGE_ARGUMENTS:
                continue
            arguments = [a for i, a in enumerate(node.args) if i in _MESSAGE_ARGUMENTS[name]]
            arguments += [k.value for k in node.keywords if k.arg in _KEYWORDS]
            untranslated += [f"{path.relative_to(ROOT)}:{node.lineno}" for a in arguments if _words(a)]
    assert untranslated == [], "wrap these messages in _() (src/nota/i18n.py)"


def test_the_dutch_output_of_the_error_cases_has_no_english_left() -> None:
    english = re.compile(r"\b(the|is not|does not|must|should|write|add|expected|found|remove|between|with)\b")
    leftover = []
    for golden in sorted((ROOT / "tests" / "errors").glob("*/expected.nl.txt")):
        for line in golden.read_text(encoding="utf-8").splitlines():
            if re.match(r"^\s+\d+ \|", line) or line.lstrip().startswith(("\"path\"", "\"code\"", "- ", "#")):
                continue  # the content's own lines, JSON keys, a block the hint shows to type
            words = re.sub(r"\"[^\"]*\"|“[^”]*”|\S+\.ya?ml\S*|\[\[[^\]]*\]\]|\S+:(?=\s|$)", "", line)
            if english.search(words):
                leftover.append(f"{golden.parent.name}: {line.strip()}")
    assert leftover == []


def test_threads_a_command_starts_speak_its_language() -> None:
    """nota preview answers from server and typesetter threads: they follow the run's --lang."""
    import threading

    heard: list[str] = []
    with i18n.using("nl"):
        worker = threading.Thread(target=lambda: heard.append(_("no problems")))
        worker.start()
        worker.join()
    assert heard == ["geen problemen"] and i18n.language() == "en"


def test_the_preview_panel_is_in_the_language_of_the_run() -> None:
    from nota.errors import Problem
    from nota.load.templates import Templates
    from nota.preview.pages import chrome
    from nota.preview.site import DocState, Pdf
    from nota.render.html import make_env
    from nota.source import Location

    env = make_env(Templates.of(ROOT))
    with i18n.using("nl"):
        problem = Problem(_("the file is empty"), Location(Path("content/doc/document.yaml")), "")
        doc = DocState("doc", Pdf(busy=True), problems=[problem])
        panel = chrome(env, ROOT, doc, 1)
    assert 'lang="nl"' in panel and "wordt opgemaakt…" in panel and "het bestand is leeg" in panel
    assert "1 fout" in panel and "being typeset" not in panel


def _helps(command: click.Command) -> list[str]:
    """Every help text of a command and its subcommands: theirs, their examples and their options'."""
    found = [text for text in (command.help, command.epilog) if text]
    found += [p.help for p in command.params if isinstance(p, click.Option) and p.help]
    for sub in getattr(command, "commands", {}).values():
        found += _helps(sub)
    return found


def test_every_help_text_has_its_dutch() -> None:
    """A help text written without N_() is not in the catalogue and would stay English."""
    dutch = i18n.catalogue("nl")
    untranslated = [text for text in _helps(cli) if dutch.gettext(text) == text]
    assert len(_helps(cli)) >= 30 and untranslated == []


@pytest.mark.parametrize("command", ["", *sorted(cli.commands)])
def test_help_is_in_the_language_of_the_run(command: str) -> None:
    args = ["--lang", "nl", *([command] if command else []), "--help"]
    shown = CliRunner().invoke(cli, args, prog_name="nota").output
    assert shown.startswith("Gebruik: nota") and "Opties:" in shown and "Toon deze hulp en stop." in shown, shown
    assert "Voorbeeld: " in shown and "Example" not in shown and "Options" not in shown, shown
    english = CliRunner().invoke(cli, ["--lang", "en", *args[2:]], prog_name="nota").output
    assert english.startswith("Usage: nota") and "Show this message and exit." in english
