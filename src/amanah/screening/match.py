"""Candidate generation, scoring and explanation (pure, in memory).

1. **Candidates**: an inverted index from name-part keys (`normalise.skeleton`, script
   independent) to names, with a one-deletion neighbourhood of each key so a typo still finds
   its name; candidates are ranked by the IDF-weighted share of the query's keys they hold.
2. **Pre-score**: rapidfuzz over the keys and over the folded Latin forms of the best candidates
   (of equal pre-scores, the closer keys first).
3. **Score**: OpenSanctions' nomenklatura `logic-v2` matcher over FollowTheMoney entities (names,
   country, birth date, type, identifiers) for the few best, with birth dates one year apart
   costing half its birth-date penalty (`Scoring`); for a pair across scripts, where logic-v2
   sees unrelated letters, the key similarity stands in as the name score.
"""

from __future__ import annotations

import gc
import itertools
import math
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

import numpy as np
from followthemoney import model
from followthemoney.proxy import EntityProxy
from nomenklatura.matching import LogicV2, ScoringConfig
from nomenklatura.matching.compare import dates as _dates
from nomenklatura.matching.logic_v2.names import analysis as _names_analysis
from nomenklatura.matching.logic_v2.names import match as _names_match
from nomenklatura.matching.types import (
    Feature,
    FeatureCompareConfigured,
    FtResult,
    MatchingResult,
)
from nomenklatura.matching.util import FNUL, props_pair
from rapidfuzz import fuzz, process
from rigour.names import Name

from amanah.screening.entity import ListedEntity
from amanah.screening.normalise import (
    has_arabic,
    is_latin,
    key,
    key_of,
    latin,
    parts,
    skeleton,
)
from amanah.screening.query import Hit, Query

CANDIDATES = 40  # names kept after the key lookup
RESCORED = 5  # entities re-scored with logic-v2
PRESCORE_FLOOR = 0.6  # candidates below this pre-score are never re-scored
PRESCORE_ABOVE = 0.15  # nor those whose pre-score does not reach the floor asked for plus this
PRESCORE_MARGIN = 0.1  # nor those this far below the best candidate's pre-score
PRESCORE_TIE = 0.0001  # of names with the same pre-score, those with closer keys first
RESCREEN_PER_NAME = 4  # continuous screening: parties re-scored per name of a changed entry
RESCREEN_FLOOR = 0.7  # … and the pre-score they need (a list entry meets many parties)
PREPARED_NAMES = 400_000  # up to this many listed names, every entity is analysed up front
REMOVED = 1e9  # the candidate weight of a removed entry's names: -REMOVED
MAX_SIZE, REMOVED_SIZE = 100, -1  # parts per name as the candidate step reads them
KEPT_PROXIES = 50_000  # beyond it, at most this many analysed entities are kept
RESTRICTED_KEPT = 8  # per listed entity, the subsets of its names kept analysed
FUZZY_CUTOFF_FACTOR = 1.5  # logic-v2's leniency towards a fuzzy name-part match (default 1.0)
RESPELL_KNOWN = 6  # a query part the lists hold is also looked up one edit away from this length
_QUERY_IDS = itertools.count()
ORGANISATION_SCHEMAS = frozenset({"Organization", "LegalEntity", "Company", "Vessel", "Airplane"})


def _deletes(token: str) -> set[str]:
    if len(token) < 3:
        return set()
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


