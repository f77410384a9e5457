"""Markup in metadata is shown as text, never interpreted — proven on a real MkDocs build.

MkDocs renders its theme without autoescaping, so the title and description handed to
the theme are where corpus text could turn into markup; every other value goes through
the autoescaped templates of :mod:`build_tools.render`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import copy_project, keep_fulltext_documents, run_build
from html_safety import unsafe_markup

MARK = "pwned"
TITLE = f'</title><script>alert("{MARK}-title")</script> {{{{ config.site_name }}}} {{% raw %}}'
SUMMARY = f'" onmouseover="alert(\'{MARK}-summary\')" x="'
NAME = f"<img src=x onerror=alert('{MARK}-name')>Jane Roe"
ALIAS = f"[J. Roe](javascript:alert('{MARK}-alias'))"
NOTES = "{{ 7*7 }} {% for x in range(3) %}x{% endfor %}"
LABEL = f"<b onclick=alert('{MARK}-tag')>Attacks</b>"
QUOTE = f"<i>We</i> will not stop, {MARK}."

HOSTILE = {
    "corpus/tags.yml": f"attacks:\n  label: \"{LABEL}\"\n",
    "corpus/people/jane-roe.md": f"---\nname: \"{NAME}\"\naliases:\n  - \"{ALIAS}\"\n"
                                 "  - J. Roe\n---\nA spokesperson.\n",
    "corpus/articles/2020/2020-05-05-report.md": (
        "---\n"
        f"title: {json.dumps(TITLE)}\n"
        "outlet: daily-news\n"
        'published: "2020-05-05"\n'
        f"summary: {json.dumps(SUMMARY)}\n"
        f"notes: {json.dumps(NOTES)}\n"
        "tags: [attacks]\n"
        "people: [jane-roe]\n"
        "quotes:\n"
        "  - by: jane-roe\n"
        f"    text: {json.dumps(QUOTE)}\n"
        "---\n"
        f"J. Roe said: \\<i>We\\</i> will not stop, {MARK}. "
        f"A [source](https://example.org/ \"x&quot; onmouseover=&quot;alert('{MARK}-link')\") "
        f"and &lt;script&gt;alert('{MARK}-entity')&lt;/script&gt;.\n"),
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import BASE_CORPUS, write_files

    root = tmp_path_factory.mktemp("hostile")
    write_files(root, {**BASE_CORPUS, **HOSTILE})
    copy_project(root)
    keep_fulltext_documents(root)
    result = run_build(root / "site", root / "mkdocs.yml", root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_no_page_carries_script_handlers_or_script_urls(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 15
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert unsafe_markup(html, fragment=False, marker=MARK) == [], page
        assert "<script>alert" not in html and "<img src=x" not in html, page


def test_markup_in_metadata_is_shown_as_written(hostile_site: Path) -> None:
    article = soup(hostile_site, "articles/2020/2020-05-05-report")
    assert article.title.get_text() == f"{TITLE} - Corpus archive"
    assert article.find("meta", attrs={"name": "description"})["content"] == SUMMARY
    main = article.select_one("article.md-content__inner")
    assert main.h1.get_text() == TITLE
    assert main.select_one(".corpus-note").get_text() == NOTES  # not evaluated as a template
    assert main.select_one("figure.corpus-quote blockquote").get_text(strip=True) == QUOTE
    assert LABEL in main.select_one("dl.corpus-provenance").get_text()
    body = main.select_one(".corpus-body").get_text()
    assert f"<i>We</i> will not stop, {MARK}." in body
    assert f"<script>alert('{MARK}-entity')</script>" in body

    person = soup(hostile_site, "people/jane-roe").select_one("article.md-content__inner")
    assert person.h1.get_text() == NAME
    assert ALIAS in person.select_one(".corpus-aliases").get_text()


def test_search_index_holds_escaped_text_only(hostile_site: Path) -> None:
    """Material's search shows titles and text as HTML: corpus markup must arrive escaped."""
    index = json.loads((hostile_site / "search/search_index.json").read_text(encoding="utf-8"))
    for entry in index["docs"]:
        for field in ("title", "text"):
            assert "<script" not in entry[field] and "<img" not in entry[field], entry
    titles = {entry["location"]: entry["title"] for entry in index["docs"]}
    escaped = BeautifulSoup(titles["articles/2020/2020-05-05-report/"], "html.parser").get_text()
    assert escaped == TITLE


