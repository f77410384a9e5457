"""The analysis of one article body: everything the check reads from it, in one parse.

The body is parsed once, and from that one token stream come its problems,
its plain text, the entity mentions, candidate quotes, near-spellings of known
names, the check of its recorded quotes, the words for the shared-text search
and the safe HTML of the body with the mentions linked. The result depends
only on the article and on the registry of entities (their ids, sections and
names), which :class:`AnalysisContext` holds; so articles are analysed
independently (in parallel, see :mod:`build_tools.analysis_runs`) and the
result of an unchanged article under an unchanged registry can be reused
(see :mod:`build_tools.analysis_cache`).
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from markdown_it.token import Token

from . import bodies, urls
from .diagnostics import Diagnostic, error, note, warning
from .folding import fold
from .mentions import (
    InlineTexts,
    Mention,
    MentionMatcher,
    NameSuggester,
    find_mentions,
    first_links,
)
from .model import Article, Corpus
from .overlap import QuoteForm, TextShingles, quote_form, text_shingles
from .quote_candidates import find_candidates
from .registry import AliasIndex, EntityRef

_CODE_MODULES = ("article_analysis", "bodies", "diagnostics", "folding", "mentions", "model",
                 "overlap", "quote_candidates", "registry", "urls")


def code_version(modules: Sequence[str]) -> str:
    """A digest of the source of ``modules`` (of this package), so that cached results of
    changed code are never reused."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in modules:
        digest.update(name.encode() + b"\0" + (here / f"{name}.py").read_bytes() + b"\0")
    return digest.hexdigest()


CODE_VERSION = code_version(_CODE_MODULES)
"""Digest of every module the analysis runs."""


@dataclass(frozen=True)
class ArticleAnalysis:
    """What one article's body says, under one registry."""

    diagnostics: tuple[Diagnostic, ...]
    """Body problems, unverifiable quotes, ambiguous mentions, candidate quotes, near-spellings."""
    plain_text: str
    """The body as plain text."""
    mentions: tuple[Mention, ...]
    """Entity names found in the body, in reading order."""
    body_html: str
    """Safe HTML of the body with the first mention of each entity (and spelling) linked,
    relative to the article's own page."""
    shingles: TextShingles
    """The words of the plain text, encoded for the shared-text search."""
    quote_forms: tuple[QuoteForm, ...]
    """The words of each of the article's quotes, as the search for copies compares them."""


class AnalysisContext:
    """The registry as the analysis of an article sees it: entity ids, sections and names.

    :attr:`fingerprint` changes whenever anything the analysis reads from the
    registry changes (or the analysis code itself), and is part of every cache key.
    """

    def __init__(self, corpus: Corpus, aliases: AliasIndex) -> None:
        self.entities: dict[str, dict[str, tuple[str, str, str]]] = {
            entity_type: {entity_id: (entity.SECTION, entity.name, entity.path)
                          for entity_id, entity in records.items()}
            for entity_type, records in corpus.entities.items()}
        """Entity type -> id -> (section, display name, file)."""
        self.aliases = aliases
        self.matcher = MentionMatcher(aliases, aliases.spellings)
        self.suggester = NameSuggester(aliases)
        digest = hashlib.sha256(CODE_VERSION.encode())
        for entity_type in sorted(self.entities):
            for entity_id, described in sorted(self.entities[entity_type].items()):
                digest.update(repr((entity_type, entity_id, described)).encode())
        for name, refs in sorted(aliases.names().items()):
            digest.update(repr((name, refs, aliases.spellings.get(name))).encode())
        self.fingerprint = digest.hexdigest()

    def ref(self, entity_id: str | None, types: tuple[str, ...]) -> EntityRef | None:
        """The entity ``entity_id`` names among ``types`` (first match), if any."""
        for entity_type in types:
            if entity_id in self.entities[entity_type]:
                return EntityRef(entity_type, entity_id)
        return None

    def explicit_refs(self, article: Article) -> set[EntityRef]:
        """Entities the article's metadata names as involved (channels and originals aside)."""
        refs = set()
        for types, entity_id, role in metadata_links(article):
            if role not in ("via", "original-outlet") and entity_id:
                ref = self.ref(entity_id, types)
                if ref:
                    refs.add(ref)
        return refs

    def key(self, article: Article, article_input: str | None = None) -> str:
        """The cache key of an article's analysis: a digest of everything it reads.

        ``article_input``: the article's :func:`analysis_input`, if already computed."""
        digest = hashlib.sha256(self.fingerprint.encode())
        digest.update(b"\0" + (article_input or analysis_input(article)).encode())
        return digest.hexdigest()


