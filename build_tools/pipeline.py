"""The core pipeline without MkDocs: load -> validate -> resolve -> pages.

Both the MkDocs plugin and the command line call these functions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .analysis_cache import AnalysisCache
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
                 jobs: int | None = None) -> CheckResult:
    """Load and resolve a corpus, collecting every diagnostic.

    Resolution runs even when loading found errors, so one run reports every
    problem; the archive is only fit for rendering when the result is ``ok``.
    ``cache_dir``: reuse the analyses of unchanged articles from there (see
    :mod:`build_tools.analysis_cache`; the result is the same without).
    ``jobs``: processes for analysing articles (default: the usable cores).
    """
    cache = AnalysisCache(cache_dir) if cache_dir is not None else None
    try:
        corpus, diagnostics = load_corpus(corpus_dir, root, today, cache)
        archive, more = resolve(corpus, cache, jobs)
    finally:
        if cache is not None:
            cache.close()
    return CheckResult(archive, sorted(set(diagnostics + more)))


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
    return SiteContent(archive, list(build_pages(archive, list_page_size)),
                       Renderer(archive, site_url, site_name))
