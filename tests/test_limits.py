"""The limits (limits.py) admit a real programmabegroting: 400 pages of chapters like the Programmaplan's
with 2,000-row budget tables, checked well within the check deadline, with a typesetting budget several
times what such a document costs (0.12 s and 2 MB a page, measured: see limits.py). The hostile cases
(tests/hostile) show that what lies beyond the limits is still refused."""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path
from types import ModuleType

import pytest

from nota import limits, pipeline
from nota.check import size
from nota.check.recipe import Checked
from nota.errors import Code

ROOT = Path(__file__).resolve().parent.parent
PAGE_SECONDS, PAGE_BYTES = 0.12, 2.1 * 2**20  # measured cost of a page (limits.py)
MARGIN = 4


def _generate() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def begroting(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """27 copies of the Programmaplan's chapters (about 400 pages), the first with 2,000 rows in Bijlage 1."""
    generate = _generate()
    root = generate.chapters(27, tmp_path_factory.mktemp("begroting") / "project")
    table = root / "content" / generate.BIG / "tables" / "wmo-meerjarenperspectief-k1.yaml"
    rows = "".join(generate.ROW.format(number=number) for number in range(2000 - 56))
    anchor = "  - title: Een sterke basis\n"
    text = table.read_text(encoding="utf-8")
    assert anchor in text
    table.write_text(text.replace(anchor, rows + anchor, 1), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def checked(begroting: Path) -> tuple[Checked, float]:
    started = time.perf_counter()
    [result] = pipeline.check(begroting)
    return result, time.perf_counter() - started


def test_a_400_page_begroting_with_a_2000_row_table_passes_every_limit(checked: tuple[Checked, float]) -> None:
    result, seconds = checked
    assert result.ok, [str(p) for p in result.problems if p.is_error][:5]
    assert not [p for p in result.problems if p.code is Code.LIMIT]
    assert seconds < limits.CHECK_SECONDS / MARGIN
    assert result.document is not None
    measured = size.measure(result.document)
    assert measured.rows > 2000 and measured.chars > 1_000_000
    assert measured.estimated_pages >= 400  # the estimate errs on the generous side (~400 pages are set)


def test_its_typesetting_budget_is_several_times_what_its_pages_cost(checked: tuple[Checked, float]) -> None:
    document = checked[0].document
    assert document is not None
    seconds, memory = size.render_limits(document)
    pages = 400 + 2000 / 37  # the chapters, and the table's own landscape pages
    assert seconds > MARGIN * PAGE_SECONDS * pages
    assert memory > MARGIN * PAGE_BYTES * pages


def test_a_small_document_whose_layout_runs_away_is_stopped_within_about_a_minute() -> None:
    [visie] = pipeline.check(ROOT, ("visie-awbz-jeugdzorg-2012",))
    assert visie.document is not None
    seconds, memory = size.render_limits(visie.document)
    assert seconds < 2 * limits.RENDER_SECONDS and memory < 2 * limits.RENDER_MEMORY_BYTES
