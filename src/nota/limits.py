"""Resource limits: how much content one file and one document may hold, and what rendering may cost.

Content is untrusted, so every quantity that costs time or memory has a ceiling, named here once.
The numbers are generous multiples of what the real documents need (measured on both, noted beside
each limit), so they stop hostile or broken input, never a real document. A document over a limit
gets a located error and is not built; the other documents still build.

The guard that enforces the time and memory numbers is `guard.py`; the rule that reports a document
over its size limits is `check/size.py`.
"""

from __future__ import annotations

# --- LOAD: one content file (yamlio) -------------------------------------------------------------
MAX_FILE_BYTES = 512_000  # the largest real content file is 20 kB; parsing costs ~1 s per 500 kB
MAX_DEPTH = 24  # nesting of lists and mappings; real content goes 9 deep
MAX_VALUES_PER_FILE = 10_000  # YAML values in one file; the largest real file has ~1,000 (~25 µs each)
MAX_FIELD_CHARS = 20_000  # one text value; the longest real paragraph has ~2,000 characters
MAX_NUMBER_CHARS = 40  # a plain number; real amounts have at most 9 digits
MAX_YAML_RESUMES = 10  # times a file is read again after a syntax error (load/resume.py), each a full parse
MAX_RESUME_CHARS = 500_000  # characters parsed in all, first reading included, before reading on after a
#                             syntax error: a real file (20 kB) reads on every time, the largest file not at all

# --- CHECK: one document -------------------------------------------------------------------------
MAX_DOCUMENT_CHARS = 1_000_000  # all content files of a document together; the real ones have ~50,000
MAX_TABLE_ROWS = 500  # rows of one budget table (all groups) or plain table; the largest real one has 56
MAX_TABLE_YEARS = 20  # year columns of a budget table; real tables have 4 to 6

# --- content images (images.py) ------------------------------------------------------------------
MAX_IMAGE_BYTES = 5_000_000  # one PNG or JPEG file
MAX_IMAGE_SIDE = 10_000  # pixels, width or height
MAX_IMAGE_PIXELS = 25_000_000  # width × height: ~100 MB once decoded (4 bytes a pixel)
MAX_DOCUMENT_IMAGE_BYTES = 50_000_000  # all images of one document

# --- time per document ---------------------------------------------------------------------------
CHECK_SECONDS = 20.0  # load, validate and check; the real documents take 0.2 s, a hostile one within
#                       the limits above up to ~40 s (Markdown worst cases), so this bounds it
RENDER_SECONDS = 120.0  # HTML and PDF together; the larger real document takes ~8 s
RENDER_MEMORY_BYTES = 2 * 1024**3  # address space of the worker; the real documents peak at ~330 MB
