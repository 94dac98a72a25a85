"""The demo: the seed's case study told with fictional partner states (user-assigned ISO codes
XA-XD), a dozen other cases across every transfer kind and state, and one request from a real
state under a UN arms embargo. Case records only: no performance, guidance or targeting data.
The cases themselves, and how each is walked to its state, are in `amanah.demo_cases`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanah.agreements import industrial
from amanah.agreements.schemas import (
    EvaluationEventIn,
    OffsetCreditIn,
    OffsetObligationIn,
    ProgrammeIn,
)
from amanah.cases import service as cases
from amanah.cases.models import CaseRow
from amanah.catalogue import service as catalogue
from amanah.catalogue.schemas import TechnologyIn
from amanah.demo_cases import CASES, Steps, play
from amanah.partners import service as partners
from amanah.partners.models import PartnerRow
from amanah.partners.schemas import PartnerAgreementIn, PartnerIn
from amanah.screening import list_imports
from amanah.users import service as users
from amanah.users.roles import SYSTEM, Actor

PASSWORD = "amanah-demo"

USERS = [
    ("admin", "Aisha Administrator", ["administrator"], "secret", None),
    ("officer", "Omar Case-Officer", ["case_officer"], "secret", None),
    ("board", "Bilal Release-Board", ["release_board"], "top_secret", None),
    ("export", "Eman Export-Control", ["export_control"], "secret", None),
    ("finance", "Farah Finance", ["finance"], "confidential", None),
    ("leader", "Layla Leadership", ["leadership"], "top_secret", None),
    ("auditor", "Adam Auditor", ["auditor"], "top_secret", None),
    ("alpha", "Liaison of the Republic of Alpha", ["partner_liaison"], "secret", "XA"),
    ("beta", "Liaison of the Kingdom of Beta", ["partner_liaison"], "confidential", "XB"),
]

PARTNERS = [
    PartnerIn(code="XA", name="Republic of Alpha", region="Asia", memberships=["OIC"],
              releasable_level="secret", tier="strategic", since=date(2019, 5, 1),
              risk_notes="Stable democracy; no reported IHL concerns."),
    PartnerIn(code="XB", name="Kingdom of Beta", region="Middle East",
              memberships=["OIC", "ARAB_LEAGUE", "GCC"], releasable_level="confidential",
              tier="priority", since=date(2021, 2, 1), risk_notes="Border tensions with a neighbour."),
    PartnerIn(code="XC", name="Federation of Gamma", region="Africa", memberships=["OIC", "ATT"],
              releasable_level="restricted", tier="standard", since=date(2023, 9, 1)),
    PartnerIn(code="XD", name="Union of Delta", region="Europe", memberships=["ATT", "MTCR"],
              releasable_level="restricted", tier="standard", since=date(2024, 1, 15)),
    PartnerIn(code="KP", tier="restricted", risk_notes="Under UN Security Council arms embargo."),
]  # fmt: skip

SOIA = [("XA", date(2020, 1, 1), None), ("XB", date(2022, 6, 1), date(2030, 6, 1)),
        ("XD", date(2024, 3, 1), None)]  # fmt: skip

TECHNOLOGIES = [
    TechnologyIn(name="Mobile all-weather counter-rocket air-defence system",
                 description="Mobile air-defence system that intercepts short-range rockets and "
                 "artillery shells fired at civilian areas. Catalogue record only.",
                 kind="system", control_entries=["ML4", "ML5"], att_category="VII",
                 classification="secret", sensitivity=5, owner="National Defence Systems Co."),
    TechnologyIn(name="Air-defence system technical-data package",
                 description="Operation and maintenance documentation set for the air-defence system.",
                 kind="technical_data", control_entries=["ML22"], classification="confidential",
                 sensitivity=4, owner="National Defence Systems Co."),
    TechnologyIn(name="Armoured patrol vehicle", kind="system", control_entries=["ML6"],
                 att_category="II", un_register_category="II", classification="restricted",
                 sensitivity=3, owner="Land Systems Works"),
    TechnologyIn(name="Secure tactical radio", kind="component", control_entries=["ML11"],
                 classification="restricted", sensitivity=2, owner="Signals Industries"),
    TechnologyIn(name="Network intrusion detection method", kind="cyber_security_method",
                 control_entries=["5D002"], classification="unclassified", sensitivity=2,
                 owner="National Cyber Agency"),
    TechnologyIn(name="Composite armour manufacturing process", kind="manufacturing_process",
                 control_entries=["ML18", "ML22"], classification="confidential", sensitivity=4,
                 owner="Land Systems Works"),
    TechnologyIn(name="Flight simulator training package", kind="software", control_entries=["ML14"],
                 classification="unclassified", sensitivity=1, owner="Aero Training Ltd"),
    TechnologyIn(name="Unmanned reconnaissance aircraft", kind="system",
                 control_entries=["ML10", "MTCR-II-19.A.1"], classification="restricted",
                 sensitivity=4, owner="Aero Systems Co."),
    TechnologyIn(name="Coastal patrol boat", kind="system", control_entries=["ML9"],
                 classification="unclassified", sensitivity=2, owner="Naval Yards"),
    TechnologyIn(name="Service rifle production licence", kind="ip_right",
                 control_entries=["ML1", "ML18"], att_category="VIII", classification="restricted",
                 sensitivity=3, owner="Small Arms Factory"),
]  # fmt: skip


DEMO_LIST = Path(__file__).parent / "data" / "demo_sanctions.ftm.json"


def is_loaded(session: Session) -> bool:
    return session.get(PartnerRow, "XA") is not None


def load(session: Session, progress: Callable[[str], None] = lambda _: None) -> bool:
    """Load the demo unless it is there already (idempotent). True when it loaded."""
    if is_loaded(session):
        return False
    actors: dict[str, Actor] = {}
    hashed = users.hash_password(PASSWORD)
    for username, name, roles, clearance, country in USERS:
        row = users.create_user(session, SYSTEM, username=username, password=PASSWORD, full_name=name,
                                roles=roles, clearance=clearance, country=country, hashed=hashed)  # fmt: skip
        actors[username] = users.actor_of(row)
    progress("users")
    admin = actors["admin"]
    for partner in PARTNERS:
        partners.save_partner(session, admin, partner)
    for code, start, end in SOIA:
        partners.add_agreement(session, admin, code, PartnerAgreementIn(
            kind="security_of_information", title=f"Security-of-information agreement with {code}",
            start=start, end=end))  # fmt: skip
    partners.add_agreement(session, admin, "XA", PartnerAgreementIn(
        kind="defence_cooperation_mou", title="Defence-cooperation memorandum", start=date(2019, 5, 1)))  # fmt: skip
    progress("partners")
    tech_ids = {t.name: catalogue.save_technology(session, admin, t).id for t in TECHNOLOGIES}
    progress("catalogue")
    for n, demo in enumerate(CASES):
        play(session, actors, tech_ids, demo, n)
        progress(demo.title)
    _programme_and_offsets(session, actors)
    progress("evaluation")
    _casework_tools(session, actors)
    # a small FICTIONAL list, so that the screening review has something to show: it names the
    # consignee of the reconnaissance-aircraft case, which becomes a hit waiting for review
    list_imports.import_list(session, SYSTEM, DEMO_LIST, "ftm")
    progress("screening")
    return True


EVALUATION_EVENTS = [
    ("Site acceptance inspection", date(2027, 2, 10), "both units delivered complete against the packing list", True),
    ("Operator conversion course", date(2027, 3, 1), "24 operators certified by the partner's school", True),
    ("Interoperability trial with the national command system", date(2027, 3, 20),
     "track data exchanged with the partner's command system", False),
    ("Interoperability re-trial after software update", date(2027, 4, 5),
     "track data exchanged with the partner's command system", True),
    ("Maintenance drill", date(2027, 4, 20),
     "first-line maintenance done by partner crews within the manual's time", True),
    ("Availability period (60 days)", date(2027, 6, 30), "units available on at least 90 % of trial days", True),
]  # fmt: skip


def _programme_and_offsets(session: Session, actors: dict[str, Actor]) -> None:
    """The seed case: a test-and-evaluation programme for the two units, and the offsets of its agreement."""
    case = session.scalars(select(CaseRow).where(CaseRow.title == CASES[0].title)).one()
    programme = industrial.open_programme(session, actors["officer"], case, ProgrammeIn(
        title="Evaluation of two counter-rocket units by the Alpha Air Defence Command",
        acceptance="Delivered complete; operators certified; interoperable with the national command system; "
                   "available on at least 90 % of trial days.", required_rate=0.5))  # fmt: skip
    for name, held_on, criterion, passed in EVALUATION_EVENTS:
        industrial.record_event(session, actors["officer"], programme.id, EvaluationEventIn(
            name=name, held_on=held_on, criterion=criterion, passed=passed))  # fmt: skip
    obligation = industrial.add_obligation(session, actors["finance"], case, OffsetObligationIn(
        description="Industrial participation: 30 % of the agreement value in the partner's industry",
        value=Decimal("25200000.00"), currency="USD", deadline=date(2030, 12, 31), jobs_declared=120))  # fmt: skip
    for kind, value, text, approve in (
        ("local_production", "4000000.00", "Launcher shelters built by Alpha Land Systems", True),
        ("training", "1500000.00", "Maintenance school set up at the partner's depot", True),
        ("technology_transfer", "2000000.00", "Radar maintenance know-how licence", None),
    ):
        credit = industrial.claim_credit(session, actors["officer"], obligation.id, OffsetCreditIn(
            kind=kind, claimed_value=Decimal(value), description=text))  # fmt: skip
        if approve is not None:
            industrial.decide_credit(session, actors["finance"], credit.id, approve)


def _casework_tools(session: Session, actors: dict[str, Actor]) -> None:
    """Requests for information, routing, a notification, a release's validity, a modification
    and an amendment walked back to approval: every page of the casework tools has data."""
    from amanah.cases import changes, notifications, releases, rfi
    from amanah.cases.schemas import ChangeIn, ItemChangeIn
    from amanah.routing import service as routing

    for case in session.scalars(
        select(CaseRow).where(CaseRow.state != "draft").order_by(CaseRow.id)
    ):
        routing.route_case(session, actors["officer"], case.id)  # also without the message bus

    def titled(title: str) -> CaseRow:
        return session.scalars(select(CaseRow).where(CaseRow.title == title)).one()

    co_production = titled("Co-production of armoured patrol vehicles")
    asked = rfi.send_rfi(
        session,
        actors["export"],
        co_production.id,
        addressee="partner",
        question="Which depot will hold the vehicles' spare parts, and who audits it?",
    )
    rfi.answer_rfi(
        session,
        actors["beta"],
        co_production.id,
        asked.id,
        answer="The Royal Beta Land Forces central depot, audited yearly by the inspectorate.",
    )
    armour = titled("Composite armour know-how licence")
    rfi.send_rfi(
        session,
        actors["board"],
        armour.id,
        addressee="applicant",
        question="Please send the list of facilities that would use the process.",
    )  # open: clock paused
    licensed = titled("Licensed production of armoured patrol vehicles")
    releases.set_validity(session, actors["board"], licensed.id, 48)
    notifications.record(
        session,
        actors["export"],
        licensed.id,
        date.today() - timedelta(days=20),
        "notified to the oversight committee",
    )  # its 15 days' wait is over
    changes.change_case(
        session,
        actors["officer"],
        licensed.id,
        ChangeIn(
            reason="the partner's factory opens three months later",
            transfer_date=date(2027, 11, 15),
            contacts={"email": "apv-programme@alpha-land.example"},
        ),
    )
    item = licensed.items[0]
    changes.change_case(
        session,
        actors["alpha"],
        licensed.id,
        ChangeIn(
            reason="the partner's border guard needs 30 more vehicles",
            items=[ItemChangeIn(item_id=item.id, quantity=item.quantity + 30)],
        ),
    )
    cases.record_release_decision(
        session,
        actors["board"],
        licensed.id,
        granted=True,
        reason="the amended quantity stays within the released level",
    )
    releases.set_validity(session, actors["board"], licensed.id, 48)
    step = Steps(session, actors, licensed, actors["officer"])
    step.go("complete_release_review")
    step.go("recommend")
    step.go("approve", "the amendment keeps the benefits and the risk of the approved case")
    changes.change_case(
        session,
        actors["alpha"],
        licensed.id,
        ChangeIn(
            reason="the border guard's budget fell through: back to the approved 120 vehicles",
            items=[ItemChangeIn(item_id=item.id, quantity=item.quantity - 30)],
        ),
    )  # a modification
