"""Citations ("cite this") and what each page tells other tools in its head."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from build_tools import urls
from build_tools.citations import Citations, bibtex_escape
from build_tools.pipeline import CheckResult

from .site_files import REPO, SITE_URL, article, entity, outlet, page


def balanced(text: str) -> bool:
    """Braces balance, ignoring escaped ones (``\\{``)."""
    depth = 0
    for index, char in enumerate(text):
        if index and text[index - 1] == "\\":
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def test_bibtex_values_cannot_break_out_of_their_field(make_archive) -> None:
    hostile = "Close } brace, 100% & $x$ #1 \\input{secret} under_score"
    escaped = bibtex_escape(hostile)
    assert balanced(escaped)
    assert "\\input" not in escaped and "\\}" in escaped and "\\%" in escaped
    archive = make_archive({
        "organizations/daily.md": outlet("Daily } News"),
        "people/ann.md": entity("Ann {Smith}"),
        "articles/2021/2021-03-04-report.md":
            article(hostile, "daily", "2021-03-04", authors=["ann"]).replace(
                "---\nText.", 'url: "https://example.com/a?b={c}"\n---\nText.'),
    })
    citation = Citations(archive, SITE_URL, "Test").article(archive.articles[0])
    assert citation.key == "2021-03-04-report"
    assert citation.bibtex.startswith("@article{2021-03-04-report,\n")
    assert balanced(citation.bibtex)
    assert citation.bibtex.count("\n  ") == len(citation.bibtex.splitlines()) - 2
    assert "url = {https://example.com/a?b=%7Bc%7D}" in citation.bibtex
    assert "author = {{Ann \\{Smith\\}}}" in citation.bibtex
    assert citation.text.startswith("Ann {Smith}. “" + hostile + ".” Daily } News, 4 March 2021.")


def test_every_article_and_quote_has_a_cite_block(site_pages, seed: CheckResult) -> None:
    """Each article page carries its plain-text reference, and what the script that adds its
    BibTeX entry and its quotes' blocks reads; the page loads that script."""
    citations = Citations(seed.archive, SITE_URL, "Corpus archive")
    corpus = seed.archive.corpus
    quotes = 0
    for record in seed.archive.articles:
        path = urls.article_path(record.id, record.year)
        html = site_pages[path]
        block = html.select_one("details#cite")
        expected = citations.article(record)
        assert block.select_one("summary").get_text() == "Cite this article"
        assert block.select_one("p.corpus-cite__text").get_text() == expected.text
        assert SITE_URL + path in expected.text  # the archive's copy, at the project path
        assert expected.text.rsplit(" ", 1)[-1] == SITE_URL + path  # the script reads it so
        # The BibTeX entries, the article's and each quote's, are made in the browser from
        # the page (tests/test_browser.py compares them with Citations.article and
        # Citations.quote); the page loads the script that makes them, and holds what it reads.
        assert block.select_one("pre") is None and "@article{" not in str(html)
        script = html.select_one('script[src$="assets/corpus-cite.js"]')
        assert script is not None and script.has_attr("defer"), path
        provenance = html.select_one("dl.corpus-provenance")
        assert provenance.select_one("dd").get_text() == corpus.entity(
            "organization", record.outlet).name
        assert provenance.select_one("time")["datetime"] == record.published.iso
        assert html.select_one("article h1").get_text() == record.title
        assert html.select_one('meta[property="og:site_name"]')["content"] == "Corpus archive"
        names = [corpus.entity("person", a) for a in record.authors or ()]
        assert [a.get_text() for a in provenance.select('dd[data-cite="author"] a')] == \
            [person.name for person in names if person is not None]
        source = provenance.select('dd[data-cite="url"] a')
        assert [a["href"] for a in source] == ([record.url] if record.url else [])
        language = provenance.select('dd[data-cite="language"]')
        assert [dd.get_text() for dd in language] == ([record.language] if record.language else [])
        for figure in html.select("figure.corpus-quote"):
            quotes += 1
            assert figure.select_one("details.corpus-cite") is None
            assert figure.select_one("blockquote") and figure.select_one("figcaption a")
    assert quotes == sum(len(a.quotes) for a in seed.archive.articles) > 0


def test_every_page_has_description_canonical_url_and_open_graph(site_pages) -> None:
    checked = 0
    for path, html in site_pages.items():
        if path.endswith(".html"):
            continue  # the same page under its site path; 404.html has no address
        canonical = html.select_one('head link[rel="canonical"]')["href"]
        assert canonical == SITE_URL + path
        og = {meta["property"]: meta["content"] for meta in html.select("head meta[property]")}
        assert og["og:url"] == canonical
        assert og["og:title"] and og["og:site_name"] == "Corpus archive"
        description = html.select_one('head meta[name="description"]')["content"]
        assert description and og["og:description"] == description
        if path.startswith("articles/"):
            assert og["og:type"] == "article"
            assert og["article:published_time"] == path.split("/")[2][:10]
        checked += 1
    assert checked > 60


def test_contributor_text_stays_text_in_the_page_head(tmp_path: Path) -> None:
    """Material writes page titles and descriptions into the head without escaping them."""
    title = 'Talks </title><script>alert("title")</script>'
    summary = '"><script>alert("summary")</script>'
    corpus = tmp_path / "corpus"
    files = {
        "organizations/daily.md": outlet("Daily"),
        "people/ann.md": entity('<img src=x onerror=alert("name")>'),
        "articles/2021/2021-03-04-talks.md": article(title, "daily", "2021-03-04",
                                                     people=["ann"]).replace(
            "---\nText.", f'summary: "{summary.replace(chr(34), chr(92) + chr(34))}"\n---\nText.'),
    }
    for relative, text in files.items():
        (corpus / relative).parent.mkdir(parents=True, exist_ok=True)
        (corpus / relative).write_text(text, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Test\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: Test\nsite_url: {SITE_URL}\nuse_directory_urls: true\n"
        f"theme:\n  name: material\n  custom_dir: {REPO / 'overrides'}\n  font: false\n"
        "plugins:\n  - corpus:\n      corpus_dir: corpus\n", encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "build_tools", "build", "-f", "mkdocs.yml", "-d", "site"],
        cwd=tmp_path, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr[-3000:]
    site = tmp_path / "site"
    for html_file in site.rglob("*.html"):
        text = html_file.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text, html_file
    html = page(site, "articles/2021/2021-03-04-talks/")
    assert html.title.get_text() == f"{title} - Test"
    assert html.select_one('meta[property="og:title"]')["content"] == title
    assert html.select_one('meta[name="description"]')["content"] == summary
    person = page(site, "people/ann/")
    assert person.select_one('link[type="application/atom+xml"]')["title"] == \
        '<img src=x onerror=alert("name")>: newest articles'
