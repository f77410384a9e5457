"""Reading corpus files: bytes to text, front matter split, YAML with line marks.

Everything here treats the input as hostile: the size is bounded, the text
must be UTF-8, YAML is composed with the safe loader and walked by hand so
that duplicate keys, anchors/aliases and non-standard tags are reported
instead of silently accepted (PyYAML keeps the last duplicate key and expands
aliases, which would lose data or allow "billion laughs" documents).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, error

MAX_FILE_BYTES = 1_000_000
"""Corpus files larger than this are refused: no news article needs a megabyte."""

MAX_DEPTH = 12
"""Front matter nesting deeper than this is refused (the format needs three levels)."""

_SAFE_TO_COMPOSE = 1_000
"""YAML texts up to this many characters cannot nest deeper than this many levels, which
libyaml's composer handles; longer texts are scanned for depth first (see :func:`_too_deep`)."""

KeyPath = tuple[Any, ...]

try:  # libyaml's composer is several times faster; same node tree and marks
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_STR_TAG = "tag:yaml.org,2002:str"
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_constructor = SafeConstructor()


@dataclass(frozen=True)
class LineMap:
    """Line numbers of the values in a YAML document, by key path.

    ``lines[("quotes", 0, "text")]`` is the line of the first quote's text.
    """

    lines: dict[KeyPath, int] = field(default_factory=dict)
    default: int = 1

    def line(self, *path: Any) -> int:
        """The line of ``path``, else of its nearest recorded parent."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.default


@dataclass(frozen=True)
class SourceFile:
    """A corpus Markdown file split into front matter and body."""

    path: str
    """Path relative to the repository root."""
    meta: Any
    """The front matter as plain Python data (normally a dict)."""
    lines: LineMap
    body: str
    """The Markdown body, with line ends normalised to ``\\n``."""
    body_line: int
    """Line number (1-based) of the body's first line in the file."""


def decode(data: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """Decode a file's bytes as UTF-8, dropping a byte-order mark and normalising line ends."""
    if len(data) > MAX_FILE_BYTES:
        return None, [
            error(path, 0, f"file is {len(data):,} bytes; corpus files are limited to "
                  f"{MAX_FILE_BYTES:,} bytes", "file-too-large")
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, [
            error(path, line, f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x} at "
                  f"offset {exc.start}); save it as UTF-8", "encoding")
        ]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [error(path, line, "file contains a NUL character", "encoding")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def split_front_matter(text: str, path: str) -> tuple[str, str, int, list[Diagnostic]]:
    """Split ``---``-delimited front matter from the body.

    Returns ``(yaml_text, body, body_line, diagnostics)``; the YAML starts on line 2.
    """
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return "", text, 1, [
            error(path, 1, "missing front matter: the file must start with a line '---', "
                  "then YAML fields, then another '---'", "front-matter")
        ]
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            yaml_text = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1:])
            return yaml_text, body, index + 2, []
    return "", "", 1, [
        error(path, 1, "unterminated front matter: no closing '---' line after the opening one",
              "front-matter")
    ]


