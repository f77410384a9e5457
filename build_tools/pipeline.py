"""The core pipeline without MkDocs: load -> validate -> resolve -> pages.

Both the MkDocs plugin and the command line call these functions.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .analysis_cache import AnalysisCache
from .analysis_runs import AnalysisStream
from .check_memory import CheckMemory
from .diagnostics import Diagnostic, has_errors
from .loader import load_corpus
from .pages import LIST_PAGE_SIZE, PageSpec, build_pages
from .render import Renderer
from .resolve import Archive, resolve


@dataclass
class CheckResult:
    """The outcome of checking a corpus."""

    archive: Archive
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        """No errors (warnings allowed)."""
        return not has_errors(self.diagnostics)


def check_corpus(corpus_dir: Path, root: Path | None = None,
                 today: dt.date | None = None, cache_dir: Path | None = None,
                 jobs: int | None = None, memory: CheckMemory | None = None,
                 diagnostics_only: bool = False) -> CheckResult:
    """Load and resolve a corpus, collecting every diagnostic.

    Resolution runs even when loading found errors, so one run reports every
    problem; the archive is only fit for rendering when the result is ``ok``.
    ``cache_dir``: reuse the analyses of unchanged articles from there (see
    :mod:`build_tools.analysis_cache`; the result is the same without).
    ``jobs``: processes for analysing articles (default: the usable cores).
    ``memory``: what a long-running process (the preview) keeps from its last check, to
    take unchanged files as they were (see :mod:`build_tools.check_memory`; the result is
    the same without).
    ``diagnostics_only``: the same diagnostics, for a check that builds nothing: the
    archive holds the corpus and its aliases only (see :func:`~build_tools.resolve.resolve`),
    and unchanged articles' analyses are not read back, only their diagnostics.
    """
    if diagnostics_only and memory is not None:
        raise ValueError("a check that keeps its memory builds the whole archive")
    cache = AnalysisCache(cache_dir) if cache_dir is not None else None
    # The articles' analyses begin while the corpus is read (see AnalysisStream).
    analyses = AnalysisStream(cache, jobs, memory)
    try:
        with _without_cyclic_gc():
            corpus, diagnostics = load_corpus(corpus_dir, root, today, cache, memory,
                                              analyses=analyses)
            archive, more = resolve(corpus, diagnostics_only=diagnostics_only,
                                    analyses=analyses)
    finally:
        analyses.close()
        if cache is not None:
            cache.close()
    return CheckResult(archive, sorted(set(diagnostics + more)))


@contextlib.contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """Pause Python's cycle collector while the archive is built.

    The check allocates millions of long-lived objects and frees almost nothing that
    refcounting does not already free, yet each of those allocations brings the next
    collection nearer, and a full collection walks every object: at 10,000 articles the
    collector took about 40 % of a preview's re-check.

    Re-enabling it must not make the next allocation pay for the pause: the collector
    would then walk every object the check made (its youngest generation holds them all),
    about half a second at 10,000 articles, to free almost nothing. So they join the oldest
    generation first (``gc.freeze`` then ``gc.unfreeze`` only moves lists), where the
    little cyclic garbage among them waits for the next full collection."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:  # (never thaw what someone else froze)
                gc.freeze()
                gc.unfreeze()
            gc.enable()


@dataclass
class SiteContent:
    """Everything needed to write the generated pages of a checked archive."""

    archive: Archive
    pages: list[PageSpec]
    renderer: Renderer


def plan_site(archive: Archive, site_url: str = "",
              site_name: str = "Corpus archive",
              list_page_size: int = LIST_PAGE_SIZE) -> SiteContent:
    """Page specs and a renderer for an archive without errors.

    ``site_url`` and ``site_name`` come from the site configuration; they appear
    where an address must be absolute (feeds, citations). Long lists take pages
    of ``list_page_size`` rows.
    """
    with _without_cyclic_gc():
        return SiteContent(archive, list(build_pages(archive, list_page_size)),
                           Renderer(archive, site_url, site_name))
