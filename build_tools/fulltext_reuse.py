"""Reusing the word-index chunks of the previous full-text index in the next build.

Pagefind writes its word index as chunks (``pagefind/index/*.pf_index``), each
gzip-compressed at the highest level and named by a short hash of its content,
and it writes no chunk whose file exists already (its output folder may be
written over). Compressing the chunks is most of what Pagefind does once it
has built the index, on one core, at the very end of the build: at 10,000
synthetic articles 549 chunks, 40 MB before compression, about 17 s of
CPU time. Editing one article changes only the chunks holding its words
(34 of those 549).

So every build keeps the chunks of its index in ``.cache/fulltext-index/`` (hard
links to the site's files, no copies), and the next build links them into its
bundle folder before Pagefind starts (:meth:`ChunkReuse.seed`). Pagefind then
writes only the chunks that changed. Once it is done (:meth:`ChunkReuse.settle`):

* **verified**: the names are short hashes (seven hex digits), so a chunk kept
  from the last build could, rarely, bear the name of a new chunk with other
  words in it. Each kept chunk the new index refers to must begin with the
  word the index says its chunk begins with; if one does not,
  :class:`StaleChunk` is raised and the caller indexes again without reuse;
* **pruned**: kept chunks the new index does not refer to are removed from the
  bundle, which then holds what Pagefind alone would have written;
* **stored**: the cache then holds exactly the new index's chunks.

Only the word-index chunks are reused. The fragments (one per article, 10,000
seven-digit names) would collide far more often and cost far less to write;
the filter files and the index's metadata change with every build anyway.
The cache is kept per Pagefind version, and a damaged or missing cache only
costs the time it would have saved.

Files the site shares with the cache are never written in place: Pagefind
skips a file that exists, and the cache replaces files by unlinking them.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import zlib
from importlib import metadata
from pathlib import Path
from typing import Any

import cbor2

CACHE_DIR = "fulltext-index"
"""Folder of the kept chunks in the project's ``.cache/``, one subfolder per Pagefind version."""

INDEX_DIR = "index"
"""Folder of the word-index chunks in Pagefind's bundle."""

SUFFIX = ".pf_index"

ENTRY = "pagefind-entry.json"
"""The bundle's entry file: Pagefind's version, and the hash of each language's metadata."""

_MAGIC = b"pagefind_dcd"
"""What Pagefind writes before the CBOR data of each compressed file."""


class StaleChunk(RuntimeError):
    """A reused chunk is not the one the new index refers to by its name."""


def pagefind_version() -> str | None:
    """Version of the installed Pagefind binary (its ``pagefind_bin`` package), if known."""
    for package in ("pagefind_bin", "pagefind_bin_extended"):
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    return None


class ChunkReuse:
    """The chunks kept in ``cache_dir`` for a Pagefind writing its bundle in ``bundle_dir``.

    ``version`` is the Pagefind version the bundle will be written by; chunks written by
    another version are never reused. Call :meth:`seed` before Pagefind starts and
    :meth:`settle` once it succeeded.
    """

    def __init__(self, cache_dir: Path, bundle_dir: Path, version: str) -> None:
        self.root = Path(cache_dir) / CACHE_DIR
        self.store = self.root / version
        self.bundle = Path(bundle_dir)
        self.version = version
        self.seeded: set[str] = set()
        """Names of the chunks :meth:`seed` put into the bundle."""

    def seed(self) -> int:
        """Link the kept chunks into the bundle's index folder; how many."""
        try:
            names = [name for name in os.listdir(self.store) if name.endswith(SUFFIX)]
        except OSError:  # nothing kept yet
            return 0
        target = self.bundle / INDEX_DIR
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            try:
                _link(self.store / name, target / name)
            except OSError:
                continue
            self.seeded.add(name)
        return len(self.seeded)

    def settle(self) -> int:
        """Verify, prune and store (see the module docstring), once Pagefind has written the
        bundle; how many of the chunks the new index refers to were reused.

        Raises :class:`StaleChunk` (and then neither prunes nor stores) if a reused chunk is
        not the one the index names, or if chunks were reused and the bundle does not read
        as expected. Without reused chunks it never raises: the bundle is Pagefind's own,
        and only the cache is left as it was."""
        try:
            entry = json.loads((self.bundle / ENTRY).read_text(encoding="utf-8"))
            starts = _chunk_starts(self.bundle, entry)
        except (OSError, ValueError, LookupError, TypeError, cbor2.CBORError) as unreadable:
            if self.seeded:
                raise StaleChunk(f"the new index does not read as expected: {unreadable}") \
                    from unreadable
            return 0
        if self.seeded and entry.get("version") != self.version:
            raise StaleChunk(f"the bundle was written by Pagefind {entry.get('version')}, "
                             f"the chunks by {self.version}")
        folder = self.bundle / INDEX_DIR
        reused = self.seeded & starts.keys()
        for name in sorted(reused):
            first = first_word(folder / name)
            if first is None or not first.startswith(starts[name]):
                raise StaleChunk(f"{name} begins with {first!r}, the index says {starts[name]!r}")
        for name in self.seeded - starts.keys():
            (folder / name).unlink(missing_ok=True)
        try:
            self._store(set(starts))
        except OSError:  # (a cache that cannot be written costs the next build time, only)
            pass
        return len(reused)

    def unseed(self) -> None:
        """Remove the bundle's index folder, reused chunks and all (to index again without)."""
        shutil.rmtree(self.bundle / INDEX_DIR, ignore_errors=True)
        self.seeded.clear()

    def _store(self, names: set[str]) -> None:
        """Make the cache hold exactly the bundle's chunks ``names`` (and no other version's)."""
        for other in self.root.glob("*"):
            if other != self.store:
                shutil.rmtree(other, ignore_errors=True)
        self.store.mkdir(parents=True, exist_ok=True)
        kept = set(os.listdir(self.store))
        for name in kept - names:
            (self.store / name).unlink(missing_ok=True)
        for name in names - kept:
            _link(self.bundle / INDEX_DIR / name, self.store / name)


