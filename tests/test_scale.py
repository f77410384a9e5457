"""What keeps the build linear in the size of the corpus, checked on a generated corpus."""

from __future__ import annotations

import posixpath
import time
from pathlib import Path

import pytest

from build_tools import bodies, prerender
from build_tools.fulltext_input import READY, DocumentWriter, write_documents
from build_tools.pages import build_pages
from build_tools.pipeline import check_corpus, plan_site
from build_tools.registry import EntityRef
from build_tools.synthetic import generate_corpus
from build_tools.urls import LinksFrom, relative_url


def test_entity_articles_are_the_archive_order_restricted_to_the_entity(tmp_path: Path) -> None:
    generate_corpus(tmp_path / "corpus", articles=120, seed=11)
    archive = check_corpus(tmp_path / "corpus", tmp_path).archive
    checked = 0
    for entity in archive.corpus.all_entities():
        ref = EntityRef(entity.TYPE, entity.id)
        involved = archive.involvement.get(ref, {})
        expected = [(a, involved[a.id]) for a in archive.articles if a.id in involved]
        assert archive.articles_of(ref) == expected
        checked += bool(expected)
    assert checked > 40


def test_each_body_is_parsed_once_during_check(tmp_path: Path, monkeypatch) -> None:
    """Problems, plain text and mentions of a body all come from one parse."""
    generate_corpus(tmp_path / "corpus", articles=10, seed=12)
    parsed: list[str] = []
    original = bodies.parse

    def counting(body: str):  # type: ignore[no-untyped-def]
        parsed.append(body)
        return original(body)

    monkeypatch.setattr(bodies, "parse", counting)
    archive = check_corpus(tmp_path / "corpus", tmp_path).archive
    articles = archive.corpus.articles.values()
    assert sorted(parsed[-len(articles):]) == sorted(a.body for a in articles)
    assert len([b for b in parsed if b in {a.body for a in articles}]) == len(articles)
    for article in articles:
        assert archive.plain_text[article.id] == bodies.plain_text(original(article.body))
        assert "*" not in archive.plain_text[article.id] and archive.plain_text[article.id].strip()


def test_quotes_are_still_checked_against_the_text(tmp_path: Path) -> None:
    generate_corpus(tmp_path / "corpus", articles=10, seed=12)
    path = next(p for p in sorted((tmp_path / "corpus" / "articles").glob("*/*.md"))
                if "\nquotes:\n" in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  text: ", "  text: Words nobody wrote, ", 1),
                    encoding="utf-8")
    codes = [d.code for d in check_corpus(tmp_path / "corpus", tmp_path).diagnostics]
    assert codes == ["quote-not-in-body"]


def _relpath_reference(target: str, from_page: str) -> str:
    """The former implementation on posixpath.relpath."""
    target_path, hash_, fragment = target.partition("#")
    if not target_path and hash_:
        return f"#{fragment}"
    rel = posixpath.relpath(target_path.rstrip("/") or ".", from_page.rstrip("/") or ".")
    if rel == ".":
        rel = "./"
    elif target_path.endswith("/") or not target_path:
        rel += "/"
    return rel + (f"#{fragment}" if hash_ else "")


def test_relative_urls_match_posixpath_on_every_kind_of_site_path(tmp_path: Path) -> None:
    generate_corpus(tmp_path / "corpus", articles=30, seed=13)
    archive = check_corpus(tmp_path / "corpus", tmp_path).archive
    paths = [spec.path for spec in build_pages(archive)]
    targets = paths + ["#quotes", "articles/2020/x/#q-a-1", "feed.xml", "people/x/feed.xml",
                       "data/corpus.json", "search/", "archive/2020/"]
    for from_page in paths:
        for target in targets:
            assert relative_url(target, from_page) == _relpath_reference(target, from_page), \
                (target, from_page)


def test_links_from_one_page_are_its_relative_urls(tmp_path: Path) -> None:
    """The per-page shortcut (links leaving the page's section) changes no link."""
    generate_corpus(tmp_path / "corpus", articles=30, seed=13)
    archive = check_corpus(tmp_path / "corpus", tmp_path).archive
    paths = [spec.path for spec in build_pages(archive)]
    odd = ["", "#quotes", "people", "people#x", "people/", "/people/x/", "a//b/", "feed.xml",
           "articles/2020/x/#q-a-1", "data/corpus.json.gz", "tags/x/page/2/"]
    shortcuts = 0
    for from_page in paths:
        links = LinksFrom(from_page)
        for target in paths + odd + paths[:5]:  # some twice: remembered answers too
            assert links(target) == relative_url(target, from_page), (target, from_page)
        shortcuts += links(paths[-1]).startswith("../")
    assert shortcuts > len(paths) / 2