def analysis_input(article: Article) -> str:
    """A digest of everything the analysis reads from an article record (its registry aside).

    Computed once per record when the file is loaded (see
    :class:`~build_tools.check_memory.LoadedFile`): hashing every body again took about half
    a second of a warm check at 10,000 articles."""
    metadata = (article.path, article.id, article.year, article.body_line,
                [(q.by, q.text, q.line) for q in article.quotes],
                article.ignore_mentions, list(metadata_links(article)))
    digest = hashlib.sha256(repr(metadata).encode())  # repr quotes strings: no run-ons
    digest.update(b"\0")
    digest.update(article.body.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def metadata_links(article: Article) -> Iterator[tuple[tuple[str, ...], str | None, str]]:
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


def analyse_article(article: Article, context: AnalysisContext) -> ArticleAnalysis:
    """Parse an article's body once and read everything the check and the site need from it."""
    tokens = bodies.parse(article.body)
    diagnostics = bodies.body_diagnostics(article.path, article.body_line, tokens)
    text = bodies.plain_text(tokens)
    haystack = bodies.normalise_for_quotes(text)
    for quote in article.quotes:
        needle = bodies.quote_core(quote.text)
        if needle and needle not in haystack:
            diagnostics.append(error(
                article.path, quote.line,
                f"quote text is not in the article body{closest_passage(needle, haystack)}",
                "quote-not-in-body"))
    inlines = InlineTexts(tokens)
    mentions = _mentions(article, inlines, context, diagnostics)
    for candidate in find_candidates(article.body, mentions, [q.text for q in article.quotes]):
        who = (f"{candidate.speaker.type} '{candidate.speaker.id}'" if candidate.speaker
               else "an unidentified speaker")
        words = candidate.text if len(candidate.text) <= 80 else candidate.text[:79] + "…"
        diagnostics.append(note(
            article.path, article.body_line + candidate.line,
            f"possible quote by {who} not recorded in quotes: “{words}”", "candidate-quote"))
    for printed, _known, ref, line in context.suggester.scan(tokens, inlines):
        _section, name, path = context.entities[ref.type][ref.id]
        diagnostics.append(warning(
            article.path, article.body_line + line,
            f"'{printed}' is not a registered name; did you mean {ref.type} '{ref.id}' "
            f"({name})? If so, add '{printed}' to the aliases in {path}", "unknown-name"))
    return ArticleAnalysis(tuple(diagnostics), text, tuple(mentions),
                           _body_html(article, tokens, mentions, context), text_shingles(text),
                           tuple(quote_form(quote.text) for quote in article.quotes))


def _mentions(article: Article, inlines: InlineTexts, context: AnalysisContext,
              diagnostics: list[Diagnostic]) -> list[Mention]:
    ignored_refs = {EntityRef(t, i) for i in article.ignore_mentions
                    for t in context.entities if i in context.entities[t]}
    ignored_names = {fold(i) for i in article.ignore_mentions}
    mentions, unresolved = find_mentions(inlines.tokens, context.matcher,
                                         context.explicit_refs(article), ignored_refs,
                                         ignored_names, inlines)
    for printed, line in unresolved:
        names = ", ".join(f"{r.type} '{r.id}'" for r in context.aliases.lookup(printed))
        diagnostics.append(note(
            article.path, article.body_line + line,
            f"'{printed}' may name {names}; it is not linked — list the one meant in the "
            "article's metadata, or add the name to ignore_mentions", "ambiguous-mention"))
    return mentions


def _body_html(article: Article, tokens: list[Token], mentions: list[Mention],
               context: AnalysisContext) -> str:
    page = urls.article_path(article.id, article.year)
    plan: bodies.LinkPlan = {}
    for place, linked in first_links(mentions).items():
        plan[place] = []
        for mention in linked:
            section, name, _path = context.entities[mention.ref.type][mention.ref.id]
            href = urls.relative_url(urls.entity_path(section, mention.ref.id), page)
            plan[place].append(bodies.InlineLink(mention.start, mention.end, href, name))
    return bodies.render_html(tokens, plan)


def closest_passage(needle: str, haystack: str) -> str:
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
