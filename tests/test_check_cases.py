"""Golden cases: each ``cases/*.yml`` varies the base fixture corpus and lists the exact
diagnostics ``make check`` must print, in order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from build_tools.pipeline import check_corpus

CASES = sorted((Path(__file__).parent / "cases").glob("*.yml"))


@pytest.mark.parametrize("case_file", CASES, ids=lambda p: p.stem)
def test_case(case_file: Path, make_corpus) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    root = make_corpus(case["files"])
    result = check_corpus(root / "corpus", root, today=dt.date(2026, 1, 1))
    assert [d.format() for d in result.diagnostics] == case["expect"], case["description"]
    assert result.ok == (not any(": error: " in line for line in case["expect"]))
