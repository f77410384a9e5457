"""What a long-running process keeps from one check of a corpus to the next.

A preview (``mkdocs serve``) checks the whole corpus again after every edit,
usually of one file. The check's cache on disk (:mod:`build_tools.analysis_cache`)
spares it the analysis of unchanged articles, but reading 10,000 front matters
and analyses back from SQLite, unpickling them and validating every field
again still takes many seconds. :class:`CheckMemory` keeps, in the process,
what each file gave last time: the record the loader built from it with its
diagnostics, and each article's analysis. A file whose bytes are unchanged (and
checked on the same day: dates are bounded by today) gives the same result, so
it is taken as it is. Cross-file rules (duplicate ids, references, quote
copies, shared text) run again on the whole corpus, from what is kept of each
article (its quotes' folded words come with its analysis); the shared-text
search keeps its index of recurring passages here and updates it with the
articles that changed only (see :class:`~build_tools.overlap.SampleIndex`), and
the entities involved in an unchanged article (same record, same analysis, same
registry) are taken as they were.

A file is not even read again when its status (modification and change
times, size, inode) is the one it had when the last check read it, as git
does for its index; but only a file last modified a few seconds
(:data:`SETTLED_SECONDS`) before that read counts, so an edit within the
same tick of the clock as the read is never missed.

Only the files of the latest check are kept, so memory does not grow with
every edit. The results are the same with or without a memory; tests compare
them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field

from .article_analysis import ArticleAnalysis, code_version
from .diagnostics import Diagnostic
from .model import Article, Entity
from .overlap import SampleIndex
from .registry import EntityRef

_FILE_MODULES = ("loader", "schema", "sources", "model", "diagnostics", "urls", "bodies",
                 "check_memory", "article_analysis")
FILES_VERSION = code_version(_FILE_MODULES)
"""Digest of the code that loads a file (front matter, fields, record): part of every file
key."""


def file_key(path: str, data: bytes, today: dt.date) -> str:
    """What the loader's result for one file depends on, as one digest: its path, bytes, the
    day (dates are bounded by today) and the loader's code. The key of the file in this
    memory and in the check's cache on disk."""
    digest = hashlib.sha256(f"{FILES_VERSION}\0{path}\0{today.isoformat()}\0".encode())
    digest.update(data)
    return digest.hexdigest()


SETTLED_SECONDS = 2
"""A file's status identifies its bytes only if it was last modified this long before they
were read (an edit in the same tick of the file system's clock keeps the time)."""

FileStatus = tuple[int, int, int, int]
"""A file's modification time, change time (both in nanoseconds), size and inode."""


def file_status(path: str) -> FileStatus:
    """The :data:`FileStatus` of the file at ``path`` (raises ``OSError``)."""
    status = os.stat(path)
    return (status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino)


@dataclass(frozen=True)
class LoadedFile:
    """What the loader made of one file's bytes on one day."""

    key: str
    """Its :func:`file_key`."""
    record: Article | Entity | None
    """The article or entity built from the file (``None``: it had no usable id)."""
    diagnostics: tuple[Diagnostic, ...]
    """The file's own problems (not those found by comparing it with other files)."""
    analysis_input: str | None = None
    """For an article: the :func:`~build_tools.article_analysis.analysis_input` of its record,
    from which the key of its analysis is made without hashing its body again."""


@dataclass
class CheckMemory:
    """Results of the last check, by file and by analysis key (see the module docstring)."""

    files: dict[str, LoadedFile] = field(default_factory=dict)
    """Corpus-relative path -> what the loader made of it."""
    analyses: dict[str, ArticleAnalysis] = field(default_factory=dict)
    """Analysis key -> the analysis of the article (of the last check only)."""
    keys: dict[int, tuple[Article, str, str]] = field(default_factory=dict)
    """``id()`` of an article record -> (the record, registry fingerprint, analysis key):
    an unchanged record is the same object as last time, so its key need not be hashed
    again (the record is held, so its ``id()`` is not reused)."""
    involvement: dict[str, tuple[Article, ArticleAnalysis, str,
                                 list[tuple[EntityRef | None, str]]]] = field(default_factory=dict)
    """Article id -> (the record, its analysis, the registry fingerprint, the entities
    involved in it with their roles), of the last check only."""
    shared_text: SampleIndex = field(default_factory=SampleIndex)
    """The recurring shingles of the last shared-text search, brought up to date by the next."""
    statuses: dict[str, tuple[FileStatus, dt.date]] = field(default_factory=dict)
    """Corpus-relative path -> the status of the file whose bytes gave :attr:`files`, and
    the day of that check (settled files only)."""
    _seen: set[str] = field(default_factory=set)

    def unchanged(self, path: str, status: FileStatus, today: dt.date) -> LoadedFile | None:
        """What the last check made of ``path``, if the file has the status it had then (and
        it is the same day): its bytes are those the check read."""
        known = self.statuses.get(path)
        if known is None or known != (status, today) or path not in self.files:
            return None
        return self.files[path]

    def settled(self, path: str, status: FileStatus, today: dt.date, read_at_ns: int) -> None:
        """Note the status of ``path`` as its bytes were read at ``read_at_ns`` (time since
        the epoch), if it was last modified long enough before (see :data:`SETTLED_SECONDS`)."""
        if status[0] < read_at_ns - SETTLED_SECONDS * 1_000_000_000 and \
                status[1] < read_at_ns - SETTLED_SECONDS * 1_000_000_000:
            self.statuses[path] = (status, today)
        else:
            self.statuses.pop(path, None)

    def recall(self, path: str, key: str) -> LoadedFile | None:
        """What the last check made of ``path``, if its :func:`file_key` is the same."""
        self._seen.add(path)
        remembered = self.files.get(path)
        return remembered if remembered is not None and remembered.key == key else None

    def remember(self, path: str, loaded: LoadedFile) -> None:
        """Keep what the loader made of ``path`` for the next check."""
        self._seen.add(path)
        self.files[path] = loaded

    def forget_unseen(self) -> None:
        """Drop the files the check just finished did not read (deleted or renamed)."""
        for path in set(self.files) - self._seen:
            del self.files[path]
            self.statuses.pop(path, None)
        self._seen.clear()
