"""Corpus publisher: turns a corpus of news articles into a cross-linked archive.

Data flows one way: :mod:`loader` (files -> records) -> :mod:`resolve`
(references, backlinks) -> :mod:`pages` (page specs) -> :mod:`render`
(HTML). Only :mod:`plugin` imports MkDocs.
"""

__version__ = "0.1.0"
