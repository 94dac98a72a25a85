"""ATT Art. 7(1) asks the exporting state to assess each ground; a ground nobody assessed is
missing, never "low" (issue 16). The form preselects no level and refuses a ground left out; the
API stores a ground left out as not assessed, and the engine reads it as missing (blocking)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine

from amanah.cases import service as cases
from amanah.cases.models import CaseRow
from amanah.cases.schemas import RiskAssessmentIn
from amanah.compliance.engine import evaluate
from amanah.compliance.facts import ART7_GROUNDS, NOT_ASSESSED, RiskLevel
from amanah.compliance.gather import facts_for_case, risk_of
from amanah.compliance.rule import Outcome
from amanah.db.engine import transaction
from amanah.errors import InvalidInput
from tests.integration.test_storage import actor, load_demo
from tests.web.pages import hidden, log_in
from tests.web.test_case_pages import case_id

TITLE = "Unmanned reconnaissance aircraft"


def test_the_form_preselects_no_level_and_refuses_a_ground_left_out(
    client: TestClient, engine: Engine
) -> None:
    log_in(client, "export")
    case = case_id(engine, TITLE)
    with transaction(engine) as session:
        before = session.get_one(CaseRow, case).risk_assessment
    page = client.get(f"/cases/{case}/risk").text
    for ground in ART7_GROUNDS:
        assert f'name="{ground}" type="radio" value="low"' in page, ground
    assert not re.findall(r'type="radio" value="\w+" checked', page), "a level is preselected"
    levels = dict.fromkeys(ART7_GROUNDS, "low")
    del levels["gender_based_violence"]
    answer = client.post(f"/cases/{case}/risk", data={"csrf": hidden(page, "csrf"), **levels})
    assert answer.status_code == 422
    assert 'href="#gender_based_violence"' in answer.text
    with transaction(engine) as session:
        assert session.get_one(CaseRow, case).risk_assessment == before  # nothing recorded


def test_a_ground_left_out_of_the_api_is_stored_not_assessed_and_blocks(engine: Engine) -> None:
    load_demo(engine)
    export = actor(engine, "export")
    with transaction(engine) as session:
        case = session.query(CaseRow).filter(CaseRow.title.contains(TITLE)).one()
        cases.record_risk_assessment(session, export, case.id, RiskAssessmentIn(
            **dict.fromkeys(ART7_GROUNDS[:-1], "low")))  # fmt: skip
        stored = case.risk_assessment
        assert stored is not None
        assert stored["levels"]["gender_based_violence"] == NOT_ASSESSED
        found = [f for f in evaluate(facts_for_case(session, case)).findings
                 if f.rule_id == "att.7"]  # fmt: skip
        assert [f.outcome for f in found] == [Outcome.NEEDS_APPROVAL] and found[0].blocking
        assert "gender" in found[0].reason
        with pytest.raises(InvalidInput) as refused:
            cases.record_risk_assessment(session, export, case.id, RiskAssessmentIn(
                terrorism="negligible"))  # fmt: skip
        assert refused.value.field == "terrorism"


@given(st.dictionaries(st.sampled_from(ART7_GROUNDS),
                       st.sampled_from([*(lv.value for lv in RiskLevel), NOT_ASSESSED, ""])))  # fmt: skip
def test_only_a_level_chosen_counts_as_assessed(levels: dict[str, str]) -> None:
    risk = risk_of({"levels": levels})
    chosen = {g: v for g, v in levels.items() if v in {lv.value for lv in RiskLevel}}
    if risk is None:
        assert not levels
        return
    assert {g: risk.level(g) for g in ART7_GROUNDS if risk.level(g)} == {
        g: RiskLevel(v) for g, v in chosen.items()
    }
