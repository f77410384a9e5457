"""What a page declares in its ``<head>`` for other tools: feed links and Open Graph facts.

Feed readers find a page's feeds through ``<link rel="alternate"
type="application/atom+xml">``; link previews read Open Graph tags. The
MkDocs plugin stores :func:`head_meta` in ``page.meta["corpus_head"]`` and the
theme override (``overrides/partials/corpus-head.html``) writes the tags. The
canonical address and the description are written by the theme itself.
"""

from __future__ import annotations

from typing import Any

from . import urls
from .model import Article, Entity
from .pages import PageSpec


def feed_links(spec: PageSpec | None, site_name: str) -> list[dict[str, str]]:
    """The feeds a page offers: the whole archive's, and its entity's own on an entity page."""
    links = [{"path": urls.FEED, "title": f"{site_name}: newest articles"}]
    entity = spec.context.get("entity") if spec is not None else None
    if isinstance(entity, Entity):
        page = urls.entity_path(entity.SECTION, entity.id)
        links.insert(0, {"path": urls.feed_path(page),
                         "title": f"{entity.name}: newest articles"})
    return links


def head_meta(spec: PageSpec | None, site_name: str) -> dict[str, Any]:
    """The head facts of a page (``spec`` is ``None`` for hand-written pages).

    Values are plain data; the template escapes them.
    """
    meta: dict[str, Any] = {"feeds": feed_links(spec, site_name), "og_type": "website"}
    article = spec.context.get("article") if spec is not None else None
    if isinstance(article, Article):
        meta["og_type"] = "article"
        meta["published"] = article.published.iso
    return meta
