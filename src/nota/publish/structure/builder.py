"""PUBLISH stage, structure pass: the new structure tree, one element per HTML element whatever the pages.

Elements are made on first use, in reading order, under the element of their nearest structural HTML
ancestor; so a paragraph, list or table that crosses a page break stays one element. A table's cells
are all made with the table, so its grid stays regular even where a row holds only empty cells.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pikepdf

from nota.publish.structure.html import Dom, role_of
from nota.publish.structure.report import TreeError
from nota.publish.structure.weasytree import Leaf


@dataclass(frozen=True, eq=False)
class Content:
    """A kid of a structure element that is not an element: a marked-content sequence or an annotation."""

    page: int
    mcid: int | None = None
    annot: pikepdf.Dictionary | None = None


@dataclass(eq=False)
class Node:
    """A structure element of the new tree."""

    role: str
    dom: Dom | None
    parent: Node | None
    kids: list[Node | Content] = field(default_factory=list)
    body: Node | None = None  # where content goes (an LI's LBody)
    ident: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)  # table attributes (/O /Table)
    alt: str | None = None
    lang: str | None = None
    layout: Any = None  # WeasyPrint's /A of a Figure (its BBox)

    @property
    def container(self) -> Node:
        return self.body or self

    def walk(self) -> Iterator[Node]:
        yield self
        for kid in self.kids:
            if isinstance(kid, Node):
                yield from kid.walk()

    def contents(self) -> Iterator[Content]:
        for kid in self.kids:
            if isinstance(kid, Content):
                yield kid
            else:
                yield from kid.contents()

    def lineage(self) -> Iterator[Node]:
        node: Node | None = self
        while node is not None:
            yield node
            node = node.parent


class Builder:
    """Creates structure elements from HTML elements and puts each leaf's content where it belongs."""

    def __init__(self, body: Dom, doc_lang: str | None):
        self.doc_lang = doc_lang
        self.root = Node("Document", body, None)
        self.nodes: dict[int, Node] = {id(body): self.root}
        self.links: dict[int, list[Content]] = {}  # id(<a> Dom) -> its annotations

    def ensure(self, dom: Dom) -> Node:
        """The element of `dom` (or of its nearest structural ancestor), made on first use."""
        if id(dom) in self.nodes:
            return self.nodes[id(dom)]
        role = role_of(dom)
        assert dom.parent is not None  # the body is made in __init__
        parent = self.ensure(dom.parent)
        if role is None:
            return parent
        if id(dom) in self.nodes:  # made meanwhile, with its table
            return self.nodes[id(dom)]
        host = parent.container
        if role in ("Lbl", "LBody") and host.role == "L":
            host = _list_item_for(host, role)
        node = Node(role, dom, host)
        host.kids.append(node)
        self.nodes[id(dom)] = node
        lang = dom.attrs.get("lang")
        if lang and lang != self.doc_lang:
            node.lang = lang
        if role == "LI" and dom.tag == "li":  # PDF/UA-1 7.2: LI holds Lbl and LBody
            node.body = Node("LBody", None, node)
            node.kids.append(node.body)
        elif role == "Note":
            node.ident = dom.attrs.get("id")
        elif role == "Figure":
            node.alt = dom.attrs.get("alt") or None
        elif role == "Table":
            for cell in _descendants(dom, ("caption", "th", "td")):
                self.ensure(cell)
        return node

    def add(self, leaf: Leaf) -> None:
        """Put one leaf's content (an MCID or an annotation) in its element."""
        content = Content(leaf.page, leaf.mcid, leaf.annot)
        owner = leaf.owner if leaf.owner is not None else self.root.dom
        assert owner is not None
        node = self.ensure(owner)
        if leaf.kind == "annot":
            link = next((d for d in owner.lineage() if d.tag == "a" and "href" in d.attrs), None)
            if link is None:
                raise TreeError(f"a link annotation on page {leaf.page + 1} belongs to no <a href>")
            self.ensure(link).kids.append(content)
            self.links.setdefault(id(link), []).append(content)
            return
        if leaf.kind == "figure" and leaf.holder is not None:
            node.layout = leaf.holder.obj.get("/A")
            if node.alt is None and "/Alt" in leaf.holder.obj:
                node.alt = str(leaf.holder.obj.Alt)
        if leaf.kind in ("label", "generated"):
            holder = next((n for n in node.lineage() if n.role in ("LI", "Note")), None)
            if holder is not None and (leaf.kind == "label" or not _has_content(holder.container)):
                _label(holder).kids.append(content)  # a bullet or note number before any text: its label
                return
        node.container.kids.append(content)


def _has_content(node: Node) -> bool:
    """Whether anything but a label is in it yet."""
    return any(isinstance(kid, Content) or (kid.role != "Lbl" and any(True for _ in kid.contents()))
               for kid in node.kids)


def _list_item_for(lst: Node, role: str) -> Node:
    """<dl> with <dt>/<dd> as direct children: one LI per term, with its definitions."""
    last = lst.kids[-1] if lst.kids else None
    if role == "LBody" and isinstance(last, Node) and last.role == "LI" and last.dom is None:
        return last
    item = Node("LI", None, lst)
    lst.kids.append(item)
    return item


def _label(item: Node) -> Node:
    first = item.kids[0] if item.kids else None
    if isinstance(first, Node) and first.role == "Lbl":
        return first
    label = Node("Lbl", None, item)
    item.kids.insert(0, label)
    return label


def _descendants(dom: Dom, tags: tuple[str, ...]) -> Iterator[Dom]:
    """The elements with these tags below dom, not looking into nested tables."""
    for child in dom.children:
        if child.tag in tags:
            yield child
        if child.tag != "table":
            yield from _descendants(child, tags)
