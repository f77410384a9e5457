"""Markdown bodies: one markdown-it-py parser for analysis and safe rendering.

A body is parsed once. The token stream serves three purposes: finding what is
not allowed (raw HTML, script links, remote images), extracting plain text
(for quote verification, search and exports), and rendering HTML in which
nothing from the corpus can become markup or script.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .diagnostics import Diagnostic, error
from .folding import CharMap

SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]+")


def _accept_every_link(url: str) -> bool:
    # Links are judged after parsing (see :func:`link_problem`) so that an unsafe
    # one is reported with its line, not silently turned into text.
    return True


_BLOCK_STARTS = {"fence": "~`", "blockquote": ">", "hr": "*-_", "list": "*-+0123456789",
                 "html_block": "<", "heading": "#"}
"""The characters each of these block rules can start a line with (after its indentation):
on any other, the rule fails."""
_TABLE_DELIMITER_STARTS = "|-:"
"""A table's second line (its delimiter row) starts with one of these."""


def _gated(rule: Any, starts: str, line_offset: int = 0) -> Any:
    """``rule``, failing at once when the first character of the line ``line_offset``
    lines down is not in ``starts``, where the rule itself would fail.

    Why: each line of a paragraph is offered to every rule that can interrupt one (twice:
    the setext heading rule looks ahead over the same lines), and each rule logs and
    checks indentation before it looks at the line; for the lines of plain prose that
    was a tenth of the analysis of an article. A test compares the token streams with
    the ungated parser's."""

    def gated(state: Any, start_line: int, end_line: int, silent: bool) -> bool:
        line = start_line + line_offset
        if line >= end_line:
            return False
        position = state.bMarks[line] + state.tShift[line]
        if position < state.eMarks[line] and state.src[position] not in starts:
            return False
        return bool(rule(state, start_line, end_line, silent))

    return gated


_INLINE_RULES = ("text", "newline", "escape", "backticks", "strikethrough", "emphasis", "link",
                 "image", "autolink", "html_inline", "entity")
"""The inline rules the parser runs. Besides text and line breaks, each can only match at
one of the characters of :data:`_INLINE_MARKUP`."""
_INLINE_MARKUP = re.compile(r"[\\`~*_\[!<&]")
"""Where an inline rule other than text and line breaks may match: escapes, code spans,
strikethrough, emphasis, links, images, autolinks and raw HTML, entities."""


def _inline_with_prose(state: StateCore) -> None:
    """markdown-it's core ``inline`` rule, with a shortcut for inline content holding none of
    :data:`_INLINE_MARKUP`: its tokens are then its lines as text, with the breaks between
    them, exactly as the inline parser makes them (see :func:`_prose_tokens`).

    Why: most paragraphs of news prose are such text, and the inline parser offers every
    line to its rules one by one; the shortcut took a fifth off the parse of a synthetic
    article (0.44-0.46 -> 0.36-0.37 ms). A test compares the token streams with the plain
    parser's."""
    md = state.md
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            if _INLINE_MARKUP.search(token.content) is None:
                token.children += _prose_tokens(token.content)
            else:
                md.inline.parse(token.content, md, state.env, token.children)


def _prose_tokens(content: str) -> list[Token]:
    """The inline tokens of ``content`` without markup, as the inline parser's text and
    newline rules make them: each line's text, and between two lines a hard break where the
    first ends with two spaces or more (they are dropped), else a soft break (one trailing
    space dropped); a line's leading spaces and tabs are skipped."""
    tokens: list[Token] = []
    lines = content.split("\n")
    pending = lines[0]
    for line in lines[1:]:
        kind = "softbreak"
        if pending.endswith(" "):
            if pending.endswith("  "):
                pending, kind = pending.rstrip(" "), "hardbreak"
            else:
                pending = pending[:-1]
        if pending:
            tokens.append(Token("text", "", 0, content=pending))
        tokens.append(Token(kind, "br", 0))
        pending = line.lstrip(" \t")
    if pending:
        tokens.append(Token("text", "", 0, content=pending))
    return tokens


def _make_parser(gates: bool = True, prose: bool = True) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.validateLink = _accept_every_link  # type: ignore[method-assign]
    if prose:
        enabled = tuple(rule.name for rule in md.inline.ruler.__rules__ if rule.enabled)
        if enabled != _INLINE_RULES:  # (another markdown-it-py: the shortcut may not hold)
            raise RuntimeError(f"unexpected inline rules {enabled}; see bodies._INLINE_RULES")
        md.core.ruler.at("inline", _inline_with_prose)
    if gates:
        # Ruler.at replaces a rule's function and its chains; the chains are kept as they
        # were (read from the ruler, which has no public reader for them).
        for rule in md.block.ruler.__rules__:
            if rule.name in _BLOCK_STARTS:
                md.block.ruler.at(rule.name, _gated(rule.fn, _BLOCK_STARTS[rule.name]),
                                  {"alt": list(rule.alt)})
            elif rule.name == "table":
                md.block.ruler.at(rule.name, _gated(rule.fn, _TABLE_DELIMITER_STARTS, 1),
                                  {"alt": list(rule.alt)})
    return md


