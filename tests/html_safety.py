"""What makes HTML unsafe to publish: used by the hostile-input and property-based tests."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster",
                  "background", "cite", "srcset", "ping")
ACTIVE_ELEMENTS = ("script", "iframe", "object", "embed", "frame", "frameset", "applet",
                   "base", "form", "meta", "link", "style", "foreignobject", "animate", "set",
                   "handler", "listener")
"""Elements that can run script, load a resource or rewrite a link (SVG's foreignObject
holds HTML; animate and set can turn an href into a script URL). On a generated page,
only the ones our templates write are allowed (:func:`written_by_templates`); the theme
adds its own to whole pages, judged by origin."""


def written_by_templates(tag: Tag) -> bool:
    """The active elements the templates themselves write: the search page's form and its
    own script file, and an article's script that writes its and its quotes' BibTeX
    entries. Nothing from the corpus reaches their attributes or content."""
    if tag.name == "script":
        return not tag.get_text() and str(tag.get("src", "")).endswith(
            ("assets/search.js", "assets/corpus-cite.js"))
    if tag.name == "form":
        return "corpus-search-form" in tag.get("class", []) and not tag.get("action")
    return False

_IGNORED_IN_URL = re.compile(r"[\t\n\r]")
_LEADING = re.compile(r"^[\x00-\x20]+")


def url_scheme_is_dangerous(value: str) -> bool:
    """True when a browser would treat ``value`` as a script, data or vbscript URL.

    Browsers drop tabs and newlines anywhere in a URL and leading spaces and control
    characters, and compare schemes case-insensitively; attribute values here are
    already unescaped by the parser.
    """
    plain = _LEADING.sub("", _IGNORED_IN_URL.sub("", value)).lower()
    return plain.startswith(DANGEROUS_SCHEMES)


def unsafe_markup(html: str, *, fragment: bool, marker: str = "") -> list[str]:
    """Every script-capable construct in ``html``.

    ``fragment``: the HTML is one page's generated content, where no active element may
    appear but those the templates write. For a whole themed page, active elements are
    reported only when they carry ``marker`` (a string only hostile corpus input has).
    """
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            values = value if isinstance(value, list) else [value]
            if name.lower().startswith("on"):
                found.append(f"<{tag.name} {name}=…>: event-handler attribute")
            elif name.lower() in URL_ATTRIBUTES and any(url_scheme_is_dangerous(str(v))
                                                       for v in values):
                found.append(f"<{tag.name} {name}={value!r}>: dangerous URL")
        if tag.name in ACTIVE_ELEMENTS and (
                (fragment and not written_by_templates(tag)) or
                (marker and _carries(tag, marker))):
            found.append(f"<{tag.name}> element: {str(tag)[:80]}")
    return found


def _carries(tag: Tag, marker: str) -> bool:
    """Whether ``marker`` is in what a theme element would run or load: its content, an
    address, or a refresh. (Corpus text in a title or description attribute is inert.)"""
    loaded = [str(tag.get(name, "")) for name in URL_ATTRIBUTES]
    if "http-equiv" in tag.attrs:
        loaded.append(str(tag.get("content", "")))
    return marker in tag.decode_contents() or any(marker in value for value in loaded)
