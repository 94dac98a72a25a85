"""The release board sets how long a release holds, and renews an expired one."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanah.audit import service as audit
from amanah.audit.verbs import Verb
from amanah.cases import release_validity
from amanah.cases.models import ReleaseValidityRow
from amanah.cases.service import _noted, get_case, record_release_decision
from amanah.db.base import utcnow
from amanah.errors import Forbidden, InvalidInput, Refused
from amanah.i18n import N_
from amanah.users.roles import Actor, Role


def _check(actor: Actor, months: int) -> None:
    if not actor.has(Role.RELEASE_BOARD):
        raise Forbidden(N_("only the technology-release board sets how long a release holds"))
    if not 1 <= months <= 120:
        raise InvalidInput(N_("a release holds for 1 to 120 months (usually 24 or 48)"),
                           field="months")  # fmt: skip


def set_validity(session: Session, actor: Actor, case_id: int, months: int,
                 valid_from: date | None = None) -> ReleaseValidityRow:  # fmt: skip
    """How long the case's latest granted release holds, for the case's recipient."""
    _check(actor, months)
    case = get_case(session, actor, case_id)
    current = release_validity.status(session, case)
    if current.decision_id is None:
        raise Refused(N_("case %(reference)s has no granted technology release"),
                      field="case_id", values={"reference": case.reference})  # fmt: skip
    start = valid_from or current.valid_from or utcnow().date()
    row = session.scalar(select(ReleaseValidityRow).where(
        ReleaseValidityRow.decision_id == current.decision_id))  # fmt: skip
    if row is None:
        row = ReleaseValidityRow(decision_id=current.decision_id, case_id=case.id,
                                 recipient=case.partner_code, months=months, valid_from=start,
                                 valid_until=release_validity.add_months(start, months))  # fmt: skip
        session.add(row)
    else:
        row.months, row.valid_from = months, start
        row.valid_until = release_validity.add_months(start, months)
    _noted(
        case,
        actor,
        "release_validity",
        N_("valid for %(partner)s from %(start)s until %(end)s"),
        {"partner": case.partner_code, "start": start, "end": row.valid_until},
    )
    session.flush()
    audit.record(session, actor, Verb.DECISION_RECORDED, "case", case.id,
                 before=None if current.valid_until is None else
                 {"valid_until": current.valid_until.isoformat()},
                 after={"kind": "release_validity", "months": months,
                        "valid_until": row.valid_until.isoformat()})  # fmt: skip
    return row


def renew(session: Session, actor: Actor, case_id: int, months: int,
          reason: str) -> ReleaseValidityRow:  # fmt: skip
    """A new release decision for the recipient, holding from today for `months`."""
    _check(actor, months)
    record_release_decision(session, actor, case_id, granted=True, reason=reason)
    return set_validity(session, actor, case_id, months, utcnow().date())


def status(session: Session, actor: Actor, case_id: int) -> dict[str, Any]:
    case = get_case(session, actor, case_id)
    found = release_validity.status(session, case)
    today = utcnow().date()
    return {"case_id": case.id, "decision_id": found.decision_id, "recipient": found.recipient,
            "valid_from": found.valid_from, "valid_until": found.valid_until,
            "months": found.months, "set_by_board": found.explicit,
            "problem": found.problem(case.partner_code, today)}  # fmt: skip
