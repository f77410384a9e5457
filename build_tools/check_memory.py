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

Only the files of the latest check are kept, so memory does not grow with
every edit. The results are the same with or without a memory; tests compare
them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
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
    _seen: set[str] = field(default_factory=set)

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
        self._seen.clear()
