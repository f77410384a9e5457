"""Texts held as UTF-8 (build_tools/texts.py): the same strings back, in less memory."""

from __future__ import annotations

import sys

from conftest import REPO
from hypothesis import given
from hypothesis import strategies as st

from build_tools.pipeline import check_corpus
from build_tools.texts import Texts


@given(st.dictionaries(st.text(max_size=8), st.text(
    alphabet=st.characters(exclude_categories=("Cs",)), max_size=200)))
def test_texts_give_back_what_they_were_given(values: dict[str, str]) -> None:
    texts = Texts()
    texts.update(values)
    assert dict(texts) == values and len(texts) == len(values)
    assert all(key in texts for key in values) and "\x00missing" not in texts
    for key in list(values)[:3]:
        del texts[key]
        assert key not in texts and texts.get(key) is None


def test_a_text_with_a_curly_quote_takes_half_the_memory() -> None:
    # A curly quote is above U+00FF: as str, every character of the text takes two bytes.
    text = ("Word after word, " * 20 + "“quoted”. ") * 20
    texts = Texts()
    texts["a"] = text
    assert texts["a"] == text
    assert sys.getsizeof(texts._encoded["a"]) < 0.55 * sys.getsizeof(text)


def test_the_archive_keeps_its_texts_as_utf8() -> None:
    archive = check_corpus(REPO / "corpus", REPO).archive
    assert isinstance(archive.plain_text, Texts) and isinstance(archive.body_html, Texts)
    assert set(archive.body_html) == set(archive.plain_text) == set(archive.corpus.articles)
    assert all("<p>" in html for html in archive.body_html.values())
