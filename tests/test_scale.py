"""What keeps the build linear in the size of the corpus, checked on a generated corpus."""

from __future__ import annotations

from pathlib import Path

from build_tools import bodies
from build_tools.loader import load_corpus
from build_tools.pipeline import check_corpus
from build_tools.registry import EntityRef
from build_tools.synthetic import generate_corpus


def test_entity_articles_are_the_archive_order_restricted_to_the_entity(tmp_path: Path) -> None:
    generate_corpus(tmp_path / "corpus", articles=120, seed=11)
    archive = check_corpus(tmp_path / "corpus", tmp_path).archive
    checked = 0
    for entity in archive.corpus.all_entities():
        ref = EntityRef(entity.TYPE, entity.id)
        involved = archive.involvement.get(ref, {})
        expected = [(a, involved[a.id]) for a in archive.articles if a.id in involved]
        assert archive.articles_of(ref) == expected
        checked += bool(expected)
    assert checked > 40


def test_the_loader_keeps_each_body_as_plain_text(tmp_path: Path) -> None:
    generate_corpus(tmp_path / "corpus", articles=10, seed=12)
    corpus, _ = load_corpus(tmp_path / "corpus")
    archive = check_corpus(tmp_path / "corpus", tmp_path).archive
    for article in corpus.articles.values():
        assert article.text == bodies.plain_text(bodies.parse(article.body))
        assert archive.plain_text[article.id] == article.text
        assert "*" not in article.text and article.text.strip()


def test_quotes_are_still_checked_against_the_text(tmp_path: Path) -> None:
    generate_corpus(tmp_path / "corpus", articles=10, seed=12)
    path = next(p for p in sorted((tmp_path / "corpus" / "articles").glob("*/*.md"))
                if "\nquotes:\n" in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  text: ", "  text: Words nobody wrote, ", 1),
                    encoding="utf-8")
    codes = [d.code for d in check_corpus(tmp_path / "corpus", tmp_path).diagnostics]
    assert codes == ["quote-not-in-body"]
