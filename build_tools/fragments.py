"""The small HTML pieces every list of the site repeats: links to entities and articles, dates.

A page of 100 rows calls them hundreds of times, and as Jinja2 macros each call cost more
than the HTML it made (a new macro frame, argument binding, a ``Markup`` per piece). Here
they are plain functions that return :class:`~markupsafe.Markup` with every corpus string
passed through :func:`markupsafe.escape`, exactly as the autoescaped templates would: the
output is the same bytes the macros made. What does not depend on the page (an entity's
escaped name, a date's ``<time>`` element) is made once per renderer; links are relative
to the page, so they are made per page (:class:`PageFragments`).

The templates call them by name (``entity_link(e)``, ``date(d)``, ``entity_list(ids,
types)``, ``quote_block(q)``, ``article_table(rows)``, ``related_rows(related)``,
``co_mention_rows(co)``); the structure of each page, and the pager (``_macros.html``),
stay in ``templates/``. The quotes and lists of entities were macros until they too were
called tens of thousands of times a build (about 1.5 s of rendering at 10,000 articles).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from markupsafe import Markup, escape

from . import urls
from .model import Article, Entity, PartialDate, Quote
from .relations import CoMention, RelatedArticle
from .resolve import ROLE_LABELS, Archive

UNKNOWN_ENTITY = Markup('<span class="corpus-unknown">unknown</span>')
"""What a link to an entity the corpus does not hold shows (an outlet written ``unknown``)."""
_OUTLET = ("organization",)


def roles_text(roles: Collection[str]) -> str:
    """``named, quoted``: how an entity is involved in an article, in words."""
    return ", ".join(sorted(ROLE_LABELS[role] for role in roles))


class Fragments:
    """The page-independent parts of the fragments of one archive, made once and kept."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self._names: dict[tuple[str, str], tuple[str, str]] = {}
        self._titles: dict[str, tuple[str, str]] = {}
        self._dates: dict[PartialDate, Markup] = {}

    def entity_parts(self, entity: Entity) -> tuple[str, str]:
        """An entity's site path and its name, escaped."""
        key = (entity.TYPE, entity.id)
        parts = self._names.get(key)
        if parts is None:
            parts = self._names[key] = (urls.entity_path(entity.SECTION, entity.id),
                                        str(escape(entity.name)))
        return parts

    def article_parts(self, article: Article) -> tuple[str, str]:
        """An article's site path and its title, escaped."""
        parts = self._titles.get(article.id)
        if parts is None:
            parts = self._titles[article.id] = (urls.article_path(article.id, article.year),
                                                str(escape(article.title)))
        return parts

    def lookup(self, entity_id: str | None, types: Sequence[str]) -> Entity | None:
        """The entity an id names among ``types`` (the first that has it), or ``None``."""
        if not entity_id:
            return None
        ref = self.archive.ref(entity_id, types)
        return self.archive.entity(ref) if ref else None

    def date(self, date: PartialDate) -> Markup:
        """``<time datetime="2020-05-02">2 May 2020</time>``."""
        html = self._dates.get(date)
        if html is None:
            html = self._dates[date] = Markup(
                f'<time datetime="{escape(date.iso)}">{escape(date.display)}</time>')
        return html

    def table_date(self, date: PartialDate) -> Markup:
        """``<time>2020-05-02</time>``: a date in a column of a table, in its ISO form, which
        the ``<time>`` element reads without a ``datetime`` attribute. Tables list dates by
        the hundred; "2 May 2020" with its attribute was 30 bytes more on each row (6 MB of
        a 10,000-article site), and ISO dates line up in a column and sort as text."""
        return Markup(f"<time>{escape(date.iso)}</time>")


