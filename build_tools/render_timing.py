"""How long our own page rendering takes, by kind of page: article, entity, list.

``python -m build_tools.render_timing CORPUS [--every N] [--profile FILE] [--cache DIR]``
checks the corpus (with the analysis cache beside it, as ``make check`` does, or in
``DIR``), plans the site and renders every generated page (every N-th) in this one
process, as each worker of a build does. Times are the process's CPU time, not the
clock's: on a shared machine the clock also counts the other programs' turns.
``--profile`` writes a :mod:`cProfile` dump of the rendering alone (read it with
``python -m pstats FILE``).

This is the number to watch when changing ``render.py``, ``fragments.py`` or the
templates; ``make bench`` measures whole builds.
"""

from __future__ import annotations

import argparse
import cProfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .analysis_cache import default_cache_dir
from .pages import PageSpec
from .pipeline import check_corpus, plan_site
from .render import Renderer

KINDS = ("article", "entity", "list")


def page_kind(spec: PageSpec) -> str:
    """``article``, ``entity`` (with its continuation pages) or ``list`` (everything else)."""
    if spec.template == "article.html":
        return "article"
    if spec.template == "entity.html":
        return "entity"
    return "list"


@dataclass
class KindTiming:
    """The pages of one kind that were rendered and the CPU time they took."""

    pages: int = 0
    seconds: float = 0.0

    @property
    def ms_per_page(self) -> float:
        """Mean milliseconds of CPU time per page (0 when none was rendered)."""
        return 1000 * self.seconds / self.pages if self.pages else 0.0


def time_pages(renderer: Renderer, specs: Sequence[PageSpec],
               profile: cProfile.Profile | None = None) -> dict[str, KindTiming]:
    """Render ``specs`` one by one; CPU time per kind of page (see :func:`page_kind`)."""
    timings = {kind: KindTiming() for kind in KINDS}
    for spec in specs:
        if profile is not None:
            profile.enable()
        start = time.process_time()
        renderer.render(spec)
        spent = time.process_time() - start
        if profile is not None:
            profile.disable()
        timing = timings[page_kind(spec)]
        timing.pages += 1
        timing.seconds += spent
    return timings


def table(timings: dict[str, KindTiming]) -> str:
    """The timings as a small text table."""
    lines = [f"{'kind':8} {'pages':>7} {'CPU s':>8} {'ms/page':>8}"]
    for kind, timing in timings.items():
        lines.append(f"{kind:8} {timing.pages:7d} {timing.seconds:8.2f} "
                     f"{timing.ms_per_page:8.2f}")
    total = KindTiming(sum(t.pages for t in timings.values()),
                       sum(t.seconds for t in timings.values()))
    lines.append(f"{'all':8} {total.pages:7d} {total.seconds:8.2f} {total.ms_per_page:8.2f}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """The command line; see the module's docstring."""
    parser = argparse.ArgumentParser(prog="python -m build_tools.render_timing",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--every", type=int, default=1,
                        help="render only every N-th page (a quicker sample)")
    parser.add_argument("--profile", type=Path, help="write a cProfile dump of the rendering")
    parser.add_argument("--cache", type=Path,
                        help="the analysis cache (default: .cache/ beside the corpus)")
    args = parser.parse_args(argv)
    if args.every < 1:
        parser.error("--every must be at least 1")
    corpus = args.corpus.resolve()
    result = check_corpus(corpus, corpus.parent, cache_dir=args.cache or default_cache_dir(corpus))
    if not result.ok:
        parser.exit(1, "the corpus has errors: run `make check`\n")
    site = plan_site(result.archive)
    profile = cProfile.Profile() if args.profile else None
    timings = time_pages(site.renderer, site.pages[::args.every], profile)
    print(table(timings))
    if profile is not None:
        profile.dump_stats(args.profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
