"""Search in a real browser: headless Chromium (Debian's package) driven by Playwright,
against the fixture site served under a sub-path as on GitHub Pages (/archive/).

Skipped, with the command to run, where /usr/bin/chromium is missing."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from search_site import ARABIC_ALIAS, ARABIC_ID, BuiltSite, build_fixture_site

from build_tools import urls
from build_tools.searchbench import CHROMIUM, CHROMIUM_ARGS
from build_tools.site_server import SiteServer

if not CHROMIUM.exists():
    pytest.skip(f"browser tests need Chromium at {CHROMIUM}: apt-get install chromium "
                "(.ci/run installs it)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="pip install -r requirements-dev.txt")

FARS = "2020-05-05-us-supporting-isil-attacks-in-iraqi-provinces"
SOTT = "2020-05-07-iraqi-popular-mobilization-forces-us-saudi-arabia-trying-to-revive-daesh"
WAIT_MS = 15_000
"""Upper bound on waiting for a rendered result; a correct page answers far sooner."""


class Session:
    """The served site and a browser whose every request is recorded."""

    def __init__(self, built: BuiltSite, server: SiteServer, browser: sync_api.Browser) -> None:
        self.built = built
        self.server = server
        self.browser = browser
        self.hosts: set[str] = set()

    def page(self) -> sync_api.Page:
        context = self.browser.new_context(viewport={"width": 1280, "height": 900})
        context.on("request", lambda request: self.hosts.add(_host(request.url)))
        return context.new_page()

    def path_of(self, article_id: str) -> str:
        article = self.built.check.archive.corpus.articles[article_id]
        return self.server.base_path + urls.article_path(article.id, article.year)


def _host(url: str) -> str:
    """The host a request went to; ``data:`` and ``blob:`` URLs go nowhere."""
    parts = urlsplit(url)
    return "here" if parts.scheme in ("data", "blob") else parts.hostname or url


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    built = build_fixture_site(tmp_path_factory)
    with SiteServer(built.site, "/archive/") as server, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield Session(built, server, browser)
        finally:
            browser.close()


def header_results(session: Session, query: str, expected_first: str) -> list[str]:
    """Type ``query`` in the header search box; the result paths, best first.

    Waits (bounded) until the first result is ``expected_first`` or the wait
    runs out, then returns what is shown, for the assertion to report.
    """
    page = session.page()
    page.goto(session.server.url)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query)
    try:
        page.wait_for_function(
            """expected => {
                 const first = document.querySelector('.md-search-result__item > a');
                 return first && new URL(first.href).pathname === expected;
               }""", arg=expected_first, timeout=WAIT_MS)
    except sync_api.TimeoutError:
        pass
    links = page.eval_on_selector_all(".md-search-result__item > a",
                                      "links => links.map(a => new URL(a.href).pathname)")
    page.context.close()
    return links


def fulltext_results(session: Session, query: str, order: str = "",
                     outlet: str | None = None) -> list[str]:
    """Run ``query`` on /search/ (optionally ordered, optionally filtered by outlet);
    the result paths in the order shown."""
    page = session.page()
    address = f"{session.server.url}{urls.SEARCH}?query={quote(query)}"
    page.goto(address + (f"&order={order}" if order else ""))
    paths = _rendered_results(page)
    if outlet is not None:
        page.click("#corpus-search-filters-toggle")
        page.wait_for_selector(".corpus-search-group")
        _rendered_results(page)
        group = page.locator(".corpus-search-group", has=page.locator("legend",
                                                                        has_text="Outlet"))
        group.locator("label", has_text=outlet).click()
        paths = _rendered_results(page)
    page.context.close()
    return paths


def _rendered_results(page: sync_api.Page) -> list[str]:
    """Wait until the page has shown every result of its current search; their paths."""
    page.wait_for_selector("#corpus-search[data-state=done]", state="attached",
                           timeout=WAIT_MS)
    return page.eval_on_selector_all(".corpus-search-result a",
                                     "links => links.map(a => new URL(a.href).pathname)")


# --- header search: names and aliases --------------------------------------------------


@pytest.mark.parametrize(("query", "expected"), [
    ("Daesh", "organizations/isil/"),
    ("PMU", "organizations/hashd-al-shaabi/"),
    ("Hashd al-Sha'abi", "organizations/hashd-al-shaabi/"),
    ("al-Maalomah", "organizations/al-maaloumeh/"),
    ("Maaloumeh", "organizations/al-maaloumeh/"),
    (ARABIC_ALIAS, "organizations/hashd-al-shaabi/"),
])
def test_header_search_shows_the_entity_first_for_any_alias(
        session: Session, query: str, expected: str) -> None:
    expected_path = session.server.base_path + expected
    shown = header_results(session, query, expected_path)
    assert shown[:1] == [expected_path], f"{query!r} showed {shown}"


# --- full-text search ------------------------------------------------------------------


def _phrase(text: str) -> str:
    """Six consecutive words from the middle of an article's first long paragraph."""
    paragraph = next(p for p in text.split("\n\n") if len(p.split()) >= 12)
    words = re.sub(r"[^\w\s'-]", " ", paragraph).split()
    middle = len(words) // 2
    return " ".join(words[middle - 3:middle + 3])


