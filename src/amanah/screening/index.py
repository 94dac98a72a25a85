"""Candidate generation: an inverted index from name-part keys (`normalise.skeleton`, script
independent) to names, with a one-deletion neighbourhood of each key so that a typo still finds
its name; candidates are ranked by the IDF-weighted share of the query's keys they hold. Entities
can be added and removed (a list's delta) without rebuilding (pure; numpy only).

The large lookup tables (the postings, and the one-deletion variants of keys and of name parts)
are sorted arrays that `stored_index` keeps on disk and maps into memory, read-only, so that
every process on the machine shares one copy; what is added after (a list's delta) is held in
memory beside them (`Postings`, `StringSets`, `Strings`)."""

from __future__ import annotations

import math
from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from amanah.screening.entity import ListedEntity
from amanah.screening.normalise import has_arabic, key_of, parts, skeleton
from amanah.screening.query import ORGANISATION_SCHEMAS
from amanah.screening.words import Vocabulary

CANDIDATES = 40  # names kept after the key lookup
PREPARED_NAMES = 400_000  # up to this many listed names, every entity is analysed up front
REMOVED = 1e9  # the candidate weight of a removed entry's names: -REMOVED
MAX_SIZE, REMOVED_SIZE = 100, -1  # parts per name as the candidate step reads them
RESPELL_KNOWN = 6  # a query part the lists hold is also looked up one edit away from this length


def deletes(token: str) -> set[str]:
    if len(token) < 3:
        return set()
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


WIDTH = 32  # bytes of UTF-8 a string in the arrays holds at most: longer ones stay in memory


def _fits(text: bytes) -> bool:
    """Storable in a byte-string array (which drops trailing NUL bytes)."""
    return len(text) <= WIDTH and b"\0" not in text


def _sorted_bytes(values: Iterable[bytes]) -> np.ndarray:
    ordered = sorted(values)
    return np.array(ordered, dtype=f"S{max(map(len, ordered), default=1) or 1}")


def _span(keys: np.ndarray, key: str) -> tuple[int, int]:
    """Where `key` is in the sorted byte strings `keys` (an empty span when absent)."""
    needle = key.encode()
    size = len(keys)
    if not size or len(needle) > keys.dtype.itemsize or b"\0" in needle:
        return 0, 0
    low = int(keys.searchsorted(needle))
    if low == size or keys[low] != needle:
        return 0, 0  # (most lookups: a variant no listed word has)
    high = low + 1
    while high < size and keys[high] == needle:  # a few values a key
        high += 1
    return low, high


class Strings:
    """A set of strings: a sorted array (memory-mappable) and those added since, in memory."""

    def __init__(self, base: np.ndarray | None = None) -> None:
        self.base = base if base is not None else np.zeros(0, dtype="S1")
        self.extra: set[str] = set()

    def __contains__(self, item: object) -> bool:
        if not isinstance(item, str):
            return False
        if item in self.extra:
            return True
        low, high = _span(self.base, item)
        return high > low

    def add(self, item: str) -> None:
        if item not in self:
            self.extra.add(item)

    def arrays(self) -> tuple[np.ndarray, set[str]]:
        """Every string as one sorted array, but those too long for it."""
        fits = {s.encode() for s in self.extra if _fits(s.encode())}
        return _sorted_bytes({*self.base.tolist(), *fits}), {
            s for s in self.extra if not _fits(s.encode())
        }


class StringSets:
    """str → set of str (a one-deletion variant → the keys or words it comes from): pairs in two
    sorted arrays (memory-mappable) and those added since, in memory."""

    def __init__(self, keys: np.ndarray | None = None, values: np.ndarray | None = None) -> None:
        self.keys = keys if keys is not None else np.zeros(0, dtype="S1")
        self.values = values if values is not None else np.zeros(0, dtype="S1")
        self.extra: dict[str, set[str]] = {}

    def add(self, key: str, value: str) -> None:
        self.extra.setdefault(key, set()).add(value)

    def get(self, key: str) -> set[str]:
        found = set(self.extra.get(key, ()))
        low, high = _span(self.keys, key)
        if high > low:
            found.update(v.decode() for v in self.values[low:high].tolist())
        return found

    def arrays(self) -> tuple[np.ndarray, np.ndarray, dict[str, set[str]]]:
        """Every pair as two arrays sorted by key, but those too long for them."""
        pairs = set(zip(self.keys.tolist(), self.values.tolist(), strict=True))
        long: dict[str, set[str]] = {}
        for key, values in self.extra.items():
            for value in values:
                k, v = key.encode(), value.encode()
                if _fits(k) and _fits(v):
                    pairs.add((k, v))
                else:
                    long.setdefault(key, set()).add(value)
        ordered = sorted(pairs)
        return _sorted_bytes(k for k, _ in ordered), _bytes_in_order(v for _, v in ordered), long


def _bytes_in_order(values: Iterable[bytes]) -> np.ndarray:
    listed = list(values)
    return np.array(listed, dtype=f"S{max(map(len, listed), default=1) or 1}")


