"""The theme's chrome, now written once as files and compact partials, still works in a
real browser, with and without JavaScript: the colour scheme toggle, the search dialog,
the navigation (sidebar and mobile drawer). The fixture site's mkdocs.yml names its
palette toggles with markup, which must stay text.

Drives Debian's Chromium (``apt-get install chromium``; CI installs it) with Playwright.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import BASE_CORPUS, copy_project, read_site_config, run_build, write_files

from build_tools.searchbench import CHROMIUM, CHROMIUM_ARGS
from build_tools.site_server import SiteServer

if not CHROMIUM.exists():
    pytest.skip(f"browser tests need Chromium at {CHROMIUM}: apt-get install chromium",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="pip install -r requirements-dev.txt")

MARK = "pwned"
DARK = f"Dark \"mode\" </script><script>alert('{MARK}-dark')</script>"
LIGHT = f"Light <img src=x onerror=alert('{MARK}-light')> & mode"
WAIT_MS = 15_000
"""Upper bound on waiting for the bundle to react; a working page answers far sooner."""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture corpus built with hostile toggle names, served under a project path."""
    root = tmp_path_factory.mktemp("chrome")
    write_files(root, dict(BASE_CORPUS))
    copy_project(root)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "name: Dark mode" in text and "name: Light mode" in text
    config.write_text(text.replace("name: Dark mode", f"name: {yaml_quoted(DARK)}")
                      .replace("name: Light mode", f"name: {yaml_quoted(LIGHT)}"),
                      encoding="utf-8")
    result = run_build(root / "site", config, root)
    assert result.returncode == 0, result.stderr
    with SiteServer(root / "site", "/archive/") as server:
        yield server.url


