"""Search indexes on a real build: the header index (names and aliases only), the
full-text documents Pagefind reads and what it made of them. Browser tests are in
test_search_browser.py."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from search_site import ARABIC_ALIAS, ARABIC_ID, BuiltSite, build_fixture_site

from build_tools import fulltext, urls
from build_tools.cli import build_site
from build_tools.cores import lower_priority
from build_tools.facets import FacetIndex
from build_tools.fulltext_input import READY
from build_tools.model import Organization
from build_tools.quick_search import (
    ALIASES_FIELD,
    ENTITY_BOOST,
    QuickRecord,
    merge_index,
    quick_records,
    searchable_names,
)
from build_tools.sources import LineMap

FARS = "2020-05-05-us-supporting-isil-attacks-in-iraqi-provinces"
SOTT = "2020-05-07-iraqi-popular-mobilization-forces-us-saudi-arabia-trying-to-revive-daesh"
PAGEFIND_SIGNATURE = b"pagefind_dcd"
"""What Pagefind 1.x writes before each of its decompressed files."""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_fixture_site(tmp_path_factory)


def page(built: BuiltSite, path: str) -> BeautifulSoup:
    html = (built.site / urls.output_file(path)).read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def header_index(built: BuiltSite) -> dict:
    return json.loads((built.site / "search" / "search_index.json").read_text(encoding="utf-8"))


def article_path(built: BuiltSite, article_id: str) -> str:
    article = built.check.archive.corpus.articles[article_id]
    return urls.article_path(article.id, article.year)


# --- header index ----------------------------------------------------------------------


def test_header_index_has_one_short_record_per_generated_page(built: BuiltSite) -> None:
    index = header_index(built)
    docs = index["docs"]
    by_location: dict[str, list[dict]] = {}
    for doc in docs:
        by_location.setdefault(doc["location"].partition("#")[0], []).append(doc)
    archive = built.check.archive
    for article in archive.articles:
        records = by_location[urls.article_path(article.id, article.year)]
        assert len(records) == 1, "an article is one record, not one per section"
        assert records[0]["title"] == article.title.replace("&", "&amp;")
    for entity in archive.corpus.all_entities():
        assert len(by_location[urls.entity_path(entity.SECTION, entity.id)]) == 1
    # Full text stays out: a sentence of an article body appears nowhere in the index.
    raw = json.dumps(index, ensure_ascii=False)
    sentence = "The coordinated assault which took place in the cities of Mekeeshfa"
    assert sentence in archive.plain_text[FARS]
    assert sentence not in raw
    assert index["config"]["fields"][ALIASES_FIELD]["boost"] >= \
        index["config"]["fields"]["title"]["boost"]


def test_header_index_holds_every_alias_and_folded_spelling(built: BuiltSite) -> None:
    docs = {d["location"]: d for d in header_index(built)["docs"]}
    isil = docs["organizations/isil/"]
    assert {"ISIL", "ISIS", "Daesh", "Islamic State"} <= set(isil[ALIASES_FIELD])
    assert isil["boost"] == ENTITY_BOOST
    hashd = docs["organizations/hashd-al-shaabi/"]
    assert {"PMU", "Hashd al-Sha'abi", ARABIC_ALIAS} <= set(hashd[ALIASES_FIELD])
    assert "hash al shaabi" in hashd[ALIASES_FIELD]  # folded form of "Hash al-Sha'abi"
    assert "Daesh" in isil["text"], "the aliases are shown in the result line"
    article = docs[article_path(built, FARS)]
    assert article["text"] == "Fars News Agency · 5 May 2020"
    assert ALIASES_FIELD not in article


def test_hand_written_pages_keep_materials_records(built: BuiltSite) -> None:
    locations = {d["location"].partition("#")[0] for d in header_index(built)["docs"]}
    assert {"about/", "contributing/", ""} <= locations


def test_records_escape_contributor_text() -> None:
    record = QuickRecord("people/x/", "<img src=x onerror=alert(1)>", "a < b",
                         ("<b>bold</b>",)).as_json()
    assert record["title"] == "&lt;img src=x onerror=alert(1)&gt;"
    assert record["text"] == "a &lt; b"
    assert record[ALIASES_FIELD] == ["&lt;b&gt;bold&lt;/b&gt;"]


def test_merge_replaces_our_pages_and_keeps_the_others() -> None:
    material = {"config": {"fields": {"title": {"boost": 1000}}},
                "docs": [{"location": "about/", "title": "About", "text": "x"},
                         {"location": "people/a/", "title": "A", "text": "long text"},
                         {"location": "people/a/#quotes", "title": "Quotes", "text": "more"}]}
    merged = json.loads(merge_index(json.dumps(material),
                                    [QuickRecord("people/a/", "A", "Person.", ("Ay",), 3.0)]))
    assert merged["docs"] == [
        {"location": "about/", "title": "About", "text": "x"},
        {"location": "people/a/", "title": "A", "text": "Person.", ALIASES_FIELD: ["Ay"],
         "boost": 3.0}]
    assert ALIASES_FIELD in merged["config"]["fields"]


def test_searchable_names_add_spellings_without_apostrophes() -> None:
    entity = Organization(id="x", path="corpus/organizations/x.md", body="", body_line=1,
                          lines=LineMap({}), name="al-Ma'aloumeh",
                          aliases=("al-Maalomah", "Al Maalomah"))
    names = searchable_names(entity)
    assert names[:2] == ("al-Maalomah", "Al Maalomah")
    assert "al maaloumeh" in names
    assert "al maalomah" not in names, "a spelling Lunr already matches is not repeated"


def test_records_for_seed_pages(built: BuiltSite) -> None:
    archive = built.check.archive
    from build_tools.pages import build_pages
    records = {r.location: r for r in quick_records(archive, build_pages(archive))}
    assert records["events/2020-05-02-isil-attack-in-salahuddin/"].boost < \
        records["organizations/isil/"].boost, "an entity before the events named after it"


# --- full-text documents and index ----------------------------------------------------


def document(built: BuiltSite, article_id: str) -> BeautifulSoup:
    """The full-text document the build wrote for an article (a copy kept by a test hook)."""
    path = built.documents / urls.output_file(article_path(built, article_id))
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def fragments(built: BuiltSite) -> dict[str, dict]:
    """Pagefind's record of each indexed page, by URL: what a result shows (gzipped JSON
    after a signature)."""
    records = {}
    for path in (built.site / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(PAGEFIND_SIGNATURE), path
        record = json.loads(data[len(PAGEFIND_SIGNATURE):])
        records[record["url"]] = record
    return records


def test_article_document_marks_text_filters_sort_and_meta(built: BuiltSite) -> None:
    soup = document(built, FARS)
    bodies = soup.select("[data-pagefind-body]")
    assert [b.name for b in bodies] == ["h1", "div", "p"]
    assert soup.select_one("[data-pagefind-meta=title]").get_text(strip=True) == \
        "US Supporting ISIL Attacks in Iraqi Provinces"
    outlet = soup.select_one("[data-pagefind-filter=Outlet]")
    assert outlet.get_text(strip=True) == "Fars News Agency"
    assert outlet["data-pagefind-meta"] == "outlet"
    date = soup.select_one("[data-pagefind-meta=date]")
    assert date["data-pagefind-sort"] == "date:2020-05-05"
    assert date["data-pagefind-filter"] == "Year:2020"
    filters = {(e["data-pagefind-filter"], e.get_text(strip=True))
               for e in soup.select("span[data-pagefind-filter]")}
    assert ("Person", "Mustafa al-Kadhimi") in filters
    assert ("Organization", "Islamic State of Iraq and the Levant") in filters
    assert ("Entity kind", "armed group") in filters
    # The text is the article page's own body HTML.
    published = page(built, article_path(built, FARS)).select_one(".corpus-body")
    assert bodies[1].decode_contents().strip() == published.decode_contents().strip()


def test_article_document_carries_the_alias_set_weighted_low(built: BuiltSite) -> None:
    aliases = document(built, FARS).select("[data-pagefind-body]")[-1]
    assert float(aliases["data-pagefind-weight"]) < 1
    text = aliases.get_text()
    assert "Daesh" in text, "the Fars article writes only ISIL; its alias set adds Daesh"
    assert "Daesh" not in built.check.archive.plain_text[FARS]
    assert "Hashd al-Shaabi" in text and "Hashd al-Shabi" in text and "PMU" in text


def test_facets_follow_involvement(built: BuiltSite) -> None:
    archive = built.check.archive
    facets = FacetIndex(archive).of(archive.corpus.articles[ARABIC_ID])
    assert facets.organizations == ("Hashd al-Shaabi",)
    assert ARABIC_ALIAS in facets.names and "PMU" in facets.names
    assert facets.names.count("Hashd al-Sha’abi") == 0, "spellings that fold alike appear once"


def test_documents_are_in_the_language_of_the_pages(built: BuiltSite) -> None:
    """Pagefind splits its index and stems words by ``<html lang>``: the documents must say
    what the published pages say."""
    published = page(built, article_path(built, FARS)).html["lang"]
    for path in built.documents.rglob("*.html"):
        assert BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").html["lang"] \
            == published, path
    entry = json.loads((built.site / "pagefind" / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == [published]


def test_index_records_title_meta_filters_and_text_of_each_article(built: BuiltSite) -> None:
    records = fragments(built)
    archive = built.check.archive
    assert set(records) == {"/" + urls.article_path(a.id, a.year) for a in archive.articles}
    fars = records["/" + article_path(built, FARS)]
    assert fars["meta"] == {"title": "US Supporting ISIL Attacks in Iraqi Provinces",
                            "outlet": "Fars News Agency", "date": "5 May 2020"}
    assert fars["filters"]["Outlet"] == ["Fars News Agency"]
    assert fars["filters"]["Year"] == ["2020"]
    assert "Mustafa al-Kadhimi" in fars["filters"]["Person"]
    assert "armed group" in fars["filters"]["Entity kind"]
    assert "Mekeeshfa" in fars["content"] and "Daesh" in fars["content"]
    sott = records["/" + article_path(built, SOTT)]
    assert "Badr Organization" in sott["filters"]["Organization"]
    assert "Sott.net" not in sott["filters"]["Organization"], \
        "an outlet only publishing it has its own filter"


def test_published_pages_carry_nothing_for_pagefind(built: BuiltSite) -> None:
    for path in (article_path(built, FARS), article_path(built, ARABIC_ID),
                 "organizations/isil/", "people/", "archive/", urls.SEARCH, "about/"):
        html = (built.site / urls.output_file(path)).read_text(encoding="utf-8")
        assert "data-pagefind" not in html, path
        assert "Also written:" not in html, path
    entry = json.loads((built.site / "pagefind" / "pagefind-entry.json").read_text())
    pages = sum(language["page_count"] for language in entry["languages"].values())
    assert pages == len(built.check.archive.articles) == 3
    assert {p.relative_to(built.documents).as_posix() for p in built.documents.rglob("*.html")} \
        == {urls.output_file(article_path(built, a)) for a in (FARS, SOTT, ARABIC_ID)}


def test_arabic_article_is_right_to_left(built: BuiltSite) -> None:
    body = page(built, article_path(built, ARABIC_ID)).select_one(".corpus-body")
    assert body["dir"] == "rtl" and body["lang"] == "ar"


def test_search_page_loads_pagefind_from_the_site_by_relative_links(built: BuiltSite) -> None:
    soup = page(built, urls.SEARCH)
    assert [s["src"] for s in soup.select("article script[src]")] == ["../assets/search.js"]
    assert soup.select_one("#corpus-search")["data-bundle"] == "../pagefind/"
    for name in ("pagefind.js", "pagefind-entry.json"):
        assert (built.site / "pagefind" / name).is_file(), name
    script = (built.site / "assets" / "search.js").read_text(encoding="utf-8")
    assert 'import(bundle + "pagefind.js")' in script
    assert re.search(r"https?://", script) is None, "no address of another host"


def test_failed_indexing_fails_the_build_and_keeps_the_site(
        built: BuiltSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous site")
    broken = [sys.executable, "-c", "import sys; print('broken index'); sys.exit(3)"]
    monkeypatch.setattr(fulltext, "pagefind_command", lambda documents, bundle: broken)
    assert build_site(built.project / "mkdocs.yml", site) != 0
    assert (site / "index.html").read_text() == "previous site"
    assert not (tmp_path / ".site.new").exists()
    assert not (tmp_path / ".site.fulltext").exists(), "the documents are not left behind"
    assert "Pagefind failed (exit status 3)" in capsys.readouterr().err


def test_indexing_starts_once_the_last_document_is_written(tmp_path: Path) -> None:
    """The build polls the indexer while MkDocs runs: Pagefind starts when the documents'
    writer has left its ready mark, not before, and only once."""
    documents, site = tmp_path / "documents", tmp_path / "site"
    for number in (1, 2):
        page = documents / "articles" / f"a{number}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f'<html lang="en"><body><h1 data-pagefind-body>Story {number}</h1>'
                        "</body></html>", encoding="utf-8")
    site.mkdir()
    indexer = fulltext.Indexer(site, documents)
    indexer.start_when_ready()
    assert not indexer.started
    (documents / READY).touch()
    indexer.start_when_ready()
    assert indexer.started
    indexer.start_when_ready()  # already running: nothing more
    report = indexer.finish()
    assert report.pages == 2 and (site / "pagefind" / "pagefind.js").is_file()
    assert 0 <= report.waited_seconds <= report.seconds


def test_a_stopped_indexer_is_killed(tmp_path: Path) -> None:
    (tmp_path / READY).touch()
    indexer = fulltext.Indexer(tmp_path / "site", tmp_path)
    indexer.start()
    indexer.stop()
    assert indexer._process is not None and indexer._process.returncode is not None


LOSE_DOCUMENT_HOOK = '''\
"""Test hook: delete one full-text document before the plugin counts them."""
import os
import shutil
from pathlib import Path


def on_post_build(config, **kwargs):
    shutil.rmtree(next(Path(os.environ["CORPUS_FULLTEXT_INPUT"]).glob("articles/*/*")))
'''


def test_an_article_without_its_document_fails_the_build(
        built: BuiltSite, tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    (built.project / "lose_document.py").write_text(LOSE_DOCUMENT_HOOK, encoding="utf-8")
    config = built.project / "mkdocs-lose-document.yml"
    config.write_text((built.project / "mkdocs.yml").read_text(encoding="utf-8")
                      + "  - lose_document.py\n", encoding="utf-8")
    site = tmp_path / "site"
    assert build_site(config, site) != 0
    assert not site.exists() and not (tmp_path / ".site.fulltext").exists()
    assert "built without their full-text document" in capfd.readouterr().err


PRIORITY_HOOK = '''\
"""Test hook: wait until this process has stepped back for the indexer; record by how much."""
import os
import pathlib
import time


def on_post_build(config, **kwargs):
    inherited = int(os.environ["INHERITED_NICE"])
    deadline = time.monotonic() + 30
    while os.getpriority(os.PRIO_PROCESS, 0) == inherited and time.monotonic() < deadline:
        time.sleep(0.05)
    pathlib.Path(os.environ["PRIORITY_FILE"]).write_text(
        str(os.getpriority(os.PRIO_PROCESS, 0) - inherited))
'''


def test_mkdocs_steps_back_once_pagefind_runs(
        built: BuiltSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (built.project / "priority_hook.py").write_text(PRIORITY_HOOK, encoding="utf-8")
    config = built.project / "mkdocs-priority.yml"
    config.write_text((built.project / "mkdocs.yml").read_text(encoding="utf-8")
                      + "  - priority_hook.py\n", encoding="utf-8")
    monkeypatch.setenv("INHERITED_NICE", str(os.getpriority(os.PRIO_PROCESS, 0)))
    monkeypatch.setenv("PRIORITY_FILE", str(tmp_path / "priority"))
    assert build_site(config, tmp_path / "site") == 0
    assert fulltext.BUILDER_STEPS_BACK > 0
    assert (tmp_path / "priority").read_text() == str(fulltext.BUILDER_STEPS_BACK)


def test_lower_priority_reaches_the_processes_a_process_started() -> None:
    parent = subprocess.Popen([sys.executable, "-c", (
        "import subprocess, sys, time; "
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(30)']); "
        "print(child.pid, flush=True); time.sleep(30)")], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        before = os.getpriority(os.PRIO_PROCESS, child)
        assert lower_priority(parent.pid, 3) == 2
        assert os.getpriority(os.PRIO_PROCESS, parent.pid) == before + 3
        assert os.getpriority(os.PRIO_PROCESS, child) == before + 3
    finally:
        parent.kill()
        parent.wait()
        os.kill(child, 9)


def test_a_build_reuses_the_word_index_chunks_of_the_last_one(
        built: BuiltSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capfd: pytest.CaptureFixture[str]) -> None:
    """The fixture's build kept its chunks in the project's .cache/; building the same
    corpus again reuses every one of them, and the same bundle comes out."""
    capfd.readouterr()
    assert build_site(built.project / "mkdocs.yml", tmp_path / "again") == 0
    reused = re.search(r"reused (\d+) of (\d+) word-index chunks", capfd.readouterr().err)
    assert reused is not None and int(reused[2]) > 0 and reused[1] == reused[2]
    monkeypatch.setenv("CORPUS_CACHE", "off")
    assert build_site(built.project / "mkdocs.yml", tmp_path / "alone") == 0
    assert "reused 0 of" in capfd.readouterr().err

    def chunks(site: Path) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in (site / "pagefind" / "index").iterdir()}

    assert chunks(tmp_path / "again") == chunks(tmp_path / "alone") == chunks(built.site)
