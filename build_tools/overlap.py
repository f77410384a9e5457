"""The same words, elsewhere: quotes carried by several articles, and republished text.

Both use word shingles (runs of consecutive folded words, hashed with CRC-32
so results do not depend on Python's per-process hash seed) and an inverted
index from shingle to documents, so candidate pairs come from shared shingles
and the work stays near-linear in the size of the corpus: no pair of articles
that shares nothing is ever compared. Shingles found in very many documents
(boilerplate, set phrases) are ignored.
"""

from __future__ import annotations

import difflib
import functools
import re
import zlib
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .bodies import quote_core
from .model import Article, Quote
from .registry import fold

QUOTE_SHINGLE = 3
QUOTE_MIN_RATIO = 0.8
"""Two quotes are "the same words" at this similarity of their folded text."""
QUOTE_MIN_SHARED = 0.4
"""Share of the shorter quote's shingles two quotes must share to be compared at all."""

TEXT_SHINGLE = 8
TEXT_SAMPLE = 4
"""Only shingles whose hash is divisible by this are indexed (a fixed, content-defined sample)."""
TEXT_MIN_SHARE = 0.3
"""An article "shares text" with another when at least this share of its shingles recur there."""
TEXT_MIN_SHINGLES = 15
MAX_POSTINGS = 40
"""A shingle in more documents than this is boilerplate and is not used to pair them."""


_WORD = re.compile(r"\w+")


class _Vocabulary:
    """Folded words -> stable integer ids (their CRC-32), each word hashed once.

    A shingle is then the hash of a tuple of integers, computed in C; integer
    hashing, unlike string hashing, does not change between Python processes,
    so the results are the same on every build.
    """

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def encode(self, text: str) -> list[int]:
        return self.encode_words(_WORD.findall(fold(text)))

    def encode_words(self, words: Iterable[str]) -> list[int]:
        words = list(words)
        ids = self.ids
        found = list(map(ids.get, words))  # (in C: most words are known)
        if None in found:
            for word in words:
                if word not in ids:
                    ids[word] = zlib.crc32(word.encode())
            return [ids[word] for word in words]
        return found  # type: ignore[return-value]  # (no None in it)


def _shingles(words: Sequence[int], size: int) -> set[int]:
    if len(words) < size:
        return {hash(tuple(words))} if words else set()
    return {hash(tuple(words[i:i + size])) for i in range(len(words) - size + 1)}


def _sampled_shingles(words: Sequence[int], size: int, sample: int) -> set[int]:
    """The shingles that start at a word whose id is divisible by ``sample``: a fixed,
    content-defined subset, so two copies of a passage sample the same shingles."""
    return {hash(tuple(words[i:i + size])) for i in range(len(words) - size + 1)
            if words[i] % sample == 0}


def _candidate_pairs(postings: Iterable[list[int]]) -> Counter[tuple[int, int]]:
    pairs: Counter[tuple[int, int]] = Counter()
    for docs in postings:
        if len(docs) < 2 or len(docs) > MAX_POSTINGS:
            continue
        for i, a in enumerate(docs):
            for b in docs[i + 1:]:
                pairs[(a, b)] += 1
    return pairs


QuoteForm = tuple[str, frozenset[int]]
"""A quote's words as the copy search compares them: folded, and their shingles."""


