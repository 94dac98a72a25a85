"""Finding technologies in the catalogue: by name, description or control entry (ignoring
case), kind and classification, sorted by name or classification, a page at a time, never
showing a record classified above the reader's clearance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, UnaryExpression, cast, func, or_, select
from sqlalchemy.orm import Session

from amanah.catalogue.classification import Classification
from amanah.catalogue.models import TechnologyRow
from amanah.db.text import contains
from amanah.errors import InvalidInput
from amanah.i18n import N_
from amanah.users.roles import Actor

CATALOGUE_SORTS = ("name", "classification")


@dataclass(frozen=True)
class TechnologyPage:
    rows: list[TechnologyRow]
    total: int
    page: int
    per_page: int


def search_technologies(
    session: Session,
    actor: Actor,
    *,
    q: str | None = None,
    kind: str | None = None,
    classification: Classification | None = None,
    sort: str = "name",
    descending: bool = False,
    page: int = 1,
    per_page: int = 50,
) -> TechnologyPage:
    """A page past the end reads as the last page."""
    if sort not in CATALOGUE_SORTS:
        raise InvalidInput(N_("cannot sort by %(sort)s"), field="sort", values={"sort": repr(sort)})
    stmt = select(TechnologyRow).where(TechnologyRow.classification <= int(actor.clearance))
    if q:
        stmt = stmt.where(or_(contains(TechnologyRow.name, q),
                              contains(TechnologyRow.description, q),
                              contains(cast(TechnologyRow.control_entries, String), q)))  # fmt: skip
    if kind:
        stmt = stmt.where(TechnologyRow.kind == kind)
    if classification is not None:
        stmt = stmt.where(TechnologyRow.classification == int(classification))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    page = max(1, min(page, -(-total // per_page) or 1))
    order: list[UnaryExpression[Any]] = [
        TechnologyRow.name.desc() if descending else TechnologyRow.name.asc()
    ]
    if sort == "classification":
        level = TechnologyRow.classification
        order = [level.desc() if descending else level.asc(), TechnologyRow.name.asc()]
    rows = session.scalars(stmt.order_by(*order).offset((page - 1) * per_page).limit(per_page))
    return TechnologyPage(list(rows), total, page, per_page)
