"""The screening hits as a list to work through: each with the party's name and its case's
reference, filtered by review status, list and a search, sorted by score or age, a page at a
time."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import SQLColumnExpression, func, or_, select
from sqlalchemy.orm import Session

from amanah.cases.models import CaseRow, PartyRow
from amanah.db.text import contains
from amanah.errors import InvalidInput
from amanah.i18n import N_
from amanah.screening.models import ScreeningHitRow
from amanah.screening.normalise import same_name

HIT_STATUSES = ("open", "true_match", "false_positive")
HIT_SORTS = ("score", "age")


@dataclass(frozen=True)
class QueuedHit:
    hit: ScreeningHitRow
    party_name: str
    case_id: int
    case_reference: str


@dataclass(frozen=True)
class HitPage:
    hits: list[QueuedHit]
    total: int
    page: int
    per_page: int


def _hits_named(session: Session, q: str) -> list[int]:
    """Hits whose party or listed name is `q` folded as screening folds names, for text typed
    in another script than Latin (Arabic); Latin text is matched by the database alone."""
    if q.isascii():
        return []
    names = session.execute(
        select(ScreeningHitRow.id, PartyRow.name, ScreeningHitRow.entity_name).join(
            PartyRow, PartyRow.id == ScreeningHitRow.party_id
        )
    )
    return [hit for hit, party, listed in names if same_name(q, party) or same_name(q, listed)]


def hit_lists(session: Session) -> list[str]:
    """The lists that raised any hit, for the filter."""
    stmt = select(ScreeningHitRow.list_name).distinct().order_by(ScreeningHitRow.list_name)
    return list(session.scalars(stmt))


def search_hits(
    session: Session,
    *,
    status: str | None = "open",
    list_name: str | None = None,
    q: str | None = None,
    sort: str = "score",
    descending: bool = True,
    page: int = 1,
    per_page: int = 50,
) -> HitPage:
    """Hits with their party and case; `q` is found, ignoring case, in the party's name, the
    listed name or the case reference. `age` descending is the longest waiting first. A page
    past the end reads as the last page."""
    if status is not None and status not in HIT_STATUSES:
        raise InvalidInput(
            N_("unknown status %(status)r"), field="status", values={"status": status}
        )
    if sort not in HIT_SORTS:
        raise InvalidInput(N_("cannot sort by %(sort)r"), field="sort", values={"sort": sort})
    stmt = (
        select(ScreeningHitRow, PartyRow.name, CaseRow.id, CaseRow.reference)
        .join(PartyRow, PartyRow.id == ScreeningHitRow.party_id)
        .join(CaseRow, CaseRow.id == PartyRow.case_id)
    )
    if status is not None:
        stmt = stmt.where(ScreeningHitRow.status == status)
    if list_name:
        stmt = stmt.where(ScreeningHitRow.list_name == list_name)
    if q:
        stmt = stmt.where(or_(contains(PartyRow.name, q), contains(ScreeningHitRow.entity_name, q),
                              contains(CaseRow.reference, q),
                              ScreeningHitRow.id.in_(_hits_named(session, q))))  # fmt: skip
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    page = max(1, min(page, -(-total // per_page) or 1))
    key: SQLColumnExpression[object]
    if sort == "score":
        key = ScreeningHitRow.score.desc() if descending else ScreeningHitRow.score.asc()
    else:  # the oldest hit has waited longest
        key = ScreeningHitRow.raised_at.asc() if descending else ScreeningHitRow.raised_at.desc()
    tie = ScreeningHitRow.id.asc() if descending else ScreeningHitRow.id.desc()
    found = session.execute(stmt.order_by(key, tie).offset((page - 1) * per_page).limit(per_page))
    hits = [QueuedHit(hit, name, case_id, reference) for hit, name, case_id, reference in found]
    return HitPage(hits, total, page, per_page)
