"""Resolving the corpus: check every reference, then compute who appears where.

Input: a loaded :class:`~build_tools.model.Corpus`. Output: an :class:`Archive`
(the corpus plus backlinks, in the order pages show them) and diagnostics.
No page is rendered before this has run over the whole corpus.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from . import bodies
from .diagnostics import Diagnostic, error, note, warning
from .mentions import Mention, MentionMatcher, NameSuggester, find_mentions
from .model import UNKNOWN, Article, Corpus, Entity, Event, Organization, Person, Place, Quote
from .overlap import SharedText, find_quote_copies, find_shared_text
from .quote_candidates import find_candidates
from .registry import AliasIndex, EntityRef, fold
from .schema import QUOTE_FIELDS, REPUBLICATION_FIELDS, SCHEMAS, FieldSpec, suggest

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
    involvement: dict[EntityRef, dict[str, set[str]]] = field(
        default_factory=lambda: defaultdict(dict))
    """Entity -> article id -> roles (see :data:`ROLE_LABELS`)."""
    quotes_by: dict[EntityRef, list[Quote]] = field(default_factory=lambda: defaultdict(list))
    """Speaker -> quotes, newest article first."""
    quotes_via: dict[str, list[Quote]] = field(default_factory=lambda: defaultdict(list))
    """Organization id -> quotes it carried."""
    republications: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Article id -> ids of articles that republish it."""
    plain_text: dict[str, str] = field(default_factory=dict)
    """Article id -> body as plain text."""
    mentions: dict[str, list[Mention]] = field(default_factory=dict)
    """Article id -> entity names found in its body, in reading order."""
    quote_copies: dict[str, list[Quote]] = field(default_factory=dict)
    """Quote anchor -> the same words carried by other articles, earliest first."""
    shared_text: dict[str, list[SharedText]] = field(default_factory=dict)
    """Article id -> articles it shares long passages with (republication, syndication)."""
    _position: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def ref(self, entity_id: str, types: Iterable[str]) -> EntityRef | None:
        """The entity ``entity_id`` names among ``types`` (first match), if any."""
        for entity_type in types:
            if entity_id in self.corpus.entities[entity_type]:
                return EntityRef(entity_type, entity_id)
        return None

    def entity(self, ref: EntityRef) -> Entity:
        return self.corpus.entities[ref.type][ref.id]

    def articles_of(self, ref: EntityRef) -> list[tuple[Article, set[str]]]:
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


def resolve(corpus: Corpus) -> tuple[Archive, list[Diagnostic]]:
    """Check every cross-file rule and build the :class:`Archive`."""
    resolver = _Resolver(corpus)
    resolver.run()
    return resolver.archive, resolver.diagnostics


