"""The scale benchmark behind ``make bench``.

For each size, it generates a synthetic corpus (:mod:`build_tools.synthetic`),
builds it the way ``make build`` does, and builds the same article and
entity texts with plain Material for MkDocs (plain Markdown pages,
section-only navigation, Material's own search plugin) as the baseline.
Everything runs in subprocesses, one after another, and is measured from
outside:

* wall time of a full build from scratch (no check cache: a first
  deployment), and per article, and its CPU time (steadier than wall time
  when other work shares the machine); and of a build with the check's cache
  filled after one article was edited (a deployment that restores the cache,
  as the deploy workflow does);
* peak memory: the largest resident set of one process of the build, from
  ``wait4`` (the build's subprocesses included); the largest sum over the
  whole process tree (forked workers together; proportional set sizes,
  sampled) without the full-text indexer; and apart from them the time and
  peak memory of the full-text indexing the build reports (it runs while MkDocs
  writes the pages: its whole time, and the part the build waited for it after);
* site size, number of pages and average page size;
* ``make check`` time, wall and CPU (the archive only): from scratch (without
  its cache), and with a warm cache after one article is edited;
* size of each search index the site carries (Material's ``search/``,
  Pagefind's ``pagefind/``);
* the time from saving one article to the end of the rebuild in a running
  preview (what a writer waits for): ``mkdocs serve --dirty`` as ``make
  serve`` runs it for the archive, plain ``mkdocs serve`` for the baseline;
  and the CPU time the server spent on it.

Noisy figures (times and memory) are the median of ``runs`` runs. The
result is one Markdown table with, for each size, the archive, the
baseline and their ratio, and the growth from the smallest to the largest
size.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, NamedTuple

from .publish import discarded_dirs
from .sources import read_source
from .synthetic import SECTION_OF, write_site

SEARCH_DIRS = ("search", "pagefind")
"""Top-level site folders holding a search index, measured when present."""

MB = 1_000_000
"""Sizes are shown in decimal megabytes."""

ARCHIVE = "archive"
BASELINE = "material"
TOOL_LABELS = {ARCHIVE: "archive", BASELINE: "plain Material"}

BASELINE_CONFIG = """\
# Baseline: plain Material for MkDocs on the same texts, section-only navigation.
site_name: Plain Material baseline
site_url: http://localhost:8000/
docs_dir: docs
site_dir: site
use_directory_urls: true
strict: true

theme:
  name: material
  font: false
  language: en
  features:
    - navigation.sections
    - navigation.top
    - search.highlight

extra:
  generator: false

plugins:
  - search

markdown_extensions:
  - toc:
      permalink: true
  - admonition
  - tables

