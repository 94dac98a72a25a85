"""The screening review: each party's state as the compliance rule reads it, and the officer's
decision on a hit (true match or false positive, with a reason, audited). A false positive is
remembered for that party and that entry, until the entry changes."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanah.audit import service as audit
from amanah.audit.verbs import Verb
from amanah.compliance.facts import ScreeningState
from amanah.db.base import utcnow
from amanah.errors import Conflict, Forbidden, InvalidInput, NotFound
from amanah.i18n import N_
from amanah.screening.models import RememberedDecisionRow, ScreeningHitRow
from amanah.users.roles import Actor, Role

DECISIONS = ("true_match", "false_positive")


def states_for(session: Session, party_ids: Iterable[int]) -> dict[int, tuple[ScreeningState, str]]:
    ids = list(party_ids)
    result: dict[int, tuple[ScreeningState, str]] = {}
    if not ids:
        return result
    wanted = set(ids)
    stmt = select(ScreeningHitRow)
    if len(ids) <= 1000:  # a bulk re-run reads every hit rather than bind 100,000 ids
        stmt = stmt.where(ScreeningHitRow.party_id.in_(ids))
    for hit in session.scalars(stmt):
        if hit.party_id not in wanted:
            continue
        note = f"{hit.list_name} {hit.entity_id} {hit.entity_name}, score {hit.score:.2f}"
        current = result.get(hit.party_id, (ScreeningState.CLEAR, ""))[0]
        if hit.status == "true_match":
            result[hit.party_id] = (ScreeningState.TRUE_MATCH, note)
        elif hit.status == "open" and current is not ScreeningState.TRUE_MATCH:
            result[hit.party_id] = (ScreeningState.UNRESOLVED, note)
    return result


def review_hit(
    session: Session, actor: Actor, hit_id: int, decision: str, reason: str
) -> ScreeningHitRow:
    """Mark a hit; the case is re-assessed in the same transaction."""
    from amanah.cases.models import CaseRow, PartyRow
    from amanah.compliance.service import reassess_case
    from amanah.screening.service import fingerprint, query_of

    if not actor.has(Role.EXPORT_CONTROL):
        raise Forbidden(N_("only an export-control officer reviews screening hits"))
    if decision not in DECISIONS:
        raise InvalidInput(N_("decision is true_match or false_positive"), field="decision")
    if not reason.strip():
        raise InvalidInput(N_("a review needs a reason"), field="reason")
    hit = session.get(ScreeningHitRow, hit_id)
    if hit is None:
        raise NotFound(f"no screening hit {hit_id}", field="hit_id")
    if hit.status != "open":
        raise Conflict(f"hit {hit_id} was already reviewed ({hit.status} by {hit.reviewed_by})")
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
    reassess_case(session, actor, session.get_one(CaseRow, party.case_id))
    return hit
