"""The name index's typo tolerance: one-deletion variants, and listed name parts one edit away."""

from __future__ import annotations

from collections.abc import Container, Iterable

from amanah.screening.normalise import skeleton
from amanah.screening.tables import Strings, StringSets

RESPELL_KNOWN = 6  # a query part the lists hold is also looked up one edit away from this length


def deletes(token: str) -> set[str]:
    if len(token) < 3:
        return set()
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


def one_edit(word: str, vocabulary: Container[str], neighbours: StringSets) -> set[str]:
    """The words of `vocabulary` one deletion from `word` on either side (so also one letter
    changed, or two swapped): `neighbours` maps each one-deletion variant of a vocabulary word
    to the words it comes from."""
    variants = sorted(deletes(word))
    found = neighbours.get_all([word, *variants])
    if isinstance(vocabulary, Strings):
        found |= vocabulary.having(variants)
    else:
        found.update(v for v in variants if v in vocabulary)
    found.discard(word)
    return found


class Spelling:
    """The spelling of every name part of a `NameIndex` (which sets these attributes), and the
    listed parts one edit from a query part."""

    name_fold: list[str]
    _spelling: bool
    _spelled: Strings
    _spelling_neighbours: StringSets
    _respelled: dict[str, frozenset[str]]

    def spell(self) -> None:
        """Index the spelling of every name part, for `respelled`."""
        if not self._spelling:
            self._spelling = True
            for folded in self.name_fold:
                self._spell(folded.split())
            self._respelled.clear()  # looked up before: nothing was found

    def _spell(self, name_parts: Iterable[str]) -> None:
        for part in name_parts:
            if len(part) >= 4 and part not in self._spelled:
                self._spelled.add(part)
                for variant in deletes(part):
                    self._spelling_neighbours.add(variant, part)

    def respelled(self, part: str) -> set[str]:
        """Listed name parts one edit (a letter dropped, added, changed or two swapped) from a
        folded query part: a typo that changes the part's key, or turns it into another name
        the lists hold (then only from `RESPELL_KNOWN` letters). Nothing before `spell`."""
        if (
            not self._spelling
            or len(part) < 4
            or (part in self._spelled and len(part) < RESPELL_KNOWN)
        ):
            return set()
        return one_edit(part, self._spelled, self._spelling_neighbours)

    def _respelled_keys(self, part: str) -> frozenset[str]:
        cached = self._respelled.get(part)
        if cached is None:
            cached = frozenset(skeleton(p) for p in self.respelled(part))
            if len(self._respelled) > 100_000:
                self._respelled.clear()
            self._respelled[part] = cached
        return cached
