"""Compact HTML: every page of the site without the indentation of its templates.

Material's templates are indented for their readers, and every page inherits
about 3 KB of that indentation; the generated tables add more. At 10,000
articles that is a tenth of the site. :func:`minify_page` removes it and
nothing else: each run of whitespace that holds a line break becomes one
line break, except inside ``<pre>``, ``<textarea>``, ``<script>`` and
``<style>``, whose text is kept byte for byte (a code block's lines).
Outside those elements a browser renders any run of whitespace as one space,
so every page looks and reads exactly as before; the site's CSS sets
``white-space`` only on elements inside ``<pre>``.

Why not a full HTML minifier: ``minify-html`` 0.18 (measured on a synthetic
archive) saves about 3 % of a page more — it also drops optional quotes and
the whitespace between blocks — but it rewrites character references too:
``&lt;script&gt;`` in an attribute or a ``<title>`` becomes ``<script>``. A
browser still reads that as text, but a lenient parser (Python's
``html.parser`` in 3.11, scrapers, link-preview bots) reads a title with
it as markup, and the archive guarantees that a contributor's text never
appears in a page as literal markup (the hostile-input tests check the bytes).
Whitespace alone is provably safe and needs no dependency.

Non-breaking and other Unicode spaces are content, never collapsed: only
ASCII whitespace (space, tab, CR, LF, FF) counts.
"""

from __future__ import annotations

import re
from itertools import repeat

_START = r"<(?=[ptsPTS])(pre|textarea|script|style)\b"
"""The start of an element whose text must be kept as it is. (The lookahead, which changes
no match, lets most of a page's tags fail at their first letter instead of trying four
names without regard to case: splitting a page took 40 % less time.)"""
_VERBATIM = re.compile(rf"({_START}.*?</\2[ \t\n\r\f]*>)", re.DOTALL | re.IGNORECASE)
"""Such an element, whole; group 1 is the whole element."""
_VERBATIM_START = re.compile(_START, re.IGNORECASE)

_SPACES = " \t\r\f"
"""The ASCII whitespace besides the line break itself."""


def minify_page(html: str) -> str:
    """``html`` (a whole page) with each whitespace run that holds a line break made one
    line break, outside ``<pre>``, ``<textarea>``, ``<script>`` and ``<style>``."""
    return _compacted(_VERBATIM.split(html))


def _compacted(parts: list[str]) -> str:
    """The pieces of a :data:`_VERBATIM` split joined, their text outside the elements with
    its line breaks collapsed."""
    # split() with two groups yields: text, element, element name, text, element, name, …
    parts[::3] = map(_collapse_line_breaks, parts[::3])
    del parts[2::3]
    return "".join(parts)


def _collapse_line_breaks(text: str) -> str:
    r"""``text`` with each run of ASCII whitespace that holds a line break made one line break.

    The obvious ``re.sub(r"[ \t\r\f]*\n[ \t\n\r\f]*", "\n", text)`` costs four times
    as much: the regular expression engine starts a match at every space between
    two words. Cutting at the line breaks instead leaves, between two cuts, a line
    whose whitespace at either end joins the run of its line break; a line of
    whitespace alone is inside a run and vanishes. The first line has a run only
    after it, the last only before it. ``str.split``, ``str.strip`` and ``str.join``
    all run in C.
    """
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    inner = filter(None, map(str.strip, lines[1:-1], repeat(_SPACES)))
    return "\n".join([lines[0].rstrip(_SPACES), *inner, lines[-1].lstrip(_SPACES)])


_SPACES_AND_BREAK = _SPACES + "\n"


def compact_part(text: str) -> str | None:
    """:func:`minify_page` of a part of a page, to be joined to the other parts' with
    :func:`join_compacted`; ``None`` if the part opens a ``<pre>``, ``<textarea>``,
    ``<script>`` or ``<style>`` it does not close (then only the whole page can be
    minified).

    Why: the theme's part of most pages is the same on many pages (see
    :mod:`build_tools.frames`); compacted once, only a page's own values are left to
    compact."""
    parts = _VERBATIM.split(text)
    if any(_VERBATIM_START.search(piece) for piece in parts[::3]):
        return None
    return _compacted(parts)


def join_compacted(parts: list[str]) -> str:
    """The parts, each made by :func:`compact_part`, joined into what :func:`minify_page`
    makes of the parts joined: where the whitespace at the end of one part and at the
    start of the next (one run in the whole page) holds a line break, it becomes one."""
    joined = parts[0]
    for part in parts[1:]:
        if part and joined and (joined[-1] in _SPACES_AND_BREAK or part[0] in _SPACES_AND_BREAK):
            head = joined.rstrip(_SPACES_AND_BREAK)
            tail = part.lstrip(_SPACES_AND_BREAK)
            run = joined[len(head):] + part[:len(part) - len(tail)]
            if "\n" in run:
                joined = head + "\n" + tail
                continue
        joined += part
    return joined
