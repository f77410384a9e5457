"""URL rules and name folding."""

from __future__ import annotations

import pytest

from build_tools import urls
from build_tools.registry import fold


@pytest.mark.parametrize(("target", "page", "expected"), [
    ("people/x/", "articles/2020/a/", "../../../people/x/"),
    ("people/x/", "", "people/x/"),
    ("", "people/x/", "../../"),
    ("people/", "people/x/", "../"),
    ("people/x/", "people/x/", "./"),
    ("articles/2020/a/#q-1", "people/x/", "../../articles/2020/a/#q-1"),
    ("#q-1", "people/x/", "#q-1"),
])
def test_relative_url(target: str, page: str, expected: str) -> None:
    assert urls.relative_url(target, page) == expected


def test_paths_derive_from_ids() -> None:
    assert urls.article_path("2020-05-05-x", 2020) == "articles/2020/2020-05-05-x/"
    assert urls.entity_path("people", "jane") == "people/jane/"
    assert urls.source_uri("people/jane/") == "people/jane/index.md"
    assert urls.source_uri("") == "index.md"


def test_quote_anchor_is_stable_and_distinct() -> None:
    a = urls.quote_anchor("2020-05-05-a", "jane", "We  will\nnot stop.")
    assert a == urls.quote_anchor("2020-05-05-a", "jane", "we will not stop.")
    assert a != urls.quote_anchor("2020-05-07-b", "jane", "We will not stop.")
    assert a.startswith("q-jane-")


@pytest.mark.parametrize("spelling", [
    "Hashd al-Sha'abi", "Hashd al-Sha’abi", "hashd al shaabi", "HASHD  AL-SHAʿABI",
    "Hashd al‐Shaʼabi",
])
def test_fold_ignores_case_apostrophes_hyphens_and_spaces(spelling: str) -> None:
    assert fold(spelling) == "hashd al shaabi"


def test_fold_ignores_diacritics() -> None:
    assert fold("Qāsim al-Maʿmūrī") == fold("Qasim al-Mamuri")
