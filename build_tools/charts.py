"""Pictures for readers who would rather look than read: the geometry of two charts.

* :func:`activity_chart` — articles per month (per year over long spans), a
  bar chart for the home page and every entity page;
* :func:`network_chart` — an entity and its closest co-mentions, a star laid
  out on a circle (deterministic: the strongest link at twelve o'clock, then
  clockwise), for every entity page.

This module only computes numbers and words; the SVG markup is written by
:mod:`build_tools.chart_svg`, which draws with ``currentColor`` so that CSS
(the theme's colours, dark mode, print) decides the colours. No JavaScript,
nothing loaded from elsewhere.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from . import model, urls
from .model import Article
from .registry import EntityRef
from .relations import Relations

MAX_MONTH_BARS = 480
"""Above 40 years of months, the activity chart counts per year instead."""

LABEL_CHARS = 26
"""Longest node label of the network chart; longer names are shortened (full name on hover)."""


@dataclass(frozen=True)
class Bar:
    """One period of the activity chart."""

    x: float
    y: float
    width: float
    height: float
    label: str
    """``May 2020`` (or ``2020``)."""
    count: int
    key: str
    """``2020-05`` (or ``2020``): the period in ISO form."""


@dataclass(frozen=True)
class YearRow:
    """One year of the chart's numbers, as its table shows them."""

    year: int
    months: tuple[int, ...]
    """Articles in each month, January first (0 for none); empty when the chart counts
    per year."""
    total: int


MONTH_ABBREVIATIONS = model.MONTH_ABBREVIATIONS[1:]
"""The column heads of a table of months: ``Jan`` to ``Dec``."""


@dataclass(frozen=True)
class Tick:
    """A labelled position on an axis."""

    x: float
    y: float
    label: str


@dataclass(frozen=True)
class ActivityChart:
    """Articles per period, ready to draw."""

    id: str
    """Prefix of the ids of the chart's ``<title>`` and ``<desc>`` (unique in the page)."""
    title: str
    description: str
    width: int
    height: int
    unit: str
    """``month`` or ``year``."""
    bars: tuple[Bar, ...]
    """Non-empty periods only."""
    rows: tuple[YearRow, ...]
    """The numbers behind the bars, a year to a row, the latest first: each year with
    articles, with a cell a month when the chart counts per month (read like a calendar:
    a month against the same month of other years)."""
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    plot_left: float
    plot_right: float
    baseline: float
    undated: int
    """Articles not drawn because their date is known to a coarser unit than the chart's."""


_WIDTH, _HEIGHT = 640, 180
_LEFT, _RIGHT, _TOP, _BOTTOM = 34, 8, 10, 36


def activity_chart(articles: Iterable[Article], subject: str,
                   chart_id: str = "activity") -> ActivityChart | None:
    """Articles per month (per year beyond :data:`MAX_MONTH_BARS` months) of ``articles``.

    The axis runs from January of the first year to December of the last, so
    a single busy month still reads as a moment within its year. ``subject``
    names what is counted ("in the archive", "involving Hamid al-Hayes").
    Returns ``None`` when no article is dated.
    """
    articles = list(articles)
    if not articles:
        return None
    years = [a.published.year for a in articles]
    first, last = min(years), max(years)
    by_month = (last - first + 1) * 12 <= MAX_MONTH_BARS
    counts: Counter[tuple[int, int]] = Counter()
    undated = 0
    for article in articles:
        date = article.published
        if by_month and not date.month:
            undated += 1
        else:
            counts[(date.year, date.month if by_month else 0)] += 1
    if not counts:
        return None
    periods = [(y, m) for y in range(first, last + 1) for m in (range(1, 13) if by_month else (0,))]
    slot = (_WIDTH - _LEFT - _RIGHT) / len(periods)
    gap = min(slot * 0.2, 2.0) if slot > 2 else 0.0
    peak = max(counts.values())
    plot_height = _HEIGHT - _TOP - _BOTTOM
    baseline = _TOP + plot_height
    bars = []
    for index, (year, month) in enumerate(periods):
        count = counts.get((year, month), 0)
        if not count:
            continue
        height = plot_height * count / peak
        bars.append(Bar(x=round(_LEFT + index * slot + gap / 2, 2),
                        y=round(baseline - height, 2),
                        width=round(max(slot - gap, 0.5), 2), height=round(height, 2),
                        label=_period_label(year, month), count=count,
                        key=f"{year:04d}-{month:02d}" if month else f"{year:04d}"))
    x_ticks = _year_ticks(first, last, slot * (12 if by_month else 1), baseline + 16)
    if by_month and last - first < 2:
        # A year or two: name the months too, years on a second line.
        x_ticks = tuple(Tick(round(_LEFT + (index + 0.5) * slot, 2), baseline + 14,
                             model.MONTH_ABBREVIATIONS[month][:3 if first == last else 1])
                        for index, (_, month) in enumerate(periods)) + tuple(
            Tick(t.x, t.y + 14, t.label) for t in x_ticks)
    y_ticks = (Tick(_LEFT - 6, baseline, "0"), Tick(_LEFT - 6, _TOP, str(peak)))
    if by_month:
        rows = []
        for year in range(last, first - 1, -1):
            months = tuple(counts.get((year, month), 0) for month in range(1, 13))
            if any(months):
                rows.append(YearRow(year, months, sum(months)))
    else:
        rows = [YearRow(year, (), counts[(year, 0)])
                for year in range(last, first - 1, -1) if counts.get((year, 0))]
    unit = "month" if by_month else "year"
    total = sum(counts.values())
    busiest = max(counts.items(), key=lambda item: (item[1], item))
    description = (
        f"Bar chart of {total} article{'s' if total != 1 else ''} {subject} per {unit}, "
        f"from {first} to {last}. Busiest {unit}: {_period_label(*busiest[0])} "
        f"({busiest[1]} article{'s' if busiest[1] != 1 else ''}).")
    if undated:
        description += (f" {undated} article{'s' if undated != 1 else ''} dated only to the "
                        "year not shown.")
    return ActivityChart(
        id=chart_id, title=f"Articles {subject} per {unit}", description=description,
        width=_WIDTH, height=_HEIGHT, unit=unit, bars=tuple(bars), rows=tuple(rows),
        x_ticks=x_ticks,
        y_ticks=y_ticks, plot_left=_LEFT, plot_right=_WIDTH - _RIGHT, baseline=baseline,
        undated=undated)


