"""The character tables of name folding and quote normalisation, applied by ``CharMap``."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools import bodies, folding
from build_tools.folding import CharMap

TABLES = {"folding": folding._TABLE, "quote marks": bodies._QUOTE_MARKS_TABLE}


def _texts(table: dict[int, str]) -> st.SearchStrategy[str]:
    """Text made of what the table changes, what it changes to, ASCII and anything else."""
    keys = sorted(chr(code) for code in table)
    values = sorted(set(table.values()))
    return st.text(st.sampled_from(keys) | st.sampled_from(values) |
                   st.characters(max_codepoint=0x7f) | st.characters(), max_size=80)


@pytest.mark.parametrize("name", sorted(TABLES))
@given(data=st.data())
def test_a_char_map_gives_what_str_translate_gives(name: str, data: st.DataObject) -> None:
    table = TABLES[name]
    text = data.draw(_texts(table))
    assert CharMap(table)(text) == text.translate(table)


def test_a_char_map_changes_every_character_the_table_changes_at_once() -> None:
    # Every key of the folding table in one text (the slow path of str.translate), and
    # U+1FEF, whose replacement "`" is itself replaced, but only when printed as "`".
    text = "".join(chr(code) for code in sorted(folding._TABLE)) + "\u1fef`"
    assert CharMap(folding._TABLE)(text) == text.translate(folding._TABLE)
    assert CharMap(folding._TABLE)("\u1fef`") == "`\x01"


@pytest.mark.parametrize("table", [
    {ord("a"): "b", ord("b"): "c"},  # ASCII replaced by what is replaced again
    {0xe9: "\u00e8", 0xe8: "e"},  # another character likewise
    {ord("a"): "bc"},  # not one character
])
def test_a_table_whose_result_would_depend_on_the_order_is_refused(
        table: dict[int, str]) -> None:
    with pytest.raises(ValueError, match="not replaced again"):
        CharMap(table)


def test_folding_and_quote_normalisation_are_unchanged() -> None:
    assert folding.fold("Hashd al-Sha’abi") == folding.fold("hashd al shaabi") == \
        "hashd al shaabi"
    assert folding.fold("  Ṣadr\tCity ") == "sadr city"
    assert bodies.normalise_for_quotes("“We  will\nwin,” he said ‘softly’") == \
        '"We will win," he said \'softly\''


def _fold_as_before(name: str) -> str:
    """:func:`folding.fold` as it was written first: str.translate and a regular expression."""
    table = folding._TABLE
    folded = name.translate(table).lower()
    if len(folded) != len(name):
        folded = "".join(c.lower() if len(c.lower()) == 1 else c for c in name.translate(table))
    return re.sub(" +", " ", folded.replace("\x01", "")).strip()


def _normalise_as_before(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(bodies._QUOTE_MARKS_TABLE)).strip()


@given(st.text(st.sampled_from(" \t\n\r\x0b\x0c\x1c\x85\xa0\u2028\u3000-_'’`İ") |
               st.characters(), max_size=60))
def test_fold_and_normalise_give_what_translate_and_regular_expressions_gave(
        text: str) -> None:
    assert folding.fold(text) == _fold_as_before(text)
    assert bodies.normalise_for_quotes(text) == _normalise_as_before(text)
