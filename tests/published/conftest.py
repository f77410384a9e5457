"""Fixtures for tests of what the archive publishes: pages, feeds, pictures and downloads.

``built_site`` builds the repository's real corpus once per test session, the
way a maintainer does (``python -m build_tools build``), under a GitHub Pages
project path. ``seed`` is the same corpus checked by the core alone, to
compute what the built files must contain. ``make_archive`` writes a small
corpus for a focused case.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from build_tools.pipeline import CheckResult, check_corpus
from build_tools.resolve import Archive

from .site_files import REPO, SITE_URL


@pytest.fixture(scope="session")
def seed() -> CheckResult:
    """The repository's corpus, loaded and resolved without MkDocs."""
    result = check_corpus(REPO / "corpus", REPO)
    assert result.ok, [d.format() for d in result.diagnostics]
    return result


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from the repository's corpus, once per session."""
    site = tmp_path_factory.mktemp("build") / "site"
    env = dict(os.environ, SITE_URL=SITE_URL, NO_MKDOCS_2_WARNING="1")
    completed = subprocess.run(
        [sys.executable, "-m", "build_tools", "build", "-f", "mkdocs.yml", "-d", str(site)],
        cwd=REPO, env=env, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr[-3000:]
    return site


@pytest.fixture(scope="session")
def site_pages(built_site: Path) -> dict[str, BeautifulSoup]:
    """Every HTML file of the built site, parsed once: file path relative to the site -> document.

    Pages are also listed under their site path (``people/x/`` for
    ``people/x/index.html``, ``""`` for the home page).
    """
    pages: dict[str, BeautifulSoup] = {}
    for html_file in sorted(built_site.rglob("*.html")):
        relative = html_file.relative_to(built_site).as_posix()
        pages[relative] = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        if html_file.name == "index.html":
            pages[relative.removesuffix("index.html")] = pages[relative]
    return pages


@pytest.fixture
def make_archive(tmp_path: Path) -> Callable[[dict[str, str]], Archive]:
    """Write a corpus from ``{path under corpus/: text}`` and return its resolved archive.

    The corpus must check without errors.
    """
    def make(files: dict[str, str]) -> Archive:
        root = tmp_path / "repo"
        for relative, text in files.items():
            target = root / "corpus" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        result = check_corpus(root / "corpus", root)
        assert result.ok, [d.format() for d in result.diagnostics]
        return result.archive
    return make
