"""PUBLISH stage, structure pass: the ToUnicode maps, so every glyph reads as its letters (PDF/UA-1 7.21.7,
PDF/A-2 6.2.11.7.2).

WeasyPrint maps a glyph to the text of the Pango cluster it was first drawn in. When HarfBuzz forms
a ligature across a soft hyphen (ef&shy;fec&shy;ten) the cluster holds two glyphs, the second gets
the text and the ligature maps to "" for the whole document: "effecten" is read, searched and
copied as "eecten". Ligatures stay on; the map is repaired from the fonts themselves.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

import pikepdf
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # a dependency of WeasyPrint

from nota.publish.structure.content import FontKey, fonts_of
from nota.publish.structure.html import SHY
from nota.publish.structure.report import FixReport, TreeError

_HEX = re.compile(rb"<([0-9a-fA-F]*)>")
_LIGATURES = range(0xFB00, 0xFB07)  # ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ: their compatibility decomposition is their letters


def read_cmap(data: bytes) -> dict[int, str]:
    """Code -> text of a ToUnicode CMap (bfchar and bfrange, two-byte codes, as WeasyPrint writes them)."""
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        pairs = _HEX.findall(block)
        for code, text in zip(pairs[::2], pairs[1::2], strict=True):
            mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be") if text else ""
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, start in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            base = bytes.fromhex(start.decode()).decode("utf-16-be")
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = base[:-1] + chr(ord(base[-1]) + offset)
    return mapping


def write_cmap(mapping: Mapping[int, str]) -> bytes:
    """A ToUnicode CMap in the layout WeasyPrint writes (bfchar in batches of 100, sorted by code)."""
    lines = [b"/CIDInit /ProcSet findresource begin", b"12 dict begin", b"begincmap", b"/CIDSystemInfo",
             b"<< /Registry (Adobe)", b"/Ordering (UCS)", b"/Supplement 0", b">> def",
             b"/CMapName /Adobe-Identity-UCS def", b"/CMapType 2 def", b"1 begincodespacerange",
             b"<0000> <ffff>", b"endcodespacerange"]
    items = sorted(mapping.items())
    for start in range(0, len(items), 100):
        batch = items[start:start + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        lines.extend(f"<{code:04x}> <{text.encode('utf-16-be').hex()}>".encode() for code, text in batch)
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return b"\n".join(lines)


class GlyphText:
    """What a glyph of an embedded TrueType font stands for: its cmap entry, else its GSUB ligature parts.

    WeasyPrint keeps glyph ids when it subsets (CIDToGIDMap /Identity) but drops GSUB from the
    embedded program, so a ligature's components come from the original font file, found by its
    PostScript name among `originals` (nota's vendored fonts).
    """

    def __init__(self, program: bytes, originals: Mapping[str, bytes]):
        self._font = TTFont(io.BytesIO(program), lazy=True)
        self._name = str(self._font["name"].getDebugName(6) or "")
        self._originals = originals
        self._reverse: dict[int, list[int]] | None = None
        self._ligatures: dict[int, list[int]] | None = None

    def text(self, gid: int, depth: int = 0) -> str | None:
        """The text of a glyph, or None when neither its cmap nor a ligature tells."""
        codepoints = self._cmap().get(gid)
        if codepoints:
            char = chr(codepoints[0])
            return unicodedata.normalize("NFKC", char) if codepoints[0] in _LIGATURES else char
        parts = self._gsub().get(gid)
        if parts and depth < 4:
            texts = [self.text(part, depth + 1) for part in parts]
            return "".join(t for t in texts if t is not None) if None not in texts else None
        return None

    def _cmap(self) -> dict[int, list[int]]:
        if self._reverse is None:
            self._reverse = {}
            for codepoint, glyph_name in sorted((self._font.getBestCmap() or {}).items()):
                self._reverse.setdefault(self._font.getGlyphID(glyph_name), []).append(codepoint)
        return self._reverse

    def _gsub(self) -> dict[int, list[int]]:
        if self._ligatures is None:
            self._ligatures = {}
            original = self._original()
            if original is not None and "GSUB" in original:
                for lookup in original["GSUB"].table.LookupList.Lookup:
                    for subtable in lookup.SubTable:
                        if lookup.LookupType == 7:  # an extension lookup wraps the real one
                            subtable = subtable.ExtSubTable
                        for first, ligatures in getattr(subtable, "ligatures", {}).items():
                            for ligature in ligatures:
                                parts = [original.getGlyphID(n) for n in [first, *ligature.Component]]
                                self._ligatures.setdefault(original.getGlyphID(ligature.LigGlyph), parts)
        return self._ligatures

    def _original(self) -> Any:
        for name in sorted(self._originals):
            font = TTFont(io.BytesIO(self._originals[name]), lazy=True)
            if str(font["name"].getDebugName(6) or "") == self._name:
                return font
        return None


def repair_fonts(pdf: pikepdf.Pdf, used: Mapping[FontKey, set[int]], originals: Mapping[str, bytes],
                 report: FixReport) -> dict[FontKey, dict[int, str]]:
    """Make every ToUnicode entry of a shown glyph say its letters; return the maps, by font.

    Checked: every entry that is empty, holds a soft hyphen or more than one character (a cluster),
    and every shown code without an entry, against the glyph's cmap entry or ligature components.
    A shown glyph whose text cannot be told stops the build: it would be lost to a screen reader.
    """
    maps: dict[FontKey, dict[int, str]] = {}
    for font in _all_fonts(pdf):
        if "/ToUnicode" not in font:
            continue
        mapping = read_cmap(font.ToUnicode.read_bytes())
        shown = used.get(font.objgen, set())
        suspect = sorted({code for code, text in mapping.items() if len(text) != 1 or SHY in text}
                         | {code for code in shown if code not in mapping})
        resolve = _glyph_text(font, originals) if suspect else None
        fixed: dict[int, str] = {}
        for code in suspect:
            current = mapping.get(code, "").replace(SHY, "")
            text = (resolve.text(code) if resolve is not None else None) or current
            if not text and code in shown:
                raise TreeError(f"{font.get('/BaseFont')}: glyph {code:#06x} has no text in ToUnicode and none can "
                                "be derived from the font (cmap, GSUB ligatures)")
            if text and text != mapping.get(code):
                fixed[code] = text
        if fixed:
            mapping.update(fixed)
            font.ToUnicode = pdf.make_stream(write_cmap(mapping))
            report.to_unicode_fixed[str(font.get("/BaseFont", ""))] = fixed
        maps[font.objgen] = mapping
    return maps


def _all_fonts(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    seen: dict[FontKey, pikepdf.Dictionary] = {}
    for page in pdf.pages:
        for font in fonts_of(page.obj.get("/Resources")).values():
            seen.setdefault(font.objgen, font)
    return [seen[key] for key in sorted(seen)]


def _glyph_text(font: pikepdf.Dictionary, originals: Mapping[str, bytes]) -> GlyphText | None:
    descendants = font.get("/DescendantFonts")
    descriptor = descendants[0].get("/FontDescriptor") if descendants else font.get("/FontDescriptor")
    program = descriptor.get("/FontFile2") if descriptor is not None else None
    return GlyphText(program.read_bytes(), originals) if program is not None else None
