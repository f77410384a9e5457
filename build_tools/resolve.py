"""Resolving the corpus: check every reference, then compute who appears where.

Input: a loaded :class:`~build_tools.model.Corpus`. Output: an :class:`Archive`
(the corpus plus backlinks, in the order pages show them) and diagnostics.
No page is rendered before this has run over the whole corpus.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .analysis_cache import AnalysisCache
from .analysis_runs import AnalysisStream
from .article_analysis import metadata_links
from .check_memory import CheckMemory
from .diagnostics import Diagnostic, error, warning
from .mentions import Mention
from .model import UNKNOWN, Article, Corpus, Entity, Event, Organization, Person, Place, Quote
from .overlap import SharedText, find_quote_copies, find_shared_text
from .registry import AliasIndex, EntityRef, fold
from .schema import QUOTE_FIELDS, REPUBLICATION_FIELDS, SCHEMAS, FieldSpec, suggest
from .texts import Texts

ROLE_LABELS = {
    "outlet": "published it",
    "author": "author",
    "quoted": "quoted",
    "via": "carried a quote",
    "named": "named",
    "mentioned": "mentioned in the text",
    "covered": "covered",
    "original-outlet": "original outlet",
}
"""How an entity is involved in an article, as shown on the entity page."""


@dataclass
class Archive:
    """The resolved corpus: every record plus the cross-references pages need."""

    corpus: Corpus
    aliases: AliasIndex
    articles: list[Article] = field(default_factory=list)
    """Every article, newest first (ties broken by id)."""
    involvement: dict[EntityRef, dict[str, frozenset[str]]] = field(
        default_factory=lambda: defaultdict(dict))
    """Entity -> article id -> roles (see :data:`ROLE_LABELS`)."""
    involved_in: dict[str, dict[EntityRef, frozenset[str]]] = field(default_factory=dict)
    """Article id -> entity -> roles: :attr:`involvement` seen from each article (the same
    role sets), so that a page about one article need not scan every entity."""
    quotes_by: dict[EntityRef, list[Quote]] = field(default_factory=lambda: defaultdict(list))
    """Speaker -> quotes, newest article first."""
    quotes_via: dict[str, list[Quote]] = field(default_factory=lambda: defaultdict(list))
    """Organization id -> quotes it carried."""
    republications: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Article id -> ids of articles that republish it."""
    plain_text: Texts = field(default_factory=Texts)
    """Article id -> body as plain text (held as UTF-8: see :mod:`build_tools.texts`)."""
    mentions: dict[str, list[Mention]] = field(default_factory=dict)
    """Article id -> entity names found in its body, in reading order."""
    quote_copies: dict[str, list[Quote]] = field(default_factory=dict)
    """Quote anchor -> the same words carried by other articles, earliest first."""
    shared_text: dict[str, list[SharedText]] = field(default_factory=dict)
    """Article id -> articles it shares long passages with (republication, syndication)."""
    body_html: Texts = field(default_factory=Texts)
    """Article id -> safe HTML of its body, mentions linked relative to the article's page
    (held as UTF-8)."""
    _position: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def ref(self, entity_id: str, types: Iterable[str]) -> EntityRef | None:
        """The entity ``entity_id`` names among ``types`` (first match), if any."""
        for entity_type in types:
            if entity_id in self.corpus.entities[entity_type]:
                return EntityRef(entity_type, entity_id)
        return None

    def entity(self, ref: EntityRef) -> Entity:
        return self.corpus.entities[ref.type][ref.id]

    def articles_of(self, ref: EntityRef) -> list[tuple[Article, frozenset[str]]]:
        """Articles involving an entity, newest first, with the roles it plays in each."""
        # Sorts the entity's articles rather than scanning the archive's, which made the
        # entity pages cost articles x entities.
        involved = self.involvement.get(ref, {})
        ordered = sorted(involved, key=self._positions().__getitem__)
        return [(self.corpus.articles[i], involved[i]) for i in ordered]

    def _positions(self) -> dict[str, int]:
        """Article id -> index in :attr:`articles` (newest first)."""
        if len(self._position) != len(self.articles):
            self._position = {a.id: i for i, a in enumerate(self.articles)}
        return self._position

    def speaker(self, quote: Quote) -> Entity:
        ref = self.ref(quote.by, ("person", "organization"))
        assert ref is not None, "resolve() guarantees quote speakers exist"
        return self.entity(ref)


