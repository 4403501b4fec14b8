"""Resource limits: how much content one file and one document may hold, and what rendering may cost.

Content is untrusted, so every quantity that costs time or memory has a ceiling, named here once.
The numbers are generous multiples of what the real documents need (measured on both, noted beside
each limit), so they stop hostile or broken input, never a real document. A document over a limit
gets a located error and is not built; the other documents still build.

The guard that enforces the time and memory numbers is `guard.py`; the rule that reports a document
over its size limits is `check/size.py`.
"""

from __future__ import annotations

# Measured on the reference machine (README, "Speed"): the real documents, and documents generated
# from them by benchmarks/generate.py: the Programmaplan's chapters 19 times over (278 pages, 1.0 M
# characters), and the Programmaplan with 2,000 rows in its Bijlage 1. A real programmabegroting or
# jaarstukken runs to 400 pages with tables of up to 2,000 rows: each limit leaves it a wide margin.

# --- LOAD: one content file (load/yaml.py) -------------------------------------------------------
MAX_FILE_BYTES = 1_000_000  # a 2,000-row budget table file is 343 kB (5,000 rows ~860 kB), the largest real file 20 kB;
#                            a file this size with syntax errors at its end is refused in 0.85 s (pure parser)
MAX_DEPTH = 24  # nesting of lists and mappings; real content goes 9 deep
MAX_VALUES_PER_FILE = 100_000  # YAML values; the 2,000-row table has 34,000 (10 µs each with libyaml, 32 pure)
MAX_FIELD_CHARS = 20_000  # one text value; the longest real paragraph has ~2,000 characters
MAX_NUMBER_CHARS = 40  # a plain number; real amounts have at most 9 digits
MAX_YAML_RESUMES = 10  # times a file is read again after a syntax error (load/resume.py), each a full parse
MAX_RESUME_CHARS = 500_000  # characters parsed in all, first reading included, before reading on after a
#                             syntax error: a real file (20 kB) reads on every time, the largest file not at all

# --- CHECK: one document -------------------------------------------------------------------------
MAX_DOCUMENT_CHARS = 8_000_000  # all its content files; 400 pages with large tables ~3 M, the real ones ~50,000
MAX_TABLE_ROWS = 5_000  # rows of one budget or plain table; a begroting's largest ~2,000, the real ones 56
MAX_TABLE_YEARS = 20  # year columns of a budget table; real tables have 4 to 6

# --- content images (images.py) ------------------------------------------------------------------
MAX_IMAGE_BYTES = 5_000_000  # one PNG or JPEG file
MAX_IMAGE_SIDE = 10_000  # pixels, width or height
MAX_IMAGE_PIXELS = 25_000_000  # width × height: ~100 MB once decoded (4 bytes a pixel)
MAX_DOCUMENT_IMAGE_BYTES = 50_000_000  # all images of one document

# --- time per document ---------------------------------------------------------------------------
CHECK_SECONDS = 20.0  # load, validate and check; 0.9 s per million characters (8 M: ~7 s), the real
#                       documents 0.04 s; a hostile one within the limits above (Markdown worst cases) is
#                       stopped here

# --- typesetting one document's PDF (check/size.py: its budget grows with its estimated pages) -----
CHARS_PER_PAGE = 3_000  # content characters a page holds: Programmaplan 53,000 in 16 pages, Visie 48,000 in 18
ROWS_PER_PAGE = 30  # table rows a page holds: 2,000 rows of Bijlage 1 fill 54 landscape pages (37 a page),
#                     at 6.8 ms and 0.18 MB a row (the whole 70-page document: 15.8 s CPU, 463 MB)
RENDER_SECONDS = 60.0  # plus RENDER_SECONDS_PER_PAGE per estimated page: start-up, fonts, stylesheets ~1 s
RENDER_SECONDS_PER_PAGE = 1.0  # a page costs 0.12 s CPU (278 pages: 33.5 s), 0.17 s on a loaded machine
RENDER_MEMORY_BYTES = 1024**3  # plus RENDER_MEMORY_PER_PAGE per estimated page: a small document peaks at ~120 MB
RENDER_MEMORY_PER_PAGE = 8 * 1024**2  # a page costs ~2.1 MB (89 pages: 267 MB, 278 pages: 669 MB at most)
