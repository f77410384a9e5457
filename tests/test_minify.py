"""The fast page compaction gives exactly the bytes of its plain regular-expression definition."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools.minify import compact_part, join_compacted, minify_page

_VERBATIM = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2[ \t\n\r\f]*>)",
                       re.DOTALL | re.IGNORECASE)
_LINE_BREAK_RUN = re.compile(r"[ \t\r\f]*\n[ \t\n\r\f]*")


def reference_minify(html: str) -> str:
    """The definition :func:`minify_page` must match byte for byte (its first, slower
    implementation): outside the verbatim elements, every run of ASCII whitespace holding
    a line break becomes one line break."""
    parts = _VERBATIM.split(html)
    out = []
    for index in range(0, len(parts), 3):
        out.append(_LINE_BREAK_RUN.sub("\n", parts[index]))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out)


TRICKY = [
    "",
    "\n",
    "\n\n\n",
    " \t\r\f",
    " \n ",
    "\r\n",
    "a\r\nb\r\n\r\nc",
    "\f\n\fx\f\n\f",
    "  leading\n",
    "trailing  \n  ",
    "\n  starts with a break",
    "ends with a break\n",
    "no break at all: a  b\t\tc",
    "one\n\n   two</p>   \n  </div>\n",
    "a\u00a0\n\u00a0b",  # no-break spaces are content
    "a\u2003 \n \u2003b\u3000\n",  # em space, ideographic space
    "a\v\nb\x1c\n\x1dc\x85\nd\u2028\ne",  # other characters Python calls whitespace
    "<pre>\n  kept\n</pre>\n  after\n",
    "<PRE class=x>\n  upper\n</pre \n>\n  x",
    "<Script>\n var a;\n</SCRIPT>\n  y",
    "<style>\n p {}\n</style\t>\n",
    "<textarea>\n\n  text\n</textarea>",
    "<pre>never closed\n  \n  x",
    "<pre><pre>\n nested\n</pre>\n  </pre>\n  z",
    "<prefix>\n  not verbatim\n</prefix>",
    "<pre-x>\n  a name that continues\n</pre>\n",
    "<script>\n</style>\n  </script>\n <style>\n</script>\n</style>\n",
    "<scripts>\n  x\n</scripts>",
    "</pre>\n  closing first\n<pre>\n  open\n</pre>",
    "<ſcript>\n  long s\n</script>\n",  # case folding of the long s
    "<sTyLe>\n</StYlE>\n \n",
    "\n<pre>\n</pre>\n<pre>\n</pre>\n",
    "x <p>\n\t\t<b>bold</b>  \n\t</p>\n\n<!-- a comment\n   -->\n",
]


@pytest.mark.parametrize("html", TRICKY)
def test_compaction_matches_the_definition_on_tricky_input(html: str) -> None:
    assert minify_page(html) == reference_minify(html)


FRAGMENTS = st.sampled_from([
    " ", "\t", "\r", "\n", "\f", "\v", "\r\n", "\u00a0", "\u2003", "\u3000", "\x85",
    "x", "word", "é", "ſ", "<", ">", "/", "<p>", "</p>",
    "<pre>", "</pre>", "<PRE ", "</Pre >", "<pre\n", "<script>", "</script>", "<SCRIPT>",
    "</sCrIpT\t>", "<style>", "</style>", "<textarea>", "</textarea>", "<scripts>", "<pre-",
])


@given(st.lists(FRAGMENTS, max_size=60).map("".join))
def test_compaction_matches_the_definition_on_any_mix(html: str) -> None:
    assert minify_page(html) == reference_minify(html)


def test_compaction_is_what_the_pages_need() -> None:
    page = ("<body>\n    <div>\r\n      <p>one\n\n   two</p>   \n  </div>\n"
            "<pre>\n  kept\n</pre>\n<p>a\u00a0\n\u00a0b</p>\n")
    assert minify_page(page) == ("<body>\n<div>\n<p>one\ntwo</p>\n</div>\n"
                                 "<pre>\n  kept\n</pre>\n<p>a\u00a0\n\u00a0b</p>\n")


@given(st.lists(st.lists(FRAGMENTS, max_size=12).map("".join), min_size=1, max_size=8))
def test_parts_compacted_apart_and_joined_are_the_page_compacted(parts: list[str]) -> None:
    compacted = [compact_part(part) for part in parts]
    if any(part is None for part in compacted):
        # only a part that opens an element it does not close is refused
        assert all(_opens_unclosed(part)
                   for part, done in zip(parts, compacted, strict=True) if done is None)
        return
    assert join_compacted(compacted) == minify_page("".join(parts))  # type: ignore[arg-type]


@pytest.mark.parametrize("parts", [
    ["a", "\n", " b"], ["a  ", "  b"], ["a \n", "\n b"], ["", "\n", ""], ["x\n", ""],
    ["<pre>\n a\n</pre>", "\n  b"], ["a\t", "\r\n", "\f", "b"], [" \n ", " \n "],
])
def test_parts_compacted_apart_on_tricky_junctions(parts: list[str]) -> None:
    compacted = [compact_part(part) for part in parts]
    assert join_compacted(compacted) == minify_page("".join(parts))  # type: ignore[arg-type]


def _opens_unclosed(part: str) -> bool:
    return any(re.search(r"<(pre|textarea|script|style)\b", text, re.IGNORECASE)
               for text in _VERBATIM.split(part)[::3])


def test_a_part_opening_an_element_it_does_not_close_is_refused() -> None:
    assert compact_part("a\n <pre>\n  b") is None
    assert compact_part("<SCRIPT>\n") is None
    assert compact_part("<pre>\n a\n</pre>\n  b") == "<pre>\n a\n</pre>\nb"
