"""Shared fixtures: a minimal valid corpus to vary, and one strict build of the seed corpus."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, settings

# Property-based tests: few examples, so the suite stays fast. CI (CI=true) replays the
# same derandomized examples on every run; locally each run explores new ones.
# HYPOTHESIS_PROFILE=thorough explores many more (e.g. before a release).
_QUIET = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", max_examples=30, derandomize=True, database=None, **_QUIET)
settings.register_profile("dev", max_examples=30, **_QUIET)
settings.register_profile("thorough", max_examples=2000, **_QUIET)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE",
                                     "ci" if os.environ.get("CI") else "dev"))

REPO = Path(__file__).resolve().parents[1]
TODAY = "2026-01-01"

BASE_CORPUS: dict[str, str] = {
    "corpus/tags.yml": """\
        attacks:
          label: Attacks
          description: Armed attacks.
        """,
    "corpus/organizations/daily-news.md": """\
        ---
        name: Daily News
        aliases: [DN]
        kind: news-outlet
        ---
        """,
    "corpus/organizations/hashd-al-shaabi.md": """\
        ---
        name: Hashd al-Shaabi
        aliases:
          - "Hashd al-Sha'abi"
          - PMU
        kind: militia
        ---
        """,
    "corpus/people/jane-roe.md": """\
        ---
        name: Jane Roe
        aliases: [J. Roe]
        affiliations: [hashd-al-shaabi]
        ---
        A spokesperson.
        """,
    "corpus/places/baghdad.md": """\
        ---
        name: Baghdad
        kind: city
        ---
        """,
    "corpus/events/2020-05-02-attack.md": """\
        ---
        name: The attack
        date: "2020-05-02"
        places: [baghdad]
        ---
        """,
    "corpus/articles/2020/2020-05-05-report.md": """\
        ---
        title: A report
        outlet: daily-news
        published: "2020-05-05"
        tags: [attacks]
        events: [2020-05-02-attack]
        people: [jane-roe]
        organizations: [hashd-al-shaabi]
        places: [baghdad]
        quotes:
          - by: jane-roe
            text: We will not stop.
        ---
        “We will not stop,” Jane Roe said in Baghdad.
        """,
}


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose ``!ENV`` values are taken as their default."""


_ConfigLoader.add_constructor(
    "!ENV", lambda loader, node: loader.construct_sequence(node)[-1]  # type: ignore[arg-type]
    if isinstance(node, yaml.SequenceNode) else None)


def read_site_config(path: Path = REPO / "mkdocs.yml") -> dict:
    """``mkdocs.yml`` as data, each ``!ENV`` value taken as its default."""
    return yaml.load(path.read_text(encoding="utf-8"), _ConfigLoader)


PROJECT_FILES = ("mkdocs.yml", "docs", "overrides")
"""What a site project needs beside its corpus: the configuration, hand-written pages and the
theme override."""


def copy_project(root: Path, *extra: str) -> Path:
    """Copy the repository's site project (and ``extra`` paths, e.g. ``corpus``) into ``root``."""
    for name in PROJECT_FILES + extra:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy(source, root / name)
    return root


KEEP_DOCUMENTS_HOOK = '''\
"""Test hook: keep a copy of the full-text documents, which the build removes once indexed."""
import os
import shutil
from pathlib import Path


def on_post_build(config, **kwargs):
    shutil.copytree(os.environ["CORPUS_FULLTEXT_INPUT"],
                    Path(config.config_file_path).parent / "fulltext-documents",
                    dirs_exist_ok=True)
'''


def keep_fulltext_documents(project: Path) -> Path:
    """Make the builds of ``project`` keep a copy of the full-text documents they write;
    the folder of the copy (a later build copies over it)."""
    (project / "keep_documents.py").write_text(KEEP_DOCUMENTS_HOOK, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks:\n  - keep_documents.py\n",
                      encoding="utf-8")
    return project / "fulltext-documents"


def write_files(root: Path, files: dict[str, str | bytes | None]) -> None:
    """Write ``files`` (path -> text, dedented) under ``root``; ``None`` deletes a file."""
    for relative, content in files.items():
        path = root / relative
        if content is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")


@pytest.fixture
def make_corpus(tmp_path: Path):
    """Write the base corpus with some files replaced/added/removed; returns the repo root."""

    def make(changes: dict[str, str | bytes | None] | None = None) -> Path:
        files: dict[str, str | bytes | None] = dict(BASE_CORPUS)
        files.update(changes or {})
        write_files(tmp_path, {k: v for k, v in files.items() if v is not None})
        return tmp_path

    return make


def run_build(site_dir: Path, config: Path = REPO / "mkdocs.yml", cwd: Path = REPO,
              **environ: str) -> subprocess.CompletedProcess[str]:
    """``python -m build_tools build`` as ``make build`` runs it (``environ``: extra variables)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **environ)
    return subprocess.run(
        [sys.executable, "-m", "build_tools", "build", "-f", str(config), "-d", str(site_dir)],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's corpus built once, strictly, in a temporary directory."""
    site = tmp_path_factory.mktemp("seed") / "site"
    result = run_build(site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


@pytest.fixture(scope="session")
def fixture_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base fixture corpus in a site project (outside any git repository), built once.

    Read-only: tests that change it work on a copy (``shutil.copytree``).
    """
    root = tmp_path_factory.mktemp("fixture-project")
    write_files(root, dict(BASE_CORPUS))
    copy_project(root)
    result = run_build(root / "site", root / "mkdocs.yml", root)
    assert result.returncode == 0, result.stderr
    # The build's documents folder is still being deleted in the background: tests copy
    # this project, and a copy racing the deletion would miss files half-way.
    wait_until_deleted(root / "site")
    return root


def wait_until_deleted(site: Path) -> None:
    """Wait (with a generous bound) for the background deletion of the folders a build
    discarded beside ``site`` (see ``publish.discard``)."""
    from build_tools import publish

    deadline = time.monotonic() + 120
    while publish.discarded_dirs(site):
        assert time.monotonic() < deadline, f"still there: {publish.discarded_dirs(site)}"
        time.sleep(0.05)
