"""Measuring what search costs on a built site: ``python -m build_tools searchbench SITE``.

Reports:

* the header index (``search/search_index.json``): raw and gzipped size, the
  bytes every reader downloads before the first header-search result;
* one full-text query on ``/search/``, measured in headless Chromium: bytes
  of every response while the page opens, then while the query runs and its
  first page of results renders, then when the filter panel is opened
  (response bodies as served, uncompressed, counted from the browser's
  network events);
* Pagefind indexing: time, CPU time and peak memory of indexing the site's
  corpus again as a build does (the full-text documents, which a build does
  not keep, are written anew from the corpus into a temporary folder, and
  the bundle goes there too: the site is left as it is).

Works on any site built by ``make build``; the browser part needs Playwright
(``requirements-dev.txt``) and Debian's ``chromium``.
"""

from __future__ import annotations

import gzip
import json
import re
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import urls
from .fulltext import IndexReport, index_site
from .fulltext_input import write_documents
from .pipeline import check_corpus, plan_site
from .site_server import SiteServer

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium; the browser tests and this measurement never download a browser."""

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

HEADER_INDEX = "search/search_index.json"


@dataclass
class Transfer:
    """Responses seen by the browser during one phase."""

    requests: int = 0
    bytes: int = 0
    largest: tuple[int, str] = (0, "")
    """Size and path of the largest response."""
    by_kind: dict[str, int] = field(default_factory=dict)
    """Bytes by kind of file (``pf_index``, ``pf_fragment``, ``js``…)."""

    def add(self, url: str, size: int) -> None:
        self.requests += 1
        self.bytes += size
        name = url.split("?")[0].rsplit("/", 1)[-1]
        kind = name.rsplit(".", 1)[-1] if "." in name else "page"
        self.by_kind[kind] = self.by_kind.get(kind, 0) + size
        if size > self.largest[0]:
            self.largest = (size, url)


@dataclass
class SearchCost:
    """The measurements of one site."""

    header_index_raw: int
    header_index_gzip: int
    header_index_records: int
    page_open: Transfer | None = None
    query: Transfer | None = None
    filters: Transfer | None = None
    """Opening the filter panel after the query (filter data is fetched only then)."""
    query_text: str = ""
    results: int = 0
    other_hosts: list[str] = field(default_factory=list)
    index_seconds: float | None = None
    index_cpu_seconds: float | None = None
    index_peak_memory: int | None = None
    indexed_pages: int | None = None

    def report(self) -> str:
        """A readable summary."""
        kib = 1024
        lines = [
            f"header index: {self.header_index_raw / kib:,.1f} KiB raw, "
            f"{self.header_index_gzip / kib:,.1f} KiB gzipped, "
            f"{self.header_index_records:,} records",
        ]
        if self.page_open is not None and self.query is not None:
            lines += [
                f"search page open: {self.page_open.bytes / kib:,.1f} KiB in "
                f"{self.page_open.requests} responses ({_kinds(self.page_open)})",
                f"query {self.query_text!r}: {self.query.bytes / kib:,.1f} KiB in "
                f"{self.query.requests} responses ({_kinds(self.query)}); largest "
                f"{self.query.largest[0] / kib:,.1f} KiB; {self.results} results",
                f"page open + query: {(self.page_open.bytes + self.query.bytes) / kib:,.1f} KiB",
            ]
            if self.filters is not None:
                lines.append(f"then opening the filters: {self.filters.bytes / kib:,.1f} KiB in "
                             f"{self.filters.requests} responses ({_kinds(self.filters)})")
            lines.append("requests to other hosts: " + (", ".join(self.other_hosts) or "none"))
        if self.index_seconds is not None:
            lines.append(f"Pagefind indexing: {self.indexed_pages:,} pages in "
                         f"{self.index_seconds:.1f} s (CPU {self.index_cpu_seconds or 0:.1f} s), "
                         "peak memory "
                         f"{(self.index_peak_memory or 0) / 2**20:,.0f} MiB")
        return "\n".join(lines)


def _kinds(transfer: Transfer) -> str:
    parts = sorted(transfer.by_kind.items(), key=lambda kv: -kv[1])
    return ", ".join(f"{kind} {size / 1024:,.1f} KiB" for kind, size in parts)


def header_index_cost(site_dir: Path) -> SearchCost:
    """Size of the header index, raw and gzipped (level 6, as web servers compress)."""
    data = (site_dir / HEADER_INDEX).read_bytes()
    records = len(json.loads(data).get("docs", []))
    return SearchCost(len(data), len(gzip.compress(data, compresslevel=6)), records)


def measure_query(site_dir: Path, query: str, cost: SearchCost,
                  base_path: str = "/archive/") -> None:
    """Open ``/search/`` in Chromium, run ``query``, open the filters, and record what
    each step transferred."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as missing:
        raise RuntimeError("the browser measurement needs Playwright: "
                           "pip install -r requirements-dev.txt") from missing
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: apt-get install chromium")
    with SiteServer(site_dir, base_path) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context().new_page()
            finished: list[Any] = []
            page.on("requestfinished", lambda request: finished.append(request))
            page.goto(server.url + urls.SEARCH)
            page.wait_for_load_state("networkidle")
            marks = [len(finished)]
            page.fill("#corpus-search-input", query)
            page.press("#corpus-search-input", "Enter")
            page.wait_for_selector("#corpus-search[data-state=done]")
            page.wait_for_load_state("networkidle")
            marks.append(len(finished))
            page.click("#corpus-search-filters-toggle")
            page.wait_for_selector(".corpus-search-group")
            page.wait_for_selector("#corpus-search[data-state=done]")
            page.wait_for_load_state("networkidle")
            cost.results = page.locator(".corpus-search-result").count()
            cost.page_open, cost.query, cost.filters = Transfer(), Transfer(), Transfer()
            cost.query_text = query
            host = server.url.split("/")[2]
            for index, request in enumerate(finished):
                size = max(request.sizes()["responseBodySize"], 0)
                phase = (cost.page_open if index < marks[0] else
                         cost.query if index < marks[1] else cost.filters)
                phase.add(request.url, size)
                request_host = request.url.split("/")[2]
                if request_host != host and request_host not in cost.other_hosts:
                    cost.other_hosts.append(request_host)
        finally:
            browser.close()


