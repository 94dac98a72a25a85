"""Recording the renewal of a UN measure (issue 16): proposed by one owner of the reference data
and confirmed by another (four eyes, as every change of an embargo), in the service, the page,
the API and the CLI; audited; the open cases are re-assessed (their findings stop saying the
renewal is unconfirmed) and the daily calendar check stops alerting."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from amanah.audit.models import AuditEventRow
from amanah.cases import service as cases
from amanah.cases.schemas import CaseIn, LineItemIn, PartyIn
from amanah.catalogue.models import TechnologyRow
from amanah.cli.main import app
from amanah.compliance.queries import current_assessment
from amanah.compliance.service import calendar_check
from amanah.db.engine import transaction
from amanah.errors import Refused
from amanah.partners import proposals
from amanah.partners import service as partners
from amanah.partners.models import EmbargoRow
from amanah.partners.schemas import PartnerIn, RenewalIn
from tests.compliance.test_reference_storage import overdue_alerts
from tests.integration.test_storage import actor, load_demo
from tests.web.pages import hidden, log_in

# S/RES/2781 (2025) renewed the South Sudan measure to 31 May 2026 (embargoes.yaml); a renewal
# after that date is what the directorate records here (a made-up instrument for the test)
RENEWAL = RenewalIn(instrument="S/RES/9999 (2026)", adopted=date(2026, 5, 29),
                    until=date(2027, 5, 31), source="https://press.un.org/en/2026/example.doc.htm")  # fmt: skip
UNCONFIRMED = "has passed with no renewal recorded"


def south_sudan_case(engine: Engine) -> int:
    officer, admin = actor(engine, "officer"), actor(engine, "admin")
    with transaction(engine) as session:
        partners.save_partner(session, admin, PartnerIn(code="SS", name="South Sudan"))
        vehicle = session.scalars(
            select(TechnologyRow.id).where(TechnologyRow.name == "Armoured patrol vehicle")
        ).one()
        return cases.open_case(session, officer, CaseIn(
            partner="SS", title="Patrol vehicles for South Sudan", value="1000", currency="USD",
            transfer_date=date(2026, 6, 5),
            items=[LineItemIn(technology_id=vehicle, quantity=2, kind="sale")],
            parties=[PartyIn(role="end_user", name="SSPDF", country="SS", sector="armed_forces")],
        )).id  # fmt: skip


def embargo_reasons(engine: Engine, case_id: int) -> str:
    with transaction(engine) as session:
        stored = current_assessment(session, case_id)
        assert stored is not None
        return " ".join(f["reason"] for f in stored.findings if f["rule_id"] == "att.6.1")


def test_a_confirmed_renewal_reassesses_the_cases_and_stops_the_alert(engine: Engine) -> None:
    load_demo(engine)
    case_id = south_sudan_case(engine)
    assert UNCONFIRMED in embargo_reasons(engine, case_id)
    with transaction(engine) as session:
        calendar_check(session, date(2026, 6, 1))
    assert len([m for m in overdue_alerts(engine) if m.startswith("UN-SS:")]) == 1
    export, admin = actor(engine, "export"), actor(engine, "admin")
    with transaction(engine) as session:
        proposal = proposals.propose_renewal(session, export, "UN-SS", RENEWAL)
        assert session.get_one(EmbargoRow, "UN-SS").renewal_date == date(2026, 5, 31)  # not yet
    with pytest.raises(Refused, match="four eyes"), transaction(engine) as session:
        proposals.confirm(session, export, proposal.id)
    with transaction(engine) as session:
        proposals.confirm(session, admin, proposal.id, "checked on press.un.org")
        row = session.get_one(EmbargoRow, "UN-SS")
        assert row.renewal_date == date(2027, 5, 31)
        assert row.renewals[-1]["instrument"] == "S/RES/9999 (2026)"
        verbs = set(session.scalars(select(AuditEventRow.verb).where(
            AuditEventRow.entity_id.in_(["UN-SS", str(proposal.id)]))))  # fmt: skip
        assert {"reference.proposed", "reference.confirmed", "partner.embargo_saved"} <= verbs, (
            verbs
        )
    assert UNCONFIRMED not in embargo_reasons(engine, case_id)  # re-assessed on the change
    with transaction(engine) as session:
        calendar_check(session, date(2026, 6, 3))
        calendar_check(session, date(2027, 5, 31))  # the new renewal date itself: not passed
    assert len([m for m in overdue_alerts(engine) if m.startswith("UN-SS:")]) == 1


def test_the_renewal_page_proposes_and_a_second_owner_confirms(
    client: TestClient, engine: Engine
) -> None:
    log_in(client, "export")
    form = client.get("/reference/embargoes/UN-SS/renewal")
    assert form.status_code == 200 and "UN-SS" in form.text
    fields = {"csrf": hidden(form.text, "csrf"), "instrument": "S/RES/9999 (2026)",
              "adopted-day": "29", "adopted-month": "5", "adopted-year": "2026",
              "until-day": "31", "until-month": "5", "until-year": "2027"}  # fmt: skip
    wrong = client.post("/reference/embargoes/UN-SS/renewal",
                        data={**fields, "source": "a press release"})  # fmt: skip
    assert wrong.status_code == 422 and 'href="#source"' in wrong.text
    sent = client.post("/reference/embargoes/UN-SS/renewal", follow_redirects=False,
                       data={**fields, "source": "https://press.un.org/en/2026/x.doc.htm"})  # fmt: skip
    assert sent.status_code == 303 and sent.headers["location"] == "/reference/proposals"
    with transaction(engine) as session:
        assert session.get_one(EmbargoRow, "UN-SS").renewal_date == date(2026, 5, 31)
    log_in(client, "admin")
    listing = client.get("/reference/proposals").text
    number = re.search(r"/reference/proposals/(\d+)/reject", listing)
    assert number and "S/RES/9999 (2026)" in listing
    done = client.post(f"/reference/proposals/{number.group(1)}/confirm",
                       data={"csrf": hidden(listing, "csrf")}, follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    with transaction(engine) as session:
        assert session.get_one(EmbargoRow, "UN-SS").renewal_date == date(2027, 5, 31)


def test_the_cli_proposes_lists_and_confirms_a_renewal(engine: Engine) -> None:
    runner = CliRunner()

    def run(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(app, list(args))

    assert run("demo").exit_code == 0
    overdue = json.loads(
        run("embargoes", "list", "--overdue", "--on", "2026-06-02", "--json").output
    )
    assert "UN-SS" in {e["id"] for e in overdue}
    proposed = run("embargoes", "renew", "UN-SS", "--instrument", "S/RES/9999 (2026)",
                   "--adopted", "2026-05-29", "--until", "2027-05-31",
                   "--source", "https://press.un.org/en/2026/x.doc.htm", "--as", "export", "--json")  # fmt: skip
    assert proposed.exit_code == 0, proposed.output
    number = str(json.loads(proposed.output)["id"])
    waiting = json.loads(run("embargoes", "proposals", "--as", "admin", "--json").output)
    assert [p["kind"] for p in waiting if str(p["id"]) == number] == ["renewal"]
    own = run("embargoes", "confirm", number, "--as", "export")
    assert own.exit_code == 2 and "four eyes" in own.output
    assert run("embargoes", "confirm", number, "--as", "admin").exit_code == 0
    listed = {e["id"]: e for e in json.loads(run("embargoes", "list", "--json").output)}
    assert listed["UN-SS"]["renewal_date"] == "2027-05-31"
    assert listed["UN-SS"]["renewals"][-1]["instrument"] == "S/RES/9999 (2026)"
    bad = run("embargoes", "renew", "UN-SS", "--instrument", "S/RES/1", "--adopted", "29 May",
              "--source", "https://un.org", "--as", "export")  # fmt: skip
    assert bad.exit_code == 2 and "adopted" in bad.output and "Traceback" not in bad.output
