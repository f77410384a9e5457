"""The data model: frozen dataclasses, compared by value, with no file access.

Records are built by :mod:`loader` from validated front matter; cross-record
facts (who is mentioned where) live in :class:`build_tools.resolve.Archive`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from typing import ClassVar

from .sources import LineMap

UNKNOWN = "unknown"
"""What a contributor writes where the source does not say (e.g. an unnamed original outlet)."""

MONTH_NAMES: tuple[str, ...] = tuple(calendar.month_name)
"""``""``, then ``January`` to ``December``: read from :mod:`calendar` once. Its
``month_name[m]`` formats a date with ``strftime`` at every access, and dates are shown
on every page (about 1 s of a build at 10,000 articles, the charts included)."""
MONTH_ABBREVIATIONS: tuple[str, ...] = tuple(calendar.month_abbr)
"""``""``, then ``Jan`` to ``Dec`` (see :data:`MONTH_NAMES`)."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day (``2020``, ``2020-05``, ``2020-05-02``)."""

    year: int
    month: int = 0
    """0 when unknown."""
    day: int = 0
    """0 when unknown."""

    @property
    def iso(self) -> str:
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        if not self.month:
            return f"{self.year:04d}"
        if not self.day:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def display(self) -> str:
        """Human form: ``2 May 2020``, ``May 2020`` or ``2020``."""
        if not self.month:
            return str(self.year)
        month = MONTH_NAMES[self.month]
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"

    def __str__(self) -> str:
        return self.iso


@dataclass(frozen=True)
class Tag:
    """An entry of the controlled tag list ``corpus/tags.yml``."""

    id: str
    label: str
    description: str = ""
    line: int = 0


@dataclass(frozen=True)
class Quote:
    """A verbatim quotation recorded in an article's front matter."""

    article: str
    """Id of the article that carries it."""
    by: str
    """Id of the person or organization quoted."""
    text: str
    via: str | None = None
    """Organization id of the outlet or channel that carried the words, if named."""
    said: PartialDate | None = None
    anchor: str = ""
    """Stable HTML id of the quote on its article page (derived from speaker and words)."""
    line: int = 0


@dataclass(frozen=True)
class Republication:
    """Where a republished article came from; any part may be unknown."""

    article: str | None = None
    """Id of the original article, when it is in the corpus."""
    outlet: str | None = None
    """Organization id of the original outlet, or ``"unknown"`` when the text does not name it."""
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Record:
    """Common part of every corpus record."""

    id: str
    path: str
    """Source file, relative to the repository root."""
    body: str
    """Markdown body."""
    body_line: int
    lines: LineMap = field(compare=False, repr=False)
    """Line of each front-matter value, for diagnostics."""


@dataclass(frozen=True)
class Article(Record):
    """One news article."""

    title: str = ""
    outlet: str = ""
    published: PartialDate = PartialDate(1)
    url: str | None = None
    archive_url: str | None = None
    retrieved: PartialDate | None = None
    dateline: str | None = None
    authors: tuple[str, ...] | None = None
    """Person ids; ``None`` when the article names no author."""
    language: str | None = None
    summary: str | None = None
    notes: str | None = None
    tags: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    republished_from: Republication | None = None
    quotes: tuple[Quote, ...] = ()
    ignore_mentions: tuple[str, ...] = ()
    """Names or entity ids not to link automatically in this article."""

    @property
    def year(self) -> int:
        return self.published.year


@dataclass(frozen=True)
class Entity(Record):
    """Common part of people, organizations, places and events."""

    TYPE: ClassVar[str] = ""
    """``person``, ``organization``, ``place`` or ``event``."""
    SECTION: ClassVar[str] = ""
    """Plural used for folders and URLs: ``people``, ``organizations``, …"""

    name: str = ""
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    links: tuple[str, ...] = ()
    kind: str | None = None
    """Free classification within the type (``news-outlet``, ``province``, ``attack``…)."""

    @property
    def names(self) -> tuple[str, ...]:
        """The name followed by every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Person(Entity):
    TYPE: ClassVar[str] = "person"
    SECTION: ClassVar[str] = "people"
    affiliations: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Organization(Entity):
    TYPE: ClassVar[str] = "organization"
    SECTION: ClassVar[str] = "organizations"
    part_of: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Place(Entity):
    TYPE: ClassVar[str] = "place"
    SECTION: ClassVar[str] = "places"
    within: str | None = None


@dataclass(frozen=True)
class Event(Entity):
    TYPE: ClassVar[str] = "event"
    SECTION: ClassVar[str] = "events"
    date: PartialDate = PartialDate(1)
    end_date: PartialDate | None = None
    places: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()


AnyEntity = Person | Organization | Place | Event

ENTITY_CLASSES: dict[str, type[Entity]] = {
    cls.TYPE: cls for cls in (Person, Organization, Place, Event)
}
"""Entity classes by type name."""

SECTIONS: dict[str, str] = {cls.SECTION: cls.TYPE for cls in ENTITY_CLASSES.values()}
"""Entity type by corpus folder name."""


@dataclass(frozen=True)
class Corpus:
    """Every record of the corpus, by id. Built by :func:`build_tools.loader.load_corpus`."""

    articles: dict[str, Article]
    entities: dict[str, dict[str, Entity]]
    """``entities["person"]["mustafa-al-kadhimi"]``."""
    tags: dict[str, Tag]

    def entity(self, entity_type: str, entity_id: str) -> Entity | None:
        return self.entities.get(entity_type, {}).get(entity_id)

    def all_entities(self) -> list[Entity]:
        return [e for by_id in self.entities.values() for e in by_id.values()]
