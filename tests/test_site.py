"""End to end: the repository's corpus built strictly; the HTML is parsed and checked."""

from __future__ import annotations

import posixpath
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import REPO

from build_tools.pipeline import check_corpus

SEED_ARTICLES = {
    "2020-05-05-us-supporting-isil-attacks-in-iraqi-provinces": "fars-news-agency",
    "2020-05-07-iraqi-popular-mobilization-forces-us-saudi-arabia-trying-to-revive-daesh":
        "sott-net",
}

FARS = "articles/2020/2020-05-05-us-supporting-isil-attacks-in-iraqi-provinces/"
SOTT = ("articles/2020/2020-05-07-iraqi-popular-mobilization-forces-us-saudi-arabia-trying-"
        "to-revive-daesh/")


@cache
def _parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page(site: Path, path: str) -> BeautifulSoup:
    file = site / path / "index.html"
    assert file.is_file(), f"no page at /{path}"
    return _parse(file)


def content(site: Path, path: str) -> BeautifulSoup:
    """The main content area (what the theme wraps around it left out)."""
    article = page(site, path).select_one("article.md-content__inner")
    assert article is not None
    return article


def linked_paths(soup: BeautifulSoup, from_path: str) -> set[str]:
    """Site paths of every internal link in ``soup``."""
    found = set()
    for a in soup.find_all("a", href=True):
        href = a["href"]
        if urlsplit(href).scheme or href.startswith("#"):
            continue
        target = posixpath.normpath(posixpath.join(from_path, urlsplit(href).path))
        found.add("" if target == "." else target.strip("/") + "/")
    return found


def test_every_seed_article_has_a_page_linking_outlet_and_entities(seed_site: Path) -> None:
    archive = check_corpus(REPO / "corpus", REPO).archive
    for article_id, outlet in SEED_ARTICLES.items():
        path = f"articles/2020/{article_id}/"
        main = content(seed_site, path)
        links = linked_paths(main, path)
        assert f"organizations/{outlet}/" in links
        article = archive.corpus.articles[article_id]
        for section, ids in (("people", article.people), ("organizations", article.organizations),
                             ("places", article.places), ("events", article.events)):
            for entity_id in ids:
                assert f"{section}/{entity_id}/" in links, (article_id, entity_id)
        for tag in article.tags:
            assert f"tags/{tag}/" in links


def test_kadhimi_page_lists_both_articles_and_his_statement(seed_site: Path) -> None:
    main = content(seed_site, "people/mustafa-al-kadhimi/")
    links = linked_paths(main, "people/mustafa-al-kadhimi/")
    for article_id in SEED_ARTICLES:
        assert f"articles/2020/{article_id}/" in links
    quotes = [q.get_text(" ", strip=True) for q in main.select("figure.corpus-quote blockquote")]
    assert any(q.startswith("With great sadness, we received news of the") for q in quotes)
    assert any(q.startswith("It is with great sadness") for q in quotes)
    # each quote links to its anchor on the article page (its headline does), and that
    # anchor exists there
    figures = main.select("figure.corpus-quote")
    permalinks = main.select("figure.corpus-quote > figcaption > a[href*='#']")
    assert len(permalinks) == len(figures) > 0
    for permalink, figure in zip(permalinks, figures, strict=True):
        target, _, anchor = permalink["href"].partition("#")
        assert anchor == figure["id"]
        target_path = posixpath.normpath(posixpath.join("people/mustafa-al-kadhimi/", target))
        assert page(seed_site, target_path + "/").find(id=anchor) is not None


