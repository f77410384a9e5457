"""Relations: co-mentioned entities on entity pages, related articles on article pages."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from urllib.parse import urljoin

import pytest

from build_tools import relations as relations_module
from build_tools import urls
from build_tools.pipeline import CheckResult
from build_tools.registry import EntityRef
from build_tools.relations import PUBLISHING_ROLES, RELATED_LIMIT, Relations

from .site_files import SITE_URL, article, entity, outlet

PEOPLE = {f"people/{p}.md": entity(p.capitalize()) for p in ("ann", "bob", "cat", "dan")}


def test_co_mentions_count_shared_articles_and_skip_the_publisher(make_archive) -> None:
    archive = make_archive({
        **PEOPLE,
        "organizations/daily.md": outlet("Daily"),
        "organizations/gazette.md": outlet("Gazette"),
        "places/land.md": entity("Land"),
        "articles/2021/2021-01-01-a.md": article("A", "daily", "2021-01-01",
                                                 people=["ann", "bob"], places=["land"]),
        "articles/2021/2021-01-02-b.md": article("B", "daily", "2021-01-02",
                                                 people=["ann", "bob"]),
        "articles/2021/2021-01-03-c.md": article("C", "gazette", "2021-01-03",
                                                 people=["ann", "cat"]),
    })
    relations = Relations(archive)
    found = [(c.ref.id, c.count) for c in relations.co_mentions(EntityRef("person", "ann"))]
    assert found == [("bob", 2), ("cat", 1), ("land", 1)]
    # An outlet's co-mentions are what it reports on.
    found = [(c.ref.id, c.count)
             for c in relations.co_mentions(EntityRef("organization", "daily"))]
    assert found == [("ann", 2), ("bob", 2), ("land", 1)]
    assert relations.co_mentions(EntityRef("person", "dan")) == []


def rarity_corpus(make_archive):
    """x shares a rare person with y and a common place with z and w1..w3."""
    common = {"places": ["iraq"]}
    return make_archive({
        **PEOPLE,
        "organizations/daily.md": outlet("Daily"),
        "places/iraq.md": entity("Iraq"),
        "events/2021-01-01-vote.md": entity("Vote", date="2021-01-01"),
        "articles/2021/2021-02-01-x.md": article("X", "daily", "2021-02-01", people=["ann"],
                                                 events=["2021-01-01-vote"], **common),
        "articles/2021/2021-02-02-y.md": article("Y", "daily", "2021-02-02", people=["ann"]),
        "articles/2021/2021-02-03-v.md": article("V", "daily", "2021-02-03",
                                                 events=["2021-01-01-vote"]),
        "articles/2021/2021-02-04-z.md": article("Z", "daily", "2021-02-04", **common),
        **{f"articles/2021/2021-02-0{5 + i}-w{i}.md":
           article(f"W{i}", "daily", f"2021-02-0{5 + i}", **common) for i in range(3)},
        "articles/2021/2021-03-01-alone.md": article("Alone", "daily", "2021-03-01"),
    })


def test_related_articles_weigh_rare_names_and_events_above_common_ones(make_archive) -> None:
    relations = Relations(rarity_corpus(make_archive))
    related = relations.related_articles("2021-02-01-x")
    # The shared event counts double, the rare person beats the common place.
    assert [r.article_id for r in related[:2]] == ["2021-02-03-v", "2021-02-02-y"]
    # Then the four that share only the common place, as many as the page shows.
    assert len(related) == RELATED_LIMIT == 5
    assert {r.article_id for r in related[2:]} < {
        "2021-02-04-z", "2021-02-05-w0", "2021-02-06-w1", "2021-02-07-w2"}
    assert related[0].score > related[1].score > related[2].score
    assert related[1].shared == (EntityRef("person", "ann"),)
    # Same outlet, nothing else in common: not related.
    assert "2021-03-01-alone" not in {r.article_id for r in related}
    assert relations.related_articles("2021-03-01-alone") == []


def test_very_frequent_entities_do_not_relate_articles(make_archive,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(relations_module, "MAX_POSTINGS", 3)
    relations = Relations(rarity_corpus(make_archive))
    related = [r.article_id for r in relations.related_articles("2021-02-01-x")]
    assert related == ["2021-02-03-v", "2021-02-02-y"]  # Iraq (5 articles) is not walked


def expected_co_mentions(seed: CheckResult, ref: EntityRef) -> Counter[str]:
    """Entity name -> articles shared, counted straight from the involvement table."""
    archive = seed.archive
    counts: Counter[str] = Counter()
    for article_id in archive.involvement.get(ref, {}):
        for other, by_article in archive.involvement.items():
            roles = by_article.get(article_id, set())
            if other != ref and roles - PUBLISHING_ROLES:
                counts[archive.entity(other).name] += 1
    return counts


def test_each_entity_page_shows_its_co_mentions(built_site: Path, site_pages,
                                                seed: CheckResult) -> None:
    shown = 0
    for record in seed.archive.corpus.all_entities():
        ref = EntityRef(record.TYPE, record.id)
        path = urls.entity_path(record.SECTION, record.id)
        html = site_pages[path]
        expected = expected_co_mentions(seed, ref)
        section = html.select_one("section.corpus-relations")
        if not expected:
            assert section is None, path
            continue
        shown += 1
        assert section is not None, path
        rows = [(row.select("td")[0], int(row.select("td")[2].get_text()))
                for row in section.select(".corpus-co-mentions table tbody tr")]
        assert len(rows) == min(len(expected), relations_module.CO_MENTION_LIMIT), path
        counts = [count for _, count in rows]
        assert counts == sorted(expected.values(), reverse=True)[:len(rows)], path
        for cell, count in rows:
            assert expected[cell.get_text()] == count, (path, cell.get_text())
            target = urljoin(SITE_URL + path, cell.a["href"])
            assert (built_site / target.removeprefix(SITE_URL) / "index.html").is_file()
        assert section.select_one("svg.corpus-network__svg") is not None, path
    # Every entity an article involves has co-mentions (each seed article names many).
    assert shown == sum(1 for by_article in seed.archive.involvement.values() if by_article)
    assert shown > 30


def test_each_seed_article_lists_the_other_as_related(site_pages, seed: CheckResult) -> None:
    articles = seed.archive.articles
    for this, other in ((articles[0], articles[1]), (articles[1], articles[0])):
        section = site_pages[urls.article_path(this.id, this.year)].select_one(
            "section.corpus-relations")
        assert section is not None and section.h2["id"] == "related"
        titles = [a.get_text() for a in section.select("tbody tr td:nth-of-type(2) a")]
        assert titles == [other.title]
        shared = section.select_one("tbody tr td:nth-of-type(4)").get_text()
        # The event both cover is the most telling thing they share.
        assert shared.startswith("ISIL attack in Salahuddin (May 2020)")
        # Named, not linked: the article links each of them under "Involved".
        assert section.select("tbody tr td:nth-of-type(4) a") == []
