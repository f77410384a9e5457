"""Raw article text as contributors paste it: headline, dateline, paragraphs, safe Markdown.

A raw text is what a copy from a web page or a news database gives: the
headline on the first line, then the article, one paragraph per line or per
block of lines. Nothing in it is trusted: the Markdown written from it is
escaped so that it reads back as exactly the same plain text (no heading,
list, link, emphasis or raw HTML can arise from the text itself).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BLANK_LINES = re.compile(r"\n\s*\n")

# ASCII punctuation that starts Markdown syntax anywhere in a line. Escaping
# them is lossless: CommonMark drops the backslash before ASCII punctuation.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<~])")
_ENTITY = re.compile(r"&(#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
# Line starts that open a block: heading, quote, list item, thematic break, setext/table rows.
_BLOCK_START = re.compile(r"^([#>+=|-])")
_ORDERED_ITEM = re.compile(r"^(\d{1,9})([.)])")

DATELINE = re.compile(
    r"""^(?P<place>[A-Z][A-Z'’.\- ]*[A-Z])      # TEHRAN, AL-QAIM, NEW YORK
        (?:,[^()\n]{1,40}?)?                       # optional ', May 5'
        \s*(?:\((?P<source>[^()\n]{1,40})\))?     # optional (FNA)
        \s*[-–—:]""",
    re.VERBOSE,
)
"""A dateline opening a paragraph: ``TEHRAN (FNA)-``, ``BAGHDAD, May 5 (Reuters) —``."""


@dataclass(frozen=True)
class Dateline:
    """The dateline found at the start of an article."""

    place: str
    """As printed, e.g. ``TEHRAN``."""
    source: str | None
    """The parenthesised credit, e.g. ``FNA``, when there is one."""


@dataclass(frozen=True)
class RawArticle:
    """A raw text split into headline and paragraphs (whitespace-normalised, otherwise verbatim)."""

    title: str
    paragraphs: tuple[str, ...]
    dateline: Dateline | None

    @property
    def plain_text(self) -> str:
        """The paragraphs separated by blank lines: what the body reads as."""
        return "\n\n".join(self.paragraphs)


def split_paragraphs(text: str) -> list[str]:
    """Every non-empty line is a paragraph; surrounding whitespace is dropped.

    Raw copies put one paragraph per line, sometimes with and sometimes without
    blank lines between them (a photo caption runs straight into the text), so
    a line break always separates paragraphs.
    """
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def parse_raw_article(text: str, title: str | None = None) -> RawArticle:
    """Split raw text into headline and paragraphs.

    The headline is the first non-empty line unless ``title`` is given, in
    which case every line stays in the body (the first line of some copies is
    a photo caption, not the headline).
    """
    paragraphs = split_paragraphs(text)
    if title is None:
        headline, paragraphs = (paragraphs[0], paragraphs[1:]) if paragraphs else ("", [])
    else:
        headline = " ".join(title.split())
    return RawArticle(headline, tuple(paragraphs), find_dateline(paragraphs))


def find_dateline(paragraphs: list[str]) -> Dateline | None:
    """The dateline opening the first paragraphs of the text, if any."""
    for paragraph in paragraphs[:3]:
        match = DATELINE.match(paragraph)
        if match and len(match.group("place")) >= 3:
            return Dateline(match.group("place").strip(), match.group("source"))
    return None


def escape_markdown(line: str) -> str:
    """One line of plain text as Markdown that renders (and reads back) as exactly that text."""
    escaped = _INLINE_SPECIAL.sub(r"\\\1", line)
    escaped = _ENTITY.sub(r"\\&\1", escaped)
    escaped = _BLOCK_START.sub(r"\\\1", escaped)
    return _ORDERED_ITEM.sub(r"\1\\\2", escaped)


def markdown_body(article: RawArticle) -> str:
    """The article's paragraphs as a Markdown body, separated by blank lines."""
    return "\n\n".join(escape_markdown(p) for p in article.paragraphs) + "\n"
