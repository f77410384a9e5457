"""The shared-text search's index of recurring shingles, kept up to date edit by edit in a
preview, is the index a fresh search builds, and finds the same shared text."""

from __future__ import annotations

from array import array

from hypothesis import given
from hypothesis import strategies as st

from build_tools.model import Article, PartialDate
from build_tools.overlap import SampleIndex, TextShingles, find_shared_text, text_shingles
from build_tools.sources import LineMap

# A small vocabulary, so that random texts share passages (and sampled shingles) often.
WORDS = ["the", "army", "said", "that", "border", "village", "council", "attack", "aid", "week"]
texts = st.lists(st.sampled_from(WORDS), min_size=0, max_size=60).map(" ".join)
edits = st.lists(st.tuples(st.sampled_from(["edit", "remove", "add", "copy"]),
                           st.integers(0, 7), texts), max_size=8)


def _article(number: int) -> Article:
    day = number % 9 + 1
    return Article(id=f"2020-01-0{day}-a{number}", path=f"a{number}.md", body="", body_line=1,
                   lines=LineMap(), title="t", outlet="o", published=PartialDate(2020, 1, day))


def _holders(index: SampleIndex) -> dict[int, set[str]]:
    return {shingle: set(ids) for shingle, ids in index.holders.items()}


@given(start=st.lists(texts, min_size=1, max_size=8), changes=edits)
def test_an_updated_index_is_the_index_built_afresh(start: list[str],
                                                    changes: list[tuple[str, int, str]]) -> None:
    current: dict[int, str] = dict(enumerate(start))
    shingles: dict[int, TextShingles] = {n: text_shingles(t) for n, t in current.items()}
    kept = SampleIndex()
    for action, number, text in [("edit", 0, start[0]), *changes]:
        if action == "remove":
            current.pop(number, None)
            shingles.pop(number, None)
        else:
            if action == "copy" and current:  # repeat another article's passage
                text = current[sorted(current)[number % len(current)]] + " " + text
            current[number] = text
            shingles[number] = text_shingles(text)  # a new object: a changed article
        articles = [_article(n) for n in sorted(current)]
        encoded = {_article(n).id: shingles[n] for n in current}
        found = find_shared_text(articles, {}, encoded, kept)
        fresh = SampleIndex()
        assert find_shared_text(articles, {}, encoded, fresh) == found
        assert _holders(kept) == _holders(fresh)
        assert kept.seen == fresh.seen


def test_the_index_of_unchanged_texts_is_not_rebuilt() -> None:
    same = TextShingles(array("I"), array("q", [1, 2, 3]))
    other = TextShingles(array("I"), array("q", [3, 4]))
    index = SampleIndex()
    index.update({"a": same, "b": other})
    assert _holders(index) == {3: {"a", "b"}}
    index.seen.add(99)  # not rebuilt: what it held stays (a rebuild would drop this)
    index.update({"a": same, "b": other})
    assert 99 in index.seen
