"""Keep nota's message catalogues in step with the source (CONTRIBUTING.md, "Messages in two languages").

    .venv/bin/python scripts/messages.py            extract every message into nota.pot, add the new
                                                    ones to the Dutch nota.po (empty, to be translated),
                                                    drop the ones no longer used, compile nota.mo
    .venv/bin/python scripts/messages.py compile    only compile nota.mo (after translating in nota.po)

Babel does the work (extraction from the source, merging, compiling); this script only fixes the
options and keeps the files free of dates and line numbers, so that two people adding messages at the
same time do not get conflicts in lines they did not touch. tests/test_i18n.py fails while a message
has no Dutch, or while nota.mo is not nota.po compiled.
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "nota"
LOCALE = SOURCE / "locale"
TEMPLATE = LOCALE / "nota.pot"
LANGUAGES = ("nl",)
FIXED_DATE = datetime(2000, 1, 1, tzinfo=timezone.utc)  # the catalogue's header date: none, so the bytes stay
# _() and ngettext() translate and fill in; N_() marks a text translated where it is used; gettext()
# translates a template another library fills in (pydantic's)
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
HEADER = """\
# {language} messages of nota: every message and hint of the source (English) with its translation.
# Translate on the msgstr lines; scripts/messages.py adds new messages and compiles nota.mo.
# The words to use: docs/messages.md.
msgid ""
msgstr ""
"Language: {language}\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"Content-Type: text/plain; charset=utf-8\\n"

"""


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "nota.po"


def mo_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "nota.mo"


def extract() -> Catalog:
    """Every message in the source, as Babel finds it."""
    catalog = Catalog(fuzzy=False)
    methods = [("**.py", "python"), ("templates/preview/*.j2", "jinja2.ext:babel_extract")]  # nota's own panel
    found = extract_from_dir(str(SOURCE), methods, keywords=KEYWORDS)
    for _path, _line, message, _comments, context in found:
        catalog.add(message, context=context)
    return catalog


def read(language: str) -> Catalog:
    with po_path(language).open("rb") as file:
        return read_po(file, locale=language)


def _po(catalog: Catalog, language: str) -> bytes:
    out = BytesIO()
    write_po(out, catalog, width=0, omit_header=True, no_location=True, sort_output=True, ignore_obsolete=True)
    return HEADER.format(language=language).encode() + out.getvalue()


def update(language: str, template: Catalog) -> None:
    """Add the new messages to a language's catalogue, drop the ones the source no longer has."""
    path = po_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog = read(language) if path.exists() else Catalog(locale=language)
    catalog.update(template, no_fuzzy_matching=True)
    path.write_bytes(_po(catalog, language))


def compiled(language: str) -> bytes:
    """A language's catalogue compiled: what nota.mo must hold (the same bytes every time: no clock)."""
    catalog = read(language)
    catalog.project, catalog.version, catalog.msgid_bugs_address = "nota", "", ""
    catalog.creation_date = catalog.revision_date = FIXED_DATE
    catalog.last_translator = catalog.language_team = ""
    out = BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def main(arguments: list[str]) -> None:
    if arguments[:1] != ["compile"]:
        template = extract()
        out = BytesIO()
        write_po(out, template, width=0, omit_header=True, no_location=True, sort_output=True)
        TEMPLATE.write_bytes(out.getvalue())
        for language in LANGUAGES:
            update(language, template)
    for language in LANGUAGES:
        mo_path(language).write_bytes(compiled(language))
        untranslated = [m.id for m in read(language) if m.id and not all(m.string if isinstance(m.string, tuple)
                                                                          else [m.string])]
        if untranslated:
            print(f"{language}: {len(untranslated)} message(s) to translate in {po_path(language).relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
