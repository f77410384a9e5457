"""`make bench`: a 200-article smoke run keeps the benchmark working (no timing thresholds)."""

from __future__ import annotations

import shutil
import sys
import threading
from pathlib import Path

import pytest

from build_tools.bench import (
    ARCHIVE,
    BASELINE,
    Measurement,
    format_table,
    parse_indexing_report,
    run_bench,
    run_measured,
    wait_for_deletions,
    write_baseline,
)
from build_tools.cli import main
from build_tools.fulltext import IndexReport
from build_tools.synthetic import write_site

ROWS = [
    "full build (s)",
    "full-text indexing, during the build (s)",
    "of which after the pages were written (s)",
    "full build CPU time (s)",
    "full build, warm check cache, one article edited (s)",
    "full build, warm check cache, one article edited, CPU time (s)",
    "ms per article",
    "peak memory, largest process (MB)",
    "peak memory, all build processes together, without indexing (MB)",
    "full-text indexing peak memory (MB)",
    "site size (MB)",
    "pages (HTML files)",
    "average page (KB)",
    "make check (s)",
    "make check CPU time (s)",
    "make check, warm cache, one article edited (s)",
    "make check, warm cache, one article edited, CPU time (s)",
    "search index pagefind/ (MB)",
    "search index search/ (MB)",
    "rebuild after editing one article (s)",
    "rebuild CPU time (s)",
]


