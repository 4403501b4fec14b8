"""No stream of a PDF nota writes ends with a carriage return (publish/structure/save.py).

PDF/A (ISO 19005-2, 6.1.7.1) counts /Length up to the end-of-line marker before `endstream`; a stream
whose bytes end with CR, followed by qpdf's LF, reads one byte short. A Flate stream ends with the
Adler-32 of its data, so it happens by chance (one stream in 256): these streams are made to.
"""

from __future__ import annotations

import io
import zlib

import pikepdf

from nota.publish.structure.save import CR_BEFORE_ENDSTREAM, save


def _ending_in_cr(prefix: bytes) -> bytes:
    """Data whose zlib stream ends with a carriage return (the last byte of its Adler-32)."""
    for pad in range(4):
        for first in range(48, 123):
            for second in range(48, 123):
                data = prefix + b" " * pad + bytes([first, second])
                if zlib.compress(data).endswith(b"\r"):
                    return data
    raise AssertionError("no such data")


def _pdf(content: bytes, blob: bytes) -> pikepdf.Pdf:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    page.obj.Contents = pdf.make_stream(zlib.compress(content))
    page.obj.Contents.Filter = pikepdf.Name.FlateDecode
    other = pdf.make_stream(zlib.compress(blob))
    other.Filter = pikepdf.Name.FlateDecode
    page.obj.Resources = pikepdf.Dictionary(Extra=other)
    return pdf


def test_no_stream_ends_with_a_carriage_return_and_nothing_is_lost() -> None:
    content, blob = _ending_in_cr(b"BT /F1 12 Tf 72 712 Td (regel) Tj ET %"), _ending_in_cr(b"font program")
    plain = io.BytesIO()
    _pdf(content, blob).save(plain, recompress_flate=False)
    assert CR_BEFORE_ENDSTREAM in plain.getvalue()  # the case exists: a plain save writes it
    written = save(_pdf(content, blob))
    assert CR_BEFORE_ENDSTREAM not in written
    assert save(_pdf(content, blob)) == written  # the same input, the same bytes
    back = pikepdf.open(io.BytesIO(written))
    page = back.pages[0]
    assert page.Contents.read_bytes().rstrip(b"\n") == content  # a line feed at the end of the operators
    assert page.Resources.Extra.read_bytes() == blob  # stored as it is


def test_a_pdf_without_such_a_stream_is_saved_as_it_always_was() -> None:
    content, blob = b"BT /F1 12 Tf 72 712 Td (regel) Tj ET", b"font program"
    assert not zlib.compress(content).endswith(b"\r") and not zlib.compress(blob).endswith(b"\r")
    plain = io.BytesIO()
    _pdf(content, blob).save(plain, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                             compress_streams=True, recompress_flate=False)
    assert save(_pdf(content, blob)) == plain.getvalue()
