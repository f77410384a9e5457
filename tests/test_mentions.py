"""Mentions, shared names, quote copies and republished text, on small fixture corpora."""

from __future__ import annotations

import datetime as dt

from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from build_tools.pages import PageSpec
from build_tools.pipeline import check_corpus, plan_site
from build_tools.registry import EntityRef

HASHD = EntityRef("organization", "hashd-al-shaabi")
BAGHDAD = EntityRef("place", "baghdad")


def article(body: str, extra: str = "", article_id: str = "2020-05-05-report",
            published: str = "2020-05-05", outlet: str = "daily-news") -> str:
    return (f"---\ntitle: A report\noutlet: {outlet}\npublished: \"{published}\"\n{extra}---\n"
            f"{body}\n")


def check(make_corpus, files: dict[str, str]):
    root = make_corpus(files)
    return check_corpus(root / "corpus", root, today=dt.date(2026, 1, 1))


def found(result, article_id: str = "2020-05-05-report") -> list[tuple[str, str]]:
    return [(m.ref.id, m.text) for m in result.archive.mentions[article_id]]


def rendered(result, article_id: str = "2020-05-05-report") -> BeautifulSoup:
    site = plan_site(result.archive)
    art = result.archive.corpus.articles[article_id]
    spec = next(s for s in site.pages if s.path == f"articles/{art.year}/{art.id}/")
    assert isinstance(spec, PageSpec)
    return BeautifulSoup(site.renderer.render(spec), "html.parser").select_one(".corpus-body")


def test_folding_variants_match_and_keep_the_printed_spelling(make_corpus) -> None:
    body = ("Fighters of the Hashd al-Sha’abi, the HASHD AL SHAABI and hashd  al-shaabi met "
            "the PMU in Baghdad.")
    result = check(make_corpus, {"corpus/articles/2020/2020-05-05-report.md": article(body)})
    assert found(result) == [
        ("hashd-al-shaabi", "Hashd al-Sha’abi"), ("hashd-al-shaabi", "HASHD AL SHAABI"),
        ("hashd-al-shaabi", "hashd  al-shaabi"), ("hashd-al-shaabi", "PMU"),
        ("baghdad", "Baghdad")]
    links = rendered(result).select("a.corpus-mention")
    # one link per spelling; HASHD AL SHAABI folds like Hashd al-Sha’abi
    assert [a.get_text() for a in links] == ["Hashd al-Sha’abi", "PMU", "Baghdad"]
    assert {a["href"] for a in links} == {"../../../organizations/hashd-al-shaabi/",
                                          "../../../places/baghdad/"}
    assert "mentioned" in result.archive.involvement[HASHD]["2020-05-05-report"]


def test_whole_words_only_and_acronyms_in_capitals(make_corpus) -> None:
    body = "The Baghdadi family, the pmu of the engine, and Hashd al-Shaabi's fighters."
    result = check(make_corpus, {"corpus/articles/2020/2020-05-05-report.md": article(body)})
    assert found(result) == [("hashd-al-shaabi", "Hashd al-Shaabi")]


def test_code_links_and_urls_are_untouched(make_corpus) -> None:
    body = ("`Baghdad` in code, [Baghdad](https://example.org/baghdad) linked, "
            "https://example.org/Baghdad/PMU in a URL.\n\n    Baghdad in a code block\n")
    result = check(make_corpus, {"corpus/articles/2020/2020-05-05-report.md": article(body)})
    assert found(result) == []
    html = rendered(result)
    assert html.find("code").get_text() == "Baghdad"
    assert [a["href"] for a in html.find_all("a")] == ["https://example.org/baghdad"]
    assert "https://example.org/Baghdad/PMU" in html.get_text()


def test_first_mention_of_each_spelling_is_linked_once(make_corpus) -> None:
    body = "Baghdad is large. Baghdad again.\n\nAnd Baghdad once more."
    result = check(make_corpus, {"corpus/articles/2020/2020-05-05-report.md": article(body)})
    assert len(found(result)) == 3
    assert len(rendered(result).select("a.corpus-mention")) == 1


SHARED = {
    "corpus/places/al-anbar.md": "---\nname: Al Anbar\naliases: [Anbar]\n---\n",
    "corpus/organizations/anbar-council.md": "---\nname: Anbar Council\naliases: [Anbar]\n---\n",
}


