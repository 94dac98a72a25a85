"""Catalogue use cases: record a technology, read it back as pure facts, filtered by clearance."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanah.audit import service as audit
from amanah.audit.verbs import Verb
from amanah.cases.domain import parse_enum
from amanah.catalogue.classification import Classification
from amanah.catalogue.domain import (
    ATT_CATEGORIES,
    UN_REGISTER_CATEGORIES,
    Technology,
    TechnologyKind,
    parse_category,
    parse_control_entry,
)
from amanah.catalogue.models import TechnologyRow
from amanah.catalogue.schemas import TechnologyIn, TechnologyOut
from amanah.db.base import utcnow
from amanah.errors import Conflict, Forbidden, InvalidInput, NotFound
from amanah.i18n import N_
from amanah.users.roles import Actor, Role

EDITORS = (Role.ADMINISTRATOR, Role.RELEASE_BOARD, Role.CASE_OFFICER)


def to_domain(row: TechnologyRow) -> Technology:
    return Technology(
        id=row.id,
        name=row.name,
        kind=TechnologyKind(row.kind),
        classification=Classification(row.classification),
        description=row.description,
        control_entries=tuple(parse_control_entry(c) for c in row.control_entries),
        att_category=row.att_category,
        un_register_category=row.un_register_category,
        sensitivity=row.sensitivity,
        owner=row.owner,
    )


def to_out(row: TechnologyRow) -> TechnologyOut:
    return TechnologyOut(
        id=row.id, name=row.name, description=row.description, kind=row.kind,
        control_entries=list(row.control_entries), att_category=row.att_category,
        un_register_category=row.un_register_category,
        classification=Classification(row.classification).label,
        sensitivity=row.sensitivity, owner=row.owner, version=row.version or 1,
    )  # fmt: skip


def _validated(data: TechnologyIn) -> Technology:
    return Technology(
        name=data.name.strip(),
        kind=parse_enum(TechnologyKind, data.kind, "kind"),
        classification=Classification.parse(data.classification),
        description=data.description,
        control_entries=tuple(parse_control_entry(c) for c in data.control_entries),
        att_category=parse_category(data.att_category, ATT_CATEGORIES, "att_category"),
        un_register_category=parse_category(
            data.un_register_category, UN_REGISTER_CATEGORIES, "un_register_category"
        ),
        sensitivity=data.sensitivity,
        owner=data.owner,
    )


def save_technology(
    session: Session, actor: Actor, data: TechnologyIn, technology_id: int | None = None
) -> TechnologyRow:
    if not actor.has(*EDITORS):
        raise Forbidden(
            N_("only administrators, case officers and the release board edit the catalogue")
        )
    tech = _validated(data)
    row = session.get(TechnologyRow, technology_id) if technology_id else None
    if technology_id and row is None:
        raise NotFound(
            N_("no technology %(id)s"), field="technology_id", values={"id": technology_id}
        )
    if row is not None and data.expected_version not in (None, row.version):
        raise Conflict(N_("technology %(name)s was changed by someone else (you had version "
                          "%(yours)s, it is now %(now)s); reload it and try again"),
                       field="expected_version", values={"name": repr(row.name),
                       "yours": data.expected_version, "now": row.version})  # fmt: skip
    clash = session.scalar(select(TechnologyRow).where(TechnologyRow.name == tech.name))
    if clash is not None and clash is not row:
        raise InvalidInput(
            N_("a technology named %(name)s exists already"),
            field="name",
            values={"name": repr(tech.name)},
        )
    before = None if row is None else to_out(row).model_dump()
    if row is None:
        row = TechnologyRow()
        session.add(row)
    row.name, row.description, row.kind = tech.name, tech.description, tech.kind.value
    row.control_entries = [e.code for e in tech.control_entries]
    row.att_category, row.un_register_category = tech.att_category, tech.un_register_category
    row.classification, row.sensitivity = int(tech.classification), tech.sensitivity
    row.owner, row.assessed_by, row.assessed_at = tech.owner, actor.username, utcnow()
    session.flush()
    audit.record(session, actor, Verb.TECHNOLOGY_SAVED, "technology", row.id,
                 before=before, after=to_out(row).model_dump())  # fmt: skip
    return row


def visible(actor: Actor, row: TechnologyRow) -> bool:
    """Need to know: never a record classified above the reader's clearance."""
    return row.classification <= actor.clearance


def list_technologies(session: Session, actor: Actor) -> list[TechnologyRow]:
    rows = session.scalars(select(TechnologyRow).order_by(TechnologyRow.name))
    return [r for r in rows if visible(actor, r)]


def get_technology(session: Session, actor: Actor, technology_id: int) -> TechnologyRow:
    row = session.get(TechnologyRow, technology_id)
    if row is None or not visible(actor, row):
        raise NotFound(
            N_("no technology %(id)s"), field="technology_id", values={"id": technology_id}
        )
    return row
