"""RENDER stage for `diff`: the review pages as HTML strings. No disk writes here.

Inline redline markup (words inside <ins>/<del>, with their bold, italics and links) is made here
from word lists, every text escaped; the page around it comes from templates/diff/. The pages are
standalone: their stylesheet is inlined and nothing is loaded from the network.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from nota.diff.changes import CATEGORIES, kind_label
from nota.diff.headers import Headers
from nota.diff.text import LineDiff, Segment, Word
from nota.diff.view import excerpt
from nota.load.templates import Templates

LIST_TAGS = {"li": "ul", "oli": "ol"}
ROLE_TAGS = {"item": "li", "column": "li"}  # parts that are list entries whatever their Markdown


def _open(style: str) -> tuple[str, str]:
    name, _, arg = style.partition(" ")
    if name == "a":
        return f'<a href="{escape(arg)}" rel="nofollow noopener">', "</a>"
    if name == "fn":
        return '<sup class="fn">', "</sup>"
    if name == "xref":
        return '<span class="xref">', "</span>"
    if name in ("strong", "em", "code", "s"):
        return f"<{name}>", f"</{name}>"
    return "<span>", "</span>"


def words_html(words: Sequence[Word]) -> str:
    """Words with their inline styles; the space before a styled run stays outside its tags."""
    out = []
    for style, run in groupby(enumerate(words), key=lambda item: item[1].style):
        items = list(run)
        lead = " " if items[0][1].space and items[0][0] else ""
        inner = "".join((" " if w.space and k else "") + str(escape(w.text)) for k, (_, w) in enumerate(items))
        for s in reversed(style):
            opening, closing = _open(s)
            inner = f"{opening}{inner}{closing}"
        out.append(lead + inner)
    return "".join(out)


def redline(segments: Sequence[Segment]) -> Markup:
    """Segments as track changes: <del> for deleted words, <ins> for inserted ones."""
    out, previous = [], ""
    for k, segment in enumerate(segments):
        if not segment.words:
            continue
        html = words_html(segment.words)
        if segment.op == "equal":
            out.append((" " if segment.words[0].space and k else "") + html)
        else:
            tag = "ins" if segment.op == "insert" else "del"
            lead = " " if segment.words[0].space and k and previous != "delete" else ""
            out.append(f"{lead}<{tag}>{html}</{tag}>")
        previous = segment.op
    return Markup("".join(out))


def _tags(line: LineDiff) -> tuple[str, str]:
    """The element of a line and the list it belongs in ('' when none)."""
    if line.role in ROLE_TAGS:
        return "li", "ul"
    if line.tag in LIST_TAGS:
        return "li", LIST_TAGS[line.tag]
    return ("pre" if line.tag == "pre" else "p"), ""


def _line(line: LineDiff, tag: str) -> str:
    role = line.role if line.role not in ("text", "item", "") else ""
    classes = " ".join(c for c in (role, "" if line.status == "same" else line.status,
                                   f"depth-{line.depth}" if line.depth > 1 else "") if c)
    label = f'<span class="label">{escape(line.label)}:</span> ' if line.label else ""
    attr = f' class="{classes}"' if classes else ""
    return f"<{tag}{attr}>{label}{redline(line.segments)}</{tag}>"


def lines_html(lines: Sequence[LineDiff]) -> Markup:
    """Paragraphs, and list items grouped into their list."""
    out, open_list = [], ("", "")
    for line in lines:
        tag, container = _tags(line)
        wanted = (container, line.role) if container else ("", "")
        if wanted != open_list:
            if open_list[0]:
                out.append(f"</{open_list[0]}>")
            if container:
                out.append(f'<{container} class="{line.role}">' if line.role in ROLE_TAGS else f"<{container}>")
            open_list = wanted
        out.append(_line(line, tag))
    if open_list[0]:
        out.append(f"</{open_list[0]}>")
    return Markup("\n".join(out))


def plain_text(line: LineDiff | None) -> str:
    """A line as it reads now, without footnote numbers (for labels and attributes)."""
    if line is None:
        return ""
    words = [w for s in line.segments if s.op != "delete" or line.status == "deleted" for w in s.words
             if "fn" not in w.style]
    return "".join((" " if w.space and i else "") + w.text for i, w in enumerate(words))


def make_env(templates: Templates) -> Environment:
    """Jinja environment for templates/diff/ (the project's before nota's): autoescape always, undefined
    names are errors."""
    loader = ChoiceLoader([FileSystemLoader(folder / "diff") for folder in templates.folders])
    env = Environment(loader=loader, undefined=StrictUndefined, autoescape=True,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(redline=lambda line: redline(line.segments) if line else Markup(""), lines=lines_html)
    env.globals.update(categories=CATEGORIES, kind_label=kind_label, excerpt=excerpt, plain=plain_text,
                       tie=Headers)
    return env


def render_pages(root: Path, diffs: Sequence[object], labels: tuple[str, str]) -> dict[str, bytes]:
    """output/diff/<document>.html for every changed document, and index.html listing them."""
    templates = Templates.of(root)
    env = make_env(templates)
    css = Markup(templates.read("diff/diff.css").decode("utf-8"))
    page, index = env.get_template("page.html.j2"), env.get_template("index.html.j2")
    files = {f"{d.id}.html": page.render(d=d, css=css).encode()  # type: ignore[attr-defined]
             for d in diffs if d.changed}  # type: ignore[attr-defined]
    files["index.html"] = index.render(diffs=diffs, base=labels[0], head=labels[1], css=css).encode()
    return files
