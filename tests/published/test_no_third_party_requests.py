"""The published site loads nothing from any host but its own.

Every HTML, CSS and JavaScript file of the built site is scanned for addresses
that a browser would load: ``src``/``href``/``srcset``/… attributes of every
element except links (``<a>``: article sources marked ``corpus-source`` and
other outbound links are navigation, not loads), ``url()`` and ``@import`` in
stylesheets and ``style`` attributes, and absolute addresses in JavaScript
string literals.

The theme's script contains three conditional loads from other hosts; each is
listed in :data:`THEME_CONDITIONAL_LOADS` with the condition that triggers it,
and the tests below prove the conditions never hold on this site.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from .site_files import SITE_URL

OWN_HOST = urlsplit(SITE_URL).netloc
LOAD_ATTRIBUTES = ("src", "srcset", "href", "xlink:href", "poster", "data", "action",
                   "formaction", "background", "manifest", "ping", "imagesrcset")
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""",
                     re.IGNORECASE | re.DOTALL)
# A string literal that starts with an absolute or protocol-relative address on a dotted host.
JS_ADDRESS = re.compile(r"""["'`]((?:https?:)?//(?:[\w-]+\.)+[\w-]+[^"'`\s]*|https?://\$\{[^"'`]*)""",
                        re.IGNORECASE)

THEME_CONDITIONAL_LOADS = {
    "https://unpkg.com/resize-observer-polyfill":
        "only in browsers without ResizeObserver (every browser since 2020 has it)",
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js":
        "only on a page with a .mermaid diagram (test_no_page_triggers_a_theme_load)",
    "https://api.github.com/repos/${e}/${t}": "repository facts, only with repo_url (same test)",
    "https://api.github.com/users/${e}": "repository facts, only with repo_url (same test)",
    "https://${e}/api/v4/projects/${encodeURIComponent(t)}": "GitLab facts, only with repo_url",
}
"""Addresses in Material's JavaScript bundle and when the bundle would fetch them."""


PAGEFIND_NON_REQUESTS = {
    "http://www.w3.org/2000/svg": "the SVG namespace name in its UI bundle, never fetched",
    "https://example.com${anchored_url}": "a base for new URL() to parse a relative link",
    "https://example.com${normalized}": "a base for new URL() to parse a relative link",
}
"""String literals in Pagefind's bundle that look like addresses but are never requested."""


def is_foreign(address: str) -> bool:
    """Would loading ``address`` contact a host other than the site's own?"""
    address = address.strip()
    parts = urlsplit(address)
    if parts.scheme and parts.scheme.lower() not in ("http", "https", "ftp", "ws", "wss"):
        return False  # data:, mailto:, blob: … are not requests to another host
    if not parts.scheme and not address.startswith("//"):
        return False  # a relative address stays on the site
    return parts.netloc.lower() != OWN_HOST


def css_loads(css: str) -> list[str]:
    """Foreign addresses a stylesheet would load."""
    found = [m.group(2) or m.group(4) or "" for m in CSS_URL.finditer(css)]
    return [address for address in found if is_foreign(address)]


def js_loads(script: str) -> list[str]:
    """Foreign addresses written as string literals in a script."""
    return [address for address in JS_ADDRESS.findall(script) if is_foreign(address)]


def html_loads(soup: BeautifulSoup) -> list[str]:
    """Foreign addresses a page would load (its links excepted)."""
    found: list[str] = []
    for element in soup.find_all(True):
        if element.name == "a":
            continue
        for attribute in LOAD_ATTRIBUTES:
            value = element.get(attribute)
            if not value:
                continue
            candidates = [part.strip().split(" ")[0] for part in value.split(",")] \
                if attribute.endswith("srcset") else [value]
            found += [c for c in candidates if is_foreign(c)]
        if element.get("style"):
            found += css_loads(element["style"])
        if element.name == "style":
            found += css_loads(element.get_text())
        if element.name == "script" and not element.get("src"):
            found += js_loads(element.get_text())
    return found


def test_the_scanner_finds_every_kind_of_foreign_load() -> None:
    page = """<html><head>
      <link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
      <link rel="preconnect" href="//fonts.gstatic.com">
      <script src="https://cdn.example.net/lib.js"></script>
      <style>@import "https://cdn.example.net/a.css";
             p { background: url(http://x.example/b.png) }</style>
      <script>load("https://unpkg.com/thing")</script>
      </head><body>
      <img src="https://tracker.example/p.gif" srcset="a.png 1x, https://cdn.example/b.png 2x">
      <div style="background-image: url('//img.example/c.png')"></div>
      <svg><image href="https://img.example/d.svg"/></svg>
      <iframe src="https://video.example/embed"></iframe>
      <a class="corpus-source" href="https://outlet.example/article">source</a>
      <a href="https://www.wikidata.org/wiki/Q1">Q1</a>
      <link rel="canonical" href="{site}">
      <img src="data:image/png;base64,AAAA"><img src="../local.png">
      </body></html>""".replace("{site}", SITE_URL)
    assert sorted(html_loads(BeautifulSoup(page, "html.parser"))) == sorted([
        "https://fonts.googleapis.com/css?family=Roboto", "//fonts.gstatic.com",
        "https://cdn.example.net/lib.js", "https://cdn.example.net/a.css",
        "http://x.example/b.png", "https://unpkg.com/thing", "https://tracker.example/p.gif",
        "https://cdn.example/b.png", "//img.example/c.png", "https://img.example/d.svg",
        "https://video.example/embed"])
    assert css_loads("a{b:url(data:image/svg+xml;charset=utf-8,<svg xmlns='http://www.w3.org/"
                     "2000/svg'/>)} @import url(https://x.example/y.css);") == \
        ["https://x.example/y.css"]
    assert js_loads('x=1;// see https://example.com\n"\\u2003"//nbsp\nf(`https://${h}/api`)') \
        == ["https://${h}/api"]


def test_the_built_site_loads_nothing_from_other_hosts(built_site: Path, site_pages) -> None:
    problems: list[str] = []
    theme_addresses: set[str] = set()
    scanned = 0
    for path in sorted(built_site.rglob("*")):
        if path.suffix not in (".html", ".css", ".js"):
            continue
        scanned += 1
        text = path.read_text(encoding="utf-8", errors="replace")
        relative = path.relative_to(built_site).as_posix()
        if path.suffix == ".html":
            found = html_loads(site_pages[relative])
        elif path.suffix == ".css":
            found = css_loads(text)
        else:
            found = js_loads(text)
            if relative.startswith("pagefind/"):
                found = [a for a in found if a not in PAGEFIND_NON_REQUESTS]
            if relative.startswith("assets/javascripts/bundle."):
                theme_addresses |= {a for a in found if a in THEME_CONDITIONAL_LOADS}
                found = [a for a in found if a not in THEME_CONDITIONAL_LOADS]
        problems += [f"{relative}: {address}" for address in found]
    assert scanned > 60
    assert problems == []
    # The allowance is for the theme version in use: a new address in it must be looked at.
    assert theme_addresses == set(THEME_CONDITIONAL_LOADS)


def test_no_page_triggers_a_theme_load(site_pages) -> None:
    for path, soup in site_pages.items():
        assert not soup.select(".mermaid"), path
        assert not soup.select('[data-md-component="source"]'), path
