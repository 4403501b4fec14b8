"""PUBLISH stage, structure pass: write the PDF so that no stream's data ends with a carriage return.

PDF/A (ISO 19005-2, 6.1.7.1) counts a stream's /Length up to the end-of-line marker before
`endstream`. qpdf writes a line feed there, so a stream whose bytes happen to end with a carriage
return reads as its data followed by CR LF: one byte short of its /Length, and a validator fails the
file. A Flate stream ends with the Adler-32 checksum of its data, so whether it ends with CR is
chance (about one stream in 256), and compressing again at another level does not change it: the
commit in the colophon was enough to make it happen. So a file in which it happens is saved again:

1. a page's content stream that ends with CR gets a line feed at the end of its operators (a
   change no reader sees) and is compressed again; another stream (a font, an image) is stored
   uncompressed, with the rest written as it is (qpdf would otherwise compress it to the same bytes);
2. if qpdf's own streams (the object streams) still end with CR, without object streams.

The first try is the usual save, so a file in which it does not happen is written as it always was;
the tries go in a fixed order, so the same input still gives the same bytes.
"""

from __future__ import annotations

import io
import zlib

import pikepdf

CR_BEFORE_ENDSTREAM = b"\r\nendstream"


def save(pdf: pikepdf.Pdf) -> bytes:
    """The PDF's bytes, with no stream whose data ends with a carriage return (see above)."""
    data = _save(pdf)
    if CR_BEFORE_ENDSTREAM in data:
        stored = end_without_cr(pdf)
        data = _save(pdf, compress=not stored)
    if CR_BEFORE_ENDSTREAM in data:
        data = _save(pdf, compress=False, object_streams=pikepdf.ObjectStreamMode.disable)
    return data  # still ending with CR: tests/test_pdfua.py's validators would say so


def _save(pdf: pikepdf.Pdf, compress: bool = True,
          object_streams: pikepdf.ObjectStreamMode = pikepdf.ObjectStreamMode.generate) -> bytes:
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, object_stream_mode=object_streams, compress_streams=compress,
             recompress_flate=False)
    return out.getvalue()


def end_without_cr(pdf: pikepdf.Pdf) -> bool:
    """Make each Flate stream that ends with CR end otherwise (see above); whether one had to be stored
    uncompressed."""
    contents = {stream.objgen for page in pdf.pages for stream in _contents(page)}
    stored = False
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream) or obj.get("/Filter") != pikepdf.Name.FlateDecode:
            continue
        if not obj.read_raw_bytes().endswith(b"\r"):
            continue
        data = obj.read_bytes()
        if obj.objgen in contents:
            while (packed := zlib.compress(data)).endswith(b"\r"):
                data += b"\n"
            obj.write(packed, filter=pikepdf.Name.FlateDecode)
        else:
            obj.write(data)
            stored = True
    return stored


def _contents(page: pikepdf.Page) -> list[pikepdf.Stream]:
    found = page.obj.get("/Contents")
    if isinstance(found, pikepdf.Stream):
        return [found]
    return [s for s in found or [] if isinstance(s, pikepdf.Stream)]