@pytest.mark.parametrize(("path", "spellings"), [
    ("organizations/hashd-al-shaabi/",
     ["Hashd al-Sha'abi", "Hashd al-Shabi", "Popular Mobilization Units",
      "Popular Mobilization Forces", "PMU"]),
    ("organizations/isil/", ["ISIL", "Daesh"]),
])
def test_one_page_for_every_spelling_listing_both_articles(seed_site: Path, path: str,
                                                           spellings: list[str]) -> None:
    main = content(seed_site, path)
    aliases = main.select_one(".corpus-aliases").get_text()
    for spelling in spellings:
        assert spelling in aliases
    links = linked_paths(main, path)
    for article_id in SEED_ARTICLES:
        assert f"articles/2020/{article_id}/" in links


def test_event_page_lists_both_articles(seed_site: Path) -> None:
    path = "events/2020-05-02-isil-attack-in-salahuddin/"
    rows = content(seed_site, path).select(".corpus-coverage tbody tr")
    assert len(rows) == 2
    dates = [row.find("time").get_text() for row in rows]  # ISO in a table: no attribute
    assert dates == ["2020-05-05", "2020-05-07"]  # earliest first: who spoke first


def test_republication_and_unknowns_are_shown(seed_site: Path) -> None:
    path = SOTT
    provenance = content(seed_site, path).select_one("dl.corpus-provenance")
    provenance = provenance.get_text(" ", strip=True)
    assert "Republished from an outlet the text does not name" in provenance
    assert "Author not named" in provenance
    fars = content(seed_site, FARS)
    assert "address not recorded" in fars.select_one("dl.corpus-provenance").get_text()


def test_outlet_page_lists_what_it_published(seed_site: Path) -> None:
    main = content(seed_site, "organizations/fars-news-agency/")
    assert main.find(id="published") is not None
    # Its own table has no Outlet column: it would name the outlet on every row.
    table = main.find(id="published").find_next("table")
    assert [th.get_text() for th in table.select("thead th")] == ["Date", "Article"]
    assert table.select("tbody tr") and all(len(tr.select("td")) == 2
                                            for tr in table.select("tbody tr"))
    assert "outlets/" in linked_paths(page(seed_site, "outlets/"), "outlets/") or True
    outlets = linked_paths(content(seed_site, "outlets/"), "outlets/")
    assert {"organizations/fars-news-agency/", "organizations/sott-net/"} <= outlets


def test_navigation_lists_sections_only(seed_site: Path) -> None:
    path = "articles/2020/2020-05-05-us-supporting-isil-attacks-in-iraqi-provinces/"
    nav = page(seed_site, path).select_one("nav.md-nav--primary")
    targets = linked_paths(nav, path)
    assert {"people/", "organizations/", "events/", "archive/", "outlets/"} <= targets
    assert not [t for t in targets if t.startswith("articles/") or t.count("/") > 1]


def test_every_page_links_each_section_of_the_navigation_to_itself(seed_site: Path) -> None:
    """The navigation of a page outside it is rendered once for every page that sees its
    items at the same addresses (overrides/main.html): on every page of the site, each
    item still links to its own section, whatever the page's depth and section."""
    def sections(soup: BeautifulSoup, from_path: str) -> dict[str, str]:
        items = soup.select("nav.md-nav--primary > ul > li > a.md-nav__link")
        return {a.get_text(strip=True): posixpath.normpath(posixpath.join(from_path, a["href"]))
                for a in items}

    expected = sections(page(seed_site, ""), "")
    assert len(expected) >= 8 and expected["People"] == "people"
    checked = 0
    for file in sorted(seed_site.rglob("index.html")):
        from_path = file.parent.relative_to(seed_site).as_posix()
        from_path = "" if from_path == "." else from_path + "/"
        assert sections(page(seed_site, from_path), from_path) == expected, from_path
        checked += 1
    assert checked > 60


