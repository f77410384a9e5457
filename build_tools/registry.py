"""The alias index: every name and alias of every entity, folded for matching."""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from .diagnostics import Diagnostic, warning
from .folding import fold
from .model import Corpus, Entity


class EntityRef(NamedTuple):
    """An entity's type and id.

    A named tuple rather than a dataclass: references are dictionary keys hundreds of
    thousands of times per build, and a tuple hashes and compares in C."""

    type: str
    id: str


class AliasIndex:
    """Folded names and aliases -> the entities that bear them."""

    def __init__(self, corpus: Corpus) -> None:
        self._by_name: dict[str, list[EntityRef]] = defaultdict(list)
        self._where: dict[tuple[str, EntityRef], tuple[str, int]] = {}
        self.spellings: dict[str, list[str]] = defaultdict(list)
        """Folded name -> the names as registered."""
        for entity in corpus.all_entities():
            ref = EntityRef(entity.TYPE, entity.id)
            for index, name in enumerate(entity.names):
                key = fold(name)
                if not key:
                    continue
                self.spellings[key].append(name)
                if ref in self._by_name[key]:
                    continue
                self._by_name[key].append(ref)
                line = entity.lines.line("name") if index == 0 else \
                    entity.lines.line("aliases", index - 1)
                self._where[(key, ref)] = (entity.path, line)

    def lookup(self, name: str) -> list[EntityRef]:
        """Entities bearing ``name`` (after folding); more than one when it is shared."""
        return list(self._by_name.get(fold(name), ()))

    def names(self) -> dict[str, list[EntityRef]]:
        """Every folded name and its entities."""
        return dict(self._by_name)

    def conflicts(self) -> list[Diagnostic]:
        """A warning for each name that two entities claim.

        A shared name is legitimate (two people called the same), but it can
        never be linked automatically: articles must name the entity in their
        metadata.
        """
        found = []
        for key, refs in self._by_name.items():
            if len(refs) < 2:
                continue
            for ref in refs[1:]:
                path, line = self._where[(key, ref)]
                first = refs[0]
                first_path, first_line = self._where[(key, first)]
                found.append(warning(
                    path, line, f"the name '{key}' is also claimed by {first.type} "
                    f"'{first.id}' ({first_path}:{first_line}); it will not be linked "
                    "automatically — articles must name the entity in their metadata",
                    "shared-alias"))
        return found


def describe(entity: Entity) -> str:
    """``organization 'hashd-al-shaabi' (Hashd al-Shaabi)``."""
    return f"{entity.TYPE} '{entity.id}' ({entity.name})"
