"""The "nothing lost" audit: walks the corpus and a built site, and proves that every
article, entity, alias, quote and mention appears where it should.

Each check is a small function ``(archive, site) -> diagnostics`` in :data:`CHECKS`;
adding one (feeds, exports, search index…) is adding a function to that list. A
problem is reported at the corpus record that went missing (``path:line``), with
the page where it was expected. Pages are read with the standard library's HTML
parser, so the audit needs nothing beyond the build's own dependencies.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

from . import exports, feeds, fulltext, urls
from .diagnostics import Diagnostic, error
from .mentions import first_links
from .model import ENTITY_CLASSES, Article, Entity
from .registry import EntityRef
from .resolve import Archive

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})
_SPACE = re.compile(r"\s+")
_BLOCKS = frozenset({"address", "article", "aside", "blockquote", "br", "dd", "details", "div",
                     "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5",
                     "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
                     "table", "td", "th", "tr", "ul"})


def squash(text: str) -> str:
    """Whitespace collapsed: how text compares between the corpus and a page."""
    return _SPACE.sub(" ", text).strip()


@dataclass
class Element:
    """An HTML element of a built page: enough of a DOM for the audit's questions."""

    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        """The element's text, whitespace collapsed; blocks are separated by a space."""
        return squash(self._raw_text())

    def _raw_text(self) -> str:
        parts = [c if isinstance(c, str) else c._raw_text() for c in self.children]
        text = "".join(parts)
        return f" {text} " if self.tag in _BLOCKS else text

    def walk(self) -> Iterator[Element]:
        """This element and every element inside it, in document order."""
        stack: list[Element] = [self]
        while stack:
            element = stack.pop()
            yield element
            stack.extend(reversed([c for c in element.children if isinstance(c, Element)]))

    def find(self, *, tag: str | None = None, id: str | None = None,
             css_class: str | None = None) -> Element | None:
        """The first element (this one included) matching every criterion given."""
        for element in self.walk():
            if tag is not None and element.tag != tag:
                continue
            if id is not None and element.attrs.get("id") != id:
                continue
            if css_class is not None and css_class not in element.attrs.get("class", "").split():
                continue
            return element
        return None


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


@dataclass
class Page:
    """One built page: its path on the site and its main content."""

    path: str
    content: Element
    """The page's own content: the theme's article area, else ``<main>``, else the body."""

    def links(self, within: Element | None = None) -> set[str]:
        """Site paths (``people/x/``) of the internal links in the content (or ``within``)."""
        found = set()
        for element in (within or self.content).walk():
            href = element.attrs.get("href") if element.tag == "a" else None
            target = self._site_path(href)
            if target is not None:
                found.add(target)
        return found

    def next_page(self) -> str | None:
        """Site path of the page that continues this page's lists (its ``rel="next"`` link)."""
        for element in self.content.walk():
            if element.tag == "a" and "next" in element.attrs.get("rel", "").split():
                return self._site_path(element.attrs.get("href"))
        return None

    def _site_path(self, href: str | None) -> str | None:
        if not href or urlsplit(href).scheme or href.startswith(("#", "//")):
            return None
        target = posixpath.normpath(posixpath.join(self.path or ".",
                                                   unquote(urlsplit(href).path)))
        return "" if target == "." else target.strip("/") + "/"


