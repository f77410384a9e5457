"""How many processes the build may use, and whether it may fork them.

The check (:mod:`build_tools.analysis_runs`) and the page rendering
(:mod:`build_tools.prerender`) both fork worker processes that inherit the
data they work on; both ask here.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator

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
    release_free_memory()
    try:
        yield
    finally:
        if not already:
            gc.unfreeze()


def release_free_memory() -> None:
    """Give the memory the C allocator holds free back to the system (with glibc; elsewhere
    nothing is done).

    Freed objects leave their memory to the allocator, which keeps it for later: after a
    cold check, about 170 MB of the analyses' transient data at 10,000 articles. A worker
    forked then shares those pages, and the first allocations of either process copy them;
    returned first, they are simply gone. glibc's ``malloc_trim`` returns free memory from
    anywhere in the heap, not only its top."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return None


def lower_priority(pid: int, steps: int) -> int:
    """Lower the scheduling priority (raise the nice value) of process ``pid`` and of every
    process it started, by ``steps``; how many processes were lowered.

    Linux lists a process's children in ``/proc``; elsewhere only ``pid`` is lowered. A
    process that has ended meanwhile, or may not be lowered, is left as it is.
    """
    lowered = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            os.setpriority(os.PRIO_PROCESS, current,
                           os.getpriority(os.PRIO_PROCESS, current) + steps)
            lowered += 1
        except (OSError, AttributeError):  # ended, not permitted, or not on this system
            continue
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as listed:
                    pending += [int(child) for child in listed.read().split()]
            except (OSError, ValueError):
                continue
    return lowered
