"""Command line: ``python -m build_tools check | build | render | synth | bench``."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .diagnostics import format_report
from .pipeline import check_corpus, plan_site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools",
                                     description="Corpus archive tools.")
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="validate the corpus and report every problem")
    check.add_argument("--corpus", default="corpus", type=Path, help="corpus folder")
    check.add_argument("--format", choices=("text", "github"),
                       default="github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text",
                       help="'github' adds workflow annotations (default under GitHub Actions)")

    build = commands.add_parser("build", help="check, then build the site with MkDocs "
                                "(the previous site is replaced only by a complete new one)")
    build.add_argument("--config-file", "-f", default="mkdocs.yml", type=Path)
    build.add_argument("--site-dir", "-d", default="site", type=Path)

    render = commands.add_parser("render", help="write the generated pages as plain HTML, "
                                 "without MkDocs")
    render.add_argument("out_dir", type=Path)
    render.add_argument("--corpus", default="corpus", type=Path)

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
    bench.add_argument("--runs", default="3,1",
                       help="runs of each timed step, for all sizes or one number per size; "
                       "the table shows medians (default: 3,1)")
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
        return _check(args.corpus, args.format)
    if args.command == "build":
        return build_site(args.config_file, args.site_dir)
    return _render(args.corpus, args.out_dir)


def _check(corpus: Path, output_format: str) -> int:
    started = time.perf_counter()
    result = check_corpus(corpus, Path.cwd())
    report = format_report(result.diagnostics)
    print(report, file=sys.stderr if not result.ok else sys.stdout)
    if output_format == "github":
        for diagnostic in result.diagnostics:
            print(diagnostic.github_annotation())
    articles = len(result.archive.corpus.articles)
    entities = len(result.archive.corpus.all_entities())
    print(f"checked {articles} articles and {entities} entities in "
          f"{time.perf_counter() - started:.2f} s", file=sys.stderr)
    return 0 if result.ok else 1


def build_site(config_file: Path, site_dir: Path) -> int:
    """Build into a sibling folder, then swap it in: a failed or interrupted build
    never leaves a half-written site."""
    site = site_dir.resolve()
    staging = site.parent / f".{site.name}.new"
    retired = site.parent / f".{site.name}.old"
    shutil.rmtree(staging, ignore_errors=True)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
               "--config-file", str(config_file), "--site-dir", str(staging)]
    started = time.perf_counter()
    code = subprocess.call(command)
    if code != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"build failed; {site_dir} was left as it was", file=sys.stderr)
        return code
    shutil.rmtree(retired, ignore_errors=True)
    if site.exists():
        site.rename(retired)
    staging.rename(site)
    shutil.rmtree(retired, ignore_errors=True)
    print(f"built {site_dir} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
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


def _render(corpus: Path, out_dir: Path) -> int:
    from .standalone import write_site

    result = check_corpus(corpus, Path.cwd())
    if not result.ok:
        print(format_report(result.diagnostics), file=sys.stderr)
        return 1
    count = write_site(plan_site(result.archive), out_dir)
    print(f"wrote {count} pages to {out_dir}", file=sys.stderr)
    return 0
