"""A persistent, content-addressed store of article analyses (``.cache/`` beside the corpus).

An entry's key is the digest of everything the analysis read (see
:meth:`~build_tools.article_analysis.AnalysisContext.key`: the article's body
and metadata, the registry's fingerprint and the analysis code's version), so
an entry is never stale: a changed input is a different key. The store is one
SQLite file; each value is a pickled
:class:`~build_tools.article_analysis.ArticleAnalysis` with a CRC-32 of its
bytes. Whatever is wrong with the file — truncated, corrupt, from another
version, locked by another check — the cache only misses: results are computed
again and are the same as without a cache. The cache is written by this tool
only and read by it only; it is never published.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sqlite3
import zlib
from collections.abc import Iterable
from pathlib import Path

from .article_analysis import ArticleAnalysis, code_version
from .diagnostics import Diagnostic
from .sources import SourceFile, read_source

DISABLE_VARIABLE = "CORPUS_CACHE"
"""Set to ``0`` or ``off`` to check without reading or writing the cache."""
_SCHEMA = ("CREATE TABLE IF NOT EXISTS analysis (key TEXT PRIMARY KEY, crc INTEGER, value BLOB);"
           "CREATE TABLE IF NOT EXISTS sources (key TEXT PRIMARY KEY, crc INTEGER, value BLOB)")
_SOURCE_MODULES = ("sources", "diagnostics")


SOURCES_VERSION = code_version(_SOURCE_MODULES)
"""Digest of the code that reads a file's front matter: part of every source key."""
_BATCH = 500  # SQLite's limit on parameters per statement is well above this


def cache_disabled() -> bool:
    """Whether the environment turns the cache off (see :data:`DISABLE_VARIABLE`)."""
    return os.environ.get(DISABLE_VARIABLE, "").strip().lower() in ("0", "off", "no", "false")


def default_cache_dir(corpus_dir: Path) -> Path:
    """``.cache/`` in the folder that holds the corpus (the project root for ``corpus/``)."""
    return Path(corpus_dir).resolve().parent / ".cache"


class AnalysisCache:
    """Article analyses by key, and files' front matter as read, in
    ``<directory>/analysis.sqlite``."""

    FILE = "analysis.sqlite"

    def __init__(self, directory: Path) -> None:
        self.path = Path(directory) / self.FILE
        self._db: sqlite3.Connection | None = None
        self._new_sources: dict[str, bytes] = {}
        self._sources_used: list[str] = []
        self.hits = 0
        """Analyses found in the cache by :meth:`get_many` (for reports and tests)."""

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._db = self._open()
            except sqlite3.DatabaseError:
                # Not a database (or a broken one): start afresh rather than fail the check.
                with contextlib.suppress(OSError):
                    self.path.unlink()
                try:
                    self._db = self._open()
                except (sqlite3.Error, OSError):
                    return None
            except (sqlite3.Error, OSError):
                return None
        return self._db

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10)
        # Entries of edited articles are deleted on every check; give their space back
        # rather than let the file grow (takes effect when the file is created).
        db.execute("PRAGMA auto_vacuum = FULL")
        db.executescript(_SCHEMA)
        db.execute("SELECT count(*) FROM analysis").fetchone()  # fails early on a corrupt file
        db.commit()
        return db

    def get_many(self, keys: Iterable[str]) -> dict[str, ArticleAnalysis]:
        """The cached analyses among ``keys``; a damaged entry counts as missing."""
        db = self._connect()
        if db is None:
            return {}
        found: dict[str, ArticleAnalysis] = {}
        wanted = list(dict.fromkeys(keys))
        try:
            for start in range(0, len(wanted), _BATCH):
                batch = wanted[start:start + _BATCH]
                rows = db.execute(f"SELECT key, crc, value FROM analysis WHERE key IN "
                                  f"({','.join('?' * len(batch))})", batch)
                for key, crc, value in rows:
                    analysis = _decode(crc, value)
                    if analysis is not None:
                        found[key] = analysis
        except sqlite3.Error:
            return found
        self.hits += len(found)
        return found

    def put_many(self, items: dict[str, ArticleAnalysis]) -> None:
        """Store analyses (best effort: a read-only or locked cache is skipped)."""
        db = self._connect()
        if db is None or not items:
            return
        rows = []
        for key, analysis in items.items():
            value = pickle.dumps(analysis, protocol=pickle.HIGHEST_PROTOCOL)
            rows.append((key, zlib.crc32(value), value))
        with contextlib.suppress(sqlite3.Error):
            with db:
                db.executemany("INSERT OR REPLACE INTO analysis VALUES (?, ?, ?)", rows)

    def keep_only(self, keys: Iterable[str]) -> None:
        """Forget every entry but ``keys`` (the current corpus), so the cache does not grow
        with every edit ever checked."""
        db = self._connect()
        if db is None:
            return
        with contextlib.suppress(sqlite3.Error):
            with db:
                db.execute("CREATE TEMP TABLE IF NOT EXISTS current (key TEXT PRIMARY KEY)")
                db.execute("DELETE FROM current")
                db.executemany("INSERT OR IGNORE INTO current VALUES (?)",
                               ((key,) for key in keys))
                db.execute("DELETE FROM analysis WHERE key NOT IN (SELECT key FROM current)")

    def read_source(self, data: bytes, path: str) -> tuple[SourceFile | None, list[Diagnostic]]:
        """:func:`~build_tools.sources.read_source`, or its stored result for the same path and
        bytes (parsing the front matter is most of the time of loading a corpus)."""
        digest = hashlib.sha256(SOURCES_VERSION.encode() + b"\0" + path.encode() + b"\0")
        digest.update(data)
        key = digest.hexdigest()
        self._sources_used.append(key)
        db = self._connect()
        if db is not None:
            try:
                row = db.execute("SELECT crc, value FROM sources WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error:
                row = None
            if row is not None:
                stored = _unpickle(row[0], row[1])
                if isinstance(stored, tuple) and len(stored) == 2:
                    return stored  # type: ignore[return-value]
        result = read_source(data, path)
        # pickled now: the loader may change the records it builds from it
        self._new_sources[key] = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        return result

    def save_sources(self) -> None:
        """Store the sources read since the last call, and forget those no longer read."""
        db = self._connect()
        if db is None:
            return
        rows = []
        for key, value in self._new_sources.items():
            rows.append((key, zlib.crc32(value), value))
        self._new_sources.clear()
        with contextlib.suppress(sqlite3.Error):
            with db:
                db.executemany("INSERT OR REPLACE INTO sources VALUES (?, ?, ?)", rows)
                db.execute("CREATE TEMP TABLE IF NOT EXISTS read (key TEXT PRIMARY KEY)")
                db.execute("DELETE FROM read")
                db.executemany("INSERT OR IGNORE INTO read VALUES (?)",
                               ((key,) for key in self._sources_used))
                db.execute("DELETE FROM sources WHERE key NOT IN (SELECT key FROM read)")
        self._sources_used.clear()

    def close(self) -> None:
        """Close the database file."""
        if self._db is not None:
            self._db.close()
            self._db = None


def _decode(crc: object, value: object) -> ArticleAnalysis | None:
    analysis = _unpickle(crc, value)
    return analysis if isinstance(analysis, ArticleAnalysis) else None


def _unpickle(crc: object, value: object) -> object:
    if not isinstance(value, bytes) or zlib.crc32(value) != crc:
        return None
    try:
        # The file is written by this tool only (never from a contributor's input).
        return pickle.loads(value)  # noqa: S301
    except Exception:  # noqa: BLE001 - any damage is a miss
        return None
