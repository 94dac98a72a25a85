"""The screening review: each party's state as the compliance rule reads it, and the officer's
decision on a hit (true match or false positive, with a reason, audited). A false positive is
remembered for that party and that entry, until the entry changes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanah import events
from amanah.audit import service as audit
from amanah.audit.verbs import Verb
from amanah.cases.models import PartyRow
from amanah.db.base import utcnow
from amanah.errors import Conflict, Forbidden, InvalidInput, NotFound
from amanah.events import HitReviewed
from amanah.i18n import N_
from amanah.screening.models import RememberedDecisionRow, ScreeningHitRow
from amanah.screening.queries import states_for as states_for
from amanah.screening.service import fingerprint, query_of
from amanah.users.roles import Actor, Role

DECISIONS = ("true_match", "false_positive")


def review_hit(
    session: Session, actor: Actor, hit_id: int, decision: str, reason: str
) -> ScreeningHitRow:
    """Mark a hit; the case is re-assessed (`HitReviewed`)."""
    if not actor.has(Role.EXPORT_CONTROL):
        raise Forbidden(N_("only an export-control officer reviews screening hits"))
    if decision not in DECISIONS:
        raise InvalidInput(N_("decision is true_match or false_positive"), field="decision")
    if not reason.strip():
        raise InvalidInput(N_("a review needs a reason"), field="reason")
    hit = session.get(ScreeningHitRow, hit_id)
    if hit is None:
        raise NotFound(N_("no screening hit %(hit_id)s"), field="hit_id", values={"hit_id": hit_id})
    if hit.status != "open":
        raise Conflict(
            N_("hit %(hit_id)s was already reviewed (%(status)s by %(reviewed_by)s)"),
            values={"hit_id": hit_id, "status": hit.status, "reviewed_by": hit.reviewed_by},
        )
    hit.status, hit.reason, hit.reviewed_by, hit.reviewed_at = (
        decision,
        reason.strip(),
        actor.username,
        utcnow(),
    )
    party = session.get_one(PartyRow, hit.party_id)
    if decision == "false_positive":
        print_ = fingerprint(query_of(party))
        memory = session.scalar(
            select(RememberedDecisionRow).where(
                RememberedDecisionRow.fingerprint == print_,
                RememberedDecisionRow.list_name == hit.list_name,
                RememberedDecisionRow.entity_id == hit.entity_id,
            )
        )
        if memory is None:
            memory = RememberedDecisionRow(
                fingerprint=print_, list_name=hit.list_name, entity_id=hit.entity_id
            )
            session.add(memory)
        memory.entity_hash, memory.hit_id = hit.entity_hash, hit.id
        memory.decided_by, memory.reason, memory.decided_at = (
            actor.username,
            reason.strip(),
            utcnow(),
        )
    session.flush()
    audit.record(session, actor, Verb.SCREENING_REVIEWED, "screening_hit", hit.id,
                 before={"status": "open"}, after={"status": decision, "reason": reason.strip()})  # fmt: skip
    events.record(session, HitReviewed(party.case_id, hit.id, decision, actor))
    return hit