def resolve(corpus: Corpus, cache: AnalysisCache | None = None,
            jobs: int | None = None,
            memory: CheckMemory | None = None,
            analysis_inputs: dict[str, str] | None = None,
            diagnostics_only: bool = False,
            analyses: AnalysisStream | None = None) -> tuple[Archive, list[Diagnostic]]:
    """Check every cross-file rule and build the :class:`Archive`.

    ``cache``: where article analyses are reused from and stored (none: analyse every
    article). ``jobs``: processes for the analyses (see
    :class:`~build_tools.analysis_runs.AnalysisStream`).
    ``memory``: analyses kept in this process since the last check (see
    :mod:`build_tools.check_memory`). ``analysis_inputs``: article path -> its
    :func:`~build_tools.article_analysis.analysis_input`, where the loader kept it.
    ``diagnostics_only``: find every problem, but leave out of the archive what only its
    pages need (articles' text and mentions, involvement, quotes by speaker, shared text
    and quote copies; none of them yields a diagnostic): the archive then holds the
    corpus and its aliases only.
    ``analyses``: the stream the loader gave the articles to as it read them (see
    :func:`~build_tools.loader.load_corpus`), with the analyses it has begun; its cache,
    jobs and memory are then those used (and it is left open: its owner closes it).
    """
    stream = analyses or AnalysisStream(cache, jobs, memory)
    try:
        if stream.context is None:
            stream.begin(corpus)
        if analyses is None:
            inputs = analysis_inputs or {}
            for article in sorted(corpus.articles.values(), key=lambda a: a.path):
                stream.add(article, inputs.get(article.path))
        resolver = _Resolver(corpus, stream)
        resolver.run(diagnostics_only)
    finally:
        if analyses is None:
            stream.close()
    return resolver.archive, resolver.diagnostics


