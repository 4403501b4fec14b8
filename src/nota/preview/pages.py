"""PREVIEW, the pages as the server sends them: a document's HTML edition with the preview's own
stylesheet, script and panel added, the index of documents, and the page for a document that has
not rendered yet.

Only this module adds anything to a rendered page, and only to the copy that is sent: the files
`nota build` writes never hold the script. What is added comes from nota's templates/preview/ (trusted,
like every template); problem texts reach the page through autoescaped Jinja, never as markup.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup

from nota import report
from nota.errors import Problem, Severity, sort_key
from nota.preview.site import DocState, Site

HEAD = '<link rel="stylesheet" href="/_nota/preview.css">\n<script src="/_nota/preview.js" defer></script>\n'
STATIC = {"preview.js": "text/javascript; charset=utf-8", "preview.css": "text/css; charset=utf-8"}


def listed(problems: list[Problem], root: Path) -> list[tuple[str, list[report.Shown]]]:
    """The problems per file, each with the very lines `nota check` prints for it."""
    return list(report.files(sorted(problems, key=sort_key), root))


def chrome(env: Environment, root: Path, doc: DocState | None, version: int) -> str:
    """The preview's panel: the PDF's state and link, and every problem (None: the index page's)."""
    layout = doc.pdf.problems if doc is not None and doc.pdf is not None else []
    problems = doc.problems if doc is not None else []
    return env.get_template("preview/chrome.html.j2").render(
        doc=doc, version=version, counts=report.counts, listed=lambda found: listed(found, root),
        content_problems=problems, layout_problems=layout,
        errors=any(p.severity is Severity.ERROR for p in [*problems, *layout]))


def inject(html: bytes, head: str, body: str) -> bytes:
    """The page with `head` added first thing in <head> and `body` before the last </body>.

    First in <head>, so the preview's script runs before the page's own (both are deferred, and run in
    order): it copies the page as sent before nota.js marks anything. The document template writes both
    tags once; content cannot add either (raw HTML is refused and escaped), so the first <head> and the
    last </body> are the template's own."""
    text = html.decode()
    at = text.index("<head>") + len("<head>\n")
    text = text[:at] + head + text[at:]
    at = text.rindex("</body>")
    return (text[:at] + body + text[at:]).encode()


def document_page(env: Environment, root: Path, doc: DocState) -> bytes:
    """The document's last good HTML with the panel; a page that says why, while there is none yet."""
    panel = chrome(env, root, doc, doc.version)
    html = doc.files.get(f"{doc.id}.html")
    if html is None:
        return env.get_template("preview/page.html.j2").render(doc=doc, panel=Markup(panel), head=Markup(HEAD),
                                                               counts=report.counts).encode()
    return inject(html, HEAD, panel)


def index_page(env: Environment, root: Path, site: Site) -> bytes:
    """Every document with its title, its state and its PDF (call within Site.read)."""
    return env.get_template("preview/page.html.j2").render(
        doc=None, documents=list(site.documents.values()), counts=report.counts, head=Markup(HEAD),
        panel=Markup(chrome(env, root, None, site.version))).encode()