def test_shared_alias_is_reported_and_resolved_only_by_metadata(make_corpus) -> None:
    result = check(make_corpus, {**SHARED, "corpus/articles/2020/2020-05-05-report.md":
                                 article("Fighting in Anbar.")})
    assert found(result) == []
    lines = [d.format() for d in result.diagnostics]
    assert any("[shared-alias]" in line for line in lines)
    assert ("corpus/articles/2020/2020-05-05-report.md:6: note: 'Anbar' may name "
            "organization 'anbar-council', place 'al-anbar'; it is not linked — list the one "
            "meant in the article's metadata, or add the name to ignore_mentions "
            "[ambiguous-mention]"
            ) in lines
    resolved = check(make_corpus, {**SHARED, "corpus/articles/2020/2020-05-05-report.md":
                                   article("Fighting in Anbar.", "places: [al-anbar]\n")})
    assert found(resolved) == [("al-anbar", "Anbar")]


def test_suppressed_match_stays_unlinked(make_corpus) -> None:
    body = "The PMU and Baghdad."
    result = check(make_corpus, {"corpus/articles/2020/2020-05-05-report.md":
                                 article(body, "ignore_mentions: [PMU, baghdad]\n")})
    assert found(result) == []
    assert rendered(result).select("a.corpus-mention") == []
    assert "2020-05-05-report" not in result.archive.involvement.get(BAGHDAD, {})


def test_unregistered_near_spelling_suggests_the_known_entity(make_corpus) -> None:
    person = "---\nname: Mohammed Mahdi al-Bayati\naliases: [al-Bayati]\n---\n"
    body = "Speaking to reporters, Mohammad Mahdi al-Bayati said the attacks would go on."
    result = check(make_corpus, {"corpus/people/mohammed-mahdi-al-bayati.md": person,
                                 "corpus/articles/2020/2020-05-05-report.md": article(body)})
    assert [d.format() for d in result.diagnostics if d.code == "unknown-name"] == [
        "corpus/articles/2020/2020-05-05-report.md:6: warning: 'Mohammad Mahdi al-Bayati' is "
        "not a registered name; did you mean person 'mohammed-mahdi-al-bayati' (Mohammed Mahdi "
        "al-Bayati)? If so, add 'Mohammad Mahdi al-Bayati' to the aliases in "
        "corpus/people/mohammed-mahdi-al-bayati.md [unknown-name]"]
    assert result.ok  # a suggestion, not an error


def test_candidate_quotes_are_listed(make_corpus) -> None:
    body = ("Jane Roe spoke to reporters.\n\n“We will hold every position we have,” she said.\n\n"
            "“Recorded words are not listed,” Jane Roe added.")
    extra = "quotes:\n  - by: jane-roe\n    text: Recorded words are not listed.\n"
    result = check(make_corpus, {"corpus/articles/2020/2020-05-05-report.md":
                                 article(body, extra)})
    assert [d.format() for d in result.diagnostics if d.code == "candidate-quote"] == [
        "corpus/articles/2020/2020-05-05-report.md:11: note: possible quote by person "
        "'jane-roe' not recorded in quotes: “We will hold every position we have” "
        "[candidate-quote]"]


WIRE = ("The ministry said on Saturday that an armed group attacked two villages north of the "
        "capital before dawn, killing at least ten fighters and wounding many more, and that "
        "reinforcements had been sent to the area to prevent further attacks on the villages. "
        "Officials said the attackers came from the desert and used new equipment, and that the "
        "army had regained control of the roads leading to both villages by the afternoon. "
        "Residents described hours of heavy gunfire and said that several houses had burned. "
        "The government promised compensation to the families of the victims and an inquiry "
        "into how the attackers crossed the border without being seen by the patrols. ")
OWN = ("Our correspondent adds that the local council met in emergency session, that schools "
       "will stay closed until further notice, and that aid convoys are expected next week.")
RELATED = ("Gunmen struck two hamlets north of the capital overnight, according to a local "
           "commander, who put the death toll at ten and blamed insurgents crossing from the "
           "desert. Families of the dead gathered outside the hospital while troops closed the "
           "roads. A government spokesman promised an investigation and help for the bereaved, "
           "and said soldiers were now patrolling the border more closely than before.")


def test_republished_text_is_detected_and_related_text_is_not(make_corpus) -> None:
    files = {
        "corpus/articles/2020/2020-05-05-report.md": article(WIRE),
        "corpus/articles/2020/2020-05-06-copy.md": article(
            WIRE + "\n\n" + OWN, article_id="2020-05-06-copy", published="2020-05-06"),
        "corpus/articles/2020/2020-05-07-related.md": article(
            RELATED, article_id="2020-05-07-related", published="2020-05-07"),
    }
    result = check(make_corpus, files)
    shared = result.archive.shared_text
    assert set(shared) == {"2020-05-05-report", "2020-05-06-copy"}
    copy = shared["2020-05-06-copy"]
    assert [s.other for s in copy] == ["2020-05-05-report"] and copy[0].earlier
    assert 0.6 <= copy[0].share <= 0.85  # the copy adds its own paragraph
    original = shared["2020-05-05-report"][0]
    assert original.share == 1.0 and not original.earlier
    site = plan_site(result.archive)
    spec = next(s for s in site.pages if s.path == "articles/2020/2020-05-06-copy/")
    html = BeautifulSoup(site.renderer.render(spec), "html.parser")
    note = html.select_one(".corpus-shared-text").get_text(" ", strip=True)
    assert "of this text also appears in A report" in note and "published earlier" in note


