"""Diagnostics: every problem found in the corpus, with its file and line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "note"]
"""``note``: a suggestion (a candidate quote); never fails a check."""


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one corpus file.

    Ordered by path, then line, so reports read top to bottom per file.
    """

    path: str
    """File path relative to the repository root, with forward slashes."""
    line: int
    """1-based line number; 0 when the problem concerns the whole file."""
    severity: Severity
    message: str
    """What is wrong and, where it can be guessed, what was meant."""
    code: str = ""
    """A short stable name for the kind of problem (documented in the contributor guide)."""

    def format(self) -> str:
        """Render as ``path:line: severity: message [code]``."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        suffix = f" [{self.code}]" if self.code else ""
        return f"{where}: {self.severity}: {self.message}{suffix}"

    def github_annotation(self) -> str:
        """Render as a GitHub Actions workflow command, shown on the pull request diff.

        Escaped as the Actions toolkit does: ``%``, CR and LF everywhere, and
        also ``:`` and ``,`` in properties (a file name may contain them).
        """
        level = {"error": "error", "warning": "warning", "note": "notice"}[self.severity]
        line = f",line={self.line}" if self.line else ""
        return (f"::{level} file={_escape_property(self.path)}{line},"
                f"title={_escape_property(self.code or level)}::{_escape_data(self.message)}")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def error(path: str, line: int, message: str, code: str) -> Diagnostic:
    """Shorthand for an error diagnostic."""
    return Diagnostic(path, line, "error", message, code)


def warning(path: str, line: int, message: str, code: str) -> Diagnostic:
    """Shorthand for a warning diagnostic."""
    return Diagnostic(path, line, "warning", message, code)


def note(path: str, line: int, message: str, code: str) -> Diagnostic:
    """Shorthand for a note: a suggestion that never fails a check."""
    return Diagnostic(path, line, "note", message, code)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """True when at least one diagnostic is an error."""
    return any(d.severity == "error" for d in diagnostics)


def format_report(diagnostics: Iterable[Diagnostic]) -> str:
    """All diagnostics, sorted and one per line, followed by a count."""
    items = sorted(set(diagnostics))
    lines = [d.format() for d in items]
    errors = sum(d.severity == "error" for d in items)
    warnings = sum(d.severity == "warning" for d in items)
    notes = len(items) - errors - warnings
    summary = f"{errors} error(s), {warnings} warning(s)"
    lines.append(summary + (f", {notes} note(s)" if notes else ""))
    return "\n".join(lines)