def _period_label(year: int, month: int) -> str:
    return f"{model.MONTH_NAMES[month]} {year}" if month else str(year)


def _year_ticks(first: int, last: int, year_width: float, y: float) -> tuple[Tick, ...]:
    # Label every year when there is room (~40 units per label), else every n-th.
    step = max(1, math.ceil(40 / year_width))
    return tuple(Tick(round(_LEFT + (year - first + 0.5) * year_width, 2), y, str(year))
                 for year in range(first, last + 1) if (year - first) % step == 0)


@dataclass(frozen=True)
class Node:
    """An entity drawn in the network chart."""

    x: float
    y: float
    radius: float
    label: str
    """The name, shortened to :data:`LABEL_CHARS` characters."""
    name: str
    path: str
    """Site path of the entity's page."""
    count: int
    """Articles shared with the centre (0 for the centre itself)."""
    label_x: float
    label_y: float
    anchor: str
    """SVG ``text-anchor``: ``start``, ``middle`` or ``end``."""


@dataclass(frozen=True)
class Edge:
    """A line from the centre to a co-mentioned entity."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float


@dataclass(frozen=True)
class NetworkChart:
    """An entity and its closest co-mentions, ready to draw."""

    id: str
    title: str
    description: str
    width: int
    height: int
    centre: Node
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


_NET_WIDTH, _NET_HEIGHT, _NET_RADIUS = 640, 360, 125


def network_chart(name: str, path: str, neighbours: Sequence[tuple[str, str, int]],
                  chart_id: str = "network") -> NetworkChart | None:
    """A star of ``name`` (its page at ``path``) and ``neighbours``: (name, path, count) each,
    strongest first. Returns ``None`` without neighbours."""
    if not neighbours:
        return None
    cx, cy = _NET_WIDTH / 2, _NET_HEIGHT / 2
    peak = max(count for _, _, count in neighbours)
    centre = Node(cx, cy, 16, _shorten(name), name, path, 0, cx, cy + 16 + 16, "middle")
    nodes, edges = [], []
    for index, (other, other_path, count) in enumerate(neighbours):
        angle = -math.pi / 2 + 2 * math.pi * index / len(neighbours)
        cos, sin = math.cos(angle), math.sin(angle)
        x, y = cx + _NET_RADIUS * cos, cy + _NET_RADIUS * sin
        radius = 5 + 7 * math.sqrt(count / peak)
        anchor = "start" if cos > 0.25 else "end" if cos < -0.25 else "middle"
        label_distance = radius + 6
        # Labels above or below a node sit clear of it; sideways ones are centred on it.
        label_y = y + sin * label_distance + (4 if abs(sin) < 0.9 else (10 if sin > 0 else -2))
        nodes.append(Node(round(x, 2), round(y, 2), round(radius, 2), _shorten(other), other,
                          other_path, count, round(x + cos * label_distance, 2),
                          round(label_y, 2), anchor))
        edges.append(Edge(cx, cy, round(x, 2), round(y, 2), round(1 + 4 * count / peak, 2)))
    listed = "; ".join(f"{other} ({count})" for other, _, count in neighbours)
    description = (f"Network diagram: {name} at the centre, linked to the {len(neighbours)} "
                   f"entities most often mentioned in the same articles, with the number of "
                   f"shared articles: {listed}.")
    return NetworkChart(chart_id, f"{name} and the entities most often mentioned with it",
                        description, _NET_WIDTH, _NET_HEIGHT, centre, tuple(nodes), tuple(edges))


def _shorten(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[:LABEL_CHARS - 1].rstrip() + "…"


NETWORK_SIZE = 10
"""How many co-mentioned entities the network chart draws around an entity."""


class Charts:
    """The charts of one archive's pages, as the templates ask for them."""

    month_abbreviations = MONTH_ABBREVIATIONS

    def __init__(self, relations: Relations) -> None:
        self.relations = relations

    def activity(self, articles: Iterable[Article], subject: str,
                 chart_id: str = "activity") -> ActivityChart | None:
        """See :func:`activity_chart`."""
        return activity_chart(articles, subject, chart_id)

    def entity_activity(self, ref: EntityRef,
                        chart_id: str = "activity") -> ActivityChart | None:
        """Articles involving ``ref``, per month."""
        archive = self.relations.archive
        articles = (archive.corpus.articles[i] for i in archive.involvement.get(ref, {}))
        return activity_chart(articles, "involving " + archive.entity(ref).name, chart_id)

    def network(self, ref: EntityRef, chart_id: str = "network") -> NetworkChart | None:
        """The star of ``ref`` and its :data:`NETWORK_SIZE` closest co-mentions."""
        archive = self.relations.archive
        entity = archive.entity(ref)
        neighbours = []
        for item in self.relations.co_mentions(ref, NETWORK_SIZE):
            other = archive.entity(item.ref)
            neighbours.append((other.name, urls.entity_path(other.SECTION, other.id), item.count))
        return network_chart(entity.name, urls.entity_path(entity.SECTION, entity.id),
                             neighbours, chart_id)
