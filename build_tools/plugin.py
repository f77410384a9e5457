"""MkDocs wiring: the ``corpus`` plugin. The only module (with nothing else) that imports MkDocs.

Each event handler calls the plain functions of the core:

* ``on_config``: check the corpus (load, validate, resolve); any error stops
  the build before anything is written.
* ``on_files``: add every generated page as an in-memory file; section
  indexes join the navigation, articles and entities never do.
* ``on_page_markdown`` / ``on_page_content``: generated pages skip Markdown
  and take the HTML rendered by :mod:`build_tools.render`; a hand-written page
  at the same path (the home page) gets the generated part appended.
"""

from __future__ import annotations

import html
import logging
import os
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import urls
from .build_date import SOURCE_DATE_EPOCH, corpus_epoch
from .diagnostics import has_errors
from .pages import PageSpec
from .pipeline import SiteContent, check_corpus, plan_site

log = logging.getLogger("mkdocs.plugins.corpus")


class CorpusConfig(base.Config):
    """Options of the ``corpus`` plugin in ``mkdocs.yml``."""

    corpus_dir = c.Type(str, default="corpus")
    """The corpus folder, relative to ``mkdocs.yml``."""


class CorpusPlugin(BasePlugin[CorpusConfig]):
    """Generates the archive's pages from ``corpus/``."""

    def __init__(self) -> None:
        self.site: SiteContent | None = None
        self.specs: dict[str, PageSpec] = {}
        self.augmented: set[str] = set()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError("the corpus plugin needs use_directory_urls: true (its URLs are "
                              "directories such as /people/<id>/)")
        root = Path(config.config_file_path or ".").resolve().parent
        result = check_corpus(root / self.config.corpus_dir, root)
        for diagnostic in result.diagnostics:
            if diagnostic.severity == "error":
                log.error(diagnostic.format())
            else:  # warnings are shown by `make check`; in strict mode they must not fail a build
                log.info(diagnostic.format())
        if has_errors(result.diagnostics):
            errors = sum(d.severity == "error" for d in result.diagnostics)
            raise PluginError(f"the corpus has {errors} error(s); nothing was built "
                              "(run `make check` for the list)")
        self.site = plan_site(result.archive)
        # MkDocs dates the sitemap from SOURCE_DATE_EPOCH, else from the clock: builds of
        # the same corpus must give the same bytes (`build` sets it from the last commit).
        os.environ.setdefault(SOURCE_DATE_EPOCH, str(corpus_epoch(result.archive)))
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.site is not None
        self.specs.clear()
        self.augmented.clear()
        for spec in self.site.pages:
            uri = urls.source_uri(spec.path)
            self.specs[uri] = spec
            if files.get_file_from_path(uri) is not None:
                self.augmented.add(uri)  # hand-written page: keep its text, append ours
                continue
            inclusion = InclusionLevel.INCLUDED if spec.section else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, uri, content="", inclusion=inclusion))
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        spec = self.specs.get(page.file.src_uri)
        if spec is None:
            return markdown
        # MkDocs renders themes without autoescaping, and Material writes the title and
        # description into <title>, <meta content="…">, the header and the search index as
        # they are: values from the corpus must reach the theme already escaped.
        page.meta.setdefault("description", html.escape(spec.description))
        if page.file.src_uri in self.augmented:
            return markdown
        page.meta["title"] = html.escape(spec.title)
        return ""

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        spec = self.specs.get(page.file.src_uri)
        if spec is None:
            return html
        assert self.site is not None
        generated = self.site.renderer.render(spec)
        return html + generated if page.file.src_uri in self.augmented else generated

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.specs.clear()


