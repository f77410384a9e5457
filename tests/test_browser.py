"""The published pages behave in a real browser: one page of every kind loads with no
console error, no failed request and no request to any host but the site's own.

Drives Debian's Chromium (``apt-get install chromium``; CI installs it) with Playwright.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import BASE_CORPUS, REPO, copy_project, read_site_config, run_build, write_files

from build_tools import urls
from build_tools.citations import Citations
from build_tools.pipeline import check_corpus
from build_tools.resolve import Archive
from build_tools.searchbench import CHROMIUM, CHROMIUM_ARGS
from build_tools.site_server import SiteServer

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=(
    f"headless Chromium not found at {CHROMIUM}: apt-get install chromium"))


@pytest.fixture(scope="module")
def served_site(seed_site: Path) -> Iterator[str]:
    """The seed site on a free local port, under a project path as on GitHub Pages."""
    with SiteServer(seed_site, "/archive/") as server:
        yield server.url


def one_page_of_every_kind() -> dict[str, str]:
    archive = check_corpus(REPO / "corpus", REPO).archive
    corpus = archive.corpus
    article = archive.articles[0]
    pages = {"home": urls.HOME, "article": urls.article_path(article.id, article.year)}
    for entity_type, by_id in corpus.entities.items():
        entity = next(iter(sorted(by_id.values(), key=lambda e: e.id)))
        pages[entity_type] = urls.entity_path(entity.SECTION, entity.id)
        pages[f"{entity.SECTION} index"] = urls.section_path(entity.SECTION)
    pages.update({"outlets index": urls.OUTLETS, "archive": urls.archive_path(),
                  "archive year": urls.archive_path(article.year), "tags index": urls.tag_path(),
                  "tag": urls.tag_path(sorted(corpus.tags)[0]), "about": "about/"})
    return pages


PAGES = one_page_of_every_kind()


@dataclass
class Visit:
    """What loading one page in the browser showed."""

    status: int | None = None
    headings: int = 0
    problems: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)
    config: dict = field(default_factory=dict)
    """Material's configuration as its bundle read it (``<script id="__config">``)."""


