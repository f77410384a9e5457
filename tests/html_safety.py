"""What makes HTML unsafe to publish: used by the hostile-input and property-based tests."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster",
                  "background", "cite", "srcset", "ping")
ACTIVE_ELEMENTS = ("script", "iframe", "object", "embed", "frame", "frameset", "applet",
                   "base", "form", "meta", "link", "style", "svg", "math")
"""Elements that must never come from an article or entity (the theme adds its own
script, meta, link and svg elements to full pages: those are judged by origin)."""

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

    ``fragment``: the HTML is one page's generated content, where no active element
    may appear at all. For a whole themed page, active elements are reported only when
    they contain ``marker`` (a string that only hostile corpus input carries).
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
        # A theme's <meta name="description" content="…"> legitimately quotes corpus text.
        described = tag.name == "meta" and "name" in tag.attrs and "http-equiv" not in tag.attrs
        if tag.name in ACTIVE_ELEMENTS and (fragment or (
                marker and marker in str(tag) and not described)):
            found.append(f"<{tag.name}> element: {str(tag)[:80]}")
    return found