def _parse(table: str) -> tuple[list[str], dict[str, list[str]]]:
    lines = [line for line in table.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    assert set(lines[1].replace("|", "").split()) == {"---"}
    rows = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        assert len(cells) == len(header), line
        rows[cells[0]] = cells[1:]
    return header, rows


def _number(cell: str) -> float:
    return float(cell.rstrip("×").replace(",", ""))


def test_smoke_run_at_200_articles_gives_every_figure(tmp_path: Path) -> None:
    table = run_bench([200], runs=1, seed=2, work_dir=tmp_path)
    header, rows = _parse(table)
    assert header == ["figure", "200: archive", "200: plain Material", "200: ratio"]
    assert list(rows) == ROWS
    for label, (ours, base, ratio) in rows.items():
        if label == "rebuild CPU time (s)" and not Path("/proc/self/stat").exists():
            continue  # read from /proc, which only Linux has
        assert _number(ours) > 0 or label.startswith("of which after the pages"), label
        if (label.startswith("make check") or "pagefind" in label or "full-text" in label
                or "warm check cache" in label or "after the pages" in label):
            # the baseline has no check (nor its cache) and no full-text index
            assert base == ratio == "—"
            continue
        assert _number(base) > 0 and _number(ratio) > 0, label
    # The archive has a page per article and per entity, and the section indexes.
    assert _number(rows["pages (HTML files)"][0]) > 200 + 60
    assert _number(rows["pages (HTML files)"][1]) > 200 + 60
    assert _number(rows["ms per article"][0]) == pytest.approx(
        _number(rows["full build (s)"][0]) * 1000 / 200, rel=0.05, abs=0.1)
    assert list(tmp_path.iterdir()) == []  # generated sites are removed


def _measurement(tool: str, articles: int, scale: float, search: bool = True) -> Measurement:
    return Measurement(tool, articles, build_seconds=[3 * scale, 1 * scale, 2 * scale],
                       cpu_seconds=[scale], peak_bytes=[100_000_000],
                       check_seconds=[0.5] if tool == ARCHIVE else [],
                       check_cpu_seconds=[0.4] if tool == ARCHIVE else [],
                       rebuild_seconds=[scale], rebuild_cpu_seconds=[scale / 2],
                       site_bytes=int(10_000_000 * scale),
                       pages=int(100 * scale), page_bytes=int(1_000_000 * scale),
                       search_bytes={"search/": 2_000_000} if search else {})


def test_table_has_ratios_medians_and_growth_across_sizes() -> None:
    table = format_table([
        (_measurement(ARCHIVE, 10_000, 10), _measurement(BASELINE, 10_000, 20)),
        (_measurement(ARCHIVE, 1_000, 1, search=False), _measurement(BASELINE, 1_000, 2)),
    ])
    header, rows = _parse(table)
    assert header == ["figure", "1,000: archive", "1,000: plain Material", "1,000: ratio",
                      "10,000: archive", "10,000: plain Material", "10,000: ratio",
                      "growth 1,000 → 10,000: archive",
                      "growth 1,000 → 10,000: plain Material"]
    assert rows["full build (s)"] == ["2.0", "4.0", "0.50×", "20.0", "40.0", "0.50×",
                                      "10.00×", "10.00×"]  # medians
    assert rows["ms per article"][:3] == ["2.00", "4.00", "0.50×"]
    assert rows["make check (s)"] == ["0.50", "—", "—", "0.50", "—", "—", "1.00×", "—"]
    assert rows["rebuild CPU time (s)"][:3] == ["0.5", "1.0", "0.50×"]
    # A search index missing from one site is shown as missing, not as zero.
    assert rows["search index search/ (MB)"][:3] == ["—", "2.00", "—"]


def test_baseline_has_the_same_pages_and_texts(tmp_path: Path) -> None:
    write_site(tmp_path / "archive", articles=20, seed=4)
    edited = write_baseline(tmp_path / "archive" / "corpus", tmp_path / "material")
    corpus = tmp_path / "archive" / "corpus"
    docs = tmp_path / "material" / "docs"
    sources = sorted(p.relative_to(corpus) for p in corpus.rglob("*.md"))
    pages = sorted(p.relative_to(docs) for p in docs.rglob("*.md") if p.name != "index.md")
    assert pages == sources
    assert edited.is_file() and edited.parent.parent.name == "articles"
    article = sources[0]
    body = (corpus / article).read_text(encoding="utf-8").split("---\n", 2)[2]
    page = (docs / article).read_text(encoding="utf-8")
    assert page.startswith("# ") and page.endswith(body)
    assert "corpus" not in (tmp_path / "material" / "mkdocs.yml").read_text(encoding="utf-8")


def test_bench_command_rejects_bad_sizes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--sizes", "ten"]) == 2
    assert "sizes are numbers of articles" in capsys.readouterr().err


def test_the_indexing_line_of_a_build_log_is_read() -> None:
    report = IndexReport(pages=1000, words=5678, seconds=12.25, waited_seconds=3.5,
                         cpu_seconds=11.5, peak_memory=300 * 2**20, bundle_bytes=9 * 2**20)
    log = f"INFO    -  Documentation built in 20.1 seconds\n{report.summary()}\nbuilt site\n"
    assert parse_indexing_report(log) == (12.2, 3.5, 300 * 2**20)  # as printed: one decimal
    assert parse_indexing_report("INFO    -  Documentation built in 2 seconds\n") is None


def test_the_memory_of_forked_workers_counts_once_per_shared_page(tmp_path: Path) -> None:
    """A parent touching 100 MB forks a child that shares it: the tree holds ~100 MB, not 200."""
    script = ("import os, time\n"
              "block = bytearray(100 * 2**20)\n"
              "for i in range(0, len(block), 4096): block[i] = 1\n"
              "pid = os.fork()\n"
              "time.sleep(1.0)\n"
              "if pid: os.wait()\n")
    result = run_measured([sys.executable, "-c", script], tmp_path, tmp_path / "log")
    if not result.tree_peak_bytes:
        pytest.skip("no /proc/PID/smaps_rollup here")
    assert 100 * 2**20 < result.tree_peak_bytes < 160 * 2**20


def test_the_next_measured_command_waits_for_the_deletions_a_build_left(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    trash = tmp_path / ".site.trash-1-0"
    (trash / "deep").mkdir(parents=True)
    (trash / "deep" / "page.html").write_text("<p>old</p>", encoding="utf-8")
    deleter = threading.Timer(0.5, shutil.rmtree, (trash,))
    deleter.start()
    try:
        waited = wait_for_deletions(site)
    finally:
        deleter.join()
    assert not trash.exists()
    assert waited >= 0.4
    assert wait_for_deletions(site) < 0.1  # nothing left to wait for
