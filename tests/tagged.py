"""Test helpers: read a tagged PDF back with pikepdf, by a path of its own (pikepdf's content-stream
parser, not the regular expressions of nota's structure pass): the structure elements with their
ancestors, the marked content each holds, and the text of every MCID and of the Artifacts per page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

_HEX = re.compile(rb"<([0-9a-fA-F]*)>")


def to_unicode_map(font: pikepdf.Dictionary) -> dict[int, str]:
    """Glyph code -> text, from the font's ToUnicode CMap (bfchar and bfrange, two-byte codes)."""
    mapping: dict[int, str] = {}
    if "/ToUnicode" not in font:
        return mapping
    data = font.ToUnicode.read_bytes()
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        pairs = _HEX.findall(block)
        for code, text in zip(pairs[::2], pairs[1::2], strict=True):
            mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be") if text else ""
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, start in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(int(start, 16) + offset)
    return mapping


@dataclass
class PageText:
    mcids: dict[int, str] = field(default_factory=dict)  # MCID -> text
    artifacts: list[str] = field(default_factory=list)  # text of each /Artifact sequence, in order


def page_text(page: pikepdf.Page) -> PageText:
    """The text of each MCID on a page, and of each Artifact sequence."""
    cmaps = {str(name): to_unicode_map(font) for name, font in page.Resources.get("/Font", {}).items()}
    out = PageText()
    stack: list[int | str] = []
    cmap: dict[int, str] = {}
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BDC", "BMC"):
            props = operands[1] if op == "BDC" else None
            mcid = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
            stack.append(int(mcid) if mcid is not None else str(operands[0]))
            if mcid is not None:
                out.mcids.setdefault(int(mcid), "")
            elif str(operands[0]) == "/Artifact":
                out.artifacts.append("")
        elif op == "EMC":
            stack.pop()
        elif op == "Tf":
            cmap = cmaps.get(str(operands[0]), {})
        elif op in ("Tj", "TJ"):
            parts = operands[0] if op == "TJ" else [operands[0]]
            raw = b"".join(bytes(p) for p in parts if isinstance(p, pikepdf.String))
            text = "".join(cmap.get(int.from_bytes(raw[i:i + 2], "big"), "\ufffd") for i in range(0, len(raw) - 1, 2))
            owner = next((s for s in reversed(stack) if isinstance(s, int)), None)
            if owner is not None:
                out.mcids[owner] += text
            elif "/Artifact" in stack:
                out.artifacts[-1] += text
    return out


def kids(element: pikepdf.Object) -> list[pikepdf.Object]:
    k = element.get("/K")
    return [] if k is None else list(k) if isinstance(k, pikepdf.Array) else [k]


def is_element(obj: object) -> bool:
    return isinstance(obj, pikepdf.Dictionary) and "/S" in obj


class Tagged:
    """A tagged PDF: its structure elements (with their ancestors' types) and the text they hold."""

    def __init__(self, path: Path):
        self.pdf = pikepdf.open(path)
        self.root = self.pdf.Root.StructTreeRoot
        self.page_index = {page.objgen: i for i, page in enumerate(self.pdf.pages)}
        self.pages = [page_text(page) for page in self.pdf.pages]

    def elements(self, under: pikepdf.Object | None = None) -> Iterator[tuple[pikepdf.Object, list[str]]]:
        """Every structure element below `under` (the root), depth first, with its ancestors' types."""
        stack = [(k, []) for k in reversed(kids(under if under is not None else self.root)) if is_element(k)]
        while stack:
            element, path = stack.pop()
            yield element, path
            stack.extend((k, [*path, str(element.S)]) for k in reversed(kids(element)) if is_element(k))

    def own_content(self, element: pikepdf.Object) -> list[tuple[int, int]]:
        """(page index, MCID) of the marked content an element holds itself."""
        return self.content(element, deep=False)

    def content(self, element: pikepdf.Object, deep: bool = True) -> list[tuple[int, int]]:
        """(page index, MCID) of all the marked content in an element and below it, in reading order."""
        page = self.page_index.get(element.Pg.objgen) if "/Pg" in element else None
        out: list[tuple[int, int]] = []
        for kid in kids(element):
            if is_element(kid):
                out += self.content(kid) if deep else []
            elif isinstance(kid, int) and page is not None:
                out.append((page, kid))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                out.append((self.page_index[kid.Pg.objgen] if "/Pg" in kid else page, int(kid.MCID)))
        return out

    def text(self, element: pikepdf.Object) -> str:
        return "".join(self.pages[page].mcids.get(mcid, "") for page, mcid in self.content(element))

    def pages_of(self, element: pikepdf.Object) -> set[int]:
        return {page for page, _ in self.content(element)}

    def ids(self) -> dict[str, pikepdf.Object]:
        names = list(self.root.IDTree.Names) if "/IDTree" in self.root else []
        return {str(names[i]): names[i + 1] for i in range(0, len(names), 2)}
