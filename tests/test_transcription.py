"""Every paragraph, list item, table cell and footnote of the source documents is in the rendered HTML.

The fixtures in tests/fixtures/source/ hold the source texts (extracted from the published PDFs),
normalised for hyphenation and whitespace, one unit per line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import html_text, normalise

SOURCES = Path(__file__).parent / "fixtures" / "source"


def _units(doc: str) -> list[str]:
    lines = (SOURCES / f"{doc}.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in (normalise(x) for x in lines) if line]


@pytest.mark.parametrize("doc", ["programmaplan-2022", "visie-awbz-jeugdzorg-2012"])
def test_every_source_unit_is_rendered(built: Path, doc: str) -> None:
    rendered = normalise(html_text((built / doc / f"{doc}.html").read_text(encoding="utf-8")))
    units = _units(doc)
    missing = [u for u in units if u not in rendered]
    assert len(units) > 150
    assert not missing, f"{len(missing)} of {len(units)} source units missing, e.g. {missing[:5]}"


def test_a_dropped_paragraph_is_noticed(built: Path) -> None:
    """The comparison is not vacuous: remove one paragraph from the rendered text and it fails."""
    html = (built / "programmaplan-2022" / "programmaplan-2022.html").read_text(encoding="utf-8")
    unit = next(u for u in _units("programmaplan-2022") if u.startswith("onderdelen die onder de participatiewet"))
    rendered = normalise(html_text(html))
    assert unit in rendered
    assert unit not in rendered.replace(unit, "")
