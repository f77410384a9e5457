"""Finding entity mentions in article bodies: every spelling, one pass per body.

Names are matched in folded form (see :func:`build_tools.registry.fold`): case,
diacritics, apostrophe/ayn variants, hyphen versus space and repeated
whitespace do not matter; the displayed text keeps the spelling as printed.
All aliases of all entities go into one Aho-Corasick automaton
(``pyahocorasick``), so a body is scanned once whatever the number of aliases
— measured at 50,000 aliases, about 600 times faster per body than one
compiled regular expression of alternatives. Matches must be whole words and
the longest match wins. Nothing inside code, links or URLs is matched.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick
from markdown_it.token import Token

from .folding import FoldedText, fold
from .registry import AliasIndex, EntityRef

_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+", re.IGNORECASE)
BLOCKED = "\x00"
"""Stands for text that must not be matched (code, links, URLs) in the scanned string."""


def is_acronym(name: str) -> bool:
    """Short all-capital names (PMU, FNA, AP) match only when printed in capitals."""
    letters = name.replace(".", "")
    return letters.isupper() and letters.isalpha() and len(letters) <= 5


class Mention(NamedTuple):
    """One occurrence of an entity's name in an article body.

    A named tuple: an article has dozens, each cached analysis holds them, and a
    dataclass took 30 times longer to read back from the cache (and from the worker
    processes that analyse articles)."""

    ref: EntityRef
    text: str
    """The spelling as printed."""
    block: int
    """Index of the inline token in the body's token stream."""
    child: int
    """Index of the text token within that inline token, or -1 when the match spans tokens."""
    start: int
    """Offset in the text token's content (when ``child`` >= 0)."""
    end: int
    line: int
    """0-based line within the body."""


@dataclass(frozen=True)
class _Key:
    refs: tuple[EntityRef, ...]
    acronym: bool


class MentionMatcher:
    """Every name and alias of a corpus, ready to scan bodies."""

    def __init__(self, aliases: AliasIndex, spellings: dict[str, list[str]]) -> None:
        """``spellings``: folded name -> the names as registered (to tell acronyms)."""
        self.automaton = ahocorasick.Automaton()
        self.acronyms = ahocorasick.Automaton()
        """Acronyms, in capitals, matched in the text folded but for case: a short acronym
        (``UN``, ``IS``) matched without case occurs inside one word in ten, each match a
        step in Python to refuse."""
        for key, refs in aliases.names().items():
            acronym = all(is_acronym(s) for s in spellings.get(key, [key]))
            value = (len(key), _Key(tuple(refs), acronym))
            if acronym and len(key.upper()) == len(key):
                self.acronyms.add_word(key.upper(), value)
            else:
                self.automaton.add_word(key, value)
        for automaton in (self.automaton, self.acronyms):
            if len(automaton):
                automaton.make_automaton()
        self.empty = not len(self.automaton) and not len(self.acronyms)

    def scan(self, text: str) -> list[tuple[int, int, _Key]]:
        """Whole-word, longest, leftmost, non-overlapping matches: (start, end, key) in ``text``."""
        if self.empty:
            return []
        folded = FoldedText(text, cased=len(self.acronyms) > 0)
        found = []
        same_offsets = folded.same_offsets
        size = len(text)
        for automaton, haystack in ((self.automaton, folded.text),
                                    (self.acronyms, folded.cased)):
            if not len(automaton):
                continue
            for end, (length, key) in automaton.iter(haystack):
                if same_offsets:
                    o_start, o_end = end - length + 1, end + 1
                else:
                    o_start, o_end = folded.original(end - length + 1), folded.original(end) + 1
                if o_start > 0 and text[o_start - 1].isalnum():
                    continue
                if o_end < size and text[o_end].isalnum():
                    continue
                if key.acronym and not text[o_start:o_end].replace(".", "").isupper():
                    continue
                found.append((o_start, o_end, key))
        found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        chosen, reach = [], -1
        for match in found:
            if match[0] >= reach:
                chosen.append(match)
                reach = match[1]
        return chosen


@dataclass(frozen=True)
class _Segment:
    plain_start: int
    child: int


