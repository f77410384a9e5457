"""A real build of the seed corpus plus one Arabic fixture article, shared by the search tests.

The Arabic article and the Arabic alias exist only in this temporary copy of
the corpus (the real ``corpus/`` holds only collected articles).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import copy_project, keep_fulltext_documents

from build_tools.cli import build_site
from build_tools.pipeline import CheckResult, check_corpus

REPO = Path(__file__).resolve().parent.parent

ARABIC_ID = "2021-03-01-hashd-repels-attack-in-salahuddin"
ARABIC_TITLE = "الحشد الشعبي يعلن صد هجوم في صلاح الدين"
ARABIC_ARTICLE = f"""---
title: "{ARABIC_TITLE}"
outlet: al-maaloumeh
published: "2021-03-01"
language: ar
organizations:
  - hashd-al-shaabi
places:
  - salahuddin
notes: "Test fixture for the search tests; not a collected article."
---
أعلنت هيئة الحشد الشعبي أن مقاتليها صدوا هجوماً في محافظة صلاح الدين، بحسب بيان نشرته الهيئة.

وقال البيان إن القوات الأمنية تواصل عملياتها في المنطقة.
"""
ARABIC_ALIAS = "الحشد الشعبي"


@dataclass(frozen=True)
class BuiltSite:
    """The fixture project, its built site and the checked archive behind it."""

    project: Path
    site: Path
    check: CheckResult
    documents: Path
    """A copy of the full-text documents Pagefind read (the build removes its own)."""


_built: dict[str, BuiltSite] = {}


def build_fixture_site(factory: pytest.TempPathFactory) -> BuiltSite:
    """Build once per test session (about two seconds); later calls reuse it."""
    if "site" in _built:
        return _built["site"]
    project = factory.mktemp("search-project")
    copy_project(project, "corpus")
    documents = keep_fulltext_documents(project)
    article = project / "corpus" / "articles" / "2021" / f"{ARABIC_ID}.md"
    article.parent.mkdir(parents=True)
    article.write_text(ARABIC_ARTICLE, encoding="utf-8")
    hashd = project / "corpus" / "organizations" / "hashd-al-shaabi.md"
    text = hashd.read_text(encoding="utf-8")
    assert "aliases:\n" in text
    hashd.write_text(text.replace("aliases:\n", f"aliases:\n  - {ARABIC_ALIAS}\n", 1),
                     encoding="utf-8")
    site = project / "site"
    assert build_site(project / "mkdocs.yml", site) == 0, "the fixture site did not build"
    check = check_corpus(project / "corpus", project)
    assert check.ok
    _built["site"] = BuiltSite(project, site, check, documents)
    return _built["site"]
