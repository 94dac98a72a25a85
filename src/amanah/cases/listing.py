"""Finding cases: the case list (filtered, searched, sorted, a page at a time) and the
inbox (the cases in states where the actor has something to do)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import SQLColumnExpression, func, or_, select
from sqlalchemy import case as sa_case
from sqlalchemy.orm import Session, selectinload

from amanah.cases import workflow
from amanah.cases.domain import parse_enum
from amanah.cases.models import CaseRow, LineItemRow, PartyRow
from amanah.db.text import contains
from amanah.errors import InvalidInput
from amanah.i18n import N_
from amanah.screening.normalise import same_name
from amanah.users.roles import Actor


@dataclass(frozen=True)
class CasePage:
    rows: list[CaseRow]
    total: int
    page: int
    per_page: int


CASE_SORTS = ("id", "reference", "updated", "state")
"""What the case list can be sorted by; `id` is the order cases were opened in."""

OUTCOMES = ("prohibited", "needs_approval", "warning", "pass")


def _case_order(sort: str, descending: bool) -> list[SQLColumnExpression[Any]]:
    if sort not in CASE_SORTS:
        raise InvalidInput(N_("cannot sort by %(sort)r; expected one of: %(CASE_SORTS)s"),
                           field="sort", values={"sort": sort, "CASE_SORTS": ', '.join(CASE_SORTS)})  # fmt: skip
    lifecycle = {s.value: i for i, s in enumerate(workflow.CaseState)}
    key: SQLColumnExpression[Any] = {
        "id": CaseRow.id,
        "reference": CaseRow.reference,
        "updated": CaseRow.updated_at,
        "state": sa_case(lifecycle, value=CaseRow.state, else_=len(lifecycle)),
    }[sort]
    if descending:
        return [key.desc(), CaseRow.id.desc()]
    return [key.asc(), CaseRow.id.asc()]


def list_cases(session: Session, actor: Actor, *, state: str | None = None, partner: str | None = None,
               q: str | None = None, page: int = 1, per_page: int = 50, outcome: str | None = None,
               sort: str = "id", descending: bool = True) -> CasePage:  # fmt: skip
    """The cases `actor` may see, filtered: `q` is found, ignoring case, in the title, the
    reference or the name of any party; `sort` is one of CASE_SORTS (the lifecycle's order for
    `state`)."""
    if page < 1:
        raise InvalidInput(N_("page starts at 1"), field="page")
    if not 1 <= per_page <= 500:
        raise InvalidInput(N_("per_page is between 1 and 500"), field="per_page")
    stmt = select(CaseRow)
    if actor.is_partner:
        stmt = stmt.where(CaseRow.partner_code == actor.country)
    if state:
        stmt = stmt.where(CaseRow.state == parse_enum(workflow.CaseState, state, "state").value)
    if partner:
        stmt = stmt.where(CaseRow.partner_code == partner.upper())
    if outcome:
        if outcome not in OUTCOMES:
            raise InvalidInput(N_("%(outcome)r is not allowed; expected one of: %(OUTCOMES)s"), field="outcome",
            values={"outcome": outcome, "OUTCOMES": ', '.join(OUTCOMES)})  # fmt: skip
        stmt = stmt.where(CaseRow.outcome == outcome)
    if q:
        by_party = select(PartyRow.case_id).where(contains(PartyRow.name, q))
        stmt = stmt.where(
            or_(
                contains(CaseRow.title, q),
                contains(CaseRow.reference, q),
                CaseRow.id.in_(by_party),
                CaseRow.id.in_(_cases_with_party_named(session, q)),
            )
        )
    order = _case_order(sort, descending)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(*order).offset((page - 1) * per_page).limit(per_page))
    return CasePage(list(rows), total, page, per_page)


def _cases_with_party_named(session: Session, q: str) -> list[int]:
    """Cases with a party whose name is `q` once folded as screening folds names, for typed
    text in another script than Latin (Arabic): "محمد" finds Mohammed and مُحَمَّد alike. Latin
    text is matched by the database alone (`contains`)."""
    if q.isascii():
        return []
    named = session.execute(select(PartyRow.case_id, PartyRow.name))
    return sorted({case_id for case_id, name in named if same_name(q, name)})


def inbox_states(actor: Actor) -> frozenset[workflow.CaseState]:
    """The states in which this actor's roles have something to do."""
    return frozenset(s for t in workflow.TRANSITIONS if actor.roles & t.roles and t.action not in
                     ("suspend", "withdraw", "amend", "request_retransfer") for s in t.sources)  # fmt: skip


def inbox(session: Session, actor: Actor, limit: int = 100) -> list[CaseRow]:
    states = [s.value for s in inbox_states(actor)]
    stmt = select(CaseRow).where(CaseRow.state.in_(states))
    if actor.is_partner:
        stmt = stmt.where(CaseRow.partner_code == actor.country)
    stmt = (
        stmt.options(selectinload(CaseRow.items)).order_by(CaseRow.updated_at.desc()).limit(limit)
    )
    return list(session.scalars(stmt))


def total_value(items: list[LineItemRow]) -> Decimal:
    return sum((i.unit_value or Decimal(0)) * i.quantity for i in items) or Decimal(0)
