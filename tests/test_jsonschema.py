"""The JSON Schemas for editors: generated from the validator's table, committed, published."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from build_tools import jsonschema as generated
from build_tools.schema import SCHEMAS, TAG_FIELDS, URL_PATTERN, FieldChecker
from build_tools.sources import parse_yaml, read_source, read_yaml_file

ROOT = Path(__file__).resolve().parents[1]
FOLDER_KIND = {"articles": "article", "people": "person", "organizations": "organization",
               "places": "place", "events": "event"}


def validator(name: str) -> Draft7Validator:
    schema = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
    return Draft7Validator(schema)


def test_committed_schemas_are_the_generated_ones():
    """`python -m build_tools schemas` rewrites them; they cannot drift from schema.py."""
    assert generated.stale_schemas(ROOT / "schemas") == []
    assert sorted(p.name for p in (ROOT / "schemas").iterdir()) == sorted(generated.rendered())


def test_schemas_are_valid_draft_7_and_cover_every_field():
    for schema in generated.all_schemas().values():
        Draft7Validator.check_schema(schema)
    for kind, specs in SCHEMAS.items():
        properties = generated.kind_schema(kind)["properties"]
        assert list(properties) == [spec.name for spec in specs]
        assert all(properties[spec.name]["description"] == spec.description for spec in specs)


def test_every_corpus_file_of_the_repository_is_accepted():
    checked = 0
    for path in sorted((ROOT / "corpus").rglob("*.md")):
        kind = FOLDER_KIND[path.relative_to(ROOT / "corpus").parts[0]]
        source, problems = read_source(path.read_bytes(), str(path))
        assert source is not None and not problems
        errors = [e.message for e in validator(f"{kind}.schema.json").iter_errors(source.meta)]
        assert errors == [], f"{path}: {errors}"
        checked += 1
    tags, _, problems = read_yaml_file((ROOT / "corpus/tags.yml").read_bytes(), "tags.yml")
    assert not problems
    assert list(validator("tags.schema.json").iter_errors(tags)) == []
    assert checked >= 40


GOOD = {
    "article": 'title: T\noutlet: fars-news-agency\npublished: "2020-05-05"\n',
    "person": "name: N\n",
    "organization": "name: N\n",
    "place": "name: N\n",
    "event": 'name: N\ndate: "2020-05"\n',
}

BAD = [  # kind, front matter (appended to a good one, or replacing it), the validator's code
    ("article", 'outlet: fars-news-agency\npublished: "2020-05-05"\n', "missing-field"),
    ("article", '{good}summary: ""\ntitel: typo\n', "unknown-field"),
    ("article", "{good}tags: {{a: b}}\n", "field-type"),
    ("article", "title: [a, list]\noutlet: x\npublished: 2020\n", "field-type"),
    ("article", '{good}retrieved: "2020-05"\n', "date"),
    ("article", 'title: T\noutlet: x\npublished: "05/05/2020"\n', "date"),
    ("article", 'title: T\noutlet: x\npublished: "2020-5-5"\n', "date"),
    ("article", "{good}people: [Hamid al-Hayes]\n", "id-syntax"),
    ("article", "title: T\noutlet: Fars_News\npublished: 2020\n", "id-syntax"),
    ("article", "{good}url: javascript:alert(1)\n", "field-format"),
    ("article", "{good}language: English\n", "field-format"),
    ("article", "{good}quotes: [{{by: x}}]\n", "missing-field"),
    ("article", "{good}quotes: [{{by: x, text: t, who: y}}]\n", "unknown-field"),
    ("article", "{good}quotes: {{by: x, text: t}}\n", "field-type"),
    ("article", "{good}quotes: [{{by: x, text: t, said: yesterday}}]\n", "date"),
    ("article", "{good}republished_from: {{}}\n", "field-type"),
    ("article", "{good}republished_from: {{outlet: Sott}}\n", "id-syntax"),
    ("article", "{good}republished_from: {{source: x}}\n", "unknown-field"),
    ("article", "{good}authors: [a, a]\n", "duplicate-item"),
    ("person", "aliases: [x]\n", "missing-field"),
    ("person", "{good}affiliation: [x]\n", "unknown-field"),
    ("person", "{good}wikidata: 42\n", "field-format"),
    ("person", "{good}links: [ftp://example.org]\n", "field-format"),
    ("person", "{good}roles: {{a: b}}\n", "field-type"),
    ("person", "name: true\n", "field-type"),
    ("organization", "{good}kind: News Agency\n", "field-format"),
    ("organization", "{good}part_of: [a, b]\n", "field-type"),
    ("place", "{good}within: Iraq\n", "id-syntax"),
    ("event", "name: N\n", "missing-field"),
    ("event", '{good}end_date: "2020-05-32x"\n', "date"),
    ("event", "{good}participants: [ISIL]\n", "id-syntax"),
]


def validator_codes(kind: str, data: dict) -> set[str]:
    checker = FieldChecker("x.md", parse_yaml("", "x.md", 1)[1], dt.date(2030, 1, 1))
    checker.check(data, SCHEMAS[kind], f"{kind} front matter")
    return {d.code for d in checker.diagnostics}


@pytest.mark.parametrize("kind, text, code", BAD, ids=[f"{k}-{c}-{i}" for i, (k, _, c)
                                                        in enumerate(BAD)])
def test_schemas_reject_what_the_validator_rejects_field_by_field(kind, text, code):
    data, _, problems = parse_yaml(text.format(good=GOOD[kind]), "x.md", 2)
    assert not problems and isinstance(data, dict)
    assert code in validator_codes(kind, data), "the fixture must be one the validator rejects"
    assert list(validator(f"{kind}.schema.json").iter_errors(data)), \
        f"the {kind} schema accepts {data}, which the validator rejects ({code})"


@pytest.mark.parametrize("kind", sorted(GOOD))
def test_schemas_accept_what_the_validator_accepts(kind):
    extras = {
        "article": 'url: HTTPS://Example.org/a\nauthors: unknown\nrepublished_from: unknown\n'
                   'tags: one-tag\nsummary:\nquotes: [{by: x, text: "t", said: 2020}]\n',
        "person": "aliases: Just One\nroles: [a, 2]\nwikidata: Q42\n",
        "organization": "kind: news-agency\nlinks: https://example.org\n",
        "place": "within: iraq\nkind:\n",
        "event": "end_date: 2020\nparticipants: [isil]\n",
    }
    data, _, problems = parse_yaml(GOOD[kind] + extras[kind], "x.md", 2)
    assert not problems
    assert validator_codes(kind, data) == set()
    assert list(validator(f"{kind}.schema.json").iter_errors(data)) == []


def test_tags_schema_follows_the_tag_fields():
    tags = validator("tags.schema.json")
    assert list(tags.iter_errors({"a-tag": "Label", "b": {"label": "B", "description": "d"}})) \
        == []
    assert list(tags.iter_errors({"Bad Id": "x"}))
    assert list(tags.iter_errors({"a": {"description": "no label"}}))
    assert list(tags.iter_errors({"a": {"label": "x", "colour": "red"}}))
    assert {spec.name for spec in TAG_FIELDS} == set(
        generated.tags_schema()["additionalProperties"]["anyOf"][1]["properties"])


def test_ecma_pattern_keeps_the_meaning_of_case_insensitive_patterns():
    pattern = generated.ecma_pattern(URL_PATTERN)
    assert "\\s" in pattern and "\\S" not in pattern and "\\\"" not in pattern
    for url in ("https://x.org", "HTTP://X.ORG/a", "hTtPs://x", "ftp://x", "https://a b",
                "javascript:x", 'https://x"y'):
        assert bool(re.search(pattern, url)) == bool(URL_PATTERN.match(url)), url


def test_schemas_command_writes_and_checks(tmp_path):
    command = [sys.executable, "-m", "build_tools", "schemas", "--out", str(tmp_path)]
    assert subprocess.run(command + ["--check"], capture_output=True).returncode == 1
    assert subprocess.run(command, capture_output=True).returncode == 0
    assert subprocess.run(command + ["--check"], capture_output=True).returncode == 0
    for path in tmp_path.iterdir():
        assert path.read_bytes() == (ROOT / "schemas" / path.name).read_bytes()


def test_published_site_serves_the_schemas(seed_site):
    """A real build: the site carries the schemas, and the guide links to them."""
    site = seed_site
    for name, text in generated.rendered().items():
        assert (site / "schemas" / name).read_text(encoding="utf-8") == text
    guide = (site / "contributing/index.html").read_text(encoding="utf-8")
    assert 'href="../schemas/article.schema.json"' in guide
