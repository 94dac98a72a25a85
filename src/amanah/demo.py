"""The demo: the seed's case study told with fictional partner states (user-assigned ISO codes
XA-XD), a dozen other cases across every transfer kind and state, and one request from a real
state under a UN arms embargo. Case records only: no performance, guidance or targeting data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanah.agreements import deliveries, industrial
from amanah.agreements import service as agreements
from amanah.agreements.schemas import (
    AgreementIn,
    AgreementParty,
    DeliveryIn,
    EvaluationEventIn,
    OffsetCreditIn,
    OffsetObligationIn,
    Payment,
    ProgrammeIn,
    ReceiptIn,
    ShipmentIn,
    Signatory,
)
from amanah.cases import service as cases
from amanah.cases.documents import add_document
from amanah.cases.models import CaseRow
from amanah.cases.schemas import CaseIn, LineItemIn, PartyIn, RiskAssessmentIn
from amanah.catalogue import service as catalogue
from amanah.catalogue.schemas import TechnologyIn
from amanah.compliance.facts import ART7_GROUNDS
from amanah.monitoring import service as monitoring
from amanah.monitoring.schemas import CheckIn, PlanIn
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


@dataclass(frozen=True)
class DemoCase:
    partner: str
    title: str
    items: list[tuple[str, int, str]]  # technology name, quantity, transfer kind
    target: str
    value: str
    end_user: str
    by: str = "officer"
    extra_parties: tuple[tuple[str, str, str], ...] = ()  # role, name, country
    sector: str = "armed_forces"  # the end user's (amanah.cases.domain.PartySector)


CASES = [
    DemoCase("XA", "Two counter-rocket air-defence units for test and evaluation",
             [("Mobile all-weather counter-rocket air-defence system", 2, "sale"),
              ("Air-defence system technical-data package", 1, "sale")],
             "agreement_signed", "84000000.00", "Alpha Air Defence Command", by="alpha"),
    DemoCase("XB", "Composite armour know-how licence", [("Composite armour manufacturing process", 1, "know_how")],
             "release_review", "12500000.00", "Beta Defence Industries Authority", by="beta", sector="government"),
    DemoCase("XB", "Co-production of armoured patrol vehicles", [("Armoured patrol vehicle", 40, "co_production")],
             "awaiting_approval", "96000000.00", "Royal Beta Land Forces"),
    DemoCase("XA", "Simulator training for Alpha air force instructors",
             [("Flight simulator training package", 3, "training")], "end_use_monitoring",
             "2400000.00", "Alpha Air Force Academy"),
    DemoCase("XC", "Service rifle production licence", [("Service rifle production licence", 1, "ip_licence")],
             "refused", "3200000.00", "Gamma Ordnance Factory", sector="state_owned"),
    DemoCase("XD", "Joint development of a secure tactical radio",
             [("Secure tactical radio", 10, "joint_development")], "suspended", "3100000.00",
             "Delta Signals Directorate"),
    DemoCase("XC", "Network intrusion detection for Gamma ministry of defence",
             [("Network intrusion detection method", 1, "ip_licence")], "draft", "450000.00",
             "Gamma Ministry of Defence", sector="government"),
    DemoCase("XA", "Licensed production of armoured patrol vehicles",
             [("Armoured patrol vehicle", 120, "licensed_production")], "approved", "150000000.00",
             "Alpha Land Systems Corporation", sector="state_owned"),
    DemoCase("KP", "Coastal patrol boats", [("Coastal patrol boat", 4, "sale")], "compliance_review",
             "18000000.00", "Korean People's Navy"),
    DemoCase("XB", "Unmanned reconnaissance aircraft on loan for evaluation",
             [("Unmanned reconnaissance aircraft", 2, "loan_for_evaluation")], "compliance_review",
             "0.00", "Royal Beta Air Force", extra_parties=(("consignee", "Gulf Freight Logistics FZE", "AE"),)),
    DemoCase("XA", "Armoured patrol vehicles and secure radios for border guards",
             [("Armoured patrol vehicle", 12, "sale"), ("Secure tactical radio", 200, "sale")],
             "closed", "24600000.00", "Alpha Border Guard"),
    DemoCase("XC", "Simulator training for Gamma pilots", [("Flight simulator training package", 1, "training")],
             "withdrawn", "800000.00", "Gamma Air Wing"),
    DemoCase("XB", "Secure tactical radios for the royal guard", [("Secure tactical radio", 60, "sale")],
             "in_delivery", "1900000.00", "Royal Beta Guard"),
    DemoCase("XD", "Patrol vehicle training courses", [("Armoured patrol vehicle", 1, "training")],
             "submitted", "300000.00", "Delta Army Training Centre"),
]  # fmt: skip

PATH = ["draft", "submitted", "release_review", "compliance_review", "awaiting_approval", "approved",
        "agreement_signed", "in_delivery", "delivered", "end_use_monitoring", "closed"]  # fmt: skip


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
        _play(session, actors, tech_ids, demo, n)
        progress(demo.title)
    _programme_and_offsets(session, actors)
    progress("evaluation")
    _casework_tools(session, actors)
    # a small FICTIONAL list, so that the screening review has something to show: it names the
    # consignee of the reconnaissance-aircraft case, which becomes a hit waiting for review
    list_imports.import_list(session, SYSTEM, DEMO_LIST, "ftm")
    progress("screening")
    return True


def _play(
    session: Session, actors: dict[str, Actor], tech_ids: dict[str, int], demo: DemoCase, n: int
) -> None:
    opener = actors[demo.by]
    parties = [
        PartyIn(role="end_user", name=demo.end_user, country=demo.partner, sector=demo.sector)
    ]
    parties += [PartyIn(role=r, name=name, country=c, sector="private")
                for r, name, c in demo.extra_parties]  # fmt: skip
    case = cases.open_case(session, opener, CaseIn(
        partner=demo.partner, title=demo.title, value=Decimal(demo.value), currency="USD",
        transfer_date=date(2027, 1 + n % 12, 15),
        items=[LineItemIn(technology_id=tech_ids[t], quantity=q, kind=k) for t, q, k in demo.items],
        parties=parties))  # fmt: skip
    if demo.target == "draft":
        return
    submitter = opener if demo.by != "officer" else actors["officer"]
    step = _Steps(session, actors, case, submitter)
    if demo.target == "withdrawn":
        step.go("submit")
        step.go("withdraw", "partner no longer needs the training")
        return
    if demo.target == "refused":
        for action in ("submit", "start_release_review"):
            step.go(action)
        cases.record_release_decision(session, actors["board"], case.id, granted=False,
                                      reason="production technology for small arms is not released")  # fmt: skip
        step.go(
            "refuse", "release board: production licence for small arms is not releasable", "board"
        )
        return
    if demo.target == "suspended":
        step.through("approved")
        step.go("suspend", "partner reported a security breach in the programme office", "leader")
        return
    step.through(demo.target)


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


class _Steps:
    """Walks a demo case along the usual path, recording what each step needs first."""

    def __init__(
        self, session: Session, actors: dict[str, Actor], case: CaseRow, submitter: Actor
    ) -> None:
        self.session, self.actors, self.case, self.submitter = session, actors, case, submitter
        self.target = ""

    def go(self, action: str, reason: str = "", who: str | None = None) -> None:
        by = {"submit": self.submitter, "start_release_review": self.actors["officer"],
              "complete_release_review": self.actors["board"], "recommend": self.actors["export"],
              "approve": self.actors["leader"]}.get(action, self.actors[who or "officer"])  # fmt: skip
        cases.transition(self.session, by, self.case.id, action, reason or f"demo: {action}")

    SIMPLE = {
        "submitted": ("submit", ""),
        "release_review": ("start_release_review", ""),
        "approved": ("approve", "benefits to mutual security outweigh the residual risk"),
        "closed": ("close", "monitoring period ended without concerns"),
    }

    @property
    def delivered_early(self) -> bool:
        """Cases taken past the agreement had their deliveries in 2026 (so reports have data)."""
        return self.target not in ("agreement_signed", "approved")

    def through(self, target: str) -> None:
        self.target = target
        special = {
            "compliance_review": self.to_compliance_review,
            "awaiting_approval": self.to_awaiting_approval,
            "agreement_signed": self.to_agreement_signed,
            "in_delivery": self.to_in_delivery,
            "delivered": self.to_delivered,
            "end_use_monitoring": self.to_end_use_monitoring,
        }
        for state in PATH[1 : PATH.index(target) + 1]:
            if state in special:
                special[state]()
            else:
                self.go(*self.SIMPLE[state])

    def to_compliance_review(self) -> None:
        reason = "releasable to this partner at the requested level"
        board = self.actors["board"]
        cases.record_release_decision(
            self.session, board, self.case.id, granted=True, reason=reason
        )
        self.go("complete_release_review")

    def to_awaiting_approval(self) -> None:
        s, a, case = self.session, self.actors, self.case
        watched = case.partner_code == "XB"
        levels = dict.fromkeys(ART7_GROUNDS, "low")  # every ground assessed: none left missing
        levels["peace_and_security"] = "substantial" if watched else "low"
        cases.record_risk_assessment(s, a["export"], case.id, RiskAssessmentIn(
            **levels, mitigation="end-use monitoring visits twice a year" if watched else ""))  # fmt: skip
        add_document(s, a["officer"], case.id, kind="end_use_certificate",
                     filename=f"euc-{case.reference}.txt", content_type="text/plain",
                     content=f"End-use certificate for {case.reference} (demo)".encode())  # fmt: skip
        self.go("recommend")

    def to_agreement_signed(self) -> None:
        s, a, case = self.session, self.actors, self.case
        signed = date(2025, 11, 1) if self.delivered_early else date(2026, 10, 1)
        half = (case.value / 2).quantize(Decimal("0.01"))
        payments = [Payment(due_on=signed, amount=half, milestone="on signature"),
                    Payment(due_on=date(signed.year + 1, 6, 30), amount=case.value - half,
                            milestone="on final delivery")] if case.value else []  # fmt: skip
        partner = session_partner_name(s, case.partner_code)
        agreements.record_agreement(s, a["officer"], case, AgreementIn(
            kind=case.items[0].kind, value=case.value, currency=case.currency, signed_on=signed,
            valid_until=date(signed.year + 4, signed.month, signed.day),
            parties=[AgreementParty(name="Home State Defence Cooperation Directorate", role="supplier",
                                    country="XH"),
                     AgreementParty(name=partner, role="recipient", country=case.partner_code)],
            payment_schedule=payments, governing_law="Public international law (government to government)",
            signatories=[Signatory(name="Omar Case-Officer", title="Director of programmes",
                                   on_behalf_of="Home State Defence Cooperation Directorate", signed_on=signed),
                         Signatory(name=f"Ambassador of {partner}", title="Ambassador",
                                   on_behalf_of=partner, signed_on=signed)],
            retransfer_clause=True, end_use_undertakings="No retransfer without prior written consent.",
            retransfer_undertakings="No re-export, loan or transfer of title without the supplier's prior "
                                    "written consent; end use by the named end user only."))  # fmt: skip
        _notified_long_ago(s, a["export"], case)
        self.go("sign_agreement", "agreement signed by both parties")
        year = 2026 if self.delivered_early else 2027
        for item in case.items:  # each item in two deliveries
            first = max(1, item.quantity // 2)
            for month, quantity in ((2, first), (5, item.quantity - first)):
                if quantity:
                    deliveries.schedule_delivery(s, a["officer"], case, DeliveryIn(
                        description=f"Delivery {month // 2} of {item.quantity} × item {item.id} of {case.reference}",
                        quantity=quantity, scheduled_on=date(year, month, 1), line_item_id=item.id,
                        carrier="Government freight service"))  # fmt: skip

    def to_in_delivery(self) -> None:
        self.go("start_delivery", "first shipment left")
        first = agreements.deliveries_for(self.session, self.case.id)[0]
        deliveries.record_shipment(
            self.session, self.actors["officer"], self.case, first.id, first.scheduled_on
        )

    def to_delivered(self) -> None:
        s, case = self.session, self.case
        for delivery in agreements.deliveries_for(s, case.id):
            if delivery.status == "scheduled":
                serials = [
                    f"{case.reference}-{delivery.id}-{n + 1}"
                    for n in range(min(delivery.quantity, 5))
                ]
                deliveries.record_shipment(s, self.actors["officer"], case, delivery.id, ShipmentIn(
                    shipped_on=delivery.scheduled_on, serials=serials))  # fmt: skip
        liaison = next((a for a in self.actors.values() if a.country == case.partner_code), None)
        for delivery in agreements.deliveries_for(s, case.id):
            if liaison is not None and delivery.status == "shipped" and delivery.shipped_on:
                deliveries.confirm_receipt(s, liaison, case, delivery.id, ReceiptIn(
                    received_on=delivery.shipped_on + timedelta(days=12),
                    note="received complete at the end user's depot"))  # fmt: skip
        self.go("complete_delivery", "delivery verification signed")

    def to_end_use_monitoring(self) -> None:
        """A plan, and a check whose successor is overdue (the inbox shows it)."""
        s, case, officer = self.session, self.case, self.actors["officer"]
        self.go("begin_monitoring", "on-site checks under the monitoring plan")
        monitoring.record_plan(s, officer, case, PlanIn(
            level="enhanced", interval_months=6, first_due=date(2026, 6, 1),
            notes="Serial-number inventory at the end user's site"))  # fmt: skip
        sighted = [serial for d in agreements.deliveries_for(s, case.id) for serial in d.serials]
        monitoring.record_check(s, self.actors["export"], case, CheckIn(
            checked_on=date(2026, 5, 20), place="Alpha Air Force Academy, main simulator hall",
            inspector="Eman Export-Control", serials_sighted=sighted, finding="compliant",
            note="All delivered items sighted in use by the named end user."))  # fmt: skip


def session_partner_name(session: Session, code: str) -> str:
    return session.get_one(PartnerRow, code).name


def _notified_long_ago(session: Session, export: Actor, case: CaseRow) -> None:
    """A transfer above a notification threshold was notified before the demo's signature, its
    waiting period over."""
    from amanah.cases import notifications

    if notifications.required(session, case):
        notifications.record(session, export, case.id, date.today() - timedelta(days=45),
                             "notified to the oversight committee (demo)")  # fmt: skip


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
    step = _Steps(session, actors, licensed, actors["officer"])
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
