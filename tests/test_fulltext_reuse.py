"""Reusing the last build's word-index chunks (build_tools/fulltext_reuse.py), on real
Pagefind runs: a bundle made with reused chunks is the bundle Pagefind alone makes, and a
reused chunk that is not the one the new index names is caught."""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
from pathlib import Path

import pytest

from build_tools import fulltext, fulltext_reuse
from build_tools.fulltext_reuse import CACHE_DIR, INDEX_DIR, SUFFIX, chunk_starts, first_word

pytest.importorskip("pagefind")

VERSION = fulltext_reuse.pagefind_version()
pytestmark = pytest.mark.skipif(VERSION is None, reason="no Pagefind binary installed")


def write_documents(folder: Path, count: int = 240, seed: int = 7) -> list[Path]:
    """``count`` documents of ~250 words drawn from a few thousand: enough words for
    Pagefind to split its index into many chunks."""
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "sun", "tor", "vel", "an", "ri", "bo", "zet", "ush", "ne"]
    words = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
                    for _ in range(4000)})
    paths = []
    for number in range(count):
        text = " ".join(rng.choice(words) for _ in range(250))
        path = folder / "articles" / f"a{number:03d}" / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'<html lang="en"><body><h1 data-pagefind-body>Story {number}</h1>'
                        f"<p data-pagefind-body>{text}</p></body></html>", encoding="utf-8")
        paths.append(path)
    return paths


def edit(document: Path, words: str) -> None:
    html = document.read_text(encoding="utf-8")
    document.write_text(html.replace("</p>", f" {words}</p>"), encoding="utf-8")


def index(documents: Path, site: Path, cache: Path | None) -> fulltext.IndexReport:
    return fulltext.Indexer(site, documents, cache).finish()


def chunk_files(site: Path) -> dict[str, bytes]:
    folder = site / "pagefind" / INDEX_DIR
    return {path.name: path.read_bytes() for path in folder.iterdir()}


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("documents")
    write_documents(folder)
    return folder


def test_a_reused_bundle_is_the_bundle_pagefind_alone_writes(
        documents: Path, tmp_path: Path) -> None:
    documents = Path(shutil.copytree(documents, tmp_path / "documents"))
    cache = tmp_path / ".cache"
    first = index(documents, tmp_path / "first", cache)
    assert first.reused_chunks == 0 and first.chunks > 5, "enough chunks to reuse some"
    kept = cache / CACHE_DIR / str(VERSION)
    assert sorted(os.listdir(kept)) == sorted(chunk_files(tmp_path / "first"))

    edit(documents / "articles" / "a007" / "index.html", "zorblax quintessence")
    second = index(documents, tmp_path / "second", cache)
    alone = index(documents, tmp_path / "alone", None)
    assert 0 < second.reused_chunks < second.chunks == alone.chunks
    assert chunk_files(tmp_path / "second") == chunk_files(tmp_path / "alone"), (
        "the same chunks, byte for byte, and no chunk of the last index left over")
    assert sorted(os.listdir(kept)) == sorted(chunk_files(tmp_path / "alone"))
    assert "reused" in second.summary() and f"of {second.chunks} word-index" in second.summary()


def test_a_reused_chunk_under_a_new_chunks_name_is_caught(
        documents: Path, tmp_path: Path) -> None:
    """Chunk names are seven hex digits of a hash: a kept chunk may bear the name of a new
    one. Forge that: the next index will write a chunk named N; the cache holds, under N,
    another chunk. The indexer notices and indexes again without reuse."""
    documents = Path(shutil.copytree(documents, tmp_path / "documents"))
    cache = tmp_path / ".cache"
    index(documents, tmp_path / "first", cache)
    old = chunk_files(tmp_path / "first")
    edit(documents / "articles" / "a011" / "index.html", "zorblax quintessence")
    index(documents, tmp_path / "alone", None)
    new_names = sorted(set(chunk_files(tmp_path / "alone")) - set(old))
    assert new_names, "the edit changed some chunks"
    starts = chunk_starts(tmp_path / "alone" / "pagefind")
    impostor = next(name for name in old
                    if not (first_word(tmp_path / "first" / "pagefind" / INDEX_DIR / name)
                            or "").startswith(starts[new_names[0]]))
    kept = cache / CACHE_DIR / str(VERSION)
    shutil.copyfile(kept / impostor, kept / new_names[0])

    report = index(documents, tmp_path / "second", cache)
    assert chunk_files(tmp_path / "second") == chunk_files(tmp_path / "alone")
    assert report.reused_chunks == 0, "nothing was reused in the end"
    assert sorted(os.listdir(kept)) == sorted(chunk_files(tmp_path / "alone")), (
        "the forged chunk is gone from the cache")


