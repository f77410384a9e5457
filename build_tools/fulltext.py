"""The full-text index: Pagefind run over a built site.

Pagefind (the ``pagefind`` package from PyPI, which ships the binary) reads
the built HTML and writes ``pagefind/`` beside it: a search index split into
small chunks, of which a browser fetches only those a query needs, and the
JavaScript engine the search page (``docs/assets/search.js``) loads from the
site itself (no CDN).

What is indexed is decided by attributes in the page templates:

* ``data-pagefind-body`` marks the article's headline and text (and the
  hidden alias set of the entities involved, weighted low); Pagefind reads
  only article pages, so entity and index pages never appear among
  full-text results;
* ``data-pagefind-filter``: outlet, year, people, organizations and kinds of
  entity involved (:mod:`build_tools.facets`);
* ``data-pagefind-sort="date:…"``: publication date, ``YYYY[-MM[-DD]]``;
* ``data-pagefind-meta``: title, outlet and date shown with each result.

:func:`index_site` runs in ``python -m build_tools build`` on the staging
folder, before it replaces ``site/``; a failed indexing fails the build.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import urls

BUNDLE_DIR = urls.PAGEFIND.rstrip("/")
"""Folder of the search bundle, relative to the site root."""


class IndexingError(RuntimeError):
    """Pagefind is missing or failed."""


@dataclass(frozen=True)
class IndexReport:
    """What one Pagefind run did and cost."""

    pages: int
    """Pages indexed (articles: only they have ``data-pagefind-body``)."""
    words: int
    """Distinct words in the index."""
    seconds: float
    peak_memory: int
    """Peak resident memory of the indexer, in bytes (0 where the OS does not say)."""
    bundle_bytes: int
    """Total size of the written ``pagefind/`` folder."""

    def summary(self) -> str:
        return (f"indexed {self.pages} pages ({self.words} distinct words) for full-text "
                f"search in {self.seconds:.1f} s, peak memory {self.peak_memory / 2**20:.0f} MiB, "
                f"bundle {self.bundle_bytes / 2**20:.1f} MiB")


ARTICLE_PAGES = f"{urls.ARTICLES}**/*.html"
"""The pages Pagefind reads: only article pages are searched in full text, and
reading no others keeps indexing faster (entity pages are a sixth of the site).
The index is the same as from every page (same pages, fragments and word
chunks; the filter files differ only by Pagefind's hash-map order).

Pagefind 1.5's memory grows with the pages it indexes, about 0.3 MB a page,
whatever the size of their HTML (pages cut to a third of their bytes, or without
their alias sets, index in the same memory); it has no option to lower it, and
its thread count (``TOKIO_WORKER_THREADS``, ``RAYON_NUM_THREADS``) changes nothing."""


def pagefind_command(site_dir: Path) -> list[str]:
    """The command that indexes ``site_dir`` (the Python package runs the bundled binary)."""
    return [sys.executable, "-m", "pagefind", "--site", str(site_dir),
            "--glob", ARTICLE_PAGES, "--output-subdir", BUNDLE_DIR]


def index_site(site_dir: Path) -> IndexReport:
    """Index the built site in ``site_dir`` with Pagefind; raises :class:`IndexingError`."""
    try:
        import pagefind  # noqa: F401  (only to give a clear message when it is missing)
    except ImportError as missing:
        raise IndexingError("the 'pagefind' package is not installed; `make build` installs it "
                            "from requirements.txt") from missing
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        started = time.perf_counter()
        process = subprocess.Popen(pagefind_command(site_dir), stdout=log,
                                   stderr=subprocess.STDOUT)
        try:
            peak = _wait(process)
        except BaseException:  # the build was interrupted: stop writing into its folder
            process.kill()
            process.wait()
            raise
        seconds = time.perf_counter() - started
        log.seek(0)
        output = log.read()
    if process.returncode != 0:
        raise IndexingError(f"Pagefind failed (exit status {process.returncode}):\n{output}")
    return IndexReport(_count(output, "pages"), _count(output, "words"), seconds, peak,
                       _folder_size(site_dir / BUNDLE_DIR))


def _wait(process: subprocess.Popen[bytes]) -> int:
    """Wait for ``process``; its peak resident memory in bytes (0 where unknown).

    ``os.wait4`` reports the resources of that one child (``python -m
    pagefind`` execs the binary in place, so the child is Pagefind itself),
    unlike ``RUSAGE_CHILDREN``, which would mix in the MkDocs run before it.
    """
    if not hasattr(os, "wait4"):
        process.wait()
        return 0
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    # Linux reports kilobytes, macOS bytes.
    return usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024


def _count(output: str, what: str) -> int:
    match = re.search(rf"Indexed (\d+) {what}", output)
    return int(match.group(1)) if match else 0


def _folder_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
