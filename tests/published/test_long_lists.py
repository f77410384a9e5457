"""Long lists take several pages: an entity's, a tag's and a year's articles, ``list_page_size``
rows a page, and nothing is lost (the audit follows the pages)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools import urls
from build_tools.audit import audit_site
from build_tools.pages import ListPart, build_pages, list_parts, with_continuations
from build_tools.pipeline import CheckResult

from .site_files import REPO, SITE_URL, page

EVENT = "events/2020-05-02-isil-attack-in-salahuddin/"


@pytest.fixture(scope="module")
def one_row_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's site built with one row a page, so that every list of two paginates."""
    root = tmp_path_factory.mktemp("one-row")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    for old, new in (("docs_dir: docs", f"docs_dir: {REPO / 'docs'}"),
                     ("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}"),
                     ("corpus_dir: corpus", f"corpus_dir: {REPO / 'corpus'}\n"
                                            "      list_page_size: 1"),
                     ("watch:\n  - corpus", f"watch:\n  - {REPO / 'corpus'}")):
        assert old in config, old
        config = config.replace(old, new)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "build_tools", "build", "-f", "mkdocs.yml", "-d", "site"],
        cwd=root, env=dict(os.environ, SITE_URL=SITE_URL, NO_MKDOCS_2_WARNING="1"),
        capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr[-3000:]
    return root / "site"


def test_list_parts_split_rows_and_name_their_pages() -> None:
    parts = list_parts("tags/x/", 250, 100)
    assert [(p.number, p.count, p.path(p.number)) for p in parts] == [
        (1, 3, "tags/x/"), (2, 3, "tags/x/page/2/"), (3, 3, "tags/x/page/3/")]
    assert parts[2].rows(list(range(250))) == list(range(200, 250))
    assert parts[0].page_of(99) == 1 and parts[0].page_of(100) == 2
    assert list_parts("tags/x/", 0, 100) == [ListPart("tags/x/", 1, 1, 100)]


def test_a_changed_list_rebuilds_with_its_continuation_pages(seed: CheckResult) -> None:
    """What a preview rebuild (``make serve``) extends the pages an edit changed with."""
    specs = list(build_pages(seed.archive, 1))
    assert with_continuations(specs, {"archive/2020/", ""}) == {
        "archive/2020/", "archive/2020/page/2/", ""}
    assert with_continuations(specs, {"articles/2020/x/"}) == {"articles/2020/x/"}


def test_the_default_keeps_short_lists_on_one_page(seed: CheckResult) -> None:
    specs = list(build_pages(seed.archive))
    assert not [s.path for s in specs if s.continues]
    with pytest.raises(ValueError):
        list(build_pages(seed.archive, 0))


@pytest.mark.parametrize("first", [EVENT, "archive/2020/", "organizations/hashd-al-shaabi/"])
def test_each_page_shows_its_rows_and_links_the_others(one_row_site: Path, first: str) -> None:
    second = urls.list_page_path(first, 2)
    one, two = page(one_row_site, first), page(one_row_site, second)
    assert not (one_row_site / urls.list_page_path(first, 3)).exists()
    rows = [len(p.select("article .corpus-articles tbody tr, article .corpus-coverage tbody tr"))
            for p in (one, two)]
    assert rows == [1, 1]
    pager = one.select_one("article nav.corpus-pager")
    assert pager is not None and pager.select_one("a[rel=next]")["href"] == "page/2/"
    assert two.select_one("article nav.corpus-pager a[rel=prev]")["href"] == "../../"
    assert two.select_one("article nav.corpus-pager [aria-current=page]").get_text() == "2"
    assert pager.get_text() == "Page 1 of 2: 1 2 next"
    # Page 2 has the lists only; the title says which page it is.
    assert "(page 2)" in two.title.get_text()
    assert not two.select("article section.corpus-activity, article section.corpus-relations")


def test_nothing_is_lost_and_the_header_search_finds_first_pages_only(
        one_row_site: Path, seed: CheckResult) -> None:
    assert [d.format() for d in audit_site(seed.archive, one_row_site)] == []
    index = json.loads((one_row_site / "search" / "search_index.json").read_text("utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert EVENT in locations
    assert not [loc for loc in locations if "/page/" in loc]


def test_the_audit_notices_a_lost_continuation_page(one_row_site: Path, seed: CheckResult,
                                                    tmp_path: Path) -> None:
    import shutil

    site = tmp_path / "site"
    shutil.copytree(one_row_site, site, ignore=shutil.ignore_patterns("pagefind"))
    (site / "archive" / "2020" / "page" / "2" / "index.html").unlink()
    lost = [d.format() for d in audit_site(seed.archive, site)
            if "the archive of 2020" in d.message]
    assert len(lost) == 1 and "does not link to articles/2020/" in lost[0]


def test_quotes_continue_too(one_row_site: Path, seed: CheckResult) -> None:
    for first, quotes in (("people/qais-al-khazali/", 2), ("organizations/al-maaloumeh/", 4)):
        shown = []
        for number in range(1, quotes + 1):
            figures = page(one_row_site, urls.list_page_path(first, number)).select(
                "article figure.corpus-quote")
            assert len(figures) == 1, (first, number)
            shown += [figure["id"] for figure in figures]
        assert len(set(shown)) == quotes
        assert not (one_row_site / urls.list_page_path(first, quotes + 1)).exists()


def test_a_long_lists_pager_links_the_ends_and_the_pages_around() -> None:
    assert ListPart("people/x/", 20, 39, 100).pager() == [1, None, 18, 19, 20, 21, 22, None, 39]
    assert ListPart("people/x/", 3, 5, 100).pager() == [1, 2, 3, 4, 5]
    for count in range(1, 60):
        for number in range(1, count + 1):
            shown = ListPart("people/x/", number, count, 100).pager()
            pages = [n for n in shown if n is not None]
            assert pages == sorted(set(pages)) and pages[0] == 1 and pages[-1] == count
            assert {number - 1, number, number + 1} & set(range(1, count + 1)) <= set(pages)
            for before, gap, after in zip(shown, shown[1:], shown[2:], strict=False):
                if gap is None:  # a gap stands for two pages or more, never for one
                    assert before is not None and after is not None and after - before > 2
            if count <= 9:
                assert pages == list(range(1, count + 1))
            else:
                assert len(shown) <= 9
