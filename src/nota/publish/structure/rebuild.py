"""PUBLISH stage, structure pass: rebuild the tagged structure of a WeasyPrint PDF from the HTML it was
typeset from, so the file is PDF/UA-1 and PDF/A-2a in fact and not only in its declaration.

WeasyPrint 70 tags each page on its own: every element that crosses a page break is cut in pieces,
page furniture is marked but in no element, footnotes sit at document level and each box inside a
link gets an annotation of its own. This pass keeps what WeasyPrint got right (the marked-content
sequences in the pages, the link annotations, the figures' attributes) and replaces its tree with one
built from the HTML: each sequence is matched, in reading order, with the text of the element it was
set from, and every HTML element becomes one structure element, whatever the pages. What is not in
the tree becomes an Artifact: page furniture, leaders, table header rows repeated on later pages. A
link annotation of no height (a footnote reference, set at line-height 0) gets its glyphs' area.

It reads nothing but the PDF's own content syntax and structure (no private WeasyPrint function),
and it is strict: HTML text the PDF does not show, or a content stream it cannot read, raises
TreeError and the build stops, so a wrong tree is never written. Deterministic: no clock, no random
id; qpdf's deterministic file /ID.
"""

from __future__ import annotations

import contextlib
import gc
import io
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pikepdf

from nota.publish.structure.align import Aligner
from nota.publish.structure.builder import Builder
from nota.publish.structure.classify import classify
from nota.publish.structure.content import PageContent, codes_used, decode_texts, mark_artifacts, scan_page
from nota.publish.structure.html import body_of, flatten
from nota.publish.structure.linkareas import widen_links
from nota.publish.structure.report import FixReport, TreeError
from nota.publish.structure.save import save
from nota.publish.structure.tables import tag_tables
from nota.publish.structure.tounicode import repair_fonts
from nota.publish.structure.weasytree import Leaf, read_tree
from nota.publish.structure.write import fix_xmp, tidy_links, write_tree


def fix(pdf_bytes: bytes, html: Any, fonts: Mapping[str, bytes]) -> bytes:
    """The PDF with its structure rebuilt; see `rebuild`."""
    return rebuild(pdf_bytes, html, fonts)[0]


def rebuild(pdf_bytes: bytes, html: Any, fonts: Mapping[str, bytes]) -> tuple[bytes, FixReport]:
    """The PDF with its structure rebuilt from `html`, and what was done.

    `html`: the ElementTree root WeasyPrint parsed and typeset (`weasyprint.HTML(...).etree_element`);
    `fonts`: the document's font files (name -> bytes), for ligatures whose letters only the font's
    GSUB table tells.
    """
    report = FixReport()
    with _no_gc(), pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        pages = [scan_page(page) for page in pdf.pages]
        maps = repair_fonts(pdf, codes_used(pages), fonts, report)
        for content in pages:
            decode_texts(content, maps)
        body = body_of(html)
        wnodes, leaves = read_tree(pdf)
        aligner, ordered = classify(leaves, wnodes, flatten(body), pages)
        _refuse_mismatch(aligner, leaves, report)
        builder = Builder(body, html.get("lang"))
        artifacts = _place(builder, ordered, pages)
        for kind in artifacts.values():
            report.artifacts[kind] = report.artifacts.get(kind, 0) + 1
        tidy_links(pdf, builder, report)
        widen_links(pdf, builder, report)
        tag_tables(builder, {n.ident for n in builder.root.walk() if n.ident})
        write_tree(pdf, builder, report)
        mark_artifacts(pdf, pages, artifacts)
        fix_xmp(pdf)
        written = save(pdf)
    return written, report


def _place(builder: Builder, ordered: Sequence[Leaf], pages: Sequence[PageContent]) -> dict[tuple[int, int], str]:
    """Give the builder every leaf in order; return the MCIDs that become Artifacts, with their type.

    Repeated header rows and margin boxes are Pagination artifacts, leaders and empty boxes Layout
    ones (ISO 32000-1 14.8.2.2.2). A sequence in no WeasyPrint element is a margin box.
    """
    artifacts: dict[tuple[int, int], str] = {}
    tagged: set[tuple[int, int]] = set()
    for leaf in ordered:
        if leaf.kind == "mark":
            assert leaf.owner is not None
            builder.ensure(leaf.owner)
        elif leaf.mcid is None:
            builder.add(leaf)
        elif leaf.kind in ("repeat", "leader", "empty"):
            artifacts[(leaf.page, leaf.mcid)] = "Pagination" if leaf.kind == "repeat" else "Layout"
        else:
            builder.add(leaf)
            tagged.add((leaf.page, leaf.mcid))
    for index, content in enumerate(pages):
        for mcid in content.bdc:
            if (index, mcid) not in tagged and (index, mcid) not in artifacts:
                artifacts[(index, mcid)] = "Pagination"
    return artifacts


def _refuse_mismatch(aligner: Aligner, leaves: Sequence[Leaf], report: FixReport) -> None:
    """Stop when the PDF and the HTML do not line up: the tree would put text in the wrong elements."""
    report.generated = [leaf.text for leaf in leaves if leaf.kind in ("generated", "label")]
    problems = []
    left = aligner.unmatched()
    if left:
        problems.append(f"HTML text not found in the PDF: {' | '.join(left[:5])}")
    if aligner.skipped:
        problems.append(f"HTML text skipped: {' | '.join(aligner.skipped[:5])}")
    if any(leaf.kind == "figure" and leaf.owner is None for leaf in leaves):
        problems.append("more figures in the PDF than <img>/<svg> in the HTML")
    if problems:
        raise TreeError("; ".join(problems))


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """No cyclic garbage collection during the pass: it makes many small objects, and right after
    typesetting a collection would walk all of WeasyPrint's layout objects, several times over."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
