"""Command line: ``python -m build_tools check | build | render | new | schemas | export
| searchbench | synth | bench``."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .analysis_cache import cache_disabled, default_cache_dir
from .cores import lower_priority
from .diagnostics import format_report
from .fulltext import BUILDER_STEPS_BACK, Indexer, IndexingError
from .fulltext_input import INPUT_ENV
from .pipeline import check_corpus, plan_site
from .resolve import Archive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools",
                                     description="Corpus archive tools.")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="validate the corpus and report every problem")
    check.add_argument("--corpus", default="corpus", type=Path, help="corpus folder")
    check.add_argument("--format", choices=("text", "github"),
                       default="github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text",
                       help="'github' adds workflow annotations (default under GitHub Actions)")
    check.add_argument("--changed-since", metavar="REV",
                       help="report only on files changed since git revision REV (committed, "
                       "uncommitted or untracked); the whole corpus is still validated")
    check.add_argument("paths", nargs="*", type=Path,
                       help="report only on these files (the whole corpus is still validated)")
    check.add_argument("--no-cache", action="store_true",
                       help="analyse every article again, neither reading nor writing the "
                       "cache in .cache/ beside the corpus (also: CORPUS_CACHE=off)")
    check.add_argument("--audit", metavar="SITE_DIR", type=Path,
                       help="also prove that the site built in SITE_DIR holds every article, "
                       "entity, alias, quote and mention of the corpus")

    build = commands.add_parser("build", help="check, build the site with MkDocs and index it "
                                "for full-text search (the previous site is replaced only by a "
                                "complete new one)")
    build.add_argument("--config-file", "-f", default="mkdocs.yml", type=Path)
    build.add_argument("--site-dir", "-d", default="site", type=Path)

    render = commands.add_parser("render", help="write the generated pages as plain HTML, "
                                 "without MkDocs")
    render.add_argument("out_dir", type=Path)
    render.add_argument("--corpus", default="corpus", type=Path)

    new = commands.add_parser("new", help="draft a corpus article from raw article text")
    new.add_argument("raw", metavar="RAWFILE", help="the raw text (headline on the first line), "
                     "or - for standard input")
    new.add_argument("--url", help="address of the article at its outlet")
    new.add_argument("--outlet", help="organization id (or name) of the outlet of this copy")
    new.add_argument("--date", help="publication date: YYYY-MM-DD, YYYY-MM or YYYY")
    new.add_argument("--title", help="the headline, when the first line of the text is not it "
                     "(every line then stays in the body)")
    new.add_argument("--corpus", default="corpus", type=Path, help="corpus folder")
    new.add_argument("--create-entities", nargs="+", default=[], metavar="NAME",
                     help="also create skeleton entity files: 'Name' (a person) or "
                     "'organization:Name', 'place:Name', 'event:Name'")

    schemas = commands.add_parser("schemas", help="write the JSON Schemas of the corpus files")
    schemas.add_argument("--out", default=Path("schemas"), type=Path, help="output folder")
    schemas.add_argument("--check", action="store_true",
                         help="write nothing; exit 1 if the folder's schemas are out of date")

    bench = commands.add_parser("searchbench", help="measure search on a built site: header "
                                "index size, bytes of one full-text query in the browser, "
                                "Pagefind indexing time and memory")
    bench.add_argument("site_dir", nargs="?", default="site", type=Path)
    bench.add_argument("--query", default="Iraq", help="the full-text query to measure")
    bench.add_argument("--no-browser", action="store_true",
                       help="skip the browser measurement (no Chromium needed)")
    bench.add_argument("--corpus", default="corpus", type=Path,
                       help="the corpus SITE was built from, indexed again to measure Pagefind "
                       "(into a temporary folder; the site is not touched)")
    bench.add_argument("--no-index", action="store_true",
                       help="skip re-running Pagefind (and checking the corpus)")
    bench.add_argument("--json", action="store_true", help="print the numbers as JSON")
    export = commands.add_parser("export", help="write the open-data downloads (JSON, CSV, "
                                 "SQLite) without building the site")
    export.add_argument("out_dir", type=Path)
    export.add_argument("--corpus", default="corpus", type=Path)
    synth = commands.add_parser("synth", help="write a synthetic corpus and its mkdocs.yml "
                                "(deterministic from the seed) into a new folder")
    synth.add_argument("out_dir", type=Path, help="an empty or new folder (not corpus/)")
    synth.add_argument("--articles", type=int, default=1000)
    synth.add_argument("--seed", type=int, default=1)
    synth.add_argument("--entities", type=int, default=None,
                       help="size of the entity pools (default: articles / 5, at least 60)")

    bench = commands.add_parser("bench", help="the scale benchmark: build generated corpora "
                                "with the archive and with plain Material; print one table")
    bench.add_argument("--sizes", default="1000,10000",
                       help="comma-separated numbers of articles (default: 1000,10000)")
    bench.add_argument("--runs", default="3,3",
                       help="runs of each timed step, for all sizes or one number per size; "
                       "the table shows medians (default: 3,3)")
    bench.add_argument("--seed", type=int, default=1)
    bench.add_argument("--work-dir", type=Path, default=None,
                       help="where to generate the sites (default: the system's temporary "
                       "folder); they are deleted afterwards unless --keep")
    bench.add_argument("--keep", action="store_true", help="keep the generated sites")

    args = parser.parse_args(argv)
    if args.command == "bench":
        return _bench(args.sizes, args.runs, args.seed, args.work_dir, args.keep)
    if args.command == "synth":
        return _synth(args.out_dir, args.articles, args.seed, args.entities)
    if args.command == "check":
        code = _check(args.corpus, args.format, args.changed_since, args.paths,
                      not args.no_cache)
        return _audit(args.corpus, args.audit, args.format) if args.audit and not code else code
    if args.command == "new":
        from .scaffold import run_new

        return run_new(args.raw, args.corpus, url=args.url, outlet=args.outlet, date=args.date,
                       title=args.title, create=args.create_entities, stdin=sys.stdin,
                       out=sys.stdout, err=sys.stderr)
    if args.command == "schemas":
        return _schemas(args.out, args.check)
    if args.command == "build":
        return build_site(args.config_file, args.site_dir)
    if args.command == "searchbench":
        return _searchbench(args)
    if args.command == "export":
        return _export(args.corpus, args.out_dir)
    return _render(args.corpus, args.out_dir)


def _check(corpus: Path, output_format: str, changed_since: str | None = None,
           paths: list[Path] | None = None, use_cache: bool = True) -> int:
    from .changes import GitError, changed_files, restrict

    started = time.perf_counter()
    root = Path.cwd()
    selected: set[str] | None = None
    if changed_since is not None:
        try:
            selected = changed_files(changed_since, root)
        except GitError as exc:
            print(f"error: --changed-since {changed_since}: {exc}", file=sys.stderr)
            return 2
    if paths:
        named = {_relative(p, root) for p in paths}
        selected = named if selected is None else selected & named
    cache_dir = default_cache_dir(corpus) if use_cache and not cache_disabled() else None
    # (`make check` reports only: the pages' indexes of the archive are left to the build)
    result = check_corpus(corpus, root, cache_dir=cache_dir, diagnostics_only=True)
    shown = result.diagnostics
    summary = None
    if selected is not None:
        restricted = restrict(result.diagnostics, selected)
        shown, summary = restricted.shown, restricted.summary()
    report = format_report(shown)
    print(report, file=sys.stderr if not result.ok else sys.stdout)
    if summary:
        print(summary, file=sys.stderr)
    if output_format == "github":
        for diagnostic in shown:
            print(diagnostic.github_annotation())
    articles = len(result.archive.corpus.articles)
    entities = len(result.archive.corpus.all_entities())
    print(f"checked {articles} articles and {entities} entities in "
          f"{time.perf_counter() - started:.2f} s", file=sys.stderr)
    return 0 if result.ok else 1


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _schemas(out_dir: Path, check_only: bool) -> int:
    from .jsonschema import stale_schemas, write_schemas

    if check_only:
        stale = stale_schemas(out_dir)
        for name in stale:
            print(f"{out_dir / name}: out of date; run `python -m build_tools schemas`",
                  file=sys.stderr)
        return 1 if stale else 0
    for path in write_schemas(out_dir):
        print(f"wrote {path}", file=sys.stderr)
    return 0


def _audit(corpus: Path, site_dir: Path, output_format: str) -> int:
    from .audit import CHECKS, audit_site

    if not (site_dir / "index.html").is_file():
        print(f"{site_dir}: no built site to audit (run `make build` first)", file=sys.stderr)
        return 1
    result = check_corpus(corpus, Path.cwd())
    problems = audit_site(result.archive, site_dir)
    if output_format == "github":
        for problem in problems:
            print(problem.github_annotation())
    if problems:
        print(format_report(problems), file=sys.stderr)
        return 1
    print(f"audit of {site_dir}: {len(CHECKS)} checks passed; every article, entity, alias, "
          "quote and mention is where it should be", file=sys.stderr)
    return 0


def build_site(config_file: Path, site_dir: Path) -> int:
    """Build into a staging folder beside ``site_dir``, index it for full-text search, then
    swap it in (see :mod:`publish`): a failed or interrupted build leaves the previous site
    as it was.

    MkDocs writes the full-text documents (:mod:`fulltext_input`) into a folder of their
    own beside the site, first thing; Pagefind starts on them as soon as they are all
    written, while MkDocs writes the pages (:mod:`fulltext`).
    The folder is discarded once indexing is over, whether the build succeeded, failed or
    was stopped (or by the next build, should this one be killed outright); discarded
    folders and the previous site are deleted in the background (:func:`publish.discard`)."""
    from . import publish
    from .build_date import build_environment

    site = site_dir.resolve()
    staging = publish.staging_dir(site)
    documents = publish.fulltext_input_dir(site)
    env = build_environment(config_file.resolve().parent, os.environ)
    env[INPUT_ENV] = str(documents)
    command = [sys.executable, "-m", "build_tools.mkdocs_process", "build", "--strict", "--clean",
               "--config-file", str(config_file), "--site-dir", str(staging)]
    started = time.perf_counter()
    with publish.exclusive_build(site) as lock:
        publish.recover(site)
        documents.mkdir()
        # The project's .cache/ (beside mkdocs.yml, where the check keeps its own) also
        # keeps the word-index chunks of the last build (see fulltext_reuse.py).
        indexer = Indexer(staging, documents,
                          None if cache_disabled() else config_file.resolve().parent / ".cache")

        def start_indexing(builder: int) -> None:
            if not indexer.started:
                indexer.start_when_ready()
                if indexer.started:
                    # MkDocs steps back for Pagefind, which finished last at equal priority
                    # (see fulltext.py).
                    lower_priority(builder, BUILDER_STEPS_BACK)
        try:
            with publish.stop_signals_raise():
                try:
                    code = publish.run_builder(command, env, lock,
                                               meanwhile=start_indexing)
                    if code == 0:
                        try:
                            print(indexer.finish().summary(), file=sys.stderr)
                        except IndexingError as failure:
                            print(f"error: {failure}", file=sys.stderr)
                            code = 1
                finally:
                    indexer.stop()
                    publish.discard(documents, site)
        except (publish.Interrupted, KeyboardInterrupt) as stop:
            publish.discard(staging, site)
            publish.discard(documents, site)  # (in case the stop cut that short)
            print(f"build interrupted; {site_dir} was left as it was", file=sys.stderr)
            return 128 + (stop.signum if isinstance(stop, publish.Interrupted) else 2)
        if code != 0:
            publish.discard(staging, site)
            print(f"build failed; {site_dir} was left as it was", file=sys.stderr)
            return code
        publish.swap_in(staging, site)
    print(f"built {site_dir} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


def _searchbench(args: argparse.Namespace) -> int:
    from .searchbench import as_json, measure

    if not (args.site_dir / "search" / "search_index.json").is_file():
        print(f"{args.site_dir} is not a built site (run `make build` first)", file=sys.stderr)
        return 1
    try:
        cost = measure(args.site_dir, args.query, None if args.no_index else args.corpus,
                       browser=not args.no_browser)
    except RuntimeError as failure:  # no browser, or Pagefind failed
        print(f"error: {failure}", file=sys.stderr)
        return 1
    print(as_json(cost) if args.json else cost.report())
    return 0


def _synth(out_dir: Path, articles: int, seed: int, entities: int | None) -> int:
    from .synthetic import write_site

    started = time.perf_counter()
    try:
        summary = write_site(out_dir, articles, seed, entities)
    except (FileExistsError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {summary.describe()} to {out_dir} in {time.perf_counter() - started:.1f} s; "
          f"build it with: python -m build_tools build -f {out_dir / 'mkdocs.yml'} "
          f"-d {out_dir / 'site'}", file=sys.stderr)
    return 0


def _bench(sizes: str, runs: str, seed: int, work_dir: Path | None, keep: bool) -> int:
    from .bench import BenchError, run_bench

    try:
        numbers = [int(size.replace("_", "")) for size in sizes.split(",") if size.strip()]
        counts = [int(count) for count in runs.split(",") if count.strip()]
        print(run_bench(numbers, counts, seed, work_dir, keep))
    except ValueError as exc:
        print(f"error: {exc} (sizes are numbers of articles, e.g. --sizes 1000,10000 "
              "--runs 3,1)", file=sys.stderr)
        return 2
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def _checked_archive(corpus: Path) -> Archive | None:
    """The resolved archive of ``corpus``, or ``None`` after printing its errors."""
    result = check_corpus(corpus, Path.cwd())
    if not result.ok:
        print(format_report(result.diagnostics), file=sys.stderr)
        return None
    return result.archive


def _render(corpus: Path, out_dir: Path) -> int:
    from .standalone import write_site

    archive = _checked_archive(corpus)
    if archive is None:
        return 1
    count = write_site(plan_site(archive), out_dir)
    print(f"wrote {count} pages to {out_dir}", file=sys.stderr)
    return 0


def _export(corpus: Path, out_dir: Path) -> int:
    from .exports import write_exports

    archive = _checked_archive(corpus)
    if archive is None:
        return 1
    names = write_exports(archive, out_dir)
    print(f"wrote {', '.join(names)} to {out_dir}", file=sys.stderr)
    return 0