@pytest.fixture(scope="module")
def visits(served_site: str) -> dict[str, Visit]:
    """Every page of :data:`PAGES` loaded at once (their waits for the network to go idle
    overlap), each with what its console and its requests showed."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        opened = {}
        found: dict[str, Visit] = {}
        for kind, path in PAGES.items():
            visit = found[kind] = Visit()
            page = browser.new_page()
            page.on("console", lambda message, v=visit: message.type == "error" and
                    v.problems.append(f"console error: {message.text}"))
            page.on("pageerror", lambda exception, v=visit: v.problems.append(
                f"script error: {exception}"))
            page.on("requestfailed", lambda request, v=visit: v.problems.append(
                f"failed request: {request.url} ({request.failure})"))
            page.on("response", lambda response, v=visit: response.status >= 400 and
                    v.problems.append(f"HTTP {response.status}: {response.url}"))
            page.on("request", lambda request, v=visit: v.requested.append(request.url))
            response = page.goto(served_site + path, wait_until="commit")
            visit.status = response.status if response else None
            opened[kind] = page
        for kind, page in opened.items():
            page.wait_for_load_state("networkidle")
            found[kind].headings = page.locator("article.md-content__inner h1").count()
            found[kind].config = page.evaluate(
                "JSON.parse(document.getElementById('__config').textContent)")
        browser.close()
    return found


MATERIAL_BASE = (Path(importlib.util.find_spec("material").origin).parent / "templates"
                 / "base.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", PAGES)
def test_materials_configuration_is_put_in_with_the_site_root_and_its_words(
        visits: dict[str, Visit], served_site: str, kind: str) -> None:
    """assets/corpus-config.js writes, from one file, what Material writes into each page:
    the site root (absolute, at any depth, under the project path), its search worker, and
    every translation Material's base.html passes, in the site's language."""
    config = visits[kind].config
    assert config["base"] == served_site
    worker = re.search(r'"(assets/javascripts/workers/search\.[0-9a-f]+\.min\.js)"',
                       MATERIAL_BASE)
    assert worker and config["search"] == served_site + worker.group(1)
    keys = re.findall(r'"([a-z.]+)": lang\.t\("\1"\)', MATERIAL_BASE)
    assert sorted(config["translations"]) == sorted(keys) and len(keys) >= 10
    assert config["translations"]["search.result.none"] == "No matching documents"
    assert config["features"] == read_site_config()["theme"]["features"]


@pytest.mark.parametrize("kind", PAGES)
def test_page_loads_cleanly_from_the_local_server_only(visits: dict[str, Visit],
                                                       served_site: str, kind: str) -> None:
    visit = visits[kind]
    assert visit.status == 200 and visit.headings >= 1, PAGES[kind]
    origin = urlsplit(served_site).netloc
    elsewhere = [url for url in visit.requested
                 if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != origin]
    assert elsewhere == []
    assert visit.problems == []
    assert len(visit.requested) > 1  # the page and at least its stylesheet: requests were seen


def shown_article_citation(page, path: str) -> tuple[str, str, list[str]]:
    """The site URL (from the page's canonical link), and what ``details#cite`` shows once
    the page's scripts ran (deferred, they run before its load event): its plain-text
    reference and each BibTeX block's text (its markup, unless it is exactly a
    ``pre.corpus-cite__bibtex`` holding one ``code``, last in the block)."""
    canonical = page.eval_on_selector('link[rel="canonical"]', "link => link.href")
    text, bibtex = page.eval_on_selector("details#cite", """cite => [
        cite.querySelector(":scope > p.corpus-cite__text").textContent,
        [...cite.querySelectorAll("pre")].map(pre => pre.parentElement === cite &&
            pre === cite.lastElementChild && pre.matches(".corpus-cite__bibtex") &&
            pre.children.length === 1 && pre.firstElementChild.matches("code") ?
            pre.textContent : pre.outerHTML)]""")
    return canonical.removesuffix(path), text, bibtex


def assert_articles_cited_as_citations_py_cites_them(site: str, archive: Archive,
                                                     site_name: str) -> int:
    """Every article page of ``archive`` served at ``site`` shows, after its reference, one
    BibTeX block whose text is :meth:`Citations.article`'s; how many were compared."""
    from playwright.sync_api import sync_playwright

    checked = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exception: errors.append(str(exception)))
        for article in archive.articles:
            path = urls.article_path(article.id, article.year)
            page.goto(site + path)
            site_url, text, bibtex = shown_article_citation(page, path)
            expected = Citations(archive, site_url, site_name).article(article)
            assert (text, bibtex) == (expected.text, [expected.bibtex]), path
            checked += 1
        browser.close()
    assert errors == []
    return checked


def test_each_article_is_cited_in_bibtex_in_the_browser_as_citations_py_cites_it(
        served_site: str) -> None:
    """The article's BibTeX entry, which docs/assets/corpus-cite.js writes into
    ``details#cite`` from what the page shows, is word for word build_tools/citations.py's."""
    archive = check_corpus(REPO / "corpus", REPO).archive
    checked = assert_articles_cited_as_citations_py_cites_them(served_site, archive,
                                                               "Corpus archive")
    assert checked == len(archive.articles) > 0


def test_each_quote_is_cited_in_the_browser_as_citations_py_cites_it(served_site: str) -> None:
    """The "cite this quote" blocks docs/assets/corpus-cite.js writes are, word for word,
    those of build_tools/citations.py."""
    from playwright.sync_api import sync_playwright

    archive = check_corpus(REPO / "corpus", REPO).archive
    checked = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        for article in archive.articles:
            if not article.quotes:
                continue
            path = urls.article_path(article.id, article.year)
            page.goto(served_site + path)
            canonical = page.eval_on_selector('link[rel="canonical"]', "link => link.href")
            site_url = canonical.removesuffix(path)
            citations = Citations(archive, site_url, "Corpus archive")
            shown = page.eval_on_selector_all("figure.corpus-quote", """figures => figures.map(
                f => [f.id, f.querySelector("details.corpus-cite summary").textContent,
                      f.querySelector(".corpus-cite__text").textContent,
                      f.querySelector(".corpus-cite__bibtex code").textContent])""")
            expected = [(q.anchor, "Cite this quote", citations.quote(q).text,
                         citations.quote(q).bibtex) for q in article.quotes]
            assert [tuple(row) for row in shown] == expected, path
            checked += len(expected)
        browser.close()
    assert checked == sum(len(a.quotes) for a in archive.articles) > 0