def test_every_internal_link_resolves(seed_site: Path) -> None:
    pages = sorted(seed_site.rglob("*.html"))
    assert len(pages) > 60
    broken = []
    for file in pages:
        from_path = file.parent.relative_to(seed_site).as_posix()
        soup = _parse(file)
        for tag in soup.find_all(["a", "link", "script", "img"]):
            ref = tag.get("href") or tag.get("src")
            if not ref or urlsplit(ref).scheme or ref.startswith("//"):
                continue
            parts = urlsplit(ref)
            # 404.html links from the site root (site_url), every other page relatively
            base = "" if ref.startswith("/") else from_path
            relative = posixpath.normpath(posixpath.join(base, unquote(parts.path).lstrip("/")))
            target = seed_site / relative
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{file.relative_to(seed_site)}: {ref}")
            elif parts.fragment and target.suffix == ".html" and \
                    _parse(target).find(id=parts.fragment) is None:
                broken.append(f"{file.relative_to(seed_site)}: {ref} (no such anchor)")
    assert broken == []


def test_no_script_or_handler_comes_from_the_corpus(seed_site: Path) -> None:
    """Article pages carry exactly the theme's scripts and the one that writes the BibTeX
    of the article and of its quotes (docs/assets/corpus-cite.js), and no event-handler
    attributes."""
    reference = {s.get("src") for s in page(seed_site, "about/").find_all("script")}
    reference.add("../assets/corpus-cite.js")
    for article_id in SEED_ARTICLES:
        path = f"articles/2020/{article_id}/"
        soup = page(seed_site, path)
        scripts = {s.get("src") for s in soup.find_all("script")}
        assert {s.replace("../../../", "../") if s else s for s in scripts} == reference
        for tag in content(seed_site, path).find_all(True):
            assert not [a for a in tag.attrs if a.lower().startswith("on")]



def mention_targets(site: Path, path: str) -> dict[str, set[str]]:
    """Printed spelling -> site paths it links to, in an article's text."""
    body = content(site, path).select_one(".corpus-body")
    targets: dict[str, set[str]] = {}
    for a in body.select("a.corpus-mention"):
        target = posixpath.normpath(posixpath.join(path, a["href"])) + "/"
        targets.setdefault(a.get_text(), set()).add(target)
    return targets


@pytest.mark.parametrize(("entity", "spellings"), [
    ("organizations/hashd-al-shaabi/", {FARS: ["Hashd al-Shaabi", "Hashd al-Shabi", "PMU",
                                               "Popular Mobilization Units"],
                                        SOTT: ["Hashd al-Sha'abi", "Hash al-Sha'abi",
                                               "Popular Mobilization Forces"]}),
    ("organizations/al-maaloumeh/", {FARS: ["al-Ma’aloumeh"], SOTT: ["al-Maalomah"]}),
    ("organizations/isil/", {FARS: ["ISIL"], SOTT: ["Daesh", "ISIL"]}),
])
def test_every_spelling_links_to_the_one_entity_page(seed_site: Path, entity: str,
                                                     spellings: dict[str, list[str]]) -> None:
    for path, printed in spellings.items():
        targets = mention_targets(seed_site, path)
        for spelling in printed:
            assert targets.get(spelling) == {entity}, (path, spelling, targets.get(spelling))


def test_statement_carried_by_both_articles_links_to_the_other(seed_site: Path) -> None:
    for path, other in ((FARS, SOTT), (SOTT, FARS)):
        quotes = content(seed_site, path).select("figure.corpus-quote")
        kadhimi = [q for q in quotes if "great sadness" in q.get_text()]
        assert len(kadhimi) == 1
        copies = kadhimi[0].select(".corpus-copies a")
        assert len(copies) == 1
        href, _, anchor = copies[0]["href"].partition("#")
        assert posixpath.normpath(posixpath.join(path, href)) + "/" == other
        target = page(seed_site, other).find(id=anchor)
        assert target is not None and "great sadness" in target.get_text()


def test_entity_pages_include_articles_found_by_mention(seed_site: Path) -> None:
    """Tehran is named only in the text (the dateline), not in the metadata."""
    main = content(seed_site, "places/tehran/")
    assert FARS in linked_paths(main, "places/tehran/")
    assert "mentioned in the text" in main.get_text()
