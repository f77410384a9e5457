"""A synthetic corpus, deterministic from a seed, for benchmarks and scale tests.

``python -m build_tools synth --articles 10000 --seed 1 OUT`` writes
``OUT/corpus/`` (valid under ``make check``), ``OUT/mkdocs.yml`` (the site
configuration with the ``corpus`` plugin) and ``OUT/docs/index.md``.

What it imitates, so that a build of it costs what a real archive would:

* entity pools (people, organizations including news outlets, places in a
  country > province > city hierarchy, dated events), each entity with a
  name and up to three aliases, some differing only in apostrophes or
  hyphens the way transliterations do;
* mentions drawn from a Zipf distribution (a few entities appear in many
  articles, most in a handful): listed as explicit ids in the front matter,
  and spelled out (name or alias) in the body, including some that are only
  in the body, for mention linking from text;
* quotes that occur verbatim in their article's body, with ``via`` and ``said``;
* tags from ``tags.yml``, authors, republications, dates over ten years;
* bodies of 600–900 words from a generated vocabulary (syllable words with a
  Zipf word frequency plus English function words); no network, no data files.

Every random choice comes from one :class:`random.Random` seeded by the
caller and the output is written in a fixed order, so the same arguments
give byte-identical files on every machine.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

from .registry import fold
from .schema import slugify

try:  # libyaml's emitter is several times faster; same output for plain data
    _Dumper: type = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Dumper = yaml.SafeDumper

T = TypeVar("T")

FIRST_YEAR = 2015
"""Articles and events are dated from 1 January of this year…"""
YEARS = 10
"""…over this many years (so every date is in the past)."""

BODY_WORDS = (600, 900)
"""Range of the number of words of an article body."""

_FUNCTION_WORDS = [
    "the", "of", "and", "to", "in", "a", "that", "for", "on", "is", "was", "with", "as",
    "by", "said", "at", "from", "it", "his", "an", "be", "have", "which", "has", "are",
    "were", "not", "this", "but", "they", "after", "had", "their", "its", "been", "also",
    "who", "will", "would", "more", "than", "over", "about", "into", "two", "when", "there",
    "other", "one", "new", "last", "year", "before", "under",
]
"""The most frequent words of English news text, mixed into the generated vocabulary
so that bodies have realistic word statistics (and search stop words)."""

_ONSETS = ("b", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
           "br", "dr", "gr", "kh", "sh", "st", "tr", "th", "ch")
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ou", "ea")
_CODAS = ("", "", "", "n", "r", "s", "l", "m", "t", "nd", "st")

_ORG_PATTERNS = (
    ("{X} Brigades", "armed-group"), ("{X} Front", "armed-group"),
    ("Movement of {X}", "political-party"), ("{X} Party", "political-party"),
    ("Ministry of {X}", "government"), ("Council of {X}", "government"),
    ("{X} Foundation", "ngo"), ("{X} Institute", "think-tank"),
    ("{X} Holdings", "company"), ("{X} Union", "trade-union"),
)
_OUTLET_PATTERNS = (
    ("{X} News Agency", "news-agency"), ("{X} Times", "newspaper"), ("Radio {X}", "radio"),
    ("{X} TV", "tv-channel"), ("The {X} Herald", "newspaper"), ("{X} Daily", "newspaper"),
    ("{X} Press", "news-agency"), ("{X} Online", "website"),
)
_PLACE_KINDS = (("country", 0.06), ("province", 0.24), ("city", 0.70))
_EVENT_KINDS = ("attack", "election", "protest", "summit", "vote", "ceasefire", "flood",
                "trial", "strike", "assassination")
_ROLES = ("spokesman", "commander", "minister", "member of parliament", "analyst",
          "governor", "director", "journalist", "deputy", "adviser")


# --- random helpers -----------------------------------------------------------


class ZipfPool:
    """Items drawn with probability proportional to ``1 / rank ** exponent``.

    Rank is the item's position, so a pool built in random order gives random
    items the head of the distribution.
    """

    def __init__(self, items: Sequence[T], exponent: float = 1.0) -> None:
        self.items = list(items)
        self.cumulative = list(itertools.accumulate(
            1.0 / (rank + 1) ** exponent for rank in range(len(self.items))))

    def draw(self, rng: random.Random) -> Any:
        """One item."""
        point = rng.random() * self.cumulative[-1]
        return self.items[bisect.bisect_right(self.cumulative, point)]

    def draw_distinct(self, rng: random.Random, count: int) -> list[Any]:
        """``count`` different items (fewer if the pool is smaller), in draw order."""
        count = min(count, len(self.items))
        chosen: list[Any] = []
        seen: set[int] = set()
        while len(chosen) < count:
            item = self.draw(rng)
            if id(item) not in seen:
                seen.add(id(item))
                chosen.append(item)
        return chosen


def _syllable(rng: random.Random) -> str:
    return rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(_syllable(rng) for _ in range(syllables))


# --- the corpus as plain data -----------------------------------------------------


@dataclass
class SynthEntity:
    """An entity of the generated corpus, before it is written as a file."""

    type: str
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)
    body: str = ""

    @property
    def spellings(self) -> list[str]:
        """Name and aliases: the ways an article may write it."""
        return [self.name, *self.aliases]


SECTION_OF = {"person": "people", "organization": "organizations", "place": "places",
              "event": "events"}


@dataclass(frozen=True)
class SynthSummary:
    """What :func:`generate_corpus` wrote."""

    articles: int
    entities: dict[str, int]
    """Number of entities per type."""
    quotes: int
    words: int
    """Words in all article bodies."""

    def describe(self) -> str:
        kinds = ", ".join(f"{n} {SECTION_OF[t]}" for t, n in self.entities.items())
        return (f"{self.articles} articles ({self.words:,} words, {self.quotes} quotes), "
                f"{kinds}")


class _Generator:
    def __init__(self, articles: int, seed: int, entities: int | None) -> None:
        self.rng = random.Random(seed)
        self.article_count = articles
        total = entities if entities is not None else max(60, articles // 5)
        self.sizes = {
            "person": max(12, total * 50 // 100),
            "organization": max(10, total * 25 // 100),
            "place": max(10, total * 15 // 100),
            "event": max(6, total * 10 // 100),
        }
        self.taken: set[str] = set()
        """Folded spellings already claimed: no two entities share a name."""
        self.name_tokens: set[str] = set()
        self.entities: dict[str, list[SynthEntity]] = {t: [] for t in self.sizes}
        self.start = dt.date(FIRST_YEAR, 1, 1)
        self.days = (dt.date(FIRST_YEAR + YEARS, 1, 1) - self.start).days

    # --- names ------------------------------------------------------------------

    def _claim(self, spelling: str) -> bool:
        key = fold(spelling)
        if not key or key in self.taken:
            return False
        self.taken.add(key)
        self.name_tokens.update(key.split())
        return True

    def _new_root(self, syllables: tuple[int, int] = (2, 3)) -> str:
        return _word(self.rng, self.rng.randint(*syllables)).capitalize()

    def _unique_id(self, base: str, used: set[str]) -> str:
        candidate = base
        for n in itertools.count(2):
            if candidate not in used:
                used.add(candidate)
                return candidate
            candidate = f"{base}-{n}"
        raise AssertionError("unreachable")

    def _variant(self, word: str) -> str:
        """A transliteration variant: doubled vowel, apostrophe or ``al-``."""
        roll = self.rng.random()
        vowels = [i for i, c in enumerate(word) if c in "aeiou"]
        if roll < 0.4 and vowels:
            i = self.rng.choice(vowels)
            return word[:i] + word[i] + word[i:]
        if roll < 0.7 and len(vowels) > 1:
            i = vowels[1]
            return word[:i] + "'" + word[i:]
        return "al-" + word

    def _add_aliases(self, entity: SynthEntity, candidates: list[str], most: int) -> None:
        self.rng.shuffle(candidates)
        for alias in candidates[: self.rng.randint(0, most)]:
            if alias != entity.name and (fold(alias) == fold(entity.name) or self._claim(alias)):
                entity.aliases.append(alias)

    # --- pools --------------------------------------------------------------------

    def build_pools(self) -> None:
        ids: dict[str, set[str]] = {t: set() for t in self.sizes}
        self._places(ids["place"])
        self._organizations(ids["organization"])
        self._people(ids["person"])
        self._events(ids["event"])

    def _places(self, ids: set[str]) -> None:
        count = self.sizes["place"]
        by_kind: dict[str, list[SynthEntity]] = {k: [] for k, _ in _PLACE_KINDS}
        for kind, share in _PLACE_KINDS:
            wanted = max(2, round(count * share)) if kind != "city" else \
                count - sum(len(v) for v in by_kind.values())
            while len(by_kind[kind]) < wanted:
                name = self._new_root()
                if not self._claim(name):
                    continue
                place = SynthEntity("place", self._unique_id(slugify(name), ids), name)
                place.fields["kind"] = kind
                parent_kind = {"province": "country", "city": "province"}.get(kind)
                if parent_kind:
                    place.fields["within"] = self.rng.choice(by_kind[parent_kind]).id
                self._add_aliases(place, [self._variant(name), name.upper() if kind ==
                                          "country" else f"{name} {kind.capitalize()}"], 2)
                place.body = (f"{name} is a {kind} in the archive's coverage."
                              if self.rng.random() < 0.5 else "")
                by_kind[kind].append(place)
        self.countries = by_kind["country"]
        for places in by_kind.values():
            self.entities["place"].extend(places)
        self.rng.shuffle(self.entities["place"])  # Zipf rank independent of kind

    def _organizations(self, ids: set[str]) -> None:
        count = self.sizes["organization"]
        outlets = max(4, count // 8)
        orgs = self.entities["organization"]
        while len(orgs) < count:
            outlet = len(orgs) < outlets
            pattern, kind = self.rng.choice(_OUTLET_PATTERNS if outlet else _ORG_PATTERNS)
            root = self._new_root()
            name = pattern.format(X=root)
            if not self._claim(name):
                continue
            org = SynthEntity("organization", self._unique_id(slugify(name), ids), name)
            org.fields["kind"] = kind
            org.fields["country"] = self.rng.choice(self.countries).id
            if not outlet and orgs[outlets:] and self.rng.random() < 0.15:
                # Only earlier organizations can be parents, so part_of never forms a cycle.
                org.fields["part_of"] = self.rng.choice(orgs[outlets:]).id
            words = name.split()
            acronym = "".join(w[0] for w in words if w[0].isupper())
            self._add_aliases(org, [acronym, name.replace(root, self._variant(root)),
                                    f"the {name}" if not name.startswith("The") else root], 2)
            if self.rng.random() < 0.3:
                org.fields["wikidata"] = f"Q{self.rng.randint(1000, 9_999_999)}"
            if outlet:
                org.fields["links"] = [f"https://{slugify(root)}.example.org/"]
            org.body = (f"{name} is a {kind.replace('-', ' ')} based in "
                        f"{self._name_of('place', org.fields['country'])}."
                        if self.rng.random() < 0.6 else "")
            orgs.append(org)
        self.outlets = orgs[:outlets]
        self.rng.shuffle(self.outlets)

    def _name_of(self, entity_type: str, entity_id: str) -> str:
        for entity in self.entities[entity_type]:
            if entity.id == entity_id:
                return entity.name
        raise KeyError(entity_id)

    def _people(self, ids: set[str]) -> None:
        firsts = [self._new_root((1, 2)) for _ in range(max(20, self.sizes["person"] // 8))]
        people = self.entities["person"]
        non_outlets = self.entities["organization"][len(self.outlets):] or self.outlets
        while len(people) < self.sizes["person"]:
            first, last = self.rng.choice(firsts), self._new_root()
            name = f"{first} {last}" if self.rng.random() < 0.7 else f"{first} al-{last}"
            if not self._claim(name):
                continue
            person = SynthEntity("person", self._unique_id(slugify(name), ids), name)
            plain_last = last
            self._add_aliases(person, [f"{first[0]}. {plain_last}", plain_last,
                                       f"{first} {self._variant(plain_last)}",
                                       name.replace("al-", "Al ")], 3)
            journalist = self.rng.random() < 0.1
            pool = self.outlets if journalist else non_outlets
            person.fields["affiliations"] = [o.id for o in self.rng.sample(
                pool, min(len(pool), self.rng.randint(0, 2) or 1))]
            person.fields["roles"] = ["journalist"] if journalist else \
                [self.rng.choice(_ROLES)]
            person.fields["journalist"] = journalist
            if self.rng.random() < 0.2:
                person.fields["wikidata"] = f"Q{self.rng.randint(1000, 9_999_999)}"
            person.body = (f"{name} is described in the archive's articles as "
                           f"{person.fields['roles'][0]}." if self.rng.random() < 0.5 else "")
            people.append(person)
        self.journalists = [p for p in people if p.fields["journalist"]] or people[:3]

    def _events(self, ids: set[str]) -> None:
        places = self.entities["place"]
        events = self.entities["event"]
        while len(events) < self.sizes["event"]:
            date = self.start + dt.timedelta(days=self.rng.randrange(self.days - 30))
            place = self.rng.choice(places)
            kind = self.rng.choice(_EVENT_KINDS)
            name = f"{date.year} {place.name} {kind}"
            if not self._claim(name):
                continue
            slug = slugify(f"{place.name} {kind}")
            event = SynthEntity("event", self._unique_id(f"{date.isoformat()}-{slug}", ids),
                                name)
            self._add_aliases(event, [f"{place.name} {kind} of {date.year}",
                                      f"{kind.capitalize()} in {place.name}"], 1)
            event.fields["kind"] = kind
            event.fields["date"] = date.isoformat()
            if self.rng.random() < 0.2:
                event.fields["end_date"] = (date + dt.timedelta(
                    days=self.rng.randint(1, 20))).isoformat()
            event.fields["places"] = [place.id]
            participants = self.rng.sample(self.entities["organization"], 2) + \
                self.rng.sample(self.entities["person"], 1)
            event.fields["participants"] = [p.id for p in participants]
            event.fields["_date"] = date
            event.body = f"The {kind} in {place.name} on {date.isoformat()}."
            events.append(event)

    # --- text ---------------------------------------------------------------------

    def build_vocabulary(self) -> None:
        words: list[str] = []
        seen = set(self.name_tokens) | set(_FUNCTION_WORDS)
        while len(words) < 6000:
            word = _word(self.rng, self.rng.choice((1, 1, 2, 2, 2, 3, 3, 4)))
            if word not in seen:
                seen.add(word)
                words.append(word)
        words.sort(key=len)  # shorter words are the frequent ones, as in natural text
        vocabulary = _FUNCTION_WORDS + words
        self.words = vocabulary
        self.word_weights = list(itertools.accumulate(
            1.0 / (rank + 1) for rank in range(len(vocabulary))))

    def _words(self, count: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.word_weights, k=count)

    def _sentence(self, count: int, markup: bool = True) -> str:
        return self._finish(self._words(count), markup)

    def _finish(self, words: list[str], markup: bool = True) -> str:
        """A sentence of ``words``: capital first letter, full stop, now and then emphasis."""
        if markup and self.rng.random() < 0.05:
            i = self.rng.randrange(len(words))
            if words[i][:1].islower():
                words[i] = f"*{words[i]}*"
        words[0] = words[0][0].upper() + words[0][1:]
        return " ".join(words) + self.rng.choice(".........?")

    def _title(self, subject: SynthEntity | None) -> str:
        words = self._words(self.rng.randint(4, 9))
        if subject is not None:
            words.insert(self.rng.randrange(len(words) + 1), self.rng.choice(subject.spellings))
        text = " ".join(words)
        return text[0].upper() + text[1:]

    # --- articles -------------------------------------------------------------------

    def articles(self) -> list[dict[str, Any]]:
        pools = {t: ZipfPool(self.entities[t]) for t in self.entities}
        outlet_pool = ZipfPool(self.outlets)
        journalist_pool = ZipfPool(self.journalists)
        speakers = ZipfPool(self.entities["organization"])
        tag_pool = ZipfPool(self.tag_ids)
        self.place_by_id = {p.id: p for p in self.entities["place"]}
        used_ids: set[str] = set()
        articles: list[dict[str, Any]] = []
        for _ in range(self.article_count):
            article = self._article(pools, outlet_pool, journalist_pool, speakers, tag_pool,
                                    used_ids, articles)
            articles.append(article)
        return articles

    def _article(self, pools: dict[str, ZipfPool], outlet_pool: ZipfPool,
                 journalist_pool: ZipfPool, speakers: ZipfPool, tag_pool: ZipfPool,
                 used_ids: set[str], earlier: list[dict[str, Any]]) -> dict[str, Any]:
        rng = self.rng
        events = pools["event"].draw_distinct(rng, rng.choice((0, 0, 1, 1, 1, 2)))
        if events:  # coverage follows the event: published within a month after it
            date = events[0].fields["_date"] + dt.timedelta(days=rng.randint(0, 30))
        else:
            date = self.start + dt.timedelta(days=rng.randrange(self.days))
        outlet = outlet_pool.draw(rng)
        mentioned = {
            "person": pools["person"].draw_distinct(rng, rng.randint(1, 6)),
            "organization": pools["organization"].draw_distinct(rng, rng.randint(1, 4)),
            "place": pools["place"].draw_distinct(rng, rng.randint(1, 4)),
        }
        for event in events:  # an event's place is named too
            place = self.place_by_id[event.fields["places"][0]]
            if place not in mentioned["place"]:
                mentioned["place"].append(place)
        title = self._title(mentioned["person"][0] if rng.random() < 0.5 else
                            mentioned["organization"][0])
        article_id = self._unique_id(f"{date.isoformat()}-{slugify(title)[:60].strip('-')}",
                                     used_ids)

        quotes = []
        quote_paragraphs = []
        for _ in range(rng.choice((0, 0, 1, 1, 1, 2, 2, 3))):
            speaker = rng.choice(mentioned["person"]) if rng.random() < 0.85 else \
                speakers.draw(rng)
            text = self._sentence(rng.randint(10, 25), markup=False).rstrip(".?")
            spelling = rng.choice(speaker.spellings)
            quote: dict[str, Any] = {"by": speaker.id, "text": text}
            if rng.random() < 0.4:
                via = outlet_pool.draw(rng)
                quote["via"] = via.id
                said = f" {spelling} told {via.name}."
            else:
                said = f" {spelling} said."
            if rng.random() < 0.5:
                quote["said"] = (date - dt.timedelta(days=rng.randint(0, 2))).isoformat()
            quotes.append(quote)
            quote_paragraphs.append(f"\u201c{text},\u201d{said} " +
                                    self._sentence(rng.randint(8, 20)))

        body, words = self._body(mentioned, events, quote_paragraphs)

        meta: dict[str, Any] = {"title": title, "outlet": outlet.id,
                                "published": date.isoformat()}
        if rng.random() < 0.7:
            meta["url"] = f"{outlet.fields['links'][0]}{date.year}/{article_id[11:]}"
        if rng.random() < 0.2:
            meta["archive_url"] = f"https://archive.example.org/{article_id}"
        if rng.random() < 0.3:
            meta["dateline"] = mentioned["place"][0].name.upper()
        if rng.random() < 0.3:
            meta["authors"] = [p.id for p in journalist_pool.draw_distinct(
                rng, rng.choice((1, 1, 2)))]
        meta["language"] = "en"
        if rng.random() < 0.4:
            meta["summary"] = self._sentence(rng.randint(15, 30), markup=False)
        meta["tags"] = tag_pool.draw_distinct(rng, rng.randint(1, 3))
        if events:
            meta["events"] = [e.id for e in events]
        for entity_type, key in (("person", "people"), ("organization", "organizations"),
                                 ("place", "places")):
            # Most mentions are listed; the rest are for linking from the body text.
            listed = [e.id for e in mentioned[entity_type] if rng.random() < 0.75]
            if listed:
                meta[key] = listed
        if earlier and rng.random() < 0.03:
            original = rng.choice(earlier[-200:])
            if original["published"] < meta["published"]:
                meta["republished_from"] = original["id"]
                meta["tags"] = [*meta["tags"], "republication"] \
                    if "republication" not in meta["tags"] else meta["tags"]
        if quotes:
            meta["quotes"] = quotes
        return {"id": article_id, "year": date.year, "published": meta["published"],
                "meta": meta, "body": body, "words": words}

    def _body(self, mentioned: dict[str, list[SynthEntity]], events: list[SynthEntity],
              quote_paragraphs: list[str]) -> tuple[str, int]:
        rng = self.rng
        # Leaves room for the last sentence, a heading and a link within BODY_WORDS.
        target = rng.randint(BODY_WORDS[0], BODY_WORDS[1] - 36)
        # Every mentioned entity is spelled out once or more (name or an alias).
        mentions = [rng.choice(e.spellings) for group in mentioned.values() for e in group
                    for _ in range(rng.choice((1, 1, 2, 3)))]
        mentions += [rng.choice(e.spellings) for e in events]
        words = sum(len(p.split()) for p in quote_paragraphs) + \
            sum(len(m.split()) for m in mentions)
        sentences: list[list[str]] = []
        while words < target or not sentences:
            sentence = self._words(rng.randint(8, 24))
            words += len(sentence)
            sentences.append(sentence)
        # A mention goes between two plain words: never first in its sentence (its capitals
        # stay as written), never next to the capitalised first word or another name, so
        # that two names never run together into what reads as one unknown name.
        placed: list[set[int]] = [set() for _ in sentences]
        for mention in mentions:
            for _attempt in range(20):
                index = rng.randrange(len(sentences))
                sentence, taken = sentences[index], placed[index]
                position = rng.randrange(2, len(sentence) + 1)
                if position - 1 not in taken and position not in taken:
                    sentence.insert(position, mention)
                    placed[index] = {i + (i >= position) for i in taken} | {position}
                    break
            else:  # crowded sentences: the name gets one of its own
                sentences.append([*self._words(3), mention, *self._words(3)])
                placed.append({3})
        texts = [self._finish(sentence) for sentence in sentences]
        paragraphs: list[str] = []
        while texts:
            take = rng.randint(2, 5)
            paragraphs.append(" ".join(texts[:take]))
            texts = texts[take:]
        if rng.random() < 0.04:
            link = self._words(3)
            words += len(link)
            paragraphs[-1] += f" [{' '.join(link)}](https://example.org/{rng.randint(1, 99999)})"
        for quote_paragraph in quote_paragraphs:
            paragraphs.insert(rng.randint(1, len(paragraphs)), quote_paragraph)
        if len(paragraphs) > 6 and rng.random() < 0.3:
            heading = self._words(rng.randint(2, 5))
            words += len(heading)
            paragraphs.insert(len(paragraphs) // 2, "## " + self._finish(heading).rstrip(".?"))
        return "\n\n".join(_wrap(p) for p in paragraphs) + "\n", words

    # --- tags -------------------------------------------------------------------------

    def build_tags(self) -> dict[str, dict[str, str]]:
        tags: dict[str, dict[str, str]] = {}
        while len(tags) < 40:
            content_words = self.words[len(_FUNCTION_WORDS):]
            label = " ".join(self.rng.choices(content_words[:2000],
                                              k=self.rng.randint(1, 3))).capitalize()
            tag_id = slugify(label)
            if tag_id and tag_id not in tags and tag_id != "republication":
                tags[tag_id] = {"label": label,
                                "description": self._sentence(self.rng.randint(6, 14),
                                                              markup=False)}
        self.tag_ids = list(tags)
        tags["republication"] = {"label": "Republication",
                                 "description": "Copies of reports republished by another "
                                                "outlet."}
        return tags


def _wrap(paragraph: str, width: int = 88) -> str:
    """Hard-wrap a paragraph the way contributors' editors do (headings stay on one line)."""
    if paragraph.startswith("#"):
        return paragraph
    lines: list[str] = []
    current: list[str] = []
    length = 0
    for word in paragraph.split(" "):
        if current and length + 1 + len(word) > width:
            lines.append(" ".join(current))
            current, length = [], 0
        current.append(word)
        length += len(word) + (1 if length else 0)
    lines.append(" ".join(current))
    return "\n".join(lines)


