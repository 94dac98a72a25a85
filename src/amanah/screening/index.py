"""Candidate generation: an inverted index from name-part keys (`normalise.skeleton`, script
independent) to names, with a one-deletion neighbourhood of each key so that a typo still finds
its name; candidates are ranked by the IDF-weighted share of the query's keys they hold. Entities
can be added and removed (a list's delta) without rebuilding (pure; numpy only).

The large lookup tables (the postings, and the one-deletion variants of keys and of name parts)
are sorted arrays that `stored_index` keeps on disk and maps into memory, read-only, so that
every process on the machine shares one copy (`tables`)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from amanah.screening.entity import ListedEntity
from amanah.screening.normalise import coarse, has_arabic, key_of, parts
from amanah.screening.query import ORGANISATION_SCHEMAS
from amanah.screening.spelling import Spelling, deletes, one_edit
from amanah.screening.tables import Postings, Strings, StringSets
from amanah.screening.words import Vocabulary

CANDIDATES = 40  # names kept after the key lookup
PREPARED_NAMES = 400_000  # up to this many listed names, every entity is analysed up front
REMOVED = 1e9  # the candidate weight of a removed entry's names: -REMOVED
MAX_SIZE, REMOVED_SIZE = 100, -1  # parts per name as the candidate step reads them


class NameIndex(Spelling):
    """Every name of every listed entity, by key. Entities can be added and removed (a list's
    delta) without rebuilding."""

    def __init__(self) -> None:
        self.entities: list[ListedEntity | None] = []
        self.slot: dict[tuple[str, str], int] = {}
        self.name_entity: list[int] = []
        self.name_text: list[str] = []
        self.name_fold: list[str] = []
        self.name_key: list[str] = []  # keys, sorted (`key_of`)
        self.name_arabic: list[bool] = []
        self.name_size: list[int] = []  # parts (and keys) per name
        self._columns: Columns | None = None  # the per-name lists as arrays, when asked
        self._postings = Postings()
        self._frozen: dict[str, np.ndarray] = {}
        self._neighbours = StringSets()
        self._similar: dict[str, list[tuple[str, float]]] = {}
        self._idf: dict[str, tuple[np.ndarray, float]] = {}  # `_weighted`
        self._respelled: dict[str, frozenset[str]] = {}
        self._coarse: dict[str, list[str]] | None = None  # `coarse_keys`, built at first use
        # folded name parts of four letters or more, and by each one-deletion variant (once
        # `spell` has been called: it costs memory, about 2.5 GiB per million names)
        self._spelling = False
        self._spelled = Strings()
        self._spelling_neighbours = StringSets()
        self.live_names = 0
        self.vocabulary = Vocabulary()  # the words of the names, and organisations' initials

    def __len__(self) -> int:
        return len(self.slot)

    def add(self, entities: Iterable[ListedEntity]) -> None:
        for entity in entities:
            ref = (entity.list_name, entity.entity_id)
            if ref in self.slot:
                self.remove([ref])
            slot = len(self.entities)
            self.entities.append(entity)
            self.slot[ref] = slot
            organisation = entity.schema in ORGANISATION_SCHEMAS
            for name in dict.fromkeys(entity.all_names):
                self._add_name(slot, name, organisation)
        self._columns = None
        self._similar.clear()
        self._idf = {}
        self._respelled.clear()
        self._coarse = None

    def _add_name(self, slot: int, name: str, organisation: bool) -> None:
        name_parts = parts(name, organisation)
        keys = key_of(name_parts)
        if not keys:
            return
        index = len(self.name_entity)
        self.name_entity.append(slot)
        self.name_text.append(name)
        self.name_fold.append(" ".join(name_parts))
        self.name_key.append(" ".join(keys))
        self.name_arabic.append(has_arabic(name))
        self.name_size.append(len(keys))
        self.vocabulary.add(index, name, organisation)
        self.live_names += 1
        if self._spelling:
            self._spell(name_parts)
        for token in set(keys):
            if self._postings.add(token, index):
                for variant in deletes(token):
                    self._neighbours.add(variant, token)
            if self._frozen:
                self._frozen.pop(token, None)

    def remove(self, refs: Iterable[tuple[str, str]]) -> None:
        """Tombstone entities; their names stop matching at once."""
        for ref in refs:
            slot = self.slot.pop(ref, None)
            if slot is not None:
                entity = self.entities[slot]
                self.entities[slot] = None
                self._columns = None
                if entity is not None:
                    self.live_names -= len(set(entity.all_names))

    @property
    def columns(self) -> Columns:
        if self._columns is None:
            entity = np.asarray(self.name_entity, dtype=np.int64)
            live = np.fromiter((e is not None for e in self.entities), bool, len(self.entities))
            # one byte a name: the candidate step reads it at random places
            size = np.minimum(np.asarray(self.name_size, dtype=np.int16), MAX_SIZE).astype(np.int8)
            size[~live[entity]] = REMOVED_SIZE
            self._columns = Columns(
                any_removed=not bool(live.all()),
                entity=entity,
                text=np.asarray(self.name_text, dtype=object),
                fold=np.asarray(self.name_fold, dtype=object),
                key=np.asarray(self.name_key, dtype=object),
                arabic=np.asarray(self.name_arabic, dtype=bool),
                single=size == 1,
                size=size,
            )
        return self._columns

    def key_share(self, token: str) -> float:
        """The share of the names that hold this key (how common a name part is)."""
        return self._postings.count(token) / max(len(self.name_entity), 1)

    def _posting(self, token: str) -> np.ndarray:
        if token not in self._postings.extra:
            return self._postings.get(token)  # (a view of one array)
        frozen = self._frozen.get(token)
        if frozen is None:
            frozen = self._frozen[token] = self._postings.get(token)
        return frozen

    def freeze(self) -> None:
        """Move what was added into the sorted arrays (`stored_index` writes those)."""
        self._postings = self._postings.compact()
        self._frozen.clear()
        self._idf = {}
        for name in ("_neighbours", "_spelling_neighbours"):
            keys, values, long = getattr(self, name).arrays()
            compact = StringSets(keys, values)
            compact.extra = long
            setattr(self, name, compact)
        base, long_words = self._spelled.arrays()
        self._spelled = Strings(base)
        self._spelled.extra = long_words

    def shared_arrays(self) -> dict[str, np.ndarray]:
        """The large lookup tables as arrays, by name (`freeze` first), for `stored_index` to
        keep apart from the rest and map into memory."""
        return {
            "postings_keys": self._postings.keys,
            "postings_offsets": self._postings.offsets,
            "postings_flat": self._postings.flat,
            "neighbours_keys": self._neighbours.keys,
            "neighbours_values": self._neighbours.values,
            "spelling_keys": self._spelling_neighbours.keys,
            "spelling_values": self._spelling_neighbours.values,
            "spelled": self._spelled.base,
        }

    def without_arrays(self) -> NameIndex:
        """A copy sharing everything but the arrays of `shared_arrays` (after `freeze`)."""
        copy = NameIndex.__new__(NameIndex)
        copy.__dict__.update(self.__dict__)
        copy._postings = Postings()
        copy._frozen = {}
        copy._idf = {}
        copy._neighbours = StringSets()
        copy._neighbours.extra = self._neighbours.extra
        copy._spelling_neighbours = StringSets()
        copy._spelling_neighbours.extra = self._spelling_neighbours.extra
        copy._spelled = Strings()
        copy._spelled.extra = self._spelled.extra
        return copy

    def attach(self, arrays: dict[str, np.ndarray]) -> None:
        """Take the arrays of `shared_arrays` back (memory-mapped by `stored_index`)."""
        self._postings = Postings(
            arrays["postings_keys"], arrays["postings_offsets"], arrays["postings_flat"]
        )
        self._frozen = {}
        self._idf = {}
        for name, prefix in (("_neighbours", "neighbours"), ("_spelling_neighbours", "spelling")):
            extra = getattr(self, name).extra
            mapped = StringSets(arrays[f"{prefix}_keys"], arrays[f"{prefix}_values"])
            mapped.extra = extra
            setattr(self, name, mapped)
        extra_words = self._spelled.extra
        self._spelled = Strings(arrays["spelled"])
        self._spelled.extra = extra_words

    def _weighted(self, token: str) -> tuple[np.ndarray, float]:
        """An index key's posting and its IDF weight, kept until the index changes (a query
        reads some nine postings: looking each up again costs more than summing them)."""
        found = self._idf.get(token)
        if found is None:
            posting = self._posting(token)
            total = max(len(self.name_entity), 1)
            found = (posting, math.log(1 + total / len(posting)))
            if len(self._idf) > 100_000:
                self._idf.clear()
            self._idf[token] = found
        return found

    def similar_tokens(self, token: str) -> set[str]:
        """Index keys one deletion away from `token` (either side)."""
        return one_edit(token, self._postings, self._neighbours)

    def _lookups(self, token: str) -> list[tuple[str, float]]:
        """The index keys a query key looks up, with their weight factor: itself, or (for a key
        the index lacks) its one-deletion neighbours."""
        cached = self._similar.get(token)
        if cached is None:
            if token in self._postings:
                cached = [(token, 1.0)]
            else:
                cached = [(t, 0.7) for t in sorted(self.similar_tokens(token)) if len(t) >= 3]
            if len(self._similar) > 100_000:
                self._similar.clear()
            self._similar[token] = cached
        return cached

    def coarse_keys(self, token: str) -> list[str]:
        """The index keys whose coarse form (`normalise.coarse`) is `token`: what a query read
        from kana, Hangul, Hebrew or Thai may stand for."""
        coarse_map: dict[str, list[str]] | None = getattr(self, "_coarse", None)  # (stored before)
        if coarse_map is None:
            coarse_map = {}
            for listed in self._postings:
                coarse_map.setdefault(coarse(listed), []).append(listed)
            self._coarse = coarse_map
        return coarse_map.get(token, [])

    def candidates(
        self,
        query_keys: Sequence[str],
        query_parts: Sequence[str] = (),
        query_size: int = 0,
        limit: int = CANDIDATES,
    ) -> np.ndarray:
        """Name indexes holding the largest IDF-weighted share of the query's keys. A key the
        index lacks (a typo, most likely) is looked up by its one-deletion neighbours, and a
        query part by the keys of the listed parts one edit away (`respelled`)."""
        arrays, weights = self._lookup(query_keys, query_parts)
        if not arrays:
            return np.zeros(0, dtype=np.int32)
        names = np.concatenate(arrays)
        # (array methods rather than numpy's functions: each of those is a Python wrapper)
        values = np.asarray(weights).repeat([len(a) for a in arrays])
        # each posting is sorted, so a stable sort only merges runs; then sum per name
        order = names.argsort(kind="stable")
        unique, sums = _sum_runs(names[order], values[order])
        return self._best(unique, sums, query_size, limit)

    def candidates_many(
        self, queries: Sequence[tuple[Sequence[str], Sequence[str], int]], limit: int = CANDIDATES
    ) -> list[np.ndarray]:
        """`candidates` for each of several queries ((keys, parts, size) each), the same names
        in the same order, with one sort and one sum over all their postings (per query, numpy's
        fixed cost is most of the step's)."""
        arrays: list[np.ndarray] = []
        weights: list[float] = []
        owners: list[int] = []
        for number, (query_keys, query_parts, _) in enumerate(queries):
            found, found_weights = self._lookup(query_keys, query_parts)
            arrays += found
            weights += found_weights
            owners += [number] * len(found)
        empty = np.zeros(0, dtype=np.int32)
        if not arrays:
            return [empty] * len(queries)
        lengths = [len(a) for a in arrays]
        names = np.concatenate(arrays)
        values = np.asarray(weights).repeat(lengths)
        owner = np.asarray(owners, dtype=np.int64).repeat(lengths)
        # by query, then by name: the same runs, summed in the same order, as one by one
        order = (owner * len(self.name_entity) + names).argsort(kind="stable")
        names, owner = names[order], owner[order]
        first = np.empty(len(names), dtype=bool)
        first[0] = True
        np.not_equal(names[1:], names[:-1], out=first[1:])
        first[1:] |= owner[1:] != owner[:-1]
        starts = first.nonzero()[0]
        unique, sums, owner = names[starts], np.add.reduceat(values[order], starts), owner[starts]
        bounds = np.searchsorted(owner, np.arange(len(queries) + 1)).tolist()
        return [
            self._best(unique[a:b], sums[a:b], size, limit) if b > a else empty
            for (_, _, size), a, b in zip(queries, bounds[:-1], bounds[1:], strict=True)
        ]

    def _lookup(
        self, query_keys: Sequence[str], query_parts: Sequence[str]
    ) -> tuple[list[np.ndarray], list[float]]:
        """The postings a query reads, with their IDF weights (`candidates`)."""
        arrays: list[np.ndarray] = []
        weights: list[float] = []
        looked_up: set[str] = set()
        for token in dict.fromkeys(query_keys):
            for variant, factor in self._lookups(token):
                looked_up.add(variant)
                posting, idf = self._weighted(variant)
                arrays.append(posting)
                weights.append(idf * factor)
        respelled = set().union(*(self._respelled_keys(part) for part in query_parts))
        for variant in sorted(respelled - looked_up):
            posting, idf = self._weighted(variant)
            arrays.append(posting)
            weights.append(idf * 0.7)
        return arrays, weights

    def _best(
        self, unique: np.ndarray, sums: np.ndarray, query_size: int, limit: int
    ) -> np.ndarray:
        """The `limit` names of highest weight, of names holding the same query keys those
        with as many parts as the query first."""
        columns = self.columns
        sizes = columns.size[unique]
        sums -= 0.01 * np.abs(sizes - np.int16(query_size))
        if columns.any_removed:
            sums[sizes == REMOVED_SIZE] = -REMOVED
        if len(unique) > limit:
            best = (-sums).argpartition(limit)[:limit]
            best = best[(-sums[best]).argsort()]
        else:
            best = (-sums).argsort()
        if columns.any_removed:
            best = best[sums[best] > -REMOVED / 2]  # removed entries' names
        chosen: np.ndarray = unique[best]
        return chosen


def _sum_runs(names: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each name of a sorted array once, with the sum of its values."""
    first = np.empty(len(names), dtype=bool)
    first[0] = True
    np.not_equal(names[1:], names[:-1], out=first[1:])
    starts = first.nonzero()[0]
    return names[starts], np.add.reduceat(values, starts)


@dataclass(frozen=True)
class Columns:
    any_removed: bool
    entity: np.ndarray
    text: np.ndarray
    fold: np.ndarray
    key: np.ndarray
    arabic: np.ndarray
    single: np.ndarray
    size: np.ndarray  # parts per name (int8, at most MAX_SIZE); REMOVED_SIZE once removed
