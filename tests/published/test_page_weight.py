"""Page weight: pages carry no template indentation, and compacting them changes nothing a
reader or a parser sees."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jinja2

from build_tools import urls
from build_tools.citations import Citations
from build_tools.minify import minify_page
from build_tools.pipeline import CheckResult

from .site_files import SITE_URL

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


def test_cite_this_keeps_its_bibtex_layout(built_site: Path, seed: CheckResult) -> None:
    """An article's BibTeX entry is one field a line, indented, as citations.py lays it out.

    The page does not carry it: assets/corpus-cite.js writes it in the browser, with the
    text of Citations.article (tests/test_browser.py compares the two), so compacting the
    page cannot change its layout."""
    citations = Citations(seed.archive, SITE_URL, "Corpus archive")
    for record in seed.archive.articles:
        lines = citations.article(record).bibtex.splitlines()
        assert lines[0] == f"@article{{{record.id}," and lines[-1] == "}"
        assert all(line.startswith("  ") and " = " in line for line in lines[1:-1]), lines
        assert all(line.endswith(",") for line in lines[1:-2]) and lines[-2][-1] != ","
        html = (built_site / urls.article_path(record.id, record.year) / "index.html").read_text(
            encoding="utf-8")
        assert "corpus-cite__bibtex" not in html and "@article{" not in html


MATERIAL = Path(importlib.util.find_spec("material").origin).parent / "templates"
"""Material for MkDocs' templates, whose icons and scripts the theme override serves as files."""
OVERRIDES = Path(__file__).resolve().parents[2] / "overrides"
USE_HREF = re.compile(r'<use href="([^"#]*)#([^"]*)"/>')


def test_the_icon_file_holds_materials_icons_unchanged() -> None:
    sprite = ET.parse(OVERRIDES / "assets" / "corpus-icons.svg").getroot()
    symbols = {s.get("id"): s for s in sprite if s.tag.endswith("symbol")}
    overridden = sorted((OVERRIDES / ".icons").rglob("*.svg"))
    assert len(symbols) == len(overridden) > 0
    for override in overridden:
        name = override.relative_to(OVERRIDES / ".icons").with_suffix("").as_posix()
        symbol_id = name.replace("/", "-")
        assert f"#{symbol_id}\"" in override.read_text(encoding="utf-8"), override
        original = ET.parse(MATERIAL / ".icons" / f"{name}.svg").getroot()
        symbol = symbols[symbol_id]
        assert symbol.get("viewBox") == original.get("viewBox")
        assert [(c.tag, c.attrib) for c in symbol] == [(c.tag, c.attrib) for c in original], name


def test_the_palette_script_is_materials_unchanged() -> None:
    inline = re.search(r"<script>(.*)</script>", (
        MATERIAL / "partials" / "javascripts" / "palette.html").read_text(encoding="utf-8"),
        re.DOTALL)
    assert inline is not None
    served = (OVERRIDES / "assets" / "corpus-palette.js").read_text(encoding="utf-8")
    assert served.rstrip("\n").endswith(inline.group(1))


def test_the_scope_script_is_materials_with_the_site_root_from_its_own_address() -> None:
    inline = re.search(r"<script>(.*)</script>", (
        MATERIAL / "partials" / "javascripts" / "base.html").read_text(encoding="utf-8"),
        re.DOTALL)
    assert inline is not None
    scope, _, rest = inline.group(1).partition(",__md_hash=")
    assert scope == '__md_scope=new URL("{{ config.extra.scope | d(base_url) }}",location)'
    served = (OVERRIDES / "assets" / "corpus-scope.js").read_text(encoding="utf-8")
    # assets/corpus-scope.js: ".." from it is the site root, Material's base_url from a page
    assert served.rstrip("\n").endswith(
        '__md_scope=new URL("..",document.currentScript.src),__md_hash=' + rest)


