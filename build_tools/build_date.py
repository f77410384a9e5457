"""The build date written into the site, taken from the sources, never from the clock.

MkDocs writes a date into ``sitemap.xml`` and into the header of ``sitemap.xml.gz``;
it takes it from ``SOURCE_DATE_EPOCH`` when set (the reproducible-builds convention),
else from the clock, which would make two builds of the same sources differ. The
command line sets it from the last commit; the plugin, when still unset (a plain
``mkdocs build``, a tree without git), from the newest date in the corpus.
"""

from __future__ import annotations

import calendar
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

from .resolve import Archive

SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"


def commit_epoch(directory: Path) -> int | None:
    """Commit time (seconds since the epoch) of the checked-out commit of the git work
    tree holding ``directory``; ``None`` outside one, or without git."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        result = subprocess.run([git, "-C", str(directory), "log", "-1", "--format=%ct"],
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    text = result.stdout.strip()
    return int(text) if result.returncode == 0 and text.isdigit() else None


def corpus_epoch(archive: Archive) -> int:
    """Midnight UTC of the newest date in the corpus (publication, retrieval, event, quote);
    0 for a corpus without dates."""
    dates = []
    for article in archive.corpus.articles.values():
        dates.append(article.published)
        dates += [d for d in (article.retrieved, *(q.said for q in article.quotes)) if d]
    for event in archive.corpus.entities["event"].values():
        dates += [d for d in (getattr(event, "date", None), getattr(event, "end_date", None))
                  if d]
    if not dates:
        return 0
    newest = max(dates)
    return calendar.timegm((newest.year, newest.month or 1, newest.day or 1, 0, 0, 0))


def build_environment(project_dir: Path, environ: Mapping[str, str]) -> dict[str, str]:
    """``environ`` with ``SOURCE_DATE_EPOCH`` set from the last commit of ``project_dir``,
    unless it is already set (a release pipeline's own choice wins)."""
    env = dict(environ)
    if SOURCE_DATE_EPOCH not in env:
        epoch = commit_epoch(project_dir)
        if epoch is not None:
            env[SOURCE_DATE_EPOCH] = str(epoch)
    return env