def _front_matter(meta: dict[str, Any]) -> str:
    return "---\n" + yaml.dump(meta, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                               width=10_000, default_flow_style=False) + "---\n"


def _entity_meta(entity: SynthEntity) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": entity.name}
    if entity.aliases:
        meta["aliases"] = entity.aliases
    meta.update({key: value for key, value in entity.fields.items()
                 if not key.startswith("_") and key != "journalist"})
    return meta


def generate_corpus(corpus_dir: Path, articles: int, seed: int = 1,
                    entities: int | None = None) -> SynthSummary:
    """Write a synthetic corpus of ``articles`` articles into ``corpus_dir`` (created).

    ``entities`` is the total size of the entity pools (default: one fifth of
    the articles, at least 60). The same arguments always give the same files.
    """
    if articles < 1:
        raise ValueError("a corpus needs at least one article")
    generator = _Generator(articles, seed, entities)
    generator.build_pools()
    generator.build_vocabulary()
    tags = generator.build_tags()
    records = generator.articles()

    corpus_dir.mkdir(parents=True, exist_ok=True)
    (corpus_dir / "tags.yml").write_text(
        yaml.dump(tags, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000),
        encoding="utf-8")
    for entity_type, pool in generator.entities.items():
        folder = corpus_dir / SECTION_OF[entity_type]
        folder.mkdir(exist_ok=True)
        for entity in pool:
            text = _front_matter(_entity_meta(entity)) + (entity.body + "\n" if entity.body
                                                          else "")
            (folder / f"{entity.id}.md").write_text(text, encoding="utf-8")
    for record in records:
        folder = corpus_dir / "articles" / f"{record['year']:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{record['id']}.md").write_text(
            _front_matter(record["meta"]) + record["body"], encoding="utf-8")
    return SynthSummary(
        articles=len(records),
        entities={t: len(pool) for t, pool in generator.entities.items()},
        quotes=sum(len(r["meta"].get("quotes", ())) for r in records),
        words=sum(r["words"] for r in records),
    )


