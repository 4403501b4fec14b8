"""CHECK stage (and RENDER's reading of them): content images, the one kind of file content may point at.

A figure may show a PNG or JPEG file from the document's own folder (`image: figures/foto.png`). The
path must stay inside that folder (no `..`, no absolute path, no URL, no link leading out), and the
file is judged by its bytes before anything is rendered: its format by the magic bytes, its pixel
size from the header without decoding (a 20000×20000 PNG of a few hundred bytes is a decompression
bomb, refused here rather than silently missing from the PDF), and its size on disk.

SVG from content is refused, not sanitised: an SVG is a document that can fetch other files and carry
scripts, and the site serves the output folder. Figures that are drawings come from data (`chart:`).
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from nota import limits
from nota.check.outline import Outline
from nota.errors import BuildError, Code, Problem
from nota.i18n import _, number
from nota.load.safefs import UnsafeFile, read_inside
from nota.model.document import Document
from nota.model.figures import Figure
from nota.source import Place

EXTENSIONS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# JPEG start-of-frame markers (baseline, progressive, lossless, arithmetic): they carry the size
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


class BadImage(Exception):
    """A content image that may not be used, with a plain-words hint."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass(frozen=True)
class ImageInfo:
    format: str  # "PNG" | "JPEG"
    width: int
    height: int


# --- the bytes -----------------------------------------------------------------------------------

def sniff(data: bytes) -> ImageInfo:
    """Format and pixel size from the first bytes of a file; nothing is decoded."""
    if data.startswith(_PNG_SIGNATURE):
        return _png(data)
    if data.startswith(b"\xff\xd8\xff"):
        return _jpeg(data)
    if data.lstrip()[:1] == b"<":
        raise BadImage(_("is an SVG or XML file"), _("SVG files are not accepted from content (they can load other "
                       "files and run scripts); export it as PNG, or draw the figure from data with chart:"))
    raise BadImage(_("is not a PNG or JPEG file"), _("save the image as PNG or JPEG"))


def _png(data: bytes) -> ImageInfo:
    # signature, then the IHDR chunk: length 13, type, width, height, 5 more bytes, CRC
    if len(data) < 33 or data[8:16] != b"\x00\x00\x00\x0dIHDR":
        raise BadImage(_("is a damaged PNG file (no IHDR header)"), _("export the image again as PNG"))
    width, height = struct.unpack(">II", data[16:24])
    if zlib.crc32(data[12:29]) != struct.unpack(">I", data[29:33])[0]:
        raise BadImage(_("is a damaged PNG file (header checksum wrong)"), _("export the image again as PNG"))
    return ImageInfo("PNG", width, height)


def _jpeg(data: bytes) -> ImageInfo:
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            break
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if marker in _SOF and pos + 9 <= len(data):
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return ImageInfo("JPEG", width, height)
        if marker in (0xD9, 0xDA) or length < 2:  # end of image, or scan data before any frame header
            break
        pos += 2 + length
    raise BadImage(_("is a damaged JPEG file (no frame header with its size)"), _("export the image again as JPEG"))


def check_bytes(data: bytes, suffix: str) -> ImageInfo:
    """Refuse a file whose format does not match its name, or whose pixel size is over the limits."""
    info = sniff(data)
    if EXTENSIONS[suffix] != info.format:
        raise BadImage(_("is a {format} file named {suffix}", format=info.format, suffix=suffix),
                       _("rename it to end in .{suffix}", suffix=info.format.lower().replace("jpeg", "jpg")))
    if min(info.width, info.height) < 1:
        raise BadImage(_("is {width}×{height} pixels", width=info.width, height=info.height),
                       _("export the image again"))
    side, pixels = max(info.width, info.height), info.width * info.height
    if side > limits.MAX_IMAGE_SIDE or pixels > limits.MAX_IMAGE_PIXELS:
        raise BadImage(_("is {width}×{height} pixels, more than the limit of {side} per side and {pixels} in all",
                         width=number(info.width), height=number(info.height), side=number(limits.MAX_IMAGE_SIDE),
                         pixels=number(limits.MAX_IMAGE_PIXELS)),
                       _("scale it down; {example} pixels wide is plenty for print", example=number(2000)))
    return info


