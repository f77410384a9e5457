"""Finding names in raw text: known entities, quotations and their speakers, and new names.

Used by ``python -m build_tools new`` to pre-fill an article's front matter.
Everything here proposes; the contributor decides. Matching works on word
tokens folded with :func:`build_tools.registry.fold`, so ``al-Ma’amouri``,
``Al-Ma'amouri`` and ``al Maamouri`` are one name, and always on whole words,
longest name first (``Hashd al-Shaabi's Division 26`` finds ``Hashd
al-Shaabi``, never ``al-Shaabi`` alone).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .model import Corpus
from .registry import EntityRef, fold

# Letters and digits joined by apostrophes (which fold away: Ma’amouri = Maamouri),
# except a final possessive 's, so that "Iraq's" is the word "Iraq".
_WORD = re.compile(r"[^\W_]+(?:['’ʼʿ‘`´ʾ](?![sS]\b)[^\W_]+)*")
_SENTENCE_END = re.compile(r"[.!?](?=[\s”\"’']|$)")

REPORTING_VERBS = frozenset("""
    said says say saying told tells tell added adds warned warns noted notes stated states
    explained explains declared declares announced announces stressed stresses emphasized
    emphasised insisted insists argued argues claimed claims asserted asserts affirmed affirms
    continued continues quoted revealed reveals urged urges remarked remarks wrote writes
    reiterated reiterates underlined underlines concluded concludes according
""".split())
"""Words that attribute a quotation (``said``, ``told``, ``added``, ``warned``, ``noted``…)."""

_PRONOUNS = frozenset({"he", "she"})
_VIA_CUE = re.compile(r"\b(?:told|to|by|with)\b[^.;:]{0,40}$", re.IGNORECASE)
_CONNECTORS = frozenset({"al", "el", "bin", "ibn", "bint", "abu", "of", "de", "van", "von"})
"""Lowercase words that may sit inside a name (``Council of Representatives``, ``al-Bayati``)."""
_NOT_NAMES = frozenset("""
    the a an in on at as by for from to of and or but if when while after before since during
    this that these those his her its their our we he she it they there here then thus also
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december early late earlier later speaking
    comment according meanwhile however yet so some all most many several such other another
    prime minister president vice deputy general lieutenant colonel major commander chairman
    director secretary spokesman spokeswoman sheikh mr mrs ms dr minister designate
""".split())
"""Capitalised words that start sentences, name days and months, or are titles, not names."""

VERB_REACH = 30
"""Characters after a reporting verb in which its subject may still stand ("said al-Hayes")."""

MIN_QUOTE_WORDS = 4
"""Shorter quoted phrases with no attributed speaker are scare quotes, not quotations."""

NEAR_MATCH_CUTOFF = 0.75
"""Similarity above which a known name is shown beside a new one as a possible match."""

SPELLING_CUTOFF = 0.8
"""A single capitalised word this close to a known name is listed as a likely misspelling
(``Diyali`` for ``Diyala``); other single words are too often ordinary capitalised words."""


@dataclass(frozen=True)
class Token:
    """A word of a paragraph: its text, folded form and character offsets."""

    text: str
    folded: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """A known entity named in the text."""

    ref: EntityRef
    paragraph: int
    start: int
    end: int
    text: str
    """The words as printed."""


@dataclass(frozen=True)
class Ambiguity:
    """A name that several entities bear: never pre-filled, always listed."""

    text: str
    paragraph: int
    refs: tuple[EntityRef, ...]


@dataclass(frozen=True)
class QuoteCandidate:
    """A span in quotation marks, with the speaker the text most likely gives it."""

    text: str
    """The words inside the quotation marks, verbatim."""
    paragraph: int
    speaker: EntityRef | None
    via: EntityRef | None
    reason: str
    """How the speaker was found, e.g. ``named after the quote ('al-Hayes warned')``."""
    inferred: bool = False
    """True when the speaker comes from a pronoun or proximity rather than a name."""


@dataclass(frozen=True)
class NewName:
    """Something that looks like a name of a person or organization but matches no entity."""

    text: str
    paragraph: int
    count: int
    near: tuple[tuple[EntityRef, str, float], ...]
    """Known entities with a similar name: (entity, that name, similarity 0–1)."""


@dataclass
class TextScan:
    """Everything found in an article's paragraphs."""

    mentions: list[Mention] = field(default_factory=list)
    ambiguous: list[Ambiguity] = field(default_factory=list)
    quotes: list[QuoteCandidate] = field(default_factory=list)
    short_quotes: list[tuple[str, int]] = field(default_factory=list)
    """Quoted phrases too short to be quotations, and their paragraph."""
    new_names: list[NewName] = field(default_factory=list)

    def found(self, entity_type: str) -> list[str]:
        """Ids of the entities of one type named in the text, in order of first mention."""
        seen: dict[str, None] = {}
        for mention in self.mentions:
            if mention.ref.type == entity_type:
                seen.setdefault(mention.ref.id, None)
        return list(seen)