# Pages outside the navigation, as the archive's articles and entities are.
not_in_nav: |
  /articles/**
  /people/**
  /organizations/**
  /places/**
  /events/**

nav:
  - Home: index.md
  - Articles: articles/index.md
  - People: people/index.md
  - Organizations: organizations/index.md
  - Places: places/index.md
  - Events: events/index.md
"""


class BenchError(RuntimeError):
    """A build or preview under measurement failed; the message carries its output."""


@dataclass
class Measurement:
    """Every figure of one tool at one corpus size."""

    tool: str
    articles: int
    build_seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    """User plus system CPU time of each build: steadier than wall time on a shared machine."""
    peak_bytes: list[int] = field(default_factory=list)
    warm_build_seconds: list[float] = field(default_factory=list)
    warm_build_cpu_seconds: list[float] = field(default_factory=list)
    """Full builds with the check's cache filled, after one article was edited (the archive)."""
    tree_peak_bytes: list[int] = field(default_factory=list)
    """Sampled peak of the whole process tree without the indexer (see :class:`TreeMemory`)."""
    check_seconds: list[float] = field(default_factory=list)
    check_cpu_seconds: list[float] = field(default_factory=list)
    check_edited_seconds: list[float] = field(default_factory=list)
    """``make check`` with a warm cache, after editing one article."""
    check_edited_cpu_seconds: list[float] = field(default_factory=list)
    rebuild_seconds: list[float] = field(default_factory=list)
    rebuild_cpu_seconds: list[float] = field(default_factory=list)
    """CPU time the preview server spent on each rebuild (empty where ``/proc`` is missing)."""
    site_bytes: int = 0
    pages: int = 0
    page_bytes: int = 0
    indexing_seconds: list[float] = field(default_factory=list)
    """Full-text indexing within each build, as the build reports it (the archive only)."""
    indexing_waited_seconds: list[float] = field(default_factory=list)
    """Of which after MkDocs had written the pages: what indexing added to the build."""
    indexing_peak_bytes: list[int] = field(default_factory=list)
    search_bytes: dict[str, int] = field(default_factory=dict)
    """Search folder (``search/``, ``pagefind/``) -> bytes."""

    @property
    def build(self) -> float:
        return statistics.median(self.build_seconds)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpu_seconds)

    @property
    def ms_per_article(self) -> float:
        return self.build * 1000 / self.articles

    @property
    def peak(self) -> float:
        return statistics.median(self.peak_bytes)

    @property
    def warm_build(self) -> float | None:
        return _median(self.warm_build_seconds)

    @property
    def warm_build_cpu(self) -> float | None:
        return _median(self.warm_build_cpu_seconds)

    @property
    def tree_peak(self) -> float | None:
        peaks = [peak for peak in self.tree_peak_bytes if peak]
        return _median(peaks)

    @property
    def average_page(self) -> float:
        return self.page_bytes / self.pages if self.pages else 0.0

    @property
    def check(self) -> float | None:
        return _median(self.check_seconds)

    @property
    def check_cpu(self) -> float | None:
        return _median(self.check_cpu_seconds)

    @property
    def check_edited(self) -> float | None:
        return _median(self.check_edited_seconds)

    @property
    def check_edited_cpu(self) -> float | None:
        return _median(self.check_edited_cpu_seconds)

    @property
    def indexing(self) -> float | None:
        return _median(self.indexing_seconds)

    @property
    def indexing_waited(self) -> float | None:
        return _median(self.indexing_waited_seconds)

    @property
    def indexing_peak(self) -> float | None:
        return _median(self.indexing_peak_bytes)

    @property
    def rebuild(self) -> float:
        return statistics.median(self.rebuild_seconds)

    @property
    def rebuild_cpu(self) -> float | None:
        return _median(self.rebuild_cpu_seconds)


def _median(values: Sequence[float]) -> float | None:
    """The median of a figure's runs; ``None`` where it was not measured."""
    return statistics.median(values) if values else None


def progress(message: str) -> None:
    """Progress goes to stderr, so that stdout carries only the table."""
    print(f"bench: {message}", file=sys.stderr, flush=True)


# --- running and measuring processes ---------------------------------------------


@dataclass(frozen=True)
class RunResult:
    seconds: float
    cpu_seconds: float
    """User plus system time of the process and its waited-for descendants."""
    peak_bytes: int
    """Largest resident set of the process and its waited-for descendants."""
    tree_peak_bytes: int = 0
    """Largest sum, sampled, of the memory of the whole process tree except the full-text
    indexer (proportional set size: pages shared by forked workers count once); 0 where
    ``/proc`` does not say."""


INDEXER_NAMES = ("pagefind",)
"""Process names left out of the tree's memory: the indexer is reported apart."""


class TreeMemory:
    """Samples the memory of a process and all its descendants, in a thread.

    ``ru_maxrss`` gives the largest *single* process; a build that forks
    workers uses their sum. Linux tells each process's proportional set size
    (``/proc/PID/smaps_rollup``), in which a page shared by several processes
    counts for a share in each, so the sum is the memory the tree really holds.
    """

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> int:
        """Stop sampling; the largest sum seen, in bytes."""
        self._stop.set()
        self._thread.join()
        return self.peak

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.sample())
            self._stop.wait(self.interval)

    def sample(self) -> int:
        total = 0
        for pid in _descendants(self.pid):
            try:
                name = Path(f"/proc/{pid}/comm").read_text().strip()
                if name.startswith(INDEXER_NAMES):
                    continue
                for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
            except (OSError, ValueError):  # gone meanwhile, or not Linux
                continue
        return total


def _descendants(pid: int) -> list[int]:
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(child) for child in
                               (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return found


def run_measured(command: Sequence[str], cwd: Path, log: Path) -> RunResult:
    """Run ``command`` to completion; its wall time, CPU time and peak memory.

    ``wait4`` reports the CPU time and the maximum resident set of the
    process tree (Linux accumulates waited-for children), so a build that
    runs MkDocs in a subprocess is measured whole. Output goes to ``log``,
    shown on failure.
    """
    with open(log, "wb") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                   env=_environment())
        memory = TreeMemory(process.pid)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        tree_peak = memory.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise BenchError(f"{' '.join(command)} failed with status {process.returncode}:\n"
                         f"{tail}")
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    scale = 1 if sys.platform == "darwin" else 1024
    return RunResult(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * scale,
                     tree_peak)


def wait_for_deletions(site: Path, timeout: float = 600.0) -> float:
    """Wait until the folders a build of ``site`` discarded (its previous site, the
    full-text documents) are deleted; the seconds waited.

    The archive's build leaves them to a detached process (:func:`build_tools.publish.discard`)
    and does not count that work; the next measured command must not pay for it either.
    Deleting about 35,000 files while plain Material wrote its pages slowed Material by
    3-4 s at 10,000 articles (the file system skips recently freed inodes when it allocates
    new ones, at a cost per file).
    """
    started = time.perf_counter()
    while discarded_dirs(site) and time.perf_counter() - started < timeout:
        time.sleep(0.2)
    return time.perf_counter() - started


_INDEXING_REPORT = re.compile(
    r"for full-text search in (?P<seconds>[\d.]+) s \((?P<waited>[\d.]+) s after the pages\), "
    r"peak memory (?P<mib>\d+) MiB")
"""The line ``python -m build_tools build`` prints after indexing the site
(:meth:`build_tools.fulltext.IndexReport.summary`)."""


class IndexingFigures(NamedTuple):
    """The full-text indexing of one build, as its log reports it."""

    seconds: float
    waited_seconds: float
    peak_bytes: int


def parse_indexing_report(log: str) -> IndexingFigures | None:
    """Seconds (in all, and after the pages) and peak bytes of the full-text indexing a
    build log reports, if any.

    The indexer runs inside the build, so the build's peak memory is the
    larger of the two; this keeps the indexer's own figures apart.
    """
    match = _INDEXING_REPORT.search(log)
    if match is None:
        return None
    return IndexingFigures(float(match["seconds"]), float(match["waited"]),
                           int(match["mib"]) * 2**20)


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"  # Material's end-of-life banner
    env.pop("SITE_URL", None)
    return env


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _pump(stream: IO[str], lines: queue.Queue[tuple[float, str | None]]) -> None:
    for line in stream:
        lines.put((time.perf_counter(), line))
    lines.put((time.perf_counter(), None))


def _process_cpu(pid: int) -> float | None:
    """User plus system CPU seconds of a running process, from ``/proc`` (Linux only)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure_rebuilds(site_dir: Path, edited: Path, runs: int, timeout: float,
                     options: Sequence[str] = ()) -> tuple[list[float], list[float]]:
    """Seconds from saving ``edited`` to the end of the rebuild, in a running ``mkdocs serve``,
    and the CPU seconds the server spent on each rebuild (none without ``/proc``).

    The preview server is started once; each run appends a sentence to the
    file and waits for the server's "Reloading browsers", which it logs when
    the rebuilt site is in place.
    """
    command = [sys.executable, "-m", "mkdocs", "serve", *options, "--config-file",
               str(site_dir / "mkdocs.yml"), "--dev-addr", f"127.0.0.1:{free_port()}"]
    process = subprocess.Popen(command, cwd=site_dir, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True, env=_environment())
    assert process.stderr is not None
    lines: queue.Queue[tuple[float, str | None]] = queue.Queue()
    threading.Thread(target=_pump, args=(process.stderr, lines), daemon=True).start()
    seen: list[str] = []

    def wait_for(marker: str) -> float:
        deadline = time.perf_counter() + timeout
        while True:
            try:
                at, line = lines.get(timeout=max(0.0, deadline - time.perf_counter()))
            except queue.Empty:
                raise BenchError(f"mkdocs serve did not log '{marker}' within {timeout:.0f} s:\n"
                                 + "".join(seen[-30:])) from None
            if line is None:
                raise BenchError("mkdocs serve stopped:\n" + "".join(seen[-30:]))
            seen.append(line)
            if marker in line:
                return at

    try:
        wait_for("Serving on")
        times: list[float] = []
        cpu_times: list[float] = []
        for run in range(runs):
            time.sleep(1.0)  # let the watcher settle; an edit is a separate save
            cpu_before = _process_cpu(process.pid)
            with open(edited, "a", encoding="utf-8") as out:
                out.write(f"\nA sentence added for rebuild {run + 1}.\n")
            saved = time.perf_counter()
            times.append(wait_for("Reloading browsers") - saved)
            cpu_after = _process_cpu(process.pid)
            if cpu_before is not None and cpu_after is not None:
                cpu_times.append(cpu_after - cpu_before)
        return times, cpu_times
    finally:
        process.send_signal(signal.SIGINT)  # lets MkDocs remove its temporary site
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- the two sites ---------------------------------------------------------------


def write_baseline(corpus_dir: Path, out_dir: Path) -> Path:
    """Plain Markdown pages with the texts of a corpus, and a Material ``mkdocs.yml``.

    Each article becomes ``docs/articles/<YYYY>/<id>.md`` (its title as the
    heading, then its body), each entity ``docs/<section>/<id>.md`` (name,
    then its description): the same pages, by count and text, as the
    archive, without its metadata, links and lists. Returns the article
    page that :func:`measure_rebuilds` edits.
    """
    docs = out_dir / "docs"
    sections = ["articles", *SECTION_OF.values()]
    for section in sections:
        (docs / section).mkdir(parents=True, exist_ok=True)
        (docs / section / "index.md").write_text(f"# {section.capitalize()}\n", encoding="utf-8")
    (docs / "index.md").write_text("# Plain Material baseline\n", encoding="utf-8")
    articles = sorted((corpus_dir / "articles").glob("*/*.md"))
    for path in articles:
        source = _read(path)
        target = docs / "articles" / path.parent.name / path.name
        target.parent.mkdir(exist_ok=True)
        target.write_text(f"# {source[0]}\n\n{source[1]}", encoding="utf-8")
    for section in SECTION_OF.values():
        for path in sorted((corpus_dir / section).glob("*.md")):
            name, body = _read(path, "name")
            (docs / section / path.name).write_text(f"# {name}\n\n{body}", encoding="utf-8")
    (out_dir / "mkdocs.yml").write_text(BASELINE_CONFIG, encoding="utf-8")
    middle = articles[len(articles) // 2]
    return docs / "articles" / middle.parent.name / middle.name


def _read(path: Path, heading: str = "title") -> tuple[str, str]:
    source, problems = read_source(path.read_bytes(), path.as_posix())
    if source is None or problems:
        raise BenchError(f"{path}: cannot read the generated file")
    return str(source.meta.get(heading, path.stem)), source.body


def _site_sizes(site: Path, measurement: Measurement) -> None:
    total = pages = page_bytes = 0
    for directory, _, names in os.walk(site):
        for name in names:
            size = (Path(directory) / name).stat().st_size
            total += size
            if name.endswith(".html"):
                pages += 1
                page_bytes += size
    measurement.site_bytes, measurement.pages, measurement.page_bytes = total, pages, page_bytes
    for folder in SEARCH_DIRS:
        if (site / folder).is_dir():
            measurement.search_bytes[f"{folder}/"] = sum(
                p.stat().st_size for p in (site / folder).rglob("*") if p.is_file())


# --- one size ----------------------------------------------------------------------


def bench_size(articles: int, runs: int, seed: int, work: Path) -> tuple[Measurement, Measurement]:
    """Measure the archive and the baseline on a generated corpus of ``articles`` articles."""
    label = f"{articles:,}"
    archive_dir, baseline_dir = work / f"{articles}-archive", work / f"{articles}-material"
    progress(f"[{label}] generating the corpus (seed {seed})")
    summary = write_site(archive_dir, articles, seed)
    progress(f"[{label}] {summary.describe()}")
    edited_baseline = write_baseline(archive_dir / "corpus", baseline_dir)
    edited_archive = archive_dir / "corpus" / edited_baseline.relative_to(
        baseline_dir / "docs")

    python = sys.executable
    ours = Measurement(ARCHIVE, articles)
    theirs = Measurement(BASELINE, articles)
    commands = {
        ARCHIVE: [python, "-m", "build_tools", "build", "--config-file",
                  str(archive_dir / "mkdocs.yml"), "--site-dir", str(archive_dir / "site")],
        BASELINE: [python, "-m", "mkdocs", "build", "--strict", "--clean", "--config-file",
                   str(baseline_dir / "mkdocs.yml"), "--site-dir", str(baseline_dir / "site")],
    }
    for run in range(runs):
        # Alternate the two tools so that a burst of load elsewhere hits both alike.
        for measurement, directory in ((ours, archive_dir), (theirs, baseline_dir)):
            # From scratch, as a first deployment: without the check's cache.
            shutil.rmtree(directory / ".cache", ignore_errors=True)
            result = run_measured(commands[measurement.tool], directory,
                                  directory / "build.log")
            wait_for_deletions(directory / "site")
            measurement.build_seconds.append(result.seconds)
            measurement.cpu_seconds.append(result.cpu_seconds)
            measurement.peak_bytes.append(result.peak_bytes)
            measurement.tree_peak_bytes.append(result.tree_peak_bytes)
            indexing = parse_indexing_report(
                (directory / "build.log").read_text(encoding="utf-8", errors="replace"))
            if indexing is not None:
                measurement.indexing_seconds.append(indexing.seconds)
                measurement.indexing_waited_seconds.append(indexing.waited_seconds)
                measurement.indexing_peak_bytes.append(indexing.peak_bytes)
            progress(f"[{label}] {TOOL_LABELS[measurement.tool]} build {run + 1}/{runs}: "
                     f"{result.seconds:.1f} s (CPU {result.cpu_seconds:.1f} s), "
                     f"{result.peak_bytes / MB:.0f} MB")
    for measurement, directory in ((ours, archive_dir), (theirs, baseline_dir)):
        _site_sizes(directory / "site", measurement)
        shutil.rmtree(directory / "site")

    check = [python, "-m", "build_tools", "check", "--corpus", str(archive_dir / "corpus")]
    for _run in range(runs):
        result = run_measured(check + ["--no-cache"], archive_dir, archive_dir / "check.log")
        ours.check_seconds.append(result.seconds)
        ours.check_cpu_seconds.append(result.cpu_seconds)
    progress(f"[{label}] make check: {ours.check:.1f} s (CPU {ours.check_cpu:.1f} s)")
    run_measured(check, archive_dir, archive_dir / "check.log")  # fills the cache
    for run in range(runs):
        with open(edited_archive, "a", encoding="utf-8") as out:
            out.write(f"\nA sentence added for check {run + 1}.\n")
        result = run_measured(check, archive_dir, archive_dir / "check.log")
        ours.check_edited_seconds.append(result.seconds)
        ours.check_edited_cpu_seconds.append(result.cpu_seconds)
    progress(f"[{label}] make check, warm cache, one article edited: {ours.check_edited:.1f} s "
             f"(CPU {ours.check_edited_cpu:.1f} s)")
    # A deployment that restores the check's cache (as the deploy workflow does), after one edit.
    for run in range(runs):
        with open(edited_archive, "a", encoding="utf-8") as out:
            out.write(f"\nA sentence added for build {run + 1}.\n")
        result = run_measured(commands[ARCHIVE], archive_dir, archive_dir / "build.log")
        wait_for_deletions(archive_dir / "site")
        ours.warm_build_seconds.append(result.seconds)
        ours.warm_build_cpu_seconds.append(result.cpu_seconds)
    shutil.rmtree(archive_dir / "site")
    progress(f"[{label}] build, warm cache, one article edited: {ours.warm_build:.1f} s "
             f"(CPU {ours.warm_build_cpu:.1f} s)")

    # The archive's preview is `make serve` (a dirty rebuild of the pages an edit changed);
    # the baseline's is what plain MkDocs users run, `mkdocs serve`.
    for measurement, directory, edited, options in (
            (ours, archive_dir, edited_archive, ("--dirty",)),
            (theirs, baseline_dir, edited_baseline, ())):
        timeout = max(120.0, 10 * measurement.build)
        measurement.rebuild_seconds, measurement.rebuild_cpu_seconds = measure_rebuilds(
            directory, edited, runs, timeout, options)
        progress(f"[{label}] {TOOL_LABELS[measurement.tool]} rebuild after one edit: "
                 f"{measurement.rebuild:.1f} s")
    return ours, theirs


# --- the table -----------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One figure of the table: its label and how to read it from a measurement."""

    label: str
    value: Callable[[Measurement], float | None]
    digits: int = 1


def table_rows(measurements: Sequence[Measurement]) -> list[Row]:
    """The rows of the table; one per search folder found in any site."""
    mb = MB
    rows = [
        Row("full build (s)", lambda m: m.build),
        Row("full-text indexing, during the build (s)", lambda m: m.indexing),
        Row("of which after the pages were written (s)", lambda m: m.indexing_waited),
        Row("full build CPU time (s)", lambda m: m.cpu),
        Row("full build, warm check cache, one article edited (s)", lambda m: m.warm_build),
        Row("full build, warm check cache, one article edited, CPU time (s)",
            lambda m: m.warm_build_cpu),
        Row("ms per article", lambda m: m.ms_per_article, 2),
        Row("peak memory, largest process (MB)", lambda m: m.peak / mb, 0),
        Row("peak memory, all build processes together, without indexing (MB)",
            lambda m: None if m.tree_peak is None else m.tree_peak / mb, 0),
        Row("full-text indexing peak memory (MB)",
            lambda m: None if m.indexing_peak is None else m.indexing_peak / mb, 0),
        Row("site size (MB)", lambda m: m.site_bytes / mb),
        Row("pages (HTML files)", lambda m: m.pages, 0),
        Row("average page (KB)", lambda m: m.average_page / 1000),
        Row("make check (s)", lambda m: m.check, 2),
        Row("make check CPU time (s)", lambda m: m.check_cpu, 2),
        Row("make check, warm cache, one article edited (s)", lambda m: m.check_edited, 2),
        Row("make check, warm cache, one article edited, CPU time (s)",
            lambda m: m.check_edited_cpu, 2),
    ]
    rows += [Row(f"search index {folder} (MB)", _search_size(folder), 2)
             for folder in sorted({f for m in measurements for f in m.search_bytes})]
    rows.append(Row("rebuild after editing one article (s)", lambda m: m.rebuild))
    rows.append(Row("rebuild CPU time (s)", lambda m: m.rebuild_cpu))
    return rows


def _search_size(folder: str) -> Callable[[Measurement], float | None]:
    """Megabytes of one search folder; ``None`` when a site has none."""
    def size(measurement: Measurement) -> float | None:
        found = measurement.search_bytes.get(folder)
        return None if found is None else found / MB
    return size


def _number(value: float | None, digits: int) -> str:
    if value is None:
        return "—"
    return f"{value:,.{digits}f}"


def _ratio(value: float | None, base: float | None) -> str:
    if value is None or not base:
        return "—"
    return f"{value / base:.2f}×"


def format_table(results: Sequence[tuple[Measurement, Measurement]]) -> str:
    """One Markdown table: per size, archive / baseline / ratio; then growth across sizes."""
    results = sorted(results, key=lambda pair: pair[0].articles)
    header = ["figure"]
    for ours, _ in results:
        size = f"{ours.articles:,}"
        header += [f"{size}: archive", f"{size}: plain Material", f"{size}: ratio"]
    growth = len(results) > 1
    if growth:
        first, last = results[0][0].articles, results[-1][0].articles
        span = f"{first:,} → {last:,}"
        header += [f"growth {span}: archive", f"growth {span}: plain Material"]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    every = [m for pair in results for m in pair]
    for row in table_rows(every):
        cells = [row.label]
        for ours, theirs in results:
            mine, base = row.value(ours), row.value(theirs)
            cells += [_number(mine, row.digits), _number(base, row.digits), _ratio(mine, base)]
        if growth:
            for index in (0, 1):
                cells.append(_ratio(row.value(results[-1][index]), row.value(results[0][index])))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def run_bench(sizes: Sequence[int], runs: int | Sequence[int] = 3, seed: int = 1,
              work_dir: Path | None = None, keep: bool = False) -> str:
    """Measure every size and return the Markdown table, after a caption line.

    ``runs`` is the number of runs of each timed step, one number for every
    size or one per size (``[3, 1]``: three runs at the first size, one at
    the second), since a large size may take too long to repeat.
    """
    per_size = [runs] * len(sizes) if isinstance(runs, int) else list(runs)
    if len(per_size) == 1:
        per_size *= len(sizes)
    if not sizes or len(per_size) != len(sizes) or min(sizes) < 1 or min(per_size) < 1:
        raise ValueError("give one or more sizes of at least one article, and one number "
                         "of runs (at least 1) for all sizes or one per size")
    plan = sorted(zip(sizes, per_size, strict=True))
    work = Path(tempfile.mkdtemp(prefix="bench-", dir=work_dir))
    started = time.perf_counter()
    try:
        results = [bench_size(size, count, seed, work) for size, count in plan]
    finally:
        if keep:
            progress(f"kept the generated sites in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    progress(f"done in {time.perf_counter() - started:.0f} s")
    counts = sorted({count for _, count in plan})
    if len(counts) == 1:
        medians = f"Medians of {counts[0]} run{'s' if counts[0] != 1 else ''}"
    else:
        medians = "Medians of " + ", ".join(
            f"{count} run{'s' if count != 1 else ''} at {size:,}" for size, count in plan)
    caption = (f"{medians} (times, memory) on {os.cpu_count()} CPU(s); corpus seed {seed}; "
               "ratio = archive / plain Material. Wall times are noisy on a shared machine; "
               "CPU time is steadier.")
    return caption + "\n\n" + format_table(results)