# --- the path ------------------------------------------------------------------------------------

def checked_path(written: str) -> PurePosixPath:
    """The image path as written, if it names a file inside the document folder; BadImage otherwise."""
    hint = _("write the path from the document folder, e.g. figures/foto.png")
    if _SCHEME.match(written) or written.startswith("//"):
        raise BadImage(_("is a URL; only files in the document folder can be shown"),
                       _("copy the file in; write the path from the document folder, e.g. figures/foto.png"))
    if written.startswith(("/", "\\", "~")) or "\\" in written:
        raise BadImage(_("is an absolute path or uses backslashes"), hint)
    path = PurePosixPath(written)
    if ".." in path.parts:
        raise BadImage(_("uses .. to leave the document folder"), hint)
    if not all(_SEGMENT.fullmatch(part) for part in written.split("/")):
        raise BadImage(_("has characters that are not allowed in a file name"),
                       _("use letters, digits, - and _ in folder and file names, e.g. figures/foto-1.png"))
    if path.suffix.lower() == ".svg":
        raise BadImage(_("is an SVG file, which is not accepted from content (it can load other files and run "
                         "scripts)"), _("export it as PNG, or draw the figure from data with chart:"))
    if path.suffix.lower() not in EXTENSIONS:
        raise BadImage(_("is not a .png, .jpg or .jpeg file"), _("export the image as PNG or JPEG"))
    return path


def read_image(doc: Document, written: str) -> bytes:
    """The bytes of one content image, checked: path, link target, file size, format and pixel size."""
    path = checked_path(written)
    label = f"content/{doc.id}/"
    try:
        data = read_inside(doc.folder, doc.folder / path, limits.MAX_IMAGE_BYTES, label)
    except UnsafeFile as exc:
        raise BadImage(exc.reason, exc.hint) from None
    check_bytes(data, path.suffix.lower())
    return data


# --- the rule and the files ----------------------------------------------------------------------

def image_figures(doc: Document) -> Iterator[tuple[Figure, Place]]:
    """Every figure that shows an image file, with where its image: is written, in reading order."""
    for figure, place in doc.blocks(Figure):
        if figure.image is not None:
            yield figure, Place(place.source, (*place.loc, "image"))


def check_images(doc: Document, outline: Outline | None = None) -> list[Problem]:
    """CHECK rule: every image a figure names can be used; the images together are within the limit."""
    problems, total, first = [], 0, None
    for figure, place in image_figures(doc):
        where = place.where
        first = first or where
        try:
            total += len(read_image(doc, str(figure.image)))
        except BadImage as exc:
            problems.append(Problem(_("image {file} {reason}", file=figure.image, reason=exc.message), where,
                                    exc.hint, code=Code.IMAGE))
    if total > limits.MAX_DOCUMENT_IMAGE_BYTES and first is not None:
        problems.append(Problem(_("the images of this document are {size} bytes together, more than the limit "
                                  "of {limit}", size=number(total), limit=number(limits.MAX_DOCUMENT_IMAGE_BYTES)),
                                first, _("use fewer or smaller images"), code=Code.LIMIT))
    return problems


def image_files(doc: Document) -> dict[str, bytes]:
    """RENDER: every content image by its path beside the HTML, read and checked again as it is read."""
    files = {}
    for figure, place in image_figures(doc):
        written = str(figure.image)
        try:
            files[str(checked_path(written))] = read_image(doc, written)
        except BadImage as exc:  # changed on disk since the check
            problem = Problem(_("image {file} {reason}", file=written, reason=exc.message), place.where, exc.hint,
                              code=Code.IMAGE, document=doc.id)
            raise BuildError(str(problem), [problem]) from None
    return files


def src(figure: Figure) -> str:
    """The address of a figure's picture beside the HTML: the image file, or the SVG drawn from data."""
    return str(checked_path(figure.image)) if figure.image is not None else f"figures/{figure.id}.svg"
