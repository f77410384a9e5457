"""Atomic output: a build stopped at any point leaves the previous site whole, and the
next build clears what it left behind."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from conftest import REPO, run_build, wait_until_deleted, write_files

PAUSE_HOOK = '''\
"""Test hook: once MkDocs has written the whole site, say so and wait to be stopped."""
import os
import pathlib
import time


def on_post_build(config, **kwargs):
    pathlib.Path(os.environ["PAUSED_MARKER"]).write_text("paused")
    time.sleep(600)
'''

NEW_ARTICLE = {"corpus/articles/2020/2020-05-06-second.md": """\
    ---
    title: Second report
    outlet: daily-news
    published: "2020-05-06"
    ---
    Jane Roe spoke again.
    """}


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
            if p.is_file()}


def wait_for(condition, what: str, process: subprocess.Popen[str]) -> None:
    """Poll until ``condition()``; fail if the process ends first (no timing assumption
    beyond a generous bound for a very slow machine)."""
    deadline = time.monotonic() + 600
    while not condition():
        if process.poll() is not None:
            raise AssertionError(f"build ended before {what}: {process.stderr.read()}")
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def lock_is_free(site: Path) -> bool:
    """No process (the build, or the MkDocs process it ran) still holds the build lock."""
    with open(site.parent / f".{site.name}.lock", "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(lock, fcntl.LOCK_UN)
        return True


def test_sigterm_midway_leaves_the_previous_site_whole(fixture_project: Path,
                                                       tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(fixture_project, root)
    site = root / "site"
    before = snapshot(site)

    write_files(root, NEW_ARTICLE)
    (root / "pause_hook.py").write_text(PAUSE_HOOK)
    config = (root / "mkdocs.yml").read_text() + "\nhooks:\n  - pause_hook.py\n"
    (root / "mkdocs-paused.yml").write_text(config)
    marker = root / "paused"
    scratch = tmp_path / "tmp"  # the build's temporary folders (its downloads among them)
    scratch.mkdir()
    build = subprocess.Popen(
        [sys.executable, "-m", "build_tools", "build", "-f", "mkdocs-paused.yml", "-d", "site"],
        cwd=root, env=dict(os.environ, NO_MKDOCS_2_WARNING="1", PAUSED_MARKER=str(marker),
                           TMPDIR=str(scratch)),
        stderr=subprocess.PIPE, text=True)
    try:
        wait_for(marker.exists, "the new site was written", build)
        staged = root / ".site.new/articles/2020/2020-05-06-second/index.html"
        assert staged.is_file()  # the new site is complete, only the indexing and swap are left
        assert (root / ".site.fulltext/articles/2020/2020-05-06-second/index.html").is_file()
        build.send_signal(signal.SIGTERM)
        _, stderr = build.communicate(timeout=600)
    finally:
        if build.poll() is None:
            build.kill()
    assert build.returncode == 128 + signal.SIGTERM, stderr
    assert "build interrupted; site was left as it was" in stderr
    assert snapshot(site) == before
    assert not (root / ".site.new").exists()
    assert not (root / ".site.fulltext").exists(), "the full-text documents are not left behind"
    assert lock_is_free(site)  # the MkDocs process was stopped too
    assert list(scratch.iterdir()) == [], "its temporary folders are removed"

    result = run_build(site, root / "mkdocs.yml", root)
    assert result.returncode == 0, result.stderr
    assert (site / "articles/2020/2020-05-06-second/index.html").is_file()
    assert not (root / ".site.fulltext").exists()


def test_leftovers_of_a_killed_build_are_cleared_or_restored(fixture_project: Path,
                                                             tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(fixture_project, root)
    site = root / "site"
    before = snapshot(site)
    # killed after building (a stale staging folder) and between the two renames of a
    # swap without RENAME_EXCHANGE (the site is only in .site.old)
    (root / ".site.new/half").mkdir(parents=True)
    (root / ".site.fulltext/articles/stale").mkdir(parents=True)
    site.rename(root / ".site.old")
    write_files(root, {"corpus/people/broken.md": "---\nname: [\n---\n"})
    failed = run_build(site, root / "mkdocs.yml", root)
    assert failed.returncode != 0
    assert snapshot(site) == before  # restored, even though this build failed
    assert not (root / ".site.new").exists() and not (root / ".site.old").exists()
    assert not (root / ".site.fulltext").exists()
    wait_until_deleted(site)


def swaps(tmp_path: Path, monkeypatch) -> Iterator[Path]:
    """Swap a new site in over an old one in ``tmp_path``, with the rename exchange, then
    without; yields the site after each swap (the caller makes room for the next)."""
    from build_tools import publish

    site = tmp_path / "site"
    for exchange in (True, False):
        if not exchange:
            monkeypatch.setattr(publish, "_exchange", lambda first, second: False)
        write_files(tmp_path, {"site/old.html": "old", ".site.new/new.html": "new"})
        publish.swap_in(tmp_path / ".site.new", site)
        yield site


def test_swap_replaces_the_site_whole_with_or_without_rename_exchange(tmp_path: Path,
                                                                       monkeypatch) -> None:
    for site in swaps(tmp_path, monkeypatch):
        assert sorted(p.name for p in site.iterdir()) == ["new.html"]
        assert sorted(p.name for p in tmp_path.iterdir()
                      if not p.name.startswith(".site.trash-")) == ["site"]
        wait_until_deleted(site)
        (site / "new.html").rename(site / "old.html")


def test_the_previous_site_is_deleted_by_a_process_that_stop_signals_reach(
        tmp_path: Path, monkeypatch) -> None:
    """The swap holds stop signals back; a deleter started meanwhile would inherit that
    (a signal mask survives exec) and ignore SIGTERM."""
    from build_tools import publish

    masks = []

    def remove_detached(folder: Path) -> None:
        masks.append(signal.pthread_sigmask(signal.SIG_BLOCK, set()))
        shutil.rmtree(folder)

    monkeypatch.setattr(publish, "_remove_detached", remove_detached)
    for site in swaps(tmp_path, monkeypatch):
        assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
        shutil.rmtree(site)
    assert len(masks) == 2
    assert all(signal.SIGTERM not in mask and signal.SIGINT not in mask for mask in masks)


def test_a_discarded_folder_is_gone_at_once_and_deleted_in_the_background(
        tmp_path: Path) -> None:
    from build_tools import publish

    site = tmp_path / "site"
    write_files(tmp_path, {f"documents/{n}/index.html": "x" for n in range(50)})
    publish.discard(tmp_path / "documents", site)
    assert not (tmp_path / "documents").exists()
    wait_until_deleted(site)
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    publish.discard(tmp_path / "missing", site)  # nothing to do


def test_the_next_build_deletes_what_an_interrupted_deletion_left(tmp_path: Path) -> None:
    from build_tools import publish

    site = tmp_path / "site"
    write_files(tmp_path, {"site/index.html": "kept", ".site.trash-1-0/a/b.html": "stale",
                           ".site.trash-2-5/c.html": "stale"})
    publish.recover(site)
    wait_until_deleted(site)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == \
        ["site", "site/index.html"]


def test_a_forked_worker_dies_on_sigterm_as_by_default() -> None:
    """The build's SIGTERM handler unwinds the MkDocs process; a worker it forks must die
    on SIGTERM at once, which is how a process pool stops its workers (a worker unwinding
    instead could wait for ever on a lock of the pool's queue, and its parent on it)."""
    script = """
import multiprocessing, os, signal, sys, time
from build_tools import plugin
plugin._stopping_pid = os.getpid()
signal.signal(signal.SIGTERM, plugin._stop)
lock = multiprocessing.get_context("fork").Lock()
lock.acquire()
child = multiprocessing.get_context("fork").Process(target=lock.acquire)  # blocks
child.start()
time.sleep(0.5)
child.terminate()  # SIGTERM
child.join(20)
print(child.exitcode)
try:
    os.kill(os.getpid(), signal.SIGTERM)  # the process that set the handler unwinds
    time.sleep(5)
except KeyboardInterrupt:
    print("unwound")
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=60, cwd=REPO)
    assert result.stdout.split() == [str(-signal.SIGTERM), "unwound"], result.stderr
