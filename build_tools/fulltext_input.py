"""What Pagefind reads: one small HTML document per article, written apart from the site.

The published article pages carry nothing for the full-text search. Each
article has instead a document of its own (``templates/fulltext_document.html``)
with exactly what Pagefind indexes, in its ``data-pagefind-*`` attributes:

* the headline (also the result's title) and the article's text, as on its page
  (the same body HTML), and the alias set of every entity involved, weighted low,
  so that a search for one spelling (``Daesh``) finds articles using another
  (``ISIL``);
* the outlet and the date shown with each result, the date as the sort key;
* the filters (:mod:`build_tools.facets`): outlet, year, people, organizations
  and kinds of entity involved;
* the site's language in ``<html lang>``, as on the published pages: Pagefind
  splits its index by that language and stems words by it.

A document is written at its article's own path (``articles/<YYYY>/<id>/index.html``)
under a folder that mirrors the site, so Pagefind, run over that folder, gives each
result its article's URL. This keeps about 1.6 KB out of each published article page
(on a synthetic archive), and Pagefind parses documents half the size of the pages.

A document depends on its article, the article's analysis and the registry of
entities only. So a build writes them while it checks the corpus: the workers
that analyse the articles write each article's document as soon as it is analysed
(:class:`AnalysedDocuments`, given to the check), and once every article has its
document the build leaves :data:`READY` beside them, before the check has resolved
the corpus; Pagefind (:mod:`build_tools.fulltext`) starts on them then, while the
build goes on. Started after the check, as it was, Pagefind finished last, some 3 s
after the pages at 10,000 synthetic articles: its indexing, one core's work at the
end, was the build's critical path. Articles the check did not analyse (their
analyses came from the cache) are left to :class:`DocumentWriter`, which writes
their documents from the checked archive, in a render worker
(:mod:`build_tools.prerender`) while the build writes the downloads, then leaves
:data:`READY`. :func:`write_documents` writes them all without MkDocs. Both ways
give the same bytes (:func:`render_document`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jinja2 import Template
from markupsafe import Markup

from . import urls
from .article_analysis import ArticleAnalysis
from .facets import ArticleFacets, FacetIndex, facets_of
from .model import Article, Corpus, Entity
from .registry import EntityRef, fold
from .render import Renderer, template_environment
from .resolve import involved_refs, roles_by_entity

TEMPLATE = "fulltext_document.html"

INPUT_ENV = "CORPUS_FULLTEXT_INPUT"
"""Environment variable naming the folder the MkDocs plugin writes the documents into.
``python -m build_tools build`` sets it for the MkDocs run it starts (and then indexes
and removes the folder); unset, as in ``mkdocs serve``, no document is written."""

READY = ".ready"
"""The file left in the documents' folder once every document is written (Pagefind reads
only ``*.html`` files)."""


def render_document(template: Template, article: Article, outlet: Entity,
                    found: ArticleFacets, body_html: str, language: str) -> str:
    """The full-text document of ``article``: ``template`` is :data:`TEMPLATE`, ``outlet``
    the entity that published it, ``found`` its facets, ``body_html`` the safe HTML of its
    body (from its analysis) and ``language`` the ``lang`` of the site's pages."""
    return template.render(article=article, outlet=outlet, found=found,
                           body=Markup(body_html), language=language)


def document_file(folder: Path, article: Article) -> Path:
    """Where the document of ``article`` goes in ``folder``: its page's path."""
    return folder / urls.output_file(urls.article_path(article.id, article.year))


def _write(folder: Path, article: Article, html: str) -> None:
    target = document_file(folder, article)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")


