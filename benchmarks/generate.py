#!/usr/bin/env python3
"""Generate long documents from the real ones, for the scale figures of bench.py.

    python benchmarks/generate.py chapters N DEST   # document "groot": the Programmaplan's chapters N times
    python benchmarks/generate.py rows R DEST       # the Programmaplan with about R rows in its Bijlage 1

A programmabegroting or jaarstukken runs to 200-400 pages of chapters like the Programmaplan's, with
tables of hundreds to thousands of rows; these stand in for them. Every id, table, footnote and
reference of copy k gets the suffix -k<k>, so the generated document is valid content.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "content" / "programmaplan-2022"
BIG = "groot"
_REFERENCES = (r"(\bid:\s*)([\w-]+)", r"(\btable:\s*)([\w-]+)", r"(\bequals:\s*)([\w-]+)", r"(\[\[)([\w-]+)",
               r"(\[\^)([\w-]+)", r"(?m)^(  )([\w-]+)(?=:)")


def _ids() -> set[str]:
    """Every name a copy renames: file names, ids and footnote ids of the Programmaplan."""
    found: set[str] = set()
    for path in [*SOURCE.glob("chapters/*.yaml"), *SOURCE.glob("tables/*.yaml")]:
        text = path.read_text(encoding="utf-8")
        found |= {path.stem, *re.findall(r"(?m)^\s*-?\s*id:\s*(\S+)", text), *re.findall(r"\[\^([\w-]+)\]", text)}
    return found


def _renamed(text: str, copy: int, ids: set[str]) -> str:
    def rename(match: re.Match[str]) -> str:
        name = match.group(2)
        return match.group(1) + (f"{name}-k{copy}" if name in ids else name)

    for pattern in _REFERENCES:
        text = re.sub(pattern, rename, text)
    return text


def _listed(meta: str, key: str) -> list[str]:
    block = re.search(rf"(?m)^{key}:\n((?:  - .*\n)+)", meta)
    assert block is not None, key
    return re.findall(r"  - (\S+)", block.group(1))


def chapters(copies: int, dest: Path) -> Path:
    """A project at dest whose document "groot" holds the Programmaplan's chapters `copies` times."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(ROOT / "templates", dest / "templates")
    out = dest / "content" / BIG
    (out / "chapters").mkdir(parents=True)
    (out / "tables").mkdir()
    meta = (SOURCE / "document.yaml").read_text(encoding="utf-8")
    ids = _ids()
    order, appendices = _listed(meta, "chapters"), _listed(meta, "appendices")
    for copy in range(1, copies + 1):
        for kind in ("chapters", "tables"):
            for path in sorted((SOURCE / kind).glob("*.yaml")):
                text = _renamed(path.read_text(encoding="utf-8"), copy, ids)
                (out / kind / f"{path.stem}-k{copy}.yaml").write_text(text, encoding="utf-8")
    head = meta[: meta.index("\nchapters:") + 1]
    listed = ("chapters:\n" + "".join(f"  - {c}-k{k}\n" for k in range(1, copies + 1) for c in order)
              + "appendices:\n" + "".join(f"  - {a}-k{k}\n" for k in range(1, copies + 1) for a in appendices))
    (out / "document.yaml").write_text(head + listed, encoding="utf-8")
    return dest


ROW = """      - taakveld: "6.1"
        description: aanvullende post {number} voor de uitvoering van het beleid
        party: gemeente Lelystad
        amounts: [0, 0, 0, 0, 0, 0]
"""


def rows(count: int, dest: Path) -> Path:
    """A project at dest with the Programmaplan alone, its Bijlage 1 grown to about `count` rows (the
    rows added have zero amounts, so every total still adds up)."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(ROOT / "templates", dest / "templates")
    shutil.copytree(SOURCE, dest / "content" / SOURCE.name)
    table = dest / "content" / SOURCE.name / "tables" / "wmo-meerjarenperspectief.yaml"
    text = table.read_text(encoding="utf-8")
    anchor = "  - title: Een sterke basis\n"
    extra = "".join(ROW.format(number=number) for number in range(max(0, count - 56)))
    table.write_text(text.replace(anchor, extra + anchor, 1), encoding="utf-8")
    return dest


if __name__ == "__main__":
    kind, number, folder = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    print({"chapters": chapters, "rows": rows}[kind](number, folder))
