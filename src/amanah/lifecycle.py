"""What an end-use finding sets off across domains: the alert and the suspension of the case.
The finding itself is the partner's end-use record (`monitoring.partner_record`, shown on the
partner's page): writing it into the partner's risk notes would re-assess every open case of
the partner (11.6 s for 25,334 cases), though no rule reads those notes.

Pages, the API and the command line call this, so that no domain service reaches into
another's (until the domain-event bus carries these reactions)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from amanah.agreements import service as agreements
from amanah.cases import service as cases
from amanah.cases import workflow
from amanah.errors import Forbidden
from amanah.i18n import N_
from amanah.monitoring import service as monitoring
from amanah.monitoring.models import EndUseCheckRow
from amanah.monitoring.schemas import CheckIn
from amanah.users.roles import SYSTEM, Actor, Role

SUSPENDERS = (Role.EXPORT_CONTROL, Role.LEADERSHIP)


def record_end_use_check(
    session: Session, actor: Actor, case_id: int, data: CheckIn
) -> EndUseCheckRow:
    """Record the check (it enters the partner's end-use record); a discrepancy or a violation
    raises an alert; a violation suspends the case, a discrepancy when asked to (by someone who
    may suspend)."""
    monitoring.require_monitor(actor)
    case = cases.get_case(session, actor, case_id, for_update=True)
    if data.suspend and data.finding == "discrepancy" and not actor.has(*SUSPENDERS):
        raise Forbidden(N_("only export control and leadership suspend a case"), field="suspend")
    check = monitoring.record_check(session, actor, case, data)
    if data.finding == "compliant":
        return check
    what = (
        f"end-use {data.finding} on {case.reference} ({data.checked_on.isoformat()}, {data.place})"
    )
    agreements.raise_alert(session, user_id=case.owner_id, case_id=case.id,
                           kind=f"end_use_{data.finding}",
                           message=f"{what}: {data.note or 'see the check'}")  # fmt: skip
    active = workflow.CaseState(case.state) in workflow.ACTIVE_STATES
    if active and (data.finding == "violation" or data.suspend):
        by = actor if actor.has(*SUSPENDERS) else SYSTEM
        cases.transition(session, by, case.id, "suspend", f"{what}: {data.note}".strip(": "))
        agreements.hold_unshipped(session, by, case.id)
    return check
