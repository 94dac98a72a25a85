"""Notification thresholds in use: which thresholds a case reaches (the compliance rule
`notification`), the notification recorded (export control or leadership), and the waiting
period before the agreement may be signed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanah.audit import service as audit
from amanah.audit.verbs import Verb
from amanah.cases import transfer_values, workflow
from amanah.cases.models import CaseRow, NotificationRow
from amanah.cases.service import _noted, get_case
from amanah.cases.transfer_values import ItemValue
from amanah.catalogue.models import TechnologyRow
from amanah.compliance.facts import CaseFacts
from amanah.compliance.rule import Finding
from amanah.compliance.rulesets.notification import (
    THRESHOLDS,
    Crossed,
    crossed,
    notification_threshold,
)
from amanah.db.base import utcnow
from amanah.errors import Forbidden, InvalidInput, Refused
from amanah.i18n import N_, Word, say
from amanah.partners.domain import Partner, RelationshipTier
from amanah.partners.models import PartnerRow
from amanah.reference import exchange_rates
from amanah.users.roles import Actor, Role

NOTIFIERS = (Role.EXPORT_CONTROL, Role.LEADERSHIP)


def _usd(currency: str) -> Callable[[Decimal], Decimal]:
    """From `currency` to USD at the reference rates; unchanged when the rate is not known."""

    def convert(amount: Decimal) -> Decimal:
        converted = exchange_rates().to_base(float(amount), currency)
        return amount if converted is None else Decimal(str(round(converted, 2)))

    return convert


def values_usd(session: Session, case: CaseRow) -> tuple[Decimal, Decimal]:
    """The case's value, and the part that is major defence equipment, in USD
    (`transfer_values.values_usd`)."""
    items = []
    for item in case.items:
        entries = item.assessed_control_entries
        if entries is None:
            entries = session.get_one(TechnologyRow, item.technology_id).control_entries
        items.append(ItemValue(tuple(entries), item.unit_value, item.quantity))
    return transfer_values.values_usd(case.value, items, _usd(case.currency))


def _tier(session: Session, case: CaseRow) -> str:
    return session.get_one(PartnerRow, case.partner_code).tier


def required(session: Session, case: CaseRow) -> list[Crossed]:
    value, mde = values_usd(session, case)
    return crossed(_tier(session, case), value, mde)


def findings(session: Session, case: CaseRow) -> list[Finding]:
    """The compliance rule's findings on this case (empty when no threshold is reached)."""
    value, mde = values_usd(session, case)
    partner = session.get_one(PartnerRow, case.partner_code)
    facts = CaseFacts(recipient=Partner(partner.code, partner.name,
                                        tier=RelationshipTier(partner.tier)),
                      on=utcnow().date(), items=(),
                      extra={"value_usd": value, "mde_value_usd": mde})  # fmt: skip
    return notification_threshold.check(facts, notification_threshold)


def _recorded(session: Session, case_id: int) -> list[NotificationRow]:
    return list(session.scalars(select(NotificationRow).where(NotificationRow.case_id == case_id)
                                .order_by(NotificationRow.id)))  # fmt: skip


def problem(session: Session, case: CaseRow, on: date) -> str | None:
    """Why the agreement may not be signed yet on `on`; None when nothing stands in the way."""
    needed = required(session, case)
    if not needed:
        return None
    done = _recorded(session, case.id)
    if not done:
        names = ", ".join(say(THRESHOLDS[c.threshold]) for c in needed)
        return say(N_("the transfer reaches a notification threshold (%(names)s) and is not "
                      "notified yet"), names=names)  # fmt: skip
    until = max(n.waiting_until for n in done)
    if on < until:
        return say(
            N_("the notification's waiting period runs until %(day)s"), day=until.isoformat()
        )
    return None


def record(session: Session, actor: Actor, case_id: int, notified_on: date,
           note: str = "") -> list[NotificationRow]:  # fmt: skip
    """Record that the transfer was notified on `notified_on`; the waiting period of each
    threshold reached starts then."""
    if not actor.has(*NOTIFIERS):
        raise Forbidden(N_("export control or leadership records notifications"))
    case = get_case(session, actor, case_id)
    if workflow.CaseState(case.state) in workflow.FINAL_STATES:
        raise Refused(
            N_("case %(reference)s is %(state)s"),
            field="state",
            values={"reference": case.reference, "state": Word(case.state)},
        )
    needed = required(session, case)
    if not needed:
        raise Refused(N_("case %(reference)s reaches no notification threshold"),
                      field="case_id", values={"reference": case.reference})  # fmt: skip
    if notified_on > utcnow().date():
        raise InvalidInput(N_("a notification cannot be recorded before it is made"),
                           field="notified_on")  # fmt: skip
    tier = _tier(session, case)
    rows = [NotificationRow(case_id=case.id, threshold=c.threshold, tier=tier, value=c.value,
                            limit=c.limit, currency="USD", waiting_days=c.waiting_days,
                            notified_on=notified_on,
                            waiting_until=notified_on + timedelta(days=c.waiting_days),
                            notified_by=actor.username, note=note.strip()) for c in needed]  # fmt: skip
    session.add_all(rows)
    until = max(r.waiting_until for r in rows)
    _noted(
        case,
        actor,
        "notified",
        N_("notified on %(on)s; may be signed from %(until)s"),
        {"on": notified_on, "until": until},
    )
    session.flush()
    audit.record(session, actor, Verb.NOTIFICATION_RECORDED, "case", case.id,
                 after={"notified_on": notified_on.isoformat(), "waiting_until": until.isoformat(),
                        "thresholds": [c.threshold for c in needed]})  # fmt: skip
    return rows


def status(session: Session, actor: Actor, case_id: int) -> dict[str, Any]:
    case = get_case(session, actor, case_id)
    value, mde = values_usd(session, case)
    today = utcnow().date()
    return {
        "case_id": case.id, "tier": _tier(session, case), "value_usd": str(value),
        "mde_value_usd": str(mde),
        "thresholds": [{"threshold": c.threshold, "value_usd": str(c.value),
                        "limit_usd": str(c.limit), "waiting_days": c.waiting_days}
                       for c in required(session, case)],
        "findings": [f.as_dict() for f in findings(session, case)],
        "notifications": [{"threshold": n.threshold, "notified_on": n.notified_on,
                           "waiting_until": n.waiting_until, "notified_by": n.notified_by,
                           "note": n.note} for n in _recorded(session, case.id)],
        "blocks_signature": problem(session, case, today),
    }  # fmt: skip
