"""Property-based tests: whatever a pull request contains, the corpus is either refused with
diagnostics or rendered into HTML in which nothing from the corpus can run.

Pages are rendered by the core (``plan_site`` + ``Renderer``), without MkDocs, so each
example takes milliseconds; ``test_hostile_site.py`` covers what the theme adds.
Profiles (example counts, derandomized CI runs) are set in ``conftest.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup
from conftest import BASE_CORPUS, write_files
from html_safety import unsafe_markup, url_scheme_is_dangerous
from hypothesis import event, given, note
from hypothesis import strategies as st

from build_tools import bodies
from build_tools.pipeline import check_corpus, plan_site

TODAY = dt.date(2026, 1, 1)

HOSTILE = [
    "<script>alert(1)</script>", '" onmouseover="alert(1)', "' onfocus='alert(1)",
    "javascript:alert(1)", "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>",
    "{{ config }}", "{{ 7*7 }}", "{% include 'base.html' %}", "{% raw %}", "{#",
    "<img src=x onerror=alert(1)>", "<svg/onload=alert(1)>", "<a href=javascript:alert(1)>x</a>",
    "&lt;script&gt;", "&#106;avascript:", "&amp;", "&", "<!--", "-->", "<![CDATA[", "]]>",
    "\u202e", "\u2066", "\u200f", "\u200b", "\ufeff", "ٱلْحَشْد ٱلشَّعْبِي", "שלום",
    "[x](javascript:alert(1))", "![x](https://tracker.example/p.gif)", "<javascript:alert(1)>",
    "\\", "`", "*", "_", "[", "]", "(", ")", "<", ">", '"', "'", "|", "#", "---", "\n",
]
URLS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", " javascript:alert(1)",
    "&#106;avascript:alert(1)", "&#x6A;avascript&colon;alert(1)", "%6Aavascript:alert(1)",
    "<java script:alert(1)>", "java\u200bscript:alert(1)", "vbscript:msgbox(1)",
    "VBScript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD4=", "DATA:image/svg+xml,<svg/>",
    "https://example.org/", "http://example.org/a?b=c&d=e", "mailto:x@example.org",
    "#anchor", "//evil.example/", "/relative", "https://example.org/\" onmouseover=\"alert(1)",
]

# Printable text from every script, plus the characters markup is made of.
plain = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) |
                st.sampled_from("<>&\"'`*_[](){}#|!\\ \t"), max_size=20)
words = st.one_of(st.sampled_from(HOSTILE), plain)
url = st.sampled_from(URLS)
inline = st.one_of(
    words,
    st.builds("[{}]({})".format, words, url),
    st.builds('[{}]({} "{}")'.format, words, url, words),
    st.builds("<{}>".format, url),
    st.builds("![{}]({})".format, words, url),
    st.builds("*{}*".format, words),
    st.builds("`{}`".format, words),
)
line = st.lists(inline, min_size=1, max_size=6).map(" ".join)
block = st.builds(lambda prefix, text: prefix + text,
                  st.sampled_from(["", "# ", "> ", "- ", "1. ", "    ", "> - ", "[ref]: "]), line)
markdown = st.lists(block, min_size=1, max_size=6).map("\n\n".join)

# Bodies a contributor may write: hostile text escaped (backslashes, code spans) and only
# allowed links. They pass validation, so these examples exercise the rendering.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
escaped = st.one_of(words.map(lambda text: _PUNCTUATION.sub(r"\\\1", text)),
                    words.map(lambda text: "`` " + text.replace("`", "'").replace("\n", " ")
                              + " ``"))
allowed_url = st.sampled_from(["https://example.org/", "http://example.org/a?b=c&d=e",
                               "mailto:x@example.org", "#anchor"])
allowed_line = st.lists(st.one_of(escaped, st.builds("[{}]({})".format, escaped, allowed_url),
                                  st.builds("<{}>".format, st.sampled_from(
                                      ["https://example.org/", "http://example.org/a"]))),
                        min_size=1, max_size=6).map(" ".join)
allowed_markdown = st.lists(
    st.builds(lambda prefix, text: prefix + text,
              st.sampled_from(["", "# ", "> ", "- ", "1. "]), allowed_line),
    min_size=1, max_size=6).map("\n\n".join)


def front_matter(fields: dict[str, Any], raw: bool) -> str:
    """YAML front matter: dumped safely, or (``raw``) pasted as a contributor might."""
    if raw:
        text = "".join(f"{key}: {value}\n" for key, value in fields.items())
    else:
        text = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
    return f"---\n{text}---\n"


def check(files: dict[str, str]):
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        # bytes are written as they are (text would be dedented like the fixtures)
        write_files(root, {**BASE_CORPUS, **{k: v.encode() for k, v in files.items()}})
        return check_corpus(root / "corpus", root, today=TODAY)


def rendered_pages(result) -> dict[str, str]:
    site = plan_site(result.archive)
    return {spec.path: site.renderer.render(spec) for spec in site.pages}


def assert_diagnosed_or_inert(result) -> dict[str, str]:
    """The property: errors come with a file and line, or every page is inert HTML."""
    errors = [d for d in result.diagnostics if d.severity == "error"]
    if errors:
        event("refused with diagnostics")
        for diagnostic in errors:
            assert diagnostic.path.startswith("corpus/") and diagnostic.line >= 0
            assert re.match(r"^corpus/\S.*?(:\d+)?: error: .+ \[[a-z-]+\]$",
                            diagnostic.format(), re.S), diagnostic
        return {}
    event("rendered")
    pages = rendered_pages(result)
    for path, html in pages.items():
        problems = unsafe_markup(html, fragment=True)
        assert problems == [], (path, problems)
    return pages


metadata_text = st.lists(words, min_size=1, max_size=4).map("".join)


@given(title=metadata_text, summary=metadata_text, name=metadata_text,
       aliases=st.lists(metadata_text, max_size=3), label=metadata_text, quote=metadata_text,
       raw=st.booleans())
def test_hostile_metadata_is_refused_or_shown_as_text(title: str, summary: str, name: str,
                                                      aliases: list[str], label: str,
                                                      quote: str, raw: bool) -> None:
    article = front_matter({"title": title, "outlet": "daily-news", "published": "2020-05-05",
                            "summary": summary, "tags": ["attacks"], "people": ["jane-roe"],
                            "quotes": [{"by": "jane-roe", "text": quote}]}, raw)
    body = "Jane Roe said: " + json.dumps(quote, ensure_ascii=False) + ".\n"
    note(article + body)
    result = check({
        "corpus/articles/2020/2020-05-05-report.md": article + body,
        "corpus/people/jane-roe.md": front_matter({"name": name, "aliases": aliases}, raw),
        "corpus/tags.yml": yaml.safe_dump({"attacks": {"label": label}}, allow_unicode=True),
    })
    pages = assert_diagnosed_or_inert(result)
    if not pages:
        return
    # Rendered: every value appears as the text it is, never as markup.
    article_page = BeautifulSoup(pages["articles/2020/2020-05-05-report/"], "html.parser")
    record = result.archive.corpus.articles["2020-05-05-report"]
    assert article_page.h1.get_text() == record.title
    if record.summary:  # an empty summary is no summary
        assert record.summary in article_page.select_one(".corpus-summary").get_text()
    person = result.archive.corpus.entities["person"]["jane-roe"]
    person_page = BeautifulSoup(pages["people/jane-roe/"], "html.parser")
    assert person_page.h1.get_text() == person.name
    for alias in person.aliases:
        assert alias in person_page.select_one(".corpus-aliases").get_text()


@given(body=markdown | allowed_markdown, entity_body=allowed_markdown)
def test_hostile_bodies_are_refused_or_rendered_inert(body: str, entity_body: str) -> None:
    note(body)
    result = check({
        "corpus/articles/2020/2020-05-05-report.md":
            front_matter({"title": "A report", "outlet": "daily-news",
                          "published": "2020-05-05"}, raw=False) + body + "\n",
        "corpus/places/baghdad.md": front_matter({"name": "Baghdad"}, raw=False) + entity_body,
    })
    assert_diagnosed_or_inert(result)


@given(body=markdown | allowed_markdown)
def test_the_body_renderer_is_inert_even_for_refused_bodies(body: str) -> None:
    """Defence in depth: what validation would refuse is still rendered harmless."""
    html = bodies.render_html(bodies.parse(body))
    assert unsafe_markup(html, fragment=True) == []


@given(url=url, text=words)
def test_every_link_a_browser_would_run_is_reported(url: str, text: str) -> None:
    tokens = bodies.parse(f"[{text}]({url})")
    hrefs = [child.attrGet("href") for block in tokens for child in block.children or ()
             if child.type == "link_open"]
    dangerous = [href for href in hrefs if url_scheme_is_dangerous(str(href))]
    reported = [p for p in bodies.find_problems(tokens) if p.code == "unsafe-link"]
    assert len(reported) >= len(dangerous)
