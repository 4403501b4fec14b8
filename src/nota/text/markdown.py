"""The one configured Markdown parser: no raw HTML, safe links, footnote and cross-reference syntax.

`[^id]` is a footnote reference and `[[id]]` / `[[id|words]]` a cross-reference. Both are resolved at
render time through a `Resolver` passed in the markdown-it `env`, so numbers are generated, never typed.
A heading written in a text (`# Title`, `## Title`) is relative: `#` is one level below the heading of
the section it stands in, so an author never has to know, or keep in step, the absolute level.

Text pasted from a word processor is read as its writer meant it: a line that starts with a bullet
character ("– wachttijden meten", "• ...") is a list item, as if it started with Markdown's "- "
(the check reports each such list, check/markup.py). Markdown tables and images are not rendered:
a table and a picture are blocks of their own (`type: table`, `type: figure`), and the check says
how to write one (`tables`, `images` find them).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup, escape

SAFE_SCHEMES = ("https:", "http:", "mailto:")
_FOOTNOTE = re.compile(r"\[\^([a-z0-9][a-z0-9-]*)\]")
_XREF = re.compile(r"\[\[([a-z0-9][a-z0-9-]*)(?:\|([^\]\n]+))?\]\]")
RAW_HTML = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9-]*|/[a-zA-Z][a-zA-Z0-9-]*|!--)[\s/>]")
# bullet characters a word processor pastes: dashes, bullets, squares, arrows, checks (and Symbol-font
# bullets from the private use area); "-", "*" or "+" followed by a non-breaking space is pasted too
BULLETS = "–—•◦▪▫‣⁃●○■□►▸➢➤✓✔·∙\uf0a7\uf0b7\uf0d8"
PASTED = re.compile(rf"^( *)([{BULLETS}]|[-*+](?=\u00a0))([ \t\u00a0]+)(?=\S)", re.MULTILINE)
# a line (stripped) that starts a list item: Markdown's own marker or a pasted one
LIST_LINE = re.compile(rf"(?:[-*+][ \t\u00a0]|[{BULLETS}][ \t\u00a0]+)\S")


class Resolver(Protocol):
    """What rendering needs to turn references into links."""

    def footnote(self, fid: str) -> str:
        """Return the HTML of a reference to footnote `fid` (the note itself on its first use)."""

    def xref(self, target: str) -> tuple[str, str]:
        """Return (label, anchor)."""


def _footnote_rule(state: StateInline, silent: bool) -> bool:
    match = _FOOTNOTE.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("footnote_ref", "", 0)
        token.meta = {"id": match.group(1)}
    state.pos = match.end()
    return True


def _xref_rule(state: StateInline, silent: bool) -> bool:
    match = _XREF.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("xref", "", 0)
        token.meta = {"id": match.group(1), "text": match.group(2)}
    state.pos = match.end()
    return True


def _render_footnote_ref(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict,
                         env: EnvType) -> str:
    return str(env["resolver"].footnote(tokens[idx].meta["id"]))


def _render_xref(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict,
                 env: EnvType) -> str:
    meta = tokens[idx].meta
    label, anchor = env["resolver"].xref(meta["id"])
    return f'<a class="xref" href="#{anchor}">{escape(meta["text"] or label)}</a>'


def _heading_tag(tokens: Sequence[Token], idx: int, env: EnvType) -> str | None:
    """h1..h6 for a written heading: `#` one level below env["heading_level"]'s section, at most h6."""
    base = env.get("heading_level")
    return None if base is None else f"h{min(base + int(tokens[idx].tag[1]) - 1, 6)}"


def _render_heading_open(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict,
                         env: EnvType) -> str:
    tag = _heading_tag(tokens, idx, env)
    return self.renderToken(tokens, idx, options, env) if tag is None else f'<{tag} class="text-heading">'


def _render_heading_close(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict,
                          env: EnvType) -> str:
    tag = _heading_tag(tokens, idx, env)
    return self.renderToken(tokens, idx, options, env) if tag is None else f"</{tag}>\n"


def _as_markdown(match: re.Match[str]) -> str:
    """A pasted bullet as Markdown's "- ", keeping the line's length (so columns stay where they were)."""
    return f"{match[1]}-{' ' * len(match[3])}"


def _pasted_lists(state: StateCore) -> None:
    """Core rule: lines that start with a pasted bullet are list items (in block text only: a title or a
    table cell that starts with a dash keeps it)."""
    if not state.inlineMode:
        state.src = PASTED.sub(_as_markdown, state.src)


def _validate_link(url: str) -> bool:
    lowered = url.strip().lower()
    return lowered.startswith(SAFE_SCHEMES) or lowered.startswith("#")


