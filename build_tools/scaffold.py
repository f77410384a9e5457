"""``python -m build_tools new``: a corpus article drafted from raw text.

The draft holds everything the text itself says — headline, dateline, the
known people, organizations, places and events it names, quotations with
their likely speakers — and nothing it does not: an unknown outlet or date is
left out, so that ``make check`` reports it as missing instead of the archive
recording a guess. What is left to decide is printed as a checklist.

Files are written with a YAML dumper (the text is untrusted; it never becomes
YAML syntax), read back with the corpus reader before anything touches the
disk, and created exclusively: nothing is ever overwritten.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import bodies, name_finder
from .loader import ARTICLES, TAGS_FILE, load_corpus
from .model import ENTITY_CLASSES, Corpus, Entity, PartialDate
from .name_finder import NameMatcher, TextScan
from .raw_text import RawArticle, markdown_body, parse_raw_article
from .registry import AliasIndex, EntityRef, fold
from .schema import URL_PATTERN, parse_partial_date, slugify
from .sources import LineMap, decode, read_source

MAX_SLUG = 80
"""Longest title part of a new article id, cut at a word boundary."""

SHINGLE_WORDS = 5
"""Words per shingle when comparing a new text with the corpus."""

DUPLICATE_JACCARD = 0.5
"""Shingle overlap (Jaccard index) from which a text is reported as already in the corpus."""

UNDATED = "undated"
"""Folder under ``articles/`` for a draft whose publication date is not known yet."""

ENTITY_TYPES = tuple(ENTITY_CLASSES)


class ScaffoldError(Exception):
    """The draft cannot be written (bad input, or a file would be overwritten)."""


@dataclass(frozen=True)
class EntityRequest:
    """A new entity to create: ``person:Name`` (or a bare name, a person)."""

    type: str
    name: str

    @classmethod
    def parse(cls, spec: str) -> EntityRequest:
        """``organization:Kataib Hezbollah`` -> organization; ``Mohanad Aleqabi`` -> person."""
        kind, sep, name = spec.partition(":")
        if sep and kind.strip().lower() in ENTITY_TYPES:
            return cls(kind.strip().lower(), " ".join(name.split()))
        return cls("person", " ".join(spec.split()))


@dataclass(frozen=True)
class NewEntity:
    """A skeleton entity file to write."""

    type: str
    id: str
    name: str
    aliases: tuple[str, ...]
    path: Path
    """Relative to the corpus folder."""

    def front_matter(self) -> dict[str, Any]:
        """Only what is known: the name and the other spellings found in the text."""
        data: dict[str, Any] = {"name": self.name}
        if self.aliases:
            data["aliases"] = list(self.aliases)
        return data


@dataclass(frozen=True)
class Duplicate:
    """An article of the corpus that the new text repeats."""

    article_id: str
    path: str
    reason: str


@dataclass
class Draft:
    """A drafted article: where it goes, its front matter, body, and what was found."""

    path: Path
    """Relative to the corpus folder."""
    front_matter: dict[str, Any]
    body: str
    raw: RawArticle
    scan: TextScan
    matcher: NameMatcher
    outlet_hint: EntityRef | None = None
    outlet_known: bool = True
    entities: list[NewEntity] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    title_given: bool = False
    tags: tuple[str, ...] = ()

    def text(self) -> str:
        """The file: YAML front matter (dumped, never assembled by hand), then the body."""
        return _document(self.front_matter, self.body)


def _document(front_matter: dict[str, Any], body: str) -> str:
    dumped = yaml.safe_dump(front_matter, sort_keys=False, allow_unicode=True,
                            default_flow_style=False, width=10**6)
    return f"---\n{dumped}---\n{body}"


def article_id(published: PartialDate | None, title: str) -> str:
    """``2020-05-05-us-supporting-isil-attacks`` (without a date: the title slug alone)."""
    slug = slugify(title)[:MAX_SLUG + 1]
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0]
    slug = slug.strip("-") or "article"
    return f"{published.iso}-{slug}" if published else slug


_SHINGLE_WORD = re.compile(r"[^\W_]+")


def _shingles(text: str) -> set[tuple[str, ...]]:
    """Every run of :data:`SHINGLE_WORDS` consecutive words, case-folded.

    Words are letters and digits only, so Markdown markup and punctuation do
    not count: a body can be compared as written, without rendering it.
    """
    words = _SHINGLE_WORD.findall(text.casefold())
    if len(words) < SHINGLE_WORDS:
        return {tuple(words)} if words else set()
    return {tuple(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def jaccard(a: set[Any], b: set[Any]) -> float:
    """|A ∩ B| / |A ∪ B| (0 when both are empty)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def find_duplicates(raw: RawArticle, url: str | None, corpus: Corpus) -> list[Duplicate]:
    """Articles of the corpus with the same URL, or mostly the same words."""
    found: list[Duplicate] = []
    wanted = url.rstrip("/").lower() if url else None
    new = _shingles(raw.plain_text)
    for article in sorted(corpus.articles.values(), key=lambda a: a.id):
        if wanted and article.url and article.url.rstrip("/").lower() == wanted:
            found.append(Duplicate(article.id, article.path, f"it has the same url {article.url}"))
            continue
        score = jaccard(new, _shingles(article.body))
        if score >= DUPLICATE_JACCARD:
            found.append(Duplicate(article.id, article.path,
                                   f"{score:.0%} of its {SHINGLE_WORDS}-word sequences are the "
                                   "same"))
    return found


