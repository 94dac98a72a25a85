"""The index's large lookup tables as sorted arrays that `stored_index` keeps on disk and every
process maps into memory read-only, with what is added after (a list's delta) held in memory
beside them: a set of strings (`Strings`), strings to sets of strings (`StringSets`: one-deletion
variants), and keys to ascending name indexes (`Postings`). Pure; numpy only."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np

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


def _found(keys: np.ndarray, wanted: list[str]) -> list[tuple[str, int, int]]:
    """Where each of `wanted` is in the sorted byte strings `keys`, those found: one binary
    search of them all (numpy's, vectorised), not one call per string (a query's one-deletion
    variants are a dozen or more: each call costs as much as the search of them all)."""
    size = len(keys)
    if not size or not wanted:
        return []
    width = keys.dtype.itemsize
    storable = [(w, b) for w in wanted if len(b := w.encode()) <= width and b"\0" not in b]
    if not storable:
        return []
    needles = np.array([b for _, b in storable], dtype=keys.dtype)
    low = keys.searchsorted(needles, "left").tolist()
    high = keys.searchsorted(needles, "right").tolist()
    return [(w, lo, hi) for (w, _), lo, hi in zip(storable, low, high, strict=True) if hi > lo]


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

    def having(self, items: list[str]) -> set[str]:
        """Those of `items` in the set (one search of them all)."""
        found = {item for item in items if item in self.extra}
        found.update(item for item, _, _ in _found(self.base, items))
        return found

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

    def get_all(self, keys: list[str]) -> set[str]:
        """The values of all of `keys`, together (one search of them all)."""
        found: set[str] = set()
        for key in keys:
            found.update(self.extra.get(key, ()))
        values = self.values
        for _, low, high in _found(self.keys, keys):
            found.update(v.decode() for v in values[low:high].tolist())
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
