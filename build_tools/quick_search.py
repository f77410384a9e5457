"""The header search index: one short record per generated page, names and aliases included.

Material for MkDocs' header search loads ``search/search_index.json`` whole
into the reader's browser and builds a Lunr index from it. Left to itself,
Material puts the full text of every page section in that file, which grows
with the archive (tens of megabytes at ten thousand articles). Here every
generated page is instead one record holding its title, a one-line text and,
for an entity, every name it is known by. Full text is searched on
``/search/`` (see :mod:`build_tools.fulltext`).

Record fields follow Material's search index format: ``location`` (the page
path), ``title`` and ``text`` (HTML, shown in the result list), ``boost``
(multiplies the page's score), plus one field of our own, ``aliases``, which
Lunr indexes with the weight given in the index ``config`` but Material never
displays. The MkDocs plugin excludes generated pages from Material's own
indexing and calls :func:`merge_index` after Material wrote its file.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .model import Entity
from .pages import PageSpec
from .registry import fold
from .resolve import Archive

ALIASES_FIELD = "aliases"
"""Name of the extra Lunr field that holds every name of an entity."""

NAME_BOOST = 1000.0
"""Weight of the aliases field: an alias is a name, worth as much as a title
(Material weighs titles 1000 and text 1)."""

ENTITY_BOOST = 3.0
"""Score multiplier of person, organization and place pages, so that the page of
``Daesh`` comes before an article with Daesh in its headline."""

EVENT_BOOST = 2.0
"""Score multiplier of event pages: an event's name usually contains the names
of those involved (``ISIL attack in Salahuddin``), and a search for a name
should show the named entity before the events it took part in."""

_LUNR_SEPARATOR = re.compile(r"[\s\-]+")
"""Material's default token separator (``search.config.separator``)."""


@dataclass(frozen=True)
class QuickRecord:
    """One page in the header search index."""

    location: str
    """Site path of the page (``organizations/isil/``), as Material writes it."""
    title: str
    text: str
    """One line shown under the title in the result list (plain text)."""
    aliases: tuple[str, ...] = ()
    """Every other way the page's subject is written (searched, not shown)."""
    boost: float = 1.0

    def as_json(self) -> dict[str, Any]:
        """The record as Material's search worker reads it.

        Material treats ``title`` and ``text`` as HTML (its own indexer escapes
        page text), so ours are escaped too: an entity name is contributor
        input and must never become markup in the result list.
        """
        record: dict[str, Any] = {"location": self.location,
                                  "title": html.escape(self.title, quote=False),
                                  "text": html.escape(self.text, quote=False)}
        if self.aliases:
            record[ALIASES_FIELD] = [html.escape(a, quote=False) for a in self.aliases]
        if self.boost != 1.0:
            record["boost"] = self.boost
        return record


def searchable_names(entity: Entity) -> tuple[str, ...]:
    """The aliases of an entity plus the folded form of each name that folding changes.

    Lunr matches whole tokens (and prefixes), so ``Shaabi`` would not find
    ``Sha'abi``; the folded form ``hashd al shaabi`` (see
    :func:`build_tools.registry.fold`) makes spellings without apostrophes,
    diacritics or hyphens match too.
    """
    names: list[str] = list(entity.aliases)
    seen = {_LUNR_SEPARATOR.sub(" ", n.casefold()).strip() for n in entity.names}
    for name in entity.names:
        folded = fold(name)
        if folded and folded not in seen:
            seen.add(folded)
            names.append(folded)
    return tuple(names)


def entity_line(entity: Entity) -> str:
    """``Organization · armed group. Also written: ISIL, ISIS, Daesh.``"""
    kind = f" · {entity.kind.replace('-', ' ')}" if entity.kind else ""
    also = f" Also written: {', '.join(entity.aliases)}." if entity.aliases else ""
    return f"{entity.TYPE.capitalize()}{kind}.{also}"


def quick_records(archive: Archive, pages: Iterable[PageSpec]) -> list[QuickRecord]:
    """A record for each page: articles with outlet and date, entities with their names."""
    records = []
    for spec in pages:
        if spec.continues:  # page 2, 3… of a long list: its first page is the one to find
            continue
        entity = spec.context.get("entity")
        article = spec.context.get("article")
        if isinstance(entity, Entity):
            boost = EVENT_BOOST if entity.TYPE == "event" else ENTITY_BOOST
            records.append(QuickRecord(spec.path, spec.title, entity_line(entity),
                                       searchable_names(entity), boost))
        elif article is not None:
            outlet = archive.corpus.entity("organization", article.outlet)
            by = outlet.name if outlet else article.outlet
            records.append(QuickRecord(spec.path, spec.title,
                                       f"{by} · {article.published.display}"))
        else:
            records.append(QuickRecord(spec.path, spec.title, spec.description))
    return records


def merge_index(index_json: str, records: Iterable[QuickRecord]) -> str:
    """Material's index with our records in place of any entry for the same pages.

    Entries Material made for other pages (hand-written ones such as the
    contributing guide) are kept. The ``aliases`` field is declared in the
    index configuration unless ``mkdocs.yml`` already gives it a boost.
    """
    index = json.loads(index_json)
    ours = list(records)
    replaced = {r.location for r in ours}
    docs = [d for d in index.get("docs", [])
            if str(d.get("location", "")).partition("#")[0] not in replaced]
    docs += [r.as_json() for r in ours]
    index["docs"] = docs
    fields = index.setdefault("config", {}).setdefault("fields", {})
    fields.setdefault(ALIASES_FIELD, {"boost": NAME_BOOST})
    return json.dumps(index, separators=(",", ":"), ensure_ascii=False)
