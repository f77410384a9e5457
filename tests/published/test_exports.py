"""Open data: the downloads hold exactly the corpus, agree with each other and match their docs."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path

import pytest

from build_tools import exports
from build_tools.pipeline import CheckResult
from build_tools.resolve import ROLE_LABELS

from .site_files import REPO, article, entity, outlet


@pytest.fixture(scope="module")
def database(built_site: Path, tmp_path_factory: pytest.TempPathFactory):
    """The published database, uncompressed as a reader would (``gunzip corpus.sqlite.gz``)."""
    copy = tmp_path_factory.mktemp("download") / exports.SQLITE_FILE
    copy.write_bytes(exports.read_download(built_site / "data", exports.SQLITE_FILE))
    connection = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    yield connection
    connection.close()


def csv_rows(built_site: Path, name: str) -> list[list[str]]:
    text = exports.read_download(built_site / "data", name).decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


def test_every_download_is_gzip_compressed(built_site: Path) -> None:
    published = sorted(p.name for p in (built_site / "data").iterdir() if p.suffix != ".html")
    assert published == sorted(exports.download_name(name) for name in
                               [exports.JSON_FILE, exports.SQLITE_FILE] +
                               [t.csv_file for t in exports.TABLES])
    for name in published:
        header = (built_site / "data" / name).read_bytes()[:10]
        assert header[:2] == b"\x1f\x8b", name  # gzip magic
        assert header[4:8] == b"\0\0\0\0", name  # no time recorded: reproducible


def corpus_mentions(seed: CheckResult) -> set[tuple[str, str, str, str]]:
    return {(article_id, ref.type, ref.id, role)
            for ref, by_article in seed.archive.involvement.items()
            for article_id, roles in by_article.items() for role in roles}


def corpus_quotes(seed: CheckResult) -> set[tuple[str, str, str]]:
    return {(q.article, q.by, q.text) for a in seed.archive.corpus.articles.values()
            for q in a.quotes}


def test_the_database_holds_exactly_the_corpus(database: sqlite3.Connection,
                                               seed: CheckResult) -> None:
    corpus = seed.archive.corpus
    assert {r[0] for r in database.execute("SELECT id FROM articles")} == set(corpus.articles)
    assert set(database.execute("SELECT type, id FROM entities")) == \
        {(e.TYPE, e.id) for e in corpus.all_entities()}
    assert set(database.execute(
        "SELECT article_id, entity_type, entity_id, role FROM mentions")) == \
        corpus_mentions(seed)
    assert set(database.execute("SELECT article_id, speaker_id, text FROM quotes")) == \
        corpus_quotes(seed)
    assert database.execute("SELECT count(*) FROM quotes").fetchone()[0] == \
        sum(len(a.quotes) for a in corpus.articles.values())
    assert set(database.execute("SELECT entity_type, entity_id, alias FROM aliases")) == \
        {(e.TYPE, e.id, alias) for e in corpus.all_entities() for alias in e.aliases}


def test_the_database_checks_its_references(database: sqlite3.Connection) -> None:
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []
    assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert database.execute("PRAGMA user_version").fetchone()[0] == exports.SCHEMA_VERSION
    children = {table for (table,) in database.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")
        if database.execute(f"PRAGMA foreign_key_list({table})").fetchall()}
    assert {"aliases", "entity_links", "articles", "article_tags", "mentions",
            "quotes"} <= children


def test_link_tables_are_stored_by_their_key_alone(database: sqlite3.Connection) -> None:
    """The tables of small rows that their primary key covers are WITHOUT ROWID: stored
    once, by the key, rather than as rows plus an index of the key."""
    for table in ("aliases", "entity_links", "article_tags", "mentions"):
        with pytest.raises(sqlite3.OperationalError, match="rowid"):
            database.execute(f"SELECT rowid FROM {table}")
        assert database.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0, table
    # Tables of long rows (the text) keep their rowid: SQLite advises against it for them.
    database.execute("SELECT rowid FROM articles")


def test_a_broken_reference_would_be_caught(database: sqlite3.Connection, tmp_path: Path) -> None:
    copy = sqlite3.connect(tmp_path / "copy.sqlite")
    database.backup(copy)
    first = copy.execute("SELECT * FROM mentions LIMIT 1").fetchone()
    copy.execute("UPDATE mentions SET entity_id = 'nobody' WHERE article_id = ? AND "
                 "entity_type = ? AND entity_id = ? AND role = ?", first)
    assert copy.execute("PRAGMA foreign_key_check(mentions)").fetchall()
    copy.close()


def test_csv_files_match_the_database(built_site: Path, database: sqlite3.Connection,
                                      seed: CheckResult) -> None:
    for table in exports.TABLES:
        rows = csv_rows(built_site, table.csv_file)
        assert rows[0] == [c.name for c in table.csv_columns], table.name
        count = database.execute(f"SELECT count(*) FROM {table.name}").fetchone()[0]
        assert len(rows) - 1 == count, table.name
        assert not set(table.csv_omits) & set(rows[0]), table.name
        assert all(len(row) == len(rows[0]) for row in rows), table.name
    # What articles.csv leaves out, the database and the JSON document hold.
    texts = dict(database.execute("SELECT id, text FROM articles"))
    assert texts == {a.id: seed.archive.plain_text[a.id] for a in seed.archive.articles}
    document = json.loads(exports.read_download(built_site / "data", exports.JSON_FILE))
    assert {a["id"]: a["text"] for a in document["articles"]} == texts
    corpus = seed.archive.corpus
    expected = {"articles": len(corpus.articles), "entities": len(corpus.all_entities()),
                "mentions": len(corpus_mentions(seed)), "quotes": len(corpus_quotes(seed)),
                "aliases": sum(len(e.aliases) for e in corpus.all_entities())}
    for name, count in expected.items():
        assert len(csv_rows(built_site, f"{name}.csv")) - 1 == count, name


def test_the_json_document_holds_the_corpus(built_site: Path, seed: CheckResult) -> None:
    document = json.loads(exports.read_download(built_site / "data", exports.JSON_FILE))
    corpus = seed.archive.corpus
    assert document["schema_version"] == exports.SCHEMA_VERSION
    assert [a["id"] for a in document["articles"]] == sorted(corpus.articles)
    assert len(document["entities"]) == len(corpus.all_entities())
    by_id = {a["id"]: a for a in document["articles"]}
    for record in corpus.articles.values():
        exported = by_id[record.id]
        assert exported["body"] == record.body
        assert [q["text"] for q in exported["quotes"]] == [q.text for q in record.quotes]
    assert {(a["id"], m["entity_type"], m["entity_id"], m["role"])
            for a in document["articles"] for m in a["mentions"]} == corpus_mentions(seed)


def test_the_streamed_json_is_the_document_one_record_to_a_line(seed: CheckResult) -> None:
    """corpus.json is written a record at a time; it is still the one documented document."""
    text = "".join(exports.corpus_json(seed.archive))
    assert json.loads(text) == exports.corpus_document(seed.archive)
    lines = text.splitlines()
    records = len(seed.archive.corpus.articles) + len(seed.archive.corpus.all_entities()) + \
        len(seed.archive.corpus.tags)
    assert sum(line.startswith("  {") for line in lines) == records
    assert all(json.loads(line.strip().rstrip(",")) for line in lines if line.startswith("  {"))


def test_a_streamed_download_is_the_gzip_of_the_whole(tmp_path: Path) -> None:
    data = ("Hamid al-Hayes said “the attack” — ٢٠٢٠\n" * 5000).encode("utf-8")
    chunks = [data[i:i + 777] for i in range(0, len(data), 777)]
    exports.write_compressed(tmp_path / "x.gz", chunks)
    assert (tmp_path / "x.gz").read_bytes() == exports.compress(data)
    exports.write_compressed(tmp_path / "empty.gz", [])
    assert (tmp_path / "empty.gz").read_bytes() == exports.compress(b"")


@pytest.mark.parametrize("jobs", [1, 3])
def test_exports_are_byte_identical_from_one_build_to_the_next(
        built_site: Path, seed: CheckResult, tmp_path: Path, jobs: int) -> None:
    """Also whatever the number of threads compressing them."""
    names = exports.write_exports(seed.archive, tmp_path / "again", jobs=jobs)
    assert names == sorted(p.name for p in (built_site / "data").iterdir() if p.suffix != ".html")
    for name in names:
        assert (tmp_path / "again" / name).read_bytes() == \
            (built_site / "data" / name).read_bytes(), name


def test_empty_values_are_empty_csv_fields() -> None:
    table = next(t for t in exports.TABLES if t.name == "tags")
    text = exports.csv_bytes(table, [("a", "A", None), ("b", "B, \"quoted\"", "")]).decode()
    assert text == 'id,label,description\r\na,A,\r\nb,"B, ""quoted""",\r\n'


