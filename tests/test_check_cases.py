"""Golden cases: each ``cases/*.yml`` varies the base fixture corpus and lists the exact
diagnostics ``make check`` must print, in order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from build_tools.cli import main
from build_tools.pipeline import check_corpus

CASES = sorted((Path(__file__).parent / "cases").glob("*.yml"))


@pytest.mark.parametrize("case_file", CASES, ids=lambda p: p.stem)
def test_case(case_file: Path, make_corpus) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    root = make_corpus(case["files"])
    result = check_corpus(root / "corpus", root, today=dt.date(2026, 1, 1))
    assert [d.format() for d in result.diagnostics] == case["expect"], case["description"]
    assert result.ok == (not any(": error: " in line for line in case["expect"]))


@pytest.mark.parametrize("case_file", CASES, ids=lambda p: p.stem)
def test_check_command_exit_status(case_file: Path, make_corpus, monkeypatch, capsys) -> None:
    """`python -m build_tools check` prints the same lines and fails exactly on errors."""
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    monkeypatch.chdir(make_corpus(case["files"]))
    code = main(["check", "--corpus", "corpus", "--format", "text"])
    printed = capsys.readouterr()
    lines = (printed.out + printed.err).splitlines()
    assert code == (1 if any(": error: " in line for line in case["expect"]) else 0)
    assert [line for line in lines if line in case["expect"]] == case["expect"]
