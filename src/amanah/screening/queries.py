"""Reading screening results: each party's state as the compliance rule reads it. Raising and
reviewing hits is `screening.service`'s and `screening.review`'s."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanah.compliance.facts import ScreeningState
from amanah.screening.models import ScreeningHitRow


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
