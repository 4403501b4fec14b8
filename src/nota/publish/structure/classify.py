"""PUBLISH stage, structure pass: what each marked-content sequence is, and which HTML element owns it.

First the text is matched with the HTML (align.py). What does not match is generated content (list
bullets, CSS counters, `::before`/`::after`, the contents' page numbers), a repeated table header row,
a leader or an empty box; those are placed by WeasyPrint's tree: the HTML element of the nearest
WeasyPrint ancestor that holds matched text.
"""

from __future__ import annotations

from collections.abc import Sequence

from nota.publish.structure.align import LEADER_CHARS, Aligner, lowest_common
from nota.publish.structure.content import PageContent
from nota.publish.structure.html import Dom, Streams, normalize
from nota.publish.structure.weasytree import Leaf, WNode


def classify(leaves: list[Leaf], wnodes: list[WNode], streams: Streams,
             pages: Sequence[PageContent]) -> tuple[Aligner, list[Leaf]]:
    """Give every leaf a kind and an owner; return the aligner (for what it left) and the leaves in order.

    The returned list has a `mark` leaf where the text passes a footnote body: its Note element goes
    there, beside its reference, though its text is set at the foot of the page.
    """
    ordered: list[Leaf] = []

    def on_mark(note: Dom) -> None:
        ordered.append(Leaf(-1, None, kind="mark", owner=note))

    aligner = Aligner(streams, on_mark)
    figures = iter(streams.figures)
    header_texts: set[str] = set()
    for leaf in leaves:
        if leaf.kind == "annot" or leaf.holder is None:
            ordered.append(leaf)
            continue
        leaf.text = pages[leaf.page].texts.get(leaf.mcid, "") if leaf.mcid is not None else ""
        if leaf.holder.role == "Figure" and leaf.holder.obj.get("/K") is not None:
            leaf.kind, leaf.owner = "figure", next(figures, None)
            ordered.append(leaf)
            continue
        text, _ = normalize(leaf.text)
        in_header = leaf.holder.in_header
        if not text:
            leaf.kind = "empty"
        elif owner := aligner.main_text(text):
            leaf.kind, leaf.owner = "text", owner
            if in_header:
                header_texts.add(text)
        elif owner := aligner.note_text(text):
            leaf.kind, leaf.owner = "note", owner
        elif in_header and text in header_texts:
            leaf.kind = "repeat"
        else:
            leaf.kind = "generated"
        ordered.append(leaf)
    _mark_leaders(ordered)
    _place_by_weasyprint(leaves, wnodes)
    return aligner, ordered


def _mark_leaders(leaves: Sequence[Leaf]) -> None:
    """CSS leader(): WeasyPrint sets each dot as a text box of its own. A run of generated leaves of
    leader characters only, three characters or more, is a Layout artifact (ISO 32000-1 14.8.2.2)."""
    run: list[Leaf] = []
    for leaf in [*leaves, None]:
        if leaf is not None and leaf.kind == "generated" and LEADER_CHARS.match(leaf.text):
            run.append(leaf)
            continue
        if sum(len(r.text.strip()) for r in run) >= 3:
            for item in run:
                item.kind = "leader"
        run = []


def _place_by_weasyprint(leaves: list[Leaf], wnodes: list[WNode]) -> None:
    """Owners for generated content and annotations: the HTML element of the nearest WeasyPrint
    ancestor that holds matched text (the lowest common ancestor of that text's owners)."""
    for leaf in leaves:
        if leaf.kind in ("text", "note", "figure") and leaf.owner is not None and leaf.holder is not None:
            leaf.holder.dom = lowest_common(leaf.holder.dom, leaf.owner)
    for wnode in reversed(wnodes):  # pre-order reversed: children before their parent
        if wnode.parent is not None and wnode.dom is not None:
            wnode.parent.dom = lowest_common(wnode.parent.dom, wnode.dom)
    for leaf in leaves:
        if leaf.kind in ("generated", "annot") and leaf.holder is not None:
            leaf.owner = next((w.dom for w in leaf.holder.lineage() if w.dom is not None), None)
            if leaf.kind == "generated" and leaf.holder.is_label:
                leaf.kind = "label"
