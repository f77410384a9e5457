"""The corpus's Markdown parser gates some block rules by a line's first character
(bodies._gated); it must give the very tokens the plain markdown-it-py parser gives."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from build_tools import bodies

PLAIN = bodies._make_parser(gates=False)

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


def test_the_gates_are_on_the_rules_they_name() -> None:
    gated = {rule.name for rule in bodies.PARSER.block.ruler.__rules__
             if rule.fn.__name__ == "gated"}
    assert gated == {*bodies._BLOCK_STARTS, "table"}
    for rule in bodies.PARSER.block.ruler.__rules__:  # chains kept: same alternatives
        plain = next(r for r in PLAIN.block.ruler.__rules__ if r.name == rule.name)
        assert rule.alt == plain.alt
