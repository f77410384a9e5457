"""The live preview (`make serve`): a rebuild writes the pages an edit changed, and only those."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from build_tools.affected import affected_pages
from build_tools.bench import free_port
from build_tools.pipeline import check_corpus, plan_site
from tests.conftest import BASE_CORPUS, REPO, copy_project

REPORT = "corpus/articles/2020/2020-05-05-report.md"
SECOND = "corpus/articles/2020/2020-05-06-other.md"


def _site(root: Path):  # type: ignore[no-untyped-def]
    result = check_corpus(root / "corpus", root)
    assert result.ok, [d.format() for d in result.diagnostics]
    return plan_site(result.archive)


def _affected(make_corpus, before: dict[str, str | bytes | None],  # type: ignore[no-untyped-def]
              after: dict[str, str | bytes | None]) -> set[str] | None:
    old = _site(make_corpus(before))
    new = _site(make_corpus(after))
    return affected_pages(old.archive, old.renderer.relations, new.archive,
                          new.renderer.relations)


OTHER = """\
    ---
    title: Another report
    outlet: daily-news
    published: "2020-05-06"
    places: [baghdad]
    ---
    Nothing new in Baghdad.
    """


def test_an_edit_to_the_text_alone_rebuilds_the_article_page(make_corpus) -> None:
    text = BASE_CORPUS[REPORT].replace("in Baghdad.", "in Baghdad. More words.")
    assert _affected(make_corpus, {SECOND: OTHER}, {SECOND: OTHER, REPORT: text}) == {
        "articles/2020/2020-05-05-report/"}


def test_an_edit_to_what_lists_show_rebuilds_every_page_listing_the_article(make_corpus):
    text = BASE_CORPUS[REPORT].replace("title: A report", "title: A better headline")
    pages = _affected(make_corpus, {SECOND: OTHER}, {SECOND: OTHER, REPORT: text})
    assert pages is not None
    assert {"articles/2020/2020-05-05-report/", "people/jane-roe/",
            "organizations/hashd-al-shaabi/", "organizations/daily-news/", "places/baghdad/",
            "events/2020-05-02-attack/", "archive/2020/", "tags/attacks/", "", "people/",
            # shares Baghdad with the edited article: its related articles show the headline
            "articles/2020/2020-05-06-other/"} <= pages
    assert not any(page.startswith("tags/") and page != "tags/attacks/"
                   for page in pages - {"tags/"})


def test_an_entity_edit_or_no_corpus_edit_rebuilds_everything(make_corpus) -> None:
    person = BASE_CORPUS["corpus/people/jane-roe.md"].replace("A spokesperson.", "A speaker.")
    assert _affected(make_corpus, {}, {"corpus/people/jane-roe.md": person}) is None
    assert _affected(make_corpus, {}, {}) is None


# --- the real preview server ----------------------------------------------------------


class _Server:
    """`mkdocs serve --dirty`, as `make serve` runs it, with its log read line by line."""

    def __init__(self, root: Path) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--config-file",
             str(root / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line)
        self.lines.put(None)

    def wait_for(self, marker: str, timeout: float = 120) -> list[str]:
        start = len(self.seen)
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"no '{marker}' from the preview server:\n" + "".join(self.seen))
            if line is None:
                pytest.fail("the preview server stopped:\n" + "".join(self.seen))
            self.seen.append(line)
            if marker in line:
                return self.seen[start:]

    def get(self, path: str) -> str:
        """A served page, without the reload script the server injects (it carries a counter)."""
        url = f"http://127.0.0.1:{self.port}/{path}"
        with urllib.request.urlopen(url, timeout=30) as response:
            return re.sub(r"reload\(\d+, \d+\)", "reload()", response.read().decode("utf-8"))

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _rebuilt(log: list[str]) -> tuple[int, int]:
    match = next(re.search(r"rebuilding (\d+) of (\d+) pages", line) for line in log
                 if "rebuilding" in line)
    assert match is not None
    return int(match[1]), int(match[2])


def test_the_preview_rebuilds_what_an_edit_changed(tmp_path: Path) -> None:
    root = copy_project(tmp_path, "corpus")
    article = next((root / "corpus" / "articles").glob("*/2020-05-05-*.md"))
    page = f"articles/2020/{article.stem}/"
    server = _Server(root)
    try:
        first = server.wait_for("Serving on")
        assert not any("WARNING" in line or "ERROR" in line for line in first), first
        before = server.get(page)
        other = server.get("people/mustafa-al-kadhimi/")

        # The text alone: its page, and no other, is rebuilt (the section indexes and the
        # home page always are: the navigation is titled from them).
        article.write_text(article.read_text(encoding="utf-8")
                           + "\nA sentence written in the preview.\n", encoding="utf-8")
        log = server.wait_for("Reloading browsers")
        assert not any("WARNING" in line or "ERROR" in line for line in log), log
        rebuilt, total = _rebuilt(log)
        assert rebuilt < total / 2
        assert "A sentence written in the preview." not in before
        assert "A sentence written in the preview." in server.get(page)
        assert server.get("people/mustafa-al-kadhimi/") == other  # not rebuilt, still served
        assert "<feed" in server.get("feed.xml")  # kept from the first build

        # The headline: every page listing the article shows the new one.
        text = article.read_text(encoding="utf-8")
        title = re.search(r"^title: (.*)$", text, re.M)
        assert title is not None
        article.write_text(text.replace(title[0], "title: A headline edited in the preview"),
                           encoding="utf-8")
        server.wait_for("Reloading browsers")
        assert "A headline edited in the preview" in server.get("people/mustafa-al-kadhimi/")
        assert "A headline edited in the preview" in server.get("archive/2020/")
        # The header search index still has the hand-written pages and every generated one.
        index = json.loads(server.get("search/search_index.json"))
        locations = {doc["location"] for doc in index["docs"]}
        assert "about/" in locations and page in locations
        assert any("A headline edited in the preview" in doc["title"] for doc in index["docs"])
    finally:
        server.stop()


def test_make_serve_runs_the_dirty_preview() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "mkdocs serve --dirty" in makefile
