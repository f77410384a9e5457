"""From the resolved archive to page specs: which pages exist, at which path, with what data.

Pure: no file access, no HTML. :mod:`render` turns a :class:`PageSpec` into
HTML; the MkDocs plugin (or the standalone writer) puts it on the site.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

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

LIST_PAGE_SIZE = 100
"""Rows of a long list per page: an entity's articles, a tag's, a year's. The rest continue
on ``<page>page/2/``, ``page/3/``… (:func:`urls.list_page_path`), so that no page grows with
the archive: the most mentioned entity of 10,000 articles listed them all on a 2.4 MB page."""

T = TypeVar("T")

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
    continues: str = ""
    """For page 2, 3… of a long list: the site path of its first page (else empty)."""


@dataclass(frozen=True)
class ListPart:
    """Which part of its long lists a page shows: rows ``size × (number - 1)`` onwards."""

    first_page: str
    """Site path of page 1."""
    number: int
    count: int
    """How many pages the lists take (at least 1)."""
    size: int

    def path(self, number: int) -> str:
        """Site path of page ``number`` of the same lists."""
        return urls.list_page_path(self.first_page, number)

    def rows(self, items: Sequence[T]) -> list[T]:
        """This page's share of ``items``."""
        start = (self.number - 1) * self.size
        return list(items[start:start + self.size])

    def page_of(self, index: int) -> int:
        """The page number that shows row ``index`` (from 0) of a list."""
        return index // self.size + 1

    def pager(self) -> list[int | None]:
        """The page numbers the pager links, ``None`` for a gap: every page of a list of up
        to :data:`PAGER_ALL` pages; of a longer one, the first, the last, and the
        :data:`PAGER_AROUND` on each side of this one (a list of 39 pages linked all 39 on
        each of them: 40 KB over its pages, most of the pagers' bytes)."""
        if self.count <= PAGER_ALL:
            return list(range(1, self.count + 1))
        low = max(1, self.number - PAGER_AROUND)
        high = min(self.count, self.number + PAGER_AROUND)
        shown: list[int | None] = [1] if low > 1 else []
        if low > 2:
            shown.append(None if low > 3 else 2)
        shown.extend(range(low, high + 1))
        if high < self.count - 1:
            shown.append(None if high < self.count - 2 else self.count - 1)
        if high < self.count:
            shown.append(self.count)
        return shown


PAGER_ALL = 9
"""A list of up to this many pages has a link to each in its pager."""
PAGER_AROUND = 2
"""Pages linked on each side of the current one in a longer list's pager."""


def list_parts(first_page: str, longest: int, size: int) -> list[ListPart]:
    """The pages of lists whose longest has ``longest`` rows, ``size`` rows a page."""
    count = max(1, math.ceil(longest / size))
    return [ListPart(first_page, number, count, size) for number in range(1, count + 1)]


def _continued(first: PageSpec, part: ListPart) -> PageSpec:
    """Page ``part.number`` (2 or more) of ``first``'s lists."""
    return PageSpec(part.path(part.number), f"{first.title} (page {part.number})",
                    first.template, {**first.context, "part": part},
                    f"{first.description} Page {part.number} of {part.count}.",
                    continues=first.path)


def _with_parts(first: PageSpec, longest: int, size: int) -> Iterator[PageSpec]:
    """``first`` and its continuation pages, each with its ``part`` in the context."""
    parts = list_parts(first.path, longest, size)
    yield PageSpec(first.path, first.title, first.template, {**first.context, "part": parts[0]},
                   first.description, first.section)
    for part in parts[1:]:
        yield _continued(first, part)


def article_description(article: Article, archive: Archive) -> str:
    outlet = archive.corpus.entity("organization", article.outlet)
    by = outlet.name if outlet else article.outlet
    return article.summary or f"{article.title} — {by}, {article.published.display}."


def with_continuations(pages: Sequence[PageSpec], paths: set[str]) -> set[str]:
    """``paths`` and the continuation pages (page 2, 3…) of every page among them: a list that
    changed may have shifted on all of its pages."""
    return paths | {spec.path for spec in pages if spec.continues and spec.continues in paths}


def build_pages(archive: Archive, list_page_size: int = LIST_PAGE_SIZE) -> Iterator[PageSpec]:
    """Every generated page of the site, in a stable order; long lists take several pages
    of ``list_page_size`` rows."""
    if list_page_size < 1:
        raise ValueError("list_page_size must be at least 1")
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
            ref = EntityRef(entity.TYPE, entity.id)
            yield from _with_parts(
                PageSpec(urls.entity_path(section, entity.id), entity.name, "entity.html",
                         {"entity": entity, "ref": ref}, _entity_description(entity)),
                _longest_entity_list(archive, ref), list_page_size)
    yield PageSpec(urls.OUTLETS, "Outlets", "outlets.html", {"rows": _outlet_rows(archive)},
                   "Every news outlet in the archive, with what each published.", section=True)
    # One pass sorts the articles by year and by tag (newest first, as the archive lists them).
    by_year: dict[int, list[Article]] = {}
    by_tag: dict[str, list[Article]] = {}
    for article in archive.articles:
        by_year.setdefault(article.year, []).append(article)
        for tag_id in dict.fromkeys(article.tags):
            by_tag.setdefault(tag_id, []).append(article)
    years = Counter({year: len(articles) for year, articles in by_year.items()})
    yield PageSpec(urls.archive_path(), "Archive", "archive_index.html",
                   {"years": sorted(years.items(), reverse=True)},
                   "Every article, by year.", section=True)
    for year in sorted(years, reverse=True):
        articles = by_year[year]
        yield from _with_parts(
            PageSpec(urls.archive_path(year), f"Articles of {year}", "archive_year.html",
                     {"year": year, "articles": articles},
                     f"The {len(articles)} articles of {year} in the archive."),
            len(articles), list_page_size)
    yield PageSpec(urls.SEARCH, "Search", "search.html", {"pagefind_path": urls.PAGEFIND},
                   "Full-text search of every article, with filters by outlet, year, "
                   "person, organization and kind of entity.", section=True)
    tag_counts = Counter(t for a in archive.articles for t in a.tags)
    yield PageSpec(urls.tag_path(), "Tags", "tags_index.html",
                   {"tags": sorted(corpus.tags.values(), key=lambda t: fold(t.label)),
                    "counts": tag_counts},
                   "The controlled list of tags.", section=True)
    for tag in corpus.tags.values():
        tagged = by_tag.get(tag.id, [])
        yield from _with_parts(
            PageSpec(urls.tag_path(tag.id), tag.label, "tag.html",
                     {"tag": tag, "articles": tagged},
                     tag.description or f"Articles tagged {tag.label}."),
            len(tagged), list_page_size)


def _longest_entity_list(archive: Archive, ref: EntityRef) -> int:
    """Rows of the longest list of an entity's page (see ``entity.html``): what it published,
    the other articles involving it, an event's coverage (all of them), its quotes, the
    quotes an outlet carried."""
    involved = archive.involvement.get(ref, {})
    published = sum(1 for roles in involved.values() if "outlet" in roles)
    quotes = len(archive.quotes_by.get(ref, ()))
    carried = len(archive.quotes_via.get(ref.id, ())) if ref.type == "organization" else 0
    return max(len(involved) if ref.type == "event" else 0, published,
               len(involved) - published, quotes, carried)


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
