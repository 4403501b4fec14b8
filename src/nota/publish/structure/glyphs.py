"""PUBLISH stage, structure pass: where the glyphs of a marked-content sequence are on the page.

A small interpreter of a page's content stream (pikepdf's tokenizer; the graphics state's matrix and
text state, the text and line matrices) that gives, for the MCIDs asked for, the box in default user
space (the space of an annotation's /Rect) of every glyph they show: its advance width from the font's
/W array, its height from the font's /Ascent to /Descent at the size set, moved by the text rise. So the
box is where the text is drawn, not where a layout box says it is. Only Type0 fonts with two-byte
codes (Identity-H, what WeasyPrint writes) are measured; text in another font gives no box.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

import pikepdf

from nota.publish.structure.content import fonts_of

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]  # x1, y1, x2, y2 with x1 <= x2 and y1 <= y2
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True)
class _Metrics:
    """What a glyph's box needs from its font: advance widths and vertical extent (1/1000 em)."""

    widths: dict[int, float]
    default: float
    ascent: float
    descent: float


@dataclass
class _State:
    """The part of the graphics state that places glyphs (a copy saved by q, restored by Q)."""

    ctm: Matrix = IDENTITY
    font: _Metrics | None = None
    size: float = 0.0
    char_spacing: float = 0.0
    word_spacing: float = 0.0
    scale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m × n in PDF's row-vector convention: apply m, then n."""
    return (m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3], m[2] * n[0] + m[3] * n[2],
            m[2] * n[1] + m[3] * n[3], m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5])


def union(boxes: Iterable[Box]) -> Box | None:
    found = list(boxes)
    if not found:
        return None
    return (min(b[0] for b in found), min(b[1] for b in found), max(b[2] for b in found), max(b[3] for b in found))


def glyph_boxes(page: pikepdf.Page, wanted: set[int]) -> dict[int, list[Box]]:
    """MCID -> the boxes of the glyphs it shows, for the MCIDs in `wanted` (one box per text-showing operator)."""
    reader = _Reader(page, wanted)
    for instruction in pikepdf.parse_content_stream(page):
        if isinstance(instruction, pikepdf.ContentStreamInstruction):
            handler = _HANDLERS.get(str(instruction.operator))
            if handler is not None:
                handler(reader, list(instruction.operands))
    return reader.boxes


class _Reader:
    """The interpreter's state while it walks one page's content stream."""

    def __init__(self, page: pikepdf.Page, wanted: set[int]):
        self.page, self.wanted = page, wanted
        self.fonts = {name: _metrics(font) for name, font in fonts_of(page.obj.get("/Resources")).items()}
        self.state = _State()
        self.saved: list[_State] = []
        self.marks: list[int | None] = []  # the MCID (or None) of each open BDC/BMC
        self.line: Matrix = IDENTITY
        self.text: Matrix | None = IDENTITY  # None: after text in a font not measured, until the next Tm
        self.pending: list[tuple[Any, _State]] = []  # text shown on this line since the text matrix was set
        self.boxes: dict[int, list[Box]] = {}

    def show(self, operands: list[Any]) -> None:  # Tj, TJ
        """Measure the glyphs of a wanted MCID. Other text only moves the text matrix: it is measured
        only when wanted text follows it before the matrix is set anew (most of a page never is)."""
        mcid = next((m for m in reversed(self.marks) if m is not None), None)
        shown = operands[0] if isinstance(operands[0], pikepdf.Array) else [operands[-1]]
        if mcid not in self.wanted:
            self.pending.append((shown, replace(self.state)))
            return
        for earlier, state in self.pending:
            self.text = _show(earlier, state, self.text)[1] if self.text is not None else None
        self.pending.clear()
        box, self.text = _show(shown, self.state, self.text) if self.text is not None else (None, None)
        if box is not None:
            self.boxes.setdefault(mcid, []).append(box)

    def next_line_show(self, operands: list[Any]) -> None:  # ' and "
        if len(operands) == 3:
            self.state.word_spacing, self.state.char_spacing = float(operands[0]), float(operands[1])
        self.move([0.0, -self.state.leading])
        self.show(operands[-1:])

    def begin_text(self, operands: list[Any]) -> None:  # BT
        self.line = self.text = IDENTITY
        self.pending.clear()

    def set_matrix(self, operands: list[Any]) -> None:  # Tm
        self.line = self.text = _matrix(operands)
        self.pending.clear()

    def move(self, operands: list[Any]) -> None:  # Td (and TD, T*, ' through it): from the line matrix
        self.line = self.text = multiply((1, 0, 0, 1, float(operands[0]), float(operands[1])), self.line)
        self.pending.clear()

    def move_leading(self, operands: list[Any]) -> None:  # TD
        self.state.leading = -float(operands[1])
        self.move(operands)

    def next_line(self, operands: list[Any]) -> None:  # T*
        self.move([0.0, -self.state.leading])

    def text_state(self, operands: list[Any], field: str, divisor: float = 1.0) -> None:  # Tc Tw Tz TL Ts
        setattr(self.state, field, float(operands[0]) / divisor)

    def font(self, operands: list[Any]) -> None:  # Tf
        self.state.font, self.state.size = self.fonts.get(str(operands[0])), float(operands[1])

    def concat(self, operands: list[Any]) -> None:  # cm
        self.state.ctm = multiply(_matrix(operands), self.state.ctm)

    def save(self, operands: list[Any]) -> None:  # q
        self.saved.append(replace(self.state))

    def restore(self, operands: list[Any]) -> None:  # Q
        if self.saved:
            self.state = self.saved.pop()

    def mark(self, operands: list[Any]) -> None:  # BDC, BMC
        self.marks.append(_mcid(operands, self.page))

    def end_mark(self, operands: list[Any]) -> None:  # EMC
        if self.marks:
            self.marks.pop()


