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

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property

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

RELATED_LIMIT = 8
"""How many related articles an article page shows."""


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
    page that is not built.
    """

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self._order = {article.id: index for index, article in enumerate(archive.articles)}
        self._co_mentions: dict[EntityRef, list[CoMention]] = {}
        self._related: dict[str, list[RelatedArticle]] = {}

    @cached_property
    def postings(self) -> dict[EntityRef, list[str]]:
        """Entity -> ids of the articles that mention it (not merely publish it), newest first."""
        postings: dict[EntityRef, list[str]] = {}
        for ref, roles_by_article in self.archive.involvement.items():
            mentioned = [article_id for article_id, roles in roles_by_article.items()
                         if roles - PUBLISHING_ROLES and article_id in self._order]
            if mentioned:
                postings[ref] = sorted(mentioned, key=self._order.__getitem__)
        return postings

    @cached_property
    def mentions(self) -> dict[str, list[EntityRef]]:
        """Article id -> the entities it mentions (the inverse of :attr:`postings`)."""
        mentions: dict[str, list[EntityRef]] = defaultdict(list)
        for ref in sorted(self.postings, key=lambda r: (r.type, r.id)):
            for article_id in self.postings[ref]:
                mentions[article_id].append(ref)
        return dict(mentions)

    def co_mentions(self, ref: EntityRef, limit: int = CO_MENTION_LIMIT) -> list[CoMention]:
        """The entities most often mentioned in the articles involving ``ref``.

        Counted over every article ``ref`` is involved in, in any role (so an
        outlet's co-mentions are what it reports on). Ties are broken by name.
        """
        if ref not in self._co_mentions:
            counts: Counter[EntityRef] = Counter()
            for article_id in self.archive.involvement.get(ref, {}):
                counts.update(self.mentions.get(article_id, ()))
            counts.pop(ref, None)
            ranked = sorted(counts.items(), key=lambda item: (-item[1], *self._name_key(item[0])))
            self._co_mentions[ref] = [CoMention(other, count) for other, count in ranked]
        return self._co_mentions[ref][:limit]

    def weight(self, ref: EntityRef) -> float:
        """How much sharing ``ref`` makes two articles related: rarer is stronger."""
        frequency = len(self.postings.get(ref, ()))
        if not frequency:
            return 0.0
        idf = math.log((len(self._order) + 1) / frequency)
        return idf * TYPE_WEIGHTS.get(ref.type, 1.0)

    def related_articles(self, article_id: str,
                         limit: int = RELATED_LIMIT) -> list[RelatedArticle]:
        """The articles sharing the most telling entities and events with ``article_id``."""
        if article_id not in self._related:
            scores: dict[str, float] = defaultdict(float)
            shared: dict[str, list[EntityRef]] = defaultdict(list)
            own = [ref for ref in self.mentions.get(article_id, ())
                   if len(self.postings[ref]) <= MAX_POSTINGS]
            own.sort(key=lambda r: (-self.weight(r), *self._name_key(r)))
            for ref in own:
                weight = self.weight(ref)
                if weight <= 0:
                    continue
                for other in self.postings[ref]:
                    if other != article_id:
                        scores[other] += weight
                        shared[other].append(ref)
            ranked = sorted(scores, key=lambda other: (-scores[other], self._order[other]))
            self._related[article_id] = [
                RelatedArticle(other, round(scores[other], 6), tuple(shared[other]))
                for other in ranked]
        return self._related[article_id][:limit]

    def _name_key(self, ref: EntityRef) -> tuple[str, str, str]:
        return (fold(self.archive.entity(ref).name), ref.type, ref.id)
