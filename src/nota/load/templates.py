"""LOAD stage, the templates: page templates, stylesheets, themes and fonts, looked up file by file.

nota ships its own (src/nota/templates/: the page templates, the stylesheets, the default theme and
the vendored fonts). A project's own templates/ folder comes first: a file there replaces nota's
file of the same name, and may add themes. So a municipality starts with nothing in templates/ and
adds only what it changes (its theme, say), and an upgrade of nota brings the rest.

Templates are trusted code (SECURITY.md), but they are still read through safefs: no link out of
their folder, no special file, nothing over the size limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nota.i18n import _
from nota.load.safefs import UnsafeFile, inside, read_inside

PACKAGE = Path(__file__).resolve().parent.parent / "templates"
MAX_TEMPLATE_BYTES = 20_000_000  # a stylesheet, template or font


@dataclass(frozen=True)
class Templates:
    """The template folders of a project, searched in order: the project's own, then nota's."""

    project: Path  # <project>/templates (it need not exist)
    package: Path = PACKAGE

    @classmethod
    def of(cls, root: Path) -> Templates:
        return cls(root / "templates")

    @property
    def folders(self) -> list[Path]:
        """The folders that exist, the project's first."""
        return [folder for folder in dict.fromkeys((self.project, self.package)) if folder.is_dir()]

    def find(self, name: str) -> Path | None:
        """The file that serves a name (e.g. "themes/lelystad.yaml"): the project's, else nota's, else None.

        UnsafeFile if the project's file is a link leading out of its folder."""
        for folder in self.folders:
            candidate = folder / name
            if candidate.is_symlink() or candidate.exists():  # a link out of the folder is refused, not skipped
                return inside(folder, candidate, "templates/")
        return None

    def read(self, name: str) -> bytes:
        """The bytes of the file that serves a name; UnsafeFile if there is none that may be read."""
        path = self.find(name)
        if path is None:
            raise UnsafeFile(_("does not exist"), _("check the name; nota's own templates/ has it unless it is new"))
        folder = next(f for f in self.folders if path.is_relative_to(f.resolve()))
        return read_inside(folder, path, MAX_TEMPLATE_BYTES, "templates/")

    def names(self, folder: str, suffix: str) -> list[str]:
        """The file names (without suffix) in a sub-folder of any template folder, sorted: e.g. the themes."""
        found = {p.name.removesuffix(suffix) for f in self.folders for p in (f / folder).glob(f"*{suffix}")
                 if p.is_file()}
        return sorted(found)

    def shown(self, path: Path) -> Path:
        """A template file's path as messages show it: templates/... (the project's), nota/templates/... (nota's)."""
        for folder, label in ((self.project, "templates"), (self.package, "nota/templates")):
            if path.is_relative_to(folder.resolve()):
                return Path(label) / path.relative_to(folder.resolve())
        return path
