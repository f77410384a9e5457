"""Page weight: pages carry no template indentation, and compacting them changes nothing a
reader or a parser sees."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from build_tools.minify import minify_page

INDENTED_LINE = re.compile(r"\n[ \t]+<")


def test_compacting_keeps_preformatted_text_scripts_and_unicode_spaces() -> None:
    page = ("<body>\n    <div>\n      <p>one\n\n   two</p>   \n  </div>\n"
            "<pre class=x>  @misc{a,\n    title = {T}\n}\n</pre>\n"
            "<textarea>\n  kept\n</textarea>\n"
            "<script>\n  var a = 1;\n    var b = '\\n  ';\n</script>\n"
            "<style>\n  p { margin: 0 }\n</style>\n"
            "<p>a\u00a0\n\u00a0b</p>\n<PRE>\n  upper case\n</PRE>\n</body>\n")
    assert minify_page(page) == (
        "<body>\n<div>\n<p>one\ntwo</p>\n</div>\n"
        "<pre class=x>  @misc{a,\n    title = {T}\n}\n</pre>\n"
        "<textarea>\n  kept\n</textarea>\n"
        "<script>\n  var a = 1;\n    var b = '\\n  ';\n</script>\n"
        "<style>\n  p { margin: 0 }\n</style>\n"
        "<p>a\u00a0\n\u00a0b</p>\n<PRE>\n  upper case\n</PRE>\n</body>\n")
    # Nothing else changes: spaces within a line, entities, attributes.
    line = '<a title="&lt;script&gt;" href="x">a  &amp;  b</a> <b>c</b>'
    assert minify_page(line) == line


def test_built_pages_are_compact_and_read_as_before(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert pages
    for html_file in pages:
        if html_file.name == "404.html":  # written by MkDocs without page events
            continue
        html = html_file.read_text(encoding="utf-8")
        outside = re.sub(r"<(pre|textarea|script|style)\b.*?</\1>", "<kept/>", html,
                         flags=re.DOTALL | re.IGNORECASE)
        assert not INDENTED_LINE.search(outside), html_file
        assert "\n\n" not in outside, html_file
        # Compacting again changes nothing: the page is already what it would produce.
        assert minify_page(html) == html, html_file


def test_cite_this_keeps_its_bibtex_layout(built_site: Path) -> None:
    article = next(built_site.glob("articles/*/*/index.html"))
    soup = BeautifulSoup(article.read_text(encoding="utf-8"), "html.parser")
    bibtex = soup.select_one("#cite pre.corpus-cite__bibtex code")
    assert bibtex is not None
    lines = bibtex.get_text().splitlines()
    assert lines[0].startswith("@article{") and lines[-1] == "}"
    assert all(line.startswith("  ") for line in lines[1:-1]), lines