def tokenize(text: str) -> list[Token]:
    """The words of ``text`` with their folded forms."""
    return [Token(m.group(), fold(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


def _is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper()


@dataclass(frozen=True)
class _Pattern:
    """One spelling of a name: folded words, and which words must be capitalised as printed."""

    refs: tuple[EntityRef, ...]
    acronym: tuple[bool, ...]
    """Word is an acronym (``US``, ``PMU``): the text must have it in capitals too."""
    capital: tuple[bool, ...]
    """Word is capitalised (``Babel``): the text must not have it in lowercase."""


class NameMatcher:
    """Whole-word, longest-first matching of every name and alias of a corpus."""

    def __init__(self, corpus: Corpus) -> None:
        by_key: dict[tuple[str, ...], list[tuple[EntityRef, str]]] = defaultdict(list)
        self.display: dict[EntityRef, str] = {}
        for entity in corpus.all_entities():
            ref = EntityRef(entity.TYPE, entity.id)
            self.display[ref] = entity.name
            for name in entity.names:
                key = tuple(t.folded for t in tokenize(name))
                if key:
                    by_key[key].append((ref, name))
        self._patterns: dict[tuple[str, ...], list[_Pattern]] = {}
        for key, named in by_key.items():
            refs = tuple(dict.fromkeys(ref for ref, _ in named))
            patterns = {}
            for _, name in named:
                words = [t.text for t in tokenize(name)]
                acronym = tuple(_is_acronym(w) for w in words)
                capital = tuple(w[:1].isupper() and not a
                                for w, a in zip(words, acronym, strict=True))
                patterns[(acronym, capital)] = _Pattern(refs, acronym, capital)
            self._patterns[key] = list(patterns.values())
        self.longest = max((len(k) for k in self._patterns), default=0)
        self.names: dict[str, list[EntityRef]] = defaultdict(list)
        """Folded name -> entities, for near-match suggestions."""
        for key, named in by_key.items():
            for ref in dict.fromkeys(r for r, _ in named):
                self.names[" ".join(key)].append(ref)
        self._name_list = list(self.names)

    def match_at(self, tokens: Sequence[Token], index: int) -> tuple[int, tuple[EntityRef, ...]]:
        """Length (in words) and entities of the longest name starting at ``tokens[index]``."""
        for length in range(min(self.longest, len(tokens) - index), 0, -1):
            window = tokens[index:index + length]
            for pattern in self._patterns.get(tuple(t.folded for t in window), ()):
                if all(_case_fits(t.text, a, c)
                       for t, a, c in zip(window, pattern.acronym, pattern.capital, strict=True)):
                    return length, pattern.refs
        return 0, ()

    def near_matches(self, name: str, limit: int = 3) -> tuple[tuple[EntityRef, str, float], ...]:
        """Known names most similar to ``name``: (entity, folded name, similarity 0–1).

        Similarity is RapidFuzz's ``ratio`` (the normalised Indel similarity,
        difflib's ratio computed exactly), on folded names. RapidFuzz rather
        than difflib: 30 look-ups among 50,000 names take 0.25 s instead of
        12 s, and the best match agrees in 28 of 30 cases.
        """
        matches = process.extract(fold(name), self._name_list, scorer=fuzz.ratio, limit=limit,
                                  score_cutoff=NEAR_MATCH_CUTOFF * 100)
        found = [(ref, candidate, round(score / 100, 2))
                 for candidate, score, _ in matches for ref in self.names[candidate]]
        return tuple(found[:limit])


def _case_fits(printed: str, acronym: bool, capital: bool) -> bool:
    if acronym:
        return printed.isupper()
    if capital:
        return not printed.islower()
    return True


def scan(paragraphs: Sequence[str], matcher: NameMatcher) -> TextScan:
    """Find known entities, quotations with likely speakers, and new names in ``paragraphs``."""
    result = TextScan()
    tokens_by_paragraph = [tokenize(p) for p in paragraphs]
    for number, tokens in enumerate(tokens_by_paragraph):
        _find_mentions(paragraphs[number], number, tokens, matcher, result)
    _find_quotes(paragraphs, matcher, result)
    _find_new_names(paragraphs, tokens_by_paragraph, matcher, result)
    return result


def _find_mentions(text: str, number: int, tokens: list[Token], matcher: NameMatcher,
                   result: TextScan) -> None:
    index = 0
    while index < len(tokens):
        length, refs = matcher.match_at(tokens, index)
        if not length:
            index += 1
            continue
        start, end = tokens[index].start, tokens[index + length - 1].end
        if len(refs) == 1:
            result.mentions.append(Mention(refs[0], number, start, end, text[start:end]))
        else:
            result.ambiguous.append(Ambiguity(text[start:end], number, refs))
        index += length


# --- quotations ------------------------------------------------------------------

_CURLY = re.compile(r"“([^“”]+)”")
_STRAIGHT = re.compile(r"\"([^\"]+)\"")


def _quote_spans(paragraph: str) -> list[tuple[int, int, str]]:
    """(start, end, inner text) of every span in curly or straight double quotation marks."""
    spans = [(m.start(), m.end(), m.group(1)) for m in _CURLY.finditer(paragraph)]
    for m in _STRAIGHT.finditer(paragraph):
        if not any(s <= m.start() < e for s, e, _ in spans):
            spans.append((m.start(), m.end(), m.group(1)))
    return sorted(spans)


def _sentence_after(paragraph: str, end: int) -> tuple[int, int]:
    """Offsets of the text from ``end`` to the end of its sentence (at most 250 characters)."""
    stop = _SENTENCE_END.search(paragraph, end)
    return end, min(stop.end() if stop else len(paragraph), end + 250)


def _sentence_before(paragraph: str, start: int) -> tuple[int, int]:
    """Offsets of the text from the start of the sentence to ``start``."""
    begin = 0
    for match in _SENTENCE_END.finditer(paragraph, 0, start):
        begin = match.end()
    return max(begin, start - 250), start


def _words(text: str) -> list[str]:
    return [t.folded for t in tokenize(text)]


def _find_quotes(paragraphs: Sequence[str], matcher: NameMatcher, result: TextScan) -> None:
    by_paragraph: dict[int, list[Mention]] = defaultdict(list)
    for mention in result.mentions:
        by_paragraph[mention.paragraph].append(mention)
    spans_by_paragraph = [_quote_spans(p) for p in paragraphs]

    def outside_quotes(mention: Mention) -> bool:
        return not any(s <= mention.start < e for s, e, _ in spans_by_paragraph[mention.paragraph])

    def last_person_before(paragraph: int, offset: int) -> Mention | None:
        for number in range(paragraph, max(-1, paragraph - 4), -1):
            candidates = [m for m in by_paragraph[number] if m.ref.type == "person"
                          and outside_quotes(m) and (number < paragraph or m.end <= offset)]
            if candidates:
                return candidates[-1]
        return None

    for number, paragraph in enumerate(paragraphs):
        for start, end, inner in spans_by_paragraph[number]:
            text = inner.strip()
            if not text:
                continue
            candidate = _attribute(paragraph, number, start, end, text, by_paragraph[number],
                                   last_person_before)
            if candidate is not None:
                result.quotes.append(candidate)
            elif len(text.split()) >= MIN_QUOTE_WORDS:
                guess = last_person_before(number, start)
                reason = "no speaker named with a reporting verb"
                if guess is not None:
                    reason += f"; the last person named before it is {guess.ref.id}"
                result.quotes.append(QuoteCandidate(text, number, None, None, reason))
            else:
                result.short_quotes.append((text, number))


def _attribute(paragraph: str, number: int, start: int, end: int, text: str,
               mentions: list[Mention],
               last_person_before: Callable[[int, int], Mention | None]) -> QuoteCandidate | None:
    """The speaker of the quote at ``paragraph[start:end]``, when the sentence gives one."""
    for low, high, where in (_sentence_after(paragraph, end) + ("after",),
                             _sentence_before(paragraph, start) + ("before",)):
        window = paragraph[low:high]
        verbs = [low + t.start for t in tokenize(window) if t.folded in REPORTING_VERBS]
        if not verbs:
            continue
        clip = window.strip(" ,")[:70]
        people_first = {"person": 0, "organization": 1}
        if where == "after":
            # the speaker is the subject of the first reporting verb ("X, the chairman of Y,
            # told"), or follows it closely ("said X"); a name further on is someone else
            named = [m for m in mentions if low <= m.start and m.end <= high
                     and m.ref.type in people_first and m.start <= verbs[0] + VERB_REACH]
            named.sort(key=lambda m: (people_first[m.ref.type], m.start))
        else:
            # "X said: “…”": the name closest to the quotation mark that precedes a verb
            named = [m for m in mentions if low <= m.start and m.end <= high
                     and m.ref.type in people_first and m.end <= verbs[-1]]
            named.sort(key=lambda m: (people_first[m.ref.type], -m.start))
        if named:
            speaker = named[0]
            via = _via(paragraph, low, [m for m in mentions if low <= m.start < high], speaker)
            return QuoteCandidate(text, number, speaker.ref, via,
                                  f"named {where} the quote ('{clip}')")
        words = _words(window)
        pronoun = words[:2] if where == "after" else words[-3:]
        if _PRONOUNS.intersection(pronoun):
            previous = last_person_before(number, start)
            if previous is not None:
                return QuoteCandidate(text, number, previous.ref, None,
                                      f"'{clip}' refers to {previous.text}, the last person "
                                      "named before it", inferred=True)
    return None


def _via(paragraph: str, low: int, named: list[Mention], speaker: Mention) -> EntityRef | None:
    """An organization the words were told to or quoted by, in the attribution."""
    for mention in named:
        if mention is speaker or mention.ref.type != "organization":
            continue
        if _VIA_CUE.search(paragraph[low:mention.start]):
            return mention.ref
    return None


# --- new names ---------------------------------------------------------------------

def _is_capitalised(token: Token) -> bool:
    return token.text[:1].isupper() and token.folded not in _NOT_NAMES


def _joined(paragraph: str, left: Token, right: Token) -> bool:
    """Two words belong to one name only if nothing but a space or hyphen separates them."""
    return paragraph[left.end:right.start] in (" ", "-")


def _find_new_names(paragraphs: Sequence[str], tokens_by_paragraph: list[list[Token]],
                    matcher: NameMatcher, result: TextScan) -> None:
    covered: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for mention in result.mentions:
        covered[mention.paragraph].append((mention.start, mention.end))
    for ambiguity in result.ambiguous:
        start = paragraphs[ambiguity.paragraph].find(ambiguity.text)
        covered[ambiguity.paragraph].append((start, start + len(ambiguity.text)))
    found: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for number, tokens in enumerate(tokens_by_paragraph):
        paragraph = paragraphs[number]
        free = [t for t in tokens if not any(s <= t.start < e for s, e in covered[number])]
        in_names: set[int] = set()
        for run in _capitalised_runs(paragraph, free):
            if _looks_like_name(paragraph, run):
                found[fold(paragraph[run[0].start:run[-1].end])].append(
                    (paragraph[run[0].start:run[-1].end], number))
                in_names.update(t.start for t in run)
        for token in free:  # a single word is listed only as a likely misspelling of a name
            if token.start in in_names or not _is_capitalised(token) or \
                    len(token.folded) < 5 or token.folded in matcher.names:
                continue
            near = matcher.near_matches(token.text, limit=1)
            if near and near[0][2] >= SPELLING_CUTOFF and \
                    not _derived(token.folded, near[0][1]):
                found[token.folded].append((token.text, number))
    for occurrences in found.values():
        text, number = occurrences[0]
        result.new_names.append(NewName(text, number, len(occurrences),
                                        matcher.near_matches(text)))


def _derived(word: str, name: str) -> bool:
    """``Iraqi`` from ``Iraq``, ``Syrians`` from ``Syria``: a derived word, not a misspelling."""
    return word.startswith(name) and len(word) - len(name) <= 3


def _capitalised_runs(paragraph: str, tokens: list[Token]) -> Iterable[list[Token]]:
    """Maximal runs of capitalised words (connectors inside) joined by spaces or hyphens."""
    run: list[Token] = []
    for token in tokens:
        joins = bool(run) and _joined(paragraph, run[-1], token)
        if _is_capitalised(token) or (token.folded in _CONNECTORS and (not run or joins)):
            if run and not joins:
                yield _trim(run)
                run = []
            run.append(token)
        else:
            if run:
                yield _trim(run)
            run = []
    if run:
        yield _trim(run)


def _trim(run: list[Token]) -> list[Token]:
    while run and run[-1].folded in _CONNECTORS:
        run = run[:-1]
    while run and run[0].folded in _CONNECTORS - {"al", "el", "abu"}:
        run = run[1:]
    return run


def _looks_like_name(paragraph: str, run: list[Token]) -> bool:
    """Two or more capitalised words, or an Arabic-style ``al-`` name such as ``al-Bayati``."""
    if not run:
        return False
    capitalised = [t for t in run if t.folded not in _CONNECTORS]
    if len(capitalised) >= 2:
        return True
    first = run[0]
    return len(run) >= 2 and first.folded in ("al", "el") and _joined(paragraph, first, run[1]) \
        and paragraph[first.end:run[1].start] == "-"
