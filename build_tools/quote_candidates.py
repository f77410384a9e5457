"""Candidate quotes: quoted words in a body that the metadata does not record yet.

A candidate is a span in double quotation marks (straight or curly) of at
least four words, in a paragraph with a reporting verb, attributed to the
person or organization named in that paragraph — or, for "he said", to the
last one named before it. ``make check`` lists them as notes, never errors.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .bodies import quote_core
from .mentions import Mention
from .registry import EntityRef

_QUOTED = re.compile(r"[“\"]([^“”\"]{12,}?)[”\"]")
_REPORTING = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|warned|warns|noted|notes|stated|states|"
    r"declared|stressed|explained|announced|claimed|insisted|according to|quoted)\b",
    re.IGNORECASE)
_PRONOUN = re.compile(r"\b(?:he|she|they|it)\s+(?:said|says|added|told|warned|noted|stated)\b",
                      re.IGNORECASE)


@dataclass(frozen=True)
class CandidateQuote:
    """Quoted words and their likely speaker."""

    text: str
    speaker: EntityRef | None
    line: int
    """0-based line within the body."""


def find_candidates(body: str, mentions: Sequence[Mention],
                    recorded: Sequence[str]) -> list[CandidateQuote]:
    """Quoted spans of ``body`` that look like quotes and are not among ``recorded``."""
    recorded_cores = [quote_core(text).casefold() for text in recorded]
    speakers_by_line: dict[int, list[EntityRef]] = {}
    for mention in mentions:
        if mention.ref.type in ("person", "organization"):
            speakers_by_line.setdefault(mention.line, []).append(mention.ref)
    found: list[CandidateQuote] = []
    last_speaker: EntityRef | None = None
    line_starts = [0] + [match.end() for match in re.finditer("\n", body)]
    paragraphs = re.finditer(r"(?:[^\n]+\n?)+", body)
    for paragraph in paragraphs:
        first = _line_of(paragraph.start(), line_starts)
        last = _line_of(paragraph.end() - 1, line_starts)
        named = [ref for line in range(first, last + 1) for ref in speakers_by_line.get(line, [])]
        people = [r for r in named if r.type == "person"] or named
        text = paragraph.group()
        # A paragraph without a double quotation mark cannot hold a candidate; the
        # string test is much cheaper than the reporting-verb pattern.
        if ('"' in text or "“" in text) and _REPORTING.search(text):
            for match in _QUOTED.finditer(text):
                words = match.group(1).split()
                core = quote_core(match.group(1)).casefold()
                if len(words) < 4 or any(core in r or r in core for r in recorded_cores if r):
                    continue
                speaker = people[0] if people else (last_speaker if _PRONOUN.search(text)
                                                    else None)
                found.append(CandidateQuote(" ".join(words).rstrip(",;:"), speaker,
                                            _line_of(paragraph.start() + match.start(),
                                                     line_starts)))
        if people:
            last_speaker = people[-1]
    return found


def _line_of(offset: int, line_starts: list[int]) -> int:
    import bisect

    return bisect.bisect_right(line_starts, offset) - 1