def test_fulltext_document_holds_metadata_as_text(hostile_site: Path) -> None:
    """Pagefind shows what it read of the documents in the search page's results: corpus
    markup in them must be text, never elements."""
    path = hostile_site.parent / "fulltext-documents/articles/2020/2020-05-05-report/index.html"
    html = path.read_text(encoding="utf-8")
    assert unsafe_markup(html, fragment=False, marker=MARK) == []
    assert "<script>alert" not in html and "<img src=x" not in html
    document = BeautifulSoup(html, "html.parser")
    assert document.h1.get_text() == TITLE
    assert document.title.get_text() == TITLE
    assert [e.get_text() for e in document.select('[data-pagefind-filter="Person"]')] == [NAME]
    aliases = document.select("[data-pagefind-body]")[-1].get_text()
    assert NAME in aliases and ALIAS in aliases
    assert f"<script>alert('{MARK}-entity')</script>" in document.select(
        "[data-pagefind-body]")[1].get_text()


COUNT_FRAMES_HOOK = '''\
"""Test hook: write how many pages the corpus plugin filled in from theme frames."""
from pathlib import Path


def on_post_build(config, **kwargs):
    frames = config.plugins["corpus"].frames
    (Path(config.config_file_path).parent / "frames.txt").write_text(
        f"{frames.filled} {len(frames.unframed)} {frames.compacted}")
'''


def test_framed_pages_are_the_pages_rendered_whole(tmp_path: Path) -> None:
    """Article and entity pages are the theme's page rendered once per kind of page and
    filled in (build_tools/frames.py); with ``frames: false`` every page is rendered whole
    by the theme. Hostile titles, descriptions and names included: the same bytes."""
    from conftest import BASE_CORPUS, write_files

    article = HOSTILE["corpus/articles/2020/2020-05-05-report.md"]
    more = {f"corpus/articles/2020/2020-05-0{day}-report.md":
            article.replace(json.dumps(TITLE), json.dumps(f"{TITLE} {day}"))
                   .replace('"2020-05-05"', f'"2020-05-0{day}"')
            for day in (6, 7, 8)}  # pages of one frame, filled in
    sites = {}
    for frames in ("true", "false"):
        root = tmp_path / frames
        write_files(root, {**BASE_CORPUS, **HOSTILE, **more})
        copy_project(root)
        config = root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        assert "      corpus_dir: corpus\n" in text
        (root / "count_frames.py").write_text(COUNT_FRAMES_HOOK, encoding="utf-8")
        config.write_text(text.replace("      corpus_dir: corpus\n",
                                       f"      corpus_dir: corpus\n      frames: {frames}\n")
                          + "\nhooks:\n  - count_frames.py\n", encoding="utf-8")
        result = run_build(root / "site", config, root)
        assert result.returncode == 0, result.stderr
        sites[frames] = {page.relative_to(root / "site"): page.read_bytes()
                         for page in (root / "site").rglob("*.html")}
        filled, unframed, compacted = map(int, (root / "frames.txt").read_text().split())
        if frames == "true":
            # filled in, and minified with the pieces compacted once (but for a page whose
            # values open an element they do not close, if any)
            assert filled >= 3 and unframed == 0 and compacted >= 3
        else:
            assert filled == 0
    assert sites["true"].keys() == sites["false"].keys()
    for path, page in sites["true"].items():
        assert page == sites["false"][path], path
