"""The published pages behave in a real browser: one page of every kind loads with no
console error, no failed request and no request to any host but the site's own.

Drives Debian's Chromium (``apt-get install chromium``; CI installs it) with Playwright.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import REPO, read_site_config

from build_tools import urls
from build_tools.citations import Citations
from build_tools.pipeline import check_corpus
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
