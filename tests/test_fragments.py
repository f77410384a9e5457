"""The Python fragments and listings make the bytes the Jinja macros and filters they
replaced made, hostile names included (every corpus string escaped)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from jinja2 import DictLoader, Environment, FileSystemLoader, StrictUndefined, pass_context
from test_properties import HOSTILE

from build_tools import urls
from build_tools.chart_svg import activity_svg, network_svg
from build_tools.charts import activity_chart, network_chart
from build_tools.fragments import Fragments, PageFragments, roles_text
from build_tools.listings import Listings
from build_tools.model import PartialDate
from build_tools.pages import build_pages
from build_tools.pipeline import check_corpus
from build_tools.registry import EntityRef
from build_tools.relations import Relations
from build_tools.resolve import Archive
from build_tools.synthetic import generate_corpus

# The macros as templates/_macros.html had them before fragments.py.
FORMER_MACROS = """\
{% macro entity_link(entity) -%}
<a href="{{ url(entity_path(entity)) }}">{{ entity.name }}</a>
{%- endmacro %}

{% macro id_link(entity_id, types) -%}
{% set entity = lookup(entity_id, *types) %}
{% if entity %}{{ entity_link(entity) }}{% else %}\
<span class="corpus-unknown">unknown</span>{% endif %}
{%- endmacro %}

{% macro date(d) -%}
<time datetime="{{ d.iso }}">{{ d.display }}</time>
{%- endmacro %}

{% macro article_link(article) -%}
<a href="{{ url(article_path(article)) }}">{{ article.title }}</a>
{%- endmacro %}
"""
# The table of articles as templates/_macros.html had it (the link and date fragments were
# already Python then).
FORMER_ARTICLE_TABLE = """\
{% macro article_table(articles, roles=None, outlet=True, indexed=False) %}
<div class="corpus-articles"><table>
  <thead><tr><th>Date</th><th>Article</th>{% if outlet %}<th>Outlet</th>{% endif %}\
{% if roles %}<th>Involvement</th>{% endif %}</tr></thead>
  <tbody>
  {% for item in articles %}
    {% set article = item[0] if roles else item %}
    <tr><td>{{ table_date(article.published) }}</td>{% if indexed %}{{ "\\n" }}{% endif %}\
<td>{{ article_link(article) }}</td>
    {%- if indexed %}{{ "\\n" }}{% endif %}
    {%- if outlet %}{% set article_outlet = lookup(article.outlet, "organization") %}<td>\
{% if article_outlet %}{{ article_outlet.name }}{% else %}\
<span class="corpus-unknown">unknown</span>{% endif %}</td>{% endif %}
    {%- if roles %}<td>{{ roles_text(item[1]) }}</td>{% endif %}</tr>
  {% endfor %}
  </tbody>
