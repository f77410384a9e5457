"""JSON Schemas of the corpus files, generated from the validator's own field table.

Every schema is derived from :data:`build_tools.schema.SCHEMAS` (and
``QUOTE_FIELDS``, ``REPUBLICATION_FIELDS``, ``TAG_FIELDS``) and the same
patterns the validator uses, so there is no second description of the format
to keep in sync. The schemas are committed under ``schemas/`` (a test checks
they equal what this module generates) and published on the site under
``schemas/``, for editors with a YAML language server.

A schema checks one file's fields; what needs the whole corpus — does an id
name an entity, is a quote in the body, is a date in the future — is left to
``make check``. JSON Schema draft-07 is used: the YAML language server
supports it fully.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .schema import (
    DATE_PATTERN,
    ID_PATTERN,
    LANGUAGE_PATTERN,
    MAX_TEXT,
    QUOTE_FIELDS,
    REPUBLICATION_FIELDS,
    SCHEMAS,
    TAG_FIELDS,
    URL_PATTERN,
    WIKIDATA_PATTERN,
    FieldSpec,
)

DRAFT = "http://json-schema.org/draft-07/schema#"
SCHEMA_DIR = "schemas"
"""Folder of the committed schemas (repository root) and of the published ones (site root)."""

_KIND_TITLES = {
    "article": "Front matter of an article (corpus/articles/<YYYY>/<id>.md)",
    "person": "Front matter of a person (corpus/people/<id>.md)",
    "organization": "Front matter of an organization (corpus/organizations/<id>.md)",
    "place": "Front matter of a place (corpus/places/<id>.md)",
    "event": "Front matter of an event (corpus/events/<id>.md)",
}


def ecma_pattern(pattern: re.Pattern[str]) -> str:
    """A Python pattern as an ECMA-262 regular expression, as JSON Schema wants.

    JSON Schema has no flags, so a case-insensitive pattern gets each ASCII
    letter outside a character class and outside an escape spelled as
    ``[xX]``; an escaped quotation mark loses its backslash (a needless escape
    is an error in ECMA's Unicode mode). The patterns of
    :mod:`build_tools.schema` use nothing else that the two dialects read
    differently.
    """
    fold_case = bool(pattern.flags & re.IGNORECASE)
    out: list[str] = []
    in_class, escaped = False, False
    for char in pattern.pattern:
        if escaped:
            if char in "\"'`":
                out[-1] = char
            else:
                out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        elif char == "[":
            in_class = True
            out.append(char)
        elif char == "]":
            in_class = False
            out.append(char)
        elif fold_case and not in_class and char.isascii() and char.isalpha():
            out.append(f"[{char.lower()}{char.upper()}]")
        else:
            out.append(char)
    return "".join(out)


def _id(description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "pattern": ecma_pattern(ID_PATTERN)}
    if description:
        schema["description"] = description
    return schema


_TEXT = {"type": ["string", "number"], "maxLength": MAX_TEXT}
# A partial date has 4, 7 or 10 characters; the full dates the format asks for are the 10.
_PARTIAL_DATE = {"anyOf": [{"type": "string", "pattern": ecma_pattern(DATE_PATTERN)},
                           {"type": "integer", "minimum": 1000, "maximum": 9999}]}
_FULL_DATE = {"type": "string", "pattern": ecma_pattern(DATE_PATTERN), "minLength": 10}


def _list_or_one(item: dict[str, Any]) -> dict[str, Any]:
    """A list of items; like the validator, a single item may be written without a list."""
    return {"anyOf": [{"type": "array", "items": item, "uniqueItems": True}, item]}


def _object(specs: tuple[FieldSpec, ...], title: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object"}
    if title:
        schema["title"] = title
    schema["properties"] = {spec.name: field_schema(spec) for spec in specs}
    required = [spec.name for spec in specs if spec.required]
    if required:
        schema["required"] = required
    schema["additionalProperties"] = False
    return schema


def _value_schema(spec: FieldSpec) -> dict[str, Any]:
    kind = spec.type
    if kind == "text":
        return dict(_TEXT)
    if kind == "texts":
        return _list_or_one(dict(_TEXT))
    if kind == "url":
        return {"type": "string", "pattern": ecma_pattern(URL_PATTERN)}
    if kind == "urls":
        return _list_or_one({"type": "string", "pattern": ecma_pattern(URL_PATTERN)})
    if kind == "date":
        return dict(_FULL_DATE)
    if kind == "partial-date":
        return dict(_PARTIAL_DATE)
    if kind in ("ref", "slug"):
        return _id()
    if kind == "refs":
        # "unknown" is itself a valid id, so allow_unknown needs nothing more here
        return _list_or_one(_id())
    if kind == "wikidata":
        return {"type": "string", "pattern": ecma_pattern(WIKIDATA_PATTERN)}
    if kind == "language":
        return {"type": "string", "pattern": ecma_pattern(LANGUAGE_PATTERN)}
    if kind == "quotes":
        return {"type": "array", "items": _object(QUOTE_FIELDS, "A quotation")}
    if kind == "republication":
        mapping = _object(REPUBLICATION_FIELDS, "The original of a republished text")
        mapping["minProperties"] = 1
        return {"anyOf": [_id("An article id, or 'unknown'."), mapping]}
    raise ValueError(f"no JSON Schema for field type '{kind}' (field '{spec.name}')")


def field_schema(spec: FieldSpec) -> dict[str, Any]:
    """The schema of one field, with its description (shown by editors on hover)."""
    schema = _value_schema(spec)
    description = spec.description
    if not spec.required:
        # the validator treats an empty value as absent
        schema = {"anyOf": [schema, {"type": "null"}]} if "type" not in schema else \
            {**schema, "type": _with_null(schema["type"])}
    elif schema.get("type") in (["string", "number"], "string"):
        schema["minLength"] = 1
    return {"description": description, **schema}


def _with_null(kind: str | list[str]) -> list[str]:
    kinds = [kind] if isinstance(kind, str) else list(kind)
    return kinds + ["null"]


def kind_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind's front matter (``article``, ``person``…)."""
    body = _object(SCHEMAS[kind])
    return {"$schema": DRAFT, "title": _KIND_TITLES[kind],
            "description": "Generated from build_tools/schema.py; references, quotes and dates "
                           "in the future are checked by `make check`.",
            **{k: v for k, v in body.items()}}


def tags_schema() -> dict[str, Any]:
    """The JSON Schema of ``corpus/tags.yml``: tag id -> label (and description)."""
    return {
        "$schema": DRAFT,
        "title": "The controlled list of tags (corpus/tags.yml)",
        "description": "Each key is a tag id; its value is the label, or a mapping of label "
                       "and description. Generated from build_tools/schema.py.",
        "type": "object",
        "propertyNames": _id(),
        "additionalProperties": {"anyOf": [{"type": "string", "minLength": 1},
                                           _object(TAG_FIELDS, "A tag")]},
    }


def all_schemas() -> dict[str, dict[str, Any]]:
    """File name -> schema, for every kind and for tags.yml."""
    schemas = {f"{kind}.schema.json": kind_schema(kind) for kind in SCHEMAS}
    schemas["tags.schema.json"] = tags_schema()
    return schemas


def render(schema: dict[str, Any]) -> str:
    """The text of a schema file (stable: what is committed is exactly this)."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def rendered() -> dict[str, str]:
    """File name -> file text of every schema."""
    return {name: render(schema) for name, schema in all_schemas().items()}


def write_schemas(out_dir: Path) -> list[Path]:
    """Write every schema into ``out_dir``; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in rendered().items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def stale_schemas(out_dir: Path) -> list[str]:
    """Names of the schema files in ``out_dir`` that are missing or differ from the generated."""
    stale = []
    for name, text in rendered().items():
        path = out_dir / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale
