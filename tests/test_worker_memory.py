"""The page-rendering workers share the parent's memory as long as they can and stop as soon
as they have nothing left to give."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from build_tools import prerender
from build_tools.pipeline import check_corpus, plan_site
from build_tools.synthetic import generate_corpus


def _frozen_objects(bounds: tuple[int, int]) -> list[str]:
    """Stands in for the workers' rendering of a slice of the pages: what a worker's garbage
    collector leaves alone."""
    return [f"{os.getpid()} {gc.get_freeze_count()}" for _ in range(*bounds)]


@pytest.fixture
def site(tmp_path: Path):  # type: ignore[no-untyped-def]
    if not prerender.can_fork():
        pytest.skip("worker processes are only forked on Linux")
    generate_corpus(tmp_path / "corpus", articles=30, seed=3)
    return plan_site(check_corpus(tmp_path / "corpus", tmp_path).archive)


def test_workers_inherit_the_parent_objects_frozen_and_the_parent_does_not(
        site, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(prerender, "_render_chunk", _frozen_objects)
    queue = prerender.PageQueue(site.renderer, site.pages, workers=2, min_pages=0)
    try:
        assert gc.get_freeze_count() == 0, "the parent collects its own garbage as before"
        answers = [queue.html(spec) for spec in site.pages]
    finally:
        queue.close()
    # (The pages this process rendered itself while the workers were behind are pages.)
    answers = [answer for answer in answers if answer.split()[0].isdigit()]
    workers = {answer.split()[0] for answer in answers}
    assert workers and str(os.getpid()) not in workers
    # Everything the parent held when it forked (the archive among it) is out of the
    # workers' collections, so collecting never copies those pages of memory.
    assert all(int(answer.split()[1]) > 10_000 for answer in answers), answers[:3]


def test_workers_stop_when_every_page_is_handed_over(site) -> None:  # type: ignore[no-untyped-def]
    queue = prerender.PageQueue(site.renderer, site.pages, workers=2, min_pages=0)
    try:
        assert queue.parallel
        workers = [process.pid for process in queue._pool._processes.values()]  # type: ignore[union-attr]
        assert len(workers) == 2
        rendered = [queue.html(spec) for spec in site.pages[:-1]]
        assert queue.parallel, "one page is still to come"
        rendered.append(queue.html(site.pages[-1]))
        assert not queue.parallel
        for pid in workers:
            assert not Path(f"/proc/{pid}").exists(), "a worker outlived its last page"
        # A page asked for again is rendered here.
        assert queue.html(site.pages[0]) == rendered[0]
    finally:
        queue.close()
    assert rendered == [site.renderer.render(spec) for spec in site.pages]
