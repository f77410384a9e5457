"""Rendering generated pages ahead, in worker processes, on the other cores.

Rendering a page is a pure function of the checked archive and the page's
spec, so pages can be rendered anywhere, in any order. :class:`PageQueue`
forks worker processes that inherit the archive (no copying, no pickling of
it) and render chunks of pages in the order the caller will ask for them;
:meth:`PageQueue.html` hands each page over when it is asked for, waiting
only if the workers are behind. Meanwhile the caller's own process does
its share of the build (for MkDocs: Material's page template, the search
index), which is the larger share: at 10,000 articles about 100 s of CPU
against 50 s of rendering. So there is one worker per core but one (one
worker on two cores): a second worker there only competed with the caller
for its core, and held some 200 MB of memory of its own (measured at
10,000 articles: peak memory of the build 1,104 MB with two workers, 899 MB
with one, and the one-worker build was no slower). The workers keep
only a few chunks ahead of the caller (:data:`AHEAD`), so rendered pages
waiting to be asked for never add up to the whole site's HTML.

Work that needs the same renderer but is no page can go first: ``before`` is
called once, in a worker, before the pages (the build writes the full-text
documents there, :mod:`build_tools.fulltext_input`, while its own process writes
the downloads, before it asks for its first page).

The output is byte for byte the same as rendering in the calling process:
the workers run the same :class:`~build_tools.render.Renderer` on the same
archive. Where forking is not available (or not worth it: small sites, one
core: no worker), pages are rendered in the calling process when asked for.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from .cores import can_fork, default_jobs, frozen_for_fork, release_free_memory
from .pages import PageSpec
from .render import Renderer

MIN_PAGES = 300
"""Below this many pages the workers cost more to start than they save."""

CHUNK = 50
"""Pages per task: large enough to amortise a round trip, small enough that the first
pages are ready soon and the workers stay evenly loaded."""

AHEAD = 4
"""Chunks per worker rendered or being rendered ahead of the caller. Pages are held in the
caller's memory from when they are rendered until they are asked for; a caller slower than
the workers (MkDocs, writing each page) would otherwise end up holding the whole site."""

HELD = 2 * AHEAD
"""Chunks per worker held at most, sent or rendered here, and not yet handed over whole:
what bounds the rendered pages waiting in memory."""

TRIM_EVERY = 10
"""Chunks between two returns of free memory to the system, in each process
(:func:`~build_tools.cores.release_free_memory`): the pages rendered, sent and written
leave the allocator with free memory it would otherwise keep."""

_renderer: Renderer | None = None
"""The renderer a worker inherits from its parent when it is forked."""
_specs: Sequence[PageSpec] = ()
"""The pages to render, inherited the same way: a task names a slice of them. (Sending the
specs themselves pickled the records they hold, articles and entities, for every chunk, and
unpickled copies of them in the worker: a few seconds of CPU at 10,000 articles.)"""
_before: Callable[[], object] | None = None
"""The work a worker inherits to do before the pages, if any."""


def _render_chunk(bounds: tuple[int, int]) -> list[str]:
    assert _renderer is not None, "worker started without a renderer"
    pages = [_renderer.render(spec) for spec in _specs[bounds[0]:bounds[1]]]
    if bounds[0] // CHUNK % TRIM_EVERY == 0:
        release_free_memory()
    return pages


def _run_before() -> None:
    assert _before is not None, "worker started without its work"
    _before()


class PageQueue:
    """The HTML of ``specs``, rendered ahead by worker processes.

    Ask for pages with :meth:`html`, preferably in the order of ``specs``;
    call :meth:`close` when done (also on failure). An error in a worker is
    raised again by :meth:`html` for a page of its chunk. ``before`` is called once,
    in a worker before any page (in this process, at once, without workers); its error
    is raised by :meth:`wait_before`. ``workers``: worker processes (default: one per
    usable core but one; 0: render in this process).
    """

    def __init__(self, renderer: Renderer, specs: Sequence[PageSpec],
                 workers: int | None = None, min_pages: int = MIN_PAGES,
                 before: Callable[[], object] | None = None) -> None:
        self.renderer = renderer
        self._before: Future[None] | None = None
        self.workers = max(0, default_jobs() - 1) if workers is None else workers
        self._where: dict[str, tuple[int, int]] = {}
        self._specs: Sequence[PageSpec] = ()
        self._bounds: dict[int, tuple[int, int]] = {}
        """Each chunk's bounds in the specs, by number."""
        self._chunks: dict[int, Future[list[str]] | list[str]] = {}
        """Chunks sent to the workers (or rendered here) and not yet handed over whole."""
        self._unsent: dict[int, None] = {}
        """Chunks neither sent nor rendered here, in order."""
        self._left: dict[int, int] = {}
        self._pool: ProcessPoolExecutor | None = None
        self._handed = 0
        """Chunks handed over whole."""
        if self.workers >= 1 and len(specs) >= min_pages and can_fork():
            self._start(specs, before)
        elif before is not None:
            before()

    @property
    def parallel(self) -> bool:
        """Whether pages are rendered by worker processes."""
        return self._pool is not None

    def _start(self, specs: Sequence[PageSpec], before: Callable[[], object] | None) -> None:
        global _renderer, _specs, _before
        # inherited by the workers at fork time
        _renderer, _specs, _before = self.renderer, specs, before
        self._specs = specs
        # The parent's own core does MkDocs' part of each page (see the module's docstring).
        fork = multiprocessing.get_context("fork")
        self._pool = ProcessPoolExecutor(self.workers, mp_context=fork)
        for number, start in enumerate(range(0, len(specs), CHUNK)):
            chunk = specs[start:start + CHUNK]
            for position, spec in enumerate(chunk):
                self._where[spec.path] = (number, position)
            self._left[number] = len(chunk)
            self._bounds[number] = (start, start + len(chunk))
            self._unsent[number] = None
        # The pool forks its workers at the first submit.
        with frozen_for_fork():
            if before is not None:
                self._before = self._pool.submit(_run_before)
            self._send_ahead()

    def _send_ahead(self) -> None:
        """Keep :data:`AHEAD` chunks per worker rendered or being rendered."""
        while self._unsent and self._in_flight() < AHEAD * self.workers and \
                len(self._chunks) < HELD * self.workers:
            number = next(iter(self._unsent))
            del self._unsent[number]
            assert self._pool is not None
            self._chunks[number] = self._pool.submit(_render_chunk, self._bounds[number])

    def _in_flight(self) -> int:
        return sum(isinstance(chunk, Future) for chunk in self._chunks.values())

    def _render_here(self, number: int) -> list[str]:
        self._unsent.pop(number, None)
        start, end = self._bounds[number]
        pages = self._chunks[number] = [self.renderer.render(s) for s in self._specs[start:end]]
        return pages

    def _steal(self) -> bool:
        """Render here a chunk no worker has started, rather than wait for the workers: the
        last one sent (it is needed last), else the next one not sent, if not too many are
        held already. Whether there was one."""
        for number in sorted(self._chunks, reverse=True):
            chunk = self._chunks[number]
            if isinstance(chunk, Future) and chunk.cancel():
                self._render_here(number)
                return True
        if self._unsent and len(self._chunks) < HELD * self.workers:
            self._render_here(next(iter(self._unsent)))
            return True
        return False

    def html(self, spec: PageSpec) -> str:
        """The main-content HTML of ``spec`` (rendered here if no worker has it)."""
        where = self._where.pop(spec.path, None)
        if where is None:
            return self.renderer.render(spec)
        number, position = where
        chunk = self._chunks.get(number)
        if chunk is None:  # asked for out of order
            chunk = self._render_here(number)
        # While the workers are behind, this process renders pages of its own (MkDocs has
        # nothing else to do meanwhile).
        while isinstance(chunk, Future) and not chunk.done():
            if chunk.cancel():
                chunk = self._render_here(number)
            elif not self._steal():
                break
            self._send_ahead()
        html = (chunk.result() if isinstance(chunk, Future) else chunk)[position]
        self._left[number] -= 1
        if not self._left[number]:  # every page of the chunk handed over: free it
            del self._chunks[number], self._left[number]
            self._send_ahead()
            self._handed += 1
            if self._handed % TRIM_EVERY == 0:
                release_free_memory()
        if not self._where:
            # Every page handed over: the workers (each holding memory of its own) stop
            # now rather than idle through the rest of the build.
            self._stop_workers()
        return html

    def wait_before(self) -> None:
        """Wait until the work done before the pages is done; raise its error, if any."""
        if self._before is not None:
            self._before.result()

    def close(self) -> None:
        """Stop the workers; pages not asked for are dropped."""
        global _renderer, _specs, _before
        self._stop_workers()
        self._chunks.clear()
        self._unsent.clear()
        self._where.clear()
        _renderer, _specs, _before = None, (), None

    def _stop_workers(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