def test_pages_draw_the_theme_icons_from_one_file(built_site: Path) -> None:
    sprite = built_site / "assets" / "corpus-icons.svg"
    ids = {s.get("id") for s in ET.parse(sprite).getroot()}
    for html_file in sorted(built_site.rglob("*.html")):
        html = html_file.read_text(encoding="utf-8")
        outside = re.sub(r'<article class="md-content__inner.*?</article>', "", html,
                         flags=re.DOTALL)
        assert "<path" not in outside, html_file  # no icon drawn inline
        uses = USE_HREF.findall(outside)
        assert len(uses) >= 5, html_file  # logo twice, menu, search, top
        for href, symbol_id in uses:
            if html_file.name == "404.html":  # served at any depth: links from the site root
                assert href.endswith("/assets/corpus-icons.svg"), href
            else:
                assert (html_file.parent / href).resolve() == sprite.resolve(), (html_file, href)
            assert symbol_id in ids, (html_file, symbol_id)
        # the palette script and the search dialog come from files beside the sprite
        for script in ("corpus-scope.js", "corpus-palette-form.js", "corpus-palette.js",
                       "corpus-search-dialog.js", "corpus-config.js"):
            assert f'/{script}"' in outside, html_file
        # Material's configuration comes from assets/corpus-config.js (test_browser.py
        # checks what the bundle reads), just before the bundle
        assert 'id="__config"' not in html, html_file
        assert re.search(r'/corpus-config\.js"></script>\s*<script src="[^"]*/bundle\.',
                         html), html_file


def test_the_scheme_toggle_draws_icons_the_icon_file_holds(built_site: Path) -> None:
    """The toggle is written by assets/corpus-palette-form.js from the options rendered into
    it: each of its icons must be in the icon file (a missing one would draw nothing,
    silently)."""
    ids = {s.get("id") for s in ET.parse(built_site / "assets" / "corpus-icons.svg").getroot()}
    script = (built_site / "assets" / "corpus-palette-form.js").read_text(encoding="utf-8")
    written = re.search(r"^  var options = (.*);$", script, re.MULTILINE)
    assert written is not None
    options = json.loads(written.group(1))
    assert [o["scheme"] for o in options] == ["default", "slate"]
    for option in options:
        assert option["toggle"]["icon"].replace("/", "-") in ids, option
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "data-palette" not in home and '/corpus-palette-form.js"></script>' in home


def _block(template: str, name: str) -> list[str]:
    """The lines of ``{% block name %}`` in ``template``, stripped of indentation."""
    found = re.search(r"{% block " + name + r" %}(.*?){% endblock %}", template, re.DOTALL)
    assert found is not None, name
    return [line.strip() for line in found.group(1).splitlines() if line.strip()]


def test_the_blocks_overridden_follow_materials_own_page() -> None:
    """overrides/main.html copies Material's (9.8) site_meta and site_nav blocks with one
    change each; when Material's base.html changes, they must be derived again from it."""
    base = (MATERIAL / "base.html").read_bytes()
    assert hashlib.sha256(base).hexdigest() == (
        "8536d352b0093623df9e0032894f321cbe264b15a9b48cdd962583772455dadb")


def test_the_head_block_is_materials_without_the_generator_tag(built_site: Path) -> None:
    theirs = _block((MATERIAL / "base.html").read_text(encoding="utf-8"), "site_meta")
    ours = _block((OVERRIDES / "main.html").read_text(encoding="utf-8"), "site_meta")
    generator = [line for line in theirs if 'name="generator"' in line]
    assert len(generator) == 1
    assert ours == [line for line in theirs if line not in generator]
    for html_file in sorted(built_site.rglob("*.html")):
        html = html_file.read_text(encoding="utf-8")
        assert 'name="generator"' not in html, html_file
        assert html_file.name == "404.html" or 'rel="canonical"' in html, html_file


