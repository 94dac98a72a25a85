"""Where one domain's change meets another's: the handlers of domain events, each a thin
adapter from an event to one domain service, and the table (`HANDLERS`) the message bus routes
by. This module is the only one that imports the services of several domains; none of them
imports it (see the import-linter contracts in pyproject.toml). docs/events.md renders the table.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from amanah.agreements import deliveries
from amanah.agreements import service as agreements
from amanah.cases import service as cases
from amanah.cases.models import CaseRow, PartyRow
from amanah.compliance import bulk
from amanah.compliance import service as compliance
from amanah.events import (
    AuthorisationToReassess,
    CaseChanged,
    CaseProhibited,
    CaseTransitioned,
    EndUseFindingRecorded,
    Event,
    HitReviewed,
    JobQueued,
    PartnerFactsChanged,
    PartyAdded,
    PartyWithdrawn,
    RenewalOverdue,
    ScreeningHitsRaised,
)
from amanah.jobs import runner
from amanah.jobs import service as jobs
from amanah.monitoring import alerts
from amanah.routing import service as routing
from amanah.screening import service as screening
from amanah.users.roles import SYSTEM, Actor, Role

Handler = Callable[[Session, Any], None]


class Phase(enum.Enum):
    SAME_UNIT = "in the same unit of work"
    AFTER_COMMIT = "after the unit of work commits"


@dataclass(frozen=True)
class Subscription:
    event: type[Event]
    handler: Handler
    phase: Phase = Phase.SAME_UNIT

    @property
    def name(self) -> str:
        return f"{self.handler.__module__}.{self.handler.__qualname__}"

    @property
    def summary(self) -> str:
        return " ".join((self.handler.__doc__ or "").strip().split("\n\n")[0].split())


# ---- compliance reacts to facts changing ---------------------------------------------------


def assess_changed_case(session: Session, event: CaseChanged) -> None:
    """Re-assess the case (compliance.service.assess_case): a change of facts is a new
    snapshot, stored when its findings differ."""
    compliance.assess_case(session, event.actor, session.get_one(CaseRow, event.case_id))


def reassess_after_hits(session: Session, event: ScreeningHitsRaised) -> None:
    """Re-assess the case (compliance.service.reassess_case): its screening finding now blocks
    approval; newly prohibited, it is suspended."""
    compliance.reassess_case(session, SYSTEM, session.get_one(CaseRow, event.case_id))


def reassess_after_review(session: Session, event: HitReviewed) -> None:
    """Re-assess the reviewed party's case (compliance.service.reassess_case)."""
    compliance.reassess_case(session, event.actor, session.get_one(CaseRow, event.case_id))


def reassess_partner_cases(session: Session, event: PartnerFactsChanged) -> None:
    """Re-assess the open cases of the partner, or of every partner: with a queue
    (PostgreSQL), a `reassess` job recorded with the change and split across the workers once
    it commits; in a web server on SQLite, the same job in its background thread; elsewhere
    (the CLI), at once (compliance.bulk.reassess_open_cases)."""
    if jobs.uses_queue(session.get_bind().engine) or runner.in_thread():
        args = {"partner": event.partner} if event.partner else {}
        jobs.start(session, SYSTEM, "reassess", args, key=f"reassess:{event.partner or '*'}")
    else:
        bulk.reassess_open_cases(session, event.actor, partner=event.partner)


# ---- jobs ----------------------------------------------------------------------------------


def submit_job(session: Session, event: JobQueued) -> None:
    """Hand the committed job to the queue, or run it in this process (amanah.jobs.runner)."""
    runner.submit(session.get_bind().engine, event.job_id)


# ---- screening reacts to parties -----------------------------------------------------------


def screen_new_party(session: Session, event: PartyAdded) -> None:
    """Screen the party against every list (screening.service.screen_party); its hits feed the
    case's screening finding."""
    screening.screen_party(session, session.get_one(PartyRow, event.party_id))


def forget_withdrawn_party(session: Session, event: PartyWithdrawn) -> None:
    """Drop the party's open hits (screening.service.forget_party_hits); refused when its hits
    were reviewed."""
    screening.forget_party_hits(session, session.get_one(PartyRow, event.party_id))


# ---- cases and agreements react to suspensions and hits ------------------------------------


def suspend_prohibited_case(session: Session, event: CaseProhibited) -> None:
    """Suspend the case when it was active (cases.service.transition, by the system)."""
    if event.suspend:
        note = alerts.suspended_as_prohibited(list(event.reason_messages) or event.reasons)
        cases.transition(session, SYSTEM, event.case_id, "suspend", str(note), said=note)


