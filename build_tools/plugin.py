"""MkDocs wiring: the ``corpus`` plugin. The only module (with nothing else) that imports MkDocs.

Each event handler calls the plain functions of the core:

* ``on_config``: check the corpus (load, validate, resolve), reusing the
  analyses of unchanged articles from the check's cache; any error stops the
  build before anything is written.
* ``on_files``: add every generated page as an in-memory file; section
  indexes join the navigation, articles and entities never do. The JSON
  Schemas of the corpus files are added too, under ``schemas/``.
* ``on_page_markdown`` / ``on_page_context``: generated pages skip Markdown
  and take the HTML rendered by :mod:`build_tools.render` (ahead of time, in
  worker processes: :mod:`build_tools.prerender`) just before MkDocs writes
  them, so that the site's HTML is never all in memory at once; a hand-written page
  at the same path (the home page) gets the generated part appended. Every
  page gets ``page.meta["corpus_head"]`` (feed links and Open Graph tags, written by
  :func:`build_tools.sharing.head_tags`), which the theme override
  ``overrides/partials/corpus-head.html`` puts into the head.
  Generated pages are kept out of Material's full-text header index. A page outside
  the navigation gets the key its navigation depends on; the theme override
  renders that navigation once per key (``corpus_once``, set in ``on_env``), and
  the whole theme page is rendered once per key and filled in for each page
  (``corpus_frame``, also set in ``on_env``; :mod:`build_tools.frames`).
* ``on_post_build`` (after Material's search plugin wrote
  ``search/search_index.json``): one short record per generated page, with
  every alias, is merged into that index (:mod:`build_tools.quick_search`).
* Under ``python -m build_tools build`` (which names a folder in
  ``CORPUS_FULLTEXT_INPUT``), a render worker first writes every article's
  full-text document there (:mod:`build_tools.fulltext_input`), which Pagefind
  reads while MkDocs writes the pages; ``on_post_build`` checks that every
  article has one.
* ``on_post_page``: every page is minified (:mod:`build_tools.minify`) and loses
  Material's empty placeholders (:mod:`build_tools.chrome`), and its HTML, which
  nothing reads any more, is released.
* ``on_files`` leaves out Material's files no page reads: source maps and lunr's
  unused search languages (:mod:`build_tools.theme_files`).
* ``on_files`` also adds the Atom feeds (:mod:`build_tools.feeds`) and the
  open-data downloads (:mod:`build_tools.exports`) as generated files, so the
  Data page's links to them are checked like any other link.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import NoReturn

from jinja2 import ChoiceLoader, DictLoader, Environment, pass_context
from jinja2.runtime import Context
from markupsafe import escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import normalize_url
from mkdocs.utils.templates import TemplateContext

from . import jsonschema, urls
from .affected import affected_pages
from .analysis_cache import cache_disabled, default_cache_dir
from .build_date import SOURCE_DATE_EPOCH, corpus_epoch
from .check_memory import CheckMemory
from .chrome import drop_empty_placeholders
from .cores import release_free_memory
from .diagnostics import has_errors
from .exports import write_exports
from .feeds import build_feeds
from .frames import Frames, probes
from .fulltext_input import INPUT_ENV, DocumentWriter
from .minify import minify_page
from .pages import LIST_PAGE_SIZE, PageSpec, with_continuations
from .pipeline import SiteContent, check_corpus, plan_site
from .prerender import PageQueue
from .quick_search import merge_index, quick_records
from .render import CompiledTemplates
from .sharing import head_tags
from .theme_files import unread_theme_files

log = logging.getLogger("mkdocs.plugins.corpus")


class CorpusConfig(base.Config):
    """Options of the ``corpus`` plugin in ``mkdocs.yml``."""

    corpus_dir = c.Type(str, default="corpus")
    """The corpus folder, relative to ``mkdocs.yml``."""
    list_page_size = c.Type(int, default=LIST_PAGE_SIZE)
    """Rows of a long list (an entity's, a tag's, a year's articles) per page."""
    frames = c.Type(bool, default=True)
    """Render the theme's page once for all articles and entities at the same place in the
    site and fill in each page's values (see frames.py); ``false`` renders every page whole,
    as MkDocs does, which gives the same bytes, only slower (for checking a theme
    override)."""


class CorpusPlugin(BasePlugin[CorpusConfig]):
    """Generates the archive's pages from ``corpus/``."""

    def __init__(self) -> None:
        self.site: SiteContent | None = None
        self.specs: dict[str, PageSpec] = {}
        self.augmented: set[str] = set()
        self.downloads: tempfile.TemporaryDirectory[str] | None = None
        self.queue: PageQueue | None = None
        self.download_names: list[str] = []
        self.feed_paths: list[str] = []
        self.dirty = False
        """``mkdocs serve --dirty``: each rebuild writes only the pages an edit changed."""
        self.built: SiteContent | None = None
        """The site of the last finished build, kept across the rebuilds of a preview."""
        self.theme_templates = CompiledTemplates()
        self.frames = Frames()
        """The theme's page of the pages outside the navigation, one per key (frames.py)."""
        self.one_shot = False
        """``mkdocs build``: the process ends with this one build."""
        self.memory: CheckMemory | None = None
        """In ``mkdocs serve``: the last check's results, so a rebuild takes each unchanged
        file as it was (see :mod:`build_tools.check_memory`)."""
        self.documents: DocumentWriter | None = None
        """Writes the full-text documents, when the build is asked for them."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Having this handler also makes MkDocs keep the plugin across the rebuilds of
        # `mkdocs serve`, so a rebuild can compare the corpus with the one last built.
        self.dirty = dirty and command == "serve"
        self.memory = CheckMemory() if command == "serve" else None
        self.one_shot = command in ("build", "gh-deploy")
        if self.dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_demote_dirty_notice)
        if threading.current_thread() is threading.main_thread() and \
                signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            global _stopping_pid
            _stopping_pid = os.getpid()
            signal.signal(signal.SIGTERM, _stop)

    def on_shutdown(self) -> None:
        self._close_queue()
        self._remove_downloads()
        if self.one_shot:
            gc.unfreeze()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.use_directory_urls:
            raise PluginError("the corpus plugin needs use_directory_urls: true (its URLs are "
                              "directories such as /people/<id>/)")
        root = Path(config.config_file_path or ".").resolve().parent
        corpus = root / self.config.corpus_dir
        # The check's cache (see analysis_cache.py): a build after `make check`, and each
        # rebuild of a preview, analyses only the articles that changed.
        result = check_corpus(corpus, root,
                              cache_dir=None if cache_disabled() else default_cache_dir(corpus),
                              memory=self.memory)
        for diagnostic in result.diagnostics:
            if diagnostic.severity == "error":
                log.error(diagnostic.format())
            else:  # warnings are shown by `make check`; in strict mode they must not fail a build
                log.info(diagnostic.format())
        if has_errors(result.diagnostics):
            errors = sum(d.severity == "error" for d in result.diagnostics)
            raise PluginError(f"the corpus has {errors} error(s); nothing was built "
                              "(run `make check` for the list)")
        if self.config.list_page_size < 1:
            raise PluginError("corpus: list_page_size must be at least 1")
        self.site = plan_site(result.archive, config.site_url or "", config.site_name,
                              self.config.list_page_size)
        self.documents = self._document_writer(config)
        if self.one_shot:
            # The archive lives until the process ends: exempt it from the cycle collector,
            # whose full collections would otherwise walk its millions of objects again and
            # again while MkDocs renders (and, in forked workers, touch every page of it).
            gc.freeze()
        # MkDocs dates the sitemap from SOURCE_DATE_EPOCH, else from the clock: builds of
        # the same corpus must give the same bytes (`build` sets it from the last commit).
        os.environ.setdefault(SOURCE_DATE_EPOCH, str(corpus_epoch(result.archive)))
        return config

    def _document_writer(self, config: MkDocsConfig) -> DocumentWriter | None:
        """The writer of the full-text documents, if this build is to write them: a one-shot
        build whose caller named a folder (a preview has no full-text index)."""
        folder = os.environ.get(INPUT_ENV)
        if not folder or not self.one_shot:
            return None
        if not Path(folder).is_dir():
            raise PluginError(f"{INPUT_ENV}: {folder} is not a folder")
        assert self.site is not None
        # Pagefind indexes by the pages' language: the one Material writes in <html lang>
        # (its language code, except "pt" for pt-BR and "ku" for ku-IQ).
        theme = config.theme
        language = str(theme["language"] if "language" in theme else theme.locale)
        return DocumentWriter(self.site.renderer, Path(folder), language)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.site is not None
        self.specs.clear()
        self.augmented.clear()
        affected = self._affected_pages()
        # A set of the hand-written pages rather than Files.get_file_from_path per page, which
        # parses a path each time (0.1-0.2 s at 10,000 articles, every preview rebuild); our
        # page paths are already in the normal form it compares.
        written = {file.src_uri for file in files}
        for spec in self.site.pages:
            uri = urls.source_uri(spec.path)
            self.specs[uri] = spec
            if uri in written:
                self.augmented.add(uri)  # hand-written page: keep its text, append ours
                continue
            if affected is not None and spec.path not in affected:
                # Unchanged since the last build: its page stays in the preview's folder, and
                # leaving it out spares MkDocs thousands of pages it would only skip.
                continue
            inclusion = InclusionLevel.INCLUDED if spec.section else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, uri, content="", inclusion=inclusion)
            files.append(file)
            if not spec.section:  # (section indexes take their titles from the navigation)
                _GeneratedPage(None, file, config)
        if affected is not None:
            # The hand-written pages are few; rebuilding them keeps the search index, which
            # a dirty build assembles from the pages it rebuilds, whole.
            for file in files.documentation_pages():
                if file.generated_by is None:
                    file.is_modified = _always  # type: ignore[method-assign]
        # Our part of every page is rendered ahead on the other cores while MkDocs works;
        # started before the downloads are written here, so the worker writes the full-text
        # documents meanwhile (and the build starts indexing them, see fulltext.py).
        self._close_queue()
        documents = self.documents
        self.queue = PageQueue(self.site.renderer, [
            spec for spec in self.site.pages if affected is None or spec.path in affected],
            before=None if documents is None else documents.write_all)
        self._leave_out_unread_theme_files(files, config)
        # The JSON Schemas of the corpus files, for editors (see the contributing guide).
        for name, text in jsonschema.rendered().items():
            files.append(File.generated(config, f"{jsonschema.SCHEMA_DIR}/{name}", content=text))
        archive = self.site.archive
        if affected is None or self.downloads is None:
            feeds = build_feeds(archive, config.site_url or "", config.site_name)
            for path, feed in feeds.items():
                files.append(File.generated(config, path, content=feed))
            self.feed_paths = list(feeds)
            self._remove_downloads()
            self.downloads = tempfile.TemporaryDirectory(prefix="corpus-data-")
            self.download_names = write_exports(archive, Path(self.downloads.name))
            # The rows of the downloads are freed now, but the allocator would keep their
            # memory for the rest of the build (the worker, forked before, never shared it).
            release_free_memory()
        else:
            # A preview rebuild keeps the feeds and downloads of the first build (see
            # affected.py); they are listed all the same, for the links of hand-written pages.
            for path in self.feed_paths:
                files.append(_unchanged(File.generated(config, path, content=b"")))
        folder = Path(self.downloads.name)
        for name in self.download_names:
            file = File.generated(config, urls.data_file(name), abs_src_path=str(folder / name))
            files.append(file if affected is None else _unchanged(file))
        return files

    @staticmethod
    def _leave_out_unread_theme_files(files: Files, config: MkDocsConfig) -> None:
        """Material's source maps and unused search languages (see theme_files.py)."""
        search = config.plugins.get("material/search") or config.plugins.get("search")
        languages = getattr(getattr(search, "config", None), "lang", None)
        docs = os.path.join(os.path.abspath(config.docs_dir), "")
        theirs = {file.src_uri: file for file in files
                  if file.abs_src_path and not file.abs_src_path.startswith(docs)}
        for uri in unread_theme_files(theirs, languages):
            files.remove(theirs[uri])

    def _affected_pages(self) -> set[str] | None:
        """In a preview rebuild (``mkdocs serve --dirty``), the pages the edit changed;
        else ``None``: every page is built."""
        if not self.dirty or self.built is None or self.site is None:
            return None
        affected = affected_pages(self.built.archive, self.built.renderer.relations,
                                  self.site.archive, self.site.renderer.relations)
        if affected is not None:
            # Section indexes are in the navigation, which MkDocs titles from built pages.
            affected.update(spec.path for spec in self.site.pages if spec.section)
            affected.add(urls.HOME)
            affected = with_continuations(self.site.pages, affected)
            log.info("corpus: rebuilding %d of %d pages", len(affected), len(self.site.pages))
        return affected

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        # MkDocs makes the theme's environment anew for every build: in a preview, Material's
        # templates were compiled again on each rebuild.
        env.bytecode_cache = self.theme_templates
        # A part of the theme's page that is the same on many pages, rendered once (see
        # overrides/main.html); made anew with the environment, since the navigation is.
        once: dict[tuple[str, str], str] = {}

        def corpus_once(kind: str, key: str, caller: Callable[[], str]) -> str:
            found = once.get((kind, key))
            if found is None:
                found = once[(kind, key)] = caller()
            return found

        env.globals["corpus_once"] = corpus_once
        # The theme's page of an article or entity: rendered once per navigation key and
        # filled in for each page (see frames.py). Made anew with the environment too.
        frames = self.frames = Frames(compact=True)
        whole = env.get_template("main.html")

        @pass_context
        def corpus_frame(context: Context) -> str:
            page: Page = context["page"]
            values = _frame_values(page)
            variables = context.get_all()

            def render_probed() -> str:
                _set_frame_values(page, probes())
                try:
                    return whole.render(variables)
                finally:
                    _set_frame_values(page, values)

            compacted = frames.compacted
            html = frames.page(page.meta[NAV_KEY], values, render_probed,
                               lambda: whole.render(variables))
            if frames.compacted > compacted:  # minified already: on_post_page knows it by
                page.meta[COMPACTED] = html  # this very string (unless a plugin changed it)
            return html

        env.globals["corpus_frame"] = corpus_frame
        frame_template = DictLoader({FRAME_TEMPLATE: "{{ corpus_frame() }}"})
        env.loader = frame_template if env.loader is None else \
            ChoiceLoader([frame_template, env.loader])
        return env

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        spec = self.specs.get(page.file.src_uri)
        if spec is None:
            return markdown
        # Material writes page.meta title and description into the page unescaped (its
        # Jinja environment does not autoescape), and both come from contributors:
        # escaping them here keeps a headline like "</title><script>" text.
        page.meta.setdefault("description", escape(spec.description))
        if page.file.src_uri in self.augmented:
            return markdown
        page.meta["title"] = escape(spec.title)
        # Material would index the whole page; on_post_build adds a short record instead.
        page.meta["search"] = {"exclude": True}
        if not spec.section and self.config.frames:  # outside the navigation: framed
            page.meta["template"] = FRAME_TEMPLATE
        return ""

    # A hand-written page with a generated part: before Material's search plugin reads the
    # page (it indexes hand-written pages). Every page: its head tags.
    @event_priority(100)
    def _on_page_context_first(self, context: TemplateContext, /, *, page: Page,
                               config: MkDocsConfig, nav: Navigation) -> TemplateContext:
        spec = self.specs.get(page.file.src_uri)
        if page.file.src_uri in self.augmented:
            page.content = (page.content or "") + self._generated_html(page)
        page.meta["corpus_head"] = head_tags(
            spec, href=lambda path: normalize_url(path, page=page), site_name=config.site_name,
            title=config.site_name if page.is_homepage else page.title,
            description=page.meta.get("description") or config.site_description,
            canonical_url=page.canonical_url)
        return context

    # A generated page (not indexed by Material's search plugin): after that plugin, which
    # strips attributes from every page's HTML with a regular expression that scans
    # about 13 MB/s, some 10 s of a build at 10,000 articles; it is given nothing to scan
    # (our pages have none of its attributes).
    @event_priority(-100)
    def _on_page_context_generated(self, context: TemplateContext, /, *, page: Page,
                                   config: MkDocsConfig, nav: Navigation) -> TemplateContext:
        uri = page.file.src_uri
        if uri in self.specs and uri not in self.augmented:
            page.content = self._generated_html(page)
            if not self.specs[uri].section:
                page.meta[NAV_KEY] = _navigation_key(nav, page, context["base_url"])
        return context

    on_page_context = CombinedEvent(_on_page_context_first, _on_page_context_generated)

    def _generated_html(self, page: Page) -> str:
        # Here rather than in on_page_content: MkDocs calls that for every page before it
        # writes the first one, so the whole site's HTML would be held at once; here each
        # page takes its HTML just before it is written (on_post_page lets it go).
        assert self.queue is not None
        return self.queue.html(self.specs[page.file.src_uri])

    @event_priority(-100)  # last: after any plugin that still edits the page
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        # Nothing reads a page's HTML once it is written (the sitemap, the search index and
        # the anchor checks keep what they need), and a site's worth of it is hundreds of MB.
        page.content = None
        if page.meta.pop(COMPACTED, None) is not output:
            output = minify_page(output)
        return drop_empty_placeholders(output)

    @event_priority(-50)  # after Material's search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        index = Path(config.site_dir) / "search" / "search_index.json"
        if self.site is not None and index.is_file():
            pages = [s for uri, s in self.specs.items() if uri not in self.augmented]
            merged = merge_index(index.read_text(encoding="utf-8"),
                                 quick_records(self.site.archive, pages))
            index.write_text(merged, encoding="utf-8")
        self.specs.clear()
        if self.queue is not None:
            self.queue.wait_before()  # raises the error of writing the documents, if any
        self._close_queue()
        if self.documents is not None:
            missing = self.documents.missing()
            if missing:
                raise PluginError(f"{len(missing)} article page(s) were built without their "
                                  f"full-text document, e.g. {missing[0]}")
        self.built = self.site
        log.debug("corpus: %d pages filled in from theme frames, %d of them minified so",
                  self.frames.filled, self.frames.compacted)
        for key in self.frames.unframed:
            log.info("corpus: the theme's page could not be rendered once for the pages whose "
                     "navigation is %r; each was rendered whole", key.replace("\n", " "))
        if not self.dirty:  # a preview keeps its downloads for the next rebuild
            self._remove_downloads()

    def on_build_error(self, *, error: Exception) -> None:
        self._close_queue()
        self._remove_downloads()

    def _close_queue(self) -> None:
        if self.queue is not None:
            self.queue.close()
            self.queue = None

    def _remove_downloads(self) -> None:
        """The downloads are copied into the site by then; their temporary folder can go."""
        if self.downloads is not None:
            self.downloads.cleanup()
            self.downloads = None




NAV_KEY = "corpus_nav_key"
"""``page.meta`` key of what a page's navigation depends on (see :func:`_navigation_key`)."""

FRAME_TEMPLATE = "corpus-frame.html"
"""The template of a framed page (:mod:`build_tools.frames`): it calls ``corpus_frame``, which
fills in the frame of the page's key, or renders ``main.html`` as a page is by default."""
COMPACTED = "corpus_compacted"
"""``page.meta`` key: the page as its frame gave it, minified already (see frames.py)."""


def _frame_values(page: Page) -> dict[str, str | None]:
    """What differs between two framed pages with the same key (see frames.SLOTS)."""
    return {"title": page.meta.get("title"), "description": page.meta.get("description"),
            "canonical_url": page.canonical_url, "head": page.meta.get("corpus_head"),
            "content": page.content}


def _set_frame_values(page: Page, values: Mapping[str, str | None]) -> None:
    for name in ("title", "description"):
        page.meta[name] = values[name]
    page.meta["corpus_head"] = values["head"]
    page.canonical_url = values["canonical_url"]
    page.content = values["content"]


def _navigation_key(nav: Navigation, page: Page, base_url: str) -> str:
    """What the navigation of a page outside it depends on: the address of each of its
    items as seen from the page (no item being active), and of the site's root (the
    logo's, the icons'). Pages with the same key have the
    same navigation, rendered once (``corpus_once`` in overrides/main.html): every article
    of a year, every page of a section at the same depth."""
    links = [base_url]
    pending = list(nav.items)
    while pending:
        item = pending.pop()
        if item.children:  # a section: no address of its own
            pending.extend(item.children)
        url = getattr(item, "url", None)
        if url is not None:
            links.append(normalize_url(url, page=page))
    return "\n".join(links)


_stopping_pid = 0
"""The process whose SIGTERM :func:`_stop` turns into KeyboardInterrupt."""


def _stop(signum: int, frame: object) -> None:
    """SIGTERM (how an interrupted ``python -m build_tools build`` stops its MkDocs process)
    unwinds like Ctrl-C: MkDocs then calls ``on_shutdown``, which stops the render workers
    and removes the downloads' temporary folder; by default the process died on the spot
    and left that folder behind (about 55 MB at 10,000 articles).

    A worker forked by the build inherits this handler, but must die on SIGTERM as by
    default: that is how a process pool stops its workers, and a worker unwinding instead
    could block for ever on a lock of the pool's queue while its parent waited for it."""
    if os.getpid() != _stopping_pid:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)
        return
    raise KeyboardInterrupt


