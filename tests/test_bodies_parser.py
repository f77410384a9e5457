"""The corpus's Markdown parser gates some block rules by a line's first character
(bodies._gated) and takes a shortcut through inline content without markup
(bodies._inline_with_prose); it must give the very tokens the plain markdown-it-py parser
gives."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from build_tools import bodies

PLAIN = bodies._make_parser(gates=False, prose=False)

# Lines that start (or almost start) every kind of block, with and without indentation.
LINES = [
    "", " ", "text", "more text here", "# heading", "#not a heading", "###### six", "> quote",
    ">", "- item", "-item", "* item", "+ item", "1. item", "2) item", "10. ten", "1.", "***",
    "---", "___", "- - -", "* * *", "===", "--", "```", "```python", "~~~", "````", "<div>",
    "</div>", "<!-- c -->", "<p>x</p>", "<a href=x>", "| a | b |", "|---|---|", "a | b",
    "--- | ---", ":--|--:", "| - |", "[ref]: https://example.org/", "[ref]", "\tcode",
    "    code", "  - nested", "   > quote", "  1. nested", "text  ", "text\\", "`code`",
    "*em*", "**strong**", "a|b", "|", "-", ":", "+", "<", "#", ">", "~", "`", "_",
]
lines = st.lists(st.sampled_from(LINES) | st.builds("{}{}".format, st.sampled_from(
    ["", " ", "  ", "   ", "    ", "\t", "> ", "- ", "1. "]), st.sampled_from(LINES)),
    max_size=25)


def _tokens(parser, text: str) -> list[dict]:
    return [token.as_dict() for token in parser.parse(text, {})]


@given(lines)
@example(["a | b", ":--|--:", "c | d"])
@example(["| a |", "| - |"])
@example(["text", "- item", "+ item", "1. one", "2) two", "> quote", "# head", "***", "```",
          "<div>", "~~~", "---", "==="])
def test_gated_block_rules_give_the_plain_parsers_tokens(body: list[str]) -> None:
    text = "\n".join(body)
    assert _tokens(bodies.PARSER, text) == _tokens(PLAIN, text)


# Prose lines, with what the shortcut must tell apart: trailing spaces (hard and soft
# breaks), leading spaces and tabs, every character an inline rule starts at, and those
# that end a text run without starting anything.
PROSE = [
    "plain words", "said the spokesman.", "trailing one ", "trailing two  ", "trailing three   ",
    "tab at end\t", "  leading spaces", "\tleading tab", " \t mixed lead", "“quoted,” he said",
    "al-Hashd — 2020: 5% + $3 = #1 @ {x} ^ > =", "a * b", "snake_case", "x ~ y", "~~gone~~",
    "[bracket", "link [x](https://example.org/)", "bang!", "![img](x.png)", "<b>bold</b>",
    "a < b", "AT&T", "&amp;", "back\\slash", "line end\\", "`tick`", "ordinary: text",
    "Ümlaut and ايران", "\u2028 separator", "", " ", "  ",
]
prose = st.lists(st.sampled_from(PROSE) | st.text(
    alphabet=st.sampled_from(list("ab \t.-:#*_`~[]!<&\\\"'“”")), max_size=12), max_size=12)


@given(prose)
@example(["one  ", "two ", "three"])
@example(["ends with spaces  "])
@example(["a", "  ", "b"])
@example(["a", "\tb", " \t c"])
@example(["# heading  ", "text ", "| a | b |", "|---|---|", "| c  | d |"])
def test_inline_prose_gives_the_plain_parsers_tokens(body: list[str]) -> None:
    text = "\n".join(body)
    assert _tokens(bodies.PARSER, text) == _tokens(PLAIN, text)


def test_the_prose_shortcut_knows_every_inline_rule() -> None:
    """It holds for these inline rules only: a parser with others refuses to be made."""
    enabled = tuple(rule.name for rule in bodies.PARSER.inline.ruler.__rules__ if rule.enabled)
    assert enabled == bodies._INLINE_RULES
    assert bodies.PARSER.core.ruler.getRules("")[2] is bodies._inline_with_prose


def test_the_gates_are_on_the_rules_they_name() -> None:
    gated = {rule.name for rule in bodies.PARSER.block.ruler.__rules__
             if rule.fn.__name__ == "gated"}
    assert gated == {*bodies._BLOCK_STARTS, "table"}
    for rule in bodies.PARSER.block.ruler.__rules__:  # chains kept: same alternatives
        plain = next(r for r in PLAIN.block.ruler.__rules__ if r.name == rule.name)
        assert rule.alt == plain.alt
