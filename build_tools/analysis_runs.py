"""Analysing many articles: from the cache where possible, else in a pool of processes,
begun while the corpus is still being read.

Each article's analysis depends only on the article and on the registry of
entities (see :mod:`build_tools.article_analysis`). The loader reads the entities
first and hands them to an :class:`AnalysisStream`, then each article record as it
is made: the articles not found in the memory or the cache are sent in batches to
forked worker processes, which analyse them while this process reads the rest of
the corpus. Results come back in the order asked for, so diagnostics and the archive
are the same as in a serial run. Small batches run serially: starting processes
costs more than it saves, and tests stay quick.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Collection, Sequence
from multiprocessing.pool import AsyncResult, Pool

from .analysis_cache import AnalysisCache
from .article_analysis import AnalysisContext, ArticleAnalysis, analyse_article
from .check_memory import CheckMemory
from .cores import can_fork, default_jobs, frozen_for_fork
from .diagnostics import Diagnostic
from .model import Article, Corpus
from .registry import AliasIndex

PARALLEL_FROM = 200
"""Fewer articles to analyse than this are analysed in this process."""
BATCH = 50
"""Articles per task sent to a worker: about a quarter of a second of analysis, so the
workers start early and end together, at a cost of a few milliseconds per task."""

_context: AnalysisContext | None = None
"""The registry the forked workers analyse under: set while the pool forks them."""


class AnalysisStream:
    """The analyses of a corpus's articles, begun while the corpus is still loading.

    :meth:`begin` gives the registry (the loader reads every entity before any article);
    :meth:`add` gives each article record as it is made. Once :data:`PARALLEL_FROM`
    articles wait for an analysis (neither remembered nor cached), worker processes fork
    and take them in batches of :data:`BATCH`, while the loader goes on reading. Why: at
    10,000 articles, reading the corpus took about 10 s on one core with the other idle,
    and the analysis started only after it.

    :meth:`analyses` (or :meth:`diagnostics`, for a check that only reports) gives the
    results in the order asked for, analysing whatever was not sent. :meth:`close` stops
    the workers; call it whatever happens.

    ``cache``: reuse and store analyses; ``jobs``: processes (default
    :func:`default_jobs`; parallel only where processes can fork); ``memory``: the
    analyses of the last check in this process, looked up before the cache (see
    :mod:`build_tools.check_memory`).
    """

    def __init__(self, cache: AnalysisCache | None = None, jobs: int | None = None,
                 memory: CheckMemory | None = None) -> None:
        self.cache = cache
        self.memory = memory
        self.jobs = default_jobs() if jobs is None else jobs
        self.context: AnalysisContext | None = None
        """The registry as the analyses see it (set by :meth:`begin`)."""
        self._keys: dict[int, str] = {}
        """``id()`` of each added article -> its analysis key (with a cache or a memory)."""
        self._added: list[Article] = []
        """The added articles (held, so that their ``id()`` stays theirs)."""
        self._stored: set[str] | None = None
        """The keys of the analyses in the cache (read at the first article)."""
        self._waiting: list[Article] = []
        """Articles to analyse, not sent yet."""
        self._sent: list[tuple[list[Article], AsyncResult[list[ArticleAnalysis]]]] = []
        self._pool: Pool | None = None

    def begin(self, registry: Corpus) -> None:
        """Take the registry: ``registry``'s entities (its articles are not read)."""
        self.context = AnalysisContext(registry, AliasIndex(registry))

    def add(self, article: Article, article_input: str | None = None) -> None:
        """Take an article record (``article_input``: its
        :func:`~build_tools.article_analysis.analysis_input`, if known); send it to the
        workers if it must be analysed and enough are waiting."""
        context = self._require_context()
        self._added.append(article)
        if self.cache is not None or self.memory is not None:
            key = self._keys[id(article)] = _key(article, context, self.memory, article_input)
            if self.memory is not None and key in self.memory.analyses:
                return
            if self.cache is not None:
                if self._stored is None:
                    self._stored = self.cache.stored_keys()
                if key in self._stored:
                    return
        self._waiting.append(article)
        if self._pool is None and len(self._waiting) >= PARALLEL_FROM:
            self._start_pool()
        if self._pool is not None and len(self._waiting) >= BATCH:
            self._send()

    def analyses(self, articles: Sequence[Article]) -> list[ArticleAnalysis]:
        """The analysis of each of ``articles``, in order: remembered, cached, sent to the
        workers, or analysed now. Keeps them in the memory and the cache."""
        context = self._require_context()
        keyed = self.cache is not None or self.memory is not None
        keys = [self._key(article, context) for article in articles] if keyed else []
        found = dict(self.memory.analyses) if self.memory is not None else {}
        if self.cache is not None:
            found.update(self.cache.get_many([key for key in keys if key not in found]))
        analysed = self._finish(articles, keys, found)
        results = [found[key] if keyed and key in found else analysed[id(article)]
                   for article, key in zip(articles, keys or [""] * len(articles), strict=True)]
        if self.cache is not None:
            if self.memory is None or not self.memory.analyses:
                # (a preview's re-check leaves the stale entries, one per edit, to the next check)
                self.cache.keep_only(keys)
        if self.memory is not None:
            self.memory.analyses = dict(zip(keys, results, strict=True))
            self.memory.keys = {id(article): (article, context.fingerprint, key)
                                for article, key in zip(articles, keys, strict=True)}
        return results

    def diagnostics(self, articles: Sequence[Article]) -> list[tuple[Diagnostic, ...]]:
        """The diagnostics of each of ``articles``' analysis, in order, for a check that
        reports and builds nothing.

        A cached article's diagnostics are read without its analysis (at 10,000 articles,
        unpickling every analysis took about a second of a warm ``make check``); the
        articles not in the cache are analysed in full, and their analyses stored for the
        build."""
        if self.cache is None:
            return [analysis.diagnostics for analysis in self.analyses(articles)]
        context = self._require_context()
        keys = [self._key(article, context) for article in articles]
        found = self.cache.diagnostics_many(keys)
        analysed = self._finish(articles, keys, found)
        self.cache.keep_only(keys)
        return [found[key] if key in found else analysed[id(article)].diagnostics
                for article, key in zip(articles, keys, strict=True)]

    def close(self) -> None:
        """Stop the workers, if any (at once, if analyses are still running)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
        self._sent.clear()
        self._waiting.clear()

    # --- inside -------------------------------------------------------------

    def _require_context(self) -> AnalysisContext:
        if self.context is None:
            raise RuntimeError("AnalysisStream.begin() must come before the articles")
        return self.context

    def _key(self, article: Article, context: AnalysisContext) -> str:
        key = self._keys.get(id(article))
        if key is None:  # (not added: its input is not known here)
            key = self._keys[id(article)] = _key(article, context, self.memory, None)
            self._added.append(article)
        return key

    def _start_pool(self) -> None:
        global _context
        if self.jobs <= 1 or not can_fork():
            return
        _context = self.context
        try:
            # The parent may have paused the cycle collector (see pipeline.check_corpus); each
            # worker collects its own garbage, never what it inherited (see frozen_for_fork).
            # Pool() forks its workers before it returns.
            with frozen_for_fork():
                self._pool = multiprocessing.get_context("fork").Pool(self.jobs,
                                                                      initializer=gc.enable)
        finally:
            _context = None

    def _send(self) -> None:
        assert self._pool is not None
        for start in range(0, len(self._waiting), BATCH):
            batch = self._waiting[start:start + BATCH]
            self._sent.append((batch, self._pool.apply_async(_analyse_batch, (batch,))))
        self._waiting = []

    def _finish(self, articles: Sequence[Article], keys: Sequence[str],
                found: Collection[str]) -> dict[int, ArticleAnalysis]:
        """The analyses of ``articles`` whose keys are not in ``found``, by the article's ``id()``:
        those sent, and the others analysed now (in the workers if there are enough or the
        workers run). Each is stored in the cache as it comes."""
        sent = {id(article) for batch, _result in self._sent for article in batch}
        waiting = {id(article) for article in self._waiting}
        self._waiting += [article for index, article in enumerate(articles)
                          if id(article) not in sent and id(article) not in waiting
                          and not (keys and keys[index] in found)]
        if self._pool is None and len(self._waiting) >= PARALLEL_FROM:
            self._start_pool()
        analysed: dict[int, ArticleAnalysis] = {}
        if self._pool is not None:
            self._send()
            if self.cache is not None:
                # This process only waits for the workers: it writes to the cache meanwhile
                # what the load left, and each batch's analyses as they come.
                self.cache.write_pending()
            for batch, result in self._sent:
                part = result.get()
                analysed.update(zip(map(id, batch), part, strict=True))
                self._store(batch, part)
            self._sent.clear()
            self._pool.close()
            self._pool.join()
            self._pool = None
        else:
            part = [analyse_article(article, self._require_context()) for article in self._waiting]
            analysed.update(zip(map(id, self._waiting), part, strict=True))
            self._store(self._waiting, part)
            self._waiting = []
        return analysed

    def _store(self, articles: Sequence[Article], analyses: Sequence[ArticleAnalysis]) -> None:
        if self.cache is not None:
            self.cache.put_many({self._keys[id(article)]: analysis
                                 for article, analysis in zip(articles, analyses, strict=True)})


def _key(article: Article, context: AnalysisContext, memory: CheckMemory | None,
         article_input: str | None) -> str:
    """The analysis key of ``article``; an unchanged record (the very object the last
    check had, under the same registry) has the key it had then."""
    if memory is not None:
        known = memory.keys.get(id(article))
        if known is not None and known[0] is article and known[1] == context.fingerprint:
            return known[2]
    return context.key(article, article_input)


def _analyse_batch(articles: list[Article]) -> list[ArticleAnalysis]:
    assert _context is not None, "set by AnalysisStream before the workers fork"
    return [analyse_article(article, _context) for article in articles]
