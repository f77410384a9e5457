"""A persistent, content-addressed store of article analyses (``.cache/`` beside the corpus).

An entry's key is the digest of everything the analysis read (see
:meth:`~build_tools.article_analysis.AnalysisContext.key`: the article's body
and metadata, the registry's fingerprint and the analysis code's version), so
an entry is never stale: a changed input is a different key. The store is one
SQLite file; each value is a pickled
:class:`~build_tools.article_analysis.ArticleAnalysis` with a CRC-32 of its
bytes. Whatever is wrong with the file — truncated, corrupt, from another
version, locked by another check — the cache only misses: results are computed
again and are the same as without a cache. The same file also keeps what the
loader made of each corpus file (its record and its own diagnostics), keyed by
its path, bytes, the day and the loader's code, so a warm check validates no
unchanged front matter again; and, apart, the diagnostics of each analysis, which
are all ``make check`` reads of an unchanged article (see
:meth:`~build_tools.analysis_runs.AnalysisStream.diagnostics`). The cache is written by this tool
only and read by it only; it is never published.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from .article_analysis import ArticleAnalysis
from .check_memory import LoadedFile
from .diagnostics import Diagnostic

DISABLE_VARIABLE = "CORPUS_CACHE"
"""Set to ``0`` or ``off`` to check without reading or writing the cache."""
_SCHEMA = ("CREATE TABLE IF NOT EXISTS analysis (key TEXT PRIMARY KEY, crc INTEGER, value BLOB);"
           "CREATE TABLE IF NOT EXISTS files (key TEXT PRIMARY KEY, crc INTEGER, value BLOB);"
           # The diagnostics of each analysis, by the same key: a few bytes where the whole
           # analysis is tens of kilobytes of objects to unpickle.
           "CREATE TABLE IF NOT EXISTS diagnostics (key TEXT PRIMARY KEY, crc INTEGER, value BLOB);"
           "DROP TABLE IF EXISTS sources")  # what earlier versions kept of each file
_BATCH = 500  # SQLite's limit on parameters per statement is well above this


def cache_disabled() -> bool:
    """Whether the environment turns the cache off (see :data:`DISABLE_VARIABLE`)."""
    return os.environ.get(DISABLE_VARIABLE, "").strip().lower() in ("0", "off", "no", "false")


def default_cache_dir(corpus_dir: Path) -> Path:
    """``.cache/`` in the folder that holds the corpus (the project root for ``corpus/``)."""
    return Path(corpus_dir).resolve().parent / ".cache"


class AnalysisCache:
    """Article analyses by key, and what the loader made of each file (record and
    diagnostics) by its bytes, in
    ``<directory>/analysis.sqlite``."""

    FILE = "analysis.sqlite"

    def __init__(self, directory: Path) -> None:
        self.path = Path(directory) / self.FILE
        self._db: sqlite3.Connection | None = None
        self._new_files: dict[str, LoadedFile] = {}
        self._stored_files: dict[str, tuple[object, object]] | None = None
        self._pending_files: tuple[list[str], bool, dict[str, LoadedFile]] | None = None
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
        # No fsync: a cold check at 10,000 articles commits 400 times, and waited 1.9 s for
        # the disk (1.4 s against 0.4 s for the same rows in a test, CPU 0.7 against 0.4 s).
        # A crash of this process cannot damage the file (SQLite's writes are then in the
        # system's hands); only a crash of the system can, and a damaged cache is a miss:
        # every value is checked against its CRC, and a file that is no database is started
        # afresh (see _connect).
        db.execute("PRAGMA synchronous = OFF")
        # Entries of edited articles are deleted on every check; give their space back
        # rather than let the file grow (takes effect when the file is created).
        db.execute("PRAGMA auto_vacuum = FULL")
        db.executescript(_SCHEMA)
        db.execute("SELECT count(*) FROM analysis").fetchone()  # fails early on a corrupt file
        db.commit()
        return db

    def get_many(self, keys: Iterable[str]) -> dict[str, ArticleAnalysis]:
        """The cached analyses among ``keys``; a damaged entry counts as missing."""
        found: dict[str, ArticleAnalysis] = {}
        for key, (crc, value) in self._select_many("analysis", keys).items():
            analysis = _decode(crc, value)
            if analysis is not None:
                found[key] = analysis
        self.hits += len(found)
        return found

    def stored_keys(self) -> set[str]:
        """The keys of every stored analysis (read without the analyses): what
        :meth:`get_many` may find, but for damaged entries."""
        db = self._connect()
        if db is None:
            return set()
        try:
            return {key for (key,) in db.execute("SELECT key FROM analysis")}
        except sqlite3.Error:
            return set()

    def diagnostics_many(self, keys: Iterable[str]) -> dict[str, tuple[Diagnostic, ...]]:
        """The diagnostics of the cached analyses among ``keys``, without reading the
        analyses themselves where they are stored apart (entries of earlier versions are
        read whole once, and their diagnostics stored apart for the next time)."""
        wanted = list(dict.fromkeys(keys))
        found: dict[str, tuple[Diagnostic, ...]] = {}
        for key, (crc, value) in self._select_many("diagnostics", wanted).items():
            diagnostics = _unpickle(crc, value)
            if isinstance(diagnostics, tuple):
                found[key] = diagnostics
        self.hits += len(found)
        missing = [key for key in wanted if key not in found]
        if missing:
            whole = self.get_many(missing)  # (counts its own hits)
            self._insert_many("diagnostics", {key: analysis.diagnostics
                                              for key, analysis in whole.items()})
            found.update((key, analysis.diagnostics) for key, analysis in whole.items())
        return found

    def put_many(self, items: dict[str, ArticleAnalysis]) -> None:
        """Store analyses, and their diagnostics apart (best effort: a read-only or locked
        cache is skipped)."""
        self._insert_many("analysis", items)
        self._insert_many("diagnostics", {key: analysis.diagnostics
                                          for key, analysis in items.items()})

    def _select_many(self, table: str, keys: Iterable[str]) -> dict[str, tuple[object, object]]:
        """The stored (CRC, pickled value) of ``table`` among ``keys``; on a database error,
        those read until then."""
        db = self._connect()
        if db is None:
            return {}
        found: dict[str, tuple[object, object]] = {}
        wanted = list(dict.fromkeys(keys))
        try:
            for start in range(0, len(wanted), _BATCH):
                batch = wanted[start:start + _BATCH]
                rows = db.execute(f"SELECT key, crc, value FROM {table} WHERE key IN "
                                  f"({','.join('?' * len(batch))})", batch)
                for key, crc, value in rows:
                    found[key] = (crc, value)
        except sqlite3.Error:
            pass
        return found

    def _insert_many(self, table: str, values: Mapping[str, object]) -> None:
        """Store ``values`` in ``table`` (best effort, as every write of the cache)."""
        db = self._connect()
        if db is None or not values:
            return
        with contextlib.suppress(sqlite3.Error):
            with db:
                db.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?)",
                               _pickled_rows(values))

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
                db.execute("DELETE FROM diagnostics WHERE key NOT IN (SELECT key FROM current)")

    def loaded_file(self, key: str, few: bool = False) -> LoadedFile | None:
        """What the loader made of a file before, by its
        :func:`~build_tools.check_memory.file_key` (damaged: ``None``).

        ``few``: only a few files will be asked for (a preview's re-check, which has the
        others in memory): each is read on its own rather than every file at once."""
        if few and self._stored_files is None:
            row = self._read_file(key)
        else:
            if self._stored_files is None:
                self._stored_files = self._read_files()
            row = self._stored_files.pop(key, None)
        if row is None:
            return None
        loaded = _unpickle(*row)
        return loaded if isinstance(loaded, LoadedFile) and loaded.key == key else None

    def _read_files(self) -> dict[str, tuple[object, object]]:
        # One query for every file rather than one per file: the table holds the files of
        # the last check only, which are nearly all wanted.
        db = self._connect()
        if db is None:
            return {}
        try:
            return {key: (crc, value)
                    for key, crc, value in db.execute("SELECT key, crc, value FROM files")}
        except sqlite3.Error:
            return {}

    def _read_file(self, key: str) -> tuple[object, object] | None:
        db = self._connect()
        if db is None:
            return None
        try:
            return db.execute("SELECT crc, value FROM files WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None

    def put_loaded_file(self, loaded: LoadedFile) -> None:
        """Store what the loader made of a file (written by :meth:`save_files`)."""
        self._new_files[loaded.key] = loaded

    def save_files(self, keys: Iterable[str], forget_others: bool = True) -> None:
        """Store the files loaded since the last call, and (``forget_others``) forget every
        file but ``keys`` (those of the corpus just loaded, however they were found).

        The writing waits for :meth:`write_pending` (or :meth:`close`): the check calls it
        while worker processes analyse the articles, when this process has nothing else to
        do (writing the files of a cold check of 10,000 articles took a second)."""
        self.write_pending()  # (the files of an earlier call, if any)
        self._stored_files = None
        self._pending_files = (list(keys), forget_others, self._new_files)
        self._new_files = {}

    def write_pending(self) -> None:
        """Write what :meth:`save_files` left to write, if anything."""
        if self._pending_files is None:
            return
        keys, forget_others, new = self._pending_files
        self._pending_files = None
        db = self._connect()
        if db is None:
            return
        with contextlib.suppress(sqlite3.Error):
            with db:
                db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?)",
                               _pickled_rows(new))
                if not forget_others:
                    return
                db.execute("CREATE TEMP TABLE IF NOT EXISTS read (key TEXT PRIMARY KEY)")
                db.execute("DELETE FROM read")
                db.executemany("INSERT OR IGNORE INTO read VALUES (?)", ((key,) for key in keys))
                db.execute("DELETE FROM files WHERE key NOT IN (SELECT key FROM read)")

    def close(self) -> None:
        """Write what is pending (see :meth:`save_files`), then close the database file."""
        self.write_pending()
        if self._db is not None:
            self._db.close()
            self._db = None


def _pickled_rows(values: Mapping[str, object]) -> Iterator[tuple[str, int, bytes]]:
    """(key, CRC-32, pickled value) rows, as every table of the cache stores them, one at a
    time: the pickles of 10,000 analyses together were 200 MB at the peak of a cold build."""
    for key, value in values.items():
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        yield key, zlib.crc32(data), data


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
