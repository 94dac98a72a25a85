"""The demo's cases: what each one is (the seed's case study first, then a dozen others across
every transfer kind and state) and how it is walked along the usual path to its state, with
the agreement, deliveries and end-use checks the states after approval need (`amanah.demo`
loads them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from amanah.agreements import deliveries
from amanah.agreements import service as agreements
from amanah.agreements.schemas import (
    AgreementIn,
    AgreementParty,
    DeliveryIn,
    Payment,
    ReceiptIn,
    ShipmentIn,
    Signatory,
)
from amanah.cases import service as cases
from amanah.cases.documents import add_document
from amanah.cases.models import CaseRow
from amanah.cases.schemas import CaseIn, LineItemIn, PartyIn, RiskAssessmentIn
from amanah.compliance.facts import ART7_GROUNDS
from amanah.monitoring import service as monitoring
from amanah.monitoring.schemas import CheckIn, PlanIn
from amanah.partners.models import PartnerRow
from amanah.users.roles import Actor


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


def play(
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
    step = Steps(session, actors, case, submitter)
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


class Steps:
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
