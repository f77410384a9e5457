"""How many processes the build may use, and whether it may fork them.

The check (:mod:`build_tools.analysis_runs`) and the page rendering
(:mod:`build_tools.prerender`) both fork worker processes that inherit the
data they work on; both ask here.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import sys
from collections.abc import Iterator

JOBS_VARIABLE = "CORPUS_JOBS"
"""Environment variable: the number of processes (``1``: everything in the calling process);
default: the cores this process may use."""


def default_jobs() -> int:
    """Processes to use: :data:`JOBS_VARIABLE` if set, else the cores this process may use."""
    configured = os.environ.get(JOBS_VARIABLE, "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Forked workers share the parent's memory; only Linux forks safely and cheaply here
    (macOS lists "fork", but its system libraries are not fork-safe)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


@contextlib.contextmanager
def frozen_for_fork() -> Iterator[None]:
    """Fork workers inside this block: what they inherit is frozen out of the cycle collector.

    A forked worker shares the parent's memory until it writes to a page of it. The cycle
    collector writes to every object it examines, so a worker collecting would make a
    private copy of the parent's heap (the whole archive) and spend its time walking it;
    frozen objects are never examined. The parent's objects are unfrozen after the block,
    unless they were frozen before it (a one-shot build freezes its archive for good).
    """
    already = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not already:
            gc.unfreeze()
