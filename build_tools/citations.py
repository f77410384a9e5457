"""How to cite an article or a quote: a plain-text reference and a BibTeX entry.

Keys are stable because they derive from ids: an article's key is its id, a
quote's key its anchor (see :func:`build_tools.urls.quote_anchor`). Every
value written into BibTeX is escaped, so a title with braces or a percent
sign cannot break the entry (or, in LaTeX, run commands).

An article's page carries only its plain-text reference: its BibTeX entry and every quote's
block are written in the browser from what the page shows (``docs/assets/corpus-cite.js``,
which must make the same text as this module; a browser test compares them).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import urls
from .model import MONTH_ABBREVIATIONS, Article, PartialDate, Quote
from .resolve import Archive


@dataclass(frozen=True)
class Citation:
    """A reference in two forms."""

    key: str
    """The BibTeX key."""
    text: str
    """A plain-text reference (Chicago-like)."""
    bibtex: str


_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}


_LATEX_TABLE = str.maketrans(_LATEX_SPECIALS)


def bibtex_escape(text: str) -> str:
    """``text`` safe inside a braced BibTeX field: LaTeX specials escaped, whitespace collapsed."""
    return " ".join(text.split()).translate(_LATEX_TABLE)


def bibtex_url(url: str) -> str:
    """A URL safe inside a braced BibTeX ``url`` field (which is read verbatim)."""
    return "".join(f"%{ord(c):02X}" if c in "{}\\ " else c for c in url)


def _bibtex(entry_type: str, key: str, fields: list[tuple[str, str]]) -> str:
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@{entry_type}{{{key},\n{body}\n}}"


def _braced(text: str) -> str:
    return "{" + bibtex_escape(text) + "}"


def _date_fields(date: PartialDate) -> list[tuple[str, str]]:
    fields = [("date", "{" + date.iso + "}"), ("year", "{" + str(date.year) + "}")]
    if date.month:
        fields.append(("month", MONTH_ABBREVIATIONS[date.month].lower()))
    return fields


class Citations:
    """Citations of one archive's articles and quotes, with absolute links under ``site_url``."""

    def __init__(self, archive: Archive, site_url: str, site_name: str) -> None:
        self.archive = archive
        self.site_url = site_url
        self.site_name = site_name

    def _outlet_name(self, article: Article) -> str:
        outlet = self.archive.corpus.entity("organization", article.outlet)
        return outlet.name if outlet else article.outlet

    def _author_names(self, article: Article) -> list[str]:
        people = (self.archive.corpus.entity("person", a) for a in article.authors or ())
        return [p.name for p in people if p is not None]

    def page_url(self, article: Article, anchor: str = "") -> str:
        """The absolute address of the article's page here (of a quote on it with ``anchor``)."""
        path = urls.article_path(article.id, article.year)
        return urls.absolute_url(self.site_url, path) + (f"#{anchor}" if anchor else "")

    def article_text(self, article: Article) -> str:
        """How to cite an article, as plain text (what its page carries; the page's script
        makes the BibTeX entry of :meth:`article` from the page)."""
        authors = self._author_names(article)
        return (f"{'; '.join(authors) + '. ' if authors else ''}“{article.title}.” "
                f"{self._outlet_name(article)}, {article.published.display}."
                f"{' ' + article.url + '.' if article.url else ''}"
                f" Copy in {self.site_name}: {self.page_url(article)}")

    def article(self, article: Article) -> Citation:
        """How to cite an article."""
        outlet = self._outlet_name(article)
        authors = self._author_names(article)
        here = self.page_url(article)
        text = self.article_text(article)
        fields = [("title", _braced(article.title)), ("journal", _braced(outlet))]
        if authors:
            # Each name braced whole: BibTeX must not reorder "al-Bayati" as a first name.
            fields.insert(0, ("author", "{" + " and ".join(_braced(a) for a in authors) + "}"))
        fields += _date_fields(article.published)
        if article.url:
            fields.append(("url", "{" + bibtex_url(article.url) + "}"))
        if article.language:
            fields.append(("language", _braced(article.language)))
        fields.append(("note", "{" + bibtex_escape(f"Copy in {self.site_name}:")
                       + " \\url{" + bibtex_url(here) + "}}"))
        return Citation(article.id, text, _bibtex("article", article.id, fields))

    def quote(self, quote: Quote) -> Citation:
        """How to cite a quote: the speaker's words as reported by the article."""
        article = self.archive.corpus.articles[quote.article]
        speaker = self.archive.speaker(quote)
        outlet = self._outlet_name(article)
        via = self.archive.corpus.entity("organization", quote.via) if quote.via else None
        here = self.page_url(article, quote.anchor)
        said = f", said {quote.said.display}" if quote.said else ""
        carried = f" (via {via.name})" if via else ""
        text = (f"{speaker.name}{said}{carried}, quoted in “{article.title}.” {outlet}, "
                f"{article.published.display}: “{' '.join(quote.text.split())}” {here}")
        fields = [("author", "{" + _braced(speaker.name) + "}"),
                  ("title", _braced(quote.text)),
                  ("howpublished", _braced(f"Quoted in “{article.title}”, {outlet}"
                                           f"{carried}"))]
        fields += _date_fields(quote.said or article.published)
        fields.append(("url", "{" + bibtex_url(here) + "}"))
        return Citation(quote.anchor, text, _bibtex("misc", quote.anchor, fields))