def test_a_phrase_from_each_article_finds_it(session: Session) -> None:
    archive = session.built.check.archive
    for article in archive.articles:
        phrase = _phrase(archive.plain_text[article.id])
        found = fulltext_results(session, f'"{phrase}"')
        assert session.path_of(article.id) in found, f"{phrase!r} found {found}"


def test_outlet_filter_narrows_results(session: Session) -> None:
    everything = fulltext_results(session, "Iraq")
    assert {session.path_of(FARS), session.path_of(SOTT)} <= set(everything)
    sott_only = fulltext_results(session, "Iraq", outlet="Sott.net")
    assert sott_only == [session.path_of(SOTT)]


@pytest.mark.parametrize(("query", "article", "why"), [
    ("Sha'abi", FARS, "the Fars article spells it Shaabi"),
    ("Daesh", FARS, "the Fars article writes only ISIL"),
    ("Hashd al-Shabi", SOTT, "Sott.net writes Hashd al-Sha'abi, never Shabi"),
    ("PMU", ARABIC_ID, "the Arabic article writes the name in Arabic only"),
])
def test_an_alias_finds_articles_using_another_spelling(
        session: Session, query: str, article: str, why: str) -> None:
    assert session.path_of(article) in fulltext_results(session, query), why


def test_arabic_query_finds_the_arabic_article(session: Session) -> None:
    arabic = session.path_of(ARABIC_ID)
    assert fulltext_results(session, "مقاتليها") == [arabic]  # a word of its text only
    # Its name in Arabic is an alias of Hashd al-Shaabi: English articles on it come after.
    found = fulltext_results(session, "الحشد")
    assert found[0] == arabic and session.path_of(FARS) in found
    page = session.page()
    page.goto(session.server.url + arabic.removeprefix(session.server.base_path))
    assert page.locator(".corpus-body").get_attribute("dir") == "rtl"
    page.context.close()


def test_results_sort_by_date(session: Session) -> None:
    newest_first = [session.path_of(a) for a in (ARABIC_ID, SOTT, FARS)]
    assert fulltext_results(session, "Hashd", order="desc") == newest_first
    assert fulltext_results(session, "Hashd", order="asc") == newest_first[::-1]


def test_results_show_outlet_and_date_and_open_under_the_base_path(session: Session) -> None:
    page = session.page()
    page.goto(f"{session.server.url}{urls.SEARCH}?query=Mekeeshfa&order=asc")
    _rendered_results(page)
    first = page.locator(".corpus-search-result").first
    assert first.locator(".corpus-search-meta").inner_text() == "Fars News Agency · 5 May 2020"
    assert first.locator(".corpus-search-excerpt mark").count() >= 1
    with page.expect_navigation() as navigation:
        first.locator("a").click()
    response = navigation.value
    assert response is not None and response.status == 200
    assert urlsplit(page.url).path == session.path_of(FARS)
    page.context.close()


def test_filter_data_is_fetched_only_when_the_filters_open(session: Session) -> None:
    page = session.page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(f"{session.server.url}{urls.SEARCH}?query=Hashd")
    _rendered_results(page)
    page.wait_for_load_state("networkidle")
    assert not [url for url in fetched if url.endswith(".pf_filter")]
    page.click("#corpus-search-filters-toggle")
    page.wait_for_selector(".corpus-search-group")
    legends = page.locator(".corpus-search-group legend").all_inner_texts()
    assert [legend.split(" (")[0] for legend in legends] == \
        ["Outlet", "Year", "Person", "Organization", "Entity kind"]
    assert [url for url in fetched if url.endswith(".pf_filter")]
    page.context.close()


def test_search_page_says_when_the_index_is_missing(session: Session, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(session.built.site, site, ignore=shutil.ignore_patterns("pagefind"))
    with SiteServer(site, "/archive/") as server:
        page = session.page()
        page.goto(f"{server.url}{urls.SEARCH}")
        page.wait_for_selector("#corpus-search-unavailable", state="visible", timeout=WAIT_MS)
        assert page.locator("#corpus-search").is_hidden()
        page.context.close()


def test_no_request_leaves_this_machine(session: Session) -> None:
    page = session.page()
    for path in ("", urls.SEARCH + "?query=Hashd", "organizations/isil/",
                 urls.article_path(ARABIC_ID, 2021)):
        page.goto(session.server.url + path)
        page.wait_for_load_state("networkidle")
    page.context.close()
    assert session.hosts <= {"127.0.0.1", "here"}
    assert "127.0.0.1" in session.hosts
