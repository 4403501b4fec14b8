"""`nota diff`: redlined review pages between fixture versions with known changes, git revisions, and the
real Programmaplan with one Bijlage 1 line raised by € 10.000."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from markupsafe import escape
from ruamel.yaml import YAML

from helpers import AXE, CHROMIUM, VNU, pa11y_errors
from nota.cli import cli
from nota.diff.source import Version, load
from nota.i18n import using
from nota.model.budget import BudgetGroup, BudgetTable
from nota.text import dutch

HERE = Path(__file__).resolve().parent
BASE = HERE / "diff" / "base"
CASES = HERE / "diff" / "cases"
ROOT = HERE.parent


def with_case(tmp_path: Path, case: str) -> Path:
    """The base fixture project with one case's files laid over it."""
    root = tmp_path / case
    shutil.copytree(BASE / "content", root / "content")
    shutil.copytree(CASES / case / "content", root / "content", dirs_exist_ok=True)
    return root


def diff(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--root", str(root), "diff", *args])


def page(root: Path, doc: str = "demo") -> str:
    return (root / "output" / "diff" / f"{doc}.html").read_text(encoding="utf-8")


TIES = re.compile(r' (?:headers="[^"]*"|id="t-[^"]*")')


def untied(html: str) -> str:
    """The page without the ids and `headers` that tie a grouped table's cells to their headers (see
    test_real_diff_table_ties_every_cell_to_every_level_of_its_headers): these tests read the redline."""
    return TIES.sub("", html)


def redline(html: str) -> str:
    """The document part of the page (below the summary)."""
    return html.split('<div id="redline">', 1)[1]


def new_errors(root: Path, doc: str = "demo", base: Path = BASE) -> list[str]:
    """The messages of the head's errors that the base does not have, as the checks word them on the
    review page: in Dutch, the page's language."""
    with using("nl"):
        before = {(p.severity, p.message) for p in load(Version("base", base), doc).problems}
        return [p.message for p in load(Version("head", root), doc).problems
                if p.is_error and (p.severity, p.message) not in before]


# --- one known change each ------------------------------------------------------------------------

def test_reworded_sentence_marks_the_words(tmp_path: Path) -> None:
    root = with_case(tmp_path, "reworded")
    result = diff(root, "--base-dir", str(BASE))
    assert result.exit_code == 0, result.output
    html = page(root)
    assert ('<div class="unit text changed" id="w-1">\n'
            '<p class="changed">De gemeente <del>stimuleert</del><ins>ondersteunt</ins> inwoners om mee te doen in '
            'de wijk.</p>\n</div>') in html
    assert '<li><a href="#w-1">Alinea gewijzigd: “De gemeente ondersteunt inwoners om mee te doen …”</a></li>' in html
    assert '<p class="totals">1 wijziging: 1 alinea.</p>' in html
    assert redline(html).count("<del>") == 1 and redline(html).count("<ins>") == 1
    assert '<details class="chapter same" id="h-plannen">' in html  # unchanged chapters folded
    assert '<details class="chapter same" id="h-begroting">' in html


def test_moved_paragraph_shows_as_moved_not_deleted_and_inserted(tmp_path: Path) -> None:
    root = with_case(tmp_path, "moved")
    diff(root, "--base-dir", str(BASE))
    html = redline(page(root))
    assert ('<div class="unit text moved-away" id="w-1">\n<p class="move-note">Hier stond: “Elke wijk krijgt een '
            'eigen wijkteam.” <span class="move-to">verplaatst naar <a href="#w-2">‘Planning’</a></span></p>\n'
            '</div>\n<h3 class="unit heading same"><span class="number">1.2</span> Planning</h3>') in html
    assert ('<p>In het tweede kwartaal volgt een evaluatie.</p>\n</div>\n'
            '<div class="unit text moved" id="w-2">\n'
            '<p class="move-note">Verplaatst uit ‘Aanpak’ · <a href="#w-1">waar het stond</a></p>\n'
            '<p>Elke wijk krijgt een eigen wijkteam.</p>\n</div>') in html
    assert "<del>" not in html and "<ins>" not in html
    assert "inserted" not in html and "deleted" not in html
    assert '<li><a href="#w-2">Alinea verplaatst: “Elke wijk krijgt een eigen wijkteam.”</a></li>' in page(root)


def test_changed_amount_shows_cell_totals_and_the_table_that_follows_it(tmp_path: Path) -> None:
    root = with_case(tmp_path, "amount")
    result = diff(root, "--base-dir", str(BASE), "--exit-code")
    assert result.exit_code == 1  # something changed
    assert "demo: 3 changes, 1 check now failing" in result.output
    html = untied(page(root))
    assert ('<tr class="row level-1 changed" id="w-4">\n<th class="description">wijkwerkers</th>\n'
            '<td class="party">Stichting Welzijn</td>\n'
            '<td class="num changed"><del>−300.000</del> <ins>−310.000</ins> <span class="delta">−10.000</span></td>\n'
            '<td class="num">−310.000</td>\n</tr>') in html
    assert ('<tr class="total level-0 changed" id="w-5">\n<th class="description">Totaal wijkteams</th>\n'
            '<td class="party"></td>\n'
            '<td class="num changed"><del>−480.000</del> <ins>−490.000</ins> <span class="delta">−10.000</span></td>\n'
            '<td class="num">−485.000</td>\n</tr>') in html
    # Tabel 1 restates Tabel 2's total in thousands: its row did not change, the figure it follows did
    assert ('<tr class="row level-0 affected" id="w-2">\n<th scope="row" class="description">Wijkteams</th>\n'
            '<td class="num affected failing">−480 <span class="ref">totaal: <del>−480</del> <ins>−490</ins></span>'
            '</td>\n<td class="num">−485</td>\n</tr>') in html
    assert ("<p class=\"ref-note\">Deze regel volgt het totaal van tabel 2 ‘Budget wijkteams’, afgerond op de "
            "eenheid van deze tabel. Dat totaal is veranderd.</p>") in html
    [message] = new_errors(root)
    assert f'<p class="check error" id="c-1"><strong>Controle faalt:</strong> {escape(message)} ' in html
    assert f'<li><a href="#c-1">{escape(message)}</a></li>' in html  # listed at the top, linked
    assert '<p class="totals">3 wijzigingen: 3 tabelcellen.</p>' in html
    assert "Tabel 2, ‘wijkwerkers’: 2022 −300.000 → −310.000 (−10.000)" in html


def test_an_unchanged_subtotal_that_no_longer_adds_up_is_shown_and_flagged(tmp_path: Path) -> None:
    base, head = tmp_path / "base", tmp_path / "head"
    shutil.copytree(BASE / "content", base / "content")
    table = base / "content/demo/tables/wijkteams.yaml"
    table.write_text(table.read_text().replace(
        "      - {description: wijkwerkers, party: Stichting Welzijn, amounts: [-300000, -310000]}\n",
        "      - {description: wijkwerkers, party: Stichting Welzijn, amounts: [-300000, -310000]}\n"
        "    total: {label: Subtotaal personeel, amounts: [-420000, -430000]}\n"))
    shutil.copytree(base / "content", head / "content")
    shutil.copytree(CASES / "amount/content", head / "content", dirs_exist_ok=True)
    (head / "content/demo/tables/wijkteams.yaml").write_text(table.read_text().replace(
        "[-300000, -310000]", "[-310000, -310000]").replace("[-480000, -485000]", "[-490000, -485000]"))
    diff(head, "--base-dir", str(base))
    html = untied(page(head))
    assert ('<tr class="total level-1 same">\n<th class="description">Subtotaal personeel</th>\n'
            '<td class="party"></td>\n<td class="num failing">−420.000</td>\n<td class="num">−430.000</td>\n</tr>\n'
            '<tr class="note-row"><td colspan="4">\n<p class="check error" id="c-') in html
    [message] = [m for m in new_errors(head, base=base) if "Personeel" in m]
    assert f'<strong>Controle faalt:</strong> {escape(message)} ' in html


def test_added_focus_point(tmp_path: Path) -> None:
    root = with_case(tmp_path, "focuspoint")
    diff(root, "--base-dir", str(BASE))
    html = page(root)
    assert ('<div class="unit focuspoint inserted" id="w-1">\n<p class="kind">Focuspunt</p>\n'
            '<p class="title inserted"><ins>Buurthuis</ins></p>\n'
            '<p class="inserted"><ins>Een plek in de wijk waar inwoners elkaar ontmoeten.</ins></p>\n'
            '<ul class="item">\n<li class="inserted"><ins>Een locatie zoeken</ins></li>\n</ul>\n</div>') in html
    assert '<li><a href="#w-1">Focuspunt ‘Buurthuis’ toegevoegd</a></li>' in html
    assert '<p class="totals">1 wijziging: 1 focuspunt.</p>' in html
    assert '<div class="unit focuspoint same">' in html  # the other focus point is untouched


def test_removed_row_and_the_totals_that_follow(tmp_path: Path) -> None:
    root = with_case(tmp_path, "removed-row")
    diff(root, "--base-dir", str(BASE))
    html = untied(page(root))
    assert ('<tr class="row level-1 deleted" id="w-5">\n<th class="description"><del>opleiding</del></th>\n'
            '<td class="party"><del>gemeente</del></td>\n<td class="num deleted"><del>−10.000</del></td>\n'
            '<td class="num deleted"><del>−5.000</del></td>\n</tr>') in html
    assert ('<td class="num changed"><del>−480.000</del> <ins>−470.000</ins> <span class="delta">+10.000</span></td>\n'
            '<td class="num changed"><del>−485.000</del> <ins>−480.000</ins> <span class="delta">+5.000</span></td>'
            ) in html
    assert '<td class="num changed"><del>−500</del> <ins>−490</ins> <span class="delta">+10</span></td>' in html
    assert "Tabel 2: regel ‘opleiding’ verwijderd" in html
    assert 'class="check' not in html and new_errors(root) == []


def test_metadata_changes_are_listed(tmp_path: Path) -> None:
    root = with_case(tmp_path, "metadata")
    diff(root, "--base-dir", str(BASE))
    html = page(root)
    assert ('<tr id="w-1"><th scope="row">Status</th><td><del>concept</del></td><td><ins>vastgesteld</ins></td></tr>\n'
            '<tr id="w-2"><th scope="row">Datum</th><td><del>1 oktober 2021</del></td>'
            '<td><ins>15 november 2021</ins></td></tr>\n'
            '<tr id="w-3"><th scope="row">Versie</th><td><del>0.9</del></td><td><ins>1.0</ins></td></tr>') in html
    assert '<li><a href="#w-1">Status: concept → vastgesteld</a></li>' in html
    assert '<p class="totals">3 wijzigingen: 3 documentgegevens.</p>' in html
    assert redline(html).count('<details class="chapter same"') == 3


def test_moved_chapter_and_deleted_section(tmp_path: Path) -> None:
    root = with_case(tmp_path, "structure")
    diff(root, "--base-dir", str(BASE))
    html = page(root)
    assert ('<tr id="w-1"><th scope="row">Plaats van ‘Plannen’</th><td><del>na ‘Inleiding’</del></td>'
            '<td><ins>vooraan</ins></td></tr>') in html
    assert '<span class="badge">ongewijzigd</span> <span class="badge moved">verplaatst</span></summary>' in html
    # a deleted section is one change, its paragraphs struck through where they stood
    assert '<li><a href="#w-2">Paragraaf ‘Planning’ verwijderd, met 2 onderdelen</a></li>' in html
    assert ('<h3 class="unit heading deleted" id="w-2"><del>Planning</del></h3>\n'
            '<div class="unit text deleted" id="w-3">\n'
            '<p class="deleted"><del>In het eerste kwartaal starten de wijkteams.</del></p>\n</div>') in html
    assert redline(html).index('id="h-plannen"') < redline(html).index('id="h-inleiding"')


def test_formatting_alone_is_no_change(tmp_path: Path) -> None:
    root = with_case(tmp_path, "formatting")
    assert (root / "content/demo/chapters/inleiding.yaml").read_text() != (
        BASE / "content/demo/chapters/inleiding.yaml").read_text()
    result = diff(root, "--base-dir", str(BASE), "--exit-code")
    assert result.exit_code == 0, result.output
    assert f"no changes between map {BASE.as_posix()} and werkmap" in result.output
    assert not (root / "output/diff/demo.html").exists()
    assert '<p class="no-changes">Geen wijzigingen.</p>' in (root / "output/diff/index.html").read_text()


# --- the command ----------------------------------------------------------------------------------

def test_content_is_escaped_and_its_problem_flagged(tmp_path: Path) -> None:
    root = with_case(tmp_path, "reworded")
    path = root / "content/demo/chapters/inleiding.yaml"
    path.write_text(path.read_text().replace("om mee te doen", 'om <script>alert(1)</script> mee te doen'))
    diff(root, "--base-dir", str(BASE))
    html = page(root)
    assert "<script>" not in html
    assert "<ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>" in html.replace("&#34;", '"')
    assert '<p class="check error" id="c-1"><strong>Controle faalt:</strong> HTML (&lt;script&gt;…) in de tekst' in html


def test_unreadable_new_version_says_why(tmp_path: Path) -> None:
    root = with_case(tmp_path, "reworded")
    (root / "content/demo/chapters/plannen.yaml").write_text("title: Plannen\nblocks: [\n")
    result = diff(root, "--base-dir", str(BASE))
    assert result.exit_code == 0
    assert "demo: cannot be read" in result.output
    html = page(root)
    assert '<h2 id="samenvatting">De nieuwe versie kan niet worden gelezen</h2>' in html
    assert "content/demo/chapters/plannen.yaml:" in html


def test_documents_can_be_named_and_unknown_ones_are_refused(tmp_path: Path) -> None:
    root = with_case(tmp_path, "reworded")
    assert diff(root, "--base-dir", str(BASE), "demo").exit_code == 0
    result = diff(root, "--base-dir", str(BASE), "nope")
    assert result.exit_code == 2
    assert "no document nope in either version; known: demo" in result.output


def test_output_is_deterministic_and_stale_pages_go(tmp_path: Path) -> None:
    root = with_case(tmp_path, "amount")
    stale = root / "output/diff/old.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("old")
    diff(root, "--base-dir", str(BASE))
    first = page(root)
    diff(root, "--base-dir", str(BASE))
    assert page(root) == first
    assert not stale.exists()
    assert "http://" not in first and "https://" not in first and "<link" not in first  # standalone


# --- git revisions --------------------------------------------------------------------------------

def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with two commits: the base fixture, then the reworded and moved cases."""
    root = tmp_path / "repo"
    shutil.copytree(BASE / "content", root / "content")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "content")
    git(root, "commit", "-q", "-m", "base")
    for case in ("reworded", "moved"):
        shutil.copytree(CASES / case / "content", root / "content", dirs_exist_ok=True)
    path = root / "content/demo/chapters/inleiding.yaml"
    path.write_text(path.read_text().replace("stimuleert", "ondersteunt"))
    git(root, "commit", "-q", "-am", "reword and move")
    return root


def test_git_revisions(repo: Path) -> None:
    result = diff(repo, "HEAD~1", "HEAD", "--exit-code")
    assert result.exit_code == 1, result.output
    html = page(repo)
    assert "De gemeente <del>stimuleert</del><ins>ondersteunt</ins> inwoners" in html
    assert '<div class="unit text moved" id="w-3">' in html
    assert '<span class="version">HEAD~1 (' in html and '<span class="version">HEAD (' in html
    named = diff(repo, "HEAD~1", "demo")  # a document name after BASE is a document, not HEAD
    assert named.exit_code == 0 and named.output.splitlines()[0] == result.output.splitlines()[0]
    assert page(repo) == html.replace(html[html.index("HEAD ("):html.index(")", html.index("HEAD ("))+1], "werkmap")


def test_head_defaults_to_the_working_tree(repo: Path) -> None:
    (repo / "content/demo/document.yaml").write_text(
        (repo / "content/demo/document.yaml").read_text().replace('version: "0.9"', 'version: "1.0"'))
    assert diff(repo, "HEAD", "--exit-code").exit_code == 1
    html = page(repo)
    assert '<td><del>0.9</del></td><td><ins>1.0</ins></td>' in html
    assert "werkmap" in html


def test_a_revision_with_itself_has_no_changes(repo: Path) -> None:
    result = diff(repo, "HEAD", "HEAD", "--exit-code")
    assert result.exit_code == 0
    assert "no changes between HEAD (" in result.output


def test_unknown_revision_is_a_usage_error(repo: Path) -> None:
    result = diff(repo, "no-such-branch")
    assert result.exit_code == 2
    assert "no-such-branch is not a revision of the git repository" in result.output


def ci_script(ci: str) -> list[str]:
    """The shell lines of an example CI job that fetch the base and build the preview."""
    if ci == "github":
        workflow = YAML(typ="safe").load((ROOT / ".github/workflows/review-preview.yml").read_text())
        steps = workflow["jobs"]["review-preview"]["steps"]
        assert workflow["on"] == {"pull_request": {"paths": ["content/**", "templates/**", "src/**"]}}
        assert steps[0]["with"]["fetch-depth"] == 0
        assert steps[-1]["with"]["path"] == "output/diff/"
        return [s["run"] for s in steps if "nota diff" in s.get("run", "")]
    job = YAML(typ="safe").load((ROOT / ".gitlab-ci.yml").read_text())["review-preview"]
    assert job["variables"]["GIT_DEPTH"] == 0
    assert job["artifacts"]["expose_as"] and job["artifacts"]["paths"] == ["output/diff/"]
    return [line for line in job["script"] if "setup.sh" not in line]


@pytest.mark.parametrize("ci", ["github", "gitlab"])
def test_ci_examples_build_the_preview_against_the_merge_base(repo: Path, tmp_path: Path, ci: str) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True, capture_output=True)
    git(clone, "checkout", "-q", "-b", "change")
    path = clone / "content/demo/document.yaml"
    path.write_text(path.read_text().replace("status: concept", "status: vastgesteld"))
    git(clone, "commit", "-q", "-am", "adopt")
    env = {**os.environ, "BASE_REF": "main", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"}
    nota = f"{sys.executable} {ROOT / 'build.py'}"
    for line in ci_script(ci):
        subprocess.run(["bash", "-c", line.replace(".venv/bin/nota", nota)], cwd=clone, env=env, check=True,
                       capture_output=True)
    html = page(clone)
    assert '<li><a href="#w-1">Status: concept → vastgesteld</a></li>' in html
    assert '<p class="totals">1 wijziging: 1 documentgegeven.</p>' in html  # only this branch's change


# --- the real document ----------------------------------------------------------------------------

def _rows(node: BudgetTable | BudgetGroup) -> list[tuple[str, list[int | str | None]]]:
    found = [(r.description, list(r.amounts)) for r in node.rows]
    for group in node.groups:
        found += _rows(group)
    return found


def test_real_bijlage_line_raised_by_10000(project: Callable[..., Path]) -> None:
    root = project("programmaplan-2022")
    path = root / "content/programmaplan-2022/tables/wmo-meerjarenperspectief.yaml"
    before = load(Version("base", ROOT), "programmaplan-2022").side
    assert before is not None
    table = before.document.tables["wmo-meerjarenperspectief"].table
    assert table.total is not None
    year = table.years.index(2022)
    line, amounts = next((d, a) for d, a in _rows(table) if d.startswith("inzet personeel"))
    old_amount, old_total = amounts[year], table.total.amounts[year]
    assert isinstance(old_amount, int) and isinstance(old_total, int)
    text = path.read_text(encoding="utf-8")
    old_list, new_list = str(amounts).replace("'", ""), str([*amounts[:year], old_amount - 10000, *amounts[year + 1:]])
    old_totals = str(table.total.amounts)
    new_totals = str([*table.total.amounts[:year], old_total - 10000, *table.total.amounts[year + 1:]])
    path.write_text(text.replace(old_list, new_list, 1).replace(old_totals, new_totals), encoding="utf-8")

    result = diff(root, "--base-dir", str(ROOT), "--exit-code")
    assert result.exit_code == 1, result.output
    assert "programmaplan-2022: 3 changes, 1 check now failing" in result.output
    html = untied(page(root, "programmaplan-2022"))
    a, b = dutch.amount(old_amount), dutch.amount(old_amount - 10000)
    assert f'<td class="num changed"><del>{a}</del> <ins>{b}</ins> <span class="delta">−10.000</span></td>' in html
    assert f"Tabel 3, ‘{line}’: 2022 {a} → {b} (−10.000)" in html
    ta, tb = dutch.amount(old_total), dutch.amount(old_total - 10000)
    assert f'<td class="num changed"><del>{ta}</del> <ins>{tb}</ins> <span class="delta">−10.000</span></td>' in html
    # Tabel 2's Wmo row restates that total in thousands: shown as affected, and its check now fails
    ra, rb = (dutch.amount(dutch.to_unit(t, "thousand")) for t in (old_total, old_total - 10000))
    assert ra != rb
    cell = f'<td class="num affected failing">{ra} <span class="ref">totaal: <del>{ra}</del> <ins>{rb}</ins></span>'
    assert cell in html
    [message] = new_errors(root, "programmaplan-2022", ROOT)
    assert "Saldo baten en lasten Wmo" in message
    assert f'<p class="check error" id="c-1"><strong>Controle faalt:</strong> {escape(message)} ' in html
    assert "het totaal van tabel 3 ‘Onderdelen Wmo Programmaplan’, dat deze regel volgt, is veranderd" in html


def test_real_status_change_turns_a_warning_into_a_failing_check(project: Callable[..., Path]) -> None:
    root = project("programmaplan-2022")
    path = root / "content/programmaplan-2022/document.yaml"
    path.write_text(path.read_text().replace("status: concept", "status: vastgesteld"))
    diff(root, "--base-dir", str(ROOT))
    html = page(root, "programmaplan-2022")
    assert '<th scope="row">Status</th><td><del>concept</del></td><td><ins>vastgesteld</ins></td>' in html
    [message] = new_errors(root, "programmaplan-2022", ROOT)
    assert message == "advies advies-clientenraad-sociaal-domein van Cliëntenraad Sociaal Domein is nog niet ontvangen"
    assert f'<p class="check error" id="c-1"><strong>Controle faalt:</strong> {escape(message)} ' in html
    assert "Opgelost" not in html  # the warning became an error: it is not resolved


def test_real_content_against_itself_has_no_changes(project: Callable[..., Path]) -> None:
    root = project()
    result = diff(root, "--base-dir", str(ROOT), "--exit-code")
    assert result.exit_code == 0
    assert "no changes" in result.output


# --- the page in a browser ------------------------------------------------------------------------



def _axe_violations(page_path: Path, profile: Path) -> str:
    """Run axe-core on a copy of the page in headless Chromium; return the violations as JSON text."""
    probe = page_path.with_name("axe-probe.html")
    script = ("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']}).then(r => {"
              "const p = document.createElement('pre'); p.id = 'axe-out';"
              "p.textContent = JSON.stringify(r.violations.map(v => [v.id, v.nodes.map(n => n.target)]));"
              "document.body.appendChild(p); });")
    html = page_path.read_text(encoding="utf-8")
    probe.write_text(html.replace("</body>", f"<script>{AXE.read_text()}</script><script>{script}</script></body>"))
    done = subprocess.run([*CHROMIUM, f"--user-data-dir={profile}", "--virtual-time-budget=20000", "--dump-dom",
                           probe.as_uri()], capture_output=True, text=True, timeout=120, check=True)
    probe.unlink()
    found = done.stdout.split('<pre id="axe-out">', 1)
    assert len(found) == 2, "axe did not report"
    return found[1].split("</pre>", 1)[0]


@pytest.mark.browser
def test_real_diff_page_is_valid_and_accessible(project: Callable[..., Path], tmp_path: Path) -> None:
    if not (shutil.which(CHROMIUM[0]) and AXE.exists() and VNU.exists() and shutil.which("java")):
        pytest.fail("needs Chromium, Java and the npm checkers: run scripts/setup.sh --test")
    root = project("programmaplan-2022")
    path = root / "content/programmaplan-2022/tables/wmo-meerjarenperspectief.yaml"
    path.write_text(path.read_text().replace("-591151", "-601151", 1))  # the total now fails too
    diff(root, "--base-dir", str(ROOT))
    pages = [root / "output/diff/programmaplan-2022.html", root / "output/diff/index.html"]
    checked = subprocess.run(["java", "-jar", str(VNU), "--errors-only", *map(str, pages)], capture_output=True,
                             text=True, timeout=300)
    assert checked.returncode == 0, checked.stderr
    for page_path in pages:
        assert _axe_violations(page_path, tmp_path / "profile") == "[]"
        # HTML_CodeSniffer also judges how the cells of Bijlage 1, with its group labels, are tied to their
        # headers (H43), which axe-core does not
        assert pa11y_errors(page_path, tmp_path) == []


def test_real_diff_table_ties_every_cell_to_every_level_of_its_headers(project: Callable[..., Path]) -> None:
    """As in the edition (test_html.py): a group label heads the rows below it, which `scope="colgroup"`
    does not say; every cell of the redlined Bijlage 1 names its groups (outer first), its row and column."""
    root = project("programmaplan-2022")
    path = root / "content/programmaplan-2022/tables/wmo-meerjarenperspectief.yaml"
    path.write_text(path.read_text().replace("-591151", "-601151", 1).replace("75000", "70000", 1))
    diff(root, "--base-dir", str(ROOT))
    html = page(root, "programmaplan-2022")
    table = html.split('aria-label="Tabel 3 ', 1)[1].split("</table>", 1)[0]
    assert "scope=" not in table
    headers = dict(re.findall(r'<th id="([^"]+)"(?: headers="([^"]*)")?', table))
    cells = re.findall(r'<td\b[^>]*\bheaders="([^"]+)"', table)
    assert len(cells) == table.count("<td") and len(cells) >= 20
    assert all(ident in headers for cell in cells for ident in cell.split())
    changed = re.search(r'<td class="num changed" headers="([^"]+)"><del>−75.000</del>', table)
    assert changed, "the changed cell of ‘vrijwilligersplaatsen’"
    groups = [h for h in changed.group(1).split() if "-g" in h]
    assert len(groups) == 2 and groups[1] in headers and headers[groups[1]] == groups[0]  # Een sterke basis,
    # then Vrijwilligerswerk in it
    assert re.search(r'<tr class="note-row"><td headers="[^"]+-r\d+"', table), "a check's note names its row"


def test_real_advice_received_is_listed_in_dutch_with_its_words_apart(project: Callable[..., Path]) -> None:
    root = project("programmaplan-2022")
    path = root / "content/programmaplan-2022/chapters/advies-clientenraad.yaml"
    path.write_text(path.read_text().replace("    source: Cliëntenraad Sociaal Domein\n",
                                             "    source: Cliëntenraad Sociaal Domein\n"
                                             "    text: Het advies is positief over de wijkteams.\n"))
    result = CliRunner().invoke(cli, ["--root", str(root), "--lang", "en", "diff", "--base-dir", str(ROOT)])
    html = page(root, "programmaplan-2022")
    # the source and the text of a unit are two lines: the list of changes parts them with a space
    assert "Advies gewijzigd: “Cliëntenraad Sociaal Domein Het advies" in html and "DomeinHet" not in html
    # the command speaks the user's language; the page its own, Dutch, in the messages of its checks too
    assert "1 check now failing" in result.output
    assert ("<strong>Controle faalt:</strong> advies advies-clientenraad-sociaal-domein heeft geen reactie, en er "
            "staat niet bij dat het op een reactie wacht") in html
    assert "has no response" not in html
