"""Screening's public names, in one place (the algorithm lives in one module per concern):

- `query`: what is screened and what comes back (`Query`, `Hit`);
- `index`: candidate generation by script-independent keys (`NameIndex`);
- `prescore`: rapidfuzz pre-score and the key overlap across scripts;
- `scoring`: nomenklatura logic-v2 with Amanah's birth-date qualifier (`Scoring`);
- `proxies`: both sides as FollowTheMoney entities (`ListedProxy`, `query_entity`);
- `explain`: a hit's explanation;
- `matcher`: the algorithm over one index (`Matcher`);
- `party_index`: continuous screening of parties against a list's delta (`PartyIndex`).

Importing this module stays light (no nomenklatura, scikit-learn or SciPy): the names of the
two heavy modules (`scoring`, `proxies`) are loaded at their first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from amanah.screening.explain import alignment, fields_of, near
from amanah.screening.index import CANDIDATES, PREPARED_NAMES, NameIndex
from amanah.screening.matcher import RESCORED, Matcher
from amanah.screening.party_index import PartyIndex, rescreen
from amanah.screening.prescore import Prepared, key_overlap, prescore
from amanah.screening.query import (
    ALGORITHM_VERSION,
    ORGANISATION_SCHEMAS,
    Hit,
    Query,
    as_query,
    query_names,
)
from amanah.screening.warm import warm_up

if TYPE_CHECKING:
    from amanah.screening.proxies import (
        RESTRICTED_KEPT,
        ListedProxy,
        listed_entity,
        query_entity,
    )
    from amanah.screening.scoring import (
        UNUSED_FEATURES,
        Scoring,
        ScoringPlan,
        scoring_config,
        scoring_plan,
    )

_HEAVY = {
    "RESTRICTED_KEPT": "proxies",
    "ListedProxy": "proxies",
    "listed_entity": "proxies",
    "query_entity": "proxies",
    "UNUSED_FEATURES": "scoring",
    "Scoring": "scoring",
    "ScoringPlan": "scoring",
    "scoring_config": "scoring",
    "scoring_plan": "scoring",
}

__all__ = [
    "ALGORITHM_VERSION",
    "CANDIDATES",
    "ORGANISATION_SCHEMAS",
    "PREPARED_NAMES",
    "RESCORED",
    "RESTRICTED_KEPT",
    "UNUSED_FEATURES",
    "Hit",
    "ListedProxy",
    "Matcher",
    "NameIndex",
    "PartyIndex",
    "Prepared",
    "Query",
    "Scoring",
    "ScoringPlan",
    "alignment",
    "as_query",
    "fields_of",
    "key_overlap",
    "listed_entity",
    "near",
    "prescore",
    "query_entity",
    "query_names",
    "rescreen",
    "scoring_config",
    "scoring_plan",
    "warm_up",
]


def __getattr__(name: str) -> Any:
    module = _HEAVY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"amanah.screening.{module}"), name)
