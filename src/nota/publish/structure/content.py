"""PUBLISH stage, structure pass: the page content streams. Where each marked-content sequence (MCID)
begins, which glyphs it shows, and turning sequences into Artifacts.

The syntax read is the one WeasyPrint (pydyf) writes: each text box is one flat sequence
`/Span <</MCID n>> BDC ... EMC`, fonts are Identity-H and text is in hex strings. A stream with
literal strings, inline images or marked content nested in an MCID sequence is refused (TreeError)
rather than misread: a WeasyPrint upgrade that changes this stops the build instead of mis-tagging.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pikepdf

from nota.publish.structure.report import TreeError

FontKey = tuple[int, int]  # the object number and generation of a font dictionary

_NAME = rb"/[^\s/<>\[\]()%{}]+"
_END = rb"(?![^\s/<\[(])"
_TF = re.compile(rb"(" + _NAME + rb")\s+[-+\d.]+\s+Tf" + _END)
_HEXSTRING = re.compile(rb"<([0-9a-fA-F\s]*)>")
_NESTED = re.compile(rb"(?<![^\s>\]])(?:BDC|BMC)" + _END)
_INLINE_IMAGE = re.compile(rb"\sBI\s")
_MCID = re.compile(rb"/MCID\s+(\d+)[^<>]*>>\s*BDC" + _END)
_DELIMITERS = b" \t\r\n\x00\x0c"


@dataclass
class PageContent:
    """A page's content stream, scanned once: where each MCID's BDC is and what it shows."""

    data: bytes
    bdc: dict[int, tuple[int, int]]  # MCID -> byte span of its tag, properties and BDC operator
    shown: dict[int, list[tuple[FontKey, str]]]  # MCID -> (font, glyph codes, one str character per code)
    texts: dict[int, str] = field(default_factory=dict)  # MCID -> its text, once the fonts are repaired


def as_list(obj: Any) -> list[Any]:
    """A PDF value that may be one object or an array of them, as a list."""
    if obj is None:
        return []
    return list(obj) if isinstance(obj, pikepdf.Array) else [obj]


def fonts_of(resources: Any) -> dict[str, pikepdf.Dictionary]:
    fonts = resources.get("/Font") if resources is not None else None
    return {str(name): font for name, font in fonts.items()} if fonts is not None else {}


def scan_page(page: pikepdf.Page) -> PageContent:
    """The BDC positions and the glyph codes shown inside each MCID of one page."""
    fonts = {name.encode(): font.objgen for name, font in fonts_of(page.obj.get("/Resources")).items()}
    data = b"\n".join(s.read_bytes() for s in as_list(page.obj.get("/Contents")))
    if b"(" in data or _INLINE_IMAGE.search(data):
        raise TreeError("a content stream has literal strings or inline images, which this pass does not read")
    content = PageContent(data, {}, {})
    font: FontKey | None = None
    for found in _MCID.finditer(data):
        mcid = int(found.group(1))
        begin = data.rfind(b"/", 0, data.rfind(b"<<", 0, found.start()))  # the tag: /Span <<...
        body = data[found.end():_emc(data, found.end())]
        content.bdc[mcid] = (begin, found.end())
        if (b"BDC" in body or b"BMC" in body) and _NESTED.search(body):
            raise TreeError(f"marked content nested in MCID {mcid}, which this pass does not read")
        pieces, font = _by_font(body, fonts, font)
        content.shown[mcid] = [(f, codes) for f, piece in pieces if f is not None and (codes := _codes(piece))]
    return content


def _codes(shown: bytes) -> str:
    """The two-byte glyph codes of the hex strings in some content, one str character per code."""
    raw = bytes.fromhex(b"".join(_HEXSTRING.findall(shown)).decode())
    return raw[: len(raw) // 2 * 2].decode("utf-16-be", "surrogatepass")


def _emc(data: bytes, start: int) -> int:
    """Where the EMC operator after `start` begins (the end of the data when there is none)."""
    position = data.find(b"EMC", start)
    while position >= 0:
        before = data[position - 1:position] if position else b" "
        after = data[position + 3:position + 4] or b" "
        if before in _DELIMITERS + b">]" and after in _DELIMITERS + b"/<[(":
            return position
        position = data.find(b"EMC", position + 3)
    return len(data)


def _by_font(body: bytes, fonts: Mapping[bytes, FontKey], font: FontKey | None
             ) -> tuple[list[tuple[FontKey | None, bytes]], FontKey | None]:
    """Split a sequence's content at each font selection (Tf): (font, what is shown with it).

    The font in effect at the start is the one selected last before it (graphics state carries over).
    """
    pieces: list[tuple[FontKey | None, bytes]] = []
    last = 0
    for selection in _TF.finditer(body) if b"Tf" in body else ():
        pieces.append((font, body[last:selection.start()]))
        font, last = fonts.get(selection.group(1)), selection.end()
    pieces.append((font, body[last:]))
    return pieces, font


def codes_used(pages: Iterable[PageContent]) -> dict[FontKey, set[int]]:
    """The glyph codes each font shows inside marked content."""
    used: dict[FontKey, set[str]] = {}
    for content in pages:
        for shown in content.shown.values():
            for font, codes in shown:
                used.setdefault(font, set()).update(codes)
    return {font: {ord(code) for code in codes} for font, codes in used.items()}


def decode_texts(content: PageContent, maps: Mapping[FontKey, Mapping[int, str]]) -> None:
    """Fill content.texts with the text of each MCID, read through the (repaired) ToUnicode maps."""
    for mcid, shown in content.shown.items():
        content.texts[mcid] = "".join(codes.translate(maps.get(font, {})) for font, codes in shown)


def mark_artifacts(pdf: pikepdf.Pdf, pages: Sequence[PageContent], artifacts: Mapping[tuple[int, int], str]) -> None:
    """Turn the marked-content sequences of page furniture, leaders and repeats into /Artifact sequences.

    Only the tag and properties before BDC change; what the page draws stays byte for byte the same.
    """
    by_page: dict[int, dict[int, str]] = {}
    for (page, mcid), kind in artifacts.items():
        by_page.setdefault(page, {})[mcid] = kind
    for index, mcids in sorted(by_page.items()):
        content = pages[index]
        parts, last = [], 0
        for (begin, end), kind in sorted((content.bdc[mcid], kind) for mcid, kind in mcids.items()):
            parts += [content.data[last:begin], b"/Artifact <</Type /%s>> BDC" % kind.encode()]
            last = end
        parts.append(content.data[last:])
        pdf.pages[index].obj.Contents = pdf.make_stream(b"".join(parts))
