"""PUBLISH stage: typeset the HTML with WeasyPrint, in a limited worker process (guard.py). WeasyPrint
is imported here and by the two modules this one uses: typeset.py (the layout, part by part) and
speedups.py (two of WeasyPrint 70's internals kept faster).

WeasyPrint may fetch nothing but the files this build rendered (HTML, stylesheet, fonts, figures):
the URL fetcher serves them from memory and refuses every other URL. Any warning or error that
WeasyPrint logs fails the build, so nothing is silently missing from a PDF, and the laid-out pages
are checked (layoutcheck) before the PDF is written: a table cut off at the paper's edge, a split row
or a footnote away from its reference is a located error.

One file is both PDF/A-2a (archiving) and PDF/UA-1 (accessibility): WeasyPrint's pdf/a-2a variant
writes a tagged PDF, `_pdfa_ua` adds the PDF/UA-1 identification to the same XMP packet, and
`tag` then rebuilds the structure tree from the HTML (publish/structure/): WeasyPrint's own tree is cut
at every page break and leaves page furniture, footnotes and links wrongly tagged.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib import parse
from xml.etree import ElementTree

from nota import guard
from nota.errors import BuildError, Code, Problem, Severity
from nota.i18n import _
from nota.publish import layoutcheck, speedups, typeset
from nota.publish.structure import rebuild
from nota.publish.structure.report import TreeError
from nota.publish.typeset import Laid, PrintSource, Typesetter
from nota.source import Location

BASE_URL = "nota://document/"
PDF_VARIANT = "pdf/a-2a+ua-1"
MEDIA_TYPES = {"css": "text/css", "ttf": "font/ttf", "svg": "image/svg+xml", "html": "text/html", "png": "image/png",
               "jpg": "image/jpeg", "jpeg": "image/jpeg"}
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_PDFUAID = "http://www.aiim.org/pdfua/ns/id/"

# Let relative links (assets/nota.css) resolve against the in-memory base URL.
for _registry in (parse.uses_relative, parse.uses_netloc):
    if "nota" not in _registry:
        _registry.append("nota")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _weasyprint_log() -> Iterator[_Collect]:
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def fetcher(files: dict[str, bytes]) -> Any:
    """A URL fetcher that serves only this build's own files, and stops the build for anything else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class OwnFiles(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            name = url.removeprefix(BASE_URL)
            if not url.startswith(BASE_URL) or name not in files:
                raise BuildError(_("the document asked for {url}, which is not one of its own files", url=url))
            media_type = MEDIA_TYPES.get(name.rsplit(".", 1)[-1], "application/octet-stream")
            return URLFetcherResponse(url, files[name], {"Content-Type": media_type})

    return OwnFiles(allowed_protocols=("nota",), allow_redirects=False, fail_on_errors=True)


def _pdfa_ua(pdf: Any, document: Any, page_streams: Any, attachments: Any, compress: bool) -> None:
    """PDF/A-2a, with the PDF/UA-1 identification added to its XMP metadata.

    PDF/A-2, not -3: -3 differs only in allowing any file to be embedded, which Dutch archives advise
    against for durable access; nota embeds nothing. See docs/publishing.md.
    """
    from weasyprint.pdf.pdfa import pdfa

    metadata = document.metadata
    rdf_of = metadata.generate_rdf_metadata

    def with_ua(variant: str, version: int, conformance: str | None) -> bytes:
        rdf = ElementTree.fromstring(rdf_of(variant, version, conformance))
        description = rdf.find(f"{{{_RDF}}}Description")
        assert description is not None
        description.set(f"{{{_PDFUAID}}}part", "1")
        return ElementTree.tostring(rdf)

    metadata.generate_rdf_metadata = with_ua
    pdfa(pdf, document, page_streams, attachments, compress, version=2, variant="A")


