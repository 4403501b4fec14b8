"""PUBLISH stage, structure pass: writing the new tree into the PDF. Structure elements, the ParentTree,
the IDTree, one Link element per link with its annotations, and the XMP extension schema.
"""

from __future__ import annotations

from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from nota.publish.structure.builder import Builder, Content, Node
from nota.publish.structure.report import FixReport

# PDF/A-2 (ISO 19005-2, 6.6.2.3.1) allows in XMP only the schemas of XMP itself and those described
# by an extension schema in the same packet: pdfuaid is not one of XMP's own.
XMP_PDFUA_EXTENSION = (
    '<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"'
    ' xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"'
    ' xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">'
    '<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">'
    "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>"
    "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>"
    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"
    '<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">'
    "<pdfaProperty:name>part</pdfaProperty:name>"
    "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>"
    "<pdfaProperty:category>internal</pdfaProperty:category>"
    "<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>"
    "</rdf:li></rdf:Seq></pdfaSchema:property>"
    "</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>"
)


def write_tree(pdf: pikepdf.Pdf, builder: Builder, report: FixReport) -> None:
    """Replace the StructTreeRoot: elements, ParentTree (pages, then annotations), IDTree."""
    page_refs = [page.obj for page in pdf.pages]
    parents: dict[int, dict[int, pikepdf.Object]] = {}  # page -> MCID -> element
    annot_keys: list[tuple[pikepdf.Dictionary, pikepdf.Object]] = []
    ids: list[tuple[str, pikepdf.Object]] = []
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))

    def build(node: Node, parent_ref: pikepdf.Object) -> pikepdf.Object:
        page = next((c.page for c in node.contents()), None)
        page_ref = page_refs[page] if page is not None else None
        element = pdf.make_indirect(Dictionary(_fields(node, parent_ref, page_ref)))
        if node.ident:
            ids.append((node.ident, element))
        kids: list[Any] = []
        for kid in node.kids:
            if isinstance(kid, Node):
                kids.append(build(kid, element))
            elif kid.annot is not None:
                kids.append(Dictionary(Type=Name.OBJR, Obj=kid.annot, Pg=page_refs[kid.page]))
                annot_keys.append((kid.annot, element))
            else:
                assert kid.mcid is not None
                parents.setdefault(kid.page, {})[kid.mcid] = element
                kids.append(kid.mcid if kid.page == page else
                            Dictionary(Type=Name.MCR, Pg=page_refs[kid.page], MCID=kid.mcid))
        element.K = Array(kids)
        report.elements += 1
        return element

    root.K = Array([build(builder.root, root)])
    nums: list[Any] = []
    for index, page in enumerate(pdf.pages):
        key = int(page.obj.get("/StructParents", index))
        page.obj.StructParents = key
        mapping = parents.get(index, {})
        nums.extend([key, Array([mapping.get(m) for m in range(max(mapping) + 1 if mapping else 0)])])
        report.mcids_tagged += len(mapping)
    next_key = len(pdf.pages)
    for annot, element in annot_keys:
        annot.StructParent = next_key
        nums.extend([next_key, element])
        next_key += 1
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(nums)))
    root.ParentTreeNextKey = next_key
    if ids:  # ISO 32000-1 14.7.2: /Headers and Note /ID are found through the IDTree
        names = Array()
        for name, element in sorted(ids, key=lambda item: item[0].encode("utf-8")):
            names.extend([String(name), element])
        root.IDTree = pdf.make_indirect(Dictionary(Names=names))
    pdf.Root.StructTreeRoot = root


def _fields(node: Node, parent_ref: pikepdf.Object, page: pikepdf.Object | None) -> dict[str, Any]:
    fields: dict[str, Any] = {"/Type": Name.StructElem, "/S": Name("/" + node.role), "/P": parent_ref}
    if page is not None:
        fields["/Pg"] = page
    if node.ident:
        fields["/ID"] = String(node.ident)
    if node.alt:
        fields["/Alt"] = String(node.alt)
    if node.lang:
        fields["/Lang"] = String(node.lang)
    attributes = [Dictionary({"/O": Name.Table, **node.attributes})] if node.attributes else []
    if node.layout is not None:
        attributes.append(node.layout)
    if attributes:
        fields["/A"] = attributes[0] if len(attributes) == 1 else Array(attributes)
    return fields


def tidy_links(pdf: pikepdf.Pdf, builder: Builder, report: FixReport) -> None:
    """One set of annotations per link, with a /Contents a screen reader can say (PDF/UA-1 7.18.5).

    WeasyPrint gives every box inside an <a> an annotation of its own (a contents entry has four or
    five, one inside another): those inside another of the same link are dropped. A link WeasyPrint
    made no annotation for (its target is not in the PDF) is a Span.
    """
    drop: set[tuple[int, int]] = set()
    for link_id, contents in builder.links.items():
        node = builder.nodes[link_id]
        assert node.dom is not None
        attrs = node.dom.attrs
        label = attrs.get("aria-label") or node.dom.text() or attrs.get("title") or attrs.get("href", "")
        for index, content in enumerate(contents):
            assert content.annot is not None
            if _inside_another(content, index, contents):
                drop.add(content.annot.objgen)
            else:
                content.annot.Contents = String(label)
                report.annotations_kept += 1
        node.kids = [k for k in node.kids if not (isinstance(k, Content) and k.annot is not None
                                                   and k.annot.objgen in drop)]
    for node in builder.root.walk():
        if node.role == "Link" and not any(isinstance(k, Content) and k.annot is not None for k in node.kids):
            node.role = "Span"
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if annots is not None:
            remaining = [a for a in annots if a.objgen not in drop]
            report.annotations_dropped += len(annots) - len(remaining)
            page.obj.Annots = Array(remaining)


def _inside_another(content: Content, index: int, contents: list[Content]) -> bool:
    """Whether the annotation lies within another of the same link on its page (of two equal ones, the later)."""
    rect = _rect(content.annot)
    for other_index, other in enumerate(contents):
        if other is content or other.page != content.page:
            continue
        outer = _rect(other.annot)
        if _contains(outer, rect) and (rect != outer or other_index < index):
            return True
    return False


def _rect(annot: Any) -> tuple[float, ...]:
    x1, y1, x2, y2 = (float(v) for v in annot.Rect)
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def _contains(outer: tuple[float, ...], inner: tuple[float, ...], tolerance: float = 0.5) -> bool:
    return (outer[0] - tolerance <= inner[0] and outer[1] - tolerance <= inner[1]
            and inner[2] <= outer[2] + tolerance and inner[3] <= outer[3] + tolerance)


def fix_xmp(pdf: pikepdf.Pdf) -> None:
    """Describe pdfuaid in a PDF/A extension schema; write the XMP unfiltered, readable by any tool."""
    metadata = pdf.Root.get("/Metadata")
    if metadata is None:
        return
    xmp = metadata.read_bytes().decode("utf-8")
    if "http://www.aiim.org/pdfua/ns/id/" in xmp and "pdfaExtension:schemas" not in xmp:
        xmp = xmp.replace("</rdf:RDF>", XMP_PDFUA_EXTENSION + "</rdf:RDF>", 1)
    pdf.Root.Metadata = pdf.make_stream(xmp.encode("utf-8"), Type=Name.Metadata, Subtype=Name.XML)
