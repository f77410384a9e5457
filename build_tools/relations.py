"""Relations computed at build time: co-mentioned entities and related articles.

Both come from postings lists (entity -> the articles that mention it), never
from comparing every pair of articles, so the work grows with the number of
mentions rather than with the square of the number of articles:

* the **co-mentions** of an entity are counted over the articles involving it;
* the **related articles** of an article are found by walking the postings of
  each entity it mentions, weighting a shared entity by how rare it is
  (inverse document frequency), so sharing an obscure speaker counts for more
  than sharing "Iraq". Entities mentioned in more than
  :data:`MAX_POSTINGS` articles are skipped: they say little about
  relatedness, and walking them would make the computation quadratic again.

An outlet publishing an article is not a mention: every article of Fars News
Agency would otherwise be "related" to every other one.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from .registry import EntityRef, fold
from .resolve import Archive

PUBLISHING_ROLES = frozenset({"outlet", "original-outlet"})
"""Roles that say who published an article rather than what it is about."""

MAX_POSTINGS = 200
"""Entities mentioned in more articles than this do not make articles related."""

TYPE_WEIGHTS = {"event": 2.0}
"""Sharing an event is stronger evidence of relatedness than sharing a name."""

CO_MENTION_LIMIT = 12
"""How many co-mentioned entities an entity page shows."""

RELATED_LIMIT = 5
"""How many related articles an article page shows: the five that share the most telling
names. (Eight rows were a tenth of every article page; the others are a click away, on
the pages of the names the rows share.)"""


@dataclass(frozen=True)
class CoMention:
    """An entity mentioned in articles that involve another one."""

    ref: EntityRef
    count: int
    """Number of articles involving both."""


@dataclass(frozen=True)
class RelatedArticle:
    """An article sharing entities or events with another one."""

    article_id: str
    score: float
    """Sum of the weights of the shared entities."""
    shared: tuple[EntityRef, ...]
    """The shared entities, most telling (rarest) first."""


class Relations:
    """Co-mentions and related articles of one archive, computed on demand and cached.

    Every entity and article page asks once, so on-demand computation costs
    the same as computing everything up front, and nothing is computed for a
    page that is not built. Internally entities and articles are numbered
    (entities in name order, articles newest first): counting and ranking
    integers is several times faster than hashing records.
    """

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self._order = {article.id: index for index, article in enumerate(archive.articles)}
        self._co_mentions: dict[tuple[EntityRef, int], list[CoMention]] = {}
        self._related: dict[tuple[str, int], list[RelatedArticle]] = {}
        self._posting_sets: dict[int, frozenset[int]] = {}
        # Entity numbers follow (folded name, type, id): ranking ties by number is by name.
        self._refs = sorted(archive.involvement, key=lambda r: (
            fold(archive.entity(r).name), r.type, r.id))
        self._number = {ref: number for number, ref in enumerate(self._refs)}
        postings: list[list[int]] = [[] for _ in self._refs]
        mentions: list[list[int]] = [[] for _ in archive.articles]
        involved: list[list[int]] = [[] for _ in self._refs]
        for ref, roles_by_article in archive.involvement.items():
            number = self._number[ref]
            for article_id, roles in roles_by_article.items():
                position = self._order.get(article_id)
                if position is None:
                    continue
                involved[number].append(position)
                if not PUBLISHING_ROLES.issuperset(roles):  # (no new set per entry)
                    postings[number].append(position)
        for number, positions in enumerate(postings):
            positions.sort()
            for position in positions:
                mentions[position].append(number)
        for positions in involved:
            positions.sort()
        self._postings = postings
        """Entity number -> positions of the articles that mention it (not merely publish it)."""
        self._mentions = mentions
        """Article position -> numbers of the entities it mentions."""
        self._involved = involved
        """Entity number -> positions of the articles involving it in any role."""
        total = len(archive.articles)
        self._weights = [
            math.log((total + 1) / len(positions)) * TYPE_WEIGHTS.get(ref.type, 1.0)
            if positions else 0.0 for ref, positions in zip(self._refs, postings, strict=True)]

    def co_mentions(self, ref: EntityRef, limit: int = CO_MENTION_LIMIT) -> list[CoMention]:
        """The entities most often mentioned in the articles involving ``ref``.

        Counted over every article ``ref`` is involved in, in any role (so an
        outlet's co-mentions are what it reports on). Ties are broken by name.
        """
        key = (ref, limit)
        if key not in self._co_mentions:
            number = self._number.get(ref)
            counts: Counter[int] = Counter()
            for position in self._involved[number] if number is not None else ():
                counts.update(self._mentions[position])
            counts.pop(number, None)  # type: ignore[arg-type]
            # One integer per candidate, most articles first, then name order: ranked in C.
            size = len(self._refs)
            top = heapq.nsmallest(limit, [-count * size + other
                                          for other, count in counts.items()])
            self._co_mentions[key] = [CoMention(self._refs[k % size], -(k // size))
                                      for k in top]
        return self._co_mentions[key]

    def weight(self, ref: EntityRef) -> float:
        """How much sharing ``ref`` makes two articles related: rarer is stronger."""
        number = self._number.get(ref)
        return 0.0 if number is None else self._weights[number]

    def related_articles(self, article_id: str,
                         limit: int = RELATED_LIMIT) -> list[RelatedArticle]:
        """The articles sharing the most telling entities and events with ``article_id``."""
        key = (article_id, limit)
        if key not in self._related:
            position = self._order.get(article_id)
            weights, postings = self._weights, self._postings
            own = [n for n in (self._mentions[position] if position is not None else ())
                   if len(postings[n]) <= MAX_POSTINGS]
            own.sort(key=lambda n: -weights[n])  # rarest first; stable, so ties by name
            scores: dict[int, float] = defaultdict(float)
            for number in own:
                weight = weights[number]
                for other in postings[number]:
                    scores[other] += weight
            scores.pop(position, None)  # type: ignore[arg-type]
            # Highest score first, then newest (lowest position): tuples ranked in C.
            top = heapq.nlargest(limit, [(score, -other) for other, score in scores.items()])
            articles = self.archive.articles
            # Which entities explain each result: looked up for the few shown only.
            self._related[key] = [
                RelatedArticle(articles[-negative].id, round(score, 6),
                               tuple(self._refs[n] for n in own
                                     if -negative in self._posting_set(n)))
                for score, negative in top]
        return self._related[key]

    def relating(self, ref: EntityRef) -> list[str]:
        """Ids of the articles whose related articles ``ref`` counts towards: those that
        mention it, unless it is too common to relate articles at all."""
        number = self._number.get(ref)
        if number is None or len(self._postings[number]) > MAX_POSTINGS:
            return []
        return [self.archive.articles[position].id for position in self._postings[number]]

    def _posting_set(self, number: int) -> frozenset[int]:
        if number not in self._posting_sets:
            self._posting_sets[number] = frozenset(self._postings[number])
        return self._posting_sets[number]