PARSER = _make_parser()
"""The one parser of corpus Markdown. Raw HTML is *parsed* (to be reported and
escaped), never emitted."""
_DEEPEST_KEPT = int(PARSER.options["maxNesting"]) - 1
"""Block tokens reach this level only when blocks nest deep enough for the parser to drop some."""


def link_problem(url: str, *, image: bool = False) -> str | None:
    """Why ``url`` may not appear in a body, or ``None`` when it is acceptable.

    Acceptable: absolute http(s) and mailto links, and in-page ``#fragments``.
    Images are refused whatever their address: a remote image is a third-party
    request from every reader's browser, and ``data:`` images can carry script.
    """
    if image:
        return ("images are not allowed in article bodies (the site loads nothing from other "
                "hosts); describe the image in words instead")
    plain = _INVISIBLE.sub("", unquote(url)).lower()
    if plain.startswith("#"):
        return None
    scheme = _SCHEME.match(plain)
    if scheme is None:
        return (f"link '{url[:60]}' is not an absolute address; links in bodies must start "
                "with https:// or http://")
    if scheme.group(1) not in SAFE_SCHEMES:
        return f"'{scheme.group(1)}:' links are not allowed; use an https:// address"
    return None


@dataclass(frozen=True)
class BodyProblem:
    """Something a body may not contain, at a line relative to the body's first line (0-based)."""

    line: int
    message: str
    code: str


def parse(body: str) -> list[Token]:
    """The token stream of a body."""
    return PARSER.parse(body, {})


def find_problems(tokens: Sequence[Token]) -> list[BodyProblem]:
    """Raw HTML, disallowed links or images, and nesting too deep to keep, in a body's tokens."""
    problems: list[BodyProblem] = []
    depth_reported = False  # once per top-level block
    line = 0
    for block in tokens:
        line = block.map[0] if block.map else line
        if block.level == 0:
            depth_reported = False
        elif block.level >= _DEEPEST_KEPT and not depth_reported:
            # markdown-it stops at maxNesting and silently drops everything deeper
            # (a 10-level list loses its last item): refuse, rather than lose text.
            depth_reported = True
            problems.append(BodyProblem(line, "blockquotes or lists are nested too deeply "
                                        "here: the text inside would be lost from the page; "
                                        "flatten the nesting", "body-depth"))
        if block.type == "html_block":
            problems.append(BodyProblem(line, _html_message(block.content), "raw-html"))
        for child in block.children or ():
            if child.type == "html_inline":
                problems.append(BodyProblem(line, _html_message(child.content), "raw-html"))
            elif child.type in ("link_open", "image"):
                href = str(child.attrGet("href") or child.attrGet("src") or "")
                problem = link_problem(href, image=child.type == "image")
                if problem:
                    problems.append(BodyProblem(line, problem, "unsafe-link"))
            if child.type == "softbreak" or (child.type == "text" and "\n" in child.content):
                line += child.content.count("\n") if child.type == "text" else 1
    return problems


def body_diagnostics(path: str, body_line: int, tokens: Sequence[Token]) -> list[Diagnostic]:
    """:func:`find_problems` as errors at their file lines (``body_line``: the body's first)."""
    return [error(path, body_line + problem.line, problem.message, problem.code)
            for problem in find_problems(tokens)]


def _html_message(content: str) -> str:
    snippet = content.strip().splitlines()[0][:60] if content.strip() else content
    return (f"raw HTML is not allowed in article bodies: '{snippet}'; write Markdown, or "
            "escape the '<' as '\\<' if it is part of the text")


def plain_text(tokens: Sequence[Token]) -> str:
    """The readable text of a body: blocks separated by blank lines, no markup."""
    blocks: list[str] = []
    for block in tokens:
        if block.type == "inline":
            blocks.append(_inline_text(block.children or ()))
        elif block.type in ("code_block", "fence"):
            blocks.append(block.content.rstrip("\n"))
        elif block.type == "html_block":
            blocks.append(block.content.strip())
    return "\n\n".join(b for b in blocks if b)


def _inline_text(children: Sequence[Token]) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


@dataclass(frozen=True)
class InlineLink:
    """A link to add around part of a text token (an entity mention)."""

    start: int
    end: int
    href: str
    title: str


