"""A feature that reads something the query lacks is not run: its result is the one the plan
computed once (`ScoringPlan.absent`), which must be what the feature itself finds, whatever
the listed side holds."""

from __future__ import annotations

import pytest
from followthemoney import model
from followthemoney.proxy import EntityProxy

from amanah.screening.scoring import READS, Scoring, scoring_plan


def _entity(schema: str, **values: str) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.id = f"{schema}-{sorted(values.items())}"
    proxy.add("name", "Omar Hamdan")
    for prop, value in values.items():
        proxy.add(prop, value)
    return proxy


LISTED = [
    _entity("Person"),
    _entity("Person", birthDate="1970-05-01", country="sy", idNumber="A123456"),
    _entity("Person", birthDate="1971", nationality="iq"),
    _entity("Organization", country="ru", idNumber="7700000000"),
]


@pytest.mark.parametrize("listed", LISTED, ids=lambda e: e.id)
@pytest.mark.parametrize("schema", ["Person", "Organization", "LegalEntity"])
def test_a_feature_on_a_query_lacking_what_it_reads_finds_the_absent_result(
    listed: EntityProxy, schema: str
) -> None:
    plan = scoring_plan()
    query = _entity(schema)
    functions = dict(plan.qualifiers + plan.features)
    assert set(plan.absent) == set(READS) & set(functions)
    for name, absent in plan.absent.items():
        found = functions[name](query, listed, plan.config)
        assert (found.score, found.detail) == (absent.score, absent.detail)


@pytest.mark.parametrize("listed", LISTED, ids=lambda e: e.id)
def test_the_score_is_logic_v2s_with_or_without_the_shortcut(listed: EntityProxy) -> None:
    plan = scoring_plan()
    for query in (_entity("Person"), _entity("Person", birthDate="1970-05-02", country="sy")):
        score, explained = Scoring.score(query, listed, plan)
        functions = dict(plan.qualifiers + plan.features)
        for name, result in explained.items():
            direct = functions[name](query, listed, plan.config)
            assert (result.score, result.detail) == (direct.score, direct.detail)
        if listed.schema.name == "Person":
            assert score > 0
