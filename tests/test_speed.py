"""What makes the build fast changes no byte of its output: PDFs typeset in parallel or one after the
other, part by part or as one document, with WeasyPrint's internals replaced (publish/speedups.py) or
not, and from the cache or not, are the same files. The speed itself is measured by benchmarks/bench.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Set
from pathlib import Path
from typing import Any

import pytest

from conftest import DOCUMENTS, ROOT
from nota import pipeline
from nota.publish import pdf, speedups, typeset
from nota.publish.provenance import provenance
from nota.publish.typeset import Typesetter
from nota.render.html import render_document
from nota.render.parts import MAIN, PrintParts

pytestmark = pytest.mark.slow


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and ".cache" not in p.parts}


def test_parallel_and_serial_builds_give_identical_bytes(built: Path, tmp_path: Path) -> None:
    serial = pipeline.build(ROOT, tmp_path / "serial", jobs=1, use_cache=False)
    parallel = pipeline.build(ROOT, tmp_path / "parallel", jobs=2, use_cache=False)
    assert not serial.failed and not parallel.failed
    assert _files(tmp_path / "serial") == _files(tmp_path / "parallel") == _files(built)
    assert {name.split("/")[0] for name in _files(built)} == set(DOCUMENTS)


def test_a_build_from_the_cache_gives_identical_bytes(built: Path, tmp_path: Path) -> None:
    first = pipeline.build(ROOT, tmp_path / "out")
    again = pipeline.build(ROOT, tmp_path / "out")
    assert first.cached == [] and again.cached == list(DOCUMENTS)
    assert _files(tmp_path / "out") == _files(built)


class _Whole:
    """The print HTML without its parts: the typesetter lays the whole document out at once."""

    def __init__(self, source: typeset.PrintSource) -> None:
        self.source = source

    def whole(self, tight: Set[str] = frozenset()) -> str:
        return self.source.whole(tight)

    def parts(self, tight: Set[str] = frozenset(), pages: Mapping[str, int] | None = None) -> PrintParts | None:
        return None


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_by_chapter_with_speedups_is_byte_identical_to_the_whole_document_set_plainly(
        doc: str, built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checked = pipeline.check(ROOT, (doc,))[0]
    assert checked.document and checked.outline and checked.theme
    edition = render_document(ROOT, checked.document, checked.outline, checked.theme, provenance(ROOT, doc))
    assert edition.print_html.parts() is not None  # the real documents are set part by part
    assert speedups.supported()
    monkeypatch.setattr(speedups, "supported", lambda: False)  # WeasyPrint as it is
    plain = pdf.html_to_pdf(_Whole(edition.print_html), edition.files, doc, edition.places).pdf
    assert plain == (built / doc / f"{doc}.pdf").read_bytes()


def test_copyfitting_sets_again_only_the_runt_chapters(built: Path) -> None:
    """The Visie has two chapters that would end in a few lines: only they are laid out twice."""
    edition = _edition(ROOT, "visie-awbz-jeugdzorg-2012")
    parts = edition.print_html.parts()
    assert parts is not None
    setter = Typesetter(edition.files, pdf.fetcher(edition.files), pdf.BASE_URL)
    result = pdf.lay_out(edition.print_html, edition.files, setter)
    laid = [html for html, _first_page in setter.fresh]
    chapters = [html for html in laid if '<section class="chapter' in html]
    tight = [html for html in chapters if "copyfit" in html]
    assert len(tight) == 2 and len(chapters) == len(parts.chapters) + 2
    assert result.html.count(" copyfit ") == 2 and result.html == edition.print_html.whole(
        {anchor for anchor, _ in parts.chapters if f'id="{anchor}"' in "".join(tight)})


def test_a_second_typesetting_in_one_process_sets_again_only_the_edited_chapter(
        project: Callable[..., Path]) -> None:
    """The preview's case: one typesetter, the document again with a word changed in one chapter."""
    doc = "programmaplan-2022"
    root = project(doc)
    edition = _edition(root, doc)
    setter = Typesetter(edition.files, pdf.fetcher(edition.files), pdf.BASE_URL)
    first = pdf.lay_out(edition.print_html, edition.files, setter)
    chapter = root / "content" / doc / "chapters" / "jeugdzorg.yaml"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("extra beschikbaar", "extra te besteden", 1),
                       encoding="utf-8")
    edited = _edition(root, doc)
    again = pdf.lay_out(edited.print_html, edited.files, setter)
    laid = [html for html, _first_page in setter.fresh]
    assert len(laid) == 1 and "extra te besteden" in laid[0].replace("\u00ad", "")
    changed = [i for i, (p, q) in enumerate(zip(first.document.pages, again.document.pages, strict=True))
               if p is not q]
    assert changed and changed == list(range(changed[0], changed[-1] + 1)) and changed[0] > 1
    fresh = pdf.lay_out(edited.print_html, edited.files)
    assert _pdf(again) == _pdf(fresh)  # as if set from scratch


