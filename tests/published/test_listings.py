"""Listings: the home page, event coverage side by side, the archive by year and month."""

from __future__ import annotations

import re

from build_tools import urls
from build_tools.pipeline import CheckResult

from .site_files import ATTACK


def test_event_page_compares_how_each_outlet_covered_the_attack(site_pages,
                                                                 seed: CheckResult) -> None:
    corpus = seed.archive.corpus
    covering = sorted((a for a in corpus.articles.values() if ATTACK in a.events),
                      key=lambda a: (a.published, a.id))
    assert len(covering) == 2
    table = site_pages[f"events/{ATTACK}/"].select_one(".corpus-coverage table")
    assert [th.get_text() for th in table.select("thead th")][:4] == \
        ["Date", "Outlet", "Headline", "Quoted"]
    rows = table.select("tbody tr")
    assert len(rows) == len(covering)
    for row, record in zip(rows, covering, strict=True):  # earliest first: who reported it first
        date, outlet, headline, quoted = row.select("td")[:4]
        assert date.time.get_text() == record.published.iso and not date.time.attrs
        assert outlet.get_text(strip=True) == corpus.entities["organization"][record.outlet].name
        assert headline.get_text(strip=True) == record.title
        speakers = {seed.archive.speaker(q).name for q in record.quotes}
        assert speakers and {a.get_text() for a in quoted.select("a")} == speakers
    assert [r.select("td")[1].get_text(strip=True) for r in rows] == \
        ["Fars News Agency", "Sott.net"]


def test_home_page_shows_counts_chart_and_latest_articles(site_pages,
                                                          seed: CheckResult) -> None:
    home = site_pages[""]
    corpus = seed.archive.corpus
    counts = [li.get_text(strip=True) for li in home.select("ul.corpus-counts li")]
    outlets = len({a.outlet for a in corpus.articles.values()})
    assert counts == [f"{len(corpus.articles)} articles", f"{outlets} outlets",
                      f"{len(corpus.entities['person'])} people",
                      f"{len(corpus.entities['organization'])} organizations",
                      f"{len(corpus.entities['place'])} places",
                      f"{len(corpus.entities['event'])} events"]
    assert home.select_one("section.corpus-activity svg") is not None
    latest = [a.get_text() for a in home.select_one("#latest").find_next("table").select(
        "tbody tr td:nth-of-type(2) a")]
    assert latest == [a.title for a in seed.archive.articles[:10]]


def test_archive_year_groups_articles_by_month(site_pages, seed: CheckResult) -> None:
    for year in {a.year for a in seed.archive.articles}:
        html = site_pages[urls.archive_path(year)]
        articles = [a for a in seed.archive.articles if a.year == year]
        months = sorted({a.published.month for a in articles}, reverse=True)
        headings = html.select("h2[id^=m-]")
        assert [h["id"] for h in headings] == [f"m-{year:04d}-{m:02d}" for m in months]
        for heading, month in zip(headings, months, strict=True):
            titles = [a.get_text() for a in heading.find_next("table").select(
                "tbody td:nth-of-type(2) a")]
            assert titles == [a.title for a in articles if a.published.month == month]


def test_table_dates_are_iso_and_prose_dates_are_words(site_pages) -> None:
    """A date in a table's column is written in its ISO form, which <time> reads as it is;
    a date in a sentence or a description list reads "5 May 2020", its ISO form in the
    datetime attribute."""
    in_tables = in_prose = 0
    for path, html in site_pages.items():
        for time in html.select("article time"):
            if time.find_parent("td") is not None:
                in_tables += 1
                assert not time.attrs, (path, str(time))
                assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", time.get_text()), path
            else:
                in_prose += 1
                assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", time["datetime"]), path
    assert in_tables > 20 and in_prose > 10