class _Resolver:
    def __init__(self, corpus: Corpus, analyses: AnalysisStream) -> None:
        assert analyses.context is not None
        self.corpus = corpus
        self.context = analyses.context
        self.archive = Archive(corpus, self.context.aliases)
        self.diagnostics: list[Diagnostic] = []
        self.analyses = analyses
        self.memory = analyses.memory

    def run(self, diagnostics_only: bool = False) -> None:
        self.diagnostics += self.archive.aliases.conflicts()
        for entity in self.corpus.all_entities():
            self._check_refs(entity, _REF_FIELDS[entity.TYPE], entity)
        self._check_cycles("organization", "part_of")
        self._check_cycles("place", "within")
        for event in self.corpus.entities["event"].values():
            assert isinstance(event, Event)
            if event.end_date and event.end_date < event.date:
                self.diagnostics.append(error(event.path, event.lines.line("end_date"),
                                              f"end_date {event.end_date} is before date "
                                              f"{event.date}", "date"))
        urls_seen: dict[str, Article] = {}
        by_path = sorted(self.corpus.articles.values(), key=lambda a: a.path)
        for article in by_path:
            self._check_article(article, urls_seen)
        context = self.context
        if diagnostics_only:
            for diagnostics in self.analyses.diagnostics(by_path):
                self.diagnostics += diagnostics
            return
        analyses = self.analyses.analyses(by_path)
        for article, analysis in zip(by_path, analyses, strict=True):
            self.diagnostics += analysis.diagnostics
            self.archive.plain_text[article.id] = analysis.plain_text
            self.archive.mentions[article.id] = list(analysis.mentions)
            self.archive.body_html[article.id] = analysis.body_html
        self.archive.articles = sorted(self.corpus.articles.values(),
                                       key=lambda a: (a.published, a.id), reverse=True)
        analysis_of = {a.id: analysis for a, analysis in zip(by_path, analyses, strict=True)}
        remembered = self.memory.involvement if self.memory is not None else {}
        involvement = {}
        for article in self.archive.articles:
            analysis = analysis_of[article.id]
            known = remembered.get(article.id)
            if known is not None and known[0] is article and known[1] is analysis and \
                    known[2] == context.fingerprint:
                refs = known[3]
            else:
                refs = self._involved_refs(article)
            involvement[article.id] = (article, analysis, context.fingerprint, refs)
            self._index_article(article, refs)
        if self.memory is not None:
            self.memory.involvement = involvement
        for quotes in self.archive.quotes_by.values():
            quotes.sort(key=self._quote_order)
        for quotes in self.archive.quotes_via.values():
            quotes.sort(key=self._quote_order)
        by_id = sorted(zip(by_path, analyses, strict=True), key=lambda pair: pair[0].id)
        self.archive.quote_copies = find_quote_copies(
            [quote for article, _analysis in by_id for quote in article.quotes],
            self.corpus.articles,
            [form for _article, analysis in by_id for form in analysis.quote_forms])
        self.archive.shared_text = find_shared_text(
            sorted(self.corpus.articles.values(), key=lambda a: a.id), self.archive.plain_text,
            {a.id: analysis.shingles for a, analysis in zip(by_path, analyses, strict=True)},
            self.memory.shared_text if self.memory is not None else None)

    def _quote_order(self, quote: Quote) -> tuple[Any, ...]:
        article = self.corpus.articles[quote.article]
        return (-article.published.year, -article.published.month, -article.published.day,
                quote.article, quote.line)

    # --- references ---------------------------------------------------------

    def _check_refs(self, record: Article | Entity, specs: tuple[FieldSpec, ...],
                    values: object, key_path: tuple[Any, ...] = ()) -> None:
        """Check the references among ``specs`` (reference fields only) read from the
        attributes of ``values`` (the record, or one of its quotes)."""
        for spec in specs:
            value = getattr(values, spec.name, None)
            if not value or value == UNKNOWN:  # a missing required field: the schema said so
                continue
            many = isinstance(value, tuple)
            for index, item in enumerate(value if many else (value,)):
                if item == UNKNOWN and spec.allow_unknown:
                    continue
                problem = self._ref_problem(spec, item)
                itself = isinstance(record, Entity) and item == record.id and \
                    record.TYPE in spec.refs
                if problem is None and not itself:
                    continue
                # Looked up for a problem only: almost every reference is fine.
                line = record.lines.line(*key_path, spec.name, *((index,) if many else ()))
                if problem is not None:
                    self.diagnostics.append(error(record.path, line, *problem))
                if itself:
                    self.diagnostics.append(error(record.path, line,
                                                  f"'{spec.name}' refers to the entity itself",
                                                  "self-reference"))

    def _ref_problem(self, spec: FieldSpec, ref_id: str) -> tuple[str, str] | None:
        """What is wrong with one reference (message, code), if anything."""
        kinds = spec.refs
        if "tag" in kinds:
            if ref_id in self.corpus.tags:
                return None
            hint = suggest(ref_id, self.corpus.tags)
            return (f"unknown tag '{ref_id}'" + (f"; did you mean '{hint}'?" if hint else
                                                 " (tags must be listed in corpus/tags.yml)"),
                    "unknown-reference")
        if "article" in kinds:
            if ref_id in self.corpus.articles:
                return None
            hint = suggest(ref_id, self.corpus.articles)
            return (f"unknown article '{ref_id}'" + (f"; did you mean '{hint}'?" if hint else ""),
                    "unknown-reference")
        entities = self.corpus.entities
        found = [t for t in kinds if ref_id in entities[t]]
        if len(found) > 1:
            return (f"'{ref_id}' is ambiguous here: both {_a(found[0])} and "
                    f"{_a(found[1])} have this id; rename one of them", "ambiguous-reference")
        if found:
            return None
        return self._unknown_message(ref_id, kinds), "unknown-reference"

    def _unknown_message(self, ref_id: str, kinds: tuple[str, ...]) -> str:
        wanted = " or ".join(kinds)
        message = f"unknown {wanted} '{ref_id}'"
        # 1. a name or alias written where the id was meant
        named = [r for r in self.archive.aliases.lookup(ref_id.replace("-", " "))
                 if r.type in kinds]
        if named:
            return f"{message}; did you mean '{named[0].id}'?"
        # 2. a misspelled id
        candidates = [i for t in kinds for i in self.corpus.entities[t]]
        hint = suggest(ref_id, candidates)
        if hint:
            return f"{message}; did you mean '{hint}'?"
        # 3. an alias spelled slightly differently
        names = {n: r for n, refs in self.archive.aliases.names().items()
                 for r in refs if r.type in kinds}
        close = difflib.get_close_matches(fold(ref_id.replace("-", " ")), list(names), 1, 0.8)
        if close:
            return f"{message}; did you mean '{names[close[0]].id}'?"
        # 4. the right id of the wrong type
        elsewhere = [t for t in self.corpus.entities if ref_id in self.corpus.entities[t]]
        if elsewhere:
            return f"{message}: '{ref_id}' is {_a(elsewhere[0])}, not {_a(wanted)}"
        section = {"person": "people", "organization": "organizations", "place": "places",
                   "event": "events"}[kinds[0]]
        return f"{message}; add corpus/{section}/{ref_id}.md if it is new"

    def _check_cycles(self, entity_type: str, attribute: str) -> None:
        entities = self.corpus.entities[entity_type]
        reported: set[str] = set()
        for start in sorted(entities):
            chain = [start]
            current = getattr(entities[start], attribute)
            while current in entities and current not in chain:
                chain.append(current)
                current = getattr(entities[current], attribute)
            if current == start and start not in reported and len(chain) > 1:
                reported.update(chain)
                entity = entities[start]
                loop = " -> ".join(chain + [start])
                self.diagnostics.append(error(entity.path, entity.lines.line(attribute),
                                              f"'{attribute}' forms a cycle: {loop}", "cycle"))

    # --- articles -----------------------------------------------------------

    def _check_article(self, article: Article, urls_seen: dict[str, Article]) -> None:
        """The article's metadata rules (its body is analysed by :mod:`article_analysis`)."""
        self._check_refs(article, _REF_FIELDS["article"], article)
        for index, quote in enumerate(article.quotes):
            self._check_refs(article, _QUOTE_REFS, quote, ("quotes", index))
        origin = article.republished_from
        if origin is not None:
            self._check_refs(article, _REPUBLICATION_REFS, origin, ("republished_from",))
            original = self.corpus.articles.get(origin.article or "")
            if origin.article == article.id:
                self.diagnostics.append(error(article.path, article.lines.line("republished_from"),
                                              "an article cannot be republished from itself",
                                              "self-reference"))
            elif original is not None and original.published > article.published:
                self.diagnostics.append(warning(
                    article.path, article.lines.line("republished_from"),
                    f"republished from '{original.id}', which was published later "
                    f"({original.published}) than this article ({article.published})", "date"))
        for key in ("url", "archive_url"):
            url = getattr(article, key)
            if key == "url" and url:
                normal = url.rstrip("/").lower()
                if normal in urls_seen:
                    other = urls_seen[normal]
                    self.diagnostics.append(error(
                        article.path, article.lines.line("url"),
                        f"the same url is given by {other.path}; is this article already in "
                        "the corpus?", "duplicate-url"))
                else:
                    urls_seen[normal] = article

    def _involved_refs(self, article: Article) -> list[tuple[EntityRef | None, str]]:
        """The entities involved in an article, with the role of each mention of them (an
        entity not in the registry: ``None``). They depend on the article, its analysis and
        the registry only, so a preview's re-check takes an unchanged article's from memory."""
        refs = [(self.archive.ref(entity_id, types), role)
                for types, entity_id, role in metadata_links(article)
                if entity_id and entity_id != UNKNOWN]
        # Each entity once, in the order first mentioned: an article names the same few
        # entities dozens of times. A mention's reference comes from the registry itself.
        refs += [(ref, "mentioned")
                 for ref in dict.fromkeys(m.ref for m in self.archive.mentions.get(article.id, ()))]
        return refs

    def _index_article(self, article: Article,
                       refs: list[tuple[EntityRef | None, str]]) -> None:
        collected: dict[EntityRef, set[str]] = {}
        for ref, role in refs:
            if ref is not None:
                collected.setdefault(ref, set()).add(role)
        # One role set per entity and article, shared by both indexes; equal sets are one
        # object (a handful of combinations for 100,000 pairs at 10,000 articles: 20 MB of
        # sets, which every render worker would also copy as it reads them).
        involved = {ref: _shared_roles(frozenset(roles)) for ref, roles in collected.items()}
        self.archive.involved_in[article.id] = involved
        involvement = self.archive.involvement
        for ref, roles in involved.items():
            involvement[ref][article.id] = roles
        for quote in article.quotes:
            speaker = self.archive.ref(quote.by, ("person", "organization"))
            if speaker is not None:
                self.archive.quotes_by[speaker].append(quote)
            if quote.via and quote.via in self.corpus.entities["organization"]:
                self.archive.quotes_via[quote.via].append(quote)
        origin = article.republished_from
        if origin is not None:
            if origin.article in self.corpus.articles:
                self.archive.republications[origin.article].append(article.id)


_ROLE_SETS: dict[frozenset[str], frozenset[str]] = {}
"""Every combination of roles met so far, to share one object for each."""


def _shared_roles(roles: frozenset[str]) -> frozenset[str]:
    """The one object for this combination of roles."""
    return _ROLE_SETS.setdefault(roles, roles)

_REF_FIELDS = {kind: tuple(spec for spec in specs if spec.type in ("ref", "refs"))
               for kind, specs in SCHEMAS.items()}
"""Record kind -> its fields that refer to other records."""
_QUOTE_REFS = tuple(spec for spec in QUOTE_FIELDS if spec.type in ("ref", "refs"))
_REPUBLICATION_REFS = tuple(spec for spec in REPUBLICATION_FIELDS if spec.type in ("ref", "refs"))


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def entity_types() -> tuple[type[Entity], ...]:
    return (Person, Organization, Place, Event)