</table></div>
{% endmacro %}
{{ article_table(items, roles=roles, outlet=outlet, indexed=indexed) }}"""
CALLS = """\
{% import "_former.html" as m with context %}
{%- if new -%}
{{ entity_link(e) }}|{{ id_link(o.id, [o.TYPE]) }}|{{ id_link("no-such-id", [e.TYPE]) }}|\
{{ id_link(None, ["organization"]) }}|{{ article_link(a) }}|{{ date(d) }}|{{ url(target) }}
{%- else -%}
{{ m.entity_link(e) }}|{{ m.id_link(o.id, [o.TYPE]) }}|{{ m.id_link("no-such-id", [e.TYPE]) }}|\
{{ m.id_link(None, ["organization"]) }}|{{ m.article_link(a) }}|{{ m.date(d) }}|{{ url(target) }}
{%- endif %}"""


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    root = tmp_path_factory.mktemp("fragments")
    generate_corpus(root / "corpus", articles=40, seed=21)
    return check_corpus(root / "corpus", root).archive


def _environment(archive: Archive) -> Environment:
    env = Environment(loader=DictLoader({"_former.html": FORMER_MACROS, "calls.html": CALLS}),
                      autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                      lstrip_blocks=True)

    def lookup(entity_id: str | None, *types: str) -> Any:
        ref = archive.ref(entity_id, types) if entity_id else None
        return archive.entity(ref) if ref else None

    @pass_context
    def url(context: Any, target: str) -> str:
        return urls.relative_url(target, context["page_path"])

    env.globals.update(lookup=lookup, url=url,
                       entity_path=lambda e: urls.entity_path(e.SECTION, e.id),
                       article_path=lambda a: urls.article_path(a.id, a.year))
    return env


def test_fragments_are_the_former_macros_byte_for_byte(archive: Archive) -> None:
    env = _environment(archive)
    template = env.get_template("calls.html")
    pages = [spec.path for spec in build_pages(archive)]
    entities = list(archive.corpus.all_entities())
    articles = archive.articles
    dates = [PartialDate(2020), PartialDate(2020, 5), PartialDate(2020, 5, 2)]
    compared = 0
    for number, page_path in enumerate(pages[::3]):
        entity, article = entities[number % len(entities)], articles[number % len(articles)]
        hostile = HOSTILE[number % len(HOSTILE)]
        # The corpus's own names, and hostile ones in their place (fresh caches for these).
        for name, title in ((entity.name, article.title), (hostile, hostile + " & <b>")):
            e = dataclasses.replace(entity, name=name)
            a = dataclasses.replace(article, title=title)
            fragments = PageFragments(Fragments(archive), page_path)
            values = dict(page_path=page_path, e=e, a=a, d=dates[number % 3],
                          o=entities[(number + 1) % len(entities)],
                          target=pages[(number * 7) % len(pages)])
            former = template.render(new=False, **values)
            made = template.render(new=True, **fragments.names(), **values)
            assert made == former, (page_path, name)
            compared += 1
    assert compared > 50
    assert "<b>" not in made and "&lt;b&gt;" in made


def test_the_article_table_is_the_former_macro_byte_for_byte(archive: Archive) -> None:
    env = _environment(archive)
    env.globals["roles_text"] = roles_text
    template = env.from_string(FORMER_ARTICLE_TABLE)
    articles = archive.articles
    outlets = {a.outlet for a in articles}
    # Hostile headlines, and hostile outlet names (the outlets' records renamed).
    hostile = [dataclasses.replace(a, title=HOSTILE[n % len(HOSTILE)] + " & <b>")
               for n, a in enumerate(articles)]
    renamed = {kind: {i: dataclasses.replace(e, name=HOSTILE[n % len(HOSTILE)])
                      if i in outlets else e for n, (i, e) in enumerate(entities.items())}
               for kind, entities in archive.corpus.entities.items()}
    hostile_archive = dataclasses.replace(
        archive, corpus=dataclasses.replace(archive.corpus, entities=renamed))
    compared = 0
    for source in (archive, hostile_archive):
        env.globals["lookup"] = lambda entity_id, *types, source=source: (
            source.entity(source.ref(entity_id, types)) if source.ref(entity_id, types)
            else None)
        for rows in (articles[:7], hostile[:9], [], [dataclasses.replace(articles[0],
                                                                          outlet="unknown")]):
            pairs = [(a, frozenset(["named", "quoted"][:1 + n % 2])) for n, a in enumerate(rows)]
            for roles in (False, True):
                for outlet in (True, False):
                    for indexed in (False, True):
                        fragments = PageFragments(Fragments(source), "people/x/")
                        items = pairs if roles else rows
                        former = template.render(
                            page_path="people/x/", items=items, roles=roles or None,
                            outlet=outlet, indexed=indexed, **fragments.names())
                        made = fragments.article_table(items, roles=roles, outlet=outlet,
                                                       indexed=indexed)
                        assert made == former, (roles, outlet, indexed)
                        compared += 1
    assert compared == 64
    made = PageFragments(Fragments(hostile_archive), "people/x/").article_table(hostile)
    assert "<b>" not in made and "&lt;b&gt;" in made
    assert "<script>" not in made and "&lt;script&gt;" in made


# The rows of templates/_relations.html as it had them.
FORMER_RELATION_ROWS = """\
{% if co is defined %}
  {% for item in co %}{% set other = archive.entity(item.ref) %}
    <tr><td>{{ entity_link(other) }}</td><td>{{ other.TYPE }}</td><td>{{ item.count }}</td></tr>
  {% endfor %}
{% else %}
  {% for item in related %}{% set other = corpus.articles[item.article_id] %}\
{% set other_outlet = lookup(other.outlet, "organization") %}
    <tr><td>{{ table_date(other.published) }}</td><td>{{ article_link(other) }}</td>\
