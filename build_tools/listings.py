"""The long lists of entity and year pages, sorted and split once per subject.

An entity page lists the entity's articles three ways (what it published, the others,
an event's coverage oldest first) and a year page groups its articles by month. Both
continue over several pages (:class:`~build_tools.pages.ListPart`), and each page used
to sort, split and group the whole list again with Jinja filters: a subject of 2,000
articles did that work on each of its 20 pages. Here it is done once, in Python, and
kept for the subject's following pages; each page then takes its share with
``part.rows``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .model import Article
from .registry import EntityRef
from .resolve import Archive

REMEMBERED = 16
"""Subjects kept: a subject's pages are rendered one after the other (in one worker's
chunk, mostly), so only the latest few are asked for again."""


@dataclass(frozen=True)
class EntityArticles:
    """The articles of an entity page's lists."""

    involved: list[tuple[Article, frozenset[str]]]
    """Every article involving the entity, newest first, with its roles there."""
    published: list[Article]
    """The articles the entity published (as their outlet), newest first."""
    other: list[tuple[Article, frozenset[str]]]
    """The other articles involving it, newest first, with its roles."""
    oldest_first: list[tuple[Article, frozenset[str]]]
    """:attr:`involved`, oldest first (an event's coverage)."""


@dataclass(frozen=True)
class YearMonths:
    """The articles of a year by month: the newest month first, month 0 (not known) last;
    newest first within a month (the archive's order)."""

    months: list[tuple[int, list[Article]]]
    """Each month with its articles."""
    articles: list[Article]
    """The articles in the order of :attr:`months`: what the year's pages show in turn."""
    counts: dict[int, int]
    """Month -> the number of its articles."""


class Listings:
    """The lists of one archive's entity and year pages, made when a page asks."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.entity = lru_cache(maxsize=REMEMBERED)(self._entity)
        self._years: dict[int, tuple[Sequence[Article], YearMonths]] = {}

    def _entity(self, ref: EntityRef) -> EntityArticles:
        """The lists of the entity ``ref``."""
        involved = self.archive.articles_of(ref)
        return EntityArticles(involved,
                              [article for article, roles in involved if "outlet" in roles],
                              [item for item in involved if "outlet" not in item[1]],
                              involved[::-1])

    def year(self, year: int, articles: Sequence[Article]) -> YearMonths:
        """The articles of ``year`` (``articles``, newest first) by month."""
        known = self._years.get(year)
        if known is not None and known[0] is articles:
            return known[1]
        if len(self._years) >= REMEMBERED:
            del self._years[next(iter(self._years))]
        months = self._year_months(articles)
        self._years[year] = (articles, months)
        return months

    @staticmethod
    def _year_months(articles: Sequence[Article]) -> YearMonths:
        # Sorted by month, stable: newest first within a month, as the archive orders them.
        by_month = sorted(articles, key=lambda article: article.published.month)
        months = [(month, list(items)) for month, items
                  in itertools.groupby(by_month, key=lambda article: article.published.month)]
        months.reverse()
        return YearMonths(months, [article for _, items in months for article in items],
                          {month: len(items) for month, items in months})