def _surname_aliases(name: str, raw: RawArticle) -> tuple[str, ...]:
    """Shorter forms of a person's name that the text uses (``al-Bayati``, ``Bayati``)."""
    words = name.split()
    if len(words) < 2:
        return ()
    last = words[-1]
    bare = re.sub(r"^(?:al|el)-", "", last, flags=re.IGNORECASE)
    forms = {last, bare, f"al-{bare}", f"Al-{bare}"}
    found: dict[str, None] = {}
    for paragraph in raw.paragraphs:
        for form in sorted(forms):
            pattern = r"(?<![\w'’-])" + re.escape(form) + r"(?![\w-])"
            for match in re.finditer(pattern, paragraph):
                # not when it is the end of the full name itself
                if not paragraph[:match.end()].endswith(name):
                    found.setdefault(match.group(), None)
    return tuple(f for f in found if fold(f) != fold(name))


def _stub(entity: NewEntity) -> Entity:
    cls = ENTITY_CLASSES[entity.type]
    return cls(id=entity.id, path=str(entity.path), body="", body_line=1, lines=LineMap(),
               name=entity.name, aliases=entity.aliases)


def plan_entities(requests: Sequence[EntityRequest], raw: RawArticle,
                  corpus: Corpus) -> list[NewEntity]:
    """Skeleton entities for the requested names; refuses names the corpus already has."""
    aliases = AliasIndex(corpus)
    planned: list[NewEntity] = []
    for request in requests:
        entity_id = slugify(request.name)
        if not entity_id:
            raise ScaffoldError(f"'{request.name}' cannot be turned into an id")
        known = aliases.lookup(request.name)
        if known:
            raise ScaffoldError(f"'{request.name}' is already in the corpus as {known[0].type} "
                                f"'{known[0].id}'; no new file is needed")
        if corpus.entity(request.type, entity_id) or any(e.id == entity_id and e.type ==
                                                          request.type for e in planned):
            raise ScaffoldError(f"a {request.type} with the id '{entity_id}' already exists")
        section = ENTITY_CLASSES[request.type].SECTION
        found = _surname_aliases(request.name, raw) if request.type == "person" else ()
        planned.append(NewEntity(request.type, entity_id, request.name, found,
                                 Path(section) / f"{entity_id}.md"))
    return planned