def _inline_plain(children: Sequence[Token]) -> tuple[str, list[_Segment], list[int]]:
    """The scannable string of an inline token: text as is, everything else blocked.

    Returns the string, the text segments (where each text child starts in it),
    and the line offset of each child (softbreaks counted).
    """
    parts: list[str] = []
    segments: list[_Segment] = []
    lines: list[int] = []
    position, depth, line = 0, 0, 0
    for index, child in enumerate(children):
        lines.append(line)
        if child.type == "link_open":
            depth += 1
            piece = BLOCKED
        elif child.type == "link_close":
            depth -= 1
            piece = BLOCKED
        elif child.type == "text" and depth == 0:
            piece = child.content
            # The URL pattern is slow to fail on plain prose; every URL it can match
            # contains "://" or "www." (in any case).
            if "://" in piece or "www." in piece.lower():
                piece = _URL.sub(lambda m: BLOCKED * len(m.group()), piece)
            segments.append(_Segment(position, index))
        elif child.type in ("softbreak", "hardbreak"):
            piece = " "
            line += 1
        elif child.type == "text":  # inside a link: leave as written
            piece = BLOCKED * len(child.content)
        else:  # code, html, images, emphasis markers
            piece = BLOCKED
        parts.append(piece)
        position += len(piece)
    return "".join(parts), segments, lines