def hold_deliveries(session: Session, event: CaseProhibited) -> None:
    """Put the suspended case's unshipped deliveries on hold (agreements.deliveries.hold_unshipped)."""
    if event.suspend:
        deliveries.hold_unshipped(session, SYSTEM, event.case_id)


def alert_owner_of_prohibition(session: Session, event: CaseProhibited) -> None:
    """Alert the case's owner that it is now prohibited (agreements.service.raise_alert)."""
    agreements.raise_alert(session, user_id=event.owner_id, case_id=event.case_id,
                           kind="newly_prohibited",
                           message=alerts.newly_prohibited(
                               event.reference, list(event.reason_messages) or event.reasons))  # fmt: skip


def alert_owner_of_hits(session: Session, event: ScreeningHitsRaised) -> None:
    """Alert the case's owner to review the hits before approval (agreements.service.raise_alert)."""
    case = session.get_one(CaseRow, event.case_id)
    message = alerts.screening_hit(case.reference, list(event.entries))
    agreements.raise_alert(
        session, user_id=case.owner_id, case_id=case.id, kind="screening_hit", message=message
    )


def alert_owner_to_reassess(session: Session, event: AuthorisationToReassess) -> None:
    """Alert the authorised case's owner to reassess it (agreements.service.raise_alert)."""
    agreements.raise_alert(session, user_id=event.owner_id, case_id=event.case_id,
                           kind="reassess_authorisation", message=event.message)  # fmt: skip


def alert_renewal_overdue(session: Session, event: RenewalOverdue) -> None:
    """Alert export control that a measure's renewal is not recorded (agreements.service.raise_alert)."""
    agreements.raise_alert(session, user_id=None, case_id=None, kind=event.kind,
                           message=event.message)  # fmt: skip


# ---- cases and agreements react to end-use findings ----------------------------------------


def alert_owner_of_finding(session: Session, event: EndUseFindingRecorded) -> None:
    """Alert the case's owner to the discrepancy or violation (agreements.service.raise_alert)."""
    agreements.raise_alert(session, user_id=event.owner_id, case_id=event.case_id,
                           kind=f"end_use_{event.finding}", message=event.what)  # fmt: skip


def suspend_after_finding(session: Session, event: EndUseFindingRecorded) -> None:
    """Suspend the case and hold its unshipped deliveries when the finding calls for it
    (cases.service.transition, agreements.deliveries.hold_unshipped): by the recorder when their
    roles suspend, by the system otherwise."""
    if not event.suspend:
        return
    actor = event.actor
    by = (
        actor
        if isinstance(actor, Actor) and actor.has(Role.EXPORT_CONTROL, Role.LEADERSHIP)
        else SYSTEM
    )
    cases.transition(session, by, event.case_id, "suspend", str(event.what))
    deliveries.hold_unshipped(session, by, event.case_id)


# ---- routing reacts to a case entering review ----------------------------------------------


def route_entering_review(session: Session, event: CaseTransitioned) -> None:
    """Route a case that was submitted, amended or sent back for a retransfer to its teams'
    queues under the routing table in force (routing.service.route_case)."""
    actor = event.actor if isinstance(event.actor, Actor) else SYSTEM
    routing.after_transition(session, actor, event.case_id, event.action)


HANDLERS: list[Subscription] = [
    Subscription(CaseTransitioned, route_entering_review),
    Subscription(PartyAdded, screen_new_party),
    Subscription(PartyWithdrawn, forget_withdrawn_party),
    Subscription(CaseChanged, assess_changed_case),
    Subscription(ScreeningHitsRaised, alert_owner_of_hits),
    Subscription(ScreeningHitsRaised, reassess_after_hits),
    Subscription(HitReviewed, reassess_after_review),
    Subscription(CaseProhibited, suspend_prohibited_case),
    Subscription(CaseProhibited, hold_deliveries),
    Subscription(CaseProhibited, alert_owner_of_prohibition),
    Subscription(AuthorisationToReassess, alert_owner_to_reassess),
    Subscription(RenewalOverdue, alert_renewal_overdue),
    Subscription(PartnerFactsChanged, reassess_partner_cases),
    Subscription(JobQueued, submit_job, Phase.AFTER_COMMIT),
    Subscription(EndUseFindingRecorded, alert_owner_of_finding),
    Subscription(EndUseFindingRecorded, suspend_after_finding),
]
"""Every subscription, in the order the bus runs them for one event class."""
