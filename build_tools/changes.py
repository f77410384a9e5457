"""Which files a change touches, so that ``check`` can report on those alone.

The whole corpus is always validated — a reference is only right or wrong
against every other file — but a pull request's reviewer and contributor care
first about the files it changes.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic


class GitError(Exception):
    """Git could not tell what changed (not a repository, unknown revision…)."""


def _git(args: list[str], cwd: Path) -> list[str]:
    try:
        completed = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                                   check=False)
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror}") from exc
    if completed.returncode != 0:
        raise GitError(completed.stderr.strip() or f"git {' '.join(args)} failed")
    return [line for line in completed.stdout.splitlines() if line]


def changed_files(revision: str, root: Path) -> set[str]:
    """Files changed since ``revision``, as paths relative to ``root`` with forward slashes.

    That is: what the branch changed since it left ``revision`` (``git diff
    REV...HEAD``), plus uncommitted changes and untracked files, so the same
    option serves a pull request in CI and a contributor before committing.
    """
    if revision.startswith("-"):
        raise GitError(f"'{revision}' is not a revision")
    toplevel = Path(_git(["rev-parse", "--show-toplevel"], root)[0])
    names = _git(["diff", "--name-only", "--no-renames", f"{revision}...HEAD", "--"], root)
    names += _git(["diff", "--name-only", "--no-renames", "HEAD", "--"], root)
    names += _git(["ls-files", "--others", "--exclude-standard", "--full-name"], root)
    base = root.resolve()
    result = set()
    for name in names:
        path = (toplevel / name).resolve()
        try:
            result.add(path.relative_to(base).as_posix())
        except ValueError:
            continue  # outside the folder being checked
    return result


@dataclass(frozen=True)
class Restricted:
    """Diagnostics split into those on the selected files and the rest."""

    shown: list[Diagnostic]
    others: list[Diagnostic]

    def summary(self) -> str | None:
        """One line about the problems not shown, or ``None`` when there are none."""
        if not self.others:
            return None
        errors = sum(d.severity == "error" for d in self.others)
        warnings = len(self.others) - errors
        files = len({d.path for d in self.others})
        return (f"also {errors} error(s) and {warnings} warning(s) in {files} file(s) this "
                "change does not touch; run the check without --changed-since to see them")


def restrict(diagnostics: Iterable[Diagnostic], paths: set[str]) -> Restricted:
    """Split ``diagnostics`` by whether their file is in ``paths``."""
    shown: list[Diagnostic] = []
    others: list[Diagnostic] = []
    for diagnostic in diagnostics:
        (shown if diagnostic.path in paths else others).append(diagnostic)
    return Restricted(shown, others)
