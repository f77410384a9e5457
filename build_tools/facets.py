"""What the full-text search knows about an article besides its words.

For each article: the filters a reader can narrow results by (outlet, year,
people and organizations involved, kinds of entity involved), and the alias
set of every entity involved, which the article's full-text document carries as
low-weighted text so that a search for one spelling (``Daesh``) also finds articles
that use another (``ISIL``). The document's template turns these into Pagefind's
``data-pagefind-*`` attributes; see :mod:`build_tools.fulltext_input`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Article, Entity
from .registry import fold
from .resolve import Archive

FILTER_OUTLET = "Outlet"
FILTER_YEAR = "Year"
FILTER_PERSON = "Person"
FILTER_ORGANIZATION = "Organization"
FILTER_KIND = "Entity kind"
"""Filter names, as the search page shows them."""


@dataclass(frozen=True)
class ArticleFacets:
    """Filters and alias set of one article."""

    people: tuple[str, ...]
    """Names of the people involved, in any role (author, quoted, named)."""
    organizations: tuple[str, ...]
    """Names of the organizations involved other than as the publishing outlet."""
    kinds: tuple[str, ...]
    """Kinds of the entities involved (``armed group``, ``province``; the type when no kind)."""
    names: tuple[str, ...]
    """Every name and alias of every entity involved, each once (folding aside)."""


class FacetIndex:
    """The facets of the articles of an archive, from its involvement map.

    Each article's facets are computed when its page asks, from the entities
    involved in it (:attr:`~build_tools.resolve.Archive.involved_in`).
    """

    def __init__(self, archive: Archive) -> None:
        self._archive = archive
        self._folded: dict[str, str] = {}
        """Name -> :func:`fold` of it: the same names come back on many pages."""

    def _fold(self, name: str) -> str:
        folded = self._folded.get(name)
        if folded is None:
            folded = self._folded[name] = fold(name)
        return folded

    def of(self, article: Article) -> ArticleFacets:
        """The facets of ``article``; entities sorted by name for a stable page."""
        archive = self._archive
        involved: list[tuple[Entity, frozenset[str]]] = [
            (archive.entity(ref), roles)
            for ref, roles in archive.involved_in.get(article.id, {}).items()]
        involved.sort(key=lambda item: (self._fold(item[0].name), item[0].TYPE, item[0].id))
        people = [e.name for e, _ in involved if e.TYPE == "person"]
        organizations = [e.name for e, roles in involved
                         if e.TYPE == "organization" and roles != {"outlet"}]
        kinds = sorted({(e.kind or e.TYPE).replace("-", " ") for e, _ in involved})
        names: list[str] = []
        seen: set[str] = set()
        for entity, _ in involved:
            for name in entity.names:
                key = self._fold(name)
                if key and key not in seen:
                    seen.add(key)
                    names.append(name)
        return ArticleFacets(tuple(_unique(people)), tuple(_unique(organizations)),
                             tuple(kinds), tuple(names))


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))