def find_quote_copies(quotes: Sequence[Quote], published: dict[str, Article],
                      known_forms: Sequence[QuoteForm | None] | None = None,
                      ) -> dict[str, list[Quote]]:
    """Quote anchor -> the same words carried by other articles, earliest first.

    "The same" allows small edits ("a group of heroes" / "a group heroes") and
    spelling variants, after folding. ``known_forms``: the :func:`quote_form` of each quote
    (in the same order) where already computed (cached with the article's analysis).
    """
    forms = [known or quote_form(quote.text) for quote, known in
             zip(quotes, known_forms or [None] * len(quotes), strict=True)]
    folded = [form[0] for form in forms]
    shingle_sets = [form[1] for form in forms]
    postings: dict[int, list[int]] = defaultdict(list)
    for index, shingles in enumerate(shingle_sets):
        for shingle in shingles:
            postings[shingle].append(index)
    parent = list(range(len(quotes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (a, b), shared in _candidate_pairs(postings.values()).items():
        if quotes[a].article == quotes[b].article:
            continue
        # Words this close share most of their shingles; only such pairs are compared.
        if shared < QUOTE_MIN_SHARED * min(len(shingle_sets[a]), len(shingle_sets[b])):
            continue
        ratio = difflib.SequenceMatcher(None, folded[a], folded[b], autojunk=False).ratio()
        if ratio >= QUOTE_MIN_RATIO:
            parent[root(a)] = root(b)
    groups: dict[int, list[Quote]] = defaultdict(list)
    for index, quote in enumerate(quotes):
        groups[root(index)].append(quote)
    copies: dict[str, list[Quote]] = {}
    for group in groups.values():
        if len({q.article for q in group}) < 2:
            continue
        group.sort(key=lambda q: (published[q.article].published, q.article, q.line))
        for quote in group:
            copies[quote.anchor] = [q for q in group if q.article != quote.article]
    return copies


@functools.lru_cache(maxsize=1 << 17)
def quote_form(text: str) -> QuoteForm:
    """A quote's folded words, and their shingles. Computed with each article's analysis
    (and cached with it); remembered by text besides, for quotes whose analysis is not at
    hand."""
    words = _WORD.findall(fold(quote_core(text)))
    return " ".join(words), frozenset(_shingles(_VOCABULARY.encode_words(words), QUOTE_SHINGLE))


@dataclass(frozen=True)
class SharedText:
    """Another article with which an article shares long passages."""

    other: str
    """Id of the other article."""
    share: float
    """Share (0–1) of *this* article's text found in the other."""
    other_share: float
    """Share of the other article's text found in this one."""
    earlier: bool
    """The other article was published before this one (or the same day, with a smaller id)."""


@dataclass(frozen=True, eq=False)
class TextShingles:
    """One article's text as the shared-text search reads it; computed per article (and
    cached with its analysis), so the search itself only indexes and compares.

    Arrays rather than tuples and sets: a cached analysis is read back about ten times
    faster (an array pickles as one string of bytes)."""

    words: array
    """The folded words, as stable integer ids (CRC-32s, 32-bit unsigned)."""
    sample: array
    """The content-defined sample of its shingles that is indexed, each once, sorted."""


def text_shingles(text: str) -> TextShingles:
    """The :class:`TextShingles` of a plain text."""
    words = _VOCABULARY.encode(text)
    return TextShingles(array(_WORD_ID_TYPE, words),
                        array("q", sorted(_sampled_shingles(words, TEXT_SHINGLE, TEXT_SAMPLE))))


_VOCABULARY = _Vocabulary()
"""Word ids are CRC-32s, the same in every process; the table only saves hashing again."""
_WORD_ID_TYPE = "I" if array("I").itemsize >= 4 else "L"
"""The smallest array type that holds a CRC-32 (``L`` is 8 bytes on most platforms): the
words are most of a cached analysis' bytes."""


REBUILD_FROM = 100
"""A :class:`SampleIndex` is built afresh rather than updated when more articles than this
(and more than a quarter) changed."""


class SampleIndex:
    """Which articles hold each recurring sampled shingle, kept up to date from one check to
    the next by looking at the changed articles only (a preview's re-check).

    Finding the few shingles that recur among all the samples takes three passes over
    every sample (most of the shared-text search); after an edit, only the samples that
    changed are taken out and put in again. Invariants: :attr:`seen` holds every shingle
    some current sample holds, :attr:`holders` every shingle two or more hold, with the ids
    of exactly those articles."""

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.holders: dict[int, set[str]] = {}
        """Recurring shingle -> ids of the articles whose samples hold it."""
        self._indexed: dict[str, TextShingles] = {}
        """Article id -> the shingles indexed for it (the very object: unchanged texts are
        the same objects from one check to the next)."""

    def update(self, texts: dict[str, TextShingles]) -> None:
        """Make the index that of ``texts`` (article id -> its shingles)."""
        changed = sum(texts.get(i) is not text for i, text in self._indexed.items())
        if not self._indexed or changed > max(len(texts) // 4, REBUILD_FROM):
            # (an edited registry gives every article a new analysis: building afresh,
            # in C, is quicker than taking each one out and putting it in again)
            self.seen, self.holders = set(), {}
            self._build(texts)
            return
        for article_id, indexed in list(self._indexed.items()):
            if texts.get(article_id) is not indexed:
                self._remove(article_id, indexed.sample)
                del self._indexed[article_id]
        newly: set[int] = set()
        for article_id, text in texts.items():
            if article_id not in self._indexed:
                self._indexed[article_id] = text
                for shingle in text.sample:
                    holders = self.holders.get(shingle)
                    if holders is not None:
                        holders.add(article_id)
                    elif shingle in self.seen:
                        newly.add(shingle)  # held by one article until now: which?
                    else:
                        self.seen.add(shingle)
        if newly:  # rare: an edit that repeats a passage of another article
            for article_id, text in texts.items():
                for shingle in newly.intersection(text.sample):
                    self.holders.setdefault(shingle, set()).add(article_id)

    def _build(self, texts: dict[str, TextShingles]) -> None:
        # Set operations (in C) find the few shingles that recur, and only those are indexed.
        recurring: set[int] = set()
        for text in texts.values():
            recurring.update(self.seen.intersection(text.sample))
            self.seen.update(text.sample)
        for article_id, text in texts.items():
            for shingle in recurring.intersection(text.sample):
                self.holders.setdefault(shingle, set()).add(article_id)
        self._indexed = dict(texts)

    def _remove(self, article_id: str, sample: array) -> None:
        for shingle in sample:
            holders = self.holders.get(shingle)
            if holders is None:
                self.seen.discard(shingle)  # this article was its only holder
                continue
            holders.discard(article_id)
            if len(holders) < 2:
                del self.holders[shingle]


def find_shared_text(articles: Sequence[Article], plain_text: Mapping[str, str],
                     encoded: dict[str, TextShingles] | None = None,
                     index: SampleIndex | None = None,
                     ) -> dict[str, list[SharedText]]:
    """Article id -> the articles it shares long passages with, largest share first.

    ``encoded``: the :func:`text_shingles` of articles' texts, where already computed.
    ``index``: the recurring shingles of the last search in this process, brought up to
    date rather than found again (the result is the same).
    """
    encoded = encoded or {}
    texts = [encoded.get(a.id) or text_shingles(plain_text.get(a.id, "")) for a in articles]
    words = [t.words for t in texts]
    samples = [t.sample for t in texts]
    shingles: dict[int, set[int]] = {}  # full sets, only for the articles that need checking

    def full(number: int) -> set[int]:
        if number not in shingles:
            shingles[number] = _shingles(words[number], TEXT_SHINGLE)
        return shingles[number]

    if index is None:
        index = SampleIndex()
    index.update({article.id: text for article, text in zip(articles, texts, strict=True)})
    position = {article.id: number for number, article in enumerate(articles)}
    postings = [sorted(position[article_id] for article_id in holders)
                for holders in index.holders.values()]
    found: dict[str, list[SharedText]] = defaultdict(list)
    for (a, b), shared_sample in _candidate_pairs(postings).items():
        smaller = min(len(samples[a]), len(samples[b])) or 1
        if shared_sample / smaller < TEXT_MIN_SHARE / 2:
            continue  # the sample says it cannot reach the threshold
        shared = len(full(a) & full(b))
        share_a = shared / len(full(a))
        share_b = shared / len(full(b))
        if shared < TEXT_MIN_SHINGLES or max(share_a, share_b) < TEXT_MIN_SHARE:
            continue
        first, second = articles[a], articles[b]
        a_earlier = (first.published, first.id) < (second.published, second.id)
        found[first.id].append(SharedText(second.id, share_a, share_b, not a_earlier))
        found[second.id].append(SharedText(first.id, share_b, share_a, a_earlier))
    for items in found.values():
        items.sort(key=lambda s: (-s.share, s.other))
    return dict(found)
