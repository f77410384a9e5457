"""Loading the corpus: ``corpus/`` on disk -> :class:`~build_tools.model.Corpus` and diagnostics.

The loader reads every file, checks each on its own (syntax, fields, ids,
body), and builds records. It never stops at the first problem: a file with
errors still yields what could be understood of it, so that references to it
do not produce a cascade of follow-on errors.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from . import bodies, urls
from .article_analysis import analysis_input
from .check_memory import CheckMemory, LoadedFile, file_key, file_status
from .diagnostics import Diagnostic, error, warning
from .model import (
    ENTITY_CLASSES,
    SECTIONS,
    Article,
    Corpus,
    Entity,
    PartialDate,
    Quote,
    Republication,
    Tag,
)
from .schema import ID_PATTERN, SCHEMAS, TAG_FIELDS, FieldChecker, slugify
from .sources import LineMap, SourceFile, read_source, read_yaml_file

if TYPE_CHECKING:
    from .analysis_cache import AnalysisCache
    from .analysis_runs import AnalysisStream

ARTICLES = "articles"
TAGS_FILE = "tags.yml"


def load_corpus(corpus_dir: Path, root: Path | None = None,
                today: dt.date | None = None,
                cache: AnalysisCache | None = None,
                memory: CheckMemory | None = None,
                analysis_inputs: dict[str, str] | None = None,
                analyses: AnalysisStream | None = None,
                ) -> tuple[Corpus, list[Diagnostic]]:
    """Read and check every file under ``corpus_dir``.

    ``root`` is the directory paths in diagnostics are relative to (the
    repository; defaults to the corpus' parent). ``today`` bounds dates.
    ``cache``: reuse what was made of files read before with the same bytes (their records
    and diagnostics).
    ``memory``: reuse, in a long-running process, the records and diagnostics of
    files unchanged since the last load (see :mod:`build_tools.check_memory`).
    ``analysis_inputs``: filled, with a cache or a memory, with the
    :func:`~build_tools.article_analysis.analysis_input` of each article, by its path
    (kept with what was made of its file, so an unchanged file's is not computed again).
    ``analyses``: given the registry once every entity is read (before any article),
    then each article record as it is made, so that the analyses begin while the rest
    of the corpus is read (see :class:`~build_tools.analysis_runs.AnalysisStream`).
    """
    corpus_dir = Path(corpus_dir)
    root = Path(root) if root else corpus_dir.parent
    loader = _Loader(corpus_dir.resolve(), root.resolve(), today or dt.date.today())
    loader.cache = cache
    loader.memory = memory
    # A memory that holds the files of a check misses only those edited since.
    loader.few_misses = memory is not None and bool(memory.files)
    loader.analysis_inputs = analysis_inputs if analysis_inputs is not None else {}
    loader.analyses = analyses
    loader.run()
    if memory is not None:
        memory.forget_unseen()
    if cache is not None:
        # A preview's re-check leaves the cache's stale entries (one per edit) to the next
        # full check: forgetting every file but the corpus's takes a query over all of them.
        cache.save_files(loader.file_keys, forget_others=not loader.few_misses)
    corpus = Corpus(loader.articles, loader.entities, loader.tags)
    return corpus, loader.diagnostics


class _Loader:
    def __init__(self, corpus_dir: Path, root: Path, today: dt.date) -> None:
        self.corpus_dir = corpus_dir
        self.root = root
        self.today = today
        self.diagnostics: list[Diagnostic] = []
        self.articles: dict[str, Article] = {}
        self.entities: dict[str, dict[str, Entity]] = {t: {} for t in ENTITY_CLASSES}
        self.tags: dict[str, Tag] = {}
        self.unreliable: set[str] = set()
        self.cache: AnalysisCache | None = None
        self.memory: CheckMemory | None = None
        self.few_misses = False
        """Files are taken from the memory but for a few: each miss is read from the cache
        on its own."""
        self.analysis_inputs: dict[str, str] = {}
        """Article path -> the analysis input of its record (with a cache or a memory)."""
        self.file_keys: list[str] = []
        """The :func:`file_key` of every file loaded (with a cache or a memory)."""
        self.analyses: AnalysisStream | None = None
        self._root_prefix = str(root).rstrip(os.sep) + os.sep

    def rel(self, path: Path | str) -> str:
        # A string prefix rather than Path.relative_to, which took a tenth of a warm check.
        text = str(path)
        if text.startswith(self._root_prefix):
            return text[len(self._root_prefix):].replace(os.sep, "/")
        return Path(text).as_posix()

    def run(self) -> None:
        if not self.corpus_dir.is_dir():
            self.diagnostics.append(error(self.rel(self.corpus_dir), 0,
                                          "corpus directory not found", "layout"))
            return
        articles: list[tuple[str, str]] = []
        for relative, full in self._files():
            if relative[0] == ARTICLES and len(relative) == 3 and _is_markdown(relative[-1]):
                articles.append((full, relative[1]))  # after the registry (see below)
            elif relative == (TAGS_FILE,):
                self._load_tags(Path(full))
            elif not _is_markdown(relative[-1]):
                if not relative[-1].startswith("."):
                    self.diagnostics.append(warning(
                        self.rel(Path(full)), 0, "not a corpus file (expected .md files in "
                        "articles/<YYYY>/, people/, organizations/, places/, events/, or "
                        "tags.yml); it is ignored", "layout"))
            elif relative[0] in SECTIONS and len(relative) == 2:
                self._load_entity(full, SECTIONS[relative[0]])
            elif relative == ("README.md",):
                continue
            else:
                self.diagnostics.append(error(
                    self.rel(Path(full)), 0, "Markdown file outside the corpus layout: articles "
                    "go in articles/<YYYY>/<id>.md, entities in people/, organizations/, "
                    "places/ or events/", "layout"))
        # Every entity is read: an article's analysis needs nothing more, so it can begin
        # as soon as its record is made.
        if self.analyses is not None:
            self.analyses.begin(Corpus({}, self.entities, self.tags))
        for full, year_dir in articles:
            self._load_article(full, year_dir)

    def _files(self) -> list[tuple[tuple[str, ...], str]]:
        """Every regular file below the corpus as (its path's parts below the corpus, its
        full path), in the order of the parts; symbolic links are reported, not followed.

        Strings rather than :class:`~pathlib.Path` objects: making, sorting and relating
        12,000 paths cost a few tenths of a second of a warm check."""
        found: list[tuple[tuple[str, ...], str]] = []
        # os.scandir: a directory entry knows its type without another stat() per file.
        pending: list[tuple[tuple[str, ...], str]] = [((), str(self.corpus_dir))]
        while pending:
            parts, directory = pending.pop()
            with os.scandir(directory) as entries:
                for entry in entries:
                    if entry.is_symlink():
                        self._symlink(Path(entry.path))
                    elif entry.is_dir():
                        if not entry.name.startswith("."):
                            pending.append(((*parts, entry.name), entry.path))
                    elif entry.is_file():
                        found.append(((*parts, entry.name), entry.path))
        return sorted(found)

    def _symlink(self, path: Path) -> None:
        target = path.resolve()
        inside = target == self.corpus_dir or self.corpus_dir in target.parents
        where = "inside" if inside else "outside"
        self.diagnostics.append(error(
            self.rel(path), 0, f"symbolic links are not allowed in the corpus (this one points "
            f"{where} it, to '{target if not inside else self.rel(target)}'); commit the file "
            "itself", "symlink"))

    # --- files --------------------------------------------------------------

    def _bytes(self, path: str, rel: str) -> bytes | None:
        try:
            with open(path, "rb") as file:
                return file.read()
        except OSError as exc:
            self.diagnostics.append(error(rel, 0, f"cannot read file: {exc.strerror}", "io"))
            return None

    def _recalled(self, path: str, rel: str,
                  build: Callable[[bytes | None], Article | Entity | None]
                  ) -> Article | Entity | None:
        """``build(data)`` of the file's bytes, or what the last check in this process made of
        them, without reading the file again if its status is unchanged (see
        :mod:`build_tools.check_memory`)."""
        if self.memory is None:
            return self._remembered(rel, self._bytes(path, rel), build)
        try:
            status = file_status(path)
        except OSError:
            return self._remembered(rel, self._bytes(path, rel), build)
        loaded = self.memory.unchanged(rel, status, self.today)
        if loaded is not None:
            return self._taken(rel, loaded)
        read_at = time.time_ns()
        data = self._bytes(path, rel)
        record = self._remembered(rel, data, build)
        try:
            same = data is not None and file_status(path) == status
        except OSError:
            same = False
        if same:
            self.memory.settled(rel, status, self.today, read_at)
        else:  # unreadable, or changed while it was read: read again next time
            self.memory.statuses.pop(rel, None)
        return record

    def _remembered(self, rel: str, data: bytes | None,
                    build: Callable[[bytes | None], Article | Entity | None]
                    ) -> Article | Entity | None:
        """``build(data)``: the record of one file, with its own diagnostics; taken from the
        memory of the last check in this process, else from the cache, when the file's
        bytes are the same."""
        if data is None or (self.memory is None and self.cache is None):
            return build(data)
        key = file_key(rel, data, self.today)
        loaded = self.memory.recall(rel, key) if self.memory is not None else None
        if loaded is None and self.cache is not None:
            loaded = self.cache.loaded_file(key, few=self.few_misses)
        if loaded is None:
            start = len(self.diagnostics)
            record = build(data)
            loaded = LoadedFile(key, record, tuple(self.diagnostics[start:]),
                                analysis_input(record) if isinstance(record, Article) else None)
            del self.diagnostics[start:]  # (given back with the rest by _taken)
            if self.cache is not None:
                self.cache.put_loaded_file(loaded)
        return self._taken(rel, loaded)

    def _taken(self, rel: str, loaded: LoadedFile) -> Article | Entity | None:
        """The record of one loaded file, however it was obtained, with what the check
        keeps of it: its key, its diagnostics, its memory and its analysis input."""
        self.file_keys.append(loaded.key)
        self.diagnostics += loaded.diagnostics
        if self.memory is not None:
            self.memory.remember(rel, loaded)
        if loaded.analysis_input is not None:
            self.analysis_inputs[rel] = loaded.analysis_input
        return loaded.record

    def _read(self, data: bytes | None, rel: str) -> SourceFile | None:
        if data is None:
            return None
        source, problems = read_source(data, rel)
        self.diagnostics += problems
        if source is not None and problems:
            # The YAML itself is wrong: what the field checks would say about its
            # values is noise until it is fixed. The record still loads, so that
            # references to it elsewhere do not cascade into more errors.
            self.unreliable.add(source.path)
        return source

    def _field_problems(self, checker: FieldChecker) -> None:
        if checker.path not in self.unreliable:
            self.diagnostics += checker.diagnostics

    def _check_id(self, path: str, rel: str) -> str | None:
        """The file's id; for an invalid name, the id it probably meant (``None`` if none)."""
        stem = os.path.basename(path)[:-len(".md")]
        if ID_PATTERN.match(stem):
            return stem
        guess = slugify(stem)
        fix = f"rename the file to '{guess}.md'" if guess else \
            "rename the file after the title or name it holds"
        self.diagnostics.append(error(
            rel, 0, f"'{stem}' is not a valid id (lowercase ASCII letters, digits and single "
            f"hyphens); {fix}", "id-syntax"))
        return guess or None

    def _load_article(self, path: str, year_dir: str) -> None:
        rel = self.rel(path)
        article = self._recalled(path, rel,
                                 lambda data: self._article(path, rel, year_dir, data))
        if not isinstance(article, Article):
            return  # checked, but without an id nothing can refer to it
        if article.id in self.articles:
            first = self.articles[article.id].path
            self.diagnostics.append(error(rel, 0, f"duplicate article id '{article.id}' (also "
                                          f"{first}); ids must be unique", "duplicate-id"))
            return
        self.articles[article.id] = article
        if self.analyses is not None:
            self.analyses.add(article, self.analysis_inputs.get(rel))

    def _article(self, path: str, rel: str, year_dir: str, data: bytes | None) -> Article | None:
        """The article in one file's bytes, and the file's own problems."""
        article_id = self._check_id(path, rel)
        source = self._read(data, rel)
        if source is None:
            return None
        checker = FieldChecker(rel, source.lines, self.today)
        fields = checker.check(source.meta, SCHEMAS["article"], "article front matter")
        self._field_problems(checker)
        # The body is parsed once, in resolve, where its problems, text and mentions are
        # all read from the same token stream.
        if not source.body.strip():
            self.diagnostics.append(error(rel, source.body_line, "the article has no body text; "
                                          "paste the article's text below the front matter",
                                          "empty-body"))
        published: PartialDate | None = fields.get("published")
        if published is not None and article_id is not None:
            self._check_article_place(rel, article_id, year_dir, published, source)
        if article_id is None:
            return None
        quotes = tuple(
            Quote(article=article_id, by=q["by"], text=q["text"], via=q.get("via"),
                  said=q.get("said"), anchor=urls.quote_anchor(article_id, q["by"], q["text"]),
                  line=q["line"])
            for q in fields.get("quotes", ())
        )
        authors = fields.get("authors")
        republished = fields.get("republished_from")
        return Article(
            id=article_id, path=rel, body=source.body, body_line=source.body_line,
            lines=source.lines,
            title=fields.get("title", article_id),
            outlet=fields.get("outlet", ""),
            published=published or PartialDate(1),
            url=fields.get("url"), archive_url=fields.get("archive_url"),
            retrieved=fields.get("retrieved"), dateline=fields.get("dateline"),
            authors=None if authors in (None, "unknown") else authors,
            language=fields.get("language"), summary=fields.get("summary"),
            notes=fields.get("notes"),
            tags=fields.get("tags", ()), events=fields.get("events", ()),
            people=fields.get("people", ()), organizations=fields.get("organizations", ()),
            places=fields.get("places", ()),
            republished_from=Republication(**republished) if republished else None,
            quotes=quotes, ignore_mentions=fields.get("ignore_mentions", ()),
        )

    def _check_article_place(self, rel: str, article_id: str, year_dir: str,
                             published: PartialDate, source: SourceFile) -> None:
        line = source.lines.line("published")
        if not article_id.startswith(published.iso + "-"):
            self.diagnostics.append(error(
                rel, line, f"article id '{article_id}' must start with its publication date "
                f"'{published.iso}-'", "article-id"))
        if year_dir != f"{published.year:04d}":
            self.diagnostics.append(error(
                rel, line, f"article published in {published.year} is filed under "
                f"articles/{year_dir}/; move it to articles/{published.year:04d}/",
                "article-folder"))

    def _load_entity(self, path: str, entity_type: str) -> None:
        rel = self.rel(path)
        entity = self._recalled(path, rel,
                                lambda data: self._entity(path, rel, entity_type, data))
        if not isinstance(entity, Entity):
            return  # checked, but without an id nothing can refer to it
        if entity.id in self.entities[entity_type]:
            self.diagnostics.append(error(rel, 0, f"duplicate {entity_type} id '{entity.id}'",
                                          "duplicate-id"))
            return
        self.entities[entity_type][entity.id] = entity

    def _entity(self, path: str, rel: str, entity_type: str, data: bytes | None) -> Entity | None:
        """The entity in one file's bytes, and the file's own problems."""
        entity_id = self._check_id(path, rel)
        source = self._read(data, rel)
        if source is None:
            # Unreadable: register the id anyway, so that the articles naming it are not
            # also reported (the build fails on this file's own error regardless).
            source = SourceFile(rel, {}, LineMap(), "", 1)
            self.unreliable.add(rel)
        checker = FieldChecker(rel, source.lines, self.today)
        fields = checker.check(source.meta, SCHEMAS[entity_type], f"{entity_type} front matter")
        self._field_problems(checker)
        self.diagnostics += bodies.body_diagnostics(source.path, source.body_line,
                                                    bodies.parse(source.body))
        if entity_id is None:
            return None
        cls = ENTITY_CLASSES[entity_type]
        fields.setdefault("name", entity_id)
        if entity_type == "event":
            fields.setdefault("date", PartialDate(1))
        return cls(
            id=entity_id, path=rel, body=source.body, body_line=source.body_line,
            lines=source.lines, **fields)

    def _load_tags(self, path: Path) -> None:
        rel = self.rel(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.diagnostics.append(error(rel, 0, f"cannot read file: {exc.strerror}", "io"))
            return
        value, lines, problems = read_yaml_file(data, rel)
        self.diagnostics += problems
        if value is None:
            return
        if not isinstance(value, dict):
            self.diagnostics.append(error(rel, 1, "tags.yml must map each tag id to its label "
                                          "and description", "field-type"))
            return
        for tag_id, spec in value.items():
            line = lines.line(tag_id)
            if not ID_PATTERN.match(str(tag_id)):
                self.diagnostics.append(error(
                    rel, line, f"'{tag_id}' is not a valid tag id; did you mean "
                    f"'{slugify(str(tag_id))}'?", "id-syntax"))
                continue
            if isinstance(spec, str):
                spec = {"label": spec}
            if not isinstance(spec, dict):
                self.diagnostics.append(error(rel, line, f"tag '{tag_id}' must have a label "
                                              "(and optionally a description)", "field-type"))
                continue
            checker = FieldChecker(rel, lines, self.today)
            fields = checker.check(spec, TAG_FIELDS, f"tag '{tag_id}'", (tag_id,))
            self.diagnostics += checker.diagnostics
            self.tags[str(tag_id)] = Tag(str(tag_id), fields.get("label", str(tag_id)),
                                         fields.get("description", ""), line)


def _is_markdown(name: str) -> bool:
    """Whether a file name has the suffix ``.md`` as :attr:`pathlib.PurePath.suffix` reads it
    (``.md`` alone is a hidden file without one)."""
    return name.endswith(".md") and len(name) > len(".md")
