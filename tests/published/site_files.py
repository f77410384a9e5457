"""Constants and helpers shared by the tests of published output."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[2]
SITE_URL = "https://example.org/corpus-archive/"
"""A project path, as on GitHub Pages: every absolute address must keep ``/corpus-archive/``."""

ATTACK = "2020-05-02-isil-attack-in-salahuddin"
"""The event both seed articles cover."""


def page(site: Path, path: str) -> BeautifulSoup:
    """The parsed HTML of the page at site path ``path`` (``people/x/``; ``""`` for home)."""
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def outlet(name: str) -> str:
    """The text of a news outlet's organization file."""
    return f"---\nname: {json.dumps(name)}\nkind: news-outlet\n---\n"


def entity(name: str, **fields: str) -> str:
    """The text of an entity file (``date="2020-01-01"`` for an event)."""
    lines = ["---", f"name: {json.dumps(name)}"] + [f"{key}: {json.dumps(value)}"
                                                     for key, value in fields.items()]
    return "\n".join(lines + ["---", ""])


def article(title: str, outlet_id: str, published: str, body: str = "Text.",
            **lists: list[str]) -> str:
    """The text of an article file with reference lists (``people=[...]``, ``events=[...]``)."""
    # JSON strings are YAML: any title, quotes and escapes included, is written faithfully.
    lines = ["---", f"title: {json.dumps(title)}", f"outlet: {outlet_id}",
             f'published: "{published}"']
    for field, values in lists.items():
        lines.append(f"{field}: [{', '.join(values)}]")
    return "\n".join(lines + ["---", body, ""])
