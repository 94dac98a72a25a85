"""Pre-score: rapidfuzz over the keys and over the folded Latin forms of the candidates, to choose
the few that logic-v2 (the costly step) scores; and the strict key overlap that compares names
across scripts (pure; numpy and rapidfuzz only)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from amanah.screening.index import NameIndex
from amanah.screening.normalise import (
    coarse,
    coarse_key,
    fold,
    has_arabic,
    key,
    loose_script,
    parts,
)
from amanah.screening.query import Query, query_names


@dataclass(frozen=True)
class Prepared:
    names: list[str]
    keys: list[str]  # sorted, as the index holds them
    folds: list[str]
    key_tokens: tuple[str, ...]
    part_tokens: tuple[str, ...]
    several: tuple[bool, ...]  # per name: has it more than one part?
    size: int  # parts of the last name (the Latin one)
    reread: str | None = None  # the query read again as the lists write their words
    coarse: tuple[str, ...] = ()  # for a query in kana, Hangul, Hebrew or Thai: coarse keys

    @classmethod
    def of(cls, query: Query, index: NameIndex | None = None) -> Prepared:
        """The query's names: as written, in Latin letters, and (with an index) read again
        as the lists write their words (`Vocabulary.reread`)."""
        names = query_names(query)
        # (Arabic script writes no short vowels: its Latin form is not read again)
        reread = None
        if index is not None and not has_arabic(query.name):
            reread = index.vocabulary.reread(fold(names[-1]), query.type != "person")
        if reread is not None:
            names.append(reread)
        every_key = [" ".join(key(t, query.organisation)) for t in names]
        # (a name's Latin form often keys and folds as the name itself: each is pre-scored once)
        keys = list(dict.fromkeys(every_key))
        folds = list(dict.fromkeys(" ".join(parts(t, query.organisation)) for t in names))
        # a dotted or spaced acronym is looked up closed up, not by its letters (each one
        # finds nearly every name)
        acronym = reread is not None and all(len(p) == 1 for p in fold(names[0]).split())
        looked_up = every_key[1:] if acronym else every_key
        tokens = tuple(dict.fromkeys(t for k in looked_up for t in k.split()))
        several = tuple(" " in f for f in folds)
        part_tokens = tuple(dict.fromkeys(" ".join(folds).split()))
        size = len(every_key[-1].split())
        loose: tuple[str, ...] = ()
        if index is not None and loose_script(query.name):
            # its Latin reading confuses letters: also the index keys of the same coarse form
            loose = coarse_key(query.name, query.organisation)
            found = [k for c in loose for k in index.coarse_keys(c)]
            tokens = tuple(dict.fromkeys((*tokens, *found)))
        return cls(names, keys, folds, tokens, part_tokens, several, size, reread, loose)


def prescore(
    prepared: Prepared, index: NameIndex, names: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """rapidfuzz in [0, 1], one value per name: the keys in any order (token sort), or the
    folded Latin parts, one name's parts found among the other's (token set); and the first
    alone, to rank names of equal pre-score (a longer name holding every query part scores 1
    by token set, as the name itself does)."""
    columns = index.columns
    keys, folds = columns.key[names].tolist(), columns.fold[names].tolist()
    # both sides' keys are sorted: the plain ratio is the token sort ratio, without the sort
    by_key = process.cdist(prepared.keys, keys, scorer=fuzz.ratio, workers=1)
    by_set = process.cdist(prepared.folds, folds, scorer=fuzz.token_set_ratio, workers=1)
    return _combine(prepared, index, names, keys, by_key, by_set)


def prescore_many(
    prepared: Sequence[Prepared], index: NameIndex, names: Sequence[np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """`prescore` for each of several queries and its candidates, the same values end to end
    (query after query, as `names` concatenated), with one rapidfuzz call per scorer over
    every (query form, candidate) pair of them all and numpy over the whole block (per query,
    rapidfuzz's and numpy's fixed cost per call is most of the pre-score)."""
    columns = index.columns
    every = np.concatenate(names) if names else np.zeros(0, dtype=np.int32)
    all_keys, all_folds = columns.key[every].tolist(), columns.fold[every].tolist()
    key_pairs: tuple[list[str], list[str], list[int]] = ([], [], [])
    fold_pairs: tuple[list[str], list[str], list[int]] = ([], [], [])
    several: list[bool] = []  # per fold pair: has the query form more than one part?
    start = 0
    for query, listed in zip(prepared, names, strict=True):
        end = start + len(listed)
        for forms, texts, pairs in (
            (query.keys, all_keys, key_pairs),
            (query.folds, all_folds, fold_pairs),
        ):
            for form in forms:
                pairs[0].extend([form] * (end - start))
                pairs[1].extend(texts[start:end])
                pairs[2].extend(range(start, end))
        for form_several in query.several:
            several.extend([form_several] * (end - start))
        start = end
    by_key = process.cpdist(key_pairs[0], key_pairs[1], scorer=fuzz.ratio, workers=1)
    by_set = process.cpdist(fold_pairs[0], fold_pairs[1], scorer=fuzz.token_set_ratio, workers=1)
    # token set finds a one-part listed name whole in a longer query: keys only there
    of_set = np.asarray(fold_pairs[2], dtype=np.int64)
    by_set[np.asarray(several, dtype=bool) & columns.single[every][of_set]] = 0
    key_best = np.zeros(len(every), dtype=by_key.dtype)
    np.maximum.at(key_best, np.asarray(key_pairs[2], dtype=np.int64), by_key)
    best: np.ndarray = np.maximum(key_best, by_set.dtype.type(0))
    np.maximum.at(best, of_set, by_set)
    best = best / np.float64(100)
    start = 0
    for query, listed in zip(prepared, names, strict=True):
        if query.coarse and len(listed):
            best[start : start + len(listed)] = _by_coarse(
                query, all_keys[start : start + len(listed)], best[start : start + len(listed)]
            )
        start += len(listed)
    return best, key_best / np.float64(100)


def _by_coarse(prepared: Prepared, keys: list[str], best: np.ndarray) -> np.ndarray:
    """A query in a script whose reading confuses letters: the coarse keys too."""
    listed = [" ".join(sorted(coarse(k) for k in text.split())) for text in keys]
    by_coarse = process.cdist([" ".join(prepared.coarse)], listed, scorer=fuzz.ratio, workers=1)
    found: np.ndarray = np.maximum(best, by_coarse[0] / np.float64(100))
    return found


def _combine(
    prepared: Prepared,
    index: NameIndex,
    names: np.ndarray,
    keys: list[str],
    by_key: np.ndarray,
    by_set: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The pre-score from the key and token set ratios of each query form and name."""
    columns = index.columns
    # token set finds a one-part listed name whole in any longer query ("Mateo" in "Mateo
    # Lewis"), which logic-v2 scores low for the query's unmatched parts: keys only there
    if any(prepared.several):
        single = columns.single[names]
        if single.any():
            by_set[np.outer(np.array(prepared.several), single)] = 0
    # (one query form, most often: its row, without numpy's reduction)
    key_best = by_key[0] if len(by_key) == 1 else by_key.max(axis=0)
    set_best = by_set[0] if len(by_set) == 1 else by_set.max(axis=0)
    best: np.ndarray = np.maximum(key_best, set_best) / np.float64(100)
    if prepared.coarse:
        best = _by_coarse(prepared, keys, best)
    return best, key_best / np.float64(100)


def key_overlap(query_tokens: Sequence[str], listed_tokens: Sequence[str]) -> float:
    """Strict key similarity for names across scripts: the share of both names' keys that pair
    up exactly (or, for keys of four letters or more, within one edit)."""
    if not query_tokens or not listed_tokens:
        return 0.0
    remaining = list(listed_tokens)
    matched = 0.0
    for token in query_tokens:
        if token in remaining:
            remaining.remove(token)
            matched += 1.0
            continue
        close = [r for r in remaining if len(token) >= 4 and fuzz.ratio(token, r) >= 85]
        if close:
            remaining.remove(close[0])
            matched += 0.8
    return 2 * matched / (len(query_tokens) + len(listed_tokens))