LinkPlan = dict[tuple[int, int], list[InlineLink]]
"""(block index, child index) -> links to add inside that text token."""


class _SafeRenderer(RendererHTML):
    """markdown-it's HTML renderer, with the rules that keep a body's HTML safe and add the
    mention links: raw HTML and images become text, links that :func:`link_problem`
    refuses become their text, other links get ``rel``, and each text token in the link
    plan (``env["links"]``) gets its mention links.

    It renders the parser's own tokens, copying none: inserting the links as tokens, and
    copying each block to hold its new children, took half of a body's rendering. A test
    compares its output with that of the token-copying code it replaced."""

    def render(self, tokens: Sequence[Token], options: Any, env: Any) -> str:
        out: list[str] = []
        rules = self.rules
        for index, token in enumerate(tokens):
            if token.type == "inline":
                if token.children:
                    env["block"] = index  # (the link plan's key is block and child index)
                    out.append(self.renderInline(token.children, options, env))
            elif token.type in rules:
                out.append(rules[token.type](tokens, index, options, env))
            else:
                out.append(self.renderToken(tokens, index, options, env))
        return "".join(out)

    def html_block(self, tokens: Sequence[Token], index: int, options: Any, env: Any) -> str:
        # a paragraph of its text; the line break the renderer puts before a block's
        # opening tag after a hidden (tight list) paragraph, too
        lead = "\n" if index and tokens[index - 1].hidden else ""
        return f"{lead}<p>{escapeHtml(tokens[index].content.strip())}</p>\n"

    def html_inline(self, tokens: Sequence[Token], index: int, options: Any, env: Any) -> str:
        return escapeHtml(tokens[index].content)

    def image(self, tokens: Sequence[Token], index: int, options: Any, env: Any) -> str:
        return escapeHtml(tokens[index].content)

    def link_open(self, tokens: Sequence[Token], index: int, options: Any, env: Any) -> str:
        token = tokens[index]
        if link_problem(str(token.attrGet("href") or "")):
            env["dropped"] += 1
            return ""
        attributes = dict(token.attrs)
        attributes["rel"] = "nofollow noopener noreferrer"
        return "<a" + "".join(f' {escapeHtml(key)}="{escapeHtml(str(value))}"'
                              for key, value in attributes.items()) + ">"

    def link_close(self, tokens: Sequence[Token], index: int, options: Any, env: Any) -> str:
        if env["dropped"]:  # (links do not nest: this closes the refused one)
            env["dropped"] -= 1
            return ""
        return "</a>"

    def text(self, tokens: Sequence[Token], index: int, options: Any, env: Any) -> str:
        text = tokens[index].content
        links = env["links"].get((env["block"], index)) if env["links"] else None
        if not links:
            return escapeHtml(text)
        out: list[str] = []
        position = 0
        for link in sorted(links, key=lambda item: item.start):
            if link.start < position:
                continue
            if link.start > position:
                out.append(escapeHtml(text[position:link.start]))
            out.append(f'<a href="{escapeHtml(link.href)}" class="corpus-mention" '
                       f'title="{escapeHtml(link.title)}">'
                       f"{escapeHtml(text[link.start:link.end])}</a>")
            position = link.end
        if position < len(text):
            out.append(escapeHtml(text[position:]))
        return "".join(out)


_SAFE_RENDERER = _SafeRenderer()


def render_html(tokens: Sequence[Token], links: LinkPlan | None = None) -> str:
    """HTML of a body. Never contains raw HTML or a link other than http(s), mailto, # or
    the planned mention links (site-relative, made by the build, never by the corpus)."""
    env: dict[str, Any] = {"links": links or {}, "dropped": 0, "block": -1}
    return _SAFE_RENDERER.render(tokens, PARSER.options, env)


_QUOTE_MARKS_TABLE = str.maketrans({
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "ʼ": "'", "`": "'",
})
_QUOTE_MARKS = CharMap(_QUOTE_MARKS_TABLE)


def normalise_for_quotes(text: str) -> str:
    """Text with quotation-mark styles unified and whitespace collapsed.

    Quotes are verified against bodies in this form, so curly versus straight
    quotes and re-wrapped lines do not matter.
    """
    # (str.split splits at the characters that ``\s`` matches; in C, without a match object
    # for every single space)
    return " ".join(_QUOTE_MARKS(text).split())


EDGE_PUNCTUATION = "\"' .,;:!?…"


def quote_core(text: str) -> str:
    """The part of a quote that must occur verbatim: normalised, without the punctuation
    and quotation marks at its ends (a quote ending in "." may end in "," in the body)."""
    return normalise_for_quotes(text).strip(EDGE_PUNCTUATION)