<td>{{ other_outlet.name if other_outlet else "unknown" }}</td>
    {#- #}<td>{% for shared in item.shared[:4] %}{{ archive.entity(shared).name }}\
{% if not loop.last %}, {% endif %}{% endfor %}{% if item.shared | length > 4 %} and \
{{ item.shared | length - 4 }} more{% endif %}</td></tr>
  {% endfor %}
{% endif %}"""


def test_relation_rows_are_the_former_template_byte_for_byte(archive: Archive) -> None:
    env = _environment(archive)
    template = env.from_string(FORMER_RELATION_ROWS)
    # Hostile names and headlines in the archive's place.
    entities = {kind: {i: dataclasses.replace(e, name=HOSTILE[n % len(HOSTILE)])
                       for n, (i, e) in enumerate(found.items())}
                for kind, found in archive.corpus.entities.items()}
    articles = {i: dataclasses.replace(a, title=HOSTILE[n % len(HOSTILE)] + " <b>")
                for n, (i, a) in enumerate(archive.corpus.articles.items())}
    corpus = dataclasses.replace(archive.corpus, entities=entities, articles=articles)
    relations = Relations(archive)
    compared = 0
    for source in (archive, dataclasses.replace(archive, corpus=corpus)):
        env.globals["lookup"] = lambda entity_id, *types, source=source: (
            source.entity(source.ref(entity_id, types)) if source.ref(entity_id, types)
            else None)
        for entity in list(archive.corpus.all_entities())[::3]:
            fragments = PageFragments(Fragments(source), "people/x/")
            co = relations.co_mentions(EntityRef(entity.TYPE, entity.id))
            former = template.render(page_path="people/x/", co=co, archive=source,
                                     **fragments.names())
            assert fragments.co_mention_rows(co) == former.strip("\n")
            compared += bool(co)
        for article in archive.articles[::2]:
            fragments = PageFragments(Fragments(source), article.id)
            related = relations.related_articles(article.id)
            former = template.render(page_path=article.id, related=related, archive=source,
                                     corpus=source.corpus, **fragments.names())
            made = fragments.related_rows(related)
            assert made == former.strip("\n")
            compared += bool(related)
    assert compared > 20
    assert "<b>" not in made and "&lt;b&gt;" in made


def test_listings_are_the_former_template_filters(archive: Archive) -> None:
    """The lists entity.html and archive_year.html made with Jinja filters on every page."""
    env = Environment(autoescape=False)
    env.tests["contains"] = lambda container, item: item in container
    entity_lists = env.from_string(
        '{% set outlet_of = involved | selectattr("1", "contains", "outlet") '
        '| map(attribute="0") | list %}'
        '{% set other = involved | rejectattr("1", "contains", "outlet") | list %}'
        '{{ result.extend([outlet_of, other, involved | reverse | list]) or "" }}')
    year_months = env.from_string(
        '{% set months = articles | groupby("published.month") | reverse | list %}'
        '{{ result.extend([months, months | map("last") | sum(start=[])]) or "" }}')
    listings = Listings(archive)
    outlets = 0
    for entity in archive.corpus.all_entities():
        ref = EntityRef(entity.TYPE, entity.id)
        result: list[Any] = []
        entity_lists.render(involved=archive.articles_of(ref), result=result)
        lists = listings.entity(ref)
        assert [lists.published, lists.other, lists.oldest_first] == result
        assert lists.involved == archive.articles_of(ref)
        outlets += bool(lists.published)
    assert outlets
    for year in sorted({article.year for article in archive.articles}):
        articles = [article for article in archive.articles if article.year == year]
        result = []
        year_months.render(articles=articles, result=result)
        months = listings.year(year, articles)
        assert [(month, items) for month, items in result[0]] == months.months
        assert result[1] == months.articles
        assert months.counts == {month: len(items) for month, items in result[0]}
        assert listings.year(year, articles) is months  # kept for the year's next pages



# The quote block and the entity list as templates/_macros.html had them (the links, dates
# and addresses were Python fragments already).
FORMER_QUOTE_MACROS = """\
{% macro quote_block(quote, show_speaker=True, show_article=True) %}
{% set article = quote_article(quote) %}
{% set copies = archive.quote_copies.get(quote.anchor, []) %}
<figure class="corpus-quote" id="{{ quote.anchor }}">
  <blockquote dir="auto"><p>{{ quote.text }}</p></blockquote>
  <figcaption>
    {% if show_speaker %}{{ entity_link(speaker(quote)) }}{% else %}Said{% endif %}
    {%- if quote.via %} via {{ id_link(quote.via, ["organization"]) }}{% endif %}
    {%- if quote.said %}, {{ date(quote.said) }}{% endif %}
    {%- if show_article %} — in <a href="{{ url(article_path(article) ~ '#' ~ quote.anchor) }}">\
{{ article.title }}</a> ({{ id_link(article.outlet, ["organization"]) }}, \
{{ date(article.published) }})
    {%- else %} <a class="corpus-permalink" href="{{ url(article_path(article) ~ '#' ~ \
quote.anchor) }}" title="Link to this quote">#</a>{% endif +%}
    {% if copies %}
    <br><span class="corpus-copies">Also carried by:
    {% for other in copies %}{% set other_article = quote_article(other) %}\
<a href="{{ url(article_path(other_article) ~ '#' ~ other.anchor) }}">\
{{ id_link(other_article.outlet, ["organization"]) | striptags }}, \
{{ other_article.published.display }}</a>{% if not loop.last %}; {% endif %}{% endfor %}
    </span>
    {% endif %}
  </figcaption>
</figure>
{% endmacro %}
{% macro entity_list(ids, types) %}
{% for entity_id in ids %}{{ id_link(entity_id, types) }}{% if not loop.last %}, {% endif %}\
{% endfor %}
{% endmacro %}
{% if ids is defined %}{{ entity_list(ids, types) }}{% else %}\
{{ quote_block(quote, show_speaker, show_article) }}{% endif %}"""


def test_quote_blocks_and_entity_lists_are_the_former_macros_byte_for_byte(
        archive: Archive) -> None:
    env = _environment(archive)
    template = env.from_string(FORMER_QUOTE_MACROS)
    quotes = [quote for article in archive.articles for quote in article.quotes]
    assert len(quotes) > 10
    # Hostile words, headlines and outlet names; a speaker speaking through an outlet, on a
    # date; and each quote carried by the next three, so every part of the caption shows.
    outlets = {a.outlet for a in archive.articles}
    renamed = {kind: {i: dataclasses.replace(e, name=HOSTILE[n % len(HOSTILE)])
                      if i in outlets else e for n, (i, e) in enumerate(entities.items())}
               for kind, entities in archive.corpus.entities.items()}
    articles = {i: dataclasses.replace(
        a, title=HOSTILE[n % len(HOSTILE)] + " & <b>",
        quotes=tuple(dataclasses.replace(q, text=HOSTILE[(n + k) % len(HOSTILE)],
                                         via=a.outlet if k % 2 else q.via,
                                         said=PartialDate(2020, 5) if k % 3 else q.said)
                     for k, q in enumerate(a.quotes)))
        for n, (i, a) in enumerate(archive.corpus.articles.items())}
    hostile_quotes = [q for a in articles.values() for q in a.quotes]
    hostile = dataclasses.replace(
        archive, corpus=dataclasses.replace(archive.corpus, entities=renamed, articles=articles),
        quote_copies={q.anchor: [hostile_quotes[(n + k) % len(hostile_quotes)]
                                 for k in (1, 2, 3)]
                      for n, q in enumerate(hostile_quotes) if n % 2})
    compared = 0
    seen: set[str] = set()
    for source, cases in ((archive, quotes), (hostile, hostile_quotes)):
        env.globals.update(
            archive=source, speaker=source.speaker,
            quote_article=lambda quote, source=source: source.corpus.articles[quote.article],
            lookup=lambda entity_id, *types, source=source: (
                source.entity(source.ref(entity_id, types)) if source.ref(entity_id, types)
                else None))
        for number, quote in enumerate(cases):
            page = urls.article_path(quote.article, 2020) if number % 2 else "people/x/"
            fragments = PageFragments(Fragments(source), page)
            for show_speaker in (True, False):
                for show_article in (True, False):
                    former = template.render(page_path=page, quote=quote,
                                             show_speaker=show_speaker,
                                             show_article=show_article, **fragments.names())
                    made = fragments.quote_block(quote, show_speaker, show_article)
                    assert made == former, (quote.anchor, show_speaker, show_article)
                    compared += 1
                    seen.update(part for part in ("Also carried by", " via ", "&lt;b&gt;",
                                                  "<b>", "<script>") if part in made)
            ids = [quote.by, "no-such-id", *list(outlets)[:number % 4]][:1 + number % 5]
            types = ["person", "organization"]
            former = template.render(page_path=page, ids=ids, types=types, **fragments.names())
            assert fragments.entity_list(ids, types) == former
            assert fragments.entity_list([], types) == ""
    assert compared > 40
    assert seen == {"Also carried by", " via ", "&lt;b&gt;"}  # never <b> or <script>



# The two charts' SVG as templates/_svg_activity.html and _svg_network.html had it.
FORMER_TEMPLATES = Path(__file__).parent / "former_templates"


def test_chart_svgs_are_the_former_templates_byte_for_byte(archive: Archive) -> None:
    env = Environment(loader=FileSystemLoader(FORMER_TEMPLATES),
                      autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=False)
    network = env.get_template("_svg_network.html")
    activity_template = env.get_template("_svg_activity.html")
    compared = 0
    for number, name in enumerate(HOSTILE):
        # Hostile names of the centre and its neighbours, long ones (shortened), one to
        # seven neighbours, counts of 1 and more; the activity of a few articles to all.
        neighbours = [(HOSTILE[(number + k) % len(HOSTILE)] * (1 + k % 3), f"people/e{k}/",
                       1 + (number * k) % 4) for k in range(1 + number % 7)]
        chart = network_chart(name + " & <b>", "people/x/", neighbours)
        assert chart is not None
        assert network_svg(chart) == network.render(chart=chart)
        activity = activity_chart(archive.articles[:1 + number * 3], name, chart_id=f"a{number}")
        assert activity is not None
        assert activity_svg(activity) == activity_template.render(chart=activity)
        compared += 1
    made = network_svg(chart) + activity_svg(activity)
    assert compared == len(HOSTILE)
    assert "<b>" not in made and "&lt;b&gt;" in made and "<script>" not in made
