"""Findability and provenance: the colophon (organisation, status, date, version, nota's version and the
source commit when built from git) in the page and the PDF, the page's metadata, and the link to the PDF
with its format and size."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import normalise, pdf_text
from nota import __version__, pipeline
from nota.model.document import load_document
from nota.publish.provenance import provenance
from nota.render.edition import file_size

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ("programmaplan-2022", "visie-awbz-jeugdzorg-2012")
VISIE = "visie-awbz-jeugdzorg-2012"
# a commit made the same way every time: no clock, no machine's name
GIT_ENV = {"GIT_AUTHOR_NAME": "nota", "GIT_AUTHOR_EMAIL": "nota@example.org", "GIT_COMMITTER_NAME": "nota",
           "GIT_COMMITTER_EMAIL": "nota@example.org", "GIT_AUTHOR_DATE": "2022-01-01T00:00:00Z",
           "GIT_COMMITTER_DATE": "2022-01-01T00:00:00Z", "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}


def _git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=True,
                          env={**os.environ, **GIT_ENV})
    return done.stdout.strip()


def _colophon(html: str) -> str:
    found = re.search(r'<footer class="colophon".*?</footer>', html, re.S)
    assert found
    text = re.sub(r"<(dt|dd|div|li|h2|dl|ul|footer)\b[^>]*>", " ", found.group(0))
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).strip()


def _page(out: Path, doc: str = VISIE) -> str:
    return (out / doc / f"{doc}.html").read_text(encoding="utf-8")


def test_a_build_from_git_names_its_commit_and_a_clone_elsewhere_gives_the_same_bytes(
        project: Callable[..., Path], tmp_path: Path) -> None:
    root = project(VISIE)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "content")
    commit = _git(root, "rev-parse", "HEAD")
    assert not pipeline.build(root, tmp_path / "a", pdf=False).failed
    colophon = _colophon(_page(tmp_path / "a"))
    assert f"Bron commit {commit}" in colophon and "wijzigingen" not in colophon
    assert f"Gemaakt met nota {__version__}" in colophon

    clone = tmp_path / "elders" / "kloon"
    subprocess.run(["git", "clone", "-q", str(root), str(clone)], check=True, capture_output=True)
    assert not pipeline.build(clone, tmp_path / "b", pdf=False).failed
    for path in sorted((tmp_path / "a" / VISIE).rglob("*")):
        if path.is_file():
            assert path.read_bytes() == (tmp_path / "b" / VISIE / path.relative_to(tmp_path / "a" / VISIE)).read_bytes()

    chapter = root / "content" / VISIE / "chapters" / "inleiding.yaml"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("Hierbij", "Hiermee", 1), encoding="utf-8")
    assert not pipeline.build(root, tmp_path / "c", pdf=False).failed
    assert f"Bron commit {commit}, met wijzigingen die nog niet zijn vastgelegd" in _colophon(_page(tmp_path / "c"))


def test_a_build_from_a_copy_or_without_git_names_no_commit(project: Callable[..., Path], tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(VISIE)
    assert provenance(root, VISIE).commit is None  # a folder that is no git checkout
    assert not pipeline.build(root, tmp_path / "a", pdf=False).failed
    colophon = _colophon(_page(tmp_path / "a"))
    assert "Bron" not in colophon and "commit" not in colophon
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs"))  # no git on the machine: no commit, no error
    assert provenance(ROOT, VISIE).commit is None


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_the_colophon_says_who_what_when_and_from_what(built: Path, doc: str) -> None:
    meta = load_document(ROOT, doc)[0].meta  # type: ignore[union-attr]
    source = provenance(ROOT, doc)
    expected = [f"Titel {meta.title}", f"Uitgave {meta.organisation}", f"Status {meta.status}",
                f"Jaar {meta.year}" if not meta.date else "Datum", f"Gemaakt met nota {__version__}"]
    if source.commit:
        expected.append(f"Bron commit {source.commit}")
    colophon = _colophon(_page(built, doc))
    for line in expected:
        assert line in colophon, line
    printed = normalise(pdf_text(built / doc / f"{doc}.pdf"))
    last_page = printed[printed.rindex("colofon"):]
    for line in expected:
        assert normalise(line) in last_page.replace("\u00ad", "").replace("- ", ""), line
    assert "downloads" not in last_page, "the PDF links no file beside the page"


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_the_page_links_the_pdf_with_its_format_and_size(built: Path, doc: str) -> None:
    html = _page(built, doc)
    title = load_document(ROOT, doc)[0].meta.title  # type: ignore[union-attr]
    size = file_size((built / doc / f"{doc}.pdf").stat().st_size)
    link = f'<a href="{doc}.pdf" type="application/pdf">{title} <span class="file-info">(pdf, {size})</span></a>'
    assert html.count(link) == 2  # under the title and in the colophon
    assert f'<link rel="alternate" type="application/pdf" href="{doc}.pdf" title="{title} (pdf, {size})">' in html


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_the_page_carries_its_description_title_language_and_date(tmp_path: Path, doc: str) -> None:
    assert not pipeline.build(ROOT, tmp_path, (doc,), pdf=False).failed
    meta = load_document(ROOT, doc)[0].meta  # type: ignore[union-attr]
    head = _page(tmp_path, doc).split("</head>", 1)[0]
    date = meta.date.isoformat() if meta.date else str(meta.year)
    assert '<html lang="nl">' in head
    for tag in (f'<meta name="description" content="{meta.subject}">',
                f'<meta name="dcterms.title" content="{meta.title}">', '<meta name="dcterms.language" content="nl">',
                f'<meta name="dcterms.created" content="{date}">', f'<meta property="og:title" content="{meta.title}">',
                '<meta property="og:locale" content="nl_NL">',
                f'<meta property="og:description" content="{meta.subject}">'):
        assert tag in head, tag

