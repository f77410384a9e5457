"""Analysing many articles: from the cache where possible, else in a pool of processes.

Each article's analysis is independent of every other (see
:mod:`build_tools.article_analysis`), so the articles not found in the cache
are split into contiguous chunks and analysed by forked worker processes;
results come back in the articles' order, so diagnostics and the archive are
the same as in a serial run. Small batches run serially: starting processes
costs more than it saves, and tests stay quick.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Sequence

from .analysis_cache import AnalysisCache
from .article_analysis import AnalysisContext, ArticleAnalysis, analyse_article
from .check_memory import CheckMemory
from .cores import can_fork, default_jobs, frozen_for_fork
from .diagnostics import Diagnostic
from .model import Article

PARALLEL_FROM = 200
"""Fewer articles to analyse than this are analysed in this process."""
CHUNKS_PER_JOB = 8
"""Chunks per process: enough to even out slow and fast chunks, few enough to cost nothing."""

_work: tuple[Sequence[Article], AnalysisContext] | None = None
"""What forked workers analyse: set before the pool starts, inherited by fork."""


def analyse_articles(articles: Sequence[Article], context: AnalysisContext,
                     cache: AnalysisCache | None = None,
                     jobs: int | None = None,
                     memory: CheckMemory | None = None,
                     inputs: dict[str, str] | None = None) -> list[ArticleAnalysis]:
    """The analysis of each article, in order. ``cache``: reuse and store analyses;
    ``jobs``: processes (default :func:`default_jobs`; parallel only from
    :data:`PARALLEL_FROM` articles to analyse, and only where processes can fork);
    ``memory``: the analyses of the last check in this process, looked up before the
    cache (see :mod:`build_tools.check_memory`); ``inputs``: article path -> its
    :func:`~build_tools.article_analysis.analysis_input`, where known."""
    keyed = cache is not None or memory is not None
    inputs = inputs or {}
    keys = [_key(article, context, memory, inputs.get(article.path))
            for article in articles] if keyed else []
    found = dict(memory.analyses) if memory is not None else {}
    if cache is not None:
        found.update(cache.get_many([key for key in keys if key not in found]))
    results: list[ArticleAnalysis | None] = [found.get(key) for key in keys] if keys else \
        [None] * len(articles)
    todo = [index for index, result in enumerate(results) if result is None]
    computed = _analyse([articles[i] for i in todo], context,
                        default_jobs() if jobs is None else jobs, cache,
                        lambda start, part: _store(cache, keys, todo, start, part))
    for index, analysis in zip(todo, computed, strict=True):
        results[index] = analysis
    if cache is not None:
        if memory is None or not memory.analyses:
            # (a preview's re-check leaves the stale entries, one per edit, to the next check)
            cache.keep_only(keys)
    analyses = [result for result in results if result is not None]
    if memory is not None:
        memory.analyses = dict(zip(keys, analyses, strict=True))
        memory.keys = {id(article): (article, context.fingerprint, key)
                       for article, key in zip(articles, keys, strict=True)}
    return analyses


def article_diagnostics(articles: Sequence[Article], context: AnalysisContext,
                        cache: AnalysisCache | None = None,
                        jobs: int | None = None,
                        inputs: dict[str, str] | None = None) -> list[tuple[Diagnostic, ...]]:
    """The diagnostics of each article's analysis, in order: those of
    :func:`analyse_articles`, for a check that reports and builds nothing.

    A cached article's diagnostics are read without its analysis (at 10,000 articles,
    unpickling every analysis took about a second of a warm ``make check``); articles
    not in the cache are analysed in full, and their analyses stored for the build."""
    if cache is None:
        return [analysis.diagnostics for analysis in analyse_articles(articles, context, None,
                                                                      jobs)]
    inputs = inputs or {}
    keys = [context.key(article, inputs.get(article.path)) for article in articles]
    found = cache.diagnostics_many(keys)
    todo = [index for index, key in enumerate(keys) if key not in found]
    computed = _analyse([articles[i] for i in todo], context,
                        default_jobs() if jobs is None else jobs, cache,
                        lambda start, part: _store(cache, keys, todo, start, part))
    cache.keep_only(keys)
    found.update((keys[i], analysis.diagnostics) for i, analysis in zip(todo, computed,
                                                                         strict=True))
    return [found[key] for key in keys]


def _key(article: Article, context: AnalysisContext, memory: CheckMemory | None,
         article_input: str | None) -> str:
    """The analysis key of ``article``; an unchanged record (the very object the last
    check had, under the same registry) has the key it had then."""
    if memory is not None:
        known = memory.keys.get(id(article))
        if known is not None and known[0] is article and known[1] == context.fingerprint:
            return known[2]
    return context.key(article, article_input)


def _store(cache: AnalysisCache | None, keys: Sequence[str], todo: Sequence[int], start: int,
           part: Sequence[ArticleAnalysis]) -> None:
    """Store the analyses of ``part``: those of the articles at ``todo[start:]``, in order."""
    if cache is not None and keys:
        cache.put_many({keys[todo[start + offset]]: analysis
                        for offset, analysis in enumerate(part)})


def _analyse(articles: Sequence[Article], context: AnalysisContext, jobs: int,
             cache: AnalysisCache | None = None,
             done: Callable[[int, list[ArticleAnalysis]], None] | None = None,
             ) -> list[ArticleAnalysis]:
    """The analyses of ``articles``; ``done(start, analyses)`` is called with each run of
    them as it is ready, and ``cache``'s pending writes are written meanwhile."""
    jobs = min(jobs, len(articles) // (PARALLEL_FROM // 2) or 1)
    if jobs <= 1 or len(articles) < PARALLEL_FROM or not can_fork():
        analyses = [analyse_article(article, context) for article in articles]
        if done is not None:
            done(0, analyses)
        return analyses
    global _work
    size = -(-len(articles) // (jobs * CHUNKS_PER_JOB))
    chunks = [(start, min(start + size, len(articles)))
              for start in range(0, len(articles), size)]
    _work = (articles, context)
    analyses = []
    try:
        # The parent may have paused the cycle collector (see pipeline.check_corpus); each
        # worker collects its own garbage, never what it inherited (see frozen_for_fork).
        with frozen_for_fork(), \
                multiprocessing.get_context("fork").Pool(jobs, initializer=gc.enable) as pool:
            parts = pool.imap(_analyse_chunk, chunks, chunksize=1)
            # This process only waits for the workers: it writes to the cache meanwhile,
            # what the load left and each chunk's analyses as they come, rather than after.
            if cache is not None:
                cache.write_pending()
            for (start, _end), part in zip(chunks, parts, strict=True):
                if done is not None:
                    done(start, part)
                analyses += part
    finally:
        _work = None
    return analyses


def _analyse_chunk(bounds: tuple[int, int]) -> list[ArticleAnalysis]:
    assert _work is not None, "set by _analyse before the workers fork"
    articles, context = _work
    return [analyse_article(article, context) for article in articles[bounds[0]:bounds[1]]]