_HANDLERS: dict[str, Callable[[_Reader, list[Any]], None]] = {
    "Tj": _Reader.show, "TJ": _Reader.show, "'": _Reader.next_line_show, '"': _Reader.next_line_show,
    "BT": _Reader.begin_text, "Tm": _Reader.set_matrix, "Td": _Reader.move, "TD": _Reader.move_leading,
    "T*": _Reader.next_line, "Tf": _Reader.font, "cm": _Reader.concat, "q": _Reader.save, "Q": _Reader.restore,
    "BDC": _Reader.mark, "BMC": _Reader.mark, "EMC": _Reader.end_mark,
    "Tc": lambda r, o: r.text_state(o, "char_spacing"), "Tw": lambda r, o: r.text_state(o, "word_spacing"),
    "Tz": lambda r, o: r.text_state(o, "scale", 100.0), "TL": lambda r, o: r.text_state(o, "leading"),
    "Ts": lambda r, o: r.text_state(o, "rise"),
}


def _show(shown: Iterable[Any], state: _State, text: Matrix) -> tuple[Box | None, Matrix | None]:
    """The box of the glyphs of one text-showing operator, and the text matrix after it (ISO 32000-1 9.4.4):
    None after glyphs of a font not measured, whose advance is not known."""
    font, advance, start, end = state.font, 0.0, None, None
    if font is None:
        return None, None
    for part in shown:
        if not isinstance(part, pikepdf.String):
            advance -= float(part) / 1000 * state.size * state.scale
            continue
        raw = bytes(part)
        for index in range(0, len(raw) - 1, 2):
            code = int.from_bytes(raw[index:index + 2], "big")
            width = font.widths.get(code, font.default) / 1000 * state.size * state.scale
            start = advance if start is None else min(start, advance)
            end = advance + width if end is None else max(end, advance + width)
            advance += width + state.char_spacing * state.scale
    after = multiply((1, 0, 0, 1, advance, 0), text)
    if start is None or end is None:
        return None, after
    low, high = state.rise + font.descent / 1000 * state.size, state.rise + font.ascent / 1000 * state.size
    to_page = multiply(text, state.ctm)
    corners = [_apply(to_page, x, y) for x in (start, end) for y in (low, high)]
    return union((x, y, x, y) for x, y in corners), after


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _matrix(operands: Any) -> Matrix:
    a, b, c, d, e, f = (float(v) for v in operands)
    return a, b, c, d, e, f


def _mcid(operands: Any, page: pikepdf.Page) -> int | None:
    """The MCID of a BDC's properties, given inline or by name in the page's /Properties (None for BMC)."""
    props = operands[1] if len(operands) > 1 else None
    if isinstance(props, pikepdf.Name):
        named = page.obj.get("/Resources", pikepdf.Dictionary()).get("/Properties", pikepdf.Dictionary())
        props = named.get(str(props))
    mcid = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
    return int(mcid) if mcid is not None else None


def _metrics(font: pikepdf.Dictionary) -> _Metrics | None:
    """Widths and vertical extent of a Type0 font with two-byte codes; None for any other font."""
    if font.get("/Subtype") != pikepdf.Name.Type0 or str(font.get("/Encoding")) != "/Identity-H":
        return None
    descendant = font.DescendantFonts[0]
    descriptor = descendant.get("/FontDescriptor", pikepdf.Dictionary())
    widths: dict[int, float] = {}
    entries = list(descendant.get("/W", []))
    index = 0
    while index < len(entries) - 1:
        first = int(entries[index])
        if isinstance(entries[index + 1], pikepdf.Array):  # c [w1 w2 ...]
            widths.update((first + i, float(w)) for i, w in enumerate(entries[index + 1]))
            index += 2
        else:  # c_first c_last w
            widths.update((code, float(entries[index + 2])) for code in range(first, int(entries[index + 1]) + 1))
            index += 3
    return _Metrics(widths, float(descendant.get("/DW", 1000)), float(descriptor.get("/Ascent", 1000)),
                    float(descriptor.get("/Descent", 0)))