def test_chunks_of_another_pagefind_version_are_not_reused(
        documents: Path, tmp_path: Path) -> None:
    cache = tmp_path / ".cache"
    index(documents, tmp_path / "first", cache)
    (cache / CACHE_DIR / str(VERSION)).rename(cache / CACHE_DIR / "0.0.1")
    report = index(documents, tmp_path / "second", cache)
    assert report.reused_chunks == 0
    assert os.listdir(cache / CACHE_DIR) == [VERSION], "the other version's chunks are gone"


def test_first_word_reads_only_what_is_a_chunk(documents: Path, tmp_path: Path) -> None:
    index(documents, tmp_path / "site", None)
    bundle = tmp_path / "site" / "pagefind"
    starts = chunk_starts(bundle)
    assert starts and all(first_word(bundle / INDEX_DIR / name).startswith(start)
                          for name, start in starts.items())
    not_chunks = {
        "empty": b"",
        "not gzip": b"pagefind_dcd\x81",
        "no signature": gzip.compress(b"\x81\x81\x83\x63abc"),
        "a number first": gzip.compress(b"pagefind_dcd\x81\x81\x83\x05"),
        "truncated word": gzip.compress(b"pagefind_dcd\x81\x81\x83\x78\x40ab"),
        "truncated head": gzip.compress(b"pagefind_dcd\x81\x99"),
        "indefinite list": gzip.compress(b"pagefind_dcd\x9f"),
    }
    for what, data in not_chunks.items():
        path = tmp_path / f"{what}{SUFFIX}"
        path.write_bytes(data)
        assert first_word(path) is None, what
    good = tmp_path / f"good{SUFFIX}"
    good.write_bytes(gzip.compress(b"pagefind_dcd\x81\x98\x01\x83\x63abc"))
    assert first_word(good) == "abc"


def test_a_cache_that_cannot_be_written_only_costs_time(documents: Path, tmp_path: Path) -> None:
    cache = tmp_path / ".cache"
    cache.mkdir()
    (cache / CACHE_DIR).write_text("not a folder")
    report = index(documents, tmp_path / "site", cache)
    index(documents, tmp_path / "alone", None)
    assert report.reused_chunks == 0
    assert chunk_files(tmp_path / "site") == chunk_files(tmp_path / "alone")


def test_an_index_that_does_not_read_is_stale_only_with_reused_chunks(tmp_path: Path) -> None:
    """Metadata that is not the CBOR expected: with reused chunks in the bundle the indexer
    must index again (StaleChunk); without, the bundle is Pagefind's own and stays."""
    bundle = tmp_path / "pagefind"
    bundle.mkdir()
    (bundle / "pagefind-entry.json").write_text(
        json.dumps({"version": VERSION, "languages": {"en": {"hash": "en_0"}}}))
    (bundle / "pagefind.en_0.pf_meta").write_bytes(gzip.compress(b"pagefind_dcd\xff\xff"))
    store = tmp_path / ".cache" / CACHE_DIR / str(VERSION)
    store.mkdir(parents=True)
    (store / f"en_1{SUFFIX}").write_bytes(b"")
    assert fulltext_reuse.ChunkReuse(tmp_path / "elsewhere", bundle, str(VERSION)).settle() == 0
    reuse = fulltext_reuse.ChunkReuse(tmp_path / ".cache", bundle, str(VERSION))
    assert reuse.seed() == 1
    with pytest.raises(fulltext_reuse.StaleChunk):
        reuse.settle()
