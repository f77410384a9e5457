"""Name folding: the form in which names are compared and searched.

Folding ignores case, diacritics (Latin accents, Arabic short vowels),
apostrophe and ayn variants or their absence, hyphen versus space, and
repeated whitespace: ``Hashd al-Sha’abi`` and ``hashd al shaabi`` fold alike.

Names and bodies are folded by the same character table, so they always
agree. The table is applied with :meth:`str.translate` (in C), and bodies keep
a map back to the printed text, which stays as written.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

_DROP = "\x01"
APOSTROPHES = "'’‘ʿʼʾ`´"
DASHES = "-‐‑‒–—_"


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x80, 0x2000):  # Latin, Greek, Cyrillic, Arabic, Latin Extended Additional
        char = chr(code)
        if unicodedata.combining(char):
            table[code] = _DROP
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char)
                       if not unicodedata.combining(c))
        if len(base) == 1 and base != char:
            table[code] = base
    table[0x0640] = _DROP  # Arabic tatweel (kashida): a stretch, not a letter
    for char in APOSTROPHES:
        table[ord(char)] = _DROP
    for char in DASHES:
        table[ord(char)] = " "
    for code in range(0x3001):
        if chr(code).isspace():
            table[code] = " "
    return table


_TABLE = _build_table()
_SPACES = re.compile(" +")
_REMOVABLE = re.compile(f"{_DROP}+| {{2,}}")


def _fold_chars(text: str) -> str:
    """Character-for-character folding (same length as ``text``)."""
    folded = text.translate(_TABLE).lower()
    if len(folded) != len(text):  # a character whose lower case is longer (İ): keep it
        folded = "".join(c.lower() if len(c.lower()) == 1 else c for c in text.translate(_TABLE))
    return folded


def fold(name: str) -> str:
    """The matching form of a name (see the module docstring)."""
    return _SPACES.sub(" ", _fold_chars(name).replace(_DROP, "")).strip()


class FoldedText:
    """A body's text folded for matching, with the way back to printed offsets."""

    def __init__(self, text: str) -> None:
        chars = _fold_chars(text)
        self._folded_starts = [0]
        self._original_starts = [0]
        if _DROP not in chars and "  " not in chars:
            self.text = chars
            return
        pieces: list[str] = []
        position = 0  # in the original
        length = 0  # of the folded text so far
        for match in _REMOVABLE.finditer(chars):
            pieces.append(chars[position:match.start()])
            length += match.start() - position
            if match.group()[0] == " ":
                pieces.append(" ")
                length += 1
            position = match.end()
            self._folded_starts.append(length)
            self._original_starts.append(position)
        pieces.append(chars[position:])
        self.text = "".join(pieces)

    def original(self, index: int) -> int:
        """The offset in the printed text of the folded character at ``index``."""
        piece = bisect.bisect_right(self._folded_starts, index) - 1
        return self._original_starts[piece] + index - self._folded_starts[piece]
