"""Finding partner states: by name or code (ignoring case), region, membership and whether an
embargo is in force on them today, sorted by name, a page at a time.

There is one row per state (a few hundred at most) and "embargo in force" is a dated fact
worked out from the embargo records, so the rows are filtered here after one read of each
table rather than in SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from amanah.partners.domain import Embargo
from amanah.partners.models import PartnerRow
from amanah.partners.service import all_embargoes, embargoes_in_force_for, list_partners
from amanah.users.roles import Actor


@dataclass(frozen=True)
class PartnerFilter:
    q: str = ""
    region: str = ""
    membership: str = ""
    embargoed: bool | None = None


@dataclass(frozen=True)
class PartnerPage:
    rows: list[PartnerRow]
    embargoes: dict[str, list[Embargo]]
    """The embargoes in force today on each partner shown."""
    total: int
    page: int
    per_page: int
    regions: list[str] = field(default_factory=list)
    memberships: list[str] = field(default_factory=list)
    """Every region and membership of the partners the actor may see, for the filters."""


def _matches(row: PartnerRow, embargoed: bool, wanted: PartnerFilter) -> bool:
    q = wanted.q.casefold()
    return (
        (not q or q in row.name.casefold() or q in row.code.casefold())
        and (not wanted.region or row.region == wanted.region)
        and (not wanted.membership or wanted.membership in (row.memberships or []))
        and (wanted.embargoed is None or embargoed == wanted.embargoed)
    )


def search_partners(
    session: Session,
    actor: Actor,
    wanted: PartnerFilter,
    today: date,
    *,
    descending: bool = False,
    page: int = 1,
    per_page: int = 50,
) -> PartnerPage:
    """A page past the end reads as the last page."""
    everyone = list_partners(session, actor)
    embargoes = all_embargoes(session)
    in_force = {p.code: embargoes_in_force_for(p.code, today, embargoes) for p in everyone}
    found = [p for p in everyone if _matches(p, bool(in_force[p.code]), wanted)]
    found.sort(key=lambda p: (p.name.casefold(), p.code), reverse=descending)
    total = len(found)
    page = max(1, min(page, -(-total // per_page) or 1))
    shown = found[(page - 1) * per_page : page * per_page]
    return PartnerPage(
        rows=shown,
        embargoes={p.code: in_force[p.code] for p in shown},
        total=total,
        page=page,
        per_page=per_page,
        regions=sorted({p.region for p in everyone if p.region}),
        memberships=sorted({m for p in everyone for m in p.memberships or []}),
    )
