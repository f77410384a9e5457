"""Material's empty placeholders, left out of every page.

Material's ``base.html`` writes three elements into every page outside any block a theme
override can replace:

* ``<div data-md-component="skip">``, which holds the "Skip to content" link of a page
  with a table of contents and is empty on every other page (every generated one);
* ``<div data-md-component="announce">``, which holds the announcement bar, and is empty
  on a site that has none (this one);
* ``<div class="md-dialog">``, the box where Material's script shows a short message
  ("Copied to clipboard"). It is used only by script, so ``assets/corpus-config.js``
  (the theme template that also writes the bundle's configuration) puts it in before the
  bundle starts.

Together 160 bytes a page. :func:`drop_empty_placeholders` removes exactly those
elements, as :func:`build_tools.minify.minify_page` leaves them, and nothing else: the
skip and announcement elements only when empty, only where Material writes them (before
the header, which comes before any content), and the dialog only where Material writes
it (after the content, the last one in the page). A page where they are not found as
expected is returned as it is.
"""

from __future__ import annotations

EMPTY_SKIP_AND_ANNOUNCE = ('<div data-md-component="skip">\n</div>\n'
                           '<div data-md-component="announce">\n</div>\n')
"""The two empty placeholders, as they stand in a compacted page."""

EMPTY_ANNOUNCE = '<div data-md-component="announce">\n</div>\n'
"""The announcement placeholder, empty, after a skip link."""

DIALOG = ('<div class="md-dialog" data-md-component="dialog">\n'
          '<div class="md-dialog__inner md-typeset"></div>\n</div>\n')
"""Material's message box, which assets/corpus-config.js writes instead."""

HEADER = '<header class="md-header'
"""Where the page's header starts: the placeholders stand before it."""

CONTENT_END = "</article>"
"""Where the page's content ends: the dialog stands after it."""


def drop_empty_placeholders(html: str) -> str:
    """``html`` (a compacted page) without Material's empty skip and announcement
    elements and without its message box; see the module's description."""
    header = html.find(HEADER)
    if header < 0:
        return html
    top, rest = html[:header], html[header:]
    if EMPTY_SKIP_AND_ANNOUNCE in top:
        top = top.replace(EMPTY_SKIP_AND_ANNOUNCE, "", 1)
    elif top.count(EMPTY_ANNOUNCE) == 1:
        top = top.replace(EMPTY_ANNOUNCE, "", 1)
    content_end = rest.rfind(CONTENT_END)
    before, dialog, after = rest.rpartition(DIALOG)
    if dialog and len(before) > content_end >= 0:
        rest = before + after
    return top + rest
