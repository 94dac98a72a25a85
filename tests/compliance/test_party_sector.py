"""A stored party's sector (issue 16): the partial UN embargo on the DRC (S/RES/2783 (2025)
paras 1-2: all non-governmental entities and individuals; the Government's armed and security
forces exempt) is applied to the stored end user through one case's facts and through the bulk
re-run, and the sector is kept, changed and refused like any other field of a party."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from amanah.cases import service as cases
from amanah.cases.models import CaseRow, PartyRow
from amanah.cases.parties import change_party
from amanah.cases.schemas import CaseIn, LineItemIn, PartyIn
from amanah.catalogue.models import TechnologyRow
from amanah.compliance.bulk import reassess_open_cases
from amanah.compliance.engine import evaluate
from amanah.compliance.gather import facts_for_case
from amanah.compliance.queries import current_assessment
from amanah.compliance.rule import worst
from amanah.db.engine import transaction
from amanah.errors import InvalidInput
from amanah.partners import service as partners
from amanah.partners.models import PartnerRow
from amanah.partners.schemas import PartnerIn
from tests.integration.test_storage import actor, load_demo
from tests.web.pages import log_in
from tests.web.test_api import token
from tests.web.test_request_pages import form_post, open_draft

ON = date(2026, 3, 1)  # S/RES/2783 (2025) in force: the measure runs to 1 July 2026


def open_drc_case(engine: Engine, sector: str) -> int:
    """Armoured vehicles (ML6) to an end user in the DRC of the given sector."""
    officer, admin = actor(engine, "officer"), actor(engine, "admin")
    with transaction(engine) as session:
        if session.get(PartnerRow, "CD") is None:
            partners.save_partner(session, admin, PartnerIn(code="CD", name="DR Congo"))
        vehicle = session.scalars(
            select(TechnologyRow.id).where(TechnologyRow.name == "Armoured patrol vehicle")
        ).one()
        case = cases.open_case(session, officer, CaseIn(
            partner="CD", title=f"Patrol vehicles ({sector or 'sector not known'})", value="1000",
            currency="USD", transfer_date=ON,
            items=[LineItemIn(technology_id=vehicle, quantity=4, kind="sale")],
            parties=[PartyIn(role="end_user", name="End user", country="CD", sector=sector)],
        ))  # fmt: skip
        return case.id


def embargo_outcome(session: Session, case_id: int) -> str:
    facts = facts_for_case(session, session.get_one(CaseRow, case_id))
    found = [f for f in evaluate(facts).findings if f.rule_id == "att.6.1"]
    assert found, "the UN embargo rule did not engage"
    return worst(found).value


def test_the_stored_sector_decides_the_drc_partial_embargo(engine: Engine) -> None:
    load_demo(engine)
    forces, company, unknown = (open_drc_case(engine, s) for s in ("armed_forces", "private", ""))
    with transaction(engine) as session:
        assert session.get_one(CaseRow, forces).parties[0].sector == "armed_forces"
        assert embargo_outcome(session, forces) == "warning"  # exempt, no procedure
        assert embargo_outcome(session, company) == "prohibited"
        assert embargo_outcome(session, unknown) == "needs_approval"  # until it is recorded
    with transaction(engine) as session:  # the bulk re-run reads the same column
        reassess_open_cases(session, partner="CD", today=ON)
    with transaction(engine) as session:
        stored = {
            case_id: current_assessment(session, case_id) for case_id in (forces, company, unknown)
        }
        by_case = {
            case_id: [f for f in row.findings if f["rule_id"] == "att.6.1"]
            for case_id, row in stored.items()
            if row is not None
        }
        assert [f["outcome"] for f in by_case[forces]] == ["warning"]
        assert [f["outcome"] for f in by_case[company]] == ["prohibited"]
        assert [f["outcome"] for f in by_case[unknown]] == ["needs_approval"]
        assert stored[forces] is not None and stored[forces].facts["parties"][0]["sector"] == (
            "armed_forces"
        )


def test_a_change_of_sector_is_kept_and_audited_and_a_wrong_one_names_the_field(
    engine: Engine,
) -> None:
    load_demo(engine)
    case_id = open_drc_case(engine, "")
    officer = actor(engine, "officer")
    with transaction(engine) as session:
        party = session.scalars(select(PartyRow).where(PartyRow.case_id == case_id)).one()
        change_party(session, officer, case_id, party.id, PartyIn(
            role="end_user", name="End user", country="CD", sector="government"))  # fmt: skip
    with transaction(engine) as session:
        assert session.get_one(PartyRow, party.id).sector == "government"
        assert embargo_outcome(session, case_id) == "warning"
    with pytest.raises(InvalidInput) as refused, transaction(engine) as session:
        change_party(session, officer, case_id, party.id, PartyIn(
            role="end_user", name="End user", country="CD", sector="militia"))  # fmt: skip
    assert refused.value.field == "sector"


def test_the_party_form_asks_the_sector_and_the_api_takes_it(client: TestClient) -> None:
    log_in(client, "officer")
    draft = open_draft(client, "Radios for a private security company")
    form = client.get(f"/cases/{draft}/request/parties/add").text
    for value in ("government", "armed_forces", "state_owned", "private", "non_state"):
        assert f'name="sector" type="radio" value="{value}"' in form, value
    answer = form_post(client, f"/cases/{draft}/request/parties/add",
                       {"role": "end_user", "name": "Alpha Guarding Ltd", "country": "XA",
                        "type": "organisation", "sector": "private"})  # fmt: skip
    assert answer.status_code == 303  # type: ignore[attr-defined]
    listing = client.get(f"/cases/{draft}/request/parties").text
    assert "Private company" in listing
    wrong = form_post(client, f"/cases/{draft}/request/parties/add",
                      {"role": "consignee", "name": "X", "country": "XA", "type": "organisation",
                       "sector": "militia"})  # fmt: skip
    assert wrong.status_code == 422  # type: ignore[attr-defined]
    assert 'href="#sector"' in wrong.text  # type: ignore[attr-defined]

    headers = token(client, "officer")
    added = client.post(f"/api/v1/cases/{draft}/parties", headers=headers,
                        json={"role": "consignee", "name": "Alpha Army Depot", "country": "XA",
                              "sector": "armed_forces"})  # fmt: skip
    assert added.status_code == 201, added.text
    assert {p["name"]: p["sector"] for p in added.json()["parties"]} == {
        "Alpha Guarding Ltd": "private", "Alpha Army Depot": "armed_forces"}  # fmt: skip
    refused = client.post(f"/api/v1/cases/{draft}/parties", headers=headers,
                          json={"role": "consignee", "name": "Y", "country": "XA",
                                "sector": "militia"})  # fmt: skip
    assert refused.status_code == 422 and refused.json()["field"] == "sector", refused.text