class AnalysedDocuments:
    """Writes each article's document into ``folder`` as soon as the article is analysed,
    wherever that is (a worker process of the check, or the check's own): a follow-up of
    :class:`~build_tools.analysis_runs.AnalysisStream`.

    ``language`` is the ``lang`` of the site's pages. The stream gives the registry
    (:meth:`begin`), then each article with its analysis (the call), and at the end the
    articles it did not analyse (:meth:`finish`): if there are none, every document is
    written, and :data:`READY` is left beside them.

    An article whose outlet is not in the registry gets no document: the check reports
    it, and the build stops.
    """

    def __init__(self, folder: Path, language: str) -> None:
        self.folder = folder
        self.language = language
        self._registry: Corpus | None = None
        self._template: Template | None = None
        self._folded: dict[str, str] = {}

    def begin(self, registry: Corpus) -> None:
        """Take the registry: ``registry``'s entities (its articles are not read)."""
        self._registry = registry

    def __call__(self, article: Article, analysis: ArticleAnalysis) -> None:
        """Write the document of ``article``, analysed as ``analysis``."""
        registry = self._registry
        assert registry is not None, "begin() comes before the articles"
        outlet = registry.entities["organization"].get(article.outlet)
        if outlet is None:
            return
        entities = registry.entities

        def ref(entity_id: str, types: tuple[str, ...]) -> EntityRef | None:
            for entity_type in types:  # (as Archive.ref)
                if entity_id in entities[entity_type]:
                    return EntityRef(entity_type, entity_id)
            return None

        involved = roles_by_entity(involved_refs(article, analysis.mentions, ref))
        found = facets_of([(entities[r.type][r.id], roles) for r, roles in involved.items()],
                          self._fold)
        if self._template is None:  # (once per process: the workers fork without it)
            self._template = template_environment().get_template(TEMPLATE)
        _write(self.folder, article, render_document(self._template, article, outlet, found,
                                                     analysis.body_html, self.language))

    def finish(self, missed: Sequence[Article]) -> None:
        """The stream is done: ``missed`` are the articles it did not analyse (their
        documents are not written). With none missed, every document is written."""
        if not missed:
            (self.folder / READY).touch()

    def _fold(self, name: str) -> str:
        folded = self._folded.get(name)
        if folded is None:
            folded = self._folded[name] = fold(name)
        return folded


class DocumentWriter:
    """Writes the full-text document of each article of a checked archive into ``folder``,
    from the archive (:meth:`write_all`: those not written while the articles were
    analysed, see :class:`AnalysedDocuments`).

    ``language`` is the ``lang`` of the site's pages (Material's ``theme.language``).
    Each document goes to its article's path within the folder (made if missing).
    """

    def __init__(self, renderer: Renderer, folder: Path, language: str) -> None:
        self.renderer = renderer
        self.folder = folder
        self.language = language
        self._articles = {urls.article_path(a.id, a.year): a
                          for a in renderer.archive.articles}
        """Article by page path: which pages have a document."""
        self._facets = FacetIndex(renderer.archive)

    def document(self, page_path: str) -> str | None:
        """The document of the article page at ``page_path``; ``None`` for other pages."""
        article = self._articles.get(page_path)
        if article is None:
            return None
        outlet = self.renderer.lookup(article.outlet, "organization")
        assert outlet is not None, "a checked archive knows every article's outlet"
        # The body is the HTML the article page shows, made once when it was analysed.
        return render_document(self.renderer.env.get_template(TEMPLATE), article, outlet,
                               self._facets.of(article),
                               self.renderer.archive.body_html[article.id], self.language)

    def write(self, page_path: str) -> bool:
        """Write the document of the page at ``page_path`` if it is an article page;
        whether it was."""
        html = self.document(page_path)
        if html is None:
            return False
        _write(self.folder, self._articles[page_path], html)
        return True

    def write_all(self) -> int:
        """Write the document of every article that has none yet (all of them, unless
        they were written while the articles were analysed), then :data:`READY`; how many
        documents were written."""
        if (self.folder / READY).is_file():
            return 0
        written = sum(self.write(path) for path, article in self._articles.items()
                      if not document_file(self.folder, article).is_file())
        (self.folder / READY).touch()
        return written

    def missing(self) -> list[str]:
        """Page paths of the articles whose document is not in the folder."""
        return [path for path, article in self._articles.items()
                if not document_file(self.folder, article).is_file()]


def write_documents(renderer: Renderer, folder: Path, language: str) -> int:
    """Write the document of every article of ``renderer``'s archive; how many."""
    return DocumentWriter(renderer, folder, language).write_all()