def test_the_content_scripts_are_materials_and_left_out_without_content_tabs(
        built_site: Path) -> None:
    scripts = re.compile(r"<script>.*?</script>")
    theirs = scripts.findall((MATERIAL / "partials" / "javascripts" / "content.html")
                             .read_text(encoding="utf-8"))
    ours = scripts.findall((OVERRIDES / "partials" / "javascripts" / "content.html")
                           .read_text(encoding="utf-8"))
    assert ours == theirs and len(theirs) == 2
    template = jinja2.Environment().from_string(
        (OVERRIDES / "partials" / "javascripts" / "content.html").read_text(encoding="utf-8"))
    with_tabs = template.render(features=[], config={"markdown_extensions": ["pymdownx.tabbed"]})
    assert scripts.findall(with_tabs) == theirs[1:]
    assert template.render(features=[], config={"markdown_extensions": ["toc"]}).strip() == ""
    # mkdocs.yml loads no pymdownx.tabbed, so no page carries the tab script
    assert "__tabbed_" not in (built_site / "about" / "index.html").read_text(encoding="utf-8")


def test_the_compact_navigation_follows_materials_own(built_site: Path) -> None:
    """overrides/partials/nav-item.html is Material's (9.8) written compactly; when
    Material's changes, the override must be derived again from the new one."""
    original = (MATERIAL / "partials" / "nav-item.html").read_bytes()
    assert hashlib.sha256(original).hexdigest() == (
        "89895208f22d68ce405a4bcb6649b9150eba5bbb04663a6cb3f93f02daf1d2f7")
    article = next(built_site.glob("articles/*/*/index.html")).read_text(encoding="utf-8")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', article, re.DOTALL)
    assert nav is not None
    items = re.findall(r"^<li .*$", nav.group(0), re.MULTILINE)
    assert len(items) >= 10
    for item in items:  # one line each, the title as the link's text
        assert re.fullmatch(r'<li class="md-nav__item"><a href="[^"]*" class="md-nav__link">'
                            r"[^<]+</a></li>", item), item


def test_only_pages_with_contents_carry_the_contents_sidebar(built_site: Path) -> None:
    sidebar = re.compile(r'<div class="md-sidebar md-sidebar--secondary"[^>]*>')
    about = (built_site / "about" / "index.html").read_text(encoding="utf-8")
    assert sidebar.findall(about) == [
        '<div class="md-sidebar md-sidebar--secondary" data-md-component="sidebar" '
        'data-md-type="toc" >']
    assert 'data-md-component="toc"' in about
    for path in ("articles/*/*/index.html", "people/*/index.html", "archive/index.html"):
        html = next(built_site.glob(path)).read_text(encoding="utf-8")
        assert sidebar.findall(html) == ['<div class="md-sidebar md-sidebar--secondary">'], path
        assert '<div class="md-sidebar md-sidebar--secondary"></div>' in html


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MKDOCS_TEMPLATES = Path(importlib.util.find_spec("mkdocs").origin).parent / "templates"


def test_the_sitemap_is_mkdocs_own_one_line_an_address(built_site: Path) -> None:
    """overrides/sitemap.xml is MkDocs' (1.6) sitemap written compactly; when MkDocs'
    changes, the override must be derived again from it."""
    original = (MKDOCS_TEMPLATES / "sitemap.xml").read_bytes()
    assert hashlib.sha256(original).hexdigest() == (
        "0950766d642ac999c74b68150a39a961a5103bda5e2d9d7747f4c06522c11b18")
    text = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    root = ET.fromstring(text.encode("utf-8"))
    entries = [url.findtext(f"{SITEMAP}loc") for url in root]
    lines = text.splitlines()
    assert len(lines) == len(entries) + 3  # the declaration, <urlset>, one line each, </urlset>
    assert all(re.fullmatch(r"<url><loc>[^<]+</loc>(<lastmod>[0-9-]+</lastmod>)?</url>", line)
               for line in lines[2:-1])
    pages = {str(path.parent.relative_to(built_site)) for path in built_site.rglob("index.html")}
    assert {entry.removeprefix(SITE_URL).rstrip("/") or "." for entry in entries} == pages
