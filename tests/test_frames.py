"""Frames (build_tools/frames.py): a theme's page rendered once, filled in per page. The
whole-site comparison (framed pages against pages rendered whole, hostile input included)
is in test_hostile_site.py."""

from __future__ import annotations

from jinja2 import Environment
from markupsafe import Markup

from build_tools.frames import SLOTS, Frames, fillable, parse, probes
from build_tools.minify import minify_page

THEME = """<title>{{ title }} - Site</title>
<meta name="description" content="{{ description }}">
<link rel="canonical" href="{{ canonical_url }}">{{ head }}
<header>{{ title }}</header>
{% if "<h1" not in content %}<h1>{{ title }}</h1>{% endif %}{{ content }}
"""

VALUES: dict[str, str | None] = {
    "title": Markup("Talks &lt;/title&gt; resume"),
    "description": Markup("Talks — Daily, 2 May 2020."),
    "canonical_url": "https://example.org/articles/2020/talks/",
    "head": Markup('<meta property="og:type" content="article">'),
    "content": '<h1 dir="auto">Talks</h1><p>Text</p>',
}


def render(template: str, values: dict) -> str:
    return Environment().from_string(template).render(values)


def test_a_filled_frame_is_the_page_rendered_whole() -> None:
    frame = parse(render(THEME, probes()))
    assert frame is not None
    assert frame.slots.count("title") == 2 and set(frame.slots) == set(SLOTS)
    assert frame.fill(VALUES) == render(THEME, VALUES)


def test_a_value_the_theme_alters_makes_no_frame() -> None:
    for altered in ("{{ title | striptags }}", "{{ canonical_url | e }}",
                    "{{ description | truncate(20) }}", "{{ title | upper }}",
                    "{{ content | lower }}", "{{ head | replace('&', 'and') }}"):
        assert parse(render(THEME + altered, probes())) is None, altered


def test_pages_whose_values_the_theme_would_test_are_rendered_whole() -> None:
    assert fillable(VALUES)
    assert not fillable({**VALUES, "content": "<p>No heading</p>"})
    assert not fillable({**VALUES, "canonical_url": None})
    assert not fillable({**VALUES, "description": ""})


def test_the_first_page_of_each_key_is_compared_with_the_page_rendered_whole() -> None:
    frames = Frames()
    renders = []

    def whole(values: dict) -> str:
        renders.append(values["title"])
        return render(THEME, values)

    second = {**VALUES, "title": Markup("Other")}
    assert frames.page("a", VALUES, lambda: render(THEME, probes()),
                       lambda: whole(VALUES)) == render(THEME, VALUES)
    assert frames.page("a", second, lambda: render(THEME, probes()),
                       lambda: whole(second)) == render(THEME, second)
    assert renders == [VALUES["title"]] and frames.filled == 1  # the second was filled in
    assert frames.unframed == []

    # A theme that writes something else of the page, or a value in a way that leaves no
    # trace of its probe: the frame would give another page.
    tricky = THEME + "{{ other }}{{ content | wordcount }}"
    assert frames.page("b", VALUES, lambda: render(tricky, {**probes(), "other": "x"}),
                       lambda: render(tricky, {**VALUES, "other": "y"})).endswith("y8")
    assert frames.unframed == ["b"]
    assert frames.page("b", second, lambda: "", lambda: whole(second)) == render(THEME, second)


INDENTED_THEME = """<html>
  <head>
    <title>{{ title }} - Site</title>
    <meta name="description" content="{{ description }}">
    <link rel="canonical" href="{{ canonical_url }}">
    {{ head }}
    <script>
      var kept  =  "as it is";
    </script>
  </head>
  <body>
    <header>  {{ title }}  </header>
    {{ content }}
  </body>
</html>
"""


def test_a_compact_frame_gives_the_filled_page_minified() -> None:
    frame = parse(render(INDENTED_THEME, probes()))
    assert frame is not None and frame.compact_pieces is not None
    for content in ('\n  <h1 dir="auto">Talks</h1>\n\n  <p>Text</p>\n  ',
                    "<h1>x</h1><pre>\n  code\n    kept\n</pre>\n   after",
                    "  <h1>x</h1>  ", "<h1>x</h1>\n"):
        values = {**VALUES, "content": content}
        assert frame.fill_compact(values) == minify_page(frame.fill(values)), content
    # a value that opens an element it does not close: only the whole page can be minified
    assert frame.fill_compact({**VALUES, "content": "<h1>x</h1><pre>\n  open"}) is None


def test_compacting_frames_count_the_pages_they_minified() -> None:
    frames = Frames(compact=True)
    pages = []
    for title in ("One", "Two", "Three"):
        values = {**VALUES, "title": Markup(title)}
        pages.append(frames.page("key", values, lambda: render(INDENTED_THEME, probes()),
                                 lambda values=values: render(INDENTED_THEME, values)))
    assert frames.filled == 2 and frames.compacted == 2  # the first was rendered whole
    assert pages[1] == minify_page(render(INDENTED_THEME, {**VALUES, "title": Markup("Two")}))
