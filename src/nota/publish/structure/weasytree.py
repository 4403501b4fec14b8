"""PUBLISH stage, structure pass: WeasyPrint's own structure tree, read once for what it knows and the
HTML does not: the reading order of the marked content and annotations, which content is a table
header row, a list label or a figure, and a figure's layout attributes.

WeasyPrint 70 tags each page on its own, so its tree is cut at every page break; it is read, never
kept. Elements it builds but does not link to the StructTreeRoot (the margin boxes) are not reached:
their content is page furniture.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pikepdf

from nota.publish.structure.content import as_list
from nota.publish.structure.html import Dom


@dataclass(eq=False)
class WNode:
    """A structure element of WeasyPrint's tree."""

    role: str
    parent: WNode | None
    obj: pikepdf.Dictionary
    dom: Dom | None = None  # the lowest HTML element holding all text matched below this node
    in_header: bool = False  # inside a THead or TFoot (repeated on each page of its table)
    is_label: bool = False  # inside a Lbl (a list marker)

    def __post_init__(self) -> None:
        parent = self.parent
        self.in_header = self.role in ("THead", "TFoot") or (parent is not None and parent.in_header)
        self.is_label = self.role == "Lbl" or (parent is not None and parent.is_label)

    def lineage(self) -> Iterator[WNode]:
        node: WNode | None = self
        while node is not None:
            yield node
            node = node.parent


@dataclass(eq=False)
class Leaf:
    """One marked-content sequence or annotation, in WeasyPrint's reading order, and what it turned out to be.

    kind: text, note (footnote text), figure, empty, repeat (a repeated header row), leader,
    generated (CSS content), label (a list marker), annot (a link annotation), mark (a footnote's place).
    """

    page: int
    holder: WNode | None
    mcid: int | None = None
    annot: pikepdf.Dictionary | None = None
    text: str = ""
    kind: str = ""
    owner: Dom | None = None


def read_tree(pdf: pikepdf.Pdf) -> tuple[list[WNode], list[Leaf]]:
    """WeasyPrint's structure elements (pre-order), and their MCIDs and annotations in reading order."""
    pages: dict[Any, int] = {page.objgen: index for index, page in enumerate(pdf.pages)}
    nodes: list[WNode] = []
    leaves: list[Leaf] = []

    def page_of(obj: pikepdf.Dictionary, default: int) -> int:
        pg = obj.get("/Pg")
        return pages.get(pg.objgen, default) if isinstance(pg, pikepdf.Object) else default

    def visit(obj: pikepdf.Dictionary, parent: WNode | None) -> None:
        node = WNode(str(obj.get("/S", "/NonStruct"))[1:], parent, obj)
        nodes.append(node)
        page = page_of(obj, -1)
        for kid in as_list(obj.get("/K")):
            if isinstance(kid, int):
                leaves.append(Leaf(page, node, mcid=kid))
            elif not isinstance(kid, pikepdf.Dictionary):
                continue
            elif "/S" in kid:
                visit(kid, node)
            elif "/MCID" in kid:
                leaves.append(Leaf(page_of(kid, page), node, mcid=int(kid.MCID)))
            elif isinstance(annot := kid.get("/Obj"), pikepdf.Dictionary):
                leaves.append(Leaf(page_of(kid, page), node, annot=annot, kind="annot"))

    for kid in as_list(pdf.Root.StructTreeRoot.get("/K")):
        visit(kid, None)
    return nodes, leaves
