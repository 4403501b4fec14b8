"""CHECK rules, ids and references: every id used once, every [[reference]] and [^footnote] resolves,
every footnote is referred to, no text holds raw HTML or a link nota will not make, and headings
(`# Title`) stand only where their level follows from the section: in text blocks."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from nota.check.outline import Outline, markdown_texts
from nota.errors import Code, Problem, Related
from nota.i18n import N_, _
from nota.model.block import Block
from nota.model.blocks import Text
from nota.model.content import Chapter, Section
from nota.model.document import Document
from nota.source import Loc, Location, Place, SourceFile
from nota.text import markdown

HINT_DUPLICATE = N_("give each chapter, section, table, figure, focus point and advice its own id "
                    "(a table is placed by one budget block only)")


def _id_places(doc: Document) -> Iterator[tuple[str, Location]]:
    """Every id a reference can point at, in reading order (as the outline numbers them)."""
    for cf in doc.chapters:
        listed = ("chapters", doc.meta.chapters.index(cf.id)) if cf.id in doc.meta.chapters else (
            "appendices", doc.meta.appendices.index(cf.id))
        yield cf.id, doc.meta_source.locate(listed)
        yield from _ids_in(cf.source, cf.chapter, ())


def _ids_in(source: SourceFile, node: Chapter | Section, loc: Loc) -> Iterator[tuple[str, Location]]:
    for i, block in enumerate(node.blocks):
        cid = block.ref_id()
        if cid is not None:
            yield cid, source.locate((*loc, "blocks", i, block.id_key))
    for i, section in enumerate(node.sections):
        here = (*loc, "sections", i)
        if section.id:
            yield section.id, source.locate((*here, "id"))
        yield from _ids_in(source, section, here)


def duplicate_ids(doc: Document, outline: Outline) -> Iterator[Problem]:
    first: dict[str, Location] = {}
    for cid, where in _id_places(doc):
        if cid in first:
            yield Problem(_('id "{id}" is used twice', id=cid), where, _(HINT_DUPLICATE), code=Code.DUPLICATE_ID,
                          related=(Related(first[cid], _("first used here")),))
        first.setdefault(cid, where)


def references(doc: Document, outline: Outline) -> Iterator[Problem]:
    """Every [[reference]] points at an id of this document."""
    known = sorted(outline.targets)
    for text, place in markdown_texts(doc):
        for ref in markdown.references(text):
            if ref.kind == "xref" and ref.target not in outline.targets and not doc.may_mention(ref.target):
                yield Problem(_("reference [[{id}]] points to nothing in this document", id=ref.target),
                              place.spot(f"[[{ref.target}"), _suggest(ref.target, known), code=Code.BROKEN_REFERENCE)


def text_safety(doc: Document, outline: Outline) -> Iterator[Problem]:
    """No text holds raw HTML or a link nota will not make."""
    for text, place in markdown_texts(doc):
        html = markdown.RAW_HTML.search(text)
        if html:
            yield Problem(_("raw HTML {html}… in the text is not allowed", html=html.group(0).strip()),
                          place.spot(html.group(0)),
                          _("use Markdown instead: **bold**, *italic*, [words](https://...); a < that is not HTML "
                            "needs a space after it"), code=Code.RAW_HTML)
        bad_link = markdown.unsafe_link(text)
        if bad_link:
            yield Problem(_("link to {target} is not allowed", target=bad_link), place.spot(bad_link),
                          _("links may go to https://, http://, mailto: or [[an-id]] in this document"),
                          code=Code.UNSAFE_LINK)


def headings(doc: Document, outline: Outline) -> Iterator[Problem]:
    """A heading written in Markdown stands in a text block: there it is one level below its section's
    heading. In a box, a table cell or a lead it would head nothing the reader can see as a section."""
    places: list[tuple[str, Place]] = [(cf.chapter.lead, Place(cf.source, ("lead",)))
                                       for cf in doc.chapters if cf.chapter.lead]
    for block, place in doc.blocks(Block):
        if not isinstance(block, Text):
            places += [(p.text, Place(place.source, (*place.loc, *p.loc))) for p in block.texts() if p.form == "block"]
    for text, place in places:
        for title in markdown.headings(text):
            yield Problem(_("the heading “{title}” stands outside a text block", title=title), place.spot(title),
                          _('write it as a text block of its own in the section ({line}), or as **bold** text where '
                            'it is', line=f'- "# {title}"'), code=Code.INVALID)


def _suggest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return _("did you mean {reference}?", reference=f"[[{close[0]}]]")
    return _("refer to the id of a chapter, section, focus point, table, figure or advice; ids in this document: "
             "{ids}", ids=", ".join(known[:12]) + (", …" if len(known) > 12 else ""))


def footnotes(doc: Document, outline: Outline) -> Iterator[Problem]:
    defined: dict[str, Place] = {}
    for cf in doc.chapters:
        for fid in cf.chapter.footnotes:
            place = Place(cf.source, ("footnotes", fid))
            if fid in defined:
                yield Problem(_('footnote "{id}" is defined twice', id=fid), cf.source.key(place.loc),
                              _("footnote ids are shared by the whole document; rename one and its [^id]"),
                              code=Code.DUPLICATE_ID,
                              related=(Related(defined[fid].source.key(defined[fid].loc), _("first defined here")),))
            defined.setdefault(fid, place)
    for text, place in markdown_texts(doc):
        for ref in markdown.references(text):
            if ref.kind == "footnote" and ref.target not in defined and not doc.may_mention(ref.target):
                close = difflib.get_close_matches(ref.target, sorted(defined), n=1, cutoff=0.6)
                hint = (_("did you mean {reference}?", reference=f"[^{close[0]}]") if close else
                        _("add the note under footnotes: in this chapter as {line}",
                          line=f"{ref.target}: " + _("<text of the note>")))
                yield Problem(_("footnote [^{id}] is not defined", id=ref.target), place.spot(f"[^{ref.target}]"),
                              hint, code=Code.BROKEN_REFERENCE)
    for fid, place in defined.items():
        if fid not in outline.footnotes and not doc.may_mention(fid):
            yield Problem(_('footnote "{id}" is never referred to', id=fid), place.source.key(place.loc),
                          _("put [^{id}] in the text where the note belongs, or delete the footnote", id=fid),
                          code=Code.UNUSED_FOOTNOTE)
