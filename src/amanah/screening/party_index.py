"""Continuous screening: the parties of open cases, indexed like a list, against the entries a
list import changed (light at import time, like `matcher`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from amanah.screening.entity import ListedEntity
from amanah.screening.index import PREPARED_NAMES, NameIndex
from amanah.screening.matcher import BLOCK, Matcher
from amanah.screening.prescore import Prepared, prescore_many
from amanah.screening.query import ORGANISATION_SCHEMAS, Hit, Query

if TYPE_CHECKING:
    from followthemoney.proxy import EntityProxy

RESCREEN_PER_NAME = 4  # continuous screening: parties re-scored per name of a changed entry
RESCREEN_FLOOR = 0.7  # … and the pre-score they need (a list entry meets many parties)


class PartyIndex:
    """The parties of open cases, indexed like a list, for continuous screening: each changed
    list entry's names are looked up among the parties (not every party against the list), and
    each pair found is scored exactly as a normal screening would score it. Kept between list
    imports and brought up to date with `sync`."""

    def __init__(self) -> None:
        self.index = NameIndex()
        self.queries: dict[str, Query] = {}
        self._proxies: dict[str, EntityProxy] = {}

    def sync(self, parties: Iterable[tuple[int, Query]]) -> None:
        wanted = {str(pid): query for pid, query in parties}
        gone = [pid for pid, query in self.queries.items() if wanted.get(pid) != query]
        self.index.remove(("PARTY", pid) for pid in gone)
        for pid in gone:
            del self.queries[pid]
            self._proxies.pop(pid, None)
        new = {pid: q for pid, q in wanted.items() if pid not in self.queries}
        self.index.add(
            ListedEntity("PARTY", pid, "Organization" if q.organisation else "Person", (q.name,))
            for pid, q in new.items()
        )
        self.queries.update(new)
        if self.index.live_names <= PREPARED_NAMES:
            self.index.spell()

    def _proxy(self, pid: str) -> EntityProxy:
        proxy = self._proxies.get(pid)
        if proxy is None:
            from amanah.screening.proxies import query_entity

            proxy = self._proxies[pid] = query_entity(self.queries[pid])
        return proxy

    def rescreen(
        self, entities: Sequence[ListedEntity], floor: float, reference: NameIndex | None = None
    ) -> list[tuple[int, Hit]]:
        """Parties against a list's delta; `reference` (the lists' index) says how common a
        name part is, as in a normal screening (without it, the delta's own names do)."""
        if not entities or not self.queries:
            return []
        delta = Matcher(reference=reference)
        delta.index.add(entities)
        # every name of every changed entry, looked up and pre-scored a block at a time
        # (`Matcher.screen_many`), then scored in the same order as one by one
        probes = [
            (slot, entity, name)
            for slot, entity in enumerate(delta.index.entities)
            if entity is not None
            for name in dict.fromkeys(entity.all_names)
        ]
        found: dict[tuple[int, int], Hit] = {}
        for start in range(0, len(probes), BLOCK):
            self._rescreen_block(delta, probes[start : start + BLOCK], floor, found)
        return [(party_id, hit) for (party_id, _), hit in found.items()]

    def _rescreen_block(
        self,
        delta: Matcher,
        probes: list[tuple[int, ListedEntity, str]],
        floor: float,
        found: dict[tuple[int, int], Hit],
    ) -> None:
        index = self.index
        prepared = [
            Prepared.of(
                Query(
                    name, type="organization" if entity.schema in ORGANISATION_SCHEMAS else "person"
                )
            )
            for _, entity, name in probes
        ]
        names = index.candidates_many([(p.key_tokens, p.part_tokens, p.size) for p in prepared])
        best, by_key = prescore_many(prepared, index, names)
        start = 0
        for (slot, entity, name), candidates in zip(probes, names, strict=True):
            end = start + len(candidates)
            # of equal pre-scores, the closer keys first
            ranked = sorted(
                zip(
                    best[start:end].tolist(),
                    by_key[start:end].tolist(),
                    candidates.tolist(),
                    strict=True,
                ),
                reverse=True,
            )[:RESCREEN_PER_NAME]
            start = end
            for pre, _, candidate in ranked:
                party = index.entities[index.name_entity[candidate]]
                if pre < RESCREEN_FLOOR or party is None or (int(party.entity_id), slot) in found:
                    continue
                pid = party.entity_id
                hit = delta._score(self.queries[pid], self._proxy(pid), slot, entity, name, floor)
                if hit is not None:
                    found[(int(pid), slot)] = hit


def rescreen(
    parties: Sequence[tuple[int, Query]],
    entities: Sequence[ListedEntity],
    floor: float,
    reference: NameIndex | None = None,
) -> list[tuple[int, Hit]]:
    """Which parties resemble the entries of a list's delta (a fresh `PartyIndex`)."""
    party_index = PartyIndex()
    party_index.sync(parties)
    return party_index.rescreen(entities, floor, reference)
