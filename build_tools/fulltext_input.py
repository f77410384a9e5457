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

:class:`DocumentWriter` writes them all (:meth:`DocumentWriter.write_all`) at the
start of a build, in a render worker (:mod:`build_tools.prerender`) while the
build itself writes the downloads, and then leaves :data:`READY` beside them:
Pagefind (:mod:`build_tools.fulltext`) starts on them then, while MkDocs writes
the pages. :func:`write_documents` writes them without MkDocs.
"""

from __future__ import annotations

from pathlib import Path

from . import urls
from .pages import PageSpec
from .render import Renderer

TEMPLATE = "fulltext_document.html"

INPUT_ENV = "CORPUS_FULLTEXT_INPUT"
"""Environment variable naming the folder the MkDocs plugin writes the documents into.
``python -m build_tools build`` sets it for the MkDocs run it starts (and then indexes
and removes the folder); unset, as in ``mkdocs serve``, no document is written."""

READY = ".ready"
"""The file :meth:`DocumentWriter.write_all` leaves in the documents' folder once every
document is written (Pagefind reads only ``*.html`` files)."""


class DocumentWriter:
    """Writes the full-text document of each article page it is given into ``folder``.

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

    def document(self, page_path: str) -> str | None:
        """The document of the article page at ``page_path``; ``None`` for other pages."""
        article = self._articles.get(page_path)
        if article is None:
            return None
        # Rendered as the article's own page (same path), so the body is the HTML the
        # article page shows, made once when the article was analysed.
        return self.renderer.render(PageSpec(page_path, article.title, TEMPLATE,
                                             {"article": article, "language": self.language}))

    def write(self, page_path: str) -> bool:
        """Write the document of the page at ``page_path`` if it is an article page;
        whether it was."""
        html = self.document(page_path)
        if html is None:
            return False
        target = self.folder / urls.output_file(page_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        return True

    def write_all(self) -> int:
        """Write the document of every article, then :data:`READY`; how many documents."""
        written = sum(self.write(path) for path in self._articles)
        (self.folder / READY).touch()
        return written

    def missing(self) -> list[str]:
        """Page paths of the articles whose document is not in the folder."""
        return [path for path in self._articles
                if not (self.folder / urls.output_file(path)).is_file()]


def write_documents(renderer: Renderer, folder: Path, language: str) -> int:
    """Write the document of every article of ``renderer``'s archive; how many."""
    return DocumentWriter(renderer, folder, language).write_all()