def yaml_quoted(text: str) -> str:
    """``text`` as a double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture(scope="module")
def browser() -> Iterator[sync_api.Browser]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


class Watched:
    """A page whose script errors and alert dialogs are recorded."""

    def __init__(self, browser: sync_api.Browser, *, javascript: bool = True,
                 width: int = 1280) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900},
                                           java_script_enabled=javascript)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        self.page.on("dialog", lambda dialog: (self.problems.append(f"dialog: {dialog.message}"),
                                               dialog.dismiss()))

    def close(self) -> None:
        self.context.close()


def test_the_scheme_toggle_switches_the_scheme_and_is_remembered(
        browser: sync_api.Browser, site_url: str) -> None:
    watched = Watched(browser)
    page = watched.page
    page.goto(site_url + "people/jane-roe/")
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    toggle = page.locator('form[data-md-component="palette"] label:visible')
    assert toggle.count() == 1
    assert toggle.get_attribute("title") == DARK  # mkdocs.yml's words, as text
    toggle.click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'", timeout=WAIT_MS)
    assert page.locator('form[data-md-component="palette"] label:visible').get_attribute(
        "title") == LIGHT
    page.reload()
    assert body.get_attribute("data-md-color-scheme") == "slate"
    assert watched.problems == []
    watched.close()


def test_the_search_dialog_opens_and_finds(browser: sync_api.Browser, site_url: str) -> None:
    watched = Watched(browser)
    page = watched.page
    page.goto(site_url)
    box = page.locator("input.md-search__input")
    assert box.get_attribute("placeholder") == "Search"
    box.click()
    # (Material's script checks the toggle on focus: wait for it, as on a loaded machine)
    sync_api.expect(page.locator("#__search")).to_be_checked(timeout=WAIT_MS)
    box.press_sequentially("roe")
    page.locator(".md-search-result__list li").first.wait_for(timeout=WAIT_MS)
    assert "matching document" in page.locator(".md-search-result__meta").inner_text()
    assert watched.problems == []
    watched.close()


def test_without_javascript_the_chrome_that_needs_it_is_absent(
        browser: sync_api.Browser, site_url: str) -> None:
    watched = Watched(browser, javascript=False)
    page = watched.page
    page.goto(site_url + "people/jane-roe/")
    # the toggle and the search dialog are put in by scripts, which do not run
    assert page.locator('form[data-md-component="palette"]').count() == 0
    assert page.locator(".md-search").count() == 0
    assert page.locator("article h1").inner_text() == "Jane Roe"
    watched.close()


def test_markup_in_the_toggle_names_is_escaped_in_the_script(site_url: str) -> None:
    """The names reach assets/corpus-palette-form.js through tojson, which escapes the
    characters that could end a script or start markup; pages no longer carry them."""
    from urllib.request import urlopen

    with urlopen(site_url + "assets/corpus-palette-form.js") as response:
        script = response.read().decode("utf-8")
    assert "</script>" not in script and "<img" not in script
    assert "\\u003c/script\\u003e" in script and MARK in script
    with urlopen(site_url) as response:
        assert MARK not in response.read().decode("utf-8")


NAV_TITLES = [next(iter(item)) for item in read_site_config()["nav"]]
"""The navigation's titles, in mkdocs.yml's order."""


def sidebar_links(page: sync_api.Page) -> list[tuple[str, str, bool]]:
    """The primary navigation's links as (text, address, shown), in order; shown: drawn
    inside the window (the closed drawer sits beside it)."""
    return [tuple(row) for row in page.evaluate("""() => [...document.querySelectorAll(
        'nav.md-nav--primary > ul > li > a.md-nav__link')].map(a => {
            const box = a.getBoundingClientRect()
            return [a.innerText.trim(), a.href, a.checkVisibility() && box.width > 0 &&
                    box.left >= 0 && box.right <= innerWidth]
        })""")]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_sidebar_lists_every_section_and_marks_the_current_one(
        browser: sync_api.Browser, site_url: str, javascript: bool) -> None:
    watched = Watched(browser, javascript=javascript, width=1280)
    page = watched.page
    page.goto(site_url + "people/")
    links = sidebar_links(page)
    assert [text for text, _, _ in links] == NAV_TITLES
    assert all(shown for _, _, shown in links)
    assert dict((text, href) for text, href, _ in links)["People"] == site_url + "people/"
    active = page.locator("nav.md-nav--primary li.md-nav__item--active > a.md-nav__link--active")
    assert active.inner_text() == "People"
    # Material's style sheet colours the current item as a link
    colours = page.evaluate("""() => [...document.querySelectorAll(
        'nav.md-nav--primary > ul > li > a')].map(a => getComputedStyle(a).color)""")
    current = NAV_TITLES.index("People")
    assert colours[current] != colours[current - 1] == colours[current + 1]
    page.locator("nav.md-nav--primary a", has_text="Organizations").click()
    page.wait_for_url(site_url + "organizations/")
    assert watched.problems == []
    watched.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_mobile_drawer_opens_with_every_section_and_the_pages_contents(
        browser: sync_api.Browser, site_url: str, javascript: bool) -> None:
    watched = Watched(browser, javascript=javascript, width=390)
    page = watched.page
    page.goto(site_url + "about/")
    assert not any(shown for _, _, shown in sidebar_links(page))  # the drawer is closed
    page.locator('label.md-header__button[for="__drawer"]').click()
    page.wait_for_timeout(500)  # the drawer slides in (0.25 s in Material's style sheet)
    links = sidebar_links(page)
    # every section is shown but the current page's own link, which Material hides in
    # the drawer behind the label below
    assert [text for text, _, shown in links if shown] == [t for t in NAV_TITLES
                                                          if t != "About"]
    # The current page is a label opening its table of contents inside the drawer
    label = page.locator('nav.md-nav--primary label.md-nav__link[for="__toc"]')
    assert label.is_visible() and label.inner_text() == "About"
    label.click()
    toc = page.locator("nav.md-nav--primary nav.md-nav--secondary a.md-nav__link").first
    toc.wait_for()
    assert toc.get_attribute("href", timeout=WAIT_MS).startswith("#")
    assert watched.problems == []
    watched.close()


@pytest.mark.parametrize("width", [1280, 1000])
def test_a_page_without_contents_keeps_the_column_of_a_page_with_them(
        browser: sync_api.Browser, site_url: str, width: int) -> None:
    """A generated page's secondary sidebar is one empty element (overrides/main.html): it
    must still hold the place of the table of contents the hand-written pages show."""
    watched = Watched(browser, width=width)
    page = watched.page
    boxes = {}
    for path in ("about/", "people/jane-roe/"):
        page.goto(site_url + path)
        box = page.locator("article.md-content__inner").bounding_box()
        assert box is not None
        boxes[path] = (box["x"], box["width"])
    assert page.locator("nav.md-nav--secondary").count() == 0
    assert boxes["about/"] == boxes["people/jane-roe/"]
    watched.close()


def test_materials_message_box_is_there_once_and_shows_messages(
        browser: sync_api.Browser, site_url: str) -> None:
    """Pages are written without the message box (build_tools/chrome.py) and
    assets/corpus-config.js puts it in."""
    watched = Watched(browser)
    page = watched.page
    page.goto(site_url + "people/jane-roe/")
    page.wait_for_function("window.alert$ !== undefined", timeout=WAIT_MS)
    assert page.locator('[data-md-component="dialog"]').count() == 1
    page.evaluate("window.alert$.next('Copied')")  # what Material's clipboard button sends
    page.locator(".md-dialog.md-dialog--active .md-dialog__inner", has_text="Copied").wait_for(
        timeout=WAIT_MS)
    assert watched.problems == []
    watched.close()
