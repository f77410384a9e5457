"""A generated page skips MkDocs' Markdown pass, and ends up exactly as if it had run it."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from build_tools.plugin import _GeneratedPage

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def config(tmp_path: Path):  # type: ignore[no-untyped-def]
    loaded = load_config(str(REPO / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    loaded.plugins._current_plugin = "corpus"  # as while the plugin's on_files runs
    return loaded


def _rendered(page_class: type[Page], config, text: str) -> tuple[object, ...]:  # type: ignore[no-untyped-def]
    file = File.generated(config, "people/someone/index.md", content=text,
                          inclusion=InclusionLevel.NOT_IN_NAV)
    page = page_class(None, file, config)
    page.read_source(config)
    page.render(config, Files([file]))
    links = page.links_to_anchors
    return (page.content, str(page.toc), page.title, page.present_anchor_ids,
            None if links is None else {f.src_uri: anchors for f, anchors in links.items()})


def test_an_empty_generated_page_is_what_rendering_it_gives_without_a_parser(
        config, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    expected = _rendered(Page, config, "")
    built: list[object] = []
    original = markdown.Markdown.__init__

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(markdown.Markdown, "__init__", counting)
    assert _rendered(_GeneratedPage, config, "") == expected
    assert built == []  # no Markdown parser was made


def test_markdown_given_to_a_generated_page_is_still_converted(config) -> None:  # type: ignore[no-untyped-def]
    text = "# Heading\n\nSome *text*.\n"
    assert _rendered(_GeneratedPage, config, text) == _rendered(Page, config, text)