class Postings:
    """Each key's names (indexes, ascending): one array of them all with each key's offsets
    (memory-mappable), and the names added since, in memory."""

    def __init__(
        self,
        keys: np.ndarray | None = None,
        offsets: np.ndarray | None = None,
        flat: np.ndarray | None = None,
    ) -> None:
        self.keys = keys if keys is not None else np.zeros(0, dtype="S1")
        self.offsets = offsets if offsets is not None else np.zeros(1, dtype=np.int64)
        self.flat = flat if flat is not None else np.zeros(0, dtype=np.int32)
        self._where = {k.decode(): i for i, k in enumerate(self.keys.tolist())}
        self.extra: dict[str, list[int]] = {}

    def __contains__(self, token: object) -> bool:
        return token in self._where or token in self.extra

    def __iter__(self) -> Iterator[str]:
        yield from self._where
        yield from (t for t in self.extra if t not in self._where)

    def __len__(self) -> int:
        return len(self._where) + sum(1 for t in self.extra if t not in self._where)

    def add(self, token: str, name: int) -> bool:
        """Add a name to a key's posting; True when the key is new."""
        new = token not in self
        self.extra.setdefault(token, []).append(name)
        return new

    def compact(self) -> Postings:
        """The same postings, as arrays as far as they can be."""
        compact = Postings(*self.arrays())
        compact.extra = {t: list(self.get(t).tolist()) for t in self if "\0" in t}
        return compact

    def count(self, token: str) -> int:
        where = self._where.get(token)
        base = 0 if where is None else int(self.offsets[where + 1] - self.offsets[where])
        return base + len(self.extra.get(token, ()))

    def get(self, token: str) -> np.ndarray:
        where = self._where.get(token)
        extra = self.extra.get(token)
        if where is None:
            return np.asarray(extra or (), dtype=np.int32)
        base = self.flat[self.offsets[where] : self.offsets[where + 1]]
        return np.concatenate([base, np.asarray(extra, dtype=np.int32)]) if extra else base

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every key's posting in the arrays (keys with a NUL character cannot be: `compact`)."""
        tokens = sorted((t for t in self if "\0" not in t), key=str.encode)
        keys = _bytes_in_order(t.encode() for t in tokens)
        parts = [np.asarray(self.get(t), dtype=np.int32) for t in tokens]
        offsets = np.zeros(len(parts) + 1, dtype=np.int64)
        offsets[1:] = np.cumsum([len(p) for p in parts])
        flat = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)
        return keys, offsets, flat


def _one_edit(word: str, vocabulary: Container[str], neighbours: StringSets) -> set[str]:
    """The words of `vocabulary` one deletion from `word` on either side (so also one letter
    changed, or two swapped): `neighbours` maps each one-deletion variant of a vocabulary word
    to the words it comes from."""
    found = neighbours.get(word)
    for variant in deletes(word):
        if variant in vocabulary:
            found.add(variant)
        found |= neighbours.get(variant)
    found.discard(word)
    return found


class NameIndex:
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
        self._respelled: dict[str, frozenset[str]] = {}
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
        self._respelled.clear()

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
        for name, prefix in (("_neighbours", "neighbours"), ("_spelling_neighbours", "spelling")):
            extra = getattr(self, name).extra
            mapped = StringSets(arrays[f"{prefix}_keys"], arrays[f"{prefix}_values"])
            mapped.extra = extra
            setattr(self, name, mapped)
        extra_words = self._spelled.extra
        self._spelled = Strings(arrays["spelled"])
        self._spelled.extra = extra_words

    def similar_tokens(self, token: str) -> set[str]:
        """Index keys one deletion away from `token` (either side)."""
        return _one_edit(token, self._postings, self._neighbours)

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
        return _one_edit(part, self._spelled, self._spelling_neighbours)

    def _respelled_keys(self, part: str) -> frozenset[str]:
        cached = self._respelled.get(part)
        if cached is None:
            cached = frozenset(skeleton(p) for p in self.respelled(part))
            if len(self._respelled) > 100_000:
                self._respelled.clear()
            self._respelled[part] = cached
        return cached

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
        total = max(len(self.name_entity), 1)
        arrays: list[np.ndarray] = []
        weights: list[float] = []
        looked_up: set[str] = set()
        for token in dict.fromkeys(query_keys):
            for variant, factor in self._lookups(token):
                looked_up.add(variant)
                posting = self._posting(variant)
                arrays.append(posting)
                weights.append(math.log(1 + total / len(posting)) * factor)
        respelled = set().union(*(self._respelled_keys(part) for part in query_parts))
        for variant in sorted(respelled - looked_up):
            posting = self._posting(variant)
            arrays.append(posting)
            weights.append(math.log(1 + total / len(posting)) * 0.7)
        if not arrays:
            return np.zeros(0, dtype=np.int32)
        names = np.concatenate(arrays)
        # (array methods rather than numpy's functions: each of those is a Python wrapper)
        values = np.asarray(weights).repeat([len(a) for a in arrays])
        # each posting is sorted, so a stable sort only merges runs; then sum per name
        order = names.argsort(kind="stable")
        names = names[order]
        first = np.empty(len(names), dtype=bool)
        first[0] = True
        np.not_equal(names[1:], names[:-1], out=first[1:])
        starts = first.nonzero()[0]
        unique = names[starts]
        sums = np.add.reduceat(values[order], starts)
        # of names holding the same query keys, those with as many parts as the query first
        sizes = self.columns.size[unique]
        sums -= 0.01 * np.abs(sizes - np.int16(query_size))
        if self.columns.any_removed:
            sums[sizes == REMOVED_SIZE] = -REMOVED
        if len(unique) > limit:
            best = (-sums).argpartition(limit)[:limit]
            best = best[(-sums[best]).argsort()]
        else:
            best = (-sums).argsort()
        best = best[sums[best] > -REMOVED / 2]  # removed entries' names
        chosen: np.ndarray = unique[best]
        return chosen


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
