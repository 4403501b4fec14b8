"""Shared fixtures: the real project, fixture projects, and one build of both documents per session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from nota import pipeline

# Messages in English unless a test asks for another language: the outcome must not depend on the
# locale of the machine the tests run on (tests/test_i18n.py tests the choice itself).
os.environ["NOTA_LANG"] = "en"

ROOT = Path(__file__).resolve().parent.parent
PROJECTS = Path(__file__).resolve().parent / "projects"
DOCUMENTS = ("programmaplan-2022", "visie-awbz-jeugdzorg-2012")


# Property-based tests: few examples in the inner loop, many in CI (.ci/run sets HYPOTHESIS_PROFILE=ci).
# Derandomized, so a failure in CI is the same failure on a laptop.
_HYPOTHESIS = {"deadline": None, "derandomize": True, "database": None,
               "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]}
settings.register_profile("dev", max_examples=25, **_HYPOTHESIS)
settings.register_profile("ci", max_examples=300, **_HYPOTHESIS)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite golden files; review the diff.")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that reads the built documents typesets both PDFs first: it is slow, whatever its mark says."""
    for item in items:
        if "built" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both real documents built once (HTML and PDF) into a temporary output folder."""
    out = tmp_path_factory.mktemp("output")
    report = pipeline.build(ROOT, out)
    assert not report.failed, [str(p) for p in report.problems if p.is_error]
    # the real documents are set without a nearly empty last page (a runt would be a layout warning)
    assert [str(p) for p in report.problems if p.code == "runt"] == []
    return out


@pytest.fixture
def fixture_project(tmp_path: Path) -> Callable[[str], Path]:
    """A copy of tests/projects/<name> with the real templates beside its content."""

    def make(name: str) -> Path:
        root = tmp_path / name
        shutil.copytree(PROJECTS / name, root)
        shutil.copytree(ROOT / "templates", root / "templates")
        return root

    return make


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Path]:
    """A copy of the real project (content and templates) that a test may break."""

    def make(*documents: str) -> Path:
        root = tmp_path / "project"
        shutil.copytree(ROOT / "templates", root / "templates")
        for doc in documents or DOCUMENTS:
            shutil.copytree(ROOT / "content" / doc, root / "content" / doc)
        return root

    return make
