"""Open data: the corpus as JSON, CSV and one SQLite database, for ``/data/``.

The relational tables are defined once (:data:`TABLES`); the CSV files and the
SQLite database are written from the same rows, so they always agree. The
JSON document nests the same facts per article and per entity, and adds the
Markdown source of every body. The documented, versioned schema is the
hand-written page ``docs/data.md``; a test checks that it names every table
and column defined here.

The text of the articles is nine tenths of the data. It is in the database
and the JSON document, not in ``articles.csv`` as well (see
:attr:`Table.csv_omits`): a third copy cost 17 MB of the site at 10,000
articles, for spreadsheets that cut a cell at 32,767 characters anyway.

Every download is published gzip-compressed (``corpus.json.gz``,
``articles.csv.gz``…): compressed they take a quarter of the room on the site
(GitHub Pages publishes at most 1 GB) and of a reader's download. pandas reads
``.csv.gz`` and ``.json.gz`` as they are; ``gunzip`` restores the database.

Outputs are deterministic: rows are sorted by key, nothing records the time
of the build, the database is written with ``VACUUM INTO`` from a scratch
file, and the gzip header carries neither a file name nor a time, so an
unchanged corpus yields byte-identical files.

The two large files are streamed rather than held whole: the database is
compressed from its file in chunks, and the JSON document is written one
record at a time, one record to a line (:func:`corpus_json`). Holding each
whole, with its text and its compressed copy, took about 570 MB of the build's
memory at 10,000 articles.
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import json
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zlib_ng import zlib_ng

from . import urls
from .cores import default_jobs
from .model import UNKNOWN, Article, Entity, Event, Organization, Person, Place
from .resolve import Archive

SCHEMA_VERSION = 2
"""Raised whenever a table, column or JSON field changes meaning or disappears."""

JSON_FILE = "corpus.json"
SQLITE_FILE = "corpus.sqlite"
COMPRESSED_SUFFIX = ".gz"
"""Every download is published gzip-compressed under its name plus this suffix."""
COMPRESS_LEVEL = 7
"""zlib-ng's level 7. Compressing the downloads was the build's largest cost in this
package's own code: at 10,000 synthetic articles (215 MB to compress), zlib's level 6 took
6.7 s of CPU for 50.2 MB; zlib-ng takes 3.7 s at level 7 for 49.7 MB (2.2 s at its level 6,
for 50.6 MB; 6.5 s at level 9, for no smaller files). The output is plain gzip."""

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Column:
    """One column of an exported table."""

    name: str
    sql: str
    """SQLite type and column constraints."""


@dataclass(frozen=True)
class Table:
    """One exported table: a CSV file and a SQLite table of the same name and columns."""

    name: str
    columns: tuple[Column, ...]
    constraints: tuple[str, ...]
    """Table constraints: primary key, foreign keys."""
    csv_omits: tuple[str, ...] = ()
    """Columns of the database table left out of its CSV file."""
    without_rowid: bool = False
    """Stored by its primary key alone (SQLite's ``WITHOUT ROWID``): for tables of small rows
    that their key nearly covers, which SQLite would otherwise store twice, as rows and as
    the key's index (the mentions were a fifth of the database, twice over)."""

    @property
    def csv_file(self) -> str:
        return f"{self.name}.csv"

    @property
    def csv_columns(self) -> tuple[Column, ...]:
        """The columns of the CSV file: the table's, but for :attr:`csv_omits`."""
        return tuple(c for c in self.columns if c.name not in self.csv_omits)

    def ddl(self) -> str:
        parts = [f"  {c.name} {c.sql}".rstrip() for c in self.columns]
        parts += [f"  {constraint}" for constraint in self.constraints]
        return (f"CREATE TABLE {self.name} (\n" + ",\n".join(parts) + "\n)"
                + (" WITHOUT ROWID" if self.without_rowid else ""))


def _c(name: str, sql: str = "TEXT") -> Column:
    return Column(name, sql)


_ENTITY_FK = "REFERENCES entities (type, id)"

TABLES: tuple[Table, ...] = (
    Table("tags", (_c("id", "TEXT NOT NULL"), _c("label", "TEXT NOT NULL"),
                   _c("description")),
          ("PRIMARY KEY (id)",)),
    Table("entities", (
        _c("type", "TEXT NOT NULL CHECK (type IN ('person', 'organization', 'place', 'event'))"),
        _c("id", "TEXT NOT NULL"), _c("name", "TEXT NOT NULL"), _c("kind"),
        _c("date"), _c("end_date"), _c("roles"), _c("wikidata"), _c("links"),
        _c("description"), _c("page", "TEXT NOT NULL"), _c("source", "TEXT NOT NULL")),
        ("PRIMARY KEY (type, id)",)),
    Table("aliases", (_c("entity_type", "TEXT NOT NULL"), _c("entity_id", "TEXT NOT NULL"),
                      _c("position", "INTEGER NOT NULL"), _c("alias", "TEXT NOT NULL")),
          ("PRIMARY KEY (entity_type, entity_id, position)",
           f"FOREIGN KEY (entity_type, entity_id) {_ENTITY_FK}"), without_rowid=True),
    Table("entity_links", (
        _c("entity_type", "TEXT NOT NULL"), _c("entity_id", "TEXT NOT NULL"),
        _c("relation", "TEXT NOT NULL"),
        _c("target_type", "TEXT NOT NULL"), _c("target_id", "TEXT NOT NULL")),
        ("PRIMARY KEY (entity_type, entity_id, relation, target_type, target_id)",
         f"FOREIGN KEY (entity_type, entity_id) {_ENTITY_FK}",
         f"FOREIGN KEY (target_type, target_id) {_ENTITY_FK}"), without_rowid=True),
    Table("articles", (
        _c("id", "TEXT NOT NULL"), _c("title", "TEXT NOT NULL"),
        _c("outlet_type", "TEXT NOT NULL CHECK (outlet_type = 'organization')"),
        _c("outlet_id", "TEXT NOT NULL"),
        _c("published", "TEXT NOT NULL"), _c("year", "INTEGER NOT NULL"),
        _c("month", "INTEGER"), _c("day", "INTEGER"),
        _c("url"), _c("archive_url"), _c("retrieved"), _c("dateline"), _c("language"),
        _c("summary"), _c("notes"),
        _c("republished_from_article"), _c("republished_from_outlet"),
        _c("republished_from_url"), _c("republished_from_note"),
        _c("page", "TEXT NOT NULL"), _c("source", "TEXT NOT NULL"), _c("text", "TEXT NOT NULL")),
        ("PRIMARY KEY (id)",
         f"FOREIGN KEY (outlet_type, outlet_id) {_ENTITY_FK}",
         "FOREIGN KEY (republished_from_article) REFERENCES articles (id)"),
        # The whole text, a third copy besides the database's and the JSON's, was nine
        # tenths of the CSV downloads; a spreadsheet cuts a cell at 32,767 characters anyway.
        csv_omits=("text",)),
    Table("article_tags", (_c("article_id", "TEXT NOT NULL"), _c("tag_id", "TEXT NOT NULL"),
                           _c("position", "INTEGER NOT NULL")),
          ("PRIMARY KEY (article_id, tag_id)",
           "FOREIGN KEY (article_id) REFERENCES articles (id)",
           "FOREIGN KEY (tag_id) REFERENCES tags (id)"), without_rowid=True),
    Table("mentions", (_c("article_id", "TEXT NOT NULL"), _c("entity_type", "TEXT NOT NULL"),
                       _c("entity_id", "TEXT NOT NULL"), _c("role", "TEXT NOT NULL")),
          ("PRIMARY KEY (article_id, entity_type, entity_id, role)",
           "FOREIGN KEY (article_id) REFERENCES articles (id)",
           f"FOREIGN KEY (entity_type, entity_id) {_ENTITY_FK}"), without_rowid=True),
    Table("quotes", (
        _c("article_id", "TEXT NOT NULL"), _c("position", "INTEGER NOT NULL"),
        _c("speaker_type", "TEXT NOT NULL"), _c("speaker_id", "TEXT NOT NULL"),
        _c("text", "TEXT NOT NULL"),
        _c("via_type", "TEXT CHECK (via_type IS NULL OR via_type = 'organization')"),
        _c("via_id"), _c("said"), _c("anchor", "TEXT NOT NULL"), _c("page", "TEXT NOT NULL")),
        ("PRIMARY KEY (article_id, position)",
         "FOREIGN KEY (article_id) REFERENCES articles (id)",
         f"FOREIGN KEY (speaker_type, speaker_id) {_ENTITY_FK}",
         f"FOREIGN KEY (via_type, via_id) {_ENTITY_FK}")),
)
"""Every exported table, parents before children."""

ENTITY_RELATIONS = {
    "affiliation": ("person", "affiliations", ("organization",)),
    "part_of": ("organization", "part_of", ("organization",)),
    "country": ("organization", "country", ("place",)),
    "within": ("place", "within", ("place",)),
    "place": ("event", "places", ("place",)),
    "participant": ("event", "participants", ("person", "organization")),
}
"""``entity_links.relation`` -> (entity type, front-matter field, target types)."""


def table_rows(archive: Archive) -> dict[str, list[Row]]:
    """The rows of every table in :data:`TABLES`, sorted by primary key."""
    corpus = archive.corpus
    articles = sorted(corpus.articles.values(), key=lambda a: a.id)
    entities = sorted(corpus.all_entities(), key=lambda e: (e.TYPE, e.id))
    rows: dict[str, list[Row]] = {
        "tags": [(t.id, t.label, t.description or None)
                 for t in sorted(corpus.tags.values(), key=lambda t: t.id)],
        "entities": [_entity_row(e) for e in entities],
        "aliases": [(e.TYPE, e.id, position, alias) for e in entities
                    for position, alias in enumerate(e.aliases, 1)],
        "entity_links": sorted(set(_entity_links(archive, entities))),
        "articles": [_article_row(archive, a) for a in articles],
        "article_tags": sorted((a.id, tag, position) for a in articles
                               for position, tag in enumerate(a.tags, 1)),
        "mentions": sorted((article_id, ref.type, ref.id, role)
                           for ref, by_article in archive.involvement.items()
                           for article_id, roles in by_article.items() for role in roles),
        "quotes": [_quote_row(archive, a, position) for a in articles
                   for position in range(1, len(a.quotes) + 1)],
    }
    return rows


def _json_list(values: tuple[str, ...]) -> str | None:
    return json.dumps(list(values), ensure_ascii=False) if values else None


def _entity_row(entity: Entity) -> Row:
    date = end_date = None
    if isinstance(entity, Event):
        date = entity.date.iso
        end_date = entity.end_date.iso if entity.end_date else None
    roles = _json_list(entity.roles) if isinstance(entity, Person) else None
    return (entity.TYPE, entity.id, entity.name, entity.kind, date, end_date, roles,
            entity.wikidata, _json_list(entity.links), entity.body.strip() or None,
            urls.entity_path(entity.SECTION, entity.id), entity.path)


def _entity_links(archive: Archive, entities: list[Entity]) -> Iterator[Row]:
    for relation, (entity_type, field_name, target_types) in ENTITY_RELATIONS.items():
        for entity in entities:
            if entity.TYPE != entity_type:
                continue
            value = getattr(entity, field_name)
            for target in value if isinstance(value, tuple) else (value,):
                ref = archive.ref(target, target_types) if target and target != UNKNOWN else None
                if ref is not None:
                    yield (entity.TYPE, entity.id, relation, ref.type, ref.id)


def _article_row(archive: Archive, article: Article) -> Row:
    origin = article.republished_from
    date = article.published
    return (article.id, article.title, "organization", article.outlet, date.iso, date.year,
            date.month or None, date.day or None, article.url, article.archive_url,
            article.retrieved.iso if article.retrieved else None, article.dateline,
            article.language, article.summary, article.notes,
            origin.article if origin else None, origin.outlet if origin else None,
            origin.url if origin else None, origin.note if origin else None,
            urls.article_path(article.id, article.year), article.path,
            archive.plain_text.get(article.id, ""))


def _quote_row(archive: Archive, article: Article, position: int) -> Row:
    quote = article.quotes[position - 1]
    speaker = archive.speaker(quote)
    return (article.id, position, speaker.TYPE, speaker.id, quote.text,
            "organization" if quote.via else None, quote.via,
            quote.said.iso if quote.said else None, quote.anchor,
            urls.article_path(article.id, article.year) + "#" + quote.anchor)


def corpus_json(archive: Archive, rows: dict[str, list[Row]] | None = None) -> Iterator[str]:
    """:func:`corpus_document` as JSON text, in pieces, without making the document whole:
    each article, entity and tag is one line. ``json.loads`` of the joined pieces equals
    the document."""
    articles, entities, tags = _corpus_records(archive, rows)
    yield f'{{\n "schema_version": {SCHEMA_VERSION},\n "articles": '
    yield from _json_lines(articles)
    yield ',\n "entities": '
    yield from _json_lines(entities)
    yield ',\n "tags": '
    yield from _json_lines(tags)
    yield "\n}\n"


def _json_lines(items: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A JSON array with one item to a line (each encoded by the C encoder, which an
    indented document cannot use: ten times quicker)."""
    separator = "[\n  "
    for item in items:
        yield separator + json.dumps(item, ensure_ascii=False)
        separator = ",\n  "
    yield "[]" if separator == "[\n  " else "\n ]"


def corpus_document(archive: Archive,
                    rows: dict[str, list[Row]] | None = None) -> dict[str, Any]:
    """The whole corpus as one JSON-ready document (see ``docs/data.md``); ``rows``: the
    archive's :func:`table_rows`, if already made."""
    articles, entities, tags = _corpus_records(archive, rows)
    return {"schema_version": SCHEMA_VERSION, "articles": list(articles),
            "entities": list(entities), "tags": list(tags)}


def _corpus_records(archive: Archive, rows: dict[str, list[Row]] | None
                    ) -> tuple[Iterator[dict[str, Any]], ...]:
    """The records of the articles, entities and tags of the corpus document, each made as
    it is taken (the mentions of an article are grouped as it is made)."""
    corpus = archive.corpus
    mentions = iter((rows or table_rows(archive))["mentions"])  # sorted by article id
    grouped = itertools.groupby(mentions, key=lambda row: row[0])
    pending = next(grouped, None)

    def mentions_of(article_id: str) -> list[dict[str, str]]:
        nonlocal pending
        while pending is not None and pending[0] < article_id:
            pending = next(grouped, None)  # (mentions of an article not in the corpus)
        if pending is None or pending[0] != article_id:
            return []
        found = [{"entity_type": t, "entity_id": i, "role": r} for _a, t, i, r in pending[1]]
        pending = next(grouped, None)
        return found

    articles = (_article_document(archive, a, mentions_of(a.id))
                for a in sorted(corpus.articles.values(), key=lambda a: a.id))
    entities = (_entity_document(e)
                for e in sorted(corpus.all_entities(), key=lambda e: (e.TYPE, e.id)))
    tags = ({"id": t.id, "label": t.label, "description": t.description or None}
            for t in sorted(corpus.tags.values(), key=lambda t: t.id))
    return articles, entities, tags


def _article_document(archive: Archive, article: Article,
                      mentions: list[dict[str, str]]) -> dict[str, Any]:
    origin = article.republished_from
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "published": article.published.iso,
        "url": article.url,
        "archive_url": article.archive_url,
        "retrieved": article.retrieved.iso if article.retrieved else None,
        "dateline": article.dateline,
        "authors": list(article.authors) if article.authors is not None else None,
        "language": article.language,
        "summary": article.summary,
        "notes": article.notes,
        "tags": list(article.tags),
        "events": list(article.events),
        "people": list(article.people),
        "organizations": list(article.organizations),
        "places": list(article.places),
        "republished_from": None if origin is None else {
            "article": origin.article, "outlet": origin.outlet, "url": origin.url,
            "note": origin.note},
        "quotes": [{"speaker_type": archive.speaker(q).TYPE, "speaker_id": q.by,
                    "text": q.text, "via": q.via, "said": q.said.iso if q.said else None,
                    "anchor": q.anchor} for q in article.quotes],
        "mentions": mentions,
        "page": urls.article_path(article.id, article.year),
        "source": article.path,
        "body": article.body,
        "text": archive.plain_text.get(article.id, ""),
    }


def _entity_document(entity: Entity) -> dict[str, Any]:
    document: dict[str, Any] = {
        "type": entity.TYPE, "id": entity.id, "name": entity.name,
        "aliases": list(entity.aliases), "kind": entity.kind, "wikidata": entity.wikidata,
        "links": list(entity.links), "description": entity.body.strip() or None,
    }
    if isinstance(entity, Person):
        document.update(affiliations=list(entity.affiliations), roles=list(entity.roles))
    elif isinstance(entity, Organization):
        document.update(part_of=entity.part_of, country=entity.country)
    elif isinstance(entity, Place):
        document.update(within=entity.within)
    elif isinstance(entity, Event):
        document.update(date=entity.date.iso,
                        end_date=entity.end_date.iso if entity.end_date else None,
                        places=list(entity.places), participants=list(entity.participants))
    document.update(page=urls.entity_path(entity.SECTION, entity.id), source=entity.path)
    return document


def csv_bytes(table: Table, rows: list[Row]) -> bytes:
    """A table as CSV (RFC 4180: comma, double quotes, CRLF), UTF-8 without BOM, with a header;
    without the columns the table leaves out of its CSV file (:attr:`Table.csv_omits`)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([column.name for column in table.csv_columns])
    if table.csv_omits:
        kept = [i for i, column in enumerate(table.columns) if column.name not in table.csv_omits]
        rows = [tuple(row[i] for i in kept) for row in rows]
    writer.writerows(rows)  # the csv module writes None as an empty field
    return buffer.getvalue().encode("utf-8")


def write_sqlite(rows: dict[str, list[Row]], target: Path) -> None:
    """The tables as one SQLite database at ``target`` (replaced if present)."""
    target.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="corpus-sqlite-") as scratch:
        _write_sqlite(rows, Path(scratch) / target.name, target)


def _write_sqlite(rows: dict[str, list[Row]], scratch: Path, target: Path) -> None:
    # Built in a scratch file rather than in memory (the whole database, its text included,
    # held in the build's memory), then copied compact and in one pass by VACUUM INTO.
    connection = sqlite3.connect(scratch)
    try:
        connection.execute("PRAGMA journal_mode = OFF")  # a scratch file: nothing to recover
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("CREATE TABLE schema_info (\n  key TEXT NOT NULL PRIMARY KEY,\n"
                           "  value TEXT NOT NULL\n)")
        connection.executemany("INSERT INTO schema_info VALUES (?, ?)",
                               [("schema_version", str(SCHEMA_VERSION)),
                                ("documentation", urls.DATA)])
        for table in TABLES:
            connection.execute(table.ddl())
            marks = ", ".join("?" * len(table.columns))
            connection.executemany(f"INSERT INTO {table.name} VALUES ({marks})", rows[table.name])
        connection.commit()
        # A compact file written in one pass: the same rows give the same bytes.
        connection.execute("VACUUM INTO ?", (str(target),))
    finally:
        connection.close()


def download_name(name: str) -> str:
    """The published file of the export ``name``: ``corpus.json`` -> ``corpus.json.gz``."""
    return name + COMPRESSED_SUFFIX


def compress(data: bytes) -> bytes:
    """gzip ``data`` reproducibly: no file name and time zero in the header."""
    compressor = _compressor()
    return compressor.compress(data) + compressor.flush()


def write_compressed(target: Path, chunks: Iterable[bytes]) -> None:
    """Write the gzip of the concatenated ``chunks`` to ``target``, one chunk at a time: the
    same bytes as :func:`compress` of the whole (zlib-ng writes the gzip wrapper itself,
    without a name or a time)."""
    compressor = _compressor()
    with target.open("wb") as out:
        for chunk in chunks:
            out.write(compressor.compress(chunk))
        out.write(compressor.flush())


def _compressor() -> Any:
    # wbits 16 + 15: the gzip wrapper, with time zero and no file name
    return zlib_ng.compressobj(COMPRESS_LEVEL, zlib_ng.DEFLATED, 16 + zlib_ng.MAX_WBITS)


def _file_chunks(path: Path, size: int = 1 << 20) -> Iterator[bytes]:
    with path.open("rb") as source:
        while chunk := source.read(size):
            yield chunk


def read_download(folder: Path, name: str) -> bytes:
    """The uncompressed content of the export ``name`` as published in ``folder``."""
    return gzip.decompress((folder / download_name(name)).read_bytes())


def write_exports(archive: Archive, out_dir: Path, jobs: int | None = None) -> list[str]:
    """Write every download, gzip-compressed, into ``out_dir``; returns the file names, sorted.

    Compressing is most of the work (about 290 MB of text at 10,000 articles), and zlib-ng
    lets other threads run meanwhile: the database and each CSV file are compressed by one
    of ``jobs`` threads (default: the usable cores) as soon as they are made, while the
    JSON document is made and compressed, a chunk at a time, in this one. Each file is
    compressed by one thread, from its start to its end, so the bytes do not depend on
    the threads."""
    out_dir.mkdir(parents=True, exist_ok=True)
    names: list[str] = []
    # (the scratch folder outlives the threads, which compress the database from it)
    with tempfile.TemporaryDirectory(prefix="corpus-sqlite-") as scratch, \
            ThreadPoolExecutor(max(1, default_jobs() if jobs is None else jobs),
                               thread_name_prefix="compress") as threads:
        written: list[Future[None]] = []

        def publish(name: str, data: bytes) -> None:
            names.append(download_name(name))
            written.append(threads.submit(write_compressed, out_dir / download_name(name),
                                          [data]))

        rows = table_rows(archive)
        database = Path(scratch) / SQLITE_FILE
        write_sqlite(rows, database)
        names.append(download_name(SQLITE_FILE))
        written.append(threads.submit(write_compressed, out_dir / download_name(SQLITE_FILE),
                                      _file_chunks(database)))
        for table in TABLES:
            publish(table.csv_file, csv_bytes(table, rows[table.name]))
        names.append(download_name(JSON_FILE))
        pieces = (piece.encode("utf-8") for piece in corpus_json(archive, rows))
        write_compressed(out_dir / download_name(JSON_FILE), _batched(pieces))
        for future in written:
            future.result()  # raises what went wrong in a thread
    return sorted(names)


def _batched(pieces: Iterable[bytes], size: int = 1 << 20) -> Iterator[bytes]:
    """The pieces joined into chunks of about ``size`` bytes (zlib-ng releases the interpreter
    for each call: a call per record would hand it back and forth 20,000 times)."""
    batch: list[bytes] = []
    length = 0
    for piece in pieces:
        batch.append(piece)
        length += len(piece)
        if length >= size:
            yield b"".join(batch)
            batch, length = [], 0
    if batch:
        yield b"".join(batch)
