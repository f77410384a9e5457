"""Command line: ``python -m build_tools check | build | render``."""

from __future__ import annotations

import argparse
import os
import shutil
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
    check.add_argument("--audit", metavar="SITE_DIR", type=Path,
                       help="also prove that the site built in SITE_DIR holds every article, "
                       "entity, alias, quote and mention of the corpus")

    build = commands.add_parser("build", help="check, then build the site with MkDocs "
                                "(the previous site is replaced only by a complete new one)")
    build.add_argument("--config-file", "-f", default="mkdocs.yml", type=Path)
    build.add_argument("--site-dir", "-d", default="site", type=Path)

    render = commands.add_parser("render", help="write the generated pages as plain HTML, "
                                 "without MkDocs")
    render.add_argument("out_dir", type=Path)
    render.add_argument("--corpus", default="corpus", type=Path)

    args = parser.parse_args(argv)
    if args.command == "check":
        code = _check(args.corpus, args.format)
        return _audit(args.corpus, args.audit, args.format) if args.audit and not code else code
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
    """Build into a staging folder beside ``site_dir``, then swap it in (see :mod:`publish`):
    a failed or interrupted build leaves the previous site as it was."""
    from . import publish
    from .build_date import build_environment

    site = site_dir.resolve()
    staging = publish.staging_dir(site)
    env = build_environment(config_file.resolve().parent, os.environ)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
               "--config-file", str(config_file), "--site-dir", str(staging)]
    started = time.perf_counter()
    with publish.exclusive_build(site) as lock:
        publish.recover(site)
        try:
            with publish.stop_signals_raise():
                code = publish.run_builder(command, env, lock)
        except (publish.Interrupted, KeyboardInterrupt) as stop:
            shutil.rmtree(staging, ignore_errors=True)
            print(f"build interrupted; {site_dir} was left as it was", file=sys.stderr)
            return 128 + (stop.signum if isinstance(stop, publish.Interrupted) else 2)
        if code != 0:
            shutil.rmtree(staging, ignore_errors=True)
            print(f"build failed; {site_dir} was left as it was", file=sys.stderr)
            return code
        publish.swap_in(staging, site)
    print(f"built {site_dir} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
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