HOSTILE_TEXT = "Braces {a} }{ \\input{x}: 100% & $5 #1 under_score ~tilde ^caret"
"""Every LaTeX special (``{}%&$#_~^\\``) and braces that do not pair."""

CITATION_EDGES = {
    "corpus/organizations/hostile-outlet.md": (
        "---\nname: " + json.dumps("The {Outlet} " + HOSTILE_TEXT) + "\nkind: news-outlet\n---\n"),
    "corpus/people/ann-hostile.md": "---\nname: " + json.dumps("Ann {al-Bayati} " + HOSTILE_TEXT)
                                    + "\n---\n",
    # A year only; no authors, source address nor language; an outlet full of specials.
    "corpus/articles/2019/2019-bare.md": (
        "---\ntitle: Bare\noutlet: hostile-outlet\npublished: \"2019\"\n---\nText.\n"),
    # A year and a month; authors the archive knows and one it does not; an address with
    # braces, a backslash and an ampersand; the language "und", which the text's lang
    # attribute shows for an article without a language; runs of whitespace, a character
    # Python's split() takes for a space and JavaScript's \s does not (U+0085), and one
    # JavaScript's \s takes and Python's does not (U+FEFF).
    "corpus/articles/2019/2019-07-hostile.md": (
        "---\ntitle: " + json.dumps(HOSTILE_TEXT + "  two\tspaces\u0085next zero\ufeffwidth")
        + "\noutlet: daily-news\npublished: \"2019-07\"\n"
        "authors: [ann-hostile, unknown, jane-roe]\n"
        'url: "https://example.org/a?b={c}&d=\\\\e%20f"\nlanguage: und\n---\nText.\n'),
}


@pytest.fixture(scope="module")
def edge_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Archive]]:
    """The fixture corpus with :data:`CITATION_EDGES`, built and served; and its archive."""
    root = tmp_path_factory.mktemp("citation-edges")
    write_files(root, {**BASE_CORPUS, **CITATION_EDGES})
    copy_project(root)
    result = run_build(root / "site", root / "mkdocs.yml", root)
    assert result.returncode == 0, result.stderr
    with SiteServer(root / "site", "/archive/") as server:
        yield server.url, check_corpus(root / "corpus", root).archive


def test_articles_with_missing_partial_and_hostile_values_are_cited_as_citations_py_does(
        edge_site: tuple[str, Archive]) -> None:
    site, archive = edge_site
    bibtex = {a.id: Citations(archive, "", "Corpus archive").article(a).bibtex
              for a in archive.articles}
    # The cases are what they claim to be.
    assert "author" not in bibtex["2019-bare"] and "url =" not in bibtex["2019-bare"]
    assert "language" not in bibtex["2019-bare"] and "month" not in bibtex["2019-bare"]
    assert "  month = jul,\n" in bibtex["2019-07-hostile"]
    assert "  language = {und},\n" in bibtex["2019-07-hostile"]
    assert "url = {https://example.org/a?b=%7Bc%7D&d=%5Ce%20f}" in bibtex["2019-07-hostile"]
    assert "author = {{Ann \\{al-Bayati\\} Braces \\{a\\} \\}\\{ \\textbackslash{}input" \
        in bibtex["2019-07-hostile"] and "} and {Jane Roe}},\n" in bibtex["2019-07-hostile"]
    assert "two spaces next zero\ufeffwidth}" in bibtex["2019-07-hostile"]
    checked = assert_articles_cited_as_citations_py_cites_them(site, archive, "Corpus archive")
    assert checked == len(archive.articles) == 3
