"""Material's files that nothing in the site reads are left out of it (theme_files.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from build_tools.theme_files import LUNR, search_language_files, unread_theme_files

MATERIAL = Path(importlib.util.find_spec("material").origin).parent / "templates"


def test_the_site_has_no_source_maps_nor_unused_search_languages(built_site: Path) -> None:
    published = {path.relative_to(built_site).as_posix() for path in built_site.rglob("*")}
    assert not [path for path in published if path.endswith(".map")]
    assert not [path for path in published if path.startswith(LUNR)]  # lang: [en]
    # What the pages do load is all there: Material's bundle, stylesheets and search worker.
    theirs = {path.relative_to(MATERIAL).as_posix()
              for path in (MATERIAL / "assets").rglob("*") if path.is_file()}
    kept = {path for path in theirs if not path.endswith(".map") and not path.startswith(LUNR)}
    assert kept and kept <= published
    assert any(path.startswith("assets/javascripts/workers/search.") for path in kept)


def test_the_search_worker_loads_what_search_language_files_keeps() -> None:
    """The rule of Material's search worker, as theme_files.py follows it. If a Material
    upgrade changes how the worker finds lunr's files, this fails on purpose."""
    worker = next((MATERIAL / "assets/javascripts/workers").glob("search.*.min.js"))
    source = worker.read_text(encoding="utf-8")
    for piece in ('"../lunr"', "/tinyseg.js", "/wordcut.js", "/min/lunr.${n}.min.js",
                  "/min/lunr.multi.min.js", "/min/lunr.stemmer.support.min.js",
                  'case"ja"', 'case"hi":case"th"', 'n!=="en"', "t.lang.length>1"):
        assert piece in source, piece
    assert search_language_files(["en"]) == set()
    assert search_language_files(["de"]) == {
        LUNR + "min/lunr.de.min.js", LUNR + "min/lunr.stemmer.support.min.js"}
    assert search_language_files(["en", "ja", "th"]) == {
        LUNR + "tinyseg.js", LUNR + "wordcut.js", LUNR + "min/lunr.ja.min.js",
        LUNR + "min/lunr.th.min.js", LUNR + "min/lunr.multi.min.js",
        LUNR + "min/lunr.stemmer.support.min.js"}
    # Every file the worker could ask for exists in Material.
    for language in ("ar", "de", "ja", "th", "hi", "zh"):
        for path in search_language_files(["en", language]):
            assert (MATERIAL / path).is_file(), path


def test_only_unread_files_are_left_out() -> None:
    uris = ["assets/javascripts/bundle.min.js", "assets/javascripts/bundle.min.js.map",
            "assets/stylesheets/main.min.css.map", LUNR + "min/lunr.de.min.js",
            LUNR + "min/lunr.fr.min.js", LUNR + "min/lunr.stemmer.support.min.js",
            LUNR + "tinyseg.js", "assets/corpus.css"]
    assert unread_theme_files(uris, ["de"]) == [
        "assets/javascripts/bundle.min.js.map", "assets/stylesheets/main.min.css.map",
        LUNR + "min/lunr.fr.min.js", LUNR + "tinyseg.js"]
    assert unread_theme_files(uris, None) == [uri for uri in uris if ".map" in uri or LUNR in uri]
