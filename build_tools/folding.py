"""Name folding: the form in which names are compared and searched.

Folding ignores case, diacritics (Latin accents, Arabic short vowels),
apostrophe and ayn variants or their absence, hyphen versus space, and
repeated whitespace: ``Hashd al-Sha’abi`` and ``hashd al shaabi`` fold alike.

Names and bodies are folded by the same character table, so they always
agree. The table is applied by :class:`CharMap` (in C), and bodies keep a map
back to the printed text, which stays as written.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Mapping

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


_NON_ASCII = re.compile("[^\x00-\x7f]")


class CharMap:
    """A table that replaces single characters by single characters, applied to a text as
    :meth:`str.translate` would, and with the same result, in a fraction of the time.

    Why not :meth:`str.translate`: with a dict table it takes its fast path only while the
    text is pure ASCII, so a body with a single curly quote has every one of its
    characters looked up in the dict (~0.4 ms for a 5 KB body, ten times this). Here each
    character that the table changes and the text holds is replaced by one
    :meth:`str.replace`, in C.
    """

    def __init__(self, table: Mapping[int, str]) -> None:
        changes = {chr(code): new for code, new in table.items() if chr(code) != new}
        for old, new in changes.items():
            # ASCII characters are replaced first, then the others: a replacement must not
            # be replaced again by a later step (str.translate never maps twice). So an
            # ASCII character's replacement is not in the table, and another character's
            # is not in the table unless it is ASCII (U+1FEF, Greek varia, becomes "`").
            if len(new) != 1 or (new in changes and (old.isascii() or not new.isascii())):
                raise ValueError(f"{old!r} -> {new!r}: a replacement must be one character, "
                                 "not replaced again")
        self._changes = changes
        self._ascii = tuple((old, new) for old, new in changes.items() if old.isascii())

    def __call__(self, text: str) -> str:
        """``text`` with the table applied (what ``text.translate(table)`` returns)."""
        for old, new in self._ascii:
            if old in text:
                text = text.replace(old, new)
        if not text.isascii():
            changes = self._changes
            for char in set(_NON_ASCII.findall(text)):
                replacement = changes.get(char)
                if replacement is not None:
                    text = text.replace(char, replacement)
        return text


_TABLE = _build_table()
_TRANSLATE = CharMap(_TABLE)
_REMOVABLE = re.compile(f"{_DROP}+| {{2,}}")


def _fold_chars(text: str) -> str:
    """Character-for-character folding (same length as ``text``)."""
    return _lower(_TRANSLATE(text))


def _lower(translated: str) -> str:
    folded = translated.lower()
    if len(folded) != len(translated):  # a character whose lower case is longer (İ): keep it
        folded = "".join(c.lower() if len(c.lower()) == 1 else c for c in translated)
    return folded


def fold(name: str) -> str:
    """The matching form of a name (see the module docstring)."""
    # (the table made every kind of white space a space; str.split collapses the runs)
    return " ".join(_fold_chars(name).replace(_DROP, "").split())


class FoldedText:
    """A body's text folded for matching, with the way back to printed offsets.

    :attr:`text` is the folded text; :attr:`cased` (when asked for) the same text with
    the case as printed, every other difference folded, at the same offsets (capitalised
    acronyms are looked for there)."""

    def __init__(self, text: str, cased: bool = False) -> None:
        translated = _TRANSLATE(text)
        chars = _lower(translated)
        self._folded_starts = [0]
        self._original_starts = [0]
        self.same_offsets = _DROP not in chars and "  " not in chars
        """Every folded character is at its printed offset (:meth:`original` is the identity)."""
        self.cased = translated if cased else ""
        if self.same_offsets:
            self.text = chars
            return
        pieces: list[tuple[int, int]] = []  # (start, end) in the original, of what is kept
        position = 0  # in the original
        length = 0  # of the folded text so far
        for match in _REMOVABLE.finditer(chars):
            pieces.append((position, match.start()))
            length += match.start() - position
            if match.group()[0] == " ":
                pieces.append((match.start(), match.start() + 1))
                length += 1
            position = match.end()
            self._folded_starts.append(length)
            self._original_starts.append(position)
        pieces.append((position, len(chars)))
        self.text = "".join(chars[start:end] for start, end in pieces)
        if cased:
            self.cased = "".join(translated[start:end] for start, end in pieces)

    def original(self, index: int) -> int:
        """The offset in the printed text of the folded character at ``index``."""
        piece = bisect.bisect_right(self._folded_starts, index) - 1
        return self._original_starts[piece] + index - self._folded_starts[piece]