class _Resolver:
    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.archive = Archive(corpus, AliasIndex(corpus))
        self.diagnostics: list[Diagnostic] = []
        self.matcher = MentionMatcher(self.archive.aliases, self.archive.aliases.spellings)
        self.suggester = NameSuggester(self.archive.aliases)

    def run(self) -> None:
        self.diagnostics += self.archive.aliases.conflicts()
        for entity in self.corpus.all_entities():
            self._check_refs(entity, SCHEMAS[entity.TYPE], self._entity_fields(entity))
        self._check_cycles("organization", "part_of")
        self._check_cycles("place", "within")
        for event in self.corpus.entities["event"].values():
            assert isinstance(event, Event)
            if event.end_date and event.end_date < event.date:
                self.diagnostics.append(error(event.path, event.lines.line("end_date"),
                                              f"end_date {event.end_date} is before date "
                                              f"{event.date}", "date"))
        urls_seen: dict[str, Article] = {}
        for article in sorted(self.corpus.articles.values(), key=lambda a: a.path):
            self._check_article(article, urls_seen)
        self.archive.articles = sorted(self.corpus.articles.values(),
                                       key=lambda a: (a.published, a.id), reverse=True)
        for article in self.archive.articles:
            self._index_article(article)
        for quotes in self.archive.quotes_by.values():
            quotes.sort(key=self._quote_order)
        for quotes in self.archive.quotes_via.values():
            quotes.sort(key=self._quote_order)
        all_quotes = [q for a in sorted(self.corpus.articles.values(), key=lambda a: a.id)
                      for q in a.quotes]
        self.archive.quote_copies = find_quote_copies(all_quotes, self.corpus.articles)
        self.archive.shared_text = find_shared_text(
            sorted(self.corpus.articles.values(), key=lambda a: a.id), self.archive.plain_text)

    def _quote_order(self, quote: Quote) -> tuple[Any, ...]:
        article = self.corpus.articles[quote.article]
        return (-article.published.year, -article.published.month, -article.published.day,
                quote.article, quote.line)

    # --- references ---------------------------------------------------------

    @staticmethod
    def _entity_fields(entity: Entity) -> dict[str, Any]:
        return {name: getattr(entity, name, None) for name in entity.__dataclass_fields__}

    def _check_refs(self, record: Article | Entity, specs: tuple[FieldSpec, ...],
                    values: dict[str, Any], key_path: tuple[Any, ...] = ()) -> None:
        for spec in specs:
            if spec.type not in ("ref", "refs"):
                continue
            value = values.get(spec.name)
            if not value or value == UNKNOWN:  # a missing required field: the schema said so
                continue
            items = value if isinstance(value, tuple) else (value,)
            for index, item in enumerate(items):
                if item == UNKNOWN and spec.allow_unknown:
                    continue
                path = key_path + (spec.name,) + ((index,) if isinstance(value, tuple) else ())
                self._check_ref(record, spec, item, record.lines.line(*path))
                if isinstance(record, Entity) and item == record.id and \
                        record.TYPE in spec.refs:
                    self.diagnostics.append(error(record.path, record.lines.line(*path),
                                                  f"'{spec.name}' refers to the entity itself",
                                                  "self-reference"))

    def _check_ref(self, record: Article | Entity, spec: FieldSpec, ref_id: str,
                   line: int) -> None:
        kinds = spec.refs
        if "tag" in kinds:
            if ref_id not in self.corpus.tags:
                hint = suggest(ref_id, self.corpus.tags)
                self.diagnostics.append(error(
                    record.path, line, f"unknown tag '{ref_id}'" +
                    (f"; did you mean '{hint}'?" if hint else
                     " (tags must be listed in corpus/tags.yml)"), "unknown-reference"))
            return
        if "article" in kinds:
            if ref_id not in self.corpus.articles:
                hint = suggest(ref_id, self.corpus.articles)
                self.diagnostics.append(error(
                    record.path, line, f"unknown article '{ref_id}'" +
                    (f"; did you mean '{hint}'?" if hint else ""), "unknown-reference"))
            return
        found = [t for t in kinds if ref_id in self.corpus.entities[t]]
        if len(found) > 1:
            self.diagnostics.append(error(
                record.path, line, f"'{ref_id}' is ambiguous here: both {_a(found[0])} and "
                f"{_a(found[1])} have this id; rename one of them", "ambiguous-reference"))
        if found:
            return
        self.diagnostics.append(error(record.path, line, self._unknown_message(ref_id, kinds),
                                      "unknown-reference"))

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
        values = {name: getattr(article, name) for name in article.__dataclass_fields__}
        self._check_refs(article, SCHEMAS["article"], values)
        for index, quote in enumerate(article.quotes):
            self._check_refs(article, _QUOTE_REFS,
                             {"by": quote.by, "via": quote.via}, ("quotes", index))
        origin = article.republished_from
        if origin is not None:
            self._check_refs(article, _REPUBLICATION_REFS,
                             {"article": origin.article, "outlet": origin.outlet},
                             ("republished_from",))
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
        tokens = bodies.parse(article.body)
        self.diagnostics += bodies.body_diagnostics(article.path, article.body_line, tokens)
        text = bodies.plain_text(tokens)
        self.archive.plain_text[article.id] = text
        self._find_mentions(article, tokens)
        haystack = bodies.normalise_for_quotes(text)
        for quote in article.quotes:
            needle = bodies.quote_core(quote.text)
            if needle and needle not in haystack:
                self.diagnostics.append(error(
                    article.path, quote.line,
                    f"quote text is not in the article body{_closest_passage(needle, haystack)}",
                    "quote-not-in-body"))

    @staticmethod
    def _metadata_links(article: Article) -> Iterator[tuple[tuple[str, ...], str | None, str]]:
        """Every entity reference in an article's metadata: (allowed types, id, role)."""
        yield ("organization",), article.outlet, "outlet"
        for author in article.authors or ():
            yield ("person",), author, "author"
        for types, ids in ((("person",), article.people),
                           (("organization",), article.organizations),
                           (("place",), article.places)):
            for entity_id in ids:
                yield types, entity_id, "named"
        for event_id in article.events:
            yield ("event",), event_id, "covered"
        for quote in article.quotes:
            yield ("person", "organization"), quote.by, "quoted"
            yield ("organization",), quote.via, "via"
        if article.republished_from is not None:
            yield ("organization",), article.republished_from.outlet, "original-outlet"

    def explicit_refs(self, article: Article) -> set[EntityRef]:
        """Entities the article's metadata names as involved (channels and originals aside)."""
        refs = set()
        for types, entity_id, role in self._metadata_links(article):
            if role not in ("via", "original-outlet") and entity_id:
                ref = self.archive.ref(entity_id, types)
                if ref:
                    refs.add(ref)
        return refs

    def _find_mentions(self, article: Article, tokens: list[Any]) -> None:
        ignored_refs = {EntityRef(t, i) for i in article.ignore_mentions
                        for t in self.corpus.entities if i in self.corpus.entities[t]}
        ignored_names = {fold(i) for i in article.ignore_mentions}
        mentions, unresolved = find_mentions(tokens, self.matcher, self.explicit_refs(article),
                                             ignored_refs, ignored_names)
        self.archive.mentions[article.id] = mentions
        for printed, line in unresolved:
            names = ", ".join(f"{r.type} '{r.id}'"
                              for r in self.archive.aliases.lookup(printed))
            self.diagnostics.append(note(
                article.path, article.body_line + line,
                f"'{printed}' may name {names}; it is not linked — list the one meant in the "
                "article's metadata, or add the name to ignore_mentions", "ambiguous-mention"))
        for candidate in find_candidates(article.body, mentions, [q.text for q in article.quotes]):
            who = (f"{candidate.speaker.type} '{candidate.speaker.id}'" if candidate.speaker
                   else "an unidentified speaker")
            words = candidate.text if len(candidate.text) <= 80 else candidate.text[:79] + "…"
            self.diagnostics.append(note(
                article.path, article.body_line + candidate.line,
                f"possible quote by {who} not recorded in quotes: “{words}”",
                "candidate-quote"))
        for printed, _known, ref, line in self.suggester.scan(tokens):
            entity = self.archive.entity(ref)
            self.diagnostics.append(warning(
                article.path, article.body_line + line,
                f"'{printed}' is not a registered name; did you mean {ref.type} '{ref.id}' "
                f"({entity.name})? If so, add '{printed}' to the aliases in {entity.path}",
                "unknown-name"))

    def _index_article(self, article: Article) -> None:
        involve = self.archive.involvement

        def add(types: tuple[str, ...], entity_id: str | None, role: str) -> None:
            if not entity_id or entity_id == UNKNOWN:
                return
            ref = self.archive.ref(entity_id, types)
            if ref is not None:
                involve[ref].setdefault(article.id, set()).add(role)

        for types, entity_id, role in self._metadata_links(article):
            add(types, entity_id, role)
        for mention in self.archive.mentions.get(article.id, ()):
            add((mention.ref.type,), mention.ref.id, "mentioned")
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


_QUOTE_REFS = tuple(spec for spec in QUOTE_FIELDS if spec.type == "ref")
_REPUBLICATION_REFS = tuple(spec for spec in REPUBLICATION_FIELDS if spec.type == "ref")


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _closest_passage(needle: str, haystack: str) -> str:
    """``; closest passage in the body: '…'`` — where the quote most likely was meant.

    Compares the quote with every run of as many words in the body; only runs
    for failing quotes, so the quadratic-looking scan costs nothing in practice.
    """
    words = haystack.split()
    size = len(needle.split())
    if not words or not size:
        return ""
    target = needle.casefold()
    best, best_ratio = "", 0.0
    for start in range(max(1, len(words) - size + 1)):
        window = " ".join(words[start:start + size])
        matcher = difflib.SequenceMatcher(None, window.casefold(), target, autojunk=False)
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = window, ratio
    if best_ratio < 0.6:
        return ""
    passage = best.strip(bodies.EDGE_PUNCTUATION)
    if len(passage) > 120:
        passage = passage[:117] + "…"
    return f"; closest passage in the body: '{passage}'"


def entity_types() -> tuple[type[Entity], ...]:
    return (Person, Organization, Place, Event)
