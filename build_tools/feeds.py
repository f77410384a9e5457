"""Atom feeds (RFC 4287): the whole archive, and one per person, organization, place and event.

Built with :mod:`xml.etree.ElementTree`: the document is a tree and the
serializer escapes every text and attribute value, so nothing a contributor
writes can change the feed's structure. (A text template would need every
value escaped by hand, XML-correctly, and could still produce ill-formed XML.)
Characters that XML 1.0 forbids (most control characters) are removed before
they reach the tree, because ElementTree would write them as they are.

Feeds are deterministic: every date comes from the articles, never from the
clock, and the order is the archive's (newest first, ties by id), so an
unchanged corpus yields byte-identical feeds.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
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

ET.register_namespace("", ATOM)


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


def feed_xml(feed: Feed, archive: Archive, site_url: str, site_name: str) -> bytes:
    """The Atom document of ``feed``, UTF-8 encoded."""
    def absolute(path: str) -> str:
        return urls.absolute_url(site_url, path)

    root = ET.Element(f"{{{ATOM}}}feed")
    _text(root, "id", absolute(feed.page_path))
    _text(root, "title", feed.title)
    _text(root, "subtitle", feed.subtitle)
    _link(root, "self", absolute(feed.path), "application/atom+xml")
    _link(root, "alternate", absolute(feed.page_path), "text/html")
    # An empty feed is as old as the archive's newest article: a date from the data, not the clock.
    newest = feed.articles[0] if feed.articles else (archive.articles[0] if archive.articles
                                                     else None)
    _text(root, "updated", _timestamp(newest.published if newest else PartialDate(1970)))
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", site_name)
    _text(author, "uri", absolute(urls.HOME))
    for article in feed.articles:
        root.append(_entry(article, archive, absolute))
    # No indentation: feed readers ignore it, and it was a tenth of every feed.
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _entry(article: Article, archive: Archive, absolute: Callable[[str], str]) -> ET.Element:
    entry = ET.Element(f"{{{ATOM}}}entry")
    page = absolute(urls.article_path(article.id, article.year))
    _text(entry, "id", page)
    _text(entry, "title", article.title)
    _link(entry, "alternate", page, "text/html")
    if article.url:
        _link(entry, "via", article.url, "text/html")  # the outlet's own copy
    _text(entry, "published", _timestamp(article.published))
    _text(entry, "updated", _timestamp(article.published))
    outlet = archive.corpus.entity("organization", article.outlet)
    outlet_name = outlet.name if outlet else article.outlet
    names = [p.name for p in (archive.corpus.entity("person", a) for a in article.authors or ())
             if p is not None] or [outlet_name]
    for name in names:
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        _text(author, "name", name)
    for tag_id in article.tags:
        tag = archive.corpus.tags.get(tag_id)
        category = ET.SubElement(entry, f"{{{ATOM}}}category")
        category.set("term", _clean(tag_id))
        if tag is not None:
            category.set("label", _clean(tag.label))
    # Without a summary of its own, the entry says where and when it was published (its
    # title is the entry's title; repeating it was 0.75 MB of the feeds of 10,000 articles).
    summary = article.summary or f"{outlet_name}, {article.published.display}."
    _text(entry, "summary", summary).set("type", "text")
    return entry


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = _clean(text)
    return element


def _link(parent: ET.Element, rel: str, href: str, media_type: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}link",
                  {"rel": rel, "type": media_type, "href": _clean(href)})


def _clean(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def _timestamp(date: PartialDate) -> str:
    """RFC 3339 at midnight UTC; a date known to the month or year takes its first day."""
    return f"{date.year:04d}-{date.month or 1:02d}-{date.day or 1:02d}T00:00:00Z"


def build_feeds(archive: Archive, site_url: str, site_name: str) -> dict[str, bytes]:
    """Every feed of the site: site path -> Atom document."""
    return {feed.path: feed_xml(feed, archive, site_url, site_name)
            for feed in all_feeds(archive, site_name)}