def _register_variant() -> None:
    from weasyprint.pdf import VARIANTS

    properties = {"pdf_version": "1.7", "pdf_identifier": True, "output_intent": "srgb", "pdf_tags": True}
    VARIANTS.setdefault(PDF_VARIANT, (partial(_pdfa_ua), properties))


@dataclass(frozen=True)
class Typeset:
    """A typeset document: the PDF, and what a person should look at in its layout (warnings)."""

    pdf: bytes
    warnings: list[Problem] = field(default_factory=list)


def html_to_pdf(print_html: PrintSource, files: dict[str, bytes], identifier: str,
                places: dict[str, Location] | None = None) -> Typeset:
    """Typeset one document in a worker process, within the time and memory limits of limits.py (guard.py).

    `places` maps a table's or chapter's HTML id to where the content defines it, for located layout
    problems. A chapter that would end with a few lines on a page of their own is set again a little
    tighter (copyfitting, publish/typeset.py); one that still does is a warning.
    """
    return start_pdf(print_html, files, identifier, places).result()


def start_pdf(print_html: PrintSource, files: dict[str, bytes], identifier: str,
              places: dict[str, Location] | None = None, seconds: float | None = None,
              memory: int | None = None) -> guard.Pending[Typeset]:
    """`html_to_pdf` in a worker that runs while the caller goes on (`--jobs`); `.result()` is the
    Typeset. `seconds` and `memory` are the worker's limits (default: the RENDER_ limits)."""
    speedups.import_weasyprint()  # once here, so every forked worker starts with it imported
    return guard.start_limited(_typeset, print_html, files, identifier, places or {}, seconds=seconds,
                               memory=memory, what=_("{document}: typesetting the PDF", document=identifier))


def _refuse_attachments(document: Any, identifier: str) -> None:
    """Nothing is embedded in the PDF: <link rel="attachment"> or <a rel="attachment"> stops the build."""
    targets = [target for page in document.pages for kind, target, *_ in page.links if kind == "attachment"]
    if document.metadata.attachments or targets:
        found = ", ".join(targets) or f"{len(document.metadata.attachments)} <link rel=\"attachment\">"
        raise BuildError(_("{document}: the document asks to embed files in the PDF ({found}); attachments are not "
                           "allowed", document=identifier, found=found))


def _coverage(files: dict[str, bytes]) -> dict[str, set[int]]:
    """The code points of each vendored font file, by file name (assets/fonts/OpenSans-Bold.ttf)."""
    from io import BytesIO

    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # a dependency of WeasyPrint

    return {name.rsplit("/", 1)[-1]: set(TTFont(BytesIO(data)).getBestCmap())
            for name, data in files.items() if name.startswith("assets/fonts/") and name.endswith(".ttf")}


def _layout_problems(document: Any, identifier: str, places: dict[str, Location],
                     files: dict[str, bytes]) -> None:
    """Stop the build on what the layout got wrong (layoutcheck): a table cut off, a row split, a note moved."""
    found = layoutcheck.check(document.pages, _coverage(files))
    if found:
        problems = [Problem(p.message, _place(places, p.anchor, identifier), p.hint, code=Code.LAYOUT,
                            document=identifier) for p in found]
        raise BuildError(f"{identifier}: " + "; ".join(p.message for p in found), problems)


def _place(places: dict[str, Location], anchor: str, identifier: str) -> Location:
    return places.get(anchor) or Location(Path("content", identifier, "document.yaml"))


def _runt_warnings(document: Any, identifier: str, places: dict[str, Location]) -> list[Problem]:
    """The chapters that still end on a nearly empty page, as located warnings."""
    return [Problem(p.message, _place(places, p.anchor, identifier), p.hint, Severity.WARNING, Code.RUNT,
                    document=identifier)
            for p in layoutcheck.runt_problems(layoutcheck.runt_pages(document.pages))]


