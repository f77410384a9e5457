"""Putting a built site in place: all of it at once, or nothing.

A build writes into a staging folder beside the site (``.site.new`` for ``site``), and
the full-text documents Pagefind reads into another (``.site.fulltext``, removed once
the site is indexed); only a complete build is swapped in, with one atomic
``renameat2(RENAME_EXCHANGE)`` where Linux offers it (readers never see a missing or
half-replaced ``site/``), else with two renames. Folders a build is done with (the
documents, the previous site) are renamed aside and deleted by a detached process
(:func:`discard`): deleting 10,000 pages took 6 to 13 s, which the build no longer waits
for. Whatever an interrupted build leaves behind — a staging folder, a documents folder,
a retired site, folders still being deleted — the next build clears or restores before
it starts. One build at a time: a lock file beside the site is held by the build and by
the MkDocs process it runs, so even a build whose parent was killed outright is waited
for.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import itertools
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no build lock
    fcntl = None  # type: ignore[assignment]

STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                     if hasattr(signal, name))
"""Signals that stop a build cleanly (Ctrl-C's SIGINT raises KeyboardInterrupt anyway)."""


def staging_dir(site: Path) -> Path:
    """Where the next site is built: ``.site.new`` beside ``site``."""
    return site.parent / f".{site.name}.new"


def retired_dir(site: Path) -> Path:
    """Where the previous site waits during a swap without ``RENAME_EXCHANGE``."""
    return site.parent / f".{site.name}.old"


def fulltext_input_dir(site: Path) -> Path:
    """Where a build writes the full-text documents (:mod:`build_tools.fulltext_input`):
    ``.site.fulltext`` beside ``site``, never inside a site that could be published."""
    return site.parent / f".{site.name}.fulltext"


def discarded_dirs(site: Path) -> list[Path]:
    """Folders :func:`discard` put aside beside ``site`` that are not deleted yet."""
    return sorted(site.parent.glob(f".{site.name}.trash-*"))


_discarded = itertools.count()

_REMOVER = ("import os, shutil, sys\n"
            "if hasattr(os, 'nice'):\n"
            "    os.nice(10)\n"
            "shutil.rmtree(sys.argv[1], ignore_errors=True)\n")
"""The detached process that deletes a discarded folder, at a lower priority than builds."""


def discard(folder: Path, site: Path) -> None:
    """Delete ``folder`` without waiting for it: it is renamed at once to
    ``.site.trash-…`` beside ``site`` (on the same file system, so the rename is instant),
    then deleted by a detached process, which outlives this one. Should that process be
    stopped, the next build's :func:`recover` deletes what is left."""
    if not folder.exists():
        return
    trash = site.parent / f".{site.name}.trash-{os.getpid()}-{next(_discarded)}"
    try:
        folder.rename(trash)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return
    _remove_detached(trash)


def _remove_detached(folder: Path) -> None:
    try:
        # A new session: neither Ctrl-C in the terminal nor the end of this process stops
        # it; it inherits no descriptor (the build lock stays this build's).
        subprocess.Popen([sys.executable, "-c", _REMOVER, str(folder)],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def lock_file(site: Path) -> Path:
    """The lock file of builds of ``site``."""
    return site.parent / f".{site.name}.lock"


class Interrupted(Exception):
    """A stop signal arrived during a build."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"interrupted by signal {signum}")
        self.signum = signum


@contextlib.contextmanager
def exclusive_build(site: Path) -> Iterator[int | None]:
    """Hold the build lock of ``site``; yields its file descriptor (``None`` without locks).

    Pass the descriptor to the builder process: the lock then lasts as long as the
    build really runs, even if this process is killed.
    """
    if fcntl is None:  # pragma: no cover
        yield None
        return
    site.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(lock_file(site), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another build of {site.name} to finish…", file=sys.stderr)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield descriptor
    finally:
        os.close(descriptor)


def recover(site: Path) -> None:
    """Clear what an interrupted build left: a staging folder, a documents folder, a retired
    site (put back first if the site itself is missing: a swap was stopped between its two
    renames), all discarded (see :func:`discard`); and folders discarded before whose
    deletion was stopped (or is still under way: deleting twice is harmless)."""
    retired = retired_dir(site)
    if retired.is_dir() and not site.exists():
        retired.rename(site)
    for leftover in discarded_dirs(site):
        _remove_detached(leftover)
    for folder in (staging_dir(site), fulltext_input_dir(site), retired):
        discard(folder, site)


@contextlib.contextmanager
def stop_signals_raise() -> Iterator[None]:
    """Within: SIGTERM and SIGHUP raise :class:`Interrupted`, so the caller can clean up
    (by default they end the process on the spot)."""

    def stop(signum: int, frame: Any) -> None:
        raise Interrupted(signum)

    previous = {signum: signal.signal(signum, stop) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def run_builder(command: Sequence[str], env: Mapping[str, str], lock: int | None,
                meanwhile: Callable[[int], None] | None = None, interval: float = 0.2) -> int:
    """Run the builder process; if this one is interrupted, stop it first, then re-raise.
    ``meanwhile`` is called with the builder's process id every ``interval`` seconds while
    the builder runs."""
    child = subprocess.Popen(list(command), env=dict(env),
                             pass_fds=(lock,) if lock is not None else ())
    try:
        while meanwhile is not None:
            try:
                return child.wait(timeout=interval)
            except subprocess.TimeoutExpired:
                meanwhile(child.pid)
        return child.wait()
    except BaseException:
        child.terminate()
        try:
            child.wait(timeout=60)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        raise


def swap_in(staging: Path, site: Path) -> None:
    """Replace ``site`` by ``staging`` (a complete build), then discard the previous site
    (see :func:`discard`).

    Stop signals are held back during the renames; they take effect once those are done.
    The previous site is discarded after that: a process started while they are held back
    would keep them blocked (the signal mask survives ``exec``), and the deleter could not
    be stopped. Should a stop come in between, the next build's :func:`recover` discards
    the previous site.
    """
    blockable = hasattr(signal, "pthread_sigmask")
    if blockable:
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {*STOP_SIGNALS, signal.SIGINT})
    previous = None
    try:
        if not site.exists():
            staging.rename(site)
        elif _exchange(staging, site):
            previous = staging  # it now holds the previous site
        else:
            previous = retired_dir(site)
            site.rename(previous)
            staging.rename(site)
    finally:
        if blockable:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
    if previous is not None:
        discard(previous, site)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Exchange two directories in one atomic step (Linux ``renameat2``); ``False`` where
    the system or the file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without it (glibc < 2.28, musl)
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                 _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(first))
