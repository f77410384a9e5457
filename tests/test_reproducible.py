"""Reproducible builds: the same sources give the same site, byte for byte, wherever and
whenever they are built."""

from __future__ import annotations

import calendar
import gzip
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from conftest import copy_project, run_build

COMMIT_DATE = "2020-06-01T12:00:00+00:00"

PAGEFIND_FILTERS = re.compile(
    r"^pagefind/(filter/[^/]+\.pf_filter|pagefind\.[^/]+\.pf_meta|pagefind-entry\.json)$")
"""The one known exception: Pagefind writes its filter indexes in hash-map order, which
changes from run to run (upstream issue Pagefind/pagefind#638: fragments are stable since
1.3, filter indexes not yet), and its metadata and entry files name them by content hash.
Every other file, Pagefind's word index and fragments included, must be identical."""


def commit_copy(root: Path) -> Path:
    """The repository's site sources (config, docs, corpus) committed in a new git repository,
    by the same author at the same date: the same commit wherever it is made."""
    root.mkdir()
    copy_project(root, "corpus")
    env = dict(os.environ, GIT_AUTHOR_DATE=COMMIT_DATE, GIT_COMMITTER_DATE=COMMIT_DATE)
    git = ["git", "-c", "user.name=Archive", "-c", "user.email=archive@example.org",
           "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "Sources"]):
        subprocess.run(git + args, cwd=root, env=env, check=True, capture_output=True)
    return root


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file()}


def sitemap_dates(site: Path) -> set[str]:
    return set(re.findall(r"<lastmod>([^<]*)</lastmod>", (site / "sitemap.xml").read_text()))


def gzip_mtime(path: Path) -> int:
    header = path.read_bytes()[:10]
    assert header[:2] == b"\x1f\x8b"
    return int.from_bytes(header[4:8], "little")


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_two_builds_of_one_commit_are_byte_identical(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    sites = []
    for name, hash_seed in (("first", "1"), ("second", "2")):
        root = commit_copy(tmp_path / name)
        # different hash seeds: any output that depends on set or dict order shows up
        result = run_build(root / "site", root / "mkdocs.yml", root, PYTHONHASHSEED=hash_seed)
        assert result.returncode == 0, result.stderr
        sites.append(root / "site")
        time.sleep(1.1)  # a later second: any clock time written would differ
    first, second = (tree(site) for site in sites)
    stable = sorted(path for path in first if not PAGEFIND_FILTERS.match(path))
    assert stable == sorted(path for path in second if not PAGEFIND_FILTERS.match(path))
    assert [path for path in stable if first[path] != second[path]] == []
    assert len(first) == len(second)
    assert {"sitemap.xml", "sitemap.xml.gz", "search/search_index.json"} <= set(first)

    # the date written is the commit's, not the clock's
    assert sitemap_dates(sites[0]) == {"2020-06-01"}
    assert gzip_mtime(sites[0] / "sitemap.xml.gz") == calendar.timegm((2020, 6, 1, 0, 0, 0))
    assert gzip.decompress(first["sitemap.xml.gz"]) == first["sitemap.xml"]


@pytest.mark.skipif("SOURCE_DATE_EPOCH" in os.environ, reason="SOURCE_DATE_EPOCH is set")
def test_outside_git_the_newest_corpus_date_is_the_build_date(fixture_project: Path) -> None:
    site = fixture_project / "site"
    assert sitemap_dates(site) == {"2020-05-05"}  # the base corpus' latest article
    assert gzip_mtime(site / "sitemap.xml.gz") == calendar.timegm((2020, 5, 5, 0, 0, 0))


def test_a_given_source_date_epoch_wins(make_corpus, tmp_path: Path) -> None:
    from build_tools.build_date import build_environment

    assert build_environment(tmp_path, {"SOURCE_DATE_EPOCH": "86400"})["SOURCE_DATE_EPOCH"] \
        == "86400"
    assert "SOURCE_DATE_EPOCH" not in build_environment(tmp_path, {})  # no git: the plugin decides
