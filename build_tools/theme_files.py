"""Material's files the published site leaves out: nothing in it can ask for them.

Material copies every file of its ``assets/`` into every site, about 2.4 MB, of which
two kinds are never read by a reader's browser here:

* **source maps** (``*.map``), read only by a browser's developer tools, to show
  Material's unminified source (which is Material's, not ours, and public);
* **lunr's language support** (``assets/javascripts/lunr/``), which Material's search
  worker loads only for the languages of the search plugin's ``lang`` option other than
  English: for ``[en]``, none of it. :func:`search_language_files` follows the worker's
  own rule (``setupSearchLanguages`` in Material's ``search`` worker): the stemmer
  support when anything else is loaded, each language's file, ``lunr.multi`` for more
  than one language, ``tinyseg.js`` for Japanese and ``wordcut.js`` for Hindi and Thai.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

LUNR = "assets/javascripts/lunr/"
"""Where Material keeps lunr's language support."""


def search_language_files(languages: Sequence[str]) -> set[str]:
    """The files below :data:`LUNR` that Material's search worker loads for ``languages``."""
    wanted: set[str] = set()
    for language in languages:
        if language == "ja":
            wanted.add(LUNR + "tinyseg.js")
        elif language in ("hi", "th"):
            wanted.add(LUNR + "wordcut.js")
        if language != "en":
            wanted.add(f"{LUNR}min/lunr.{language}.min.js")
    if len(languages) > 1:
        wanted.add(LUNR + "min/lunr.multi.min.js")
    if wanted:
        wanted.add(LUNR + "min/lunr.stemmer.support.min.js")
    return wanted


def unread_theme_files(uris: Iterable[str], search_languages: Sequence[str] | None
                       ) -> list[str]:
    """Those of the theme's file ``uris`` no page of the site can ask for: source maps, and
    lunr's language files but those of ``search_languages`` (``None``: no search plugin)."""
    needed = search_language_files(search_languages or ())
    return [uri for uri in uris
            if uri.endswith(".map") or (uri.startswith(LUNR) and uri not in needed)]
