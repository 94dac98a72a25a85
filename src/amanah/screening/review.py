"""The screening review state per party, as the compliance rule reads it, and the review
decision itself (true match or false positive, with a reason, audited)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanah.audit import service as audit
from amanah.audit.verbs import Verb
from amanah.compliance.facts import ScreeningState
from amanah.db.base import utcnow
from amanah.errors import Forbidden, InvalidInput, NotFound
from amanah.screening.models import ScreeningHitRow
from amanah.users.roles import Actor, Role


def states_for(session: Session, party_ids: Iterable[int]) -> dict[int, tuple[ScreeningState, str]]:
    ids = list(party_ids)
    result: dict[int, tuple[ScreeningState, str]] = {}
    if not ids:
        return result
    hits = session.scalars(select(ScreeningHitRow).where(ScreeningHitRow.party_id.in_(ids)))
    for hit in hits:
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
    if not actor.has(Role.EXPORT_CONTROL):
        raise Forbidden("only an export-control officer reviews screening hits")
    if decision not in ("true_match", "false_positive"):
        raise InvalidInput("decision is true_match or false_positive", field="decision")
    if not reason.strip():
        raise InvalidInput("a review needs a reason", field="reason")
    hit = session.get(ScreeningHitRow, hit_id)
    if hit is None:
        raise NotFound(f"no screening hit {hit_id}", field="hit_id")
    before = {"status": hit.status}
    hit.status, hit.reason, hit.reviewed_by, hit.reviewed_at = (
        decision,
        reason,
        actor.username,
        utcnow(),
    )
    session.flush()
    audit.record(session, actor, Verb.DECISION_RECORDED, "screening_hit", hit.id,
                 before=before, after={"status": decision, "reason": reason})  # fmt: skip
    return hit
