"""Figures that do not add up are refused, located, and named the Dutch way."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from nota import pipeline
from nota.cli import cli

BIJLAGE = Path("content/programmaplan-2022/tables/wmo-meerjarenperspectief.yaml")
TABEL2 = Path("content/programmaplan-2022/tables/budgetten-sociaal-domein.yaml")


def _errors(root: Path) -> list[str]:
    return [f"{p.where}: {p.message}" for c in pipeline.check(root) for p in c.problems if p.is_error]


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_real_content_has_no_errors() -> None:
    root = Path(__file__).resolve().parent.parent
    assert _errors(root) == []


def test_changed_bijlage_amount_names_file_line_year_stated_and_computed(project: Callable[..., Path]) -> None:
    root = project("programmaplan-2022")
    path = root / BIJLAGE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("amounts: [-22000, 0, 0, 0, 0, 0]", "amounts: [-22000, -5000, 0, 0, 0, 0]"))
    total_line = _line_of(path, "amounts: [-21773198")
    column = path.read_text(encoding="utf-8").splitlines()[total_line - 1].index("-23299972") + 1
    assert _errors(root) == [
        f"{BIJLAGE}:{total_line}:{column}: Tabel 3 “Onderdelen Wmo Programmaplan”, total 2022: stated "
        "−€\u00a023.299.972, the rows add up to −€\u00a023.304.972 (difference €\u00a05.000)"]


def test_tabel_2_as_published_is_caught(fixture_project: Callable[[str], Path]) -> None:
    root = fixture_project("invalid-tabel2-as-published")
    result = CliRunner().invoke(cli, ["--root", str(root), "check"])
    assert result.exit_code == 1
    path = root / "content/plan/tables/budgetten-sociaal-domein.yaml"
    line = _line_of(path, "amounts: [-118373")
    assert (f"content/plan/tables/budgetten-sociaal-domein.yaml:{line}:49: error: Tabel 2 “Budgetten Sociaal "
            "Domein”, total 2025: stated −113.186, the rows add up to −114.186 (difference 1.000)") in result.output


def test_real_tabel_2_records_the_published_figure_as_a_warning() -> None:
    root = Path(__file__).resolve().parent.parent
    warnings = [p for c in pipeline.check(root, ("programmaplan-2022",)) for p in c.problems
                if p.code == "published-corrected"]
    assert [w.message for w in warnings] == [
        "Tabel 2 “Budgetten Sociaal Domein”, total 2025: the published figure −113.186 is corrected to −114.186"]


def test_tabel_2_wmo_row_follows_bijlage_1_total(project: Callable[..., Path]) -> None:
    root = project("programmaplan-2022")
    path = root / BIJLAGE
    text = path.read_text(encoding="utf-8")
    # raise one 2022 line by € 10.000 and correct Bijlage 1's total: Tabel 2 (in thousands) no longer matches
    text = text.replace("amounts: [-720000, -620000,", "amounts: [-720000, -610000,")
    text = text.replace("-23299972", "-23289972")
    path.write_text(text, encoding="utf-8")
    errors = _errors(root)
    assert len(errors) == 1
    assert re.search(r"Tabel 2 “Budgetten Sociaal Domein”, row “Saldo baten en lasten Wmo” 2022: stated −23\.300, "
                     r"but wmo-meerjarenperspectief\.total is −€\u00a023\.289\.972, which rounds to −23\.290 "
                     r"\(difference −10\)", errors[0]), errors[0]


def test_a_typo_in_a_chapter_does_not_hide_a_total_that_is_off(project: Callable[..., Path]) -> None:
    root = project("programmaplan-2022")
    chapter = root / "content/programmaplan-2022/chapters/jeugdzorg.yaml"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("title: Jeugdzorg", "titel: Jeugdzorg", 1))
    table = root / BIJLAGE
    table.write_text(table.read_text(encoding="utf-8").replace("-291151, -591151", "-291151, -591152"))
    errors = _errors(root)
    assert any("jeugdzorg.yaml" in e and 'unknown key "titel"' in e for e in errors)
    assert any("wmo-meerjarenperspectief.yaml" in e and "total 2022: stated" in e for e in errors)


def test_a_typo_in_bijlage_1_is_reported_without_what_follows_from_it(project: Callable[..., Path]) -> None:
    root = project("programmaplan-2022")
    table = root / BIJLAGE
    text = table.read_text(encoding="utf-8")
    table.write_text(text.replace("amounts: [-22000, 0, 0, 0, 0, 0]", "amount: [-22000, 0, 0, 0, 0, 0]", 1),
                     encoding="utf-8")
    line = _line_of(table, "amount: [-22000")
    # Tabel 2 restates Bijlage 1's total: while Bijlage 1 cannot be read, that is its cause, not a second error
    assert _errors(root) == [f"{BIJLAGE}:{line}:9: unknown key \"amount\""]


def test_a_syntax_error_in_bijlage_1_does_not_hide_a_wrong_amount_further_on(project: Callable[..., Path]) -> None:
    root = project("programmaplan-2022")
    table = root / BIJLAGE
    text = table.read_text(encoding="utf-8")
    text = text.replace('description: "inzet personeel, mediation, ict e.d."',
                        'description: "inzet personeel, mediation, ict e.d.', 1)  # the closing quote is gone
    text = text.replace("amounts: [-28000, -28000, -28000,", "amounts: [-28.000, -28000, -28000,", 1)
    table.write_text(text, encoding="utf-8")
    quote, amount = _line_of(table, '"inzet personeel'), _line_of(table, "[-28.000")
    assert _errors(root) == [
        f"{BIJLAGE}:{quote}:22: the quote \" that starts here is not closed on its line",
        f"{BIJLAGE}:{amount}:19: -28.000 is not a whole number of euros"]
