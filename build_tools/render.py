"""The Jinja2 environment and page rendering: :class:`~build_tools.pages.PageSpec` -> HTML.

Templates are autoescaped and undefined names are errors. The only markup that
does not come from a template is a Markdown body, rendered by
:func:`build_tools.bodies.render_html`, which never emits raw HTML.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from jinja2.bccache import Bucket, BytecodeCache
from markupsafe import Markup

from . import bodies, urls
from .chart_svg import activity_svg, network_svg
from .charts import Charts
from .citations import Citations
from .facets import FacetIndex
from .fragments import Fragments, PageFragments
from .listings import Listings
from .mentions import first_links
from .model import MONTH_NAMES, Article, Entity
from .pages import SECTION_TITLES, PageSpec
from .registry import EntityRef
from .relations import Relations
from .resolve import Archive

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "yi", "ckb", "dv", "sd", "ug"})


def text_direction(language: str | None) -> str:
    """``rtl`` for right-to-left languages, else ``ltr``."""
    return "rtl" if (language or "").split("-")[0] in RTL_LANGUAGES else "ltr"


@lru_cache(maxsize=4096)
def markdown_html(text: str) -> Markup:
    """Safe HTML of a corpus Markdown text (see :mod:`bodies`)."""
    return Markup(bodies.render_html(bodies.parse(text)))


class CompiledTemplates(BytecodeCache):
    """Compiled Jinja2 templates, kept in memory for the life of the process: a preview
    server makes a new environment for each rebuild, and compiling the templates again took
    most of a second. A template whose source changed is compiled again (Jinja2 checks)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED = CompiledTemplates()


class Renderer:
    """Renders page specs of one archive.

    ``site_url`` (absolute, e.g. ``https://example.org/archive/``) is used only
    where a link must be absolute: citations. Links between pages stay relative.
    """

    def __init__(self, archive: Archive, site_url: str = "",
                 site_name: str = "Corpus archive") -> None:
        self.archive = archive
        self.relations = relations = Relations(archive)
        """Co-mentions and related articles, as the pages show them."""
        self.fragments = Fragments(archive)
        """Links and dates, made once for every page that shows them."""
        self.env = Environment(
            loader=PackageLoader("build_tools", "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            bytecode_cache=_COMPILED,
            # A renderer lives for one build: its templates are not edited meanwhile, and
            # checking each template's file on every include cost a stat() per include.
            auto_reload=False,
        )
        self.env.tests["contains"] = lambda container, item: item in container
        self.env.globals.update(
            archive=archive,
            corpus=archive.corpus,
            article_path=lambda a: urls.article_path(a.id, a.year),
            entity_path=lambda e: urls.entity_path(e.SECTION, e.id),
            ref_path=self.ref_path,
            lookup=self.lookup,
            markdown=markdown_html,
            article_body=self.article_body,
            direction=text_direction,
            section_titles=SECTION_TITLES,
            tag_path=urls.tag_path,
            archive_path=urls.archive_path,
            outlets_path=urls.OUTLETS,
            facets=FacetIndex(archive).of,
            month_name=MONTH_NAMES.__getitem__,
            relations=relations,
            listings=Listings(archive),
            charts=Charts(relations),
            activity_svg=activity_svg,
            network_svg=network_svg,
            citations=Citations(archive, site_url, site_name),
        )

    def ref_path(self, ref: EntityRef) -> str:
        return urls.entity_path(self.archive.entity(ref).SECTION, ref.id)

    def lookup(self, entity_id: str | None, *types: str) -> Entity | None:
        """The entity an id names (among ``types``), or ``None`` (e.g. for ``unknown``)."""
        return self.fragments.lookup(entity_id, types)

    @pass_context
    def article_body(self, context: Any, article: Article) -> Markup:
        """An article's text with the first mention of each entity linked to its page.

        On the article's own page this is the HTML made when the article was analysed
        (its body is not parsed again); elsewhere the links are made for the page."""
        if context["page_path"] == urls.article_path(article.id, article.year) and \
                article.id in self.archive.body_html:
            return Markup(self.archive.body_html[article.id])
        plan: bodies.LinkPlan = {}
        for place, mentions in first_links(self.archive.mentions.get(article.id, ())).items():
            plan[place] = []
            for mention in mentions:
                entity = self.archive.entity(mention.ref)
                href = urls.relative_url(urls.entity_path(entity.SECTION, entity.id),
                                         context["page_path"])
                plan[place].append(bodies.InlineLink(mention.start, mention.end, href,
                                                     entity.name))
        return Markup(bodies.render_html(bodies.parse(article.body), plan))

    def render(self, spec: PageSpec) -> str:
        """The HTML fragment of a page's main content."""
        template = self.env.get_template(spec.template)
        fragments = PageFragments(self.fragments, spec.path)
        return template.render(page_path=spec.path, page=spec, **fragments.names(),
                               **spec.context)