def _with_entities(corpus: Corpus, entities: Sequence[NewEntity]) -> Corpus:
    if not entities:
        return corpus
    merged = {t: dict(by_id) for t, by_id in corpus.entities.items()}
    for entity in entities:
        merged[entity.type][entity.id] = _stub(entity)
    return Corpus(corpus.articles, merged, corpus.tags)


def _resolve_outlet(value: str, corpus: Corpus) -> tuple[str, bool]:
    """An outlet given as an id, a name or an alias -> (id, known)."""
    if value in corpus.entities["organization"]:
        return value, True
    named = [r for r in AliasIndex(corpus).lookup(value) if r.type == "organization"]
    if len(named) == 1:
        return named[0].id, True
    return slugify(value) or value, False


def plan_article(text: str, corpus: Corpus, *, url: str | None = None,
                 outlet: str | None = None, date: str | None = None, title: str | None = None,
                 create: Sequence[EntityRequest] = (),
                 today: dt.date | None = None) -> Draft:
    """Draft an article from raw text against ``corpus``. Pure: nothing is written."""
    today = today or dt.date.today()
    raw = parse_raw_article(text, title)
    if not raw.title:
        raise ScaffoldError("the text is empty")
    if not raw.paragraphs:
        raise ScaffoldError("the text has a title line but no article text below it")
    published = None
    if date is not None:
        published = parse_partial_date(date.strip())
        if published is None:
            raise ScaffoldError(f"--date '{date}' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
        if published.iso > today.isoformat()[:len(published.iso)]:
            raise ScaffoldError(f"--date {published.iso} is in the future")
    if url is not None and not URL_PATTERN.match(url.strip()):
        raise ScaffoldError(f"--url '{url}' is not an http:// or https:// address")

    entities = plan_entities(create, raw, corpus)
    known = _with_entities(corpus, entities)
    matcher = NameMatcher(known)
    found = name_finder.scan(raw.paragraphs, matcher)

    front: dict[str, Any] = {"title": raw.title}
    outlet_known = True
    if outlet:
        front["outlet"], outlet_known = _resolve_outlet(outlet.strip(), known)
    if published:
        front["published"] = published.iso
    if url:
        front["url"] = url.strip()
    outlet_hint = None
    if raw.dateline:
        front["dateline"] = raw.dateline.place
        if raw.dateline.source:
            named = [r for r in AliasIndex(known).lookup(raw.dateline.source)
                     if r.type == "organization"]
            outlet_hint = named[0] if len(named) == 1 else None
    for entity_type, key in (("person", "people"), ("organization", "organizations"),
                             ("place", "places"), ("event", "events")):
        ids = found.found(entity_type)
        if ids:
            front[key] = ids
    quotes = []
    for quote in found.quotes:
        entry: dict[str, Any] = {}
        if quote.speaker is not None:
            entry["by"] = quote.speaker.id
        if quote.via is not None:
            entry["via"] = quote.via.id
        entry["text"] = quote.text
        quotes.append(entry)
    if quotes:
        front["quotes"] = quotes

    article = article_id(published, raw.title)
    folder = f"{published.year:04d}" if published else UNDATED
    draft = Draft(Path(ARTICLES) / folder / f"{article}.md", front, markdown_body(raw), raw,
                  found, matcher, outlet_hint, outlet_known, entities,
                  find_duplicates(raw, url, corpus), title is not None, tuple(corpus.tags))
    _verify(draft)
    return draft


def _verify(draft: Draft) -> None:
    """Read the files back with the corpus reader: what is written is what was meant."""
    documents = [(draft.path, draft.text(), draft.front_matter)]
    documents += [(e.path, _document(e.front_matter(), ""), e.front_matter())
                  for e in draft.entities]
    for path, text, meant in documents:
        source, problems = read_source(text.encode("utf-8"), str(path))
        if source is None or problems or source.meta != meant:
            raise ScaffoldError(f"internal error: {path} would not read back as written")
    plain = bodies.plain_text(bodies.parse(draft.body))
    if plain != draft.raw.plain_text:
        raise ScaffoldError("internal error: the body would not read back as the raw text")


def write_draft(draft: Draft, corpus_dir: Path) -> list[Path]:
    """Create the article and entity files; refuses (before writing any) if one exists."""
    targets = [(corpus_dir / draft.path, draft.text())]
    targets += [(corpus_dir / e.path, _document(e.front_matter(), "")) for e in draft.entities]
    for path, _ in targets:
        if path.exists():
            raise ScaffoldError(f"{path} already exists; nothing was written (remove it first "
                                "if you mean to replace it)")
    written = []
    for path, text in targets:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        written.append(path)
    return written


# --- the report -------------------------------------------------------------------

def _names(draft: Draft, entity_type: str) -> str:
    ids = draft.scan.found(entity_type)
    return ", ".join(ids) if ids else "none"


def report(draft: Draft, written: Sequence[str]) -> str:
    """What was found, and the checklist of what the contributor still has to decide.

    ``written`` are the paths written, the article first, as the user should see them.
    """
    shown_path = written[0]
    lines = [f"wrote {path}" for path in written]
    source, _ = read_source(draft.text().encode("utf-8"), shown_path)
    line_of = source.lines.line if source else (lambda *a: 0)
    front = draft.front_matter
    lines += ["", "Found in the text:"]
    title_from = "--title" if draft.title_given else "first line"
    lines.append(f"  title:          {front['title']}  ({title_from})")
    if draft.raw.dateline:
        credit = draft.raw.dateline.source
        hint = f"; credit ({credit})" if credit else ""
        if credit and draft.outlet_hint:
            hint += f" = organization {draft.outlet_hint.id}"
        lines.append(f"  dateline:       {draft.raw.dateline.place}{hint}")
    for entity_type, label in (("person", "people"), ("organization", "organizations"),
                               ("place", "places"), ("event", "events")):
        lines.append(f"  {label + ':':<15} {_names(draft, entity_type)}")
    for index, quote in enumerate(draft.scan.quotes):
        who = quote.speaker.id if quote.speaker else "?"
        via = f" via {quote.via.id}" if quote.via else ""
        snippet = quote.text if len(quote.text) <= 60 else quote.text[:57] + "…"
        lines.append(f"  quote {index + 1} (line {line_of('quotes', index, 'text')}): "
                     f"{who}{via}: “{snippet}” — {quote.reason}")
    for text, _ in draft.scan.short_quotes:
        lines.append(f"  quoted phrase (not added as a quote): “{text}”")
    if draft.scan.new_names:
        lines.append("  names not in the corpus:")
        for name in draft.scan.new_names:
            near = "; ".join(f"{ref.type} {ref.id} ({similar:.0%})"
                             for ref, _, similar in name.near)
            times = f" ×{name.count}" if name.count > 1 else ""
            lines.append(f"    {name.text}{times}" + (f" — near: {near}" if near else ""))
    for ambiguity in draft.scan.ambiguous:
        names = ", ".join(f"{r.type} {r.id}" for r in ambiguity.refs)
        lines.append(f"  '{ambiguity.text}' could be any of: {names} (not pre-filled)")
    for duplicate in draft.duplicates:
        lines.append(f"  ALREADY IN THE CORPUS? {duplicate.path}: {duplicate.reason}")

    items = checklist(draft, shown_path, line_of)
    required = [text for text, needed in items if needed]
    if required:
        lines += ["", "To do before `make check` passes:"]
        lines += [f"  [ ] {text}" for text in required]
    lines += ["", "Then check and decide:"]
    lines += [f"  [ ] {text}" for text, needed in items if not needed]
    return "\n".join(lines)


def checklist(draft: Draft, shown_path: str, line_of: Any) -> list[tuple[str, bool]]:
    """The decisions left to the contributor, most urgent first.

    Each item comes with whether ``make check`` fails until it is done.
    """
    front = draft.front_matter
    items: list[tuple[str, bool]] = []

    def add(*parts: str, required: bool = False) -> None:
        items.append(("".join(parts), required))

    for duplicate in draft.duplicates:
        add(f"this text looks like {duplicate.path} ({duplicate.reason}). The same article: ",
            f"delete {shown_path}. A republication: add ",
            f"`republished_from: {duplicate.article_id}`.")
    if "outlet" not in front:
        hint = ""
        if draft.outlet_hint is not None and draft.raw.dateline is not None:
            hint = (f" The dateline credits {draft.raw.dateline.source} = "
                    f"`{draft.outlet_hint.id}`, if this copy is theirs.")
        add("outlet: add `outlet: <organization id>` — who published this copy.", hint,
            required=True)
    elif not draft.outlet_known:
        add(f"outlet: '{front['outlet']}' is not in corpus/organizations/; add it ",
            "(--create-entities organization:NAME) or use an existing id.", required=True)
    if "published" not in front:
        add("published: add `published: YYYY-MM-DD` (or YYYY-MM, YYYY), then move the file to ",
            "articles/<YYYY>/<date>-<name>.md — `make check` gives the exact path.",
            required=True)
    for index, quote in enumerate(draft.scan.quotes):
        line = line_of("quotes", index, "text")
        if quote.speaker is None:
            add(f"quote {index + 1} (line {line}) has no `by`: {quote.reason}. Add ",
                "`by: <person or organization id>`, or delete the quote.", required=True)
        elif quote.inferred:
            add(f"quote {index + 1} (line {line}): speaker {quote.speaker.id} was inferred ",
                f"({quote.reason}); check it.")
    if draft.scan.new_names:
        add("names not in the corpus: for each real person or organization, either add the ",
            "spelling to the `aliases` of the near match, or create it (run again with ",
            "--create-entities 'Name' or 'organization:Name'), then list its id in `people` / ",
            "`organizations`.")
    for entity in draft.entities:
        need = "`date` (required), " if entity.type == "event" else ""
        add(f"{entity.path}: add {need}a one-sentence description below the front matter, ",
            "and the fields you know (see the contributing guide).",
            required=entity.type == "event")
    if not draft.title_given:
        add(f"title: taken from the first line (\"{front['title']}\"). If that is not the ",
            "headline, delete the file and run again with --title.")
    if draft.scan.quotes:
        add("quotes: check each speaker; add `via` (who carried the words) and `said` (when) ",
            "only where the text says.")
    tags = ", ".join(draft.tags) if draft.tags else f"none yet; define them in {TAGS_FILE}"
    add(f"optional: `tags` (from {TAGS_FILE}: {tags}), `language`, `summary`, `notes`, ",
        "`authors`.")
    add("run `make check` until it reports 0 errors.")
    return items


# --- command line -------------------------------------------------------------------

def read_raw(source: str, stdin: Any) -> str:
    """The raw text from a file or ``-`` (standard input), decoded as UTF-8."""
    if source == "-":
        data = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode()
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise ScaffoldError(f"cannot read {source}: {exc.strerror}") from exc
    text, problems = decode(data, source)
    if text is None:
        raise ScaffoldError(problems[0].format() if problems else f"cannot read {source}")
    return text


def run_new(source: str, corpus_dir: Path, *, url: str | None, outlet: str | None,
            date: str | None, title: str | None, create: Sequence[str], stdin: Any,
            out: Any, err: Any) -> int:
    """The ``new`` command: draft, write, report. Returns the exit status."""
    try:
        text = read_raw(source, stdin)
        corpus, _ = load_corpus(corpus_dir)
        draft = plan_article(text, corpus, url=url, outlet=outlet, date=date, title=title,
                             create=[EntityRequest.parse(c) for c in create])
        written = write_draft(draft, corpus_dir)
    except ScaffoldError as exc:
        print(f"error: {exc}", file=err)
        return 1
    print(report(draft, [str(p) for p in written]), file=out)
    for duplicate in draft.duplicates:
        print(f"warning: already in the corpus? {duplicate.path}: {duplicate.reason}", file=err)
    return 0
