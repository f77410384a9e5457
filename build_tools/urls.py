"""Every URL and anchor rule of the site, in one place.

Page paths are site-relative directory URLs without a leading slash
(``people/mustafa-al-kadhimi/``); the home page is ``""``. They derive from
ids, never from titles, so they stay stable when a title is corrected.
"""

from __future__ import annotations

import hashlib
import re

HOME = ""
ARCHIVE = "archive/"
OUTLETS = "outlets/"
TAGS = "tags/"


def article_path(article_id: str, year: int) -> str:
    """``articles/<YYYY>/<id>/``."""
    return f"articles/{year:04d}/{article_id}/"


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
    for mine, theirs in zip(target_parts, base_parts):
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
