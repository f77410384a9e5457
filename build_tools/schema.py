"""The fields of each kind of corpus file, and their type checks.

One table, :data:`SCHEMAS`, defines every field; the validator below and any
generated description of the format (the contributor guide, JSON Schema) read
it, so there is never a second copy to keep in sync. Checks here are local to
one file; references between files are checked in :mod:`resolve`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .diagnostics import Diagnostic, error
from .model import UNKNOWN, PartialDate
from .sources import LineMap

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""Ids: lowercase ASCII letters, digits and single hyphens."""
DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
WIKIDATA_PATTERN = re.compile(r"^Q[1-9][0-9]*$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
URL_PATTERN = re.compile(r"^https?://[^\s<>\"'`]+$", re.IGNORECASE)

MAX_TEXT = 20_000
"""Longest accepted single text value (a quote, a summary)."""


@dataclass(frozen=True)
class FieldSpec:
    """One front-matter field."""

    name: str
    type: str
    """``text``, ``texts``, ``url``, ``urls``, ``date``, ``partial-date``, ``ref``, ``refs``,
    ``slug``, ``wikidata``, ``language``, ``quotes`` or ``republication``."""
    description: str
    required: bool = False
    refs: tuple[str, ...] = ()
    """For ``ref``/``refs``: the record types an id may name (``person``, ``article``, ``tag``…)."""
    allow_unknown: bool = False
    """The literal ``unknown`` is accepted (the source does not say)."""


def _f(name: str, type_: str, description: str, **kw: Any) -> FieldSpec:
    return FieldSpec(name, type_, description, **kw)


_ENTITY_COMMON = (
    _f("name", "text", "The most common spelling of the name.", required=True),
    _f("aliases", "texts", "Every other spelling seen in print (matched in article text)."),
    _f("wikidata", "wikidata", "Wikidata item id, e.g. Q42."),
    _f("links", "urls", "Further reference links (http/https)."),
)

SCHEMAS: dict[str, tuple[FieldSpec, ...]] = {
    "article": (
        _f("title", "text", "The headline as printed.", required=True),
        _f("outlet", "ref", "Organization id of the outlet that published this copy.",
           required=True, refs=("organization",)),
        _f("published", "partial-date", "Publication date: YYYY-MM-DD, or YYYY-MM / YYYY "
           "when only that is known.", required=True),
        _f("url", "url", "Address of the article at its outlet."),
        _f("archive_url", "url", "Address of an archived copy."),
        _f("retrieved", "date", "Date the text was collected (YYYY-MM-DD)."),
        _f("dateline", "text", "Dateline as printed (e.g. TEHRAN)."),
        _f("authors", "refs", "Person ids of the authors, or 'unknown'.", refs=("person",),
           allow_unknown=True),
        _f("language", "language", "Language code of the text (en, ar, fr-CA…)."),
        _f("summary", "text", "One or two neutral sentences, written by the archive."),
        _f("notes", "text", "Provenance remarks: editorial additions, credits, doubts."),
        _f("tags", "refs", "Tag ids from corpus/tags.yml.", refs=("tag",)),
        _f("events", "refs", "Event ids the article covers.", refs=("event",)),
        _f("people", "refs", "Person ids the article involves.", refs=("person",)),
        _f("organizations", "refs", "Organization ids the article involves.",
           refs=("organization",)),
        _f("places", "refs", "Place ids the article involves.", refs=("place",)),
        _f("republished_from", "republication", "The original of a republished text: an "
           "article id, 'unknown', or a mapping of article, outlet, url and note.",
           allow_unknown=True),
        _f("quotes", "quotes", "Verbatim quotations: by, text, and optional via and said."),
        _f("ignore_mentions", "texts", "Names (as printed) or entity ids that the text mentions "
           "but that must not be linked automatically here (false matches)."),
    ),
    "person": _ENTITY_COMMON + (
        _f("affiliations", "refs", "Organization ids the person belongs to.",
           refs=("organization",)),
        _f("roles", "texts", "Roles as the articles give them."),
    ),
    "organization": _ENTITY_COMMON + (
        _f("kind", "slug", "news-outlet, news-agency, broadcaster, armed-group, government, "
           "political-party…"),
        _f("part_of", "ref", "Organization id of the parent organization.",
           refs=("organization",)),
        _f("country", "ref", "Place id of the country.", refs=("place",)),
    ),
    "place": _ENTITY_COMMON + (
        _f("kind", "slug", "country, province, city, town, district, region…"),
        _f("within", "ref", "Place id of the enclosing place.", refs=("place",)),
    ),
    "event": _ENTITY_COMMON + (
        _f("date", "partial-date", "Date of the event (YYYY-MM-DD, or YYYY-MM / YYYY).",
           required=True),
        _f("end_date", "partial-date", "Last day of an event spanning several days."),
        _f("places", "refs", "Place ids where it happened.", refs=("place",)),
        _f("participants", "refs", "Person or organization ids involved.",
           refs=("person", "organization")),
        _f("kind", "slug", "attack, assassination, vote, election, protest…"),
    ),
}

QUOTE_FIELDS: tuple[FieldSpec, ...] = (
    _f("by", "ref", "Person or organization id of the speaker.", required=True,
       refs=("person", "organization")),
    _f("text", "text", "The words, verbatim as in the body (quotation marks aside).",
       required=True),
    _f("via", "ref", "Organization id of the outlet or channel that carried the words.",
       refs=("organization",)),
    _f("said", "partial-date", "When the words were said, if the text says."),
)

REPUBLICATION_FIELDS: tuple[FieldSpec, ...] = (
    _f("article", "ref", "Id of the original article in this corpus.", refs=("article",)),
    _f("outlet", "ref", "Organization id of the original outlet, or 'unknown'.",
       refs=("organization",), allow_unknown=True),
    _f("url", "url", "Address of the original."),
    _f("note", "text", "What is known about the original."),
)

TAG_FIELDS: tuple[FieldSpec, ...] = (
    _f("label", "text", "Display name of the tag.", required=True),
    _f("description", "text", "What the tag covers."),
)


def parse_partial_date(value: str) -> PartialDate | None:
    """``"2020-05-02"`` -> PartialDate; ``None`` when malformed or impossible."""
    match = DATE_PATTERN.match(value)
    if not match:
        return None
    year, month, day = (int(g) if g else 0 for g in match.groups())
    if year < 1 or (match.group(2) and not 1 <= month <= 12):
        return None
    if match.group(3):
        try:
            dt.date(year, month, day)
        except ValueError:
            return None
    return PartialDate(year, month, day)


def suggest(word: str, choices: Any, cutoff: float = 0.75) -> str | None:
    """The closest of ``choices`` to ``word``, if one is close enough to be what was meant."""
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return found[0] if found else None


def slugify(text: str) -> str:
    """A valid id guessed from arbitrary text (``Hashd al-Sha'abi`` -> ``hashd-al-shaabi``)."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’‘`ʿʼ]", "", ascii_text.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


class FieldChecker:
    """Type-checks one mapping against a list of :class:`FieldSpec`, collecting diagnostics.

    ``today`` bounds dates: nothing in the corpus can be published in the future.
    """

    def __init__(self, path: str, lines: LineMap, today: dt.date) -> None:
        self.path = path
        self.lines = lines
        self.today = today
        self.diagnostics: list[Diagnostic] = []

    def _error(self, key_path: tuple[Any, ...], message: str, code: str) -> None:
        self.diagnostics.append(error(self.path, self.lines.line(*key_path), message, code))

    def check(self, data: dict[str, Any], specs: tuple[FieldSpec, ...], what: str,
              key_path: tuple[Any, ...] = ()) -> dict[str, Any]:
        """Return the cleaned values of the known fields present in ``data``."""
        known = {spec.name: spec for spec in specs}
        clean: dict[str, Any] = {}
        for key in data:
            if key not in known:
                hint = suggest(str(key), known)
                message = f"unknown field '{key}' in {what}"
                message += f"; did you mean '{hint}'?" if hint else \
                    f" (known fields: {', '.join(known)})"
                self._error(key_path + (key,), message, "unknown-field")
        for spec in specs:
            if spec.name not in data or data[spec.name] is None or data[spec.name] == "":
                if spec.required:
                    self._error(key_path, f"missing required field '{spec.name}' in {what}",
                                "missing-field")
                continue
            value = self._check_value(spec, data[spec.name], key_path + (spec.name,))
            if value is not None:
                clean[spec.name] = value
        return clean

    def _check_value(self, spec: FieldSpec, value: Any, key_path: tuple[Any, ...]) -> Any:
        checker: Callable[[FieldSpec, Any, tuple[Any, ...]], Any] = getattr(
            self, "_type_" + spec.type.replace("-", "_"))
        return checker(spec, value, key_path)

    # --- scalar types -------------------------------------------------------

    def _text(self, spec: FieldSpec, value: Any, key_path: tuple[Any, ...]) -> str | None:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self._error(key_path, f"'{spec.name}' must be text, not {_describe(value)}",
                        "field-type")
            return None
        text = str(value).strip()
        if len(text) > MAX_TEXT:
            self._error(key_path, f"'{spec.name}' is {len(text):,} characters long; the limit "
                        f"is {MAX_TEXT:,}", "field-too-long")
            return None
        return text

    _type_text = _text

    def _type_slug(self, spec: FieldSpec, value: Any, key_path: tuple[Any, ...]) -> str | None:
        text = self._text(spec, value, key_path)
        if text is None:
            return None
        if not ID_PATTERN.match(text):
            self._error(key_path, f"'{spec.name}' must be lowercase words joined by hyphens; "
                        f"did you mean '{slugify(text)}'?", "field-format")
            return None
        return text

    def _type_wikidata(self, spec: FieldSpec, value: Any, key_path: tuple[Any, ...]) -> str | None:
        text = self._text(spec, value, key_path)
        if text is not None and not WIKIDATA_PATTERN.match(text):
            self._error(key_path, f"'{spec.name}' must be a Wikidata item id such as Q42, "
                        f"not '{text}'", "field-format")
            return None
        return text

    def _type_language(self, spec: FieldSpec, value: Any, key_path: tuple[Any, ...]) -> str | None:
        text = self._text(spec, value, key_path)
        if text is not None and not LANGUAGE_PATTERN.match(text):
            self._error(key_path, f"'{spec.name}' must be a language code such as en or ar, "
                        f"not '{text}'", "field-format")
            return None
        return text

    def _type_url(self, spec: FieldSpec, value: Any, key_path: tuple[Any, ...]) -> str | None:
        text = self._text(spec, value, key_path)
        if text is None:
            return None
        if not URL_PATTERN.match(text):
            self._error(key_path, f"'{spec.name}' must be an http:// or https:// address, "
                        f"not '{_clip(text)}'", "field-format")
            return None
        return text

    def _date(self, spec: FieldSpec, value: Any, key_path: tuple[Any, ...],
              partial: bool) -> PartialDate | None:
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self._error(key_path, f"'{spec.name}' must be a date, not {_describe(value)}",
                        "field-type")
            return None
        text = str(value).strip()
        date = parse_partial_date(text)
        expected = "YYYY-MM-DD, YYYY-MM or YYYY" if partial else "YYYY-MM-DD"
        if date is None or (not partial and not date.day):
            self._error(key_path, f"'{spec.name}' is not a valid date: '{_clip(text)}' "
                        f"(expected {expected})", "date")
            return None
        if date.iso > self.today.isoformat()[: len(date.iso)]:
            self._error(key_path, f"'{spec.name}' {date.iso} is in the future", "date")
            return None
        return date

    def _type_date(self, spec: FieldSpec, value: Any, key_path: tuple[Any, ...]) -> Any:
        return self._date(spec, value, key_path, partial=False)

    def _type_partial_date(self, spec: FieldSpec, value: Any, key_path: tuple[Any, ...]) -> Any:
        return self._date(spec, value, key_path, partial=True)

    def _id(self, spec: FieldSpec, value: Any, key_path: tuple[Any, ...]) -> str | None:
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self._error(key_path, f"'{spec.name}' must be an id, not {_describe(value)}",
                        "field-type")
            return None
        text = str(value).strip()
        if spec.allow_unknown and text == UNKNOWN:
            return text
        if not ID_PATTERN.match(text):
            guess = slugify(text)
            hint = f"; did you mean '{guess}'?" if guess else ""
            self._error(key_path, f"'{_clip(text)}' in '{spec.name}' is not an id (lowercase "
                        f"ASCII letters, digits and single hyphens){hint}", "id-syntax")
            # Keep the guess so that reference checks can still report what it names.
            return guess or None
        return text

    _type_ref = _id

    # --- lists --------------------------------------------------------------

    def _list(self, spec: FieldSpec, value: Any, key_path: tuple[Any, ...],
              item: Callable[[FieldSpec, Any, tuple[Any, ...]], Any]) -> tuple[Any, ...] | None:
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            value = [value]  # a single item written without list syntax
        if not isinstance(value, list):
            self._error(key_path, f"'{spec.name}' must be a list, not {_describe(value)}",
                        "field-type")
            return None
        items = []
        seen: dict[Any, int] = {}
        for index, raw in enumerate(value):
            checked = item(spec, raw, key_path + (index,))
            if checked is None:
                continue
            if checked in seen:
                self._error(key_path + (index,), f"'{_clip(str(checked))}' is listed twice in "
                            f"'{spec.name}'", "duplicate-item")
                continue
            seen[checked] = index
            items.append(checked)
        return tuple(items)

    def _type_texts(self, spec: FieldSpec, value: Any, key_path: tuple[Any, ...]) -> Any:
        return self._list(spec, value, key_path, self._text)

    def _type_urls(self, spec: FieldSpec, value: Any, key_path: tuple[Any, ...]) -> Any:
        return self._list(spec, value, key_path, self._type_url)

    def _type_refs(self, spec: FieldSpec, value: Any, key_path: tuple[Any, ...]) -> Any:
        if spec.allow_unknown and value == UNKNOWN:
            return UNKNOWN
        return self._list(spec, value, key_path, self._id)

    # --- structured fields --------------------------------------------------

    def _type_quotes(self, spec: FieldSpec, value: Any, key_path: tuple[Any, ...]) -> Any:
        if not isinstance(value, list):
            self._error(key_path, f"'quotes' must be a list of mappings (by, text…), not "
                        f"{_describe(value)}", "field-type")
            return None
        quotes = []
        for index, raw in enumerate(value):
            if not isinstance(raw, dict):
                self._error(key_path + (index,), "each quote must be a mapping with 'by' and "
                            "'text'", "field-type")
                continue
            clean = self.check(raw, QUOTE_FIELDS, "a quote", key_path + (index,))
            if "by" in clean and "text" in clean:
                clean["line"] = self.lines.line(*key_path, index, "text")
                quotes.append(clean)
        return tuple(quotes)

    def _type_republication(self, spec: FieldSpec, value: Any, key_path: tuple[Any, ...]) -> Any:
        if value == UNKNOWN:
            return {"outlet": UNKNOWN}
        if isinstance(value, str):
            article = self._id(FieldSpec("republished_from", "ref", "", refs=("article",)),
                               value, key_path)
            return {"article": article} if article else None
        if not isinstance(value, dict):
            self._error(key_path, "'republished_from' must be an article id, 'unknown', or a "
                        "mapping of article, outlet, url and note", "field-type")
            return None
        clean = self.check(value, REPUBLICATION_FIELDS, "'republished_from'", key_path)
        if not clean:
            self._error(key_path, "'republished_from' says nothing: give at least one of "
                        "article, outlet (or 'unknown'), url, note", "field-type")
            return None
        return clean


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if value is None:
        return "nothing"
    return f"'{_clip(str(value))}'"


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
