"""Score: OpenSanctions' nomenklatura `logic-v2` matcher over FollowTheMoney entities (names,
country, birth date, type, identifiers), with birth dates one year apart costing half its
birth-date penalty (`Scoring`). Heavy (nomenklatura loads scikit-learn): imported only by the
functions that score, never at the web app's start-up."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from followthemoney import model, registry
from followthemoney.proxy import EntityProxy
from followthemoney.types.common import PropertyType
from nomenklatura.matching import LogicV2, ScoringConfig
from nomenklatura.matching.compare import dates as _dates
from nomenklatura.matching.types import (
    Feature,
    FeatureCompareConfigured,
    FtResult,
    MatchingResult,
)
from nomenklatura.matching.util import FNUL, props_pair

from amanah.screening.explain import near

FUZZY_CUTOFF_FACTOR = 1.0  # logic-v2's leniency towards a fuzzy name-part match (default 1.0)

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

# what of the query a feature reads (a property, or a property type): for a query without it,
# the feature's result is `ScoringPlan.absent`'s, the function not run (most queries give no
# birth date nor identifier; a test checks each against the function, on results with and
# without what it reads)
READS: dict[str, str | PropertyType] = {
    "country_mismatch": registry.country,  # (every country-typed property)
    "dob_year_disjoint": "birthDate",
    "dob_day_disjoint": "birthDate",
    "identifier_match": registry.identifier,
}


def dob_year_disjoint(query: EntityProxy, result: EntityProxy, config: ScoringConfig) -> FtResult:
    """The birth years of the two entities differ; by one year only, half the penalty."""
    penalty = _dates.dob_year_disjoint(query, result, config)
    if penalty.score > FNUL and near(*props_pair(query, result, ["birthDate"])):
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
        len(q) >= 10 and q[5:10] == r[5:10] and near([q], [r])
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
        # what a feature finds for a query lacking what it reads, whatever the result
        # (nothing to compare: the same score and detail for every result)
        bare = model.make_entity("Person")
        absent = {name: func(bare, bare, config) for name, func, _ in active if name in READS}
        return ScoringPlan(
            config,
            weights,
            tuple((name, func) for name, func, qualifier in active if qualifier),
            tuple((name, func) for name, func, qualifier in active if not qualifier),
            absent,
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
        absent = {n: r for n, r in plan.absent.items() if not _reads(query, READS[n])}
        qualifiers = {
            name: absent[name] if name in absent else func(query, result, config)
            for name, func in plan.qualifiers
        }
        ceiling = 1.0 + sum(weights[name] * res.score for name, res in qualifiers.items())
        if ceiling < floor:
            return FNUL, qualifiers
        explanations = {
            name: absent[name] if name in absent else func(query, result, config)
            for name, func in plan.features
        }
        if max((res.score for res in explanations.values()), default=FNUL) <= FNUL:
            return FNUL, explanations
        explanations.update(qualifiers)
        score = cls.compute_score({k: v.score for k, v in explanations.items()}, weights)
        return min(1.0, max(FNUL, score)), explanations


def _reads(query: EntityProxy, what: str | PropertyType) -> bool:
    """Whether the query has a value of this property, or of this property type."""
    if isinstance(what, str):
        return bool(query.get(what, quiet=True))
    return bool(query.get_type_values(what, matchable=True))


@dataclass(frozen=True)
class ScoringPlan:
    config: ScoringConfig
    weights: dict[str, float]
    qualifiers: tuple[tuple[str, FeatureCompareConfigured], ...]
    features: tuple[tuple[str, FeatureCompareConfigured], ...]
    # each feature of `READS`: its result for a query lacking what it reads
    absent: dict[str, FtResult]


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
