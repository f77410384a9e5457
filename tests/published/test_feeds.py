"""Atom feeds: every feed of the built site parses and lists exactly the right articles."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest

from build_tools import feeds, urls
from build_tools.pipeline import CheckResult
from build_tools.registry import EntityRef

from .site_files import SITE_URL, article, outlet

SITE_NAME = "Corpus archive"


def expected_entries(seed: CheckResult) -> dict[str, list[str]]:
    """Feed path -> the article ids it must list, newest first, worked out from the corpus."""
    archive = seed.archive
    corpus = archive.corpus
    newest_first = sorted(corpus.articles.values(), key=lambda a: (a.published, a.id),
                          reverse=True)
    expected = {"feed.xml": [a.id for a in newest_first][:feeds.SITE_FEED_LIMIT]}
    for entity in corpus.all_entities():
        involved = archive.involvement.get(EntityRef(entity.TYPE, entity.id), {})
        expected[f"{entity.SECTION}/{entity.id}/feed.xml"] = [
            a.id for a in newest_first if a.id in involved][:feeds.ENTITY_FEED_LIMIT]
    return expected


def article_address(seed: CheckResult, article_id: str) -> str:
    a = seed.archive.corpus.articles[article_id]
    return SITE_URL + urls.article_path(a.id, a.year)


def test_every_feed_parses_and_lists_exactly_the_right_articles(
        built_site: Path, seed: CheckResult) -> None:
    expected = expected_entries(seed)
    found = {p.relative_to(built_site).as_posix() for p in built_site.rglob("feed.xml")}
    assert found == set(expected)
    for path, article_ids in expected.items():
        parsed = feedparser.parse((built_site / path).read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        assert [e.id for e in parsed.entries] == [article_address(seed, i) for i in article_ids]
        self_link = [link.href for link in parsed.feed.links if link.rel == "self"]
        assert self_link == [SITE_URL + path]
        for entry, article_id in zip(parsed.entries, article_ids, strict=True):
            record = seed.archive.corpus.articles[article_id]
            assert entry.title == record.title
            assert entry.link == article_address(seed, article_id)
            assert entry.published.startswith(record.published.iso)
            outlet = seed.archive.corpus.entity("organization", record.outlet)
            assert entry.summary == (record.summary or
                                     f"{outlet.name}, {record.published.display}.")


def test_a_speaker_feed_follows_the_speaker(built_site: Path, seed: CheckResult) -> None:
    parsed = feedparser.parse((built_site / "people/hamid-al-hayes/feed.xml").read_bytes())
    assert parsed.feed.title.startswith("Hamid al-Hayes")
    assert [e.title for e in parsed.entries] == ["US Supporting ISIL Attacks in Iraqi Provinces"]


def test_feed_dates_come_from_the_articles_not_the_clock(built_site: Path,
                                                         seed: CheckResult) -> None:
    newest = seed.archive.articles[0].published
    parsed = feedparser.parse((built_site / "feed.xml").read_bytes())
    assert parsed.feed.updated == f"{newest.iso}T00:00:00Z"
    # The build wrote what the core computes: nothing in it depends on when it ran.
    core = feeds.build_feeds(seed.archive, SITE_URL, SITE_NAME)
    for path, document in core.items():
        assert (built_site / path).read_bytes() == document, path


def test_every_page_announces_its_feeds_in_its_head(site_pages, seed: CheckResult) -> None:
    for entity in seed.archive.corpus.all_entities():
        path = urls.entity_path(entity.SECTION, entity.id)
        links = site_pages[path].select(
            'head link[rel~="alternate"][type="application/atom+xml"]')
        targets = {urljoin(SITE_URL + path, link["href"]) for link in links}
        assert targets == {SITE_URL + path + "feed.xml", SITE_URL + "feed.xml"}, path
    first_article = "articles/2020/2020-05-05-us-supporting-isil-attacks-in-iraqi-provinces/"
    for path in ("", "data/", "about/", first_article):
        links = site_pages[path].select('head link[type="application/atom+xml"]')
        assert [urljoin(SITE_URL + path, link["href"]) for link in links] == \
            [SITE_URL + "feed.xml"], path


@pytest.mark.parametrize("title", [
    'Fighting & "talks" <script>alert(1)</script>',
    "Ends with a ]]> and a \x07 bell",
])
def test_contributor_text_cannot_break_a_feed(make_archive, title: str) -> None:
    archive = make_archive({
        "organizations/daily.md": outlet("Daily <News> & Co"),
        "articles/2021/2021-03-04-report.md": article(title, "daily", "2021-03-04"),
    })
    parsed = feedparser.parse(feeds.feed_xml(feeds.site_feed(archive, "Test"), archive,
                                             SITE_URL, "Test"))
    assert not parsed.bozo, parsed.get("bozo_exception")
    entry = parsed.entries[0]
    assert entry.title == title.replace("\x07", "")
    assert entry.author == "Daily <News> & Co"
    assert entry.published == "2021-03-04T00:00:00Z"


def test_contributor_text_in_attributes_and_summaries_stays_text(make_archive) -> None:
    label = 'Tag "one" & 1 < 2\tand\nmore\x0b end'
    summary = "A summary with 1 < 2 & 3 > 2 and \x1f in it"
    url = "https://example.org/a?b=1&c=2"
    archive = make_archive({
        "tags.yml": f"odd-tag:\n  label: {json.dumps(label)}\n  description: A tag.\n",
        "organizations/daily.md": outlet("Daily"),
        "articles/2021/2021-03-04-report.md": (
            f"---\ntitle: A report\noutlet: daily\npublished: \"2021-03-04\"\n"
            f"url: {json.dumps(url)}\nsummary: {json.dumps(summary)}\ntags: [odd-tag]\n"
            f"---\nText.\n"),
    })
    document = feeds.feed_xml(feeds.site_feed(archive, "Test"), archive, SITE_URL, "Test")
    entry = ET.fromstring(document).find(f"{{{feeds.ATOM}}}entry")
    assert entry is not None
    assert [(c.get("term"), c.get("label")) for c in entry.iter(f"{{{feeds.ATOM}}}category")] \
        == [("odd-tag", label.replace("\x0b", ""))]
    assert entry.findtext(f"{{{feeds.ATOM}}}summary") == summary.replace("\x1f", "")
    assert [link.get("href") for link in entry.iter(f"{{{feeds.ATOM}}}link")
            if link.get("rel") == "via"] == [url]
