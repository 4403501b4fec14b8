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
from functools import lru_cache
from typing import Protocol

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup, escape

from nota.text.bullets import pasted_lists

SAFE_SCHEMES = ("https:", "http:", "mailto:")
_FOOTNOTE = re.compile(r"\[\^([a-z0-9][a-z0-9-]*)\]")
_XREF = re.compile(r"\[\[([a-z0-9][a-z0-9-]*)(?:\|([^\]\n]+))?\]\]")
RAW_HTML = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9-]*|/[a-zA-Z][a-zA-Z0-9-]*|!--)[\s/>]")


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


def _validate_link(url: str) -> bool:
    lowered = url.strip().lower()
    return lowered.startswith(SAFE_SCHEMES) or lowered.startswith("#")


def make_markdown() -> MarkdownIt:
    """CommonMark with Dutch typography and pasted lists; raw HTML escaped; tables and images off (they are
    blocks of their own)."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": True, "quotes": "“”‘’"})
    md.enable(["smartquotes", "strikethrough"])  # no "replacements": ".." must stay ".."
    md.disable(["image", "html_inline", "html_block", "autolink"])
    md.core.ruler.after("normalize", "pasted_lists", pasted_lists)
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
    yield from _references(text)


@lru_cache(maxsize=8192)
def _references(text: str) -> tuple[Reference, ...]:
    """The references of a text, parsed once: the checks ask for them rule after rule (half of what a
    check cost). Every footnote, cross-reference and link is written with a "[", so a text without one
    has none and is not parsed at all (no linkify, no autolinks)."""
    return tuple(_walk(MD.parse(text, {}))) if "[" in text else ()


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


PROBE = _probe()


def forget() -> None:
    """Drop the texts parsed so far: each check starts afresh, so what one costs never depends on what
    was checked before it (the same deadline for the same content; check/recipe.py calls this)."""
    _references.cache_clear()
    _unsafe_links.cache_clear()


def unsafe_links(text: str) -> list[str]:
    """Every link target in the text (inline, <angle> or reference-style) that MD refuses to link."""
    return list(_unsafe_links(text))


@lru_cache(maxsize=8192)
def _unsafe_links(text: str) -> tuple[str, ...]:
    if "[" not in text:  # no link without one (see _references)
        return ()
    targets = (ref.target for ref in _walk(PROBE.parse(text, {})) if ref.kind == "link")
    return tuple(target for target in targets if not _validate_link(target))


def unsafe_link(text: str) -> str | None:
    """Return the first link target in the text that is not http(s), mailto or internal."""
    found = unsafe_links(text)
    return found[0] if found else None


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