def test_same_quote_in_two_articles_links_both_ways(make_corpus) -> None:
    first = article("“We received news of the martyrdom of a group of heroes,” she said.",
                    "quotes:\n  - by: jane-roe\n    text: We received news of the martyrdom of a "
                    "group of heroes\n")
    second = article("Jane Roe: \"We received news of the martyrdom of a group heroes.\"",
                     "quotes:\n  - by: jane-roe\n    text: We received news of the martyrdom of "
                     "a group heroes\n", article_id="2020-05-06-copy", published="2020-05-06")
    result = check(make_corpus, {"corpus/articles/2020/2020-05-05-report.md": first,
                                 "corpus/articles/2020/2020-05-06-copy.md": second})
    copies = result.archive.quote_copies
    a, b = (result.archive.corpus.articles[i].quotes[0] for i in
            ("2020-05-05-report", "2020-05-06-copy"))
    assert copies[a.anchor] == [b] and copies[b.anchor] == [a]


class _Names:
    """The part of an AliasIndex a MentionMatcher reads."""

    def __init__(self, spellings: dict[str, list[str]]) -> None:
        self.spellings = spellings

    def names(self) -> dict[str, list[EntityRef]]:
        return {key: [EntityRef("organization", f"e{n}")]
                for n, key in enumerate(self.spellings)}


_SPELLINGS = ["UN", "IS", "PMU", "T.H.", "Hashd al-Sha'abi", "Thomas", "Ibrāhīm", "US",
              "us-led", "Daesh", "ISIL", "the Hashd"]
_WORDS = ["UN", "un", "Un", "under", "IS", "is", "this", "PMU", "pmu", "T.H.", "t.h.", "Thomas",
          "O’Thomas", "d'Thomas", "Hashd", "al-Sha’abi", "al Shaabi", "AL-SHA'ABI", "Ibrahim",
          "IBRĀHĪM", "US-led", "U.S.", "us", "Daesh", "DAESH", "ISIL's", "İstanbul", "the",
          "—", "-", "'", "’", "  ", ",", ".", "\u0301", "x", "ISUN", "unis"]


def _brute_force_scan(spellings: dict[str, list[str]], text: str) -> set[tuple[int, int]]:
    """Every whole-word match (before choosing among overlaps) found by trying every name at
    every offset: the rules of MentionMatcher.scan without its automata."""
    from build_tools.folding import FoldedText
    from build_tools.mentions import is_acronym

    folded = FoldedText(text)
    found = set()
    for key, printed in spellings.items():
        acronym = all(is_acronym(s) for s in printed)
        start = folded.text.find(key)
        while start >= 0:
            o_start = folded.original(start)
            o_end = folded.original(start + len(key) - 1) + 1
            if not (o_start > 0 and text[o_start - 1].isalnum()) and \
                    not (o_end < len(text) and text[o_end].isalnum()) and \
                    not (acronym and not text[o_start:o_end].replace(".", "").isupper()):
                found.add((o_start, o_end))
            start = folded.text.find(key, start + 1)
    return found


@given(st.lists(st.sampled_from(_WORDS), max_size=25),
       st.lists(st.sampled_from([" ", "", "\n", "-"]), min_size=25, max_size=25))
def test_the_matcher_finds_what_trying_every_name_everywhere_finds(
        words: list[str], gaps: list[str]) -> None:
    from build_tools.folding import fold
    from build_tools.mentions import MentionMatcher

    spellings: dict[str, list[str]] = {}
    for name in _SPELLINGS:
        spellings.setdefault(fold(name), []).append(name)
    matcher = MentionMatcher(_Names(spellings), spellings)
    text = "".join(word + gap for word, gap in zip(words, gaps[:len(words)], strict=True))
    everything = _brute_force_scan(spellings, text)
    leftmost_longest, reach = [], -1
    for start, end in sorted(everything, key=lambda match: (match[0], match[0] - match[1])):
        if start >= reach:
            leftmost_longest.append((start, end))
            reach = end
    assert [(start, end) for start, end, _key in matcher.scan(text)] == leftmost_longest
