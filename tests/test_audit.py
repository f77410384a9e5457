"""The "nothing lost" audit: passes on real builds, and names exactly what a damaged site lost."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from build_tools.audit import CHECKS, audit_site
from build_tools.cli import main
from build_tools.pipeline import check_corpus
from build_tools.urls import quote_anchor

ARTICLE = "corpus/articles/2020/2020-05-05-report.md"
ARTICLE_PAGE = "articles/2020/2020-05-05-report/index.html"
QUOTE = quote_anchor("2020-05-05-report", "jane-roe", "We will not stop.")


def test_the_seed_site_loses_nothing(seed_site: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "build_tools", "check", "--audit",
                             str(seed_site)], cwd=REPO, capture_output=True, text=True,
                            env=dict(os.environ, GITHUB_ACTIONS="false"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(CHECKS)} checks passed" in result.stderr


@pytest.fixture(scope="module")
def fixture_build(fixture_project: Path):
    """The built fixture project and its archive; each test damages a copy of the site."""
    archive = check_corpus(fixture_project / "corpus", fixture_project,
                           today=dt.date(2026, 1, 1)).archive
    return fixture_project, archive


def damaged(fixture_build, tmp_path: Path, page: str | None = None,
            edit=None, alter=None) -> list[str]:
    """Audit a copy of the fixture site after removing ``page`` or editing it with ``edit``
    (a function of its HTML), or after ``alter`` (a function of the site folder)."""
    root, archive = fixture_build
    site = tmp_path / "site"
    shutil.copytree(root / "site", site)
    if alter is not None:
        alter(site)
    if page and edit is None:
        (site / page).unlink()
    elif page:
        html = (site / page).read_text(encoding="utf-8")
        changed = edit(html)
        assert changed != html, "the damage did not apply"
        (site / page).write_text(changed, encoding="utf-8")
    return [d.format() for d in audit_site(archive, site)]


def test_an_intact_site_passes(fixture_build, tmp_path: Path) -> None:
    assert damaged(fixture_build, tmp_path) == []


def test_a_missing_entity_page_and_the_quotes_on_it(fixture_build, tmp_path: Path) -> None:
    assert damaged(fixture_build, tmp_path, "people/jane-roe/index.html") == [
        f"{ARTICLE}:12: error: not on the site: quote #{QUOTE} is missing from "
        "people/jane-roe/index.html [audit-quote]",
        "corpus/people/jane-roe.md: error: not on the site: person 'jane-roe' has no page "
        "(people/jane-roe/index.html) [audit-entity]",
    ]


def test_a_missing_article_page(fixture_build, tmp_path: Path) -> None:
    problems = damaged(fixture_build, tmp_path, ARTICLE_PAGE)
    assert problems[0] == (f"{ARTICLE}: error: not on the site: the article has no page "
                           f"({ARTICLE_PAGE}) [audit-article]")
    assert f"{ARTICLE}: error: not on the site: the mention 'Baghdad' is not linked to " \
           f"places/baghdad/ on {ARTICLE_PAGE} [audit-mention]" not in problems  # no cascade


def test_a_lost_alias(fixture_build, tmp_path: Path) -> None:
    def drop_pmu(html: str) -> str:
        return html.replace(' · <span dir="auto">PMU</span>', "")

    assert damaged(fixture_build, tmp_path, "organizations/hashd-al-shaabi/index.html",
                   drop_pmu) == [
        "corpus/organizations/hashd-al-shaabi.md:5: error: not on the site: alias 'PMU' is not "
        "listed on organizations/hashd-al-shaabi/index.html [audit-alias]"]


def test_a_lost_quote(fixture_build, tmp_path: Path) -> None:
    def drop_quote(html: str) -> str:
        return re.sub(r'<figure class="corpus-quote".*?</figure>', "", html, flags=re.S)

    assert damaged(fixture_build, tmp_path, ARTICLE_PAGE, drop_quote) == [
        f"{ARTICLE}:12: error: not on the site: quote #{QUOTE} is missing from {ARTICLE_PAGE} "
        "[audit-quote]"]


def test_lost_text_and_a_lost_mention_link(fixture_build, tmp_path: Path) -> None:
    def damage(html: str) -> str:
        html = html.replace(" said in ", " said ")
        return re.sub(r'<a href="[^"]*" class="corpus-mention" title="Baghdad">Baghdad</a>',
                      "Baghdad", html)

    assert damaged(fixture_build, tmp_path, ARTICLE_PAGE, damage) == [
        f"{ARTICLE}:14: error: not on the site: the mention 'Baghdad' is not linked to "
        f"places/baghdad/ on {ARTICLE_PAGE} [audit-mention]",
        f"{ARTICLE}:14: error: not on the site: the text is not whole on {ARTICLE_PAGE}: it "
        "differs from 'in Baghdad.…' "
        "[audit-article]",
    ]


def test_an_entity_missing_from_its_index_and_an_article_from_an_entity_page(
        fixture_build, tmp_path: Path) -> None:
    root, archive = fixture_build
    site = tmp_path / "site"
    shutil.copytree(root / "site", site)
    people = site / "people/index.html"
    people.write_text(re.sub(r"<tr>\s*<td><a href=\"jane-roe/\">.*?</tr>", "",
                             people.read_text(), flags=re.S))
    place = site / "places/baghdad/index.html"
    place.write_text(re.sub(r'<div class="corpus-articles">.*?</div>', "", place.read_text(),
                            flags=re.S))
    assert [d.format() for d in audit_site(archive, site)] == [
        f"{ARTICLE}: error: not on the site: places/baghdad/index.html does not list this "
        "article, which involves place 'baghdad' (mentioned, named) [audit-involved]",
        f"{ARTICLE}:14: error: not on the site: places/baghdad/index.html does not list this "
        "article, which mentions place 'baghdad' [audit-mention]",
        "corpus/people/jane-roe.md: error: not on the site: the people index "
        "(people/index.html) does not link to people/jane-roe/ [audit-listing]",
    ]


def test_check_audit_command_fails_on_a_damaged_site(fixture_project: Path, tmp_path: Path,
                                                     monkeypatch, capsys) -> None:
    root = tmp_path / "project"
    shutil.copytree(fixture_project, root)
    monkeypatch.chdir(root)
    assert main(["check", "--audit", "site", "--format", "text"]) == 0
    (root / "site/tags/attacks/index.html").unlink()
    assert main(["check", "--audit", "site", "--format", "text"]) == 1
    assert ("corpus/articles/2020/2020-05-05-report.md:5: error: not on the site: the page of "
            "tag 'attacks' (tags/attacks/index.html) does not link to "
            "articles/2020/2020-05-05-report/ [audit-listing]") in capsys.readouterr().err


def test_a_missing_entity_feed(fixture_build, tmp_path: Path) -> None:
    assert damaged(fixture_build, tmp_path, "people/jane-roe/feed.xml") == [
        "corpus: error: not on the site: a feed (people/jane-roe/feed.xml) is missing "
        "[audit-feed]"]


def test_an_alias_lost_from_the_download(fixture_build, tmp_path: Path) -> None:
    def drop_pmu(text: str) -> str:
        data = json.loads(text)
        for entity in data["entities"]:
            if entity["id"] == "hashd-al-shaabi":
                entity["aliases"].remove("PMU")
        return json.dumps(data)

    def drop_pmu_compressed(site: Path) -> None:
        download = site / "data" / "corpus.json.gz"
        download.write_bytes(gzip.compress(drop_pmu(gzip.decompress(
            download.read_bytes()).decode("utf-8")).encode("utf-8")))

    assert damaged(fixture_build, tmp_path, alter=drop_pmu_compressed) == [
        "corpus/organizations/hashd-al-shaabi.md:5: error: not on the site: alias 'PMU' is not "
        "in data/corpus.json.gz [audit-data]"]


def test_an_entity_lost_from_the_header_search(fixture_build, tmp_path: Path) -> None:
    def drop_jane(text: str) -> str:
        data = json.loads(text)
        data["docs"] = [d for d in data["docs"] if d["location"] != "people/jane-roe/"]
        return json.dumps(data)

    assert damaged(fixture_build, tmp_path, "search/search_index.json", drop_jane) == [
        "corpus/people/jane-roe.md: error: not on the site: person 'jane-roe' has no record in "
        "the header search index [audit-search]"]