def test_data_page_links_every_download_and_documents_the_schema(built_site: Path) -> None:
    text = (REPO / "docs" / "data.md").read_text(encoding="utf-8")
    assert f"**Schema version {exports.SCHEMA_VERSION}.**" in text
    for name in [exports.JSON_FILE, exports.SQLITE_FILE] + [t.csv_file for t in exports.TABLES]:
        assert f"](data/{exports.download_name(name)})" in text, name
    sections = dict(re.findall(r"^### (\w+)\n(.*?)(?=^### |^## |\Z)", text,
                               re.DOTALL | re.MULTILINE))
    for table in exports.TABLES:
        assert table.name in sections, f"docs/data.md has no section for table {table.name}"
        documented = set(re.findall(r"^\| `(\w+)` \| (?:text|integer)", sections[table.name],
                                    re.MULTILINE))
        assert documented == {c.name for c in table.columns}, table.name
        for column in table.csv_omits:
            assert f"`{column}` from `{table.csv_file}`" in text, (table.name, column)
    roles = set(re.findall(r"^\| `([\w-]+)` \| (?!text|integer)", sections["mentions"],
                           re.MULTILINE))
    assert roles == set(ROLE_LABELS)
    relations = re.findall(r"`(\w+)` \(", sections["entity_links"])
    assert set(relations) == set(exports.ENTITY_RELATIONS)