SITE_CONFIG = """\
# A generated site: the archive's configuration, applied to a synthetic corpus.
site_name: Synthetic corpus archive
site_url: http://localhost:8000/
docs_dir: docs
site_dir: site
use_directory_urls: true
strict: true

theme:
  name: material
  custom_dir: overrides
  font: false
  language: en
  static_templates:
    - assets/corpus-config.js
    - assets/corpus-palette-form.js
    - assets/corpus-search-dialog.js
  features:
    - navigation.sections
    - navigation.top
    - search.highlight
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      toggle:
        icon: material/weather-night
        name: Dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      toggle:
        icon: material/weather-sunny
        name: Light mode

extra:
  generator: false

extra_css:
  - assets/corpus.css

plugins:
  - search
  - corpus:
      corpus_dir: corpus

markdown_extensions:
  - toc:
      permalink: true
  - admonition
  - tables

watch:
  - corpus

# Sections only, as in the archive's own configuration.
nav:
  - Home: index.md
  - Archive: archive/index.md
  - Outlets: outlets/index.md
  - People: people/index.md
  - Organizations: organizations/index.md
  - Places: places/index.md
  - Events: events/index.md
  - Tags: tags/index.md
"""
"""``mkdocs.yml`` of a generated site. Its theme (with the repository's theme override
and style sheet), plugins and Markdown extensions follow the repository's
``mkdocs.yml`` (a test keeps the two in step), so that benchmarks build what the
real site builds."""