def measure_indexing(site_dir: Path, corpus: Path) -> IndexReport:
    """Index ``corpus`` (the corpus ``site_dir`` was built from) as a build does, into a
    temporary folder, in the language of the site's pages."""
    home = (site_dir / urls.output_file(urls.HOME)).read_text(encoding="utf-8")
    match = re.search(r'<html[^>]*\blang="([^"]+)"', home)
    result = check_corpus(corpus, Path.cwd())
    if not result.ok:
        raise RuntimeError(f"{corpus} has errors; run `python -m build_tools check`")
    with tempfile.TemporaryDirectory(prefix="corpus-searchbench-") as scratch:
        documents = Path(scratch) / "documents"
        write_documents(plan_site(result.archive).renderer, documents,
                        match.group(1) if match else "en")
        return index_site(Path(scratch) / "site", documents)


def measure(site_dir: Path, query: str, corpus: Path | None = None,
            browser: bool = True) -> SearchCost:
    """Every measurement of a built site (see the module docstring); indexing only if the
    site's ``corpus`` is given."""
    cost = header_index_cost(site_dir)
    if browser:
        measure_query(site_dir, query, cost)
    if corpus is not None:
        report = measure_indexing(site_dir, corpus)
        cost.index_seconds, cost.index_peak_memory = report.seconds, report.peak_memory
        cost.index_cpu_seconds, cost.indexed_pages = report.cpu_seconds, report.pages
    return cost


def as_json(cost: SearchCost) -> str:
    return json.dumps(asdict(cost), indent=2)
