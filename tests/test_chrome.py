"""Material's empty placeholders leave a page; nothing else does, and never a contributor's
text that happens to read the same."""

from __future__ import annotations

from build_tools.chrome import DIALOG, EMPTY_SKIP_AND_ANNOUNCE, drop_empty_placeholders

HEAD = '<body>\n<label class="md-overlay" for="__drawer"></label>\n'
HEADER = '<header class="md-header md-header--shadow">\n</header>\n'
SKIP_LINK = ('<div data-md-component="skip">\n<a href="#a" class="md-skip">\nSkip to content\n'
             '</a>\n</div>\n<div data-md-component="announce">\n</div>\n')


def page(top: str, content: str, tail: str) -> str:
    return (HEAD + top + HEADER + '<article class="md-content__inner">\n' + content +
            "</article>\n" + tail + '<script src="bundle.js"></script>\n</body>\n')


def test_the_empty_placeholders_and_the_dialog_leave_the_page() -> None:
    assert drop_empty_placeholders(page(EMPTY_SKIP_AND_ANNOUNCE, "<p>Text</p>\n", DIALOG)) == (
        page("", "<p>Text</p>\n", ""))


def test_a_skip_link_stays_and_the_empty_announcement_goes() -> None:
    assert drop_empty_placeholders(page(SKIP_LINK, "<p>Text</p>\n", DIALOG)) == page(
        SKIP_LINK.replace('<div data-md-component="announce">\n</div>\n', ""),
        "<p>Text</p>\n", "")


def test_the_same_markup_in_the_content_stays() -> None:
    content = f"<pre>{EMPTY_SKIP_AND_ANNOUNCE}</pre>\n{DIALOG}{EMPTY_SKIP_AND_ANNOUNCE}"
    assert drop_empty_placeholders(page(EMPTY_SKIP_AND_ANNOUNCE, content, DIALOG)) == (
        page("", content, ""))
    # a page written without them (or by another theme) is left as it is
    assert drop_empty_placeholders(page("", content, "")) == page("", content, "")
    assert drop_empty_placeholders(content) == content
