"""EDIT stage, `nota init [DIR]`: start a project that builds with nothing but the installed nota.

The project gets an example document (a chapter with a focus point and a budget table, and an advice
with its response), its own theme (a copy of nota's default, to change), the editor schemas,
editor settings, a .gitignore, a requirements.txt naming this nota, and a CI workflow. The files
come from the package (edit/skeleton/, where a leading `dot-` stands for the `.` a package file
cannot start with); nota's templates, stylesheets and fonts stay in the package, and a project's
templates/ overrides them file by file. Nothing that exists is overwritten: a folder that already
holds any of these files is refused, and the files are written all together or not at all.
"""

from __future__ import annotations

from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path

from nota.edit.files import replace_all
from nota.errors import UsageError
from nota.i18n import _
from nota.load.templates import PACKAGE
from nota.schema import KINDS, SCHEMAS, render_schema, schema_file

THEME = "huisstijl"
SKELETON = "skeleton"


def init(folder: Path) -> list[Path]:
    """Write a new project into `folder` (made if missing); return the files, sorted."""
    files = project_files()
    if folder.exists() and not folder.is_dir():
        raise UsageError(_("{folder} is a file, not a folder", folder=folder))
    taken = sorted(name for name in files if (folder / name).exists() or (folder / name).is_symlink())
    if (folder / "content").exists():
        taken.insert(0, "content")
    if taken:
        raise UsageError(_("{folder} already holds {files}: nota init starts a project in an empty folder (or one "
                           "without these files)", folder=folder,
                           files=", ".join(taken[:5]) + (" …" if len(taken) > 5 else "")))
    return replace_all({folder / name: data for name, data in files.items()})


def project_files() -> dict[str, bytes]:
    """Every file of a new project by its path in the project."""
    files = {name: data for name, data in _skeleton(resources.files("nota.edit").joinpath(SKELETON), "")}
    version = metadata.version("nota")
    files["requirements.txt"] = files["requirements.txt"].replace(b"{version}", version.encode())
    files[f"templates/themes/{THEME}.yaml"] = _theme()
    files.update({f"{SCHEMAS}/{schema_file(kind)}": render_schema(kind).encode() for kind in KINDS})
    return dict(sorted(files.items()))


def _skeleton(node: Traversable, prefix: str) -> list[tuple[str, bytes]]:
    found: list[tuple[str, bytes]] = []
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        name = prefix + ("." + child.name.removeprefix("dot-") if child.name.startswith("dot-") else child.name)
        if child.is_dir():
            found += _skeleton(child, name + "/")
        elif child.name != "__init__.py" and not child.name.endswith(".pyc"):
            found.append((name, child.read_bytes()))
    return found


def _theme() -> bytes:
    """The project's own theme: nota's default under a name of its own, to change as the project likes."""
    lines = (PACKAGE / "themes" / "default.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    body = "".join(line.replace("name: Neutraal", "name: Huisstijl") for line in lines[1:]
                   if not line.startswith("# The neutral theme"))
    intro = (f"# This project's theme (theme: {THEME} in document.yaml), made from nota's default: change the\n"
             "# colours, margins and columns here.\n")
    return (lines[0] + intro + body).encode("utf-8")
