"""The synthetic corpus generator: valid under `check`, deterministic, shaped like an archive."""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import read_site_config

from build_tools import bodies
from build_tools.cli import main
from build_tools.loader import load_corpus
from build_tools.model import Corpus
from build_tools.pipeline import check_corpus
from build_tools.registry import fold
from build_tools.synthetic import BODY_WORDS, FIRST_YEAR, SITE_CONFIG, YEARS, write_site

REPOSITORY = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "site"
    write_site(out, articles=150, seed=3)
    return out


@pytest.fixture(scope="module")
def corpus(generated: Path) -> Corpus:
    return load_corpus(generated / "corpus")[0]


def test_generated_corpus_passes_check_without_any_diagnostic(generated: Path) -> None:
    result = check_corpus(generated / "corpus", generated)
    assert [d.format() for d in result.diagnostics] == []
    assert len(result.archive.corpus.articles) == 150
    assert main(["check", "--corpus", str(generated / "corpus")]) == 0


def test_the_command_writes_a_complete_site_source(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["synth", "--articles", "12", "--seed", "5", str(out)]) == 0
    assert "wrote 12 articles" in capsys.readouterr().err
    assert (out / "mkdocs.yml").read_text(encoding="utf-8") == SITE_CONFIG
    assert (out / "docs" / "index.md").is_file()
    assert len(list((out / "corpus" / "articles").glob("*/*.md"))) == 12
    assert check_corpus(out / "corpus", out).ok
    # Never writes into a folder that holds something.
    assert main(["synth", "--articles", "12", str(out)]) == 2
    assert "not empty" in capsys.readouterr().err


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_other_seed_other_corpus(tmp_path: Path) -> None:
    write_site(tmp_path / "a", articles=40, seed=7)
    write_site(tmp_path / "b", articles=40, seed=7)
    write_site(tmp_path / "c", articles=40, seed=8)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert _files(tmp_path / "a") != _files(tmp_path / "c")


def test_bodies_have_600_to_900_words_and_dates_span_ten_years(corpus: Corpus) -> None:
    words = [len(bodies.plain_text(bodies.parse(a.body)).split())
             for a in corpus.articles.values()]
    assert BODY_WORDS[0] <= min(words) and max(words) <= BODY_WORDS[1]
    years = {a.year for a in corpus.articles.values()}
    assert min(years) >= FIRST_YEAR and max(years) < FIRST_YEAR + YEARS
    assert len(years) >= 8


def test_mentions_follow_a_zipf_distribution(corpus: Corpus) -> None:
    mentioned = Counter(p for a in corpus.articles.values() for p in a.people)
    counts = sorted((mentioned[p] for p in corpus.entities["person"]), reverse=True)
    # A few people are in many articles, most in a handful.
    assert counts[0] >= 4 * statistics.median(counts)
    assert sum(counts[:3]) > sum(counts[len(counts) // 2:])


def test_listed_entities_are_spelled_in_the_body_by_name_or_alias(corpus: Corpus) -> None:
    aliases_used = unlisted = 0
    for article in corpus.articles.values():
        text = fold(bodies.plain_text(bodies.parse(article.body)))
        listed = {(t, i) for t, ids in (("person", article.people),
                                        ("organization", article.organizations),
                                        ("place", article.places)) for i in ids}
        for entity_type, entity_id in listed:
            entity = corpus.entities[entity_type][entity_id]
            assert any(fold(name) in text for name in entity.names), (article.path, entity_id)
            aliases_used += any(fold(alias) in text and fold(alias) != fold(entity.name)
                                for alias in entity.aliases)
        # Some names are only in the text, for mention linking to find.
        unlisted += any(fold(person.name) in text and (("person", person.id) not in listed)
                        for person in corpus.entities["person"].values())
    assert aliases_used > 50
    assert unlisted > 10


def test_entities_have_aliases_outlets_and_a_place_hierarchy(corpus: Corpus) -> None:
    entities = corpus.all_entities()
    assert sum(bool(e.aliases) for e in entities) > len(entities) // 2
    outlets = {a.outlet for a in corpus.articles.values()}
    assert len(outlets) >= 3
    assert all(corpus.entities["organization"][o].kind for o in outlets)
    places = corpus.entities["place"]
    # city > province > country
    assert any(p.within and places[p.within].within for p in places.values())
    assert any(a.republished_from for a in corpus.articles.values())
    assert sum(len(a.quotes) for a in corpus.articles.values()) > 100


def _plugin_names(config: dict) -> list[str]:
    return [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]]


def test_generated_site_config_builds_what_the_archive_builds() -> None:
    """The benchmark measures the real site: same theme, plugins and Markdown extensions as
    the repository's mkdocs.yml. Update SITE_CONFIG in build_tools/synthetic.py when this fails."""
    ours = read_site_config()
    synthetic = yaml.safe_load(SITE_CONFIG)
    assert _plugin_names(synthetic) == _plugin_names(ours)
    assert synthetic["theme"]["name"] == ours["theme"]["name"]
    assert synthetic["theme"] == {**ours["theme"], "name": synthetic["theme"]["name"]}
    assert synthetic["extra_css"] == ours["extra_css"]
    assert synthetic["markdown_extensions"] == ours["markdown_extensions"]
    assert synthetic["use_directory_urls"] == ours["use_directory_urls"]
