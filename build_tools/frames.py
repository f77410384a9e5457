"""Frames: the theme's page rendered once for many pages, then filled in for each.

Every article and entity page (a generated page outside the navigation) gets
the same theme chrome as every other page at the same place in the site: the
same header, navigation, footer and scripts, the same relative links. Only a few
values differ from one such page to the next: its title, description, canonical
address, head tags and main content. Material's template took about 40 % of the
build's main process at 10,000 articles to write that same chrome again for
each page.

A :class:`Frame` is the theme's page rendered once with a *probe* in place of
each of those values, and cut at the probes; :meth:`Frame.fill` puts a page's
values in their place, which is a string join. A frame is only made when every
probe comes out of the theme exactly as it went in: a value the theme escapes,
strips, truncates, folds or changes the case of shows up changed (each probe
holds ``&amp;``, a tag, a tab, letters and ``<h1``, which any such filter
alters), and :func:`parse` then gives ``None``: those pages are rendered whole,
as before. A theme could still use a value in a way no probe reveals (its
length, its word count, a test of it); so the first page of each frame is also
rendered whole and compared (:meth:`Frames.page`), and the site is built both
ways and compared in the tests.

This module knows nothing of MkDocs: the plugin says what the values are and
how to render a page whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from markupsafe import Markup

from .minify import compact_part, join_compacted

SLOTS = ("title", "description", "canonical_url", "head", "content")
"""The values that differ between pages of one frame, in no particular order."""

MARK = "\ue000"
"""How every probe starts: a private-use character, which no filter changes; found anywhere
else in a frame (even with the rest of the probe cut off), a value was altered."""

_PROBE_TAIL = " &amp; <i>\tAz</i> <h1"
"""What each probe holds after its name: a character reference, a tag and a tab, which
escaping, tag stripping and whitespace folding change; letters of both cases; and ``<h1``,
which Material looks for in a page's content to decide whether to write a heading."""


MARKUP_SLOTS = frozenset({"title", "description", "head"})
"""The slots whose values are :class:`~markupsafe.Markup` (escaped already: the theme's
``| e`` leaves them as they are); the others are plain strings, which ``| e`` escapes."""


def probes() -> dict[str, str]:
    """The probe of each slot, of the same type as the slot's values, so that the theme
    treats it as it treats them."""
    return {slot: (Markup if slot in MARKUP_SLOTS else str)(f"{MARK}{slot}{_PROBE_TAIL}")
            for slot in SLOTS}


@dataclass(frozen=True)
class Frame:
    """A page cut at its values: ``pieces[0]``, value of ``slots[0]``, ``pieces[1]``, …"""

    pieces: tuple[str, ...]
    slots: tuple[str, ...]
    compact_pieces: tuple[str, ...] | None = None
    """The pieces compacted apart (:func:`~build_tools.minify.compact_part`), if each can
    be."""

    def fill(self, values: Mapping[str, str]) -> str:
        """The page with ``values`` (one per slot name) in place."""
        parts = [self.pieces[0]]
        for slot, piece in zip(self.slots, self.pieces[1:], strict=True):
            parts.append(values[slot])
            parts.append(piece)
        return "".join(parts)

    def fill_compact(self, values: Mapping[str, str]) -> str | None:
        """:func:`~build_tools.minify.minify_page` of :meth:`fill`, with only the values left
        to compact; ``None`` where it cannot be made so (then minify the page whole)."""
        if self.compact_pieces is None:
            return None
        parts = [self.compact_pieces[0]]
        for slot, piece in zip(self.slots, self.compact_pieces[1:], strict=True):
            value = compact_part(values[slot])
            if value is None:
                return None
            parts.append(value)
            parts.append(piece)
        return join_compacted(parts)


_PROBES = probes()
_PROBE = re.compile("|".join(re.escape(probe) for probe in _PROBES.values()))
_SLOT_OF = {str(probe): slot for slot, probe in _PROBES.items()}


def parse(html: str) -> Frame | None:
    """The frame of a page rendered with :func:`probes` as its values; ``None`` if any
    probe came out altered."""
    pieces: list[str] = []
    slots: list[str] = []
    start = 0
    for found in _PROBE.finditer(html):
        pieces.append(html[start:found.start()])
        slots.append(_SLOT_OF[found.group()])
        start = found.end()
    pieces.append(html[start:])
    if any(MARK in piece for piece in pieces):
        return None
    compacted = [compact_part(piece) for piece in pieces]
    return Frame(tuple(pieces), tuple(slots),
                 None if None in compacted else tuple(compacted))  # type: ignore[arg-type]


def fillable(values: Mapping[str, str | None]) -> bool:
    """Whether a page with these values can be framed: every value set (the theme tests
    some of them) and its content with a first-level heading (Material writes one of its
    own into a page without; every probe has ``<h1``)."""
    return all(values.get(slot) for slot in SLOTS) and "<h1" in str(values["content"])


class Frames:
    """The frames of one build, one per key (what else the theme's page depends on: the
    addresses of the navigation as seen from the page, see the plugin).

    :meth:`page` is given a page's values, a function that renders the page whole with
    the :func:`probes` as its values, and one that renders it whole as it is. With
    ``compact``, a filled page comes minified where it can (:attr:`compacted` counts
    them): the pieces were compacted once, only the values are left.
    """

    def __init__(self, compact: bool = False) -> None:
        self.compact = compact
        """Give the filled pages minified (:meth:`Frame.fill_compact`) where possible."""
        self.compacted = 0
        """Pages filled in minified."""
        self._frames: dict[str, Frame | None] = {}
        self.unframed: list[str] = []
        """Keys whose frame could not be made or did not give the page; their pages are
        rendered whole."""
        self.filled = 0
        """Pages filled in from a frame."""

    def page(self, key: str, values: Mapping[str, str | None],
             render_probed: Callable[[], str], render_whole: Callable[[], str]) -> str:
        """The page: its frame filled with ``values``, or ``render_whole()`` where the page
        cannot be framed. The first page of each key is rendered both ways and compared."""
        if not fillable(values):
            return render_whole()
        if key not in self._frames:
            frame = parse(render_probed())
            whole = render_whole()
            if frame is None or frame.fill(values) != whole:  # type: ignore[arg-type]
                self._frames[key] = None
                self.unframed.append(key)
            else:
                self._frames[key] = frame
            return whole
        frame = self._frames[key]
        if frame is None:
            return render_whole()
        self.filled += 1
        if self.compact:
            compacted = frame.fill_compact(values)  # type: ignore[arg-type]
            if compacted is not None:
                self.compacted += 1
                return compacted
        return frame.fill(values)  # type: ignore[arg-type]
