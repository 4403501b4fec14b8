"""PUBLISH stage, structure pass: a link area a reader can click, where WeasyPrint made one of no size.

WeasyPrint gives a link annotation the rectangle of the <a>'s inline box, whose height is its
line-height. A footnote reference has `line-height: 0` in print (so the superscript does not open up
its line), and so its annotation is a line with no height (`/Rect [280.1 571.5 284.2 571.5]`): no
reader can click it. Each annotation less than `THIN` high or wide gets the box of the glyphs of its
own link that it touches, read from the page's content stream (glyphs.py), with `MARGIN` around them.
A zero-height box lies inside its glyphs whatever the line-height (CSS centres the inline box on the
font's ascent and descent), so a wrapped link's annotation on one line takes only that line's glyphs.
Nothing drawn changes: a link annotation has no appearance (WeasyPrint writes /BS /W 0).
"""

from __future__ import annotations

from collections.abc import Sequence

import pikepdf
from pikepdf import Array

from nota.publish.structure.builder import Builder, Content
from nota.publish.structure.glyphs import Box, glyph_boxes, union
from nota.publish.structure.report import FixReport

THIN = 1.0  # pt: an annotation thinner than this in either direction has no usable area
MARGIN = 2.0  # pt around the glyphs; dropped where it would reach another link's area
TOUCH = 0.5  # pt: how near a glyph box must come to the degenerate rectangle to be its glyphs


def widen_links(pdf: pikepdf.Pdf, builder: Builder, report: FixReport) -> None:
    """Give every link annotation of (nearly) no height or width the area of its glyphs plus a margin.

    Run after `tidy_links`: only the annotations a link keeps are looked at. An annotation whose
    link shows no glyph it touches is left as it is (counted in `report.links_unsized`).
    """
    thin: dict[int, list[tuple[pikepdf.Dictionary, set[int]]]] = {}  # page -> (annotation, its link's MCIDs)
    for link_id in builder.links:
        node = builder.nodes[link_id]
        for kid in node.kids:
            if isinstance(kid, Content) and kid.annot is not None and _is_thin(_rect(kid.annot)):
                mcids = {c.mcid for c in node.contents() if c.mcid is not None and c.page == kid.page}
                thin.setdefault(kid.page, []).append((kid.annot, mcids))
    for index, annots in sorted(thin.items()):
        page = pdf.pages[index]
        boxes = glyph_boxes(page, set().union(*(mcids for _, mcids in annots)))
        found: dict[tuple[int, int], Box] = {}
        for annot, mcids in annots:
            glyphs = union(b for m in sorted(mcids) for b in boxes.get(m, []) if _touches(b, _rect(annot)))
            if glyphs is None:
                report.links_unsized += 1
            else:
                found[annot.objgen] = glyphs
        # what the margin must not reach: every other link's area, a widened one's with its margin
        areas = {a.objgen: _padded(found[a.objgen]) if a.objgen in found else _rect(a)
                 for a in page.obj.get("/Annots", [])}
        for annot, _ in annots:
            if annot.objgen in found:
                others = [area for key, area in areas.items() if key != annot.objgen and not _is_thin(area)]
                _set_rect(annot, _area(found[annot.objgen], others, _rect_of(page.mediabox)))
                report.links_widened += 1


def _padded(box: Box) -> Box:
    return box[0] - MARGIN, box[1] - MARGIN, box[2] + MARGIN, box[3] + MARGIN


def _area(glyphs: Box, others: Sequence[Box], page: Box) -> Box:
    """The glyphs' box with MARGIN around it, or without where the margin would reach another link's
    area; kept on the page."""
    padded = _padded(glyphs)
    if any(_overlap(padded, other) for other in others):
        padded = glyphs
    return (max(padded[0], page[0]), max(padded[1], page[1]), min(padded[2], page[2]), min(padded[3], page[3]))


def _set_rect(annot: pikepdf.Dictionary, box: Box) -> None:
    """The new /Rect, and /QuadPoints where there are any: the same box, corners in the order readers use
    (upper left, upper right, lower left, lower right)."""
    x1, y1, x2, y2 = (round(v, 3) for v in box)
    annot.Rect = Array([x1, y1, x2, y2])
    if "/QuadPoints" in annot:
        annot.QuadPoints = Array([x1, y2, x2, y2, x1, y1, x2, y1])


def _rect(annot: pikepdf.Object) -> Box:
    return _rect_of(annot.Rect)


def _rect_of(values: pikepdf.Object) -> Box:
    x1, y1, x2, y2 = (float(v) for v in values)
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def _is_thin(box: Box) -> bool:
    return box[2] - box[0] < THIN or box[3] - box[1] < THIN


def _touches(glyphs: Box, rect: Box) -> bool:
    return _overlap((glyphs[0] - TOUCH, glyphs[1] - TOUCH, glyphs[2] + TOUCH, glyphs[3] + TOUCH), rect)


def _overlap(a: Box, b: Box) -> bool:
    """Whether two boxes share more than an edge (a box of no height overlaps what it crosses)."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
