"""The command line: exit codes, what is written, and that a broken document keeps its old output."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from nota.cli import cli

BIJLAGE = Path("content/programmaplan-2022/tables/wmo-meerjarenperspectief.yaml")


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--root", str(root), *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


@pytest.mark.parametrize("command", ["build", "check", "list", "diff", "schema"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and "python build.py" in result.output


def test_list_shows_title_status_and_chapters(project: Callable[..., Path]) -> None:
    code, output = run(project(), "list")
    assert code == 0
    assert "programmaplan-2022\tProgrammaplan Sociaal Domein 2022\tconcept\t6 chapters, 2 appendices" in output
    assert "visie-awbz-jeugdzorg-2012\tVisie op hoofdlijnen decentralisatie AWBZ en Jeugdzorg\tconcept\t6 chapters" \
        in output


def test_check_writes_nothing_and_passes_with_warnings(project: Callable[..., Path]) -> None:
    root = project()
    code, output = run(root, "check")
    assert code == 0
    assert "warning:" in output and "0 errors" in output
    assert not (root / "output").exists()


def test_unknown_document_is_a_usage_error(project: Callable[..., Path]) -> None:
    code, output = run(project(), "check", "no-such-document")
    assert code == 2
    assert "no document no-such-document" in output


def test_html_only_build_writes_html_with_its_assets(project: Callable[..., Path]) -> None:
    root = project("visie-awbz-jeugdzorg-2012")
    code, _ = run(root, "build", "--html-only")
    out = root / "output" / "visie-awbz-jeugdzorg-2012"
    assert code == 0
    assert (out / "visie-awbz-jeugdzorg-2012.html").is_file()
    assert not (out / "visie-awbz-jeugdzorg-2012.pdf").exists()
    html = (out / "visie-awbz-jeugdzorg-2012.html").read_text(encoding="utf-8")
    for asset in ("assets/nota.css", "figures/zelfredzaamheidspiramide.svg", "figures/stepped-care.svg"):
        assert f'"{asset}"' in html and (out / asset).is_file()
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html


def test_broken_document_keeps_its_previous_output_and_others_still_build(project: Callable[..., Path]) -> None:
    root = project()
    assert run(root, "build", "--html-only")[0] == 0
    html = root / "output" / "programmaplan-2022" / "programmaplan-2022.html"
    before = html.read_bytes()
    other = root / "output" / "visie-awbz-jeugdzorg-2012" / "visie-awbz-jeugdzorg-2012.html"
    other.unlink()
    table = root / BIJLAGE
    table.write_text(table.read_text(encoding="utf-8").replace("-291151, -591151", "-291151, -591152"))
    code, output = run(root, "build", "--html-only")
    assert code == 1
    assert "wmo-meerjarenperspectief.yaml:" in output and "total 2022: stated" in output
    assert "not built: programmaplan-2022 (previous output kept)" in output
    assert html.read_bytes() == before
    assert other.is_file()


def test_strict_turns_warnings_into_errors(project: Callable[..., Path]) -> None:
    code, output = run(project("visie-awbz-jeugdzorg-2012"), "check", "--strict")
    assert code == 1
    assert "error: advice advies-langdurige-zorg" in output


def test_built_files_are_readable_by_everyone(project: Callable[..., Path]) -> None:
    root = project("visie-awbz-jeugdzorg-2012")
    assert run(root, "build", "--html-only")[0] == 0
    html = root / "output" / "visie-awbz-jeugdzorg-2012" / "visie-awbz-jeugdzorg-2012.html"
    assert html.stat().st_mode & 0o777 == 0o644
    assert not list(html.parent.glob(".*.tmp"))


def test_check_does_not_import_weasyprint(project: Callable[..., Path]) -> None:
    """check is the fast first half of build: the PDF engine is not even loaded."""
    import subprocess
    import sys

    code = ("import sys; from nota.cli import cli; from click.testing import CliRunner; "
            f"r = CliRunner().invoke(cli, ['--root', {str(project())!r}, 'check']); "
            "print(r.exit_code, 'weasyprint' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["0", "False"]


def test_a_document_is_written_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nota.publish import output

    (tmp_path / "doc.html").write_bytes(b"old html")
    (tmp_path / "doc.pdf").write_bytes(b"old pdf")
    real = output._temporary

    def disk_full_at_the_pdf(path: Path, data: bytes) -> Path:
        if path.suffix == ".pdf":
            raise OSError(28, "No space left on device", str(path))
        return real(path, data)

    monkeypatch.setattr(output, "_temporary", disk_full_at_the_pdf)
    with pytest.raises(OSError):
        output.write_files(tmp_path, {"doc.html": b"new html", "doc.pdf": b"new pdf"})
    assert (tmp_path / "doc.html").read_bytes() == b"old html"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.html", "doc.pdf"]


def test_an_unwritable_output_folder_is_a_message_not_a_traceback(project: Callable[..., Path]) -> None:
    root = project("visie-awbz-jeugdzorg-2012")
    (root / "afile").write_text("not a folder", encoding="utf-8")
    code, output = run(root, "build", "--html-only", "--out", str(root / "afile" / "out"))
    assert code == 1
    assert "content/visie-awbz-jeugdzorg-2012/document.yaml:1:1: error: cannot write" in output
    assert "Not a directory" in output


def test_a_mistake_in_a_theme_two_documents_use_is_told_once(project: Callable[..., Path]) -> None:
    root = project()
    visie = root / "content" / "visie-awbz-jeugdzorg-2012" / "document.yaml"
    visie.write_text(visie.read_text(encoding="utf-8").replace("theme: default", "theme: lelystad"), encoding="utf-8")
    theme = root / "templates" / "themes" / "lelystad.yaml"
    theme.write_text(theme.read_text(encoding="utf-8").replace('muted: "#595959"', 'muted: "#bbbbbb"'),
                     encoding="utf-8")
    code, output = run(root, "--lang", "en", "check")
    told = [line for line in output.splitlines() if line.startswith("templates/themes/lelystad.yaml:12:")]
    assert code == 1
    assert len(told) == 2 and len(set(told)) == 2, told  # two colours too light, each told once
    assert "templates/themes/lelystad.yaml: 2 errors" in output
    assert "not publishable: programmaplan-2022, visie-awbz-jeugdzorg-2012" in output  # both are held back
