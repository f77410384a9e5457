"""Atom feeds (RFC 4287): the whole archive, and one per person, organization, place and event.

Written as text, with the bytes :mod:`xml.etree.ElementTree` wrote when it made
them: every value goes through :func:`_escape` (element text) or
:func:`_attribute` (attribute values), which escape it as ElementTree's
serializer does and drop the characters XML 1.0 forbids (most control
characters), so nothing a contributor writes can change the feed's structure;
the markup around the values is this module's own. At 10,000 synthetic
articles (2,001 feeds, the same bytes) ElementTree took 0.76 s of the build's
busiest process, this 0.3 s, also because each article's entry is written
once, however many feeds list it. The tests parse feeds of hostile text with
an XML parser.

Feeds are deterministic: every date comes from the articles, never from the
clock, and the order is the archive's (newest first, ties by id), so an
unchanged corpus yields byte-identical feeds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from . import urls
from .model import Article, Entity, PartialDate
from .registry import EntityRef
from .resolve import Archive

ATOM = "http://www.w3.org/2005/Atom"
SITE_FEED_LIMIT = 50
"""Entries of the whole-archive feed: the newest articles."""
ENTITY_FEED_LIMIT = 10
"""Entries of a feed per entity: the newest articles involving it. A reader keeps what it
has seen; there is a feed for every entity, so each entry here is paid thousands of times."""

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                                    "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"})
_XML_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"


@dataclass(frozen=True)
class Feed:
    """One feed: where it is, what it is about and which articles it lists."""

    path: str
    """Site path of the feed file (``people/<id>/feed.xml``)."""
    page_path: str
    """Site path of the HTML page the feed follows."""
    title: str
    subtitle: str
    articles: tuple[Article, ...]


def site_feed(archive: Archive, site_name: str) -> Feed:
    """The feed of the whole archive: its newest articles."""
    return Feed(urls.FEED, urls.HOME, site_name, f"The newest articles in {site_name}.",
                tuple(archive.articles[:SITE_FEED_LIMIT]))


def entity_feed(archive: Archive, entity: Entity, site_name: str,
                order: dict[str, int] | None = None) -> Feed:
    """The feed of one entity: the newest articles involving it, as on its page.

    ``order`` (article id -> position in ``archive.articles``) saves recomputing
    it when building many feeds.
    """
    if order is None:
        order = _archive_order(archive)
    page = urls.entity_path(entity.SECTION, entity.id)
    involved = sorted(archive.involvement.get(EntityRef(entity.TYPE, entity.id), {}),
                      key=order.__getitem__)
    return Feed(urls.feed_path(page), page, f"{entity.name} — {site_name}",
                f"New articles involving {entity.name} in {site_name}.",
                tuple(archive.corpus.articles[i] for i in involved[:ENTITY_FEED_LIMIT]))


def _archive_order(archive: Archive) -> dict[str, int]:
    return {article.id: index for index, article in enumerate(archive.articles)}


def all_feeds(archive: Archive, site_name: str) -> list[Feed]:
    """The site feed and one feed per entity, in a stable order."""
    feeds = [site_feed(archive, site_name)]
    order = _archive_order(archive)
    for entity_type in ("person", "organization", "place", "event"):
        entities = archive.corpus.entities[entity_type]
        feeds += [entity_feed(archive, entities[i], site_name, order) for i in sorted(entities)]
    return feeds


def feed_xml(feed: Feed, archive: Archive, site_url: str, site_name: str,
             entries: dict[str, str] | None = None) -> bytes:
    """The Atom document of ``feed``, UTF-8 encoded.

    ``entries`` (article id -> its ``<entry>`` element, written by this function) saves
    writing an article's entry again for each feed that lists it."""
    def absolute(path: str) -> str:
        return urls.absolute_url(site_url, path)

    # An empty feed is as old as the archive's newest article: a date from the data, not the clock.
    newest = feed.articles[0] if feed.articles else (archive.articles[0] if archive.articles
                                                     else None)
    parts = [_XML_DECLARATION, f'<feed xmlns="{ATOM}">',
             _text("id", absolute(feed.page_path)),
             _text("title", feed.title),
             _text("subtitle", feed.subtitle),
             _link("self", absolute(feed.path), "application/atom+xml"),
             _link("alternate", absolute(feed.page_path), "text/html"),
             _text("updated", _timestamp(newest.published if newest else PartialDate(1970))),
             "<author>", _text("name", site_name), _text("uri", absolute(urls.HOME)),
             "</author>"]
    for article in feed.articles:
        entry = None if entries is None else entries.get(article.id)
        if entry is None:
            entry = _entry(article, archive, absolute)
            if entries is not None:
                entries[article.id] = entry
        parts.append(entry)
    # No indentation: feed readers ignore it, and it was a tenth of every feed.
    parts.append("</feed>\n")
    return "".join(parts).encode("utf-8")


def _entry(article: Article, archive: Archive, absolute: Callable[[str], str]) -> str:
    page = absolute(urls.article_path(article.id, article.year))
    parts = ["<entry>", _text("id", page), _text("title", article.title),
             _link("alternate", page, "text/html")]
    if article.url:
        parts.append(_link("via", article.url, "text/html"))  # the outlet's own copy
    stamp = _timestamp(article.published)
    parts += [_text("published", stamp), _text("updated", stamp)]
    outlet = archive.corpus.entity("organization", article.outlet)
    outlet_name = outlet.name if outlet else article.outlet
    names = [p.name for p in (archive.corpus.entity("person", a) for a in article.authors or ())
             if p is not None] or [outlet_name]
    for name in names:
        parts += ["<author>", _text("name", name), "</author>"]
    for tag_id in article.tags:
        tag = archive.corpus.tags.get(tag_id)
        label = "" if tag is None else f' label="{_attribute(tag.label)}"'
        parts.append(f'<category term="{_attribute(tag_id)}"{label} />')
    # Without a summary of its own, the entry says where and when it was published (its
    # title is the entry's title; repeating it was 0.75 MB of the feeds of 10,000 articles).
    summary = article.summary or f"{outlet_name}, {article.published.display}."
    parts += ['<summary type="text">', _escape(summary), "</summary>", "</entry>"]
    return "".join(parts)


def _text(tag: str, text: str) -> str:
    return f"<{tag}>{_escape(text)}</{tag}>"


def _link(rel: str, href: str, media_type: str) -> str:
    return f'<link rel="{rel}" type="{media_type}" href="{_attribute(href)}" />'


def _escape(text: str) -> str:
    """Element text as ElementTree writes it, without the characters XML forbids."""
    return _XML_ILLEGAL.sub("", text).translate(_TEXT_ESCAPES)


def _attribute(text: str) -> str:
    """An attribute value (between double quotes) as ElementTree writes it, without the
    characters XML forbids."""
    return _XML_ILLEGAL.sub("", text).translate(_ATTRIBUTE_ESCAPES)


def _timestamp(date: PartialDate) -> str:
    """RFC 3339 at midnight UTC; a date known to the month or year takes its first day."""
    return f"{date.year:04d}-{date.month or 1:02d}-{date.day or 1:02d}T00:00:00Z"


def build_feeds(archive: Archive, site_url: str, site_name: str) -> dict[str, bytes]:
    """Every feed of the site: site path -> Atom document."""
    entries: dict[str, str] = {}
    return {feed.path: feed_xml(feed, archive, site_url, site_name, entries)
            for feed in all_feeds(archive, site_name)}
