"""The article analyses of a check: parallel, cached and reused by the renderer, with
results identical to one serial, uncached run."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from build_tools import (
    analysis_cache,
    analysis_runs,
    article_analysis,
    bodies,
    check_memory,
    loader,
    overlap,
    schema,
)
from build_tools.analysis_cache import AnalysisCache
from build_tools.check_memory import CheckMemory
from build_tools.pipeline import CheckResult, check_corpus, plan_site
from build_tools.synthetic import generate_corpus

ARTICLES = 40


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A generated corpus in which some bodies have problems, notes and near-spellings."""
    generate_corpus(tmp_path / "corpus", articles=ARTICLES, seed=21)
    paths = sorted((tmp_path / "corpus" / "articles").glob("*/*.md"))
    names = [p.read_text(encoding="utf-8").split("name: ", 1)[1].split("\n", 1)[0]
             for p in sorted((tmp_path / "corpus" / "people").glob("*.md"))]
    # near-spellings are looked for among names sharing a word of four letters or more
    name = next(n for n in names if len(n.split()) >= 2 and len(n.split()[0]) >= 4)
    misspelled = name[:-1] + ("e" if name[-1] != "e" else "a")
    for index, path in enumerate(paths[::5]):
        extra = (f"\n\n<b>raw {index}</b> and a link to [x](javascript:alert(1)).\n\n"
                 f"{misspelled} Jones said \"these are words nobody recorded yet\" "
                 "to reporters.\n")
        path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return tmp_path


def _outcome(result: CheckResult) -> tuple[Any, ...]:
    archive = result.archive
    return (result.diagnostics, archive.plain_text, archive.mentions, archive.body_html,
            archive.shared_text, archive.quote_copies, dict(archive.involvement))


def _count_analyses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    analysed: list[str] = []
    original = article_analysis.analyse_article

    def counting(article, context):  # type: ignore[no-untyped-def]
        analysed.append(article.id)
        return original(article, context)

    monkeypatch.setattr(analysis_runs, "analyse_article", counting)
    return analysed


def test_the_fixture_has_something_to_report(project: Path) -> None:
    codes = {d.code for d in check_corpus(project / "corpus", project, jobs=1).diagnostics}
    assert {"raw-html", "unsafe-link", "candidate-quote", "unknown-name"} <= codes