def _pdf(result: typeset.Laid) -> bytes:
    pdf._register_variant()
    data = result.document.write_pdf(pdf_variant=pdf.PDF_VARIANT, pdf_identifier=b"test")
    assert isinstance(data, bytes)
    return data


def _edition(root: Path, doc: str) -> Any:
    checked = pipeline.check(root, (doc,))[0]
    assert checked.document and checked.outline and checked.theme
    return render_document(root, checked.document, checked.outline, checked.theme)


def test_the_typesetting_stack_is_the_pinned_one_speedups_was_written_for() -> None:
    import pydyf  # type: ignore[import-untyped]
    import weasyprint

    pins = dict(re.findall(r'"(weasyprint|pydyf)==([\d.]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8")))
    assert pins["weasyprint"].startswith(speedups.SUPPORTED)
    assert (weasyprint.__version__, pydyf.__version__) == (pins["weasyprint"], pins["pydyf"])


def test_the_speedups_replace_only_the_code_they_were_checked_against(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint.layout.inline as inline

    assert speedups.fingerprint() == speedups.FINGERPRINT, (
        "WeasyPrint's line breaking or pydyf changed: read publish/speedups.py's replacements against the new "
        "code, run the byte tests, then set FINGERPRINT")
    original = inline.split_first_line
    speedups.supported.cache_clear()
    monkeypatch.setattr(speedups, "FINGERPRINT", "0" * 64)  # as after an upgrade
    try:
        with speedups.memoised_line_breaking() as breaks:
            assert breaks is None and inline.split_first_line is original  # WeasyPrint as it is
    finally:
        speedups.supported.cache_clear()


def test_the_first_chapter_alone_holds_the_main_id() -> None:
    edition = _edition(ROOT, "visie-awbz-jeugdzorg-2012")
    parts = edition.print_html.parts()
    assert parts is not None
    documents = [parts.chapter_document(i) for i in range(len(parts.chapters))]
    assert [f'<main id="{MAIN}">' in d for d in documents] == [True] + [False] * (len(documents) - 1)
    assert f'<main id="{MAIN}">\n{parts.chapters[0][1]}' in edition.print_html.whole()


def test_the_live_typesetter_sets_again_only_the_edited_chapter_and_gives_a_builds_bytes(
        project: Callable[..., Path]) -> None:
    """What `nota preview` uses: a worker that stays and keeps the chapters it laid out."""
    from nota.publish.live import LiveTypesetter
    from nota.render.edition import Provenance

    doc = "programmaplan-2022"
    root = project(doc)
    live = LiveTypesetter()
    try:
        checked = pipeline.check(root, (doc,))[0]
        assert checked.document and checked.theme
        _first, laid = live.typeset(root, checked.document, checked.theme)
        assert laid >= 9  # contents, every chapter and the colophon (and a copyfitted chapter, if any)
        chapter = root / "content" / doc / "chapters" / "jeugdzorg.yaml"
        chapter.write_text(chapter.read_text(encoding="utf-8").replace("extra beschikbaar", "extra te besteden", 1),
                           encoding="utf-8")
        checked = pipeline.check(root, (doc,))[0]
        assert checked.document and checked.theme
        typeset, laid = live.typeset(root, checked.document, checked.theme)
        edited = typeset.pdf
        assert laid == 1
    finally:
        live.close()
    pipeline.build(root, root / "output", (doc,), use_cache=False, source=lambda _root, _doc: Provenance())
    assert edited == (root / "output" / doc / f"{doc}.pdf").read_bytes()
