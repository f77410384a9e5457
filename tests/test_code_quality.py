"""The code stays lint- and type-clean, and MkDocs stays confined to the plugin wiring."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import REPO


def test_ruff_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "build_tools", "tests"],
                            cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", "build_tools"], cwd=REPO,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_only_the_plugin_imports_mkdocs() -> None:
    importing = sorted(path.name for path in (REPO / "build_tools").glob("*.py")
                       if re.search(r"^\s*(from|import) mkdocs\b", path.read_text(), re.M))
    assert importing == ["plugin.py"]