def test_parallel_analysis_gives_the_serial_results(project: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    serial = _outcome(check_corpus(project / "corpus", project, jobs=1))
    monkeypatch.setattr(analysis_runs, "PARALLEL_FROM", 4)  # fork even for this small corpus
    analysed = _count_analyses(monkeypatch)  # a worker's count is not seen here
    parallel = _outcome(check_corpus(project / "corpus", project, jobs=2))
    assert analysed == []  # every article was analysed in a forked worker
    assert parallel == serial


def test_the_workers_analyse_while_the_articles_are_still_read(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader hands each article to the analyses as it reads it: batches go to the
    workers before the last article is read, and the results are the serial ones."""
    serial = _outcome(check_corpus(project / "corpus", project, jobs=1))
    monkeypatch.setattr(analysis_runs, "PARALLEL_FROM", 4)
    monkeypatch.setattr(analysis_runs, "BATCH", 3)
    read_when_sent: list[int] = []
    send = analysis_runs.AnalysisStream._send

    def counting_send(self: analysis_runs.AnalysisStream) -> None:
        read_when_sent.append(len(self._added))
        send(self)

    monkeypatch.setattr(analysis_runs.AnalysisStream, "_send", counting_send)
    analysed = _count_analyses(monkeypatch)
    streamed = _outcome(check_corpus(project / "corpus", project, jobs=2,
                                     cache_dir=project / ".cache"))
    assert analysed == []
    assert read_when_sent[0] == 4  # the workers started when 4 articles were read
    assert sum(1 for read in read_when_sent if read < ARTICLES) >= ARTICLES // 3 - 2
    assert streamed == serial


def test_an_analysis_that_fails_in_a_worker_fails_the_check_and_stops_the_workers(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(analysis_runs, "PARALLEL_FROM", 4)
    original = article_analysis.analyse_article
    last = max((project / "corpus" / "articles").glob("*/*.md")).name

    def failing(article, context):  # type: ignore[no-untyped-def]
        if article.path.endswith(last):
            raise RuntimeError("analysis failed")
        return original(article, context)

    monkeypatch.setattr(analysis_runs, "analyse_article", failing)
    pools: list[Any] = []
    start = analysis_runs.AnalysisStream._start_pool

    def keeping(self: analysis_runs.AnalysisStream) -> None:
        start(self)
        pools.append(self._pool)

    monkeypatch.setattr(analysis_runs.AnalysisStream, "_start_pool", keeping)
    with pytest.raises(RuntimeError, match="analysis failed"):
        check_corpus(project / "corpus", project, jobs=2)
    assert pools and all(not process.is_alive() for process in pools[0]._pool)


def test_a_parallel_cold_check_fills_the_cache_for_a_warm_one(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The forked workers' analyses are stored chunk by chunk, and the loaded files while
    they work (AnalysisCache.write_pending): all of it reaches the cache."""
    serial = _outcome(check_corpus(project / "corpus", project, jobs=1))
    monkeypatch.setattr(analysis_runs, "PARALLEL_FROM", 4)
    cold = _outcome(check_corpus(project / "corpus", project, jobs=2,
                                 cache_dir=project / ".cache"))
    analysed = _count_analyses(monkeypatch)
    cache = AnalysisCache(project / ".cache")
    warm = _outcome(check_corpus(project / "corpus", project, jobs=1,
                                 cache_dir=project / ".cache"))
    assert analysed == []  # every analysis came from the cache (a miss is counted here)
    assert cold == warm == serial
    stored = sqlite3.connect(cache.path).execute("SELECT count(*) FROM files").fetchone()[0]
    assert stored == len(list((project / "corpus").rglob("*.md")))  # every file's record


def test_a_warm_check_reuses_every_analysis_and_reports_the_same(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    uncached = _outcome(check_corpus(project / "corpus", project, jobs=1))
    analysed = _count_analyses(monkeypatch)
    cold = _outcome(check_corpus(project / "corpus", project, cache_dir=project / ".cache"))
    assert len(analysed) == ARTICLES
    warm = _outcome(check_corpus(project / "corpus", project, cache_dir=project / ".cache"))
    assert len(analysed) == ARTICLES  # nothing analysed again
    assert cold == warm == uncached


def test_editing_an_article_analyses_only_that_article(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check_corpus(project / "corpus", project, cache_dir=project / ".cache")
    path = sorted((project / "corpus" / "articles").glob("*/*.md"))[3]
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more <i>line</i>.\n",
                    encoding="utf-8")
    analysed = _count_analyses(monkeypatch)
    warm = check_corpus(project / "corpus", project, cache_dir=project / ".cache")
    assert analysed == [path.stem]
    assert _outcome(warm) == _outcome(check_corpus(project / "corpus", project, jobs=1))
    assert any(d.path.endswith(path.name) and d.code == "raw-html" for d in warm.diagnostics)


def test_editing_an_entity_invalidates_the_analyses(project: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    before = check_corpus(project / "corpus", project, cache_dir=project / ".cache")
    # The misspelling the fixture planted becomes a registered alias: every body may now
    # link it, so no analysis made under the old registry may be reused.
    warning = next(d for d in before.diagnostics if d.code == "unknown-name")
    printed = warning.message.split("'")[1]
    entity_file = project / warning.message.split("aliases in ")[1]
    text = entity_file.read_text(encoding="utf-8")
    entity_file.write_text(text.replace("aliases:\n", f"aliases:\n- {printed}\n", 1),
                           encoding="utf-8")
    analysed = _count_analyses(monkeypatch)
    after = check_corpus(project / "corpus", project, cache_dir=project / ".cache")
    assert len(analysed) == ARTICLES
    assert "unknown-name" not in {d.code for d in after.diagnostics if printed in d.message}
    assert _outcome(after) == _outcome(check_corpus(project / "corpus", project, jobs=1))


def test_a_corrupt_cache_changes_nothing(project: Path) -> None:
    expected = _outcome(check_corpus(project / "corpus", project, jobs=1))
    cache_dir = project / ".cache"
    check_corpus(project / "corpus", project, cache_dir=cache_dir)
    database = cache_dir / AnalysisCache.FILE
    with sqlite3.connect(database) as db:  # damaged entries: flipped bytes, bad pickles
        keys = [row[0] for row in db.execute("SELECT key FROM analysis ORDER BY key")]
        db.execute("UPDATE analysis SET value = substr(value, 1, 40) || x'00' || "
                   "substr(value, 42) WHERE key = ?", (keys[0],))
        db.execute("UPDATE analysis SET value = x'80049500', crc = 0 WHERE key = ?", (keys[1],))
        db.execute("UPDATE files SET value = substr(value, 1, 30) || x'00' || "
                   "substr(value, 32)")  # what the loader made of every file
    assert _outcome(check_corpus(project / "corpus", project, cache_dir=cache_dir)) == expected
    database.write_bytes(b"not a database at all" * 100)  # a damaged file
    assert _outcome(check_corpus(project / "corpus", project, cache_dir=cache_dir)) == expected
    assert _outcome(check_corpus(project / "corpus", project, cache_dir=cache_dir)) == expected


def test_a_cache_cut_short_changes_nothing(project: Path) -> None:
    """The cache is written without fsync: a system crash could leave any part of the file
    unwritten. Cut at several points, it is still only a miss."""
    expected = _outcome(check_corpus(project / "corpus", project, jobs=1))
    cache_dir = project / ".cache"
    database = cache_dir / AnalysisCache.FILE
    for fraction in (0.9, 0.5, 0.1):
        check_corpus(project / "corpus", project, cache_dir=cache_dir)  # (whole again)
        whole = database.read_bytes()
        database.write_bytes(whole[:int(len(whole) * fraction)])
        assert _outcome(check_corpus(project / "corpus", project, cache_dir=cache_dir)) == expected


def test_the_article_page_uses_the_analysed_html(project: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The body is not parsed again to render it, and the HTML is what a parse would give."""
    result = check_corpus(project / "corpus", project, jobs=1)
    site = plan_site(result.archive)
    specs = [s for s in site.pages if s.template == "article.html"]
    assert len(specs) == ARTICLES
    parsed: list[str] = []
    original = bodies.parse
    def counting(text: str):  # type: ignore[no-untyped-def]
        parsed.append(text)
        return original(text)

    monkeypatch.setattr(bodies, "parse", counting)
    with_analysis = [site.renderer.render(spec) for spec in specs]
    bodies_parsed = {a.body for a in result.archive.corpus.articles.values()} & set(parsed)
    assert not bodies_parsed
    assert all(result.archive.body_html[s.context["article"].id] in html
               for s, html in zip(specs, with_analysis, strict=True))
    result.archive.body_html.clear()  # the renderer now parses and links each body itself
    assert [site.renderer.render(spec) for spec in specs] == with_analysis


def test_problems_of_a_file_read_from_the_cache_are_still_reported(project: Path) -> None:
    path = sorted((project / "corpus" / "articles").glob("*/*.md"))[7]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\ntitle: ", "\ntitle: Twice\ntitle: ", 1), encoding="utf-8")
    expected = check_corpus(project / "corpus", project, jobs=1).diagnostics
    assert "duplicate-key" in {d.code for d in expected}
    for _run in range(2):  # cold, then warm
        assert check_corpus(project / "corpus", project,
                            cache_dir=project / ".cache").diagnostics == expected


# --- the memory a preview keeps between checks (check_memory.py) ---------------------------


def _count_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Corpus files whose front matter the loader validated (a remembered file is not;
    tags.yml, one small file, is always read)."""
    checked: list[str] = []
    original = schema.FieldChecker.check

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.path.endswith(".md"):
            checked.append(self.path)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(schema.FieldChecker, "check", counting)
    return checked


def test_a_remembered_check_takes_unchanged_files_as_they_were(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = project / "corpus"
    memory = CheckMemory()
    first = _outcome(check_corpus(corpus, project, memory=memory))
    analysed, loaded = _count_analyses(monkeypatch), _count_loads(monkeypatch)
    again = check_corpus(corpus, project, memory=memory)
    assert analysed == [] and loaded == []  # nothing read, validated or analysed again
    assert _outcome(again) == first == _outcome(check_corpus(corpus, project, jobs=1))


def test_each_kind_of_edit_under_a_memory_gives_what_a_fresh_check_gives(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = project / "corpus"
    memory = CheckMemory()
    check_corpus(corpus, project, memory=memory)
    articles = sorted((corpus / "articles").glob("*/*.md"))

    analysed, loaded = _count_analyses(monkeypatch), _count_loads(monkeypatch)
    work: dict[str, list[str]] = {}

    def same_as_fresh() -> CheckResult:
        analysed.clear()
        loaded.clear()
        remembered = check_corpus(corpus, project, memory=memory)
        work.update(analysed=list(analysed), loaded=list(loaded))
        assert _outcome(remembered) == _outcome(check_corpus(corpus, project, jobs=1))
        return remembered

    # a body edit: that article alone is read and analysed again
    articles[3].write_text(articles[3].read_text(encoding="utf-8") + "\nMore <i>text</i>.\n",
                           encoding="utf-8")
    result = same_as_fresh()
    assert work["analysed"] == [articles[3].stem]
    assert work["loaded"] == [f"corpus/articles/{articles[3].parent.name}/{articles[3].name}"]
    assert any(d.code == "raw-html" and d.path.endswith(articles[3].name)
               for d in result.diagnostics)
    # a front-matter error in another file is reported, and stays reported while unchanged
    text = articles[5].read_text(encoding="utf-8")
    articles[5].write_text(text.replace("\ntitle: ", "\ntitle: Twice\ntitle: ", 1),
                           encoding="utf-8")
    for _run in range(2):
        assert "duplicate-key" in {d.code for d in same_as_fresh().diagnostics}
    # a copy of an article under another name: a duplicate id is a cross-file rule
    copy = articles[6].with_name(articles[6].stem + "-copy.md")
    copy.write_text(articles[6].read_text(encoding="utf-8"), encoding="utf-8")
    assert "duplicate-url" in {d.code for d in same_as_fresh().diagnostics}
    copy.unlink()
    articles[0].unlink()  # a deleted article leaves the memory
    same_as_fresh()
    assert not any(path.endswith(articles[0].name) for path in memory.files)
    # an entity edit changes the registry: every analysis is made again
    person = sorted((corpus / "people").glob("*.md"))[0]
    text = person.read_text(encoding="utf-8")
    person.write_text(text.replace("aliases:\n", "aliases:\n- Zebulon Quartermaine\n", 1),
                      encoding="utf-8")
    same_as_fresh()
    assert len(work["analysed"]) == len(articles) - 1


def test_a_remembered_file_is_checked_again_on_another_day(project: Path) -> None:
    """Dates are bounded by today: a file remembered as valid yesterday may not be today."""
    corpus = project / "corpus"
    path = sorted((corpus / "articles").glob("*/*.md"))[2]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\ntitle: ", "\nretrieved: 2031-06-01\ntitle: ", 1),
                    encoding="utf-8")
    memory = CheckMemory()
    later = check_corpus(corpus, project, today=dt.date(2031, 6, 2), memory=memory)
    assert not any(d.path.endswith(path.name) and "future" in d.message
                   for d in later.diagnostics)
    earlier = check_corpus(corpus, project, today=dt.date(2030, 1, 1), memory=memory)
    assert any(d.path.endswith(path.name) and "future" in d.message
               for d in earlier.diagnostics)


def test_a_warm_check_takes_each_unchanged_file_from_the_cache(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, cache_dir = project / "corpus", project / ".cache"
    expected = _outcome(check_corpus(corpus, project, jobs=1))
    check_corpus(corpus, project, cache_dir=cache_dir)
    loaded = _count_loads(monkeypatch)
    assert _outcome(check_corpus(corpus, project, cache_dir=cache_dir)) == expected
    assert loaded == []  # no front matter validated again
    # dates are bounded by today: on another day every file is checked again
    check_corpus(corpus, project, today=dt.date(2031, 1, 1), cache_dir=cache_dir)
    assert len(set(loaded)) == len(list(corpus.glob("*/**/*.md")))


def test_a_preview_keeps_in_the_cache_the_files_it_took_from_memory(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, cache_dir = project / "corpus", project / ".cache"
    memory = CheckMemory()
    for _run in range(2):  # the second check takes every file from memory
        check_corpus(corpus, project, cache_dir=cache_dir, memory=memory)
    loaded = _count_loads(monkeypatch)
    check_corpus(corpus, project, cache_dir=cache_dir)  # `make check` after the preview
    assert loaded == []


# --- cross-file rules from cached per-article work ---------------------------------------


def _front_matter_list_add(path: Path, key: str, item: str) -> None:
    """Add ``item`` (YAML) to the front-matter list ``key`` of a corpus file."""
    text = path.read_text(encoding="utf-8")
    head, body = text[4:].split("\n---\n", 1)
    if f"\n{key}:\n" in f"\n{head}":
        head = f"\n{head}".replace(f"\n{key}:\n", f"\n{key}:\n{item}\n", 1)[1:]
    else:
        head += f"\n{key}:\n{item}"
    path.write_text(f"---\n{head}\n---\n{body}", encoding="utf-8")


def _quoted(path: Path) -> tuple[str, str]:
    """The speaker and text of the first quote of an article file."""
    head = path.read_text(encoding="utf-8").split("\nquotes:\n- by: ", 1)[1]
    by, rest = head.split("\n", 1)
    return by, rest.split("text: ", 1)[1].split("\n", 1)[0]


def test_edits_that_change_cross_file_results_give_what_a_fresh_check_gives(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Quote copies, shared text and the involvement index are made from what is kept of each
    article (its quotes' folded words, its analysis key's input); after every kind of edit a
    warm check (cache) and a preview's re-check (memory) give what a fresh check gives."""
    corpus, cache_dir = project / "corpus", project / ".cache"
    memory = CheckMemory()
    check_corpus(corpus, project, cache_dir=cache_dir)
    check_corpus(corpus, project, memory=memory)
    articles = sorted((corpus / "articles").glob("*/*.md"))
    source = next(p for p in articles if "\nquotes:\n- by: " in p.read_text(encoding="utf-8"))
    copier = next(p for p in articles if p != source)
    sharer = next(p for p in articles if p not in (source, copier))
    formed, inputs = [], []
    original_form, original_input = overlap.quote_form, loader.analysis_input
    monkeypatch.setattr(overlap, "quote_form",
                        lambda text: formed.append(text) or original_form(text))
    monkeypatch.setattr(loader, "analysis_input",
                        lambda article: inputs.append(article.id) or original_input(article))

    def same_as_fresh(edited: int) -> CheckResult:
        formed.clear()
        inputs.clear()
        warm = check_corpus(corpus, project, cache_dir=cache_dir)
        assert formed == []  # every quote's words came with its article's analysis
        assert len(inputs) == edited  # only edited articles' records are hashed
        remembered = check_corpus(corpus, project, memory=memory)
        fresh = _outcome(check_corpus(corpus, project, jobs=1))
        assert _outcome(warm) == _outcome(remembered) == fresh
        return warm

    by, text = _quoted(source)
    # another article quotes the same words: both now list the copy
    copier.write_text(copier.read_text(encoding="utf-8") + f"\n\nShe said: “{text}.”\n",
                      encoding="utf-8")
    _front_matter_list_add(copier, "quotes", f"- by: {by}\n  text: {json.dumps(text)}")
    result = same_as_fresh(edited=1)
    copied = {q.article for copies in result.archive.quote_copies.values() for q in copies}
    assert {source.stem, copier.stem} <= copied
    anchor_of = {q.text: q.anchor for q in result.archive.corpus.articles[copier.stem].quotes}
    # a long passage of one article appended to another: shared text, both ways
    passage = source.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    sharer.write_text(sharer.read_text(encoding="utf-8") + "\n" + passage, encoding="utf-8")
    result = same_as_fresh(edited=1)
    assert source.stem in {s.other for s in result.archive.shared_text[sharer.stem]}
    # an entity named in a body: a new mention, a new entry of the involvement index
    person = sorted((corpus / "people").glob("*.md"))[-1]
    name = person.read_text(encoding="utf-8").split("name: ", 1)[1].split("\n", 1)[0]
    copier.write_text(copier.read_text(encoding="utf-8") + f"\n\nLater {name} spoke.\n",
                      encoding="utf-8")
    result = same_as_fresh(edited=1)
    assert person.stem in {ref.id for ref in result.archive.involved_in[copier.stem]}
    # a new alias of that person: the registry changes, every analysis is made again
    _front_matter_list_add(person, "aliases", "- Zebulon Quartermaine")
    copier.write_text(copier.read_text(encoding="utf-8") + "\nZebulon Quartermaine agreed.\n",
                      encoding="utf-8")
    same_as_fresh(edited=1)  # (an entity's record has no analysis input)
    # the copied quote removed again, then the source article deleted
    text_now = copier.read_text(encoding="utf-8")
    copier.write_text(text_now.replace(f"- by: {by}\n  text: {json.dumps(text)}\n", "", 1),
                      encoding="utf-8")
    result = same_as_fresh(edited=1)
    assert anchor_of[text] not in result.archive.quote_copies
    source.unlink()
    result = same_as_fresh(edited=0)
    assert sharer.stem not in result.archive.shared_text


def test_a_preview_reads_from_the_cache_only_the_files_its_memory_misses(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, cache_dir = project / "corpus", project / ".cache"
    path = sorted((corpus / "articles").glob("*/*.md"))[4]
    memory = CheckMemory()
    check_corpus(corpus, project, cache_dir=cache_dir, memory=memory)
    path.write_text(path.read_text(encoding="utf-8") + "\nAn edit.\n", encoding="utf-8")
    check_corpus(corpus, project, cache_dir=cache_dir)  # `make check` meanwhile: cached
    read_all: list[int] = []
    monkeypatch.setattr(AnalysisCache, "_read_files",
                        lambda self: read_all.append(1) or {})  # type: ignore[func-returns-value]
    loaded = _count_loads(monkeypatch)
    again = check_corpus(corpus, project, cache_dir=cache_dir, memory=memory)
    assert read_all == [] and loaded == []  # the edited file came from the cache on its own
    assert _outcome(again) == _outcome(check_corpus(corpus, project, jobs=1))


# --- a check that only reports (`make check`) ------------------------------------------------


def _count_unpickled_analyses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    read: list[str] = []
    original = analysis_cache._decode

    def counting(crc, value):  # type: ignore[no-untyped-def]
        analysis = original(crc, value)
        if analysis is not None:
            read.append("analysis")
        return analysis

    monkeypatch.setattr(analysis_cache, "_decode", counting)
    return read


def test_a_check_that_only_reports_finds_every_problem_and_reads_no_analysis(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, cache_dir = project / "corpus", project / ".cache"
    articles = sorted((corpus / "articles").glob("*/*.md"))
    # cross-file problems too: a reference to an unknown person, the same url twice
    _front_matter_list_add(articles[1], "people", "- nobody-we-know")
    with_url = [p for p in articles[5:] if "\nurl: " in p.read_text(encoding="utf-8")]
    url = with_url[0].read_text(encoding="utf-8").split("\nurl: ", 1)[1].split("\n", 1)[0]
    text = with_url[1].read_text(encoding="utf-8")
    old_url = text.split("\nurl: ", 1)[1].split("\n", 1)[0]
    with_url[1].write_text(text.replace(old_url, url, 1), encoding="utf-8")

    def both() -> list[Any]:
        expected = check_corpus(corpus, project, jobs=1).diagnostics
        assert {"unknown-reference", "duplicate-url", "raw-html"} <= {d.code for d in expected}
        return expected

    expected = both()
    assert check_corpus(corpus, project, jobs=1, diagnostics_only=True).diagnostics == expected
    analysed = _count_analyses(monkeypatch)
    cold = check_corpus(corpus, project, cache_dir=cache_dir, diagnostics_only=True)
    assert cold.diagnostics == expected and len(analysed) == ARTICLES
    read = _count_unpickled_analyses(monkeypatch)
    warm = check_corpus(corpus, project, cache_dir=cache_dir, diagnostics_only=True)
    assert warm.diagnostics == expected
    assert len(analysed) == ARTICLES and read == []  # only the diagnostics were read back
    # an edit: only that article is analysed; its new problem is reported
    articles[3].write_text(articles[3].read_text(encoding="utf-8") + "\nA <b>bold</b> end.\n",
                           encoding="utf-8")
    expected = both()
    analysed.clear()
    edited = check_corpus(corpus, project, cache_dir=cache_dir, diagnostics_only=True)
    assert analysed == [articles[3].stem]
    assert edited.diagnostics == expected
    assert any(d.path.endswith(articles[3].name) and d.code == "raw-html"
               for d in edited.diagnostics)
    # the build after it finds every analysis in the cache
    full = check_corpus(corpus, project, cache_dir=cache_dir)
    assert analysed == [articles[3].stem]
    assert _outcome(full) == _outcome(check_corpus(corpus, project, jobs=1))


def test_a_reporting_check_reads_whole_analyses_where_their_diagnostics_are_not_apart(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache written before diagnostics were stored apart (or with them damaged) is read
    whole once, and the same problems are reported."""
    corpus, cache_dir = project / "corpus", project / ".cache"
    expected = check_corpus(corpus, project, cache_dir=cache_dir).diagnostics
    with sqlite3.connect(cache_dir / AnalysisCache.FILE) as db:
        keys = [row[0] for row in db.execute("SELECT key FROM diagnostics ORDER BY key")]
        assert len(keys) == ARTICLES
        db.execute("DELETE FROM diagnostics WHERE key IN (?, ?)", keys[:2])
        db.execute("UPDATE diagnostics SET value = x'80049500', crc = 0 WHERE key = ?",
                   (keys[2],))
    analysed, read = _count_analyses(monkeypatch), _count_unpickled_analyses(monkeypatch)
    assert check_corpus(corpus, project, cache_dir=cache_dir,
                        diagnostics_only=True).diagnostics == expected
    assert analysed == [] and len(read) == 3
    read.clear()
    assert check_corpus(corpus, project, cache_dir=cache_dir,
                        diagnostics_only=True).diagnostics == expected
    assert read == []  # stored apart again
    with sqlite3.connect(cache_dir / AnalysisCache.FILE) as db:
        db.execute("DROP TABLE diagnostics")  # a cache of an earlier version
    assert check_corpus(corpus, project, cache_dir=cache_dir,
                        diagnostics_only=True).diagnostics == expected
    assert analysed == []


def test_a_check_that_keeps_its_memory_cannot_only_report(project: Path) -> None:
    with pytest.raises(ValueError, match="whole archive"):
        check_corpus(project / "corpus", project, memory=CheckMemory(), diagnostics_only=True)


def test_a_preview_leaves_stale_entries_to_the_next_full_check(project: Path) -> None:
    """Forgetting every file but the corpus's is a query over the whole cache: a preview's
    re-check skips it, and the next check without a memory forgets what went stale."""
    corpus, cache_dir = project / "corpus", project / ".cache"
    memory = CheckMemory()

    def stored(table: str) -> int:
        with sqlite3.connect(cache_dir / AnalysisCache.FILE) as db:
            return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    check_corpus(corpus, project, cache_dir=cache_dir, memory=memory)
    files, analyses = stored("files"), stored("analysis")
    path = sorted((corpus / "articles").glob("*/*.md"))[2]
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    remembered = check_corpus(corpus, project, cache_dir=cache_dir, memory=memory)
    assert (stored("files"), stored("analysis")) == (files + 1, analyses + 1)
    fresh = check_corpus(corpus, project, cache_dir=cache_dir)
    assert (stored("files"), stored("analysis")) == (files, analyses)
    assert _outcome(remembered) == _outcome(fresh)


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    read: list[str] = []
    original = loader._Loader._bytes

    def counting(self, path, rel):  # type: ignore[no-untyped-def]
        read.append(rel)
        return original(self, path, rel)

    monkeypatch.setattr(loader._Loader, "_bytes", counting)
    return read


def test_a_remembered_check_reads_no_settled_file_whose_status_is_unchanged(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = project / "corpus"
    memory = CheckMemory()
    monkeypatch.setattr(check_memory, "SETTLED_SECONDS", 0)  # every file is settled already
    check_corpus(corpus, project, memory=memory)
    read = _count_reads(monkeypatch)
    again = check_corpus(corpus, project, memory=memory)
    assert read == []
    assert _outcome(again) == _outcome(check_corpus(corpus, project, jobs=1))
    # an edit is read: a new size, or the same size and modification time (set back), which
    # still changes the file's change time
    paths = sorted((corpus / "articles").glob("*/*.md"))
    paths[0].write_text(paths[0].read_text(encoding="utf-8") + "\nA <b>new</b> line.\n",
                        encoding="utf-8")
    before = paths[1].stat()
    text = paths[1].read_text(encoding="utf-8")
    paths[1].write_text(text.replace("a", "e", 1) if "a" in text else text.upper(),
                        encoding="utf-8")
    os.utime(paths[1], ns=(before.st_atime_ns, before.st_mtime_ns))
    assert paths[1].stat().st_size == before.st_size
    read.clear()
    edited = check_corpus(corpus, project, memory=memory)
    assert sorted(read) == sorted(str(p.relative_to(project)) for p in paths[:2])
    assert _outcome(edited) == _outcome(check_corpus(corpus, project, jobs=1))


def test_a_file_modified_just_before_it_was_read_is_read_again(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its status may not change with an edit in the same tick of the clock."""
    corpus = project / "corpus"
    memory = CheckMemory()
    check_corpus(corpus, project, memory=memory)  # every file was written just now
    read = _count_reads(monkeypatch)
    check_corpus(corpus, project, memory=memory)
    assert len(read) == len(list(corpus.glob("*/*.md"))) + len(list(corpus.glob("*/*/*.md")))