class _GeneratedPage(Page):
    """A generated page outside the navigation: MkDocs' Markdown pass over its empty source
    is skipped.

    MkDocs builds a new Python-Markdown parser, with every extension, for each page it
    renders, only to convert the empty text this plugin gives a generated page: about
    2 ms a page, half a minute of a build at 10,000 articles. The page gets exactly what
    that conversion gives (no content, no table of contents, no anchors); its HTML is put
    in by :meth:`CorpusPlugin.on_page_context`.
    """

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown:  # another plugin gave it Markdown after all: convert it
            super().render(config, files)
            return
        self.content = ""
        self.toc = get_toc([])
        self._title_from_render = None
        self.present_anchor_ids = set()
        if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = {}


def _always() -> bool:
    return True


def _never() -> bool:
    return False


def _unchanged(file: File) -> File:
    """Mark a generated file as unchanged since the last build: a dirty build skips it."""
    file.is_modified = _never  # type: ignore[method-assign]
    return file


def _demote_dirty_notice(record: logging.LogRecord) -> bool:
    """MkDocs warns that a dirty build leaves navigation and links stale, which would stop a
    strict build. Here it does not: every page in the navigation, every hand-written page and
    every page an edit changed is rebuilt (see :mod:`build_tools.affected`), so the notice
    is kept as information."""
    if record.levelno == logging.WARNING and "'dirty' build" in record.getMessage():
        record.levelno, record.levelname = logging.INFO, "INFO"
    return True


def run_mkdocs(arguments: Sequence[str]) -> NoReturn:
    """Run the ``mkdocs`` command line with ``arguments`` (``build …``), then end the
    process at once with its exit status.

    Why: once MkDocs has said "Documentation built", Python still tears down the whole
    heap before the process ends (3 s at 10,000 articles), and the build waits for the
    process to end before it swaps the site in. Everything the process wrote is closed
    by then; its logs and output are flushed here. An exception other than the exit of
    the command line ends the process as usual, with its traceback.
    """
    from mkdocs.__main__ import cli

    try:
        cli.main(args=list(arguments), prog_name="mkdocs")  # (always raises SystemExit)
        code = 0
    except SystemExit as end:
        if end.code is None or isinstance(end.code, int):
            code = end.code or 0
        else:  # a message, printed as the interpreter would
            print(end.code, file=sys.stderr)
            code = 1
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