def lay_out(print_html: PrintSource, files: dict[str, bytes], typesetter: Typesetter | None = None) -> Laid:
    """The document laid out (publish/typeset.py), with line breaking kept and memory frozen between parts."""
    typesetter = typesetter or Typesetter(files, fetcher(files), BASE_URL)
    with speedups.memoised_line_breaking() as breaks:
        def between() -> None:
            if breaks is not None:
                breaks.clear()
            typeset.freeze_between_parts()

        typesetter.between = between
        try:
            return typesetter.typeset(print_html)
        finally:
            gc.unfreeze()  # where no worker was forked, the process lives on: let its memory go again


def _typeset(print_html: PrintSource, files: dict[str, bytes], identifier: str, places: dict[str, Location],
             typesetter: Typesetter | None = None) -> Typeset:
    """Typeset one document, then rebuild its structure tree (publish/structure/). A `typesetter` kept
    from an earlier call lays out again only what changed (publish/live.py)."""
    pdf, tree, warnings = _weasyprint_document(print_html, files, identifier, places, typesetter)
    return Typeset(tag(pdf, tree, files, identifier), warnings)


def tag(pdf: bytes, tree: Any, files: dict[str, bytes], identifier: str) -> bytes:
    """The PDF with the structure tree of the HTML `tree` it was typeset from; a BuildError if the two
    do not line up (a wrong tree is never written). Fonts: for ligatures only their GSUB table explains."""
    fonts = {name.rsplit("/", 1)[-1]: data for name, data in files.items()
             if name.startswith("assets/fonts/") and name.endswith(".ttf")}
    try:
        return rebuild.fix(pdf, tree, fonts)
    except TreeError as exc:
        where = Location(Path("content", identifier, "document.yaml"))
        message = _("the PDF's structure tree could not be rebuilt: {error}", error=exc)
        hint = _("this is a fault in nota, not in the content: please report it with the document")
        raise BuildError(f"{identifier}: {message}",
                         [Problem(message, where, hint, code=Code.RENDER, document=identifier)]) from None


def _weasyprint_pdf(print_html: PrintSource, files: dict[str, bytes], identifier: str,
                    places: dict[str, Location], typesetter: Typesetter | None = None) -> tuple[bytes, Any]:
    """The PDF as WeasyPrint writes it, and the parsed HTML it was set from."""
    pdf, tree, _warnings = _weasyprint_document(print_html, files, identifier, places, typesetter)
    return pdf, tree


def _weasyprint_document(print_html: PrintSource, files: dict[str, bytes], identifier: str,
                         places: dict[str, Location], typesetter: Typesetter | None = None
                         ) -> tuple[bytes, Any, list[Problem]]:
    """The PDF as WeasyPrint writes it, the parsed HTML it was set from (the whole document, in the
    pages' reading order, even when it was set part by part), and the layout's warnings.
    Deterministic: dates come from the HTML's metadata, the id from the content."""
    import weasyprint

    _register_variant()
    from weasyprint.urls import FatalURLFetchingError

    with _weasyprint_log() as log:
        try:  # fetching happens in both steps: images and fonts while rendering, attachments while writing
            laid = lay_out(print_html, files, typesetter)
            document = laid.document
            _refuse_attachments(document, identifier)
            _layout_problems(document, identifier, places, files)
            warnings = _runt_warnings(document, identifier, places)
            with speedups.memoised_line_breaking():  # pydyf's page references, kept while the PDF is written
                pdf = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=identifier.encode())
            tree = weasyprint.HTML(string=laid.html, base_url=BASE_URL, url_fetcher=fetcher(files)).etree_element
        except FatalURLFetchingError as exc:
            raise BuildError(f"{identifier}: {exc.__cause__ or exc}") from None
    if log.messages:
        raise BuildError(_("{document}: WeasyPrint reported: {messages}", document=identifier,
                           messages="; ".join(sorted(set(log.messages))[:5])))
    assert isinstance(pdf, bytes)
    return pdf, tree, warnings
