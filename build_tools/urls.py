"""Every URL and anchor rule of the site, in one place.

Page paths are site-relative directory URLs without a leading slash
(``people/mustafa-al-kadhimi/``); the home page is ``""``. They derive from
ids, never from titles, so they stay stable when a title is corrected.
"""

from __future__ import annotations

import hashlib
import re

HOME = ""
ARTICLES = "articles/"
ARCHIVE = "archive/"
OUTLETS = "outlets/"
TAGS = "tags/"
SEARCH = "search/"
"""Full-text search page; Material's header index is ``search/search_index.json``."""
PAGEFIND = "pagefind/"
"""Pagefind's index and engine, written by the build while MkDocs writes the pages."""
DATA = "data/"
"""The downloads folder (next to the hand-written Data page ``docs/data.md``)."""
FEED = "feed.xml"
"""The Atom feed of the whole archive."""


def article_path(article_id: str, year: int) -> str:
    """``articles/<YYYY>/<id>/``."""
    return f"{ARTICLES}{year:04d}/{article_id}/"


def section_path(section: str) -> str:
    """Index page of an entity section: ``people/``, ``organizations/``…"""
    return f"{section}/"


def entity_path(section: str, entity_id: str) -> str:
    """``people/<id>/``, ``organizations/<id>/``, ``places/<id>/``, ``events/<id>/``."""
    return f"{section}/{entity_id}/"


def archive_path(year: int | None = None) -> str:
    """``archive/`` or ``archive/<YYYY>/``."""
    return ARCHIVE if year is None else f"{ARCHIVE}{year:04d}/"


def tag_path(tag_id: str | None = None) -> str:
    """``tags/`` or ``tags/<id>/``."""
    return TAGS if tag_id is None else f"{TAGS}{tag_id}/"


def list_page_path(page_path: str, number: int) -> str:
    """Page ``number`` of a long list that starts at ``page_path``: the page itself for 1,
    else ``<page_path>page/<number>/`` (``tags/x/page/2/``)."""
    return page_path if number == 1 else f"{page_path}page/{number}/"


def feed_path(page_path: str) -> str:
    """The Atom feed of a page's subject: ``people/<id>/feed.xml`` next to ``people/<id>/``."""
    return f"{page_path}{FEED}"


def data_file(name: str) -> str:
    """A download of the open-data export: ``data/<name>``."""
    return f"{DATA}{name}"


def absolute_url(site_url: str, target: str) -> str:
    """``target`` (a site path) under the configured ``site_url``.

    Feeds, canonical links and citations need absolute addresses; without a
    ``site_url`` the site path is returned as a root-relative address.
    """
    if not site_url:
        return "/" + target
    return site_url.rstrip("/") + "/" + target


def source_uri(page_path: str) -> str:
    """The virtual Markdown source of a generated page (``people/x/`` -> ``people/x/index.md``).

    With directory URLs, MkDocs maps ``<path>index.md`` back to ``<path>``.
    """
    return f"{page_path}index.md"


def output_file(page_path: str) -> str:
    """The HTML file a page is written to, relative to the site root."""
    return f"{page_path}index.html"


def relative_url(target: str, from_page: str) -> str:
    """A link from the page at ``from_page`` to ``target``, relative, so the site works
    under any base path (a GitHub Pages project path)."""
    target_path, hash_, fragment = target.partition("#")
    if not target_path and hash_:
        return f"#{fragment}"
    # Site paths are clean (no "." or ".." segments, no leading slash), so the common
    # prefix of their segments is all posixpath.relpath would find; it is called for
    # every link of every page, and relpath's normalisation costs several times more.
    target_parts = [part for part in target_path.split("/") if part]
    base_parts = [part for part in from_page.split("/") if part]
    common = 0
    for mine, theirs in zip(target_parts, base_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    rel = "/".join([".."] * (len(base_parts) - common) + target_parts[common:]) or "."
    if rel == ".":
        rel = "./"
    elif target_path.endswith("/") or not target_path:
        rel += "/"
    return rel + (f"#{fragment}" if hash_ else "")


_SPACE = re.compile(r"\s+")


def quote_anchor(article_id: str, speaker_id: str, text: str) -> str:
    """Stable HTML id of a quote: speaker plus a digest of the article and the words.

    Independent of the quote's position, so reordering an article's quotes
    keeps every citation link working; unique across the site, so the same
    id marks the quote on its article page and on its speaker's page.
    """
    canonical = article_id + "\n" + _SPACE.sub(" ", text).strip().casefold()
    digest = hashlib.sha1(canonical.encode("utf-8")).hexdigest()[:8]
    return f"q-{speaker_id}-{digest}"


class LinksFrom:
    """Links from one page: :func:`relative_url` with ``from_page`` fixed, remembered per
    target. A page links to the same outlets and articles many times, and most links leave
    the page's section, where the answer is one ``../`` per segment of the page's path
    followed by the target: that case skips the segment-by-segment comparison."""

    def __init__(self, from_page: str) -> None:
        self.from_page = from_page
        segments = [part for part in from_page.split("/") if part]
        self._up = "../" * len(segments)
        self._section = segments[0] if segments else ""
        self._seen: dict[str, str] = {}

    def __call__(self, target: str) -> str:
        """The same as ``relative_url(target, self.from_page)``."""
        link = self._seen.get(target)
        if link is None:
            # Site paths are clean (no empty segments, no leading slash); anything else, and
            # any target inside the page's own section, takes the general rule.
            section = target.partition("#")[0].partition("/")[0]
            if self._up and section and section != self._section and "//" not in target:
                link = self._up + target
            else:
                link = relative_url(target, self.from_page)
            self._seen[target] = link
        return link
