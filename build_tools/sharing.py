"""What a page declares in its ``<head>`` for other tools: feed links and Open Graph facts.

Feed readers find a page's feeds through ``<link rel="alternate feed"
type="application/atom+xml">`` (the "alternate" token; see the override for why not
``rel="alternate"`` alone); link previews read Open Graph tags. The
MkDocs plugin writes the tags with :func:`head_tags` into ``page.meta["corpus_head"]``,
which the theme override (``overrides/partials/corpus-head.html``) puts in the head
as it is: one value per page, like the title, so that the theme's page can be
rendered once for many pages (:mod:`build_tools.frames`). The canonical address and
the description meta tag are written by the theme itself.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape

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


def head_tags(spec: PageSpec | None, *, href: Callable[[str], str], site_name: str,
              title: object, description: str | None, canonical_url: str | None) -> Markup:
    """The head tags of a page (``spec`` is ``None`` for hand-written pages): its feeds,
    and Open Graph facts (an article page is an ``article`` with its publication date).

    ``href`` makes a site path a link from the page; ``title`` is the page's title, as the
    theme has it (markup: only its text is kept, as Jinja's ``striptags`` keeps it);
    ``description`` and ``canonical_url`` as the theme writes them (unset: no tag). Every
    value is escaped (contributors write titles and descriptions).
    """
    article = spec.context.get("article") if spec is not None else None
    if not isinstance(article, Article):
        article = None
    tags = [f'<link rel="alternate feed" type="application/atom+xml" '
            f'title="{escape(feed["title"])}" href="{escape(href(feed["path"]))}">'
            for feed in feed_links(spec, site_name)]
    kind = "website" if article is None else "article"
    tags.append(f'<meta property="og:type" content="{kind}">')
    tags.append(f'<meta property="og:site_name" content="{escape(site_name)}">')
    tags.append(f'<meta property="og:title" content="{escape(Markup(str(title)).striptags())}">')
    if description:
        tags.append(f'<meta property="og:description" content="{escape(description)}">')
    if canonical_url:
        tags.append(f'<meta property="og:url" content="{escape(canonical_url)}">')
    if article is not None:
        tags.append(f'<meta property="article:published_time" '
                    f'content="{escape(article.published.iso)}">')
    tags.append('<meta name="twitter:card" content="summary">')
    return Markup("\n".join(tags))
