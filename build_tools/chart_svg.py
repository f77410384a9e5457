"""The SVG markup of the two charts (:mod:`build_tools.charts` computes what they show).

Every home and entity page draws an activity chart and most entity pages a
network; as templates, each number of each bar, tick and node went through
autoescaping and the template machinery (about a second of the rendering of a
10,000-article archive). Here the markup is written by two functions that make
the bytes the templates made: numbers are written as Jinja wrote them
(``str``), and every word (titles, descriptions, labels, names, ids) passes
through :func:`markupsafe.escape`. The charts draw with ``currentColor``, so
that CSS (the theme's colours, dark mode, print) decides the colours. No
JavaScript, nothing loaded from elsewhere.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from .charts import ActivityChart, NetworkChart


def _head(chart: ActivityChart | NetworkChart, css_class: str) -> str:
    chart_id = escape(chart.id)
    return (f'<svg class="{css_class}" xmlns="http://www.w3.org/2000/svg" role="img" '
            f'viewBox="0 0 {chart.width} {chart.height}" width="100%" '
            f'aria-labelledby="{chart_id}-title {chart_id}-desc">\n'
            f'  <title id="{chart_id}-title">{escape(chart.title)}</title>\n'
            f'  <desc id="{chart_id}-desc">{escape(chart.description)}</desc>\n')


def activity_svg(chart: ActivityChart) -> Markup:
    """The bar chart of articles per period, its grid and its axis labels."""
    html = [_head(chart, "corpus-chart__svg"),
            '  <g class="corpus-chart__grid" stroke="currentColor" stroke-width="1">\n'
            f'    <line x1="{chart.plot_left}" y1="{chart.y_ticks[1].y}" '
            f'x2="{chart.plot_right}" y2="{chart.y_ticks[1].y}" stroke-dasharray="3 3"/>\n'
            f'    <line x1="{chart.plot_left}" y1="{chart.baseline}" '
            f'x2="{chart.plot_right}" y2="{chart.baseline}"/>\n'
            '  </g>\n'
            '  <g class="corpus-chart__bars" fill="currentColor">\n']
    html += [f'    <rect x="{bar.x}" y="{bar.y}" width="{bar.width}" height="{bar.height}">'
             f'<title>{escape(bar.label)}: {bar.count} article{"s" if bar.count != 1 else ""}'
             f'</title></rect>\n' for bar in chart.bars]
    html.append('  </g>\n  <g class="corpus-chart__labels" fill="currentColor" font-size="11">\n')
    html += [f'    <text x="{tick.x}" y="{tick.y}" text-anchor="middle">{escape(tick.label)}'
             f'</text>\n' for tick in chart.x_ticks]
    html += [f'    <text x="{tick.x}" y="{tick.y}" dy="4" text-anchor="end">'
             f'{escape(tick.label)}</text>\n' for tick in chart.y_ticks]
    html.append("  </g>\n</svg>")
    return Markup("".join(html))


def network_svg(chart: NetworkChart) -> Markup:
    """The star of co-mentions: a line and a circle for each entity, the centre, the labels.
    Not interactive: the table beside it has the links."""
    centre = chart.centre
    html = [_head(chart, "corpus-network__svg"),
            '  <g class="corpus-network__edges" stroke="currentColor">\n']
    html += [f'    <line x1="{edge.x1}" y1="{edge.y1}" x2="{edge.x2}" y2="{edge.y2}" '
             f'stroke-width="{edge.width}"/>\n' for edge in chart.edges]
    html.append('  </g>\n  <g class="corpus-network__nodes" fill="currentColor">\n')
    html += [f'    <circle cx="{node.x}" cy="{node.y}" r="{node.radius}"><title>'
             f'{escape(node.name)}: {node.count} shared article'
             f'{"s" if node.count != 1 else ""}</title></circle>\n' for node in chart.nodes]
    html.append(f'  </g>\n  <circle class="corpus-network__centre" cx="{centre.x}" '
                f'cy="{centre.y}" r="{centre.radius}" fill="currentColor"><title>'
                f'{escape(centre.name)}</title></circle>\n'
                '  <g class="corpus-network__labels" fill="currentColor" font-size="11">\n')
    html += [f'    <text x="{node.label_x}" y="{node.label_y}" '
             f'text-anchor="{escape(node.anchor)}">{escape(node.label)}</text>\n'
             for node in chart.nodes]
    html.append(f'    <text x="{centre.label_x}" y="{centre.label_y}" text-anchor="middle" '
                f'font-weight="bold">{escape(centre.label)}</text>\n  </g>\n</svg>')
    return Markup("".join(html))