def parse_yaml(yaml_text: str, path: str, first_line: int) -> tuple[Any, LineMap, list[Diagnostic]]:
    """Parse YAML into plain data plus a :class:`LineMap`.

    ``first_line`` is the file line of the YAML text's first line.
    """
    diagnostics: list[Diagnostic] = []
    offset = first_line
    try:
        deep = _too_deep(yaml_text) if len(yaml_text) > _SAFE_TO_COMPOSE else None
        if deep is not None:
            return None, LineMap(default=offset), [
                error(path, deep + offset, f"front matter is nested more than {MAX_DEPTH} "
                      "levels deep", "yaml-depth")
            ]
        node = yaml.compose(yaml_text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + offset if mark else offset
        problem = exc.problem or "invalid YAML"
        source_lines = yaml_text.split("\n")
        if mark and mark.line < len(source_lines) and "\t" in source_lines[mark.line]:
            problem += " (a tab: YAML does not allow tabs for indentation; use spaces)"
        return None, LineMap(default=offset), [
            error(path, line, f"invalid YAML: {problem}", "yaml")]
    except yaml.YAMLError as exc:
        return None, LineMap(default=offset), [error(path, offset, f"invalid YAML: {exc}", "yaml")]
    except RecursionError:
        return None, LineMap(default=offset), [
            error(path, offset, "invalid YAML: nesting too deep", "yaml")
        ]
    if node is None:
        return {}, LineMap(default=offset), []
    lines: dict[KeyPath, int] = {}
    walker = _Walker(path, offset, lines, diagnostics)
    value = walker.walk(node, (), 0)
    return value, LineMap(lines, offset), diagnostics


def _too_deep(yaml_text: str) -> int | None:
    """The 0-based line where collections nest more than :data:`MAX_DEPTH` levels, if any.

    libyaml's composer recurses once per level and overflows the C stack on a few
    thousand nested brackets (the process crashes; no exception is raised), so depth
    is measured on the event stream, which is parsed without recursion, before composing.
    """
    depth = 0
    for event in yaml.parse(yaml_text, Loader=_Loader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH + 1:  # + 1: the front matter mapping itself
                return int(event.start_mark.line) if event.start_mark else 0
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    return None


class _Walker:
    """Turns a composed YAML node tree into plain data, recording lines and problems."""

    def __init__(self, path: str, offset: int, lines: dict[KeyPath, int],
                 diagnostics: list[Diagnostic]) -> None:
        self.path = path
        self.offset = offset
        self.lines = lines
        self.diagnostics = diagnostics
        self.seen: set[int] = set()

    def _line(self, node: Node) -> int:
        return int(node.start_mark.line) + self.offset

    def walk(self, node: Node, key_path: KeyPath, depth: int, used_at: int = 0) -> Any:
        """``used_at``: the line that refers to ``node`` (for an alias, the anchored node's
        own mark is the anchor's line, not the line that uses it)."""
        line = self._line(node)
        self.lines.setdefault(key_path, line)
        if id(node) in self.seen:
            self.diagnostics.append(error(
                self.path, max(line, used_at),
                "YAML aliases (*name) are not allowed in corpus files; write the value out",
                "yaml-alias"))
            return None
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.diagnostics.append(error(self.path, line, f"front matter is nested more than "
                                          f"{MAX_DEPTH} levels deep", "yaml-depth"))
            return None
        if isinstance(node, MappingNode):
            return self._mapping(node, key_path, depth)
        if isinstance(node, SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                return self._bad_tag(node)
            return [self.walk(item, key_path + (i,), depth + 1, line)
                    for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        if node.tag == _STR_TAG:
            return node.value  # (what the constructor returns for a string, without calling it)
        if node.tag not in _STANDARD_TAGS:
            return self._bad_tag(node)
        try:
            value = _constructor.yaml_constructors[node.tag](_constructor, node)
        except ValueError:
            if node.tag == "tag:yaml.org,2002:timestamp":
                return str(node.value)  # e.g. 2020-02-30: the date checks say what is wrong
            self.diagnostics.append(error(self.path, line, f"invalid YAML value '{node.value}'",
                                          "yaml"))
            return None
        except yaml.YAMLError as exc:
            self.diagnostics.append(error(self.path, line, f"invalid YAML value: {exc}", "yaml"))
            return None
        if isinstance(value, dt.datetime):
            return value.isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    def _mapping(self, node: MappingNode, key_path: KeyPath, depth: int) -> Any:
        if node.tag != "tag:yaml.org,2002:map":
            return self._bad_tag(node)
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key_line = self._line(key_node)
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.diagnostics.append(error(self.path, key_line,
                                              "YAML merge keys (<<) are not allowed", "yaml-alias"))
                continue
            if not isinstance(key_node, ScalarNode):
                self.diagnostics.append(error(self.path, key_line,
                                              "a key must be a plain word", "yaml"))
                continue
            key = str(self.walk(key_node, key_path + ("<key>",), depth + 1))
            if key in result:
                self.diagnostics.append(error(
                    self.path, key_line,
                    f"duplicate key '{key}' (first given on line {first_line[key]}); "
                    "YAML keeps only the last value, so one of them would be lost",
                    "duplicate-key"))
                continue
            first_line[key] = key_line
            self.lines[key_path + (key,)] = key_line
            result[key] = self.walk(value_node, key_path + (key,), depth + 1, key_line)
            self.lines[key_path + (key,)] = key_line
        return result

    def _bad_tag(self, node: Node) -> None:
        self.diagnostics.append(error(
            self.path, self._line(node),
            f"YAML tag '{node.tag}' is not allowed; use plain strings, numbers, lists and "
            "mappings", "yaml-tag"))


def read_source(data: bytes, path: str) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Bytes of a corpus Markdown file -> :class:`SourceFile` and diagnostics.

    Returns ``None`` when the file cannot be read at all.
    """
    text, diagnostics = decode(data, path)
    if text is None:
        return None, diagnostics
    yaml_text, body, body_line, split_problems = split_front_matter(text, path)
    if split_problems:
        return None, diagnostics + split_problems
    meta, lines, yaml_problems = parse_yaml(yaml_text, path, 2)
    diagnostics += yaml_problems
    if yaml_problems and meta is None:
        return None, diagnostics
    if not isinstance(meta, dict):
        diagnostics.append(error(path, 2, "front matter must be a mapping of 'field: value' lines",
                                 "front-matter"))
        return None, diagnostics
    return SourceFile(path, meta, lines, body, body_line), diagnostics


def read_yaml_file(data: bytes, path: str) -> tuple[Any, LineMap, list[Diagnostic]]:
    """Bytes of a plain YAML file (such as ``tags.yml``) -> data, lines, diagnostics."""
    text, diagnostics = decode(data, path)
    if text is None:
        return None, LineMap(), diagnostics
    value, lines, problems = parse_yaml(text, path, 1)
    return value, lines, diagnostics + problems