def make_markdown() -> MarkdownIt:
    """CommonMark with Dutch typography and pasted lists; raw HTML escaped; tables and images off (they are
    blocks of their own)."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": True, "quotes": "“”‘’"})
    md.enable(["smartquotes", "strikethrough"])  # no "replacements": ".." must stay ".."
    md.disable(["image", "html_inline", "html_block", "autolink"])
    md.core.ruler.after("normalize", "pasted_lists", _pasted_lists)
    md.validateLink = _validate_link  # type: ignore[method-assign]
    md.inline.ruler.before("link", "xref", _xref_rule)
    md.inline.ruler.before("link", "footnote_ref", _footnote_rule)
    md.add_render_rule("footnote_ref", _render_footnote_ref)
    md.add_render_rule("xref", _render_xref)
    md.add_render_rule("heading_open", _render_heading_open)
    md.add_render_rule("heading_close", _render_heading_close)
    return md


MD = make_markdown()


def render_block(text: str, resolver: Resolver, heading_level: int | None = None) -> Markup:
    """Render Markdown paragraphs, lists and headings to HTML; a `#` heading becomes h<heading_level>.

    Only a text block says its level; elsewhere the checks refuse a heading (check/blocks.py).
    """
    return Markup(MD.render(text, {"resolver": resolver, "heading_level": heading_level}))


def headings(text: str) -> list[str]:
    """The headings (`# ...`, or a line underlined with === or ---) a Markdown text holds."""
    tokens = MD.parse(text, {})
    return [tokens[i + 1].content for i, token in enumerate(tokens) if token.type == "heading_open"]


def render_inline(text: str, resolver: Resolver) -> Markup:
    """Render one line of Markdown (titles, table cells) without a paragraph around it."""
    return Markup(MD.renderInline(text, {"resolver": resolver}))


@dataclass(frozen=True)
class Reference:
    kind: str  # "footnote" | "xref" | "link"
    target: str


def references(text: str) -> Iterator[Reference]:
    """Yield the footnotes, cross-references and links a text uses, in order."""
    yield from _walk(MD.parse(text, {}))


def _walk(tokens: Sequence[Token]) -> Iterator[Reference]:
    for token in tokens:
        if token.type == "footnote_ref":
            yield Reference("footnote", token.meta["id"])
        elif token.type == "xref":
            yield Reference("xref", token.meta["id"])
        elif token.type == "link_open":
            yield Reference("link", str(token.attrs.get("href", "")))
        if token.children:
            yield from _walk(token.children)


def _probe() -> MarkdownIt:
    """The same parser but keeping every link, table and image, so checks can report what MD does not make."""
    probe = make_markdown()
    probe.enable(["table", "image"])
    probe.validateLink = lambda url: True  # type: ignore[method-assign]
    return probe


_PROBE = _probe()


def unsafe_links(text: str) -> list[str]:
    """Every link target in the text (inline, <angle> or reference-style) that MD refuses to link."""
    targets = (ref.target for ref in _walk(_PROBE.parse(text, {})) if ref.kind == "link")
    return [target for target in targets if not _validate_link(target)]


def unsafe_link(text: str) -> str | None:
    """Return the first link target in the text that is not http(s), mailto or internal."""
    found = unsafe_links(text)
    return found[0] if found else None


@dataclass(frozen=True)
class PastedList:
    """Consecutive lines of a text that start with the same pasted bullet: one list."""

    marker: str
    first: str  # the first line as written, for finding it in the file
    count: int


def pasted_lists(text: str) -> list[PastedList]:
    """The lists in a text written with pasted bullets, in order (what `_pasted_lists` turns into lists)."""
    found: list[PastedList] = []
    previous = -2
    for number, line in enumerate(text.split("\n")):
        match = PASTED.match(line)
        if match is None:
            continue
        if found and previous == number - 1 and found[-1].marker == match[2]:
            last = found[-1]
            found[-1] = PastedList(last.marker, last.first, last.count + 1)
        else:
            found.append(PastedList(match[2], line.strip(), 1))
        previous = number
    return found


@dataclass(frozen=True)
class TextTable:
    """A Markdown table in a text: its first line as written, its header cells and its rows."""

    first: str
    columns: list[str]
    rows: list[list[str]]


def tables(text: str) -> list[TextTable]:
    """The Markdown tables in a text (MD does not render them)."""
    tokens, found, lines = _PROBE.parse(text, {}), [], text.split("\n")
    for k, token in enumerate(tokens):
        if token.type != "table_open" or not token.map:
            continue
        rows: list[list[str]] = []
        for inner in tokens[k + 1 :]:
            if inner.type == "table_close":
                break
            if inner.type == "tr_open":
                rows.append([])
            elif inner.type == "inline" and rows:
                rows[-1].append(inner.content)
        found.append(TextTable(lines[token.map[0]].strip(), rows[0] if rows else [], rows[1:]))
    return found


@dataclass(frozen=True)
class TextImage:
    """Markdown image syntax in a text: the picture's address, its words and the syntax as written."""

    src: str
    alt: str
    written: str


def images(text: str) -> list[TextImage]:
    """Every ![words](address) in a text, in order (MD does not render them: a picture is a figure block)."""
    found, start = [], 0
    for token in _inline_tokens(_PROBE.parse(text, {})):
        if token.type != "image":
            continue
        alt = "".join(child.content for child in token.children or [])
        start = text.find("![", start)
        end = text.find(")", start) + 1 if start >= 0 else 0
        written = text[start:end] if 0 <= start < end else f"![{alt}]"
        found.append(TextImage(str(token.attrs.get("src", "")), alt, written))
        start = max(start, 0) + 2
    return found


def _inline_tokens(tokens: Sequence[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _inline_tokens(token.children)


def plain(text: str, label: Callable[[str], str] | None = None) -> str:
    """Markdown to plain text (for PDF metadata, alt text, search and the data exports); a reference
    without its own words reads as what `label` calls its target ('bijlage 1'), else as nothing."""
    return _plain(MD.parseInline(text, {}), label)


def _plain(tokens: Sequence[Token], label: Callable[[str], str] | None) -> str:
    parts: list[str] = []
    for token in tokens:
        if token.children:
            parts.append(_plain(token.children, label))
        elif token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type == "xref":
            parts.append(token.meta["text"] or (label(token.meta["id"]) if label else ""))
        elif token.type == "softbreak":
            parts.append(" ")
    return "".join(parts)



def slug(text: str) -> str:
    """A stable id from a title: lower case ASCII words joined by hyphens ('Cliënten & zorg' → 'clienten-zorg')."""
    ascii_text = unicodedata.normalize("NFKD", plain(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60]
