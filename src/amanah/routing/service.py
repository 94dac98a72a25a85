"""The routing table's versions (four eyes: an administrator proposes, another confirms) and
the routing of cases: the flags the active table sets on a case and the queues it goes to."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from amanah.agreements.models import AgreementRow, OffsetObligationRow
from amanah.audit import service as audit
from amanah.audit.verbs import Verb
from amanah.cases import workflow
from amanah.cases.models import CaseRow
from amanah.catalogue.domain import ControlEntry
from amanah.catalogue.models import TechnologyRow
from amanah.db.base import utcnow
from amanah.errors import Conflict, Forbidden, InvalidInput, NotFound, Refused
from amanah.i18n import N_
from amanah.partners.models import PartnerRow
from amanah.reference import exchange_rates, routing_table_text
from amanah.routing import rules
from amanah.routing.models import CaseFlagRow, CaseQueueRow, RuleSetRow
from amanah.users.roles import Actor, Role

PACKAGE_VERSION = 1  # the table in amanah/data/routing.yaml, until a later one is confirmed
APPROVED_OR_LATER = frozenset({workflow.S.APPROVED, workflow.S.AGREEMENT_SIGNED,
                               workflow.S.IN_DELIVERY, workflow.S.DELIVERED,
                               workflow.S.END_USE_MONITORING, workflow.S.CLOSED})  # fmt: skip


def require_admin(actor: Actor) -> None:
    if not actor.has(Role.ADMINISTRATOR):
        raise Forbidden(N_("only administrators change the routing table"))


def require_reader(actor: Actor) -> None:
    if actor.is_partner:
        raise Forbidden(N_("the routing table is for the directorate's staff"))


@dataclass(frozen=True)
class ActiveTable:
    number: int
    text: str
    table: rules.Table


def package_table() -> ActiveTable:
    text = routing_table_text()
    return ActiveTable(PACKAGE_VERSION, text, rules.parse_yaml(text))


def active(session: Session) -> ActiveTable:
    row = session.scalar(select(RuleSetRow).where(RuleSetRow.status == "active"))
    if row is None:
        return package_table()
    text = str(row.table["yaml"])
    return ActiveTable(row.number, text, rules.parse_yaml(text))


def versions(session: Session, actor: Actor) -> list[RuleSetRow]:
    require_reader(actor)
    return list(session.scalars(select(RuleSetRow).order_by(RuleSetRow.number.desc()).limit(200)))


def get_version(session: Session, actor: Actor, number: int) -> RuleSetRow:
    require_reader(actor)
    row = session.scalar(select(RuleSetRow).where(RuleSetRow.number == number))
    if row is None:
        raise NotFound(
            N_("no routing table version %(number)s"), field="number", values={"number": number}
        )
    return row


def propose(session: Session, actor: Actor, text: str, reason: str) -> RuleSetRow:
    """A new version of the table, checked now; it takes effect when a second administrator
    confirms it."""
    require_admin(actor)
    if not reason.strip():
        raise InvalidInput(N_("give the reason for the change"), field="reason")
    rules.parse_yaml(text)
    current = active(session)
    if text.strip() == current.text.strip():
        raise InvalidInput(N_("the proposed table is the same as the one in force"), field="table")
    last = session.scalar(select(func.max(RuleSetRow.number))) or PACKAGE_VERSION
    row = RuleSetRow(number=last + 1, table={"yaml": text, "based_on": current.number},
                     status="pending", reason=reason.strip(), proposed_by=actor.username,
                     proposed_by_id=actor.user_id, proposed_at=utcnow(), decision_note="")  # fmt: skip
    session.add(row)
    session.flush()
    audit.record(session, actor, Verb.ROUTING_PROPOSED, "routing_table", row.number,
                 before={"number": current.number},
                 after={"number": row.number, "reason": row.reason, "yaml": text})  # fmt: skip
    return row


def _pending(session: Session, actor: Actor, number: int) -> RuleSetRow:
    require_admin(actor)
    row = get_version(session, actor, number)
    if row.status != "pending":
        raise Refused(
            N_("routing table version %(number)s is already %(status)s"),
            field="number",
            values={"number": number, "status": row.status},
        )
    return row


def confirm(session: Session, actor: Actor, number: int, note: str = "") -> RuleSetRow:
    row = _pending(session, actor, number)
    if row.proposed_by_id == actor.user_id or row.proposed_by == actor.username:
        raise Refused(N_("four eyes: the person who proposed a routing table cannot confirm it"),
                      field="number")  # fmt: skip
    current = active(session)
    if row.table.get("based_on") != current.number:
        raise Conflict(N_("version %(number)s came into force after this proposal was made;"
                          " reject it and propose again"), field="number",
                          values={"number": current.number})  # fmt: skip
    for other in session.scalars(select(RuleSetRow).where(RuleSetRow.status == "active")):
        other.status = "superseded"
    row.status, row.decided_by, row.decided_at = "active", actor.username, utcnow()
    row.decision_note = note.strip()
    session.flush()
    audit.record(session, actor, Verb.ROUTING_CONFIRMED, "routing_table", row.number,
                 before={"number": current.number}, after={"number": row.number, "note": note})  # fmt: skip
    return row


def reject(session: Session, actor: Actor, number: int, note: str = "") -> RuleSetRow:
    row = _pending(session, actor, number)
    row.status, row.decided_by, row.decided_at = "rejected", actor.username, utcnow()
    row.decision_note = note.strip()
    audit.record(session, actor, Verb.ROUTING_REJECTED, "routing_table", row.number,
                 after={"number": row.number, "note": note})  # fmt: skip
    return row


# --- routing a case ----------------------------------------------------------------------------


def _usd(amount: Decimal, currency: str) -> Decimal:
    converted = exchange_rates().to_base(float(amount), currency)
    return Decimal(str(round(converted, 2))) if converted is not None else amount


def facts_of(session: Session, case: CaseRow) -> rules.CaseFacts:
    partner = session.get_one(PartnerRow, case.partner_code)
    earlier = session.scalar(select(func.count()).select_from(CaseRow).where(
        CaseRow.partner_code == case.partner_code, CaseRow.id != case.id,
        CaseRow.state.in_([s.value for s in APPROVED_OR_LATER]))) or 0  # fmt: skip
    offsets = session.execute(
        select(OffsetObligationRow.value, OffsetObligationRow.currency)
        .join(AgreementRow, AgreementRow.id == OffsetObligationRow.agreement_id)
        .where(AgreementRow.case_id == case.id)).all()  # fmt: skip
    items = []
    for item in case.items:
        tech = session.get_one(TechnologyRow, item.technology_id)
        entries = tuple(item.assessed_control_entries if item.assessed_control_entries
                        is not None else tech.control_entries)  # fmt: skip
        level = (item.assessed_classification if item.assessed_classification is not None
                 else tech.classification)  # fmt: skip
        categories = tuple(c for e in entries if (c := ControlEntry(e).mtcr_category))
        items.append(rules.ItemFacts(item.id, item.kind, level, entries, categories))
    return rules.CaseFacts(
        id=case.id, value_usd=_usd(case.value, case.currency),
        offset_value_usd=sum((_usd(v, c) for v, c in offsets), Decimal(0)),
        partner=rules.PartnerFacts(partner.code, partner.tier, frozenset(partner.memberships),
                                   earlier),
        items=tuple(items),
        parties=tuple(rules.PartyFacts(p.id, p.role, p.country) for p in case.parties),
    )  # fmt: skip


def route_case(session: Session, actor: Actor, case_id: int) -> rules.Routing:
    """Flag the case and send it to its queues under the table in force; routing again
    replaces what an earlier routing said."""
    case = session.get(CaseRow, case_id)
    if case is None or not actor.may_see_state(case.partner_code):
        raise NotFound(N_("no case %(case_id)s"), field="case_id", values={"case_id": case_id})
    if case.state == workflow.S.DRAFT.value:
        raise Refused(N_("case %(reference)s is a draft: it is routed when submitted"),
                      field="state", values={"reference": case.reference})  # fmt: skip
    table = active(session)
    routing = rules.route(table.table, facts_of(session, case))
    before = _stored(session, case.id)
    session.execute(delete(CaseFlagRow).where(CaseFlagRow.case_id == case.id))
    session.execute(delete(CaseQueueRow).where(CaseQueueRow.case_id == case.id))
    now = utcnow()
    for flag in routing.flags:
        session.add(CaseFlagRow(case_id=case.id, subject=flag.subject, subject_id=flag.subject_id,
                                flag=flag.rule, rule_set=table.number, at=now))  # fmt: skip
    for queue, why in routing.queues.items():
        session.add(CaseQueueRow(case_id=case.id, queue=queue, because=list(why),
                                 rule_set=table.number, routed_at=now))  # fmt: skip
    session.flush()
    after = {"queues": sorted(routing.queues), "flags": sorted({f.rule for f in routing.flags}),
             "rule_set": table.number}  # fmt: skip
    audit.record(session, actor, Verb.CASE_ROUTED, "case", case.id, before=before, after=after)
    return routing


def _stored(session: Session, case_id: int) -> dict[str, Any]:
    queues = session.scalars(select(CaseQueueRow.queue).where(CaseQueueRow.case_id == case_id))
    flags = session.scalars(select(CaseFlagRow.flag).where(CaseFlagRow.case_id == case_id))
    return {"queues": sorted(queues), "flags": sorted(set(flags))}


def routing_of(session: Session, actor: Actor, case_id: int) -> dict[str, Any]:
    """The stored flags and queues of a case, with their labels (staff only)."""
    require_reader(actor)
    case = session.get(CaseRow, case_id)
    if case is None:
        raise NotFound(N_("no case %(case_id)s"), field="case_id", values={"case_id": case_id})
    table = active(session).table
    labels = {r.id: r.label for r in table.rules}
    queue_labels = {q.key: q.label for q in table.queues}
    flags = session.scalars(select(CaseFlagRow).where(CaseFlagRow.case_id == case_id)
                            .order_by(CaseFlagRow.id))  # fmt: skip
    queues = session.scalars(select(CaseQueueRow).where(CaseQueueRow.case_id == case_id)
                             .order_by(CaseQueueRow.id))  # fmt: skip
    return {
        "case_id": case_id,
        "flags": [{"flag": f.flag, "label": labels.get(f.flag, f.flag), "on": f.subject,
                   "subject_id": f.subject_id, "rule_set": f.rule_set} for f in flags],
        "queues": [{"queue": q.queue, "label": queue_labels.get(q.queue, q.queue),
                    "because": q.because, "rule_set": q.rule_set, "routed_at": q.routed_at,
                    # the rules' labels ("always": a queue that receives every case)
                    "reasons": [labels.get(b, b) for b in q.because]}
                   for q in queues],
    }  # fmt: skip


def queue_cases(session: Session, actor: Actor, queue: str, limit: int = 100) -> list[CaseRow]:
    """Open cases routed to a queue, oldest routing first."""
    require_reader(actor)
    if queue not in active(session).table.queue_keys:
        raise NotFound(N_("no queue %(queue)r"), field="queue", values={"queue": queue})
    open_states = [s.value for s in workflow.OPEN_STATES]
    stmt = (select(CaseRow).join(CaseQueueRow, CaseQueueRow.case_id == CaseRow.id)
            .where(CaseQueueRow.queue == queue, CaseRow.state.in_(open_states))
            .order_by(CaseQueueRow.routed_at, CaseRow.id).limit(limit))  # fmt: skip
    return list(session.scalars(stmt))


#: the steps after which a case is routed (again): it enters or re-enters review
ROUTED_ON = frozenset({"submit", "amend", "request_retransfer"})


def after_transition(session: Session, actor: Actor, case_id: int, action: str) -> None:
    """After a lifecycle step (the handler of `CaseTransitioned`; cases do not import routing):
    a case entering review is routed under the table in force."""
    if action in ROUTED_ON:
        route_case(session, actor, case_id)