REPOSITORY = Path(__file__).resolve().parents[1]
THEME_FILES = ("overrides", "docs/assets")
"""What a generated site copies from the repository: the theme override (head tags, the
colour toggle) and the assets the pages load (style sheet, search script)."""

HOME_PAGE = """\
# Synthetic corpus archive

A generated corpus for benchmarks: the names, words and events are invented.
"""


def write_site(out_dir: Path, articles: int, seed: int = 1,
               entities: int | None = None) -> SynthSummary:
    """A complete generated site source: ``corpus/``, ``docs/index.md``, ``mkdocs.yml`` and
    the repository's theme files (:data:`THEME_FILES`).

    ``out_dir`` must be empty or absent, so that nothing is ever overwritten.
    """
    if out_dir.exists() and any(out_dir.iterdir()):
        raise FileExistsError(f"{out_dir} is not empty; give a new folder")
    summary = generate_corpus(out_dir / "corpus", articles, seed, entities)
    (out_dir / "docs").mkdir(parents=True, exist_ok=True)
    (out_dir / "docs" / "index.md").write_text(HOME_PAGE, encoding="utf-8")
    (out_dir / "mkdocs.yml").write_text(SITE_CONFIG, encoding="utf-8")
    for name in THEME_FILES:
        shutil.copytree(REPOSITORY / name, out_dir / name)
    return summary