def _one_edit(word: str, vocabulary: Container[str], neighbours: dict[str, set[str]]) -> set[str]:
    """The words of `vocabulary` one deletion from `word` on either side (so also one letter
    changed, or two swapped): `neighbours` maps each one-deletion variant of a vocabulary word
    to the words it comes from."""
    found = set(neighbours.get(word, ()))
    for variant in _deletes(word):
        if variant in vocabulary:
            found.add(variant)
        found |= neighbours.get(variant, set())
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
        self._columns: _Columns | None = None  # the per-name lists as arrays, when asked
        self._postings: dict[str, list[int]] = {}
        self._frozen: dict[str, np.ndarray] = {}
        self._neighbours: dict[str, set[str]] = {}
        self._similar: dict[str, list[tuple[str, float]]] = {}
        self._respelled: dict[str, frozenset[str]] = {}
        # folded name parts of four letters or more, and by each one-deletion variant (once
        # `spell` has been called: it costs memory, about 2.5 GiB per million names)
        self._spelling = False
        self._spelled: set[str] = set()
        self._spelling_neighbours: dict[str, set[str]] = {}
        self.live_names = 0

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
        self.live_names += 1
        if self._spelling:
            self._spell(name_parts)
        for token in set(keys):
            posting = self._postings.get(token)
            if posting is None:
                self._postings[token] = posting = []
                for variant in _deletes(token):
                    self._neighbours.setdefault(variant, set()).add(token)
            posting.append(index)
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
    def columns(self) -> _Columns:
        if self._columns is None:
            entity = np.asarray(self.name_entity, dtype=np.int64)
            live = np.fromiter((e is not None for e in self.entities), bool, len(self.entities))
            # one byte a name: the candidate step reads it at random places
            size = np.minimum(np.asarray(self.name_size, dtype=np.int16), MAX_SIZE).astype(np.int8)
            size[~live[entity]] = REMOVED_SIZE
            self._columns = _Columns(
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

    def _posting(self, token: str) -> np.ndarray:
        frozen = self._frozen.get(token)
        if frozen is None:
            frozen = np.asarray(self._postings.get(token, ()), dtype=np.int32)
            self._frozen[token] = frozen
        return frozen

    def freeze(self) -> None:
        """Every key's posting as an array now, not at its first lookup."""
        for token in self._postings:
            self._posting(token)

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
                for variant in _deletes(part):
                    self._spelling_neighbours.setdefault(variant, set()).add(part)

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


def _query_names(query: Query) -> list[str]:
    names = [query.name]
    if not is_latin(query.name):
        names.append(latin(query.name))
    return names


@dataclass(frozen=True)
class _Columns:
    any_removed: bool
    entity: np.ndarray
    text: np.ndarray
    fold: np.ndarray
    key: np.ndarray
    arabic: np.ndarray
    single: np.ndarray
    size: np.ndarray  # parts per name (int8, at most MAX_SIZE); REMOVED_SIZE once removed


@dataclass(frozen=True)
class _Prepared:
    names: list[str]
    keys: list[str]  # sorted, as the index holds them
    folds: list[str]
    key_tokens: tuple[str, ...]
    part_tokens: tuple[str, ...]
    several: tuple[bool, ...]  # per name: has it more than one part?
    size: int  # parts of the last name (the Latin one)

    @classmethod
    def of(cls, query: Query) -> _Prepared:
        names = _query_names(query)
        keys = [" ".join(key(t, query.organisation)) for t in names]
        folds = [" ".join(parts(t, query.organisation)) for t in names]
        tokens = tuple(dict.fromkeys(t for k in keys for t in k.split()))
        several = tuple(" " in f for f in folds)
        part_tokens = tuple(dict.fromkeys(" ".join(folds).split()))
        return cls(names, keys, folds, tokens, part_tokens, several, len(keys[-1].split()))


def prescore(
    prepared: _Prepared, index: NameIndex, names: np.ndarray
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
    # token set finds a one-part listed name whole in any longer query ("Mateo" in "Mateo
    # Lewis"), which logic-v2 scores low for the query's unmatched parts: keys only there
    if any(prepared.several):
        single = columns.single[names]
        if single.any():
            by_set[np.outer(np.array(prepared.several), single)] = 0
    best: np.ndarray = np.maximum(by_key, by_set).max(axis=0) / np.float64(100)
    return best, by_key.max(axis=0) / np.float64(100)


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


# logic-v2 features that read properties Amanah never fills on either side (it fills name,
# weakAlias, country, birthDate and idNumber): they always score 0, so they are not run
UNUSED_FEATURES = (
    "address_entity_match",  # Address entities
    "address_prop_match",  # address
    "crypto_wallet_address",  # CryptoWallet entities
    "isin_security_match",  # isin
    "lei_code_match",  # leiCode (the formatted identifier properties: idNumber has no format)
    "ogrn_code_match",  # ogrnCode
    "inn_code_match",  # innCode
    "bic_code_match",  # bicCode, swiftBic
    "uei_code_match",  # uniqueEntityId
    "npi_code_match",  # npiCode
    "vessel_imo_mmsi_match",  # imoNumber, mmsi
    "gender_mismatch",  # gender
)


def _years(values: Iterable[str]) -> set[int]:
    return {int(v[:4]) for v in values if v[:4].isdigit()}


def _near(query_dates: Iterable[str], result_dates: Iterable[str]) -> bool:
    """Some birth dates one year apart: a year of the Hijri calendar, in which many listed
    birth dates were first recorded, spans two Gregorian years, and an age given in years
    converts to either of two birth years."""
    return any(abs(q - r) == 1 for q in _years(query_dates) for r in _years(result_dates))


def dob_year_disjoint(query: EntityProxy, result: EntityProxy, config: ScoringConfig) -> FtResult:
    """The birth years of the two entities differ; by one year only, half the penalty."""
    penalty = _dates.dob_year_disjoint(query, result, config)
    if penalty.score > FNUL and _near(*props_pair(query, result, ["birthDate"])):
        return FtResult(score=0.5, detail=f"{penalty.detail} (one year apart)")
    return penalty


def dob_day_disjoint(query: EntityProxy, result: EntityProxy, config: ScoringConfig) -> FtResult:
    """The birth dates of the two entities differ; on the same day and month one year apart,
    half the penalty (as logic-v2 does for a day and month swapped)."""
    penalty = _dates.dob_day_disjoint(query, result, config)
    if penalty.score < 1.0:
        return penalty
    query_dates, result_dates = props_pair(query, result, ["birthDate"])
    if any(
        len(q) >= 10 and q[5:10] == r[5:10] and _near([q], [r])
        for q in query_dates
        for r in result_dates
    ):
        return FtResult(score=0.5, detail=f"{penalty.detail} (same day, one year apart)")
    return penalty


class Scoring(LogicV2):
    """logic-v2 with a softer birth-date qualifier: birth dates one year apart (the same day
    and month, or years only) cost half the penalty of unrelated ones. Every other feature and
    weight is logic-v2's."""

    features = [
        Feature(func=dob_year_disjoint, weight=f.weight, qualifier=True)
        if f.name == "dob_year_disjoint"
        else Feature(func=dob_day_disjoint, weight=f.weight, qualifier=True)
        if f.name == "dob_day_disjoint"
        else f
        for f in LogicV2.features
    ]

    @classmethod
    def plan(cls, config: ScoringConfig) -> ScoringPlan:
        """The features `config` turns on, with their weights (read once, not per pair)."""
        for name, var in cls.CONFIG.items():
            if config.config.get(name) is None:
                config.config[name] = var.default
        weights = {f.name: config.weights.get(f.name, f.weight) for f in cls.features}
        active = [
            (f.name, cast("FeatureCompareConfigured", f.func), f.qualifier)
            for f in cls.features
            if weights[f.name] != FNUL
        ]
        return ScoringPlan(
            config,
            weights,
            tuple((name, func) for name, func, qualifier in active if qualifier),
            tuple((name, func) for name, func, qualifier in active if not qualifier),
        )

    @classmethod
    def compare(
        cls, query: EntityProxy, result: EntityProxy, config: ScoringConfig, floor: float = FNUL
    ) -> MatchingResult:
        """logic-v2's comparison (`ScoringAlgorithm.compare`), with the qualifiers first (see
        `score`)."""
        score, explanations = cls.score(query, result, cls.plan(config), floor)
        return MatchingResult(score, explanations)

    @classmethod
    def score(
        cls, query: EntityProxy, result: EntityProxy, plan: ScoringPlan, floor: float = FNUL
    ) -> tuple[float, dict[str, FtResult]]:
        """The score and each feature's result. The qualifiers (country, birth year, birth
        day: cheap) are computed first: when they alone keep the pair under `floor` whatever
        the names, the names (the costly part) are not compared and the score is 0. At or
        above `floor`, the same score and explanations as logic-v2's."""
        if not query.schema.can_match(result.schema) and query.schema.name != result.schema.name:
            return FNUL, {}
        config, weights = plan.config, plan.weights
        qualifiers = {name: func(query, result, config) for name, func in plan.qualifiers}
        ceiling = 1.0 + sum(weights[name] * res.score for name, res in qualifiers.items())
        if ceiling < floor:
            return FNUL, qualifiers
        explanations = {name: func(query, result, config) for name, func in plan.features}
        if max((res.score for res in explanations.values()), default=FNUL) <= FNUL:
            return FNUL, explanations
        explanations.update(qualifiers)
        score = cls.compute_score({k: v.score for k, v in explanations.items()}, weights)
        return min(1.0, max(FNUL, score)), explanations


@dataclass(frozen=True)
class ScoringPlan:
    config: ScoringConfig
    weights: dict[str, float]
    qualifiers: tuple[tuple[str, FeatureCompareConfigured], ...]
    features: tuple[tuple[str, FeatureCompareConfigured], ...]


@lru_cache(maxsize=1)
def scoring_config() -> ScoringConfig:
    config = ScoringConfig.defaults()
    config.weights.update(dict.fromkeys(UNUSED_FEATURES, 0.0))
    # one typo in a short name part no longer zeroes the part (recall on the typo sets
    # 0.980 -> 0.984 at the same false-positive rate; benchmarks/screening_quality.py)
    config.config["nm_fuzzy_cutoff_factor"] = FUZZY_CUTOFF_FACTOR
    return config


@lru_cache(maxsize=1)
def scoring_plan() -> ScoringPlan:
    return Scoring.plan(scoring_config())


# a name in each script that ICU transliterates with rules of its own, loaded at their first
# use (Arabic about 0.03 s, Han 0.13 s), and that rigour analyses with data of its own
WARM_UP_NAMES = (
    "Mohammed Abdul Rahman",
    "محمد عبد الرحمن",  # Arabic
    "王小明",  # Han
    "たなか タナカ",  # Hiragana, Katakana
    "김민수",  # Hangul
    "Иван Петров",  # Cyrillic
    "Ελένη Παπαδοπούλου",  # Greek
    "דוד לוי",  # Hebrew
    "राम कुमार",  # Devanagari
    "রহিম",  # Bengali
    "தமிழ்",  # Tamil
    "สมชาย ใจดี",  # Thai
    "Արամ",  # Armenian
    "გიორგი",  # Georgian
    "ደጀን",  # Ethiopic
)


def warm_up() -> None:
    """logic-v2 loads its name data on first use (seconds), and ICU each script's
    transliteration rules: do both at start-up."""
    for text in WARM_UP_NAMES:
        a = query_entity(Query(text, "IQ", "1970", "person"))
        Scoring.compare(a, a, scoring_config())
        key(text)


def query_entity(query: Query) -> EntityProxy:
    schema = "Organization" if query.organisation else ("Person" if query.type else "LegalEntity")
    proxy = model.make_entity(schema)
    # logic-v2 caches name analysis by entity id: every query needs its own
    proxy.id = f"query-{next(_QUERY_IDS)}"
    for name in _query_names(query):
        proxy.add("name", name)
    if query.country:
        proxy.add("country", _cleaned("country", query.country.lower()), cleaned=True)
    if query.birth_date and schema == "Person":
        proxy.add("birthDate", _cleaned("birthDate", query.birth_date), cleaned=True)
    for identifier in query.identifiers:
        proxy.add("idNumber", identifier)
    return proxy


@lru_cache(maxsize=50_000)
def _cleaned(prop: str, value: str) -> str | None:
    """A country or birth date as FollowTheMoney cleans it (None if it is not one); the same
    few thousand values recur across queries, and a date's parsing is most of a query entity's
    cost."""
    return model.get("Person").properties[prop].type.clean(value)  # type: ignore[union-attr]


class ListedProxy(EntityProxy):
    """A listed entity as logic-v2 sees it, carrying its analysed names. logic-v2 analyses both
    sides' names on every comparison and keeps the last 1,000 entities; a list entry's names do
    not change, so the index analyses them once (`Matcher.prepare`) and logic-v2 reads them
    from here (`_entity_names`)."""

    __slots__ = ("analysed", "_restricted")

    def __init__(self, schema: str) -> None:
        found = model.get(schema)
        assert found is not None
        super().__init__(found, {})
        self.analysed: tuple[set[Name], set[Name]] | None = None
        self._restricted: dict[frozenset[str], ListedProxy] = {}

    def analysed_names(self) -> tuple[set[Name], set[Name]]:
        """(all names, names not contained in a longer one), as logic-v2 analyses them."""
        if self.analysed is None:
            names = _library_entity_names.__wrapped__(self, None, False)
            self.analysed = (names, Name.consolidate_names(names))
        return self.analysed

    def restricted(self, texts: set[str]) -> ListedProxy:
        """The same entity with only the names written as `texts` (and their Latin forms);
        kept, since the same names of an entry pass the pre-score for many queries."""
        wanted = frozenset(texts)
        clone = self._restricted.get(wanted)
        if clone is None:
            if len(self._restricted) >= RESTRICTED_KEPT:
                self._restricted.clear()
            clone = self._restricted[wanted] = self._restrict(wanted)
        return clone

    def _restrict(self, texts: frozenset[str]) -> ListedProxy:
        wanted = texts | {latin(t) for t in texts}
        names = self.analysed_names()[0]
        chosen = {n for n in names if n.original in wanted}
        if not chosen or len(chosen) == len(names):
            return self
        clone = ListedProxy.__new__(ListedProxy)
        for attr in ("schema", "id", "key_prefix", "context", "_properties", "_size"):
            setattr(clone, attr, getattr(self, attr))
        clone.analysed = (chosen, Name.consolidate_names(chosen))
        clone._restricted = {}
        return clone


_library_entity_names = _names_analysis.entity_names
_library_consolidated = _names_analysis.entity_names_consolidated


def _entity_names(
    entity: EntityProxy, prop: str | None = None, is_query: bool = False
) -> set[Name]:
    if prop is None and not is_query and isinstance(entity, ListedProxy):
        return entity.analysed_names()[0]
    return _library_entity_names(entity, prop=prop, is_query=is_query)


def _entity_names_consolidated(
    entity: EntityProxy, prop: str | None = None, is_query: bool = False
) -> set[Name]:
    if prop is None and not is_query and isinstance(entity, ListedProxy):
        return entity.analysed_names()[1]
    return _library_consolidated(entity, prop=prop, is_query=is_query)


# logic-v2's name comparison looks its names up through these two module names
_names_match.entity_names = _entity_names  # type: ignore[attr-defined,assignment]
_names_match.entity_names_consolidated = _entity_names_consolidated  # type: ignore[attr-defined,assignment]


def listed_entity(entity: ListedEntity) -> ListedProxy:
    schema = {"Airplane": "Airplane", "Vessel": "Vessel"}.get(entity.schema, entity.schema)
    proxy = ListedProxy(schema if model.get(schema) else "LegalEntity")
    proxy.id = f"{entity.list_name}-{entity.entity_id}-{next(_QUERY_IDS)}"
    for name in entity.names:
        proxy.add("name", name)
    for name in entity.original_script:
        proxy.add("name", name)
        proxy.add("name", latin(name))
    for name in entity.weak_aliases:
        proxy.add("weakAlias", name)
    for country in entity.countries:
        proxy.add("country", country.lower())
    if proxy.schema.is_a("Person"):
        for birth in entity.birth_dates:
            proxy.add("birthDate", birth)
    for identifier in entity.identifiers:
        proxy.add("idNumber", identifier)
    return proxy


def _alignment(query: Query, listed_name: str, organisation: bool) -> list[dict[str, Any]]:
    """Which query name parts matched which listed name parts (as the list writes them), with a
    similarity each: of the letters, or of the keys."""
    q_parts = [p for text in _query_names(query)[-1:] for p in parts(text, organisation)]
    listed = [
        (word, folded, part_key)
        for word in listed_name.split()
        for folded, part_key in _word_parts(word, organisation)
    ]
    pairs: list[dict[str, Any]] = []
    for q in q_parts:
        q_key = skeleton(q)
        score, best = max(
            (
                (max(fuzz.ratio(q, folded), fuzz.ratio(q_key, part_key)) / 100, word)
                for word, folded, part_key in listed
            ),
            default=(0.0, ""),
        )
        pairs.append(
            {"query": q, "listed": best if score >= 0.6 else None, "score": round(score, 2)}
        )
    return pairs


@lru_cache(maxsize=200_000)
def _word_parts(word: str, organisation: bool) -> tuple[tuple[str, str], ...]:
    """The folded parts of one word of a listed name, with their keys (a word recurs across
    names and lists: kept by word, not by name)."""
    return tuple((folded, skeleton(folded)) for folded in parts(word, organisation))


def _fields(query: Query, entity: ListedEntity) -> dict[str, str]:
    fields: dict[str, str] = {}
    if query.country and entity.countries:
        fields["country"] = "agrees" if query.country.upper() in entity.countries else "differs"
    if query.birth_date and entity.birth_dates:
        year = query.birth_date[:4]
        exact = query.birth_date in entity.birth_dates
        same_year = any(b[:4] == year for b in entity.birth_dates)
        fields["birth_date"] = (
            "agrees"
            if exact or same_year
            else "one year apart"
            if _near([query.birth_date], entity.birth_dates)
            else "differs"
        )
    if query.type:
        listed_person = entity.schema == "Person"
        fields["type"] = "agrees" if listed_person != query.organisation else "differs"
    if query.identifiers and entity.identifiers:
        shared = set(query.identifiers) & set(entity.identifiers)
        fields["identifiers"] = "agrees" if shared else "differs"
    return fields


class Matcher:
    """The screening algorithm over one index."""

    def __init__(self, index: NameIndex | None = None) -> None:
        self.index = index or NameIndex()
        self._proxies: dict[int, ListedProxy] = {}
        self._keep_all = False

    def _proxy(self, slot: int, entity: ListedEntity) -> ListedProxy:
        proxy = self._proxies.get(slot)
        if proxy is None:
            if len(self._proxies) >= KEPT_PROXIES and not self._keep_all:
                self._proxies.clear()
            proxy = self._proxies[slot] = listed_entity(entity)
        return proxy

    def prepare(self) -> None:
        """Analyse every listed entity's names now rather than at its first comparison, and index
        the spelling of their parts so that a typo finds them (when the index holds up to
        `PREPARED_NAMES` names: beyond, a typo is found through the keys only), then move the
        index's long-lived objects out of the cyclic garbage collector's way (`gc.freeze`):
        otherwise each collection walks them all again, which costs more than the screening
        itself. Call again after a delta: only new entries are analysed."""
        index = self.index
        self._keep_all = index.live_names <= PREPARED_NAMES
        index.freeze()
        for slot in [s for s, e in self._proxies.items() if index.entities[s] is None]:
            del self._proxies[slot]
        if self._keep_all:
            index.spell()
            for slot in index.slot.values():
                entity = index.entities[slot]
                if entity is not None and slot not in self._proxies:
                    self._proxy(slot, entity).analysed_names()
                    # and the words a hit's explanation aligns (`_alignment`)
                    organisation = entity.schema in ORGANISATION_SCHEMAS
                    for word in {w for name in entity.all_names for w in name.split()}:
                        _word_parts(word, organisation)
        gc.collect()
        gc.freeze()

    def screen(self, query: Query, floor: float = 0.5, limit: int = 10) -> list[Hit]:
        """Hits at or above `floor`, best first."""
        if not query.name.strip():
            return []
        index = self.index
        prepared = _Prepared.of(query)
        names = index.candidates(prepared.key_tokens, prepared.part_tokens, prepared.size)
        if not len(names):
            return []
        # logic-v2 is the costly step: only candidates whose pre-score could lead to a hit
        gate = max(PRESCORE_FLOOR, floor + PRESCORE_ABOVE)
        columns = index.columns
        same_script = has_arabic(query.name)
        # on a tie, prefer the listed name written in the query's script
        pre, by_key = prescore(prepared, index, names)
        scores = pre + 0.001 * (columns.arabic[names] == same_script)
        through = scores >= gate
        if not through.any():
            return []
        # on a tie, the name whose keys are closest first
        names, scores = names[through], (scores + PRESCORE_TIE * by_key)[through]
        best_per_entity: dict[int, tuple[float, int]] = {}
        passing: dict[int, set[str]] = {}
        for name, score, slot, text in zip(
            names.tolist(),
            scores.tolist(),
            columns.entity[names].tolist(),
            columns.text[names].tolist(),
            strict=True,
        ):
            passing.setdefault(slot, set()).add(text)
            if score > best_per_entity.get(slot, (-1.0, 0))[0]:
                best_per_entity[slot] = (score, name)
        ranked = sorted(best_per_entity.items(), key=lambda kv: -kv[1][0])[:RESCORED]
        ranked = [r for r in ranked if r[1][0] >= ranked[0][1][0] - PRESCORE_MARGIN]
        q_proxy = query_entity(query)
        hits: list[Hit] = []
        for slot, (_, name) in ranked:
            entity = index.entities[slot]
            assert entity is not None
            hit = self._score(
                query, q_proxy, slot, entity, index.name_text[name], floor, passing[slot]
            )
            if hit is not None:
                hits.append(hit)
        hits.sort(key=lambda h: -h.score)
        return hits[:limit]

    def _score(
        self,
        query: Query,
        q_proxy: EntityProxy,
        slot: int,
        entity: ListedEntity,
        matched_name: str,
        floor: float,
        names: set[str] | None = None,
    ) -> Hit | None:
        listed = self._proxy(slot, entity)
        if names is not None:
            listed = listed.restricted(names)
        # across scripts the keys may stand in for logic-v2's name score (below): no floor
        across = has_arabic(query.name) != has_arabic(matched_name)
        score, explained = Scoring.score(q_proxy, listed, scoring_plan(), FNUL if across else floor)
        score = float(score)
        if score < floor and not across:
            return None
        features = {k: v for k, v in explained.items() if v.score}
        name_note = explained.get("name_match")
        organisation = entity.schema in ORGANISATION_SCHEMAS
        fields = _fields(query, entity)
        basis = "logic-v2"
        if across:
            # logic-v2 compares letters; between Arabic script and Latin the keys stand in for
            # the name comparison, with the same field checks
            overlap = key_overlap(key(query.name, organisation), key(matched_name, organisation))
            overlap *= 0.85 if fields.get("country") == "differs" else 1.0
            overlap *= {"differs": 0.7, "one year apart": 0.85}.get(fields.get("birth_date", ""), 1)
            overlap *= 0.0 if fields.get("type") == "differs" else 1.0
            if overlap > score:
                score, basis = overlap, "script-independent key"
        if score < floor:
            return None
        explanation = {
            "matched_name": matched_name,
            "basis": basis,
            "name_parts": _alignment(query, matched_name, organisation),
            "fields": fields,
            "matcher": name_note.detail if name_note is not None else None,
            "penalties": {
                k: round(float(v.score), 3) for k, v in features.items() if k != "name_match"
            },
            "list": entity.list_name,
            "entity_id": entity.entity_id,
            "reference": entity.reference,
            "listed_on": entity.listed_on.isoformat() if entity.listed_on else None,
            "programmes": list(entity.programmes),
        }
        return Hit(
            entity.list_name, entity.entity_id, entity.caption, min(score, 1.0), explanation, entity
        )


def as_query(name: str, country: str | None, birth_date: str | None, type_: str | None) -> Query:
    return Query(
        name=" ".join(name.split()),
        country=(country or "").strip().upper() or None,
        birth_date=(birth_date or "").strip() or None,
        type=(type_ or "").strip().lower() or None,
    )


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
            proxy = self._proxies[pid] = query_entity(self.queries[pid])
        return proxy

    def rescreen(self, entities: Sequence[ListedEntity], floor: float) -> list[tuple[int, Hit]]:
        if not entities or not self.queries:
            return []
        delta = Matcher()
        delta.index.add(entities)
        found: dict[tuple[int, int], Hit] = {}
        for slot, entity in enumerate(delta.index.entities):
            if entity is not None:
                self._rescreen_entity(delta, slot, entity, floor, found)
        return [(party_id, hit) for (party_id, _), hit in found.items()]

    def _rescreen_entity(
        self,
        delta: Matcher,
        slot: int,
        entity: ListedEntity,
        floor: float,
        found: dict[tuple[int, int], Hit],
    ) -> None:
        organisation = entity.schema in ORGANISATION_SCHEMAS
        index = self.index
        for name in dict.fromkeys(entity.all_names):
            probe = _Prepared.of(Query(name, type="organization" if organisation else "person"))
            candidates = index.candidates(probe.key_tokens, probe.part_tokens, probe.size)
            if not len(candidates):
                continue
            scores, by_key = prescore(probe, index, candidates)
            # of equal pre-scores, the closer keys first
            ranked = sorted(
                zip(scores.tolist(), by_key.tolist(), candidates.tolist(), strict=True),
                reverse=True,
            )[:RESCREEN_PER_NAME]
            for pre, _, candidate in ranked:
                party = index.entities[index.name_entity[candidate]]
                if pre < RESCREEN_FLOOR or party is None or (int(party.entity_id), slot) in found:
                    continue
                pid = party.entity_id
                hit = delta._score(self.queries[pid], self._proxy(pid), slot, entity, name, floor)
                if hit is not None:
                    found[(int(pid), slot)] = hit


def rescreen(
    parties: Sequence[tuple[int, Query]], entities: Sequence[ListedEntity], floor: float
) -> list[tuple[int, Hit]]:
    """Which parties resemble the entries of a list's delta (a fresh `PartyIndex`)."""
    party_index = PartyIndex()
    party_index.sync(parties)
    return party_index.rescreen(entities, floor)
