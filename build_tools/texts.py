"""Long texts kept for the whole build, held in half the memory.

CPython stores a ``str`` with one byte a character only while every character is below
U+0100; one curly quote or dash (as in nearly every news article) makes it two bytes a
character. The archive keeps two texts of every article for the pages and downloads
(its plain text and its body's HTML): at 10,000 articles, 230 MB as ``str``. Held as
UTF-8, which is one byte a character for the Latin alphabet, they take about half, and
every process forked to render pages inherits (and shares) half as much. A text is
decoded when it is read, once per page that shows it.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping


class Texts(MutableMapping[str, str]):
    """A ``dict`` of ``str`` (article id -> text) that holds its values as UTF-8."""

    __slots__ = ("_encoded",)

    def __init__(self) -> None:
        self._encoded: dict[str, bytes] = {}

    def __getitem__(self, key: str) -> str:
        return self._encoded[key].decode("utf-8")

    def __setitem__(self, key: str, value: str) -> None:
        self._encoded[key] = value.encode("utf-8")

    def __delitem__(self, key: str) -> None:
        del self._encoded[key]

    def __contains__(self, key: object) -> bool:
        return key in self._encoded

    def __iter__(self) -> Iterator[str]:
        return iter(self._encoded)

    def __len__(self) -> int:
        return len(self._encoded)

    def __repr__(self) -> str:
        return f"Texts({len(self)} texts)"