def chunk_starts(bundle_dir: Path) -> dict[str, str]:
    """File name of every word-index chunk the bundle's index refers to, in every language,
    with the start of the first word the index says it holds."""
    return _chunk_starts(bundle_dir,
                         json.loads((bundle_dir / ENTRY).read_text(encoding="utf-8")))


def _chunk_starts(bundle_dir: Path, entry: dict[str, Any]) -> dict[str, str]:
    starts: dict[str, str] = {}
    for language in entry["languages"].values():
        meta = _decompressed((bundle_dir / f"pagefind.{language['hash']}.pf_meta").read_bytes())
        # The metadata: [version, pages, index chunks [from, to, hash], filters, sorts, ...].
        for start, _end, name in cbor2.loads(meta)[2]:
            starts[f"{name}{SUFFIX}"] = start
    return starts


def first_word(chunk: Path) -> str | None:
    """The first word in a word-index chunk (``None`` if it does not read as one).

    A chunk is ``[[[word, pages, ...], ...]]`` in CBOR: only its first 4 KB are read
    (from its first 64 KB compressed), head by head (RFC 8949, section 3), as decoding
    whole chunks took ~15 ms each.
    """
    try:
        with open(chunk, "rb") as file:
            data = zlib.decompressobj(wbits=31).decompress(file.read(65536), 4096)
    except (OSError, zlib.error):
        return None
    if not data.startswith(_MAGIC):
        return None
    at = len(_MAGIC)
    try:
        for expected in (4, 4, 4):  # the chunk, its list of words, the first word's record
            major, _count, at = _head(data, at)
            if major != expected:
                return None
        major, length, at = _head(data, at)
        if major != 3 or at + length > len(data):  # a text string
            return None
        return data[at:at + length].decode("utf-8")
    except (IndexError, UnicodeDecodeError):
        return None


def _head(data: bytes, at: int) -> tuple[int, int, int]:
    """Major type, argument and the offset after one CBOR head at ``at``."""
    initial = data[at]
    major, info = initial >> 5, initial & 0x1F
    if info < 24:
        return major, info, at + 1
    if info > 27:  # indefinite lengths and reserved values: not what Pagefind writes
        raise IndexError("unsupported CBOR head")
    size = 1 << (info - 24)
    if at + 1 + size > len(data):
        raise IndexError("truncated CBOR head")
    return major, int.from_bytes(data[at + 1:at + 1 + size], "big"), at + 1 + size


def _decompressed(data: bytes) -> bytes:
    raw = gzip.decompress(data)
    return raw[len(_MAGIC):] if raw.startswith(_MAGIC) else raw


def _link(source: Path, target: Path) -> None:
    """A hard link, or a copy where the two folders cannot share files."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:
        shutil.copyfile(source, target)