class BuiltSite:
    """A built site folder, read page by page on demand."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._pages: dict[str, Page | None] = {}
        self._list_links: dict[str, set[str]] = {}

    def file(self, path: str) -> str:
        """Where the page at ``path`` is, relative to the site root, for messages."""
        return urls.output_file(path)

    def page(self, path: str) -> Page | None:
        """The page at site path ``path``, or ``None`` when it was not built."""
        if path not in self._pages:
            file = self.root / urls.output_file(path)
            if not file.is_file():
                self._pages[path] = None
            else:
                builder = _TreeBuilder()
                builder.feed(file.read_text(encoding="utf-8"))
                builder.close()
                document = builder.root
                content = (document.find(css_class="md-content__inner") or
                           document.find(tag="main") or document)
                self._pages[path] = Page(path, content)
        return self._pages[path]


    def list_pages(self, path: str) -> list[Page]:
        """The page at ``path`` and the pages that continue its long lists (page 2, 3…,
        found by their ``rel="next"`` links)."""
        pages: list[Page] = []
        page = self.page(path)
        while page is not None and page.path not in {p.path for p in pages}:
            pages.append(page)
            following = page.next_page()
            page = self.page(following) if following is not None else None
        return pages

    def list_links(self, path: str) -> set[str]:
        """Links of the page at ``path`` and of its continuation pages. Computed once per path."""
        if path not in self._list_links:
            self._list_links[path] = set().union(*(p.links() for p in self.list_pages(path)))
        return self._list_links[path]


Check = Callable[[Archive, BuiltSite], Iterable[Diagnostic]]


def _missing(path: str, line: int, message: str, code: str) -> Diagnostic:
    return error(path, line, f"not on the site: {message}", code)


def _page(site: BuiltSite, path: str, record: Article | Entity, what: str,
          code: str, problems: list[Diagnostic]) -> Page | None:
    page = site.page(path)
    if page is None:
        problems.append(_missing(record.path, 0, f"{what} has no page ({site.file(path)})", code))
    return page


def _entity_path(entity: Entity) -> str:
    return urls.entity_path(entity.SECTION, entity.id)


def _article_path(article: Article) -> str:
    return urls.article_path(article.id, article.year)


def check_article_pages(archive: Archive, site: BuiltSite) -> list[Diagnostic]:
    """Each article has its page, with its title, its whole text and each quote at its anchor."""
    problems: list[Diagnostic] = []
    for article in archive.articles:
        path = _article_path(article)
        page = _page(site, path, article, "the article", "audit-article", problems)
        if page is None:
            continue
        where = site.file(path)
        heading = page.content.find(tag="h1")
        if heading is None or heading.text() != squash(article.title):
            problems.append(_missing(article.path, article.lines.line("title"),
                                     f"the title is not the heading of {where}", "audit-article"))
        body = page.content.find(css_class="corpus-body")
        expected = archive.plain_text.get(article.id, "").split()
        shown = body.text().split() if body is not None else []
        if shown != expected:
            lost = next((i for i, (a, b) in enumerate(zip(shown, expected, strict=False))
                         if a != b),
                        min(len(shown), len(expected)))
            problems.append(_missing(
                article.path, article.body_line, f"the text is not whole on {where}: it differs "
                f"from '{' '.join(expected[lost:lost + 6])}…'", "audit-article"))
        for quote in article.quotes:
            figure = page.content.find(id=quote.anchor)
            if figure is None or squash(quote.text) not in figure.text():
                problems.append(_missing(article.path, quote.line,
                                         f"quote #{quote.anchor} is missing from {where}",
                                         "audit-quote"))
    return problems


def check_entity_pages(archive: Archive, site: BuiltSite) -> list[Diagnostic]:
    """Each entity has its page, with its name, every alias, and every article involving it."""
    problems: list[Diagnostic] = []
    for entity in archive.corpus.all_entities():
        path = _entity_path(entity)
        page = _page(site, path, entity, f"{entity.TYPE} '{entity.id}'", "audit-entity", problems)
        if page is None:
            continue
        where = site.file(path)
        heading = page.content.find(tag="h1")
        if heading is None or heading.text() != squash(entity.name):
            problems.append(_missing(entity.path, entity.lines.line("name"),
                                     f"the name is not the heading of {where}", "audit-entity"))
        aliases = page.content.find(css_class="corpus-aliases")
        shown = aliases.text() if aliases else ""
        for index, alias in enumerate(entity.aliases):
            if squash(alias) not in shown:
                problems.append(_missing(entity.path, entity.lines.line("aliases", index),
                                         f"alias '{alias}' is not listed on {where}",
                                         "audit-alias"))
        linked = site.list_links(path)
        for article, roles in archive.articles_of(EntityRef(entity.TYPE, entity.id)):
            if _article_path(article) not in linked:
                problems.append(_missing(
                    article.path, 0, f"{where} does not list this article, which involves "
                    f"{entity.TYPE} '{entity.id}' ({', '.join(sorted(roles))})", "audit-involved"))
    return problems


def check_quotes_on_speaker_pages(archive: Archive, site: BuiltSite) -> list[Diagnostic]:
    """Every quote appears on its speaker's page (and on the page of the outlet that carried
    it), at the same anchor as on its article page."""
    problems: list[Diagnostic] = []
    for article in archive.articles:
        for quote in article.quotes:
            pages = [_entity_path(archive.speaker(quote))]
            carrier = archive.corpus.entity("organization", quote.via) if quote.via else None
            if carrier is not None:
                pages.append(_entity_path(carrier))
            for path in pages:
                shown = next((found for page in site.list_pages(path)
                              if (found := page.content.find(id=quote.anchor)) is not None),
                             None)
                if shown is None or squash(quote.text) not in shown.text():
                    problems.append(_missing(article.path, quote.line,
                                             f"quote #{quote.anchor} is missing from "
                                             f"{site.file(path)}", "audit-quote"))
    return problems


def check_mentions(archive: Archive, site: BuiltSite) -> list[Diagnostic]:
    """Every name found in a text is linked there (first of each spelling), and the entity's
    page lists the article."""
    problems: list[Diagnostic] = []
    for article in archive.articles:
        mentions = archive.mentions.get(article.id, [])
        if not mentions:
            continue
        path = _article_path(article)
        page = site.page(path)
        body = page.content.find(css_class="corpus-body") if page else None
        links: set[tuple[str, str]] = set()
        if page is not None and body is not None:
            for element in body.walk():
                if element.tag == "a" and "corpus-mention" in element.attrs.get("class", ""):
                    for target in page.links(element):
                        links.add((target, element.text()))
        for placed in first_links(mentions).values():
            for mention in placed:
                target = _entity_path(archive.entity(mention.ref))
                if (target, squash(mention.text)) not in links:
                    problems.append(_missing(
                        article.path, article.body_line, f"the mention '{mention.text}' is not "
                        f"linked to {target} on {site.file(path)}", "audit-mention"))
        for ref in {m.ref for m in mentions}:
            entity_page = site.page(_entity_path(archive.entity(ref)))
            if entity_page is not None and path not in site.list_links(entity_page.path):
                problems.append(_missing(
                    article.path, article.body_line, f"{site.file(entity_page.path)} does not "
                    f"list this article, which mentions {ref.type} '{ref.id}'", "audit-mention"))
    return problems


def _listing(site: BuiltSite, path: str, expected: dict[str, tuple[str, int]], what: str,
             code: str) -> list[Diagnostic]:
    """``expected``: site path -> (corpus file, line) of each record the page must link to."""
    linked = site.list_links(path)
    return [_missing(file, line, f"{what} ({site.file(path)}) does not link to {target}", code)
            for target, (file, line) in sorted(expected.items()) if target not in linked]


def check_listings(archive: Archive, site: BuiltSite) -> list[Diagnostic]:
    """Every index lists all it should: entity sections, outlets, archive years, tags."""
    corpus = archive.corpus
    problems: list[Diagnostic] = []
    for entity_type, by_id in corpus.entities.items():
        section = ENTITY_CLASSES[entity_type].SECTION
        problems += _listing(site, urls.section_path(section),
                             {_entity_path(e): (e.path, 0) for e in by_id.values()},
                             f"the {section} index", "audit-listing")
    outlets = {_entity_path(e): (e.path, 0) for e in corpus.entities["organization"].values()
               if any(a.outlet == e.id for a in archive.articles)}
    problems += _listing(site, urls.OUTLETS, outlets, "the outlets index", "audit-listing")
    years = sorted({a.year for a in archive.articles})
    problems += _listing(site, urls.archive_path(),
                         {urls.archive_path(y): (next(a.path for a in archive.articles
                                                      if a.year == y), 0) for y in years},
                         "the archive", "audit-listing")
    for year in years:
        problems += _listing(site, urls.archive_path(year),
                             {_article_path(a): (a.path, 0) for a in archive.articles
                              if a.year == year}, f"the archive of {year}", "audit-listing")
    tags_file = "corpus/tags.yml"
    problems += _listing(site, urls.tag_path(),
                         {urls.tag_path(t.id): (tags_file, t.line) for t in corpus.tags.values()},
                         "the tags index", "audit-listing")
    for tag in corpus.tags.values():
        problems += _listing(site, urls.tag_path(tag.id),
                             {_article_path(a): (a.path, a.lines.line("tags"))
                              for a in archive.articles if tag.id in a.tags},
                             f"the page of tag '{tag.id}'", "audit-listing")
    return problems


def _site_file(site: BuiltSite, path: str, what: str, code: str) -> tuple[Path, list[Diagnostic]]:
    file = site.root / path
    missing = [] if file.is_file() else [_missing("corpus", 0, f"{what} ({path}) is missing", code)]
    return file, missing


def check_feeds(archive: Archive, site: BuiltSite) -> list[Diagnostic]:
    """The archive's feed and each entity's feed list the articles they should (the newest)."""
    problems: list[Diagnostic] = []
    for feed in feeds.all_feeds(archive, ""):
        file, missing = _site_file(site, feed.path, "a feed", "audit-feed")
        if missing:
            problems += missing
            continue
        root = ElementTree.parse(file).getroot()
        listed = [link.get("href", "") for link in root.iter(f"{{{feeds.ATOM}}}link")
                  if link.get("rel") == "alternate"]
        for article in feed.articles:
            if not any(href.endswith("/" + _article_path(article)) for href in listed):
                problems.append(_missing(article.path, 0, f"the feed {feed.path} does not "
                                         "list this article", "audit-feed"))
    return problems


def check_data_download(archive: Archive, site: BuiltSite) -> list[Diagnostic]:
    """The JSON download holds every article with each quote, every entity with each alias,
    and every tag."""
    where = urls.data_file(exports.download_name(exports.JSON_FILE))
    file, missing = _site_file(site, where, "the JSON download", "audit-data")
    if missing:
        return missing
    data = json.loads(exports.read_download(file.parent, exports.JSON_FILE).decode("utf-8"))
    problems: list[Diagnostic] = []
    articles = {a.get("id"): a for a in data.get("articles", [])}
    for article in archive.articles:
        record = articles.get(article.id)
        if record is None:
            problems.append(_missing(article.path, 0, f"the article is not in {where}",
                                     "audit-data"))
            continue
        quoted = {(q.get("speaker_id"), q.get("text")) for q in record.get("quotes", [])}
        problems += [_missing(article.path, quote.line, f"the quote is not in {where}",
                              "audit-data")
                     for quote in article.quotes if (quote.by, quote.text) not in quoted]
    entities = {(e.get("type"), e.get("id")): e for e in data.get("entities", [])}
    for entity in archive.corpus.all_entities():
        found = entities.get((entity.TYPE, entity.id))
        if found is None:
            problems.append(_missing(entity.path, 0, f"{entity.TYPE} '{entity.id}' is not in "
                                     f"{where}", "audit-data"))
            continue
        for index, alias in enumerate(entity.aliases):
            if alias not in found.get("aliases", []):
                problems.append(_missing(entity.path, entity.lines.line("aliases", index),
                                         f"alias '{alias}' is not in {where}", "audit-data"))
    tags = {t.get("id") for t in data.get("tags", [])}
    problems += [_missing("corpus/tags.yml", tag.line, f"tag '{tag.id}' is not in {where}",
                          "audit-data") for tag in archive.corpus.tags.values()
                 if tag.id not in tags]
    return problems


def check_search_indexes(archive: Archive, site: BuiltSite) -> list[Diagnostic]:
    """The header search has a record for every article and entity, with every alias; the
    full-text index holds every article page."""
    file, missing = _site_file(site, "search/search_index.json", "the header search index",
                               "audit-search")
    if missing:
        return missing
    records = {d.get("location"): d for d in
               json.loads(file.read_text(encoding="utf-8")).get("docs", [])}
    problems = [_missing(article.path, 0, "the article has no record in the header search "
                         "index", "audit-search")
                for article in archive.articles if _article_path(article) not in records]
    for entity in archive.corpus.all_entities():
        record = records.get(_entity_path(entity))
        if record is None:
            problems.append(_missing(entity.path, 0, f"{entity.TYPE} '{entity.id}' has no "
                                     "record in the header search index", "audit-search"))
            continue
        for index, alias in enumerate(entity.aliases):
            if alias not in record.get("aliases", []):
                problems.append(_missing(entity.path, entity.lines.line("aliases", index),
                                         f"alias '{alias}' does not find its entity in the "
                                         "header search", "audit-search"))
    entry, missing = _site_file(site, f"{fulltext.BUNDLE_DIR}/pagefind-entry.json",
                                "the full-text index", "audit-search")
    if missing:
        return problems + missing
    languages = json.loads(entry.read_text(encoding="utf-8")).get("languages", {})
    indexed = sum(int(language.get("page_count", 0)) for language in languages.values())
    if indexed != len(archive.articles):
        problems.append(_missing("corpus", 0, f"the full-text index holds {indexed} pages, "
                                 f"not the {len(archive.articles)} articles", "audit-search"))
    return problems


CHECKS: list[Check] = [
    check_article_pages,
    check_entity_pages,
    check_quotes_on_speaker_pages,
    check_mentions,
    check_listings,
    check_feeds,
    check_data_download,
    check_search_indexes,
]
"""Every audit check, in order; a new published form of the corpus adds its own here."""


def audit_site(archive: Archive, site_dir: Path,
               checks: Iterable[Check] = CHECKS) -> list[Diagnostic]:
    """Run ``checks`` on the site built in ``site_dir`` from ``archive``; sorted diagnostics."""
    site = BuiltSite(Path(site_dir))
    problems: list[Diagnostic] = []
    for check in checks:
        problems += check(archive, site)
    return sorted(set(problems))
