"""From the resolved archive to page specs: which pages exist, at which path, with what data.

Pure: no file access, no HTML. :mod:`render` turns a :class:`PageSpec` into
HTML; the MkDocs plugin (or the standalone writer) puts it on the site.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from . import urls
from .model import Article, Entity
from .registry import EntityRef, fold
from .resolve import Archive

SECTION_TITLES = {
    "people": "People",
    "organizations": "Organizations",
    "places": "Places",
    "events": "Events",
}

OUTLET_KINDS = frozenset({"news-outlet", "news-agency", "broadcaster", "newspaper", "magazine",
                          "website", "tv-channel", "radio"})
"""Organization kinds listed on the outlets index even before they publish an article here."""


@dataclass(frozen=True)
class PageSpec:
    """One generated page."""

    path: str
    """Site path (``people/x/``); see :mod:`urls`."""
    title: str
    template: str
    """Template name under ``build_tools/templates``."""
    context: dict[str, Any] = field(compare=False, repr=False, default_factory=dict)
    description: str = ""
    """One sentence for search engines and link previews."""
    section: bool = False
    """A section index, listed in the navigation (article and entity pages never are)."""


def article_description(article: Article, archive: Archive) -> str:
    outlet = archive.corpus.entity("organization", article.outlet)
    by = outlet.name if outlet else article.outlet
    return article.summary or f"{article.title} — {by}, {article.published.display}."


def build_pages(archive: Archive) -> Iterator[PageSpec]:
    """Every generated page of the site, in a stable order."""
    corpus = archive.corpus
    yield PageSpec(urls.HOME, "Home", "home.html", {}, "What the archive holds.")
    for article in archive.articles:
        yield PageSpec(urls.article_path(article.id, article.year), article.title,
                       "article.html", {"article": article},
                       article_description(article, archive))
    for section, title in SECTION_TITLES.items():
        entity_type = {"people": "person", "organizations": "organization",
                       "places": "place", "events": "event"}[section]
        entities = corpus.entities[entity_type]
        yield PageSpec(urls.section_path(section), title, "entity_index.html",
                       {"section": section, "entities": _index_rows(archive, entities.values(),
                                                                     entity_type)},
                       f"{title} in the archive, with the number of articles for each.",
                       section=True)
        for entity in entities.values():
            yield PageSpec(urls.entity_path(section, entity.id), entity.name, "entity.html",
                           {"entity": entity, "ref": EntityRef(entity.TYPE, entity.id)},
                           _entity_description(entity))
    yield PageSpec(urls.OUTLETS, "Outlets", "outlets.html", {"rows": _outlet_rows(archive)},
                   "Every news outlet in the archive, with what each published.", section=True)
    years = Counter(a.year for a in archive.articles)
    yield PageSpec(urls.archive_path(), "Archive", "archive_index.html",
                   {"years": sorted(years.items(), reverse=True)},
                   "Every article, by year.", section=True)
    for year in sorted(years, reverse=True):
        articles = [a for a in archive.articles if a.year == year]
        yield PageSpec(urls.archive_path(year), f"Articles of {year}", "archive_year.html",
                       {"year": year, "articles": articles},
                       f"The {len(articles)} articles of {year} in the archive.")
    yield PageSpec(urls.SEARCH, "Search", "search.html", {"pagefind_path": urls.PAGEFIND},
                   "Full-text search of every article, with filters by outlet, year, "
                   "person, organization and kind of entity.", section=True)
    tag_counts = Counter(t for a in archive.articles for t in a.tags)
    yield PageSpec(urls.tag_path(), "Tags", "tags_index.html",
                   {"tags": sorted(corpus.tags.values(), key=lambda t: fold(t.label)),
                    "counts": tag_counts},
                   "The controlled list of tags.", section=True)
    for tag in corpus.tags.values():
        yield PageSpec(urls.tag_path(tag.id), tag.label, "tag.html",
                       {"tag": tag, "articles": [a for a in archive.articles if tag.id in a.tags]},
                       tag.description or f"Articles tagged {tag.label}.")


def _entity_description(entity: Entity) -> str:
    also = f" (also {', '.join(entity.aliases[:3])})" if entity.aliases else ""
    return f"{entity.name}{also}: every article and quote in the archive."


@dataclass(frozen=True)
class IndexRow:
    """One line of an A–Z or chronological index."""

    entity: Entity
    articles: int
    quotes: int
    letter: str


def _index_rows(archive: Archive, entities: Any, entity_type: str) -> list[IndexRow]:
    rows = []
    for entity in entities:
        ref = EntityRef(entity_type, entity.id)
        key = fold(entity.name)
        rows.append(IndexRow(entity, len(archive.involvement.get(ref, {})),
                             len(archive.quotes_by.get(ref, ())),
                             key[:1].upper() if key[:1].isalpha() else "#"))
    if entity_type == "event":
        return sorted(rows, key=lambda r: (r.entity.date, r.entity.id), reverse=True)  # type: ignore[attr-defined]
    return sorted(rows, key=lambda r: (fold(r.entity.name), r.entity.id))


@dataclass(frozen=True)
class OutletRow:
    outlet: Entity
    articles: list[Article]


def _outlet_rows(archive: Archive) -> list[OutletRow]:
    published: dict[str, list[Article]] = {}
    for article in archive.articles:
        published.setdefault(article.outlet, []).append(article)
    rows = [OutletRow(org, published.get(org.id, []))
            for org in archive.corpus.entities["organization"].values()
            if org.id in published or org.kind in OUTLET_KINDS]
    return sorted(rows, key=lambda r: (fold(r.outlet.name), r.outlet.id))
