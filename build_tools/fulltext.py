"""The full-text index: Pagefind run over the articles' full-text documents.

Pagefind (the ``pagefind`` package from PyPI, which ships the binary) reads
HTML and writes a search index split into small chunks, of which a browser
fetches only those a query needs, and the JavaScript engine the search page
(``docs/assets/search.js``) loads from the site itself (no CDN).

Pagefind does not read the published pages: it reads one small document per
article (:mod:`build_tools.fulltext_input`), written by the build into a
folder apart that mirrors the site's paths, and writes its bundle into the
site's ``pagefind/`` folder. The documents hold what is indexed, in Pagefind's
attributes:

* ``data-pagefind-body``: the article's headline and text, and the alias set
  of the entities involved, weighted low; only articles have documents, so
  entity and index pages never appear among full-text results;
* ``data-pagefind-filter``: outlet, year, people, organizations and kinds of
  entity involved (:mod:`build_tools.facets`);
* ``data-pagefind-sort="date:…"``: publication date, ``YYYY[-MM[-DD]]``;
* ``data-pagefind-meta``: title, outlet and date shown with each result.

Each published article page is thus about 1.6 KB smaller than when it
carried these attributes and hidden elements itself, and Pagefind parses half
the bytes, in less CPU time (its memory is the same). Its index is the same
as when it read the pages: the same fragments and word chunks byte for byte,
the same filter values (its filter files come in a different order from run
to run anyway).

:class:`Indexer` runs in ``python -m build_tools build`` while MkDocs writes the
pages: the documents are written first (by a render worker, while the build writes
the downloads), and Pagefind starts on them as soon as the last one is in (the
writer then leaves :data:`~build_tools.fulltext_input.READY` in their folder).
Pagefind runs at the build's own priority, and MkDocs (with its render worker) then
steps back by :data:`BUILDER_STEPS_BACK` nice levels. At equal priority Pagefind
finished last, 7-10 s after the pages at 10,000 synthetic articles, its final
writing on one core while the other idled; with MkDocs stepped back by 5, it ended
with the pages, and the build used its CPU better (wall time over CPU time lower
in each of four alternated pairs of cold builds: 0.546-0.607 against 0.565-0.637).
At the lowest priority, Pagefind only ran where the build left a core idle, and
was still indexing half a minute after the pages (a warm build ended at 97 s,
against 90 s at equal priority, two runs each). It writes
into the staging folder, before that folder replaces ``site/``; a failed indexing
fails the build, and the build removes the documents' folder whatever happens (see
:func:`build_tools.cli.build_site`). Given the project's ``.cache/``, Pagefind writes only
the word-index chunks that changed since the last build
(:mod:`build_tools.fulltext_reuse`). :func:`index_site` indexes the documents of a
built site in one go.
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
from typing import IO

from . import urls
from .fulltext_input import READY
from .fulltext_reuse import INDEX_DIR, SUFFIX, ChunkReuse, StaleChunk, pagefind_version

BUNDLE_DIR = urls.PAGEFIND.rstrip("/")
"""Folder of the search bundle, relative to the site root."""


BUILDER_STEPS_BACK = 5
"""Nice levels by which MkDocs and its workers step back once Pagefind runs (see above)."""


class IndexingError(RuntimeError):
    """Pagefind is missing or failed."""


@dataclass(frozen=True)
class IndexReport:
    """What one Pagefind run did and cost."""

    pages: int
    """Pages indexed (one per article)."""
    words: int
    """Distinct words in the index."""
    seconds: float
    """From the start of the indexing to its end."""
    waited_seconds: float
    """Of which after the build asked for the index: what indexing added to the build's
    time (all of it when the index is made in one go)."""
    cpu_seconds: float
    """User plus system time of the indexer (0 where the OS does not say): steadier than
    ``seconds`` on a shared machine."""
    peak_memory: int
    """Peak resident memory of the indexer, in bytes (0 where the OS does not say)."""
    bundle_bytes: int
    """Total size of the written ``pagefind/`` folder."""
    chunks: int = 0
    """Word-index chunks in the bundle (0 where not counted)."""
    reused_chunks: int = 0
    """Of which kept from the previous build (:mod:`build_tools.fulltext_reuse`)."""

    def summary(self) -> str:
        reuse = (f", reused {self.reused_chunks} of {self.chunks} word-index chunks"
                 if self.chunks else "")
        return (f"indexed {self.pages} pages ({self.words} distinct words) for full-text "
                f"search in {self.seconds:.1f} s ({self.waited_seconds:.1f} s after the pages), "
                f"peak memory {self.peak_memory / 2**20:.0f} MiB, "
                f"bundle {self.bundle_bytes / 2**20:.1f} MiB, CPU {self.cpu_seconds:.1f} s"
                f"{reuse}")


def pagefind_command(documents_dir: Path, bundle_dir: Path) -> list[str]:
    """The command that indexes the documents in ``documents_dir`` into ``bundle_dir`` (the
    Python package runs the bundled binary). Every HTML file there is a document."""
    return [sys.executable, "-m", "pagefind", "--site", str(documents_dir),
            "--output-path", str(bundle_dir)]


class Indexer:
    """One Pagefind run over the full-text documents in ``documents_dir``, writing the
    bundle into the ``pagefind/`` folder of the site in ``site_dir``.

    :meth:`start` starts it (:meth:`start_when_ready`: once the documents' writer has
    left :data:`~build_tools.fulltext_input.READY` in their folder); :meth:`finish`
    starts it if it has not started, waits for it and reports (raises
    :class:`IndexingError` if it failed); :meth:`stop` kills it.

    With a ``cache_dir`` (the project's ``.cache/``), the word-index chunks of the last
    build are reused and this build's are kept (:mod:`build_tools.fulltext_reuse`); should
    a reused chunk not be the one the new index names, the documents are indexed again
    without reuse, within :meth:`finish`.

    Pagefind 1.5's memory grows with the pages it indexes, about 0.3 MB a page, whatever
    the size of their HTML (the small documents index in the same memory as whole pages
    did); it has no option to lower it, and its thread count (``TOKIO_WORKER_THREADS``,
    ``RAYON_NUM_THREADS``) changes nothing.
    """

    def __init__(self, site_dir: Path, documents_dir: Path,
                 cache_dir: Path | None = None) -> None:
        self.site_dir = site_dir
        self.documents_dir = documents_dir
        self.cache_dir = cache_dir
        self._reuse: ChunkReuse | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[str] | None = None
        self._started = 0.0
        self._failed = False

    @property
    def started(self) -> bool:
        return self._process is not None

    def start_when_ready(self) -> None:
        """Start, if not started yet and every document is written."""
        if self._process is None and not self._failed and (self.documents_dir / READY).is_file():
            try:
                self.start()
            except IndexingError:  # raised again by finish(), where the build reports it
                self._failed = True

    def start(self) -> None:
        try:
            import pagefind  # noqa: F401  (only to give a clear message when it is missing)
        except ImportError as missing:
            raise IndexingError("the 'pagefind' package is not installed; `make build` "
                                "installs it from requirements.txt") from missing
        self._started = time.perf_counter()
        version = pagefind_version()
        if self.cache_dir is not None and version is not None:
            self._reuse = ChunkReuse(self.cache_dir, self.site_dir / BUNDLE_DIR, version)
            self._reuse.seed()
        self._launch()

    def _launch(self) -> None:
        self._log = tempfile.TemporaryFile("w+", encoding="utf-8")
        command = pagefind_command(self.documents_dir, self.site_dir / BUNDLE_DIR)
        self._process = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT)

    def finish(self) -> IndexReport:
        """Wait for the indexing (started now if it was not); what it did and cost."""
        if self._process is None:
            self.start()
        waiting = time.perf_counter()
        output, peak, cpu = self._wait()
        reused = 0
        if self._reuse is not None:
            try:
                reused = self._reuse.settle()
            except StaleChunk:
                # What Pagefind writes alone is the reference: index again without reuse
                # (settle then never raises).
                self._reuse.unseed()
                self._launch()
                output, peak_again, cpu_again = self._wait()
                peak, cpu = max(peak, peak_again), cpu + cpu_again
                self._reuse.settle()
        ended = time.perf_counter()
        bundle = self.site_dir / BUNDLE_DIR
        chunks = sum(1 for _ in (bundle / INDEX_DIR).glob(f"*{SUFFIX}"))
        return IndexReport(_count(output, "pages"), _count(output, "words"),
                           ended - self._started, ended - waiting, cpu, peak,
                           _folder_size(bundle), chunks, reused)

    def _wait(self) -> tuple[str, int, float]:
        """Wait for the running Pagefind: its output, peak memory and CPU seconds; raises
        :class:`IndexingError` if it failed."""
        assert self._process is not None and self._log is not None
        try:
            peak, cpu = _wait(self._process)
        except BaseException:  # the build was interrupted: stop writing into its folder
            self.stop()
            raise
        self._log.seek(0)
        output = self._log.read()
        self._log.close()
        if self._process.returncode != 0:
            raise IndexingError(f"Pagefind failed (exit status {self._process.returncode}):"
                                f"\n{output}")
        return output, peak, cpu

    def stop(self) -> None:
        """Kill the indexer, if it runs."""
        if self._process is not None and self._process.returncode is None:
            self._process.kill()
            self._process.wait()
        if self._log is not None:
            self._log.close()


def index_site(site_dir: Path, documents_dir: Path) -> IndexReport:
    """Index the full-text documents in ``documents_dir`` (:mod:`build_tools.fulltext_input`)
    into the ``pagefind/`` folder of the built site in ``site_dir``, in one go; raises
    :class:`IndexingError`."""
    return Indexer(site_dir, documents_dir).finish()


def _wait(process: subprocess.Popen[bytes]) -> tuple[int, float]:
    """Wait for ``process``; its peak resident memory in bytes and its CPU seconds (0 where
    unknown).

    ``os.wait4`` reports the resources of that one child (``python -m
    pagefind`` execs the binary in place, so the child is Pagefind itself),
    unlike ``RUSAGE_CHILDREN``, which would mix in the MkDocs run before it.
    """
    if not hasattr(os, "wait4"):
        process.wait()
        return 0, 0.0
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    # Linux reports kilobytes, macOS bytes.
    peak = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    return peak, usage.ru_utime + usage.ru_stime


def _count(output: str, what: str) -> int:
    match = re.search(rf"Indexed (\d+) {what}", output)
    return int(match.group(1)) if match else 0


def _folder_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