def test_pages_rendered_by_workers_are_the_pages_rendered_here(tmp_path: Path) -> None:
    """Rendering ahead on other cores changes when a page is rendered, never its bytes."""
    if not prerender.can_fork():
        pytest.skip("worker processes are only forked on Linux")
    generate_corpus(tmp_path / "corpus", articles=40, seed=5)
    site = plan_site(check_corpus(tmp_path / "corpus", tmp_path).archive)
    queue = prerender.PageQueue(site.renderer, site.pages, workers=1, min_pages=0)
    try:
        assert queue.parallel
        # Asked for out of order, and one page twice (the second time it is rendered here).
        specs = site.pages[::-1] + site.pages[:1]
        rendered = [queue.html(spec) for spec in specs]
    finally:
        queue.close()
    assert rendered == [site.renderer.render(spec) for spec in specs]
    assert len(set(rendered)) == len(site.pages)


_RENDER_CHUNK = prerender._render_chunk


def _slow_chunk(bounds: tuple[int, int]) -> list[str]:
    time.sleep(0.3)
    return _RENDER_CHUNK(bounds)


def test_the_caller_renders_the_chunks_no_worker_has_started(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers slower than the caller: rather than wait, the caller renders chunks that no
    worker has taken up; every page is the same, and each is rendered once."""
    if not prerender.can_fork():
        pytest.skip("worker processes are only forked on Linux")
    generate_corpus(tmp_path / "corpus", articles=40, seed=5)
    site = plan_site(check_corpus(tmp_path / "corpus", tmp_path).archive)
    monkeypatch.setattr(prerender, "CHUNK", 5)
    here: list[int] = []
    render_here = prerender.PageQueue._render_here
    monkeypatch.setattr(prerender.PageQueue, "_render_here",
                        lambda queue, number: here.append(number) or render_here(queue, number))
    monkeypatch.setattr(prerender, "_render_chunk", _slow_chunk)  # (the worker forks with it)
    queue = prerender.PageQueue(site.renderer, site.pages, workers=1, min_pages=0)
    try:
        assert queue.parallel
        rendered = [queue.html(spec) for spec in site.pages]
    finally:
        queue.close()
    assert rendered == [site.renderer.render(spec) for spec in site.pages]
    chunks = -(-len(site.pages) // 5)
    assert 0 < len(here) < chunks and len(set(here)) == len(here)


def test_a_worker_writes_the_fulltext_documents_the_core_writes(tmp_path: Path) -> None:
    """The documents a worker writes before the pages are those written in one pass
    without MkDocs: one per article, nothing for other pages; the ready mark comes last."""
    if not prerender.can_fork():
        pytest.skip("worker processes are only forked on Linux")
    generate_corpus(tmp_path / "corpus", articles=40, seed=5)
    site = plan_site(check_corpus(tmp_path / "corpus", tmp_path).archive)
    writer = DocumentWriter(site.renderer, tmp_path / "workers", "en")
    queue = prerender.PageQueue(site.renderer, site.pages, workers=2, min_pages=0,
                                before=writer.write_all)
    try:
        assert queue.parallel
        queue.wait_before()
        assert writer.missing() == []  # before any page was asked for
        for spec in site.pages:
            queue.html(spec)
    finally:
        queue.close()
    assert write_documents(site.renderer, tmp_path / "here", "en") == 40
    written = {p.relative_to(tmp_path / "workers"): p.read_bytes()
               for p in (tmp_path / "workers").rglob("*") if p.is_file()}
    assert written == {p.relative_to(tmp_path / "here"): p.read_bytes()
                       for p in (tmp_path / "here").rglob("*") if p.is_file()}
    assert len(written) == 41 and written[Path(READY)] == b""
    ready = (tmp_path / "here" / READY).stat().st_mtime_ns
    assert all(p.stat().st_mtime_ns <= ready for p in (tmp_path / "here").rglob("*.html"))


def test_an_error_in_the_work_before_the_pages_reaches_the_caller(tmp_path: Path) -> None:
    generate_corpus(tmp_path / "corpus", articles=5, seed=5)
    site = plan_site(check_corpus(tmp_path / "corpus", tmp_path).archive)

    def fail() -> None:
        raise OSError("disk full writing the documents")

    if prerender.can_fork():
        queue = prerender.PageQueue(site.renderer, site.pages, workers=2, min_pages=0,
                                    before=fail)
        try:
            assert queue.parallel
            assert queue.html(site.pages[0]) == site.renderer.render(site.pages[0])
            with pytest.raises(OSError, match="disk full"):
                queue.wait_before()
        finally:
            queue.close()
    with pytest.raises(OSError, match="disk full"):  # without workers: at once
        prerender.PageQueue(site.renderer, site.pages, workers=0, before=fail)


def test_small_sites_and_one_core_render_in_the_calling_process(tmp_path: Path) -> None:
    generate_corpus(tmp_path / "corpus", articles=5, seed=5)
    site = plan_site(check_corpus(tmp_path / "corpus", tmp_path).archive)
    for queue in (prerender.PageQueue(site.renderer, site.pages, workers=2),
                  prerender.PageQueue(site.renderer, site.pages, workers=0, min_pages=0)):
        assert not queue.parallel
        assert queue.html(site.pages[0]) == site.renderer.render(site.pages[0])
        queue.close()