class PageFragments:
    """The fragments as one page shows them: links relative to ``page_path``."""

    def __init__(self, shared: Fragments, page_path: str) -> None:
        self._shared = shared
        self.url = urls.LinksFrom(page_path)
        """A link from this page to a site path (what the templates call ``url``)."""
        self.date = shared.date
        self.table_date = shared.table_date
        self._hrefs: dict[str, str] = {}

    def _href(self, target: str) -> str:
        href = self._hrefs.get(target)
        if href is None:
            href = self._hrefs[target] = str(escape(self.url(target)))
        return href

    def entity_link(self, entity: Entity) -> Markup:
        """``<a href="../../people/x/">Name</a>``."""
        path, name = self._shared.entity_parts(entity)
        return Markup(f'<a href="{self._href(path)}">{name}</a>')

    def article_link(self, article: Article) -> Markup:
        """``<a href="../../articles/2020/x/">Title</a>``."""
        path, title = self._shared.article_parts(article)
        return Markup(f'<a href="{self._href(path)}">{title}</a>')

    def id_link(self, entity_id: str | None, types: Sequence[str]) -> Markup:
        """A link to the entity ``entity_id`` names among ``types``; ``unknown`` if none."""
        entity = self._shared.lookup(entity_id, types)
        return self.entity_link(entity) if entity else UNKNOWN_ENTITY

    def entity_list(self, entity_ids: Iterable[str], types: Sequence[str]) -> Markup:
        """``<a …>One</a>, <a …>Two</a>``: a link to each entity (``unknown`` for an id that
        names none), separated by commas."""
        return Markup(", ".join([self.id_link(entity_id, types) for entity_id in entity_ids]))

    def quote_block(self, quote: Quote, show_speaker: bool = True,
                    show_article: bool = True) -> Markup:
        """A quote as a ``<figure>``: its words, who said it (``show_speaker``; on the
        speaker's own page, "Said"), through whom and when, the article that carries it
        (``show_article``; on that article's page, a permalink ``#`` instead), and the other
        articles that carry the same words."""
        archive = self._shared.archive
        articles = archive.corpus.articles
        article = articles[quote.article]
        html = [f'<figure class="corpus-quote" id="{escape(quote.anchor)}">\n'
                f'  <blockquote dir="auto"><p>{escape(quote.text)}</p></blockquote>\n'
                f'  <figcaption>\n',
                self.entity_link(archive.speaker(quote)) if show_speaker else "Said"]
        if quote.via:
            html.append(f" via {self.id_link(quote.via, _OUTLET)}")
        if quote.said:
            html.append(f", {self.date(quote.said)}")
        # Away from its article, the headline links to the quote in it: a second link to
        # the same place ("#") was 150 bytes of every quote of every entity page.
        path, title = self._shared.article_parts(article)
        href = self._link(path + "#" + quote.anchor)
        if show_article:
            outlet = self.id_link(article.outlet, _OUTLET)
            html.append(f' — in <a href="{href}">{title}</a> '
                        f"({outlet}, {self.date(article.published)})")
        else:
            html.append(f' <a class="corpus-permalink" href="{href}" '
                        f'title="Link to this quote">#</a>')
        html.append("\n")
        copies = archive.quote_copies.get(quote.anchor)
        if copies:
            carried = []
            for other in copies:
                other_article = articles[other.article]
                other_href = self._link(self._shared.article_parts(other_article)[0]
                                        + "#" + other.anchor)
                name = escape(self.id_link(other_article.outlet, _OUTLET).striptags())
                carried.append(f'<a href="{other_href}">{name}, '
                               f"{escape(other_article.published.display)}</a>")
            html.append(f'    <br><span class="corpus-copies">Also carried by:\n'
                        f'{"; ".join(carried)}    </span>\n')
        html.append("  </figcaption>\n</figure>\n")
        return Markup("".join(html))

    def _link(self, target: str) -> str:
        """The escaped link from this page to ``target``, a site path with a fragment (a
        quote's place: each is linked once or twice a page, so unlike :meth:`_href` its
        escaped form is not kept)."""
        return str(escape(self.url(target)))

    def article_table(self, articles: Sequence[Any], roles: bool = False, outlet: bool = True,
                      indexed: bool = False) -> Markup:
        """A table of articles, a row each: date, linked headline, outlet, and (``roles``:
        ``articles`` are then (article, roles) pairs) how the page's entity is involved.

        ``outlet=False`` on an outlet's own page, where the column would name the outlet on
        every row. The outlet is named, not linked (as in the related articles): the same
        few dozen outlet addresses on every row were a fifth of each long list, and each
        article's page and the outlets index link them. One line a row: the whitespace
        between cells, which a table never shows, was 10 bytes of every row too.
        ``indexed=True`` on a hand-written page, whose text Material's header search
        indexes: a line break between cells keeps their words apart in its index."""
        between = "\n" if indexed else ""
        rows = []
        for item in articles:
            article: Article = item[0] if roles else item
            row = (f"    <tr><td>{self.table_date(article.published)}</td>{between}"
                   f"<td>{self.article_link(article)}</td>{between}")
            if outlet:
                named = self._shared.lookup(article.outlet, ("organization",))
                row += f"<td>{escape(named.name) if named else UNKNOWN_ENTITY}</td>"
            if roles:
                row += f"<td>{escape(roles_text(item[1]))}</td>"
            rows.append(row + "</tr>\n")
        heads = "<th>Date</th><th>Article</th>" + ("<th>Outlet</th>" if outlet else "") + \
            ("<th>Involvement</th>" if roles else "")
        return Markup(f'<div class="corpus-articles"><table>\n  <thead><tr>{heads}</tr></thead>'
                      f'\n  <tbody>\n{"".join(rows)}  </tbody>\n</table></div>\n')

    def related_rows(self, related: Sequence[RelatedArticle]) -> Markup:
        """The rows (a line each) of an article's related articles: date, linked headline,
        outlet and the first four shared names. Outlet and shared names are plain text:
        every shared name is linked under "Involved" on the page, and each of these links
        would be repeated on every article page of the site."""
        archive = self._shared.archive
        rows = []
        for item in related:
            other = archive.corpus.articles[item.article_id]
            outlet = self._shared.lookup(other.outlet, ("organization",))
            shared = ", ".join(str(escape(archive.entity(ref).name)) for ref in item.shared[:4])
            if len(item.shared) > 4:
                shared += f" and {len(item.shared) - 4} more"
            rows.append(f"    <tr><td>{self.table_date(other.published)}</td>"
                        f"<td>{self.article_link(other)}</td>"
                        f"<td>{escape(outlet.name) if outlet else 'unknown'}</td>"
                        f"<td>{shared}</td></tr>")
        return Markup("\n".join(rows))

    def co_mention_rows(self, co: Sequence[CoMention]) -> Markup:
        """The rows (a line each) of an entity's co-mentions: linked name, type, articles
        together."""
        archive = self._shared.archive
        rows = []
        for item in co:
            other = archive.entity(item.ref)
            rows.append(f"    <tr><td>{self.entity_link(other)}</td><td>{escape(other.TYPE)}"
                        f"</td><td>{item.count}</td></tr>")
        return Markup("\n".join(rows))

    def names(self) -> dict[str, object]:
        """The fragments by the names the templates call them."""
        return {"url": self.url, "date": self.date, "table_date": self.table_date,
                "entity_link": self.entity_link, "article_link": self.article_link,
                "id_link": self.id_link, "entity_list": self.entity_list,
                "quote_block": self.quote_block, "article_table": self.article_table,
                "related_rows": self.related_rows, "co_mention_rows": self.co_mention_rows}
