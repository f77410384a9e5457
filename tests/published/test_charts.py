"""Pictures: activity charts and co-mention networks, as inline accessible SVG."""

from __future__ import annotations

import calendar
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from build_tools import urls
from build_tools.charts import activity_chart, network_chart
from build_tools.pipeline import CheckResult

from .site_files import article, outlet

SVG = "{http://www.w3.org/2000/svg}"
CHART_SVG = re.compile(r'<svg class="corpus-[^"]*".*?</svg>', re.DOTALL)
ALLOWED_PAINT = {"currentColor", "none"}


def chart_articles(make_archive, dates: list[str]):
    files = {"organizations/daily.md": outlet("Daily")}
    for index, date in enumerate(dates):
        files[f"articles/{date[:4]}/{date}-a{index}.md"] = article(f"A{index}", "daily", date)
    return make_archive(files).articles


def test_activity_counts_articles_per_month(make_archive) -> None:
    articles = chart_articles(make_archive, ["2019-03-02", "2019-03-30", "2019-11",
                                             "2021-05-01", "2020"])
    chart = activity_chart(articles, "in the test")
    assert chart is not None and chart.unit == "month"
    assert [(bar.key, bar.count) for bar in chart.bars] == [
        ("2019-03", 2), ("2019-11", 1), ("2021-05", 1)]
    assert chart.undated == 1
    assert "Busiest month: March 2019 (2 articles)" in chart.description
    assert "1 article dated only to the year not shown" in chart.description
    tallest = max(chart.bars, key=lambda bar: bar.height)
    assert tallest.key == "2019-03" and tallest.y == chart.y_ticks[1].y
    assert all(chart.plot_left <= bar.x and bar.x + bar.width <= chart.plot_right
               for bar in chart.bars)
    assert [bar.x for bar in chart.bars] == sorted(bar.x for bar in chart.bars)
    # The numbers: a row a year with articles, the latest first, a cell a month.
    assert [(row.year, row.months, row.total) for row in chart.rows] == [
        (2021, (0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0), 1),
        (2019, (0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0), 3)]  # (2020: only an undated article)


def test_activity_over_decades_counts_per_year(make_archive) -> None:
    chart = activity_chart(chart_articles(make_archive, ["1950-01-01", "2021", "2021-06-01"]),
                           "in the test")
    assert chart is not None and chart.unit == "year"
    assert [(bar.key, bar.count) for bar in chart.bars] == [("1950", 1), ("2021", 2)]
    assert [(row.year, row.months, row.total) for row in chart.rows] == [
        (2021, (), 2), (1950, (), 1)]
    assert chart.undated == 0
    assert activity_chart([], "in nothing") is None


def test_network_puts_the_strongest_link_at_the_top_and_is_deterministic() -> None:
    neighbours = [(f"Entity {i}", f"people/e{i}/", 10 - i) for i in range(7)]
    chart = network_chart("Centre", "people/centre/", neighbours)
    assert chart is not None
    first = chart.nodes[0]
    assert first.x == chart.centre.x and first.y < chart.centre.y
    assert [node.radius for node in chart.nodes] == sorted(
        (node.radius for node in chart.nodes), reverse=True)
    assert all(0 <= node.label_y <= chart.height for node in chart.nodes)
    assert chart == network_chart("Centre", "people/centre/", neighbours)
    assert network_chart("Centre", "people/centre/", []) is None


def test_every_chart_is_well_formed_accessible_svg(built_site: Path) -> None:
    charts = 0
    for html_file in sorted(built_site.rglob("*.html")):
        html = html_file.read_text(encoding="utf-8")
        found = CHART_SVG.findall(html)
        # Every SVG inside the page content is one of ours (the theme's icons are elsewhere).
        content = html.partition('<article class="md-content__inner')[2].partition(
            "</article>")[0]
        assert content.count("<svg") == len(found), html_file
        for markup in found:
            charts += 1
            svg = ET.fromstring(markup)  # well-formed XML, or this raises
            assert svg.tag == f"{SVG}svg" and svg.get("role") == "img"
            title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
            assert title is not None and title.text and title.text.strip(), html_file
            assert desc is not None and desc.text and desc.text.strip(), html_file
            assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
            assert html.count(f'id="{title.get("id")}"') == 1, "chart ids must be unique"
            for element in svg.iter():
                for attribute in ("fill", "stroke"):
                    value = element.get(attribute)
                    assert value is None or value in ALLOWED_PAINT, (html_file, value)
                assert element.tag.removeprefix(SVG) not in ("script", "image", "foreignObject")
    assert charts > 50


def test_home_page_shows_the_activity_chart(site_pages, seed: CheckResult) -> None:
    home = site_pages[""]
    section = home.select_one("section.corpus-activity")
    assert section is not None
    svg = section.select_one("svg.corpus-chart__svg")
    assert svg.title.get_text() == "Articles in the archive per month"
    bars = svg.select("rect")
    assert [bar.title.get_text() for bar in bars] == ["May 2020: 2 articles"]
    assert "2 articles in the archive" in svg.desc.get_text()
    assert len(seed.archive.articles) == 2


def test_entity_and_outlet_pages_chart_their_articles(site_pages, seed: CheckResult) -> None:
    for record in seed.archive.corpus.all_entities():
        html = site_pages[urls.entity_path(record.SECTION, record.id)]
        svg = html.select_one("section.corpus-activity svg")
        involved = any(record.id == ref.id and record.TYPE == ref.type and by_article
                       for ref, by_article in seed.archive.involvement.items())
        assert (svg is not None) == involved, record.id
    fars = site_pages["organizations/fars-news-agency/"]
    assert fars.select_one("section.corpus-activity svg title").get_text() == \
        "Articles involving Fars News Agency per month"


def test_the_numbers_table_holds_what_the_bars_show(site_pages) -> None:
    """Under every activity chart, a table a year to a row (a column a month) gives the
    count of each bar, and nothing where there is no bar."""
    charts = 0
    for path, html in site_pages.items():
        for section in html.select("section.corpus-activity"):
            charts += 1
            bars = {}
            for title in section.select("svg rect title"):
                period, _, count = title.get_text().rpartition(": ")
                bars[period] = int(count.split()[0])
            table = section.select_one("details.corpus-chart-data table")
            heads = [th.get_text() for th in table.select("thead th")]
            assert heads == ["Year", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
                             "Sep", "Oct", "Nov", "Dec", "Total"], path
            shown = {}
            years = []
            for row in table.select("tbody tr"):
                year = row.th.get_text()
                years.append(int(year))
                cells = [td.get_text() for td in row.select("td")]
                assert len(cells) == 13, path
                for month, cell in zip(calendar.month_name[1:], cells[:12], strict=True):
                    if cell:
                        shown[f"{month} {year}"] = int(cell)
                assert int(cells[12]) == sum(int(cell) for cell in cells[:12] if cell), path
            assert shown == bars, path
            assert years == sorted(set(years), reverse=True), path
    assert charts > 10
