"""The safe body renderer (bodies._SafeRenderer) renders the parser's tokens without
copying them; it must give byte for byte the HTML of the token-copying code it replaced
(kept here as the reference), on generated Markdown with generated mention-link plans and
on every article of the repository's corpus with its real plan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it.token import Token

from build_tools import bodies
from build_tools.article_analysis import AnalysisContext, analyse_article
from build_tools.bodies import InlineLink, LinkPlan, link_problem
from build_tools.loader import load_corpus
from build_tools.registry import AliasIndex

# --- the former implementation, verbatim but for names -------------------------------------


def reference_html(tokens: list[Token], links: LinkPlan | None = None) -> str:
    env: dict[str, Any] = {}
    return str(bodies.PARSER.renderer.render(_neutralise(tokens, links or {}),
                                             bodies.PARSER.options, env))


def _neutralise(tokens: list[Token], links: LinkPlan) -> list[Token]:
    safe: list[Token] = []
    for index, block in enumerate(tokens):
        if block.type == "html_block":
            inline = Token("inline", "", 0, content=block.content.strip())
            inline.children = [Token("text", "", 0, content=block.content.strip())]
            safe += [Token("paragraph_open", "p", 1, block=True), inline,
                     Token("paragraph_close", "p", -1, block=True)]
            continue
        if block.children:
            children = block.children
            block = block.copy()
            block.children = _neutralise_inline(children, index, links)
        safe.append(block)
    return safe


def _neutralise_inline(children: list[Token], block: int, links: LinkPlan) -> list[Token]:
    out: list[Token] = []
    dropped_links = 0
    for index, child in enumerate(children):
        if child.type == "html_inline" or child.type == "image":
            out.append(Token("text", "", 0, content=child.content))
        elif child.type == "link_open" and link_problem(str(child.attrGet("href") or "")):
            dropped_links += 1
        elif child.type == "link_close" and dropped_links:
            dropped_links -= 1
        elif child.type == "link_open":
            link = child.copy()
            link.attrSet("rel", "nofollow noopener noreferrer")
            out.append(link)
        elif child.type == "text" and (block, index) in links:
            out += _split_with_links(child.content, links[(block, index)])
        else:
            out.append(child)
    return out


def _split_with_links(text: str, links: list[InlineLink]) -> list[Token]:
    pieces: list[Token] = []
    position = 0
    for link in sorted(links, key=lambda item: item.start):
        if link.start < position:
            continue
        if link.start > position:
            pieces.append(Token("text", "", 0, content=text[position:link.start]))
        opening = Token("link_open", "a", 1)
        opening.attrs = {"href": link.href, "class": "corpus-mention", "title": link.title}
        pieces += [opening, Token("text", "", 0, content=text[link.start:link.end]),
                   Token("link_close", "a", -1)]
        position = link.end
    if position < len(text):
        pieces.append(Token("text", "", 0, content=text[position:]))
    return pieces


# --- generated bodies -----------------------------------------------------------------------

LINES = [
    "", "text", "ISIL & Daesh <said> \"it\"", "# heading", "> quote", ">", "- item", "* item",
    "1. item", "2) item", "***", "---", "```", "```python", "~~~", "<div>", "</div>",
    "<!-- c -->", "<p>x</p>", "<script>alert(1)</script>", "text <b>bold</b> <img src=x>",
    "| a | b |", "|---|---|", "a | b", ":--|--:", "[ref]: https://example.org/ \"T\"",
    "[ref]", "    code", "  - nested", "   > quote", "text  ", "text\\", "`code <x>`",
    "*em*", "**strong**", "~~gone~~", "[good](https://example.org/a?b=1&c=2 \"t'\")",
    "[bad](javascript:alert(1))", "[rel](/local)", "[frag](#here)", "[mail](mailto:a@b.c)",
    "![alt *text*](https://example.org/i.png)", "<https://example.org/>",
    "&amp; &copy; &#60;", "a [nested [bad](data:x) link](https://ok.example/)",
]
lines = st.lists(st.sampled_from(LINES) | st.builds("{}{}".format, st.sampled_from(
    ["", " ", "   ", "    ", "> ", "- ", "1. "]), st.sampled_from(LINES)), max_size=20)
TITLES = st.sampled_from(["Daesh", "Hashd \"al-Sha'abi\"", "<b>x</b>", "a & b", ""])


def plan_for(tokens: list[Token], data: st.DataObject) -> LinkPlan:
    """Mention links over some text tokens: overlapping, empty and out-of-order ones too."""
    plan: LinkPlan = {}
    for block_index, block in enumerate(tokens):
        for child_index, child in enumerate(block.children or ()):
            if child.type != "text" or not data.draw(st.booleans()):
                continue
            size = len(child.content)
            bounds = st.integers(0, size)
            links = []
            for _ in range(data.draw(st.integers(1, 3))):
                start, end = sorted((data.draw(bounds), data.draw(bounds)))
                links.append(InlineLink(start, end, data.draw(st.sampled_from(
                    ["../people/x/", "/a?b=1&c=\"2\"", ""])), data.draw(TITLES)))
            plan[(block_index, child_index)] = links
    return plan


@given(lines, st.data())
def test_the_safe_renderer_gives_the_former_html(body: list[str], data: st.DataObject) -> None:
    tokens = bodies.parse("\n".join(body))
    plan = plan_for(tokens, data)
    assert bodies.render_html(tokens, plan) == reference_html(tokens, plan)
    assert bodies.render_html(tokens) == reference_html(tokens)


@pytest.mark.parametrize("body", [
    ["<div>", "x", "</div>", "- a", "<p>y</p>"],
    ["- a", "  <div>", "- b"],
    ["- a", "", "  <div>", "- b", "<p>y</p>"],
    ["a [nested [bad](data:x) link](https://ok.example/) <b>", "![x](javascript:y)"],
    LINES,
])
def test_the_safe_renderer_gives_the_former_html_on_these(body: list[str]) -> None:
    tokens = bodies.parse("\n".join(body))
    plan: LinkPlan = {
        (b, c): [InlineLink(0, len(child.content) // 2, "../x/", "X & \"Y\"")]
        for b, block in enumerate(tokens) for c, child in enumerate(block.children or ())
        if child.type == "text"}
    assert bodies.render_html(tokens, plan) == reference_html(tokens, plan)
    assert bodies.render_html(tokens) == reference_html(tokens)


def test_the_safe_renderer_gives_the_former_html_on_the_corpus(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Every article of the repository's corpus, with the mention links its analysis plans."""
    root = Path(__file__).resolve().parent.parent
    corpus, _ = load_corpus(root / "corpus", root)
    context = AnalysisContext(corpus, AliasIndex(corpus))
    rendered: list[tuple[list[Token], LinkPlan | None]] = []
    real = bodies.render_html

    def recording(tokens: list[Token], links: LinkPlan | None = None) -> str:
        rendered.append((tokens, links))
        return real(tokens, links)

    monkeypatch.setattr(bodies, "render_html", recording)
    for article in corpus.articles.values():
        analyse_article(article, context)
    assert len(rendered) == len(corpus.articles)
    assert any(links for _tokens, links in rendered), "some article has mention links"
    for tokens, links in rendered:
        assert real(tokens, links) == reference_html(tokens, links)