class InlineTexts:
    """The scannable strings of a body's inline tokens, each computed once (both the mention
    finder and the near-spelling scan read them)."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self._texts: dict[int, tuple[str, list[_Segment], list[int]]] = {}

    def of(self, block_index: int) -> tuple[str, list[_Segment], list[int]]:
        """(string, text segments, line offset of each child) of the inline token at
        ``block_index`` (see :func:`_inline_plain`)."""
        if block_index not in self._texts:
            self._texts[block_index] = _inline_plain(self.tokens[block_index].children or ())
        return self._texts[block_index]


def find_mentions(tokens: Sequence[Token], matcher: MentionMatcher,
                  explicit: set[EntityRef], ignored_refs: set[EntityRef],
                  ignored_names: set[str], inlines: InlineTexts | None = None,
                  ) -> tuple[list[Mention], list[tuple[str, int]]]:
    """Every mention in a body's tokens.

    A name shared by several entities is linked only when the article names
    exactly one of them in its metadata (``explicit``); ``ignored_*`` suppress
    false matches. Also returns the shared names left unresolved, with lines.
    """
    mentions: list[Mention] = []
    unresolved: list[tuple[str, int]] = []
    inlines = inlines if inlines is not None else InlineTexts(tokens)
    for block_index, block in enumerate(tokens):
        if block.type != "inline" or not block.children:
            continue
        plain, segments, child_lines = inlines.of(block_index)
        if not segments:
            continue
        starts = [s.plain_start for s in segments]
        base_line = block.map[0] if block.map else 0
        for start, end, key in matcher.scan(plain):
            printed = plain[start:end]
            if ignored_names and fold(printed) in ignored_names:
                continue
            refs = [r for r in key.refs if r not in ignored_refs]
            if len(refs) > 1:
                refs = [r for r in refs if r in explicit]
            segment = segments[bisect.bisect_right(starts, start) - 1]
            child = block.children[segment.child]
            line = base_line + child_lines[segment.child]
            if len(refs) != 1:
                if len(key.refs) > 1:
                    unresolved.append((printed, line))
                continue
            offset = start - segment.plain_start
            inside = offset + (end - start) <= len(child.content)
            mentions.append(Mention(refs[0], printed, block_index,
                                    segment.child if inside else -1,
                                    offset, offset + (end - start), line))
    return mentions, unresolved


def first_links(mentions: Iterable[Mention]) -> dict[tuple[int, int], list[Mention]]:
    """The mentions to link, by (block, child): the first of each entity, and the first of
    each other spelling of it — so every variant in print leads to the one entity page,
    without linking every repetition."""
    linked: set[tuple[EntityRef, str]] = set()
    by_place: dict[tuple[int, int], list[Mention]] = defaultdict(list)
    for mention in mentions:
        key = (mention.ref, fold(mention.text))
        if key in linked or mention.child < 0:
            continue
        linked.add(key)
        by_place[(mention.block, mention.child)].append(mention)
    return by_place


_PARTICLE = r"(?:al|el|ad|an|ar|as|at|az|bin|ibn|abu|abd|bint)"
_NAME_WORD = rf"(?:[A-Z][\w'’]*(?:-[\w'’]+)*|{_PARTICLE}-[\w'’]+(?:-[\w'’]+)*)"
_CANDIDATE_NAME = re.compile(rf"(?<![\w'’-]){_NAME_WORD}"
                             rf"(?:\s+(?:{_NAME_WORD}|bin|ibn|abu|de|van|von)){{1,4}}(?![\w-])")
_POSSESSIVE = re.compile(r"['’]s\b")


def _contains(words: list[str], part: list[str]) -> bool:
    """``part`` occurs in ``words`` as consecutive words."""
    size = len(part)
    return any(words[i:i + size] == part for i in range(len(words) - size + 1))


class NameSuggester:
    """Finds printed names that are not registered but are spelled almost like a known one.

    A printed name (two to six capitalised words) is suggested a known name when
    every word of the known name recurs in it, exactly or nearly, and at least
    one only nearly: ``Mohammad Mahdi al-Bayati`` for ``Mohammed Mahdi
    al-Bayati``. A known name merely embedded in more words (``The Hashd
    al-Shaabi``, ``Salahuddin Province``) is not a near-spelling. Known names
    are indexed by their distinctive words, so a printed name is compared with
    the few names that share a word with it, and each distinct printed name
    once.
    """

    MIN_WORD_RATIO = 0.8

    def __init__(self, aliases: AliasIndex) -> None:
        self.names = aliases.names()
        self.by_word: dict[str, set[str]] = defaultdict(set)
        for name in self.names:
            words = name.split()
            if len(words) >= 2:
                for word in words:
                    if len(word) >= 4:
                        self.by_word[word].add(name)
        self.entity_words: dict[EntityRef, set[str]] = defaultdict(set)
        self.entity_names: dict[EntityRef, list[list[str]]] = defaultdict(list)
        for name, refs in self.names.items():
            for ref in refs:
                self.entity_words[ref].update(name.split())
                self.entity_names[ref].append(name.split())
        self.cache: dict[str, tuple[str, EntityRef] | None] = {}
        self._near_pairs: dict[tuple[str, str], bool] = {}

    def suggest(self, printed: str) -> tuple[str, EntityRef] | None:
        """``(known name, entity)`` when ``printed`` is an unregistered near-spelling of it."""
        key = fold(_POSSESSIVE.sub("", printed))
        if key not in self.cache:
            self.cache[key] = self._suggest(key)
        return self.cache[key]

    def _near(self, printed_word: str, known_word: str) -> bool:
        """``printed_word`` is a near-spelling of ``known_word`` (memoised: common words are
        compared with the same known words again and again)."""
        pair = (printed_word, known_word)
        near = self._near_pairs.get(pair)
        if near is None:
            shorter, longer = sorted((len(printed_word), len(known_word)))
            # difflib's ratio is 2.0 * matches / total length (the same expression here),
            # and matches <= the shorter length: words of too different lengths cannot
            # reach the threshold.
            near = len(printed_word) >= 3 and \
                2.0 * shorter / (shorter + longer) >= self.MIN_WORD_RATIO and \
                difflib.SequenceMatcher(None, printed_word, known_word,
                                        autojunk=False).ratio() >= self.MIN_WORD_RATIO
            self._near_pairs[pair] = near
        return near

    def _suggest(self, key: str) -> tuple[str, EntityRef] | None:
        if key in self.names:
            return None
        words = key.split()
        candidates: set[str] = set()
        for word in words:
            candidates |= self.by_word.get(word, set())
        best: tuple[int, str] | None = None
        for name in sorted(candidates):
            if len(self.names[name]) != 1:
                continue
            ref = self.names[name][0]
            spelled = self.entity_words[ref]
            name_words = name.split()
            near = 0
            for known_word in name_words:
                if known_word in words:
                    continue
                # a printed word that is part of another registered name of this entity is
                # not a misspelling of this one
                if not any(w not in spelled and self._near(w, known_word) for w in words):
                    break
                near += 1
            else:
                embeds_a_full_name = any(
                    len(other) >= len(name_words) and _contains(words, other)
                    for other in self.entity_names[ref])
                if near and not embeds_a_full_name and (best is None or len(name) > best[0]):
                    best = (len(name), name)
        return (best[1], self.names[best[1]][0]) if best else None

    def scan(self, tokens: Sequence[Token], inlines: InlineTexts | None = None,
             ) -> list[tuple[str, str, EntityRef, int]]:
        """``(printed, known name, entity, line)`` for each near-spelling in a body."""
        found = []
        seen: set[str] = set()
        inlines = inlines if inlines is not None else InlineTexts(tokens)
        for block_index, block in enumerate(tokens):
            if block.type != "inline" or not block.children:
                continue
            plain, segments, child_lines = inlines.of(block_index)
            starts = [s.plain_start for s in segments]
            for match in _CANDIDATE_NAME.finditer(plain):
                printed = _POSSESSIVE.sub("", match.group())
                if printed in seen or not segments:
                    continue
                suggestion = self.suggest(printed)
                if suggestion:
                    seen.add(printed)
                    index = max(0, bisect.bisect_right(starts, match.start()) - 1)
                    line = (block.map[0] if block.map else 0) + \
                        child_lines[segments[index].child]
                    found.append((printed, suggestion[0], suggestion[1], line))
        return found
