"""The `check` and `build` commands on a broken corpus: every problem, and nothing built."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO, copy_project, run_build, write_files

BROKEN = {
    # a misspelled reference
    "corpus/articles/2020/2020-05-06-second.md": """\
        ---
        title: Second report
        outlet: daily-news
        published: "2020-05-06"
        organizations: [hashd-al-shabi]
        quotes:
          - by: jane-roe
            text: We will fight on.
        ---
        “We shall fight on,” said Jane Roe.
        """,
    # a duplicate id (misfiled copy)
    "corpus/articles/2021/2020-05-05-report.md": """\
        ---
        title: A report
        outlet: daily-news
        published: "2020-05-05"
        ---
        Text.
        """,
}


def project(root: Path) -> Path:
    """A site project in ``root``: the repository's config and docs around a fixture corpus."""
    return copy_project(root)


def run_check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "build_tools", "check", "--corpus", "corpus"],
                          cwd=root, capture_output=True, text=True,
                          env=dict(os.environ, GITHUB_ACTIONS="false"))


def test_check_passes_on_the_repository() -> None:
    result = subprocess.run([sys.executable, "-m", "build_tools", "check"], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s), 0 warning(s)" in result.stdout


def test_check_reports_one_precise_line_per_problem(make_corpus) -> None:
    root = make_corpus()
    write_files(root, BROKEN)
    result = run_check(root)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == [
        "corpus/articles/2020/2020-05-06-second.md:5: error: unknown organization "
        "'hashd-al-shabi'; did you mean 'hashd-al-shaabi'? [unknown-reference]",
        "corpus/articles/2020/2020-05-06-second.md:8: error: quote text is not in the article "
        "body; closest passage in the body: 'We shall fight on' [quote-not-in-body]",
        "corpus/articles/2021/2020-05-05-report.md: error: duplicate article id "
        "'2020-05-05-report' (also corpus/articles/2020/2020-05-05-report.md); ids must be "
        "unique [duplicate-id]",
        "corpus/articles/2021/2020-05-05-report.md:4: error: article published in 2020 is filed "
        "under articles/2021/; move it to articles/2020/ [article-folder]",
    ]
    assert "4 error(s), 0 warning(s)" in result.stderr


def test_github_format_adds_annotations(make_corpus) -> None:
    root = make_corpus()
    write_files(root, BROKEN)
    result = subprocess.run([sys.executable, "-m", "build_tools", "check", "--format", "github"],
                            cwd=root, capture_output=True, text=True)
    assert ("::error file=corpus/articles/2020/2020-05-06-second.md,line=5,"
            "title=unknown-reference::unknown organization 'hashd-al-shabi'; did you mean "
            "'hashd-al-shaabi'?") in result.stdout.splitlines()


def test_failed_build_leaves_the_previous_site_untouched(make_corpus) -> None:
    root = project(make_corpus())
    site = root / "site"
    first = run_build(site, root / "mkdocs.yml", root)
    assert first.returncode == 0, first.stderr
    article = site / "articles/2020/2020-05-05-report/index.html"
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert article in before

    write_files(root, BROKEN)
    second = run_build(site, root / "mkdocs.yml", root)
    assert second.returncode != 0
    assert "unknown organization 'hashd-al-shabi'" in second.stderr
    assert "site was left as it was" in second.stderr
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert not (root / ".site.new").exists()


def test_the_core_renders_without_mkdocs(make_corpus, tmp_path: Path) -> None:
    root = make_corpus()
    code = """
import sys
sys.modules['mkdocs'] = None  # any import of MkDocs now fails
from build_tools.cli import main
sys.exit(main(['render', 'out', '--corpus', 'corpus']))
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    html = (root / "out/people/jane-roe/index.html").read_text()
    assert "Jane Roe" in html and "../../articles/2020/2020-05-05-report/" in html