def test_the_data_page_example_query_runs(database: sqlite3.Connection,
                                          seed: CheckResult) -> None:
    text = (REPO / "docs" / "data.md").read_text(encoding="utf-8")
    query = re.search(r'pd\.read_sql\("""(.*?)""", db\)', text, re.DOTALL)
    assert query is not None
    rows = database.execute(query.group(1)).fetchall()
    assert len(rows) == sum(len(a.quotes) for a in seed.archive.articles)


def test_entity_links_follow_the_entity_files(make_archive, tmp_path: Path) -> None:
    archive = make_archive({
        "organizations/daily.md": outlet("Daily"),
        "organizations/party.md": entity("Party"),
        "places/land.md": entity("Land"),
        "people/ann.md": "---\nname: Ann\naffiliations: [party]\n---\n",
        "events/2021-01-01-vote.md": "---\nname: Vote\ndate: \"2021-01-01\"\nplaces: [land]\n"
                                     "participants: [ann, party]\n---\n",
        "articles/2021/2021-01-02-vote.md": article("Vote held", "daily", "2021-01-02",
                                                    events=["2021-01-01-vote"]),
    })
    rows = exports.table_rows(archive)
    assert rows["entity_links"] == [
        ("event", "2021-01-01-vote", "participant", "organization", "party"),
        ("event", "2021-01-01-vote", "participant", "person", "ann"),
        ("event", "2021-01-01-vote", "place", "place", "land"),
        ("person", "ann", "affiliation", "organization", "party"),
    ]
    exports.write_sqlite(rows, tmp_path / "small.sqlite")
    connection = sqlite3.connect(tmp_path / "small.sqlite")
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    assert connection.execute("SELECT month, day FROM articles").fetchone() == (1, 2)
    connection.close()


def test_export_command_writes_the_same_files_as_the_site(
        built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from build_tools.cli import main

    monkeypatch.chdir(REPO)  # source paths in the exports are relative to the repository
    assert main(["export", str(tmp_path / "out")]) == 0
    for path in (tmp_path / "out").iterdir():
        assert path.read_bytes() == (built_site / "data" / path.name).read_bytes(), path.name
    broken = tmp_path / "broken" / "corpus" / "articles" / "2021"
    broken.mkdir(parents=True)
    (broken / "2021-01-01-x.md").write_text(article("X", "nobody", "2021-01-01"), "utf-8")
    assert main(["export", str(tmp_path / "not-written"), "--corpus",
                 str(tmp_path / "broken" / "corpus")]) == 1
    assert not (tmp_path / "not-written").exists()
