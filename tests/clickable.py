"""Test helper: every link annotation of a tagged PDF with the glyphs of its own link on that page,
where pdfplumber (pdfminer's reading of the text positions, not nota's content-stream reader) finds
them; the link's glyphs are those of the marked content its Link element holds. For the tests that
every link area can be clicked and covers its words."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pdfplumber

from tagged import Tagged

Box = tuple[float, float, float, float]  # x1, y1, x2, y2 in the page's user space (y upwards)
SLACK = 0.05  # pt: pdfminer's advance widths and the three decimals the pass writes


@dataclass(frozen=True)
class Glyph:
    text: str
    box: Box  # pdfminer's: the advance width, from the descent to one em above it
    baseline: float

    @property
    def core(self) -> Box:
        """From the baseline to pdfminer's top: what a line box always holds, descenders aside."""
        return self.box[0], self.baseline, self.box[2], self.box[3]


@dataclass(frozen=True)
class LinkArea:
    page: int  # index
    rect: Box
    label: str  # the annotation's /Contents
    link: tuple[int, int]  # the objgen of its Link element
    glyphs: tuple[Glyph, ...]  # its link's glyphs on this page
    note_reference: bool  # the Link of a footnote reference

    @property
    def width(self) -> float:
        return self.rect[2] - self.rect[0]

    @property
    def height(self) -> float:
        return self.rect[3] - self.rect[1]


def link_areas(path: Path) -> list[LinkArea]:
    tagged = Tagged(path)
    nums = list(tagged.root.ParentTree.Nums)
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    areas = []
    with pdfplumber.open(path) as plumbed:
        for index, page in enumerate(tagged.pdf.pages):
            annots = [a for a in page.get("/Annots", []) if a.Subtype == "/Link"]
            if not annots:
                continue
            height = float(plumbed.pages[index].height)
            chars = [c for c in plumbed.pages[index].chars if c["text"].strip() and c.get("mcid") is not None]
            for annot in annots:
                link = parents[int(annot.StructParent)]
                mcids = {m for p, m in tagged.content(link) if p == index}
                glyphs = tuple(Glyph(c["text"], (c["x0"], height - c["bottom"], c["x1"], height - c["top"]),
                                     c["matrix"][5]) for c in chars if c["mcid"] in mcids)
                x1, y1, x2, y2 = (float(v) for v in annot.Rect)
                areas.append(LinkArea(index, (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)),
                                      str(annot.get("/Contents", "")), link.objgen, glyphs,
                                      link.P.S == "/Reference"))
    return areas


def inside(inner: Box, outer: Box, margin: float = 0.0) -> bool:
    """Whether `inner`, with `margin` around it, lies within `outer` (to SLACK)."""
    return (outer[0] <= inner[0] - margin + SLACK and outer[1] <= inner[1] - margin + SLACK
            and inner[2] + margin <= outer[2] + SLACK and inner[3] + margin <= outer[3] + SLACK)


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] - SLACK and b[0] < a[2] - SLACK and a[1] < b[3] - SLACK and b[1] < a[3] - SLACK


def problems(areas: list[LinkArea], smallest: float = 4.0, note_margin: float = 1.0) -> list[str]:
    """What keeps a reader from clicking a link: an area under `smallest` pt either way, one that holds
    none of its link's glyphs, a glyph of a link in none of its areas (from its baseline up), a glyph
    of a footnote reference not whole in its areas with `note_margin` around it, two links' areas
    that overlap."""
    found = []
    for area in areas:
        where = f"page {area.page + 1} {area.label!r} {[round(v, 1) for v in area.rect]}"
        if area.width < smallest or area.height < smallest:
            found.append(f"{where}: {area.width:.1f} × {area.height:.1f} pt")
        if not any(inside(g.core, area.rect) for g in area.glyphs):
            found.append(f"{where}: none of its link's glyphs inside")
        siblings = [a.rect for a in areas if a.page == area.page and a.link == area.link]
        found += [f"{where}: {g.text!r} in no area of its link" for g in area.glyphs
                  if not any(inside(g.core, rect) for rect in siblings)]
        if area.note_reference:
            found += [f"{where}: {g.text!r} not whole, with {note_margin} pt around it" for g in area.glyphs
                      if not any(inside(g.box, rect, note_margin) for rect in siblings)]
        found += [f"{where}: overlaps {other.label!r}" for other in areas if other.page == area.page
                  and other.link != area.link and other is not area and overlap(area.rect, other.rect)]
    return found
