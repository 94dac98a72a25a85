"""Searching the audit trail: by actor, case, verb and date range, a page at a time.

The trail grows without end, so nothing here loads it whole: one count and one page of rows
(LIMIT/OFFSET on the primary key `seq`), each a query built from the filters given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Select, String, and_, cast, func, or_, select
from sqlalchemy.orm import Session

from amanah.audit.models import AuditEventRow
from amanah.audit.verbs import SENTENCES, Verb
from amanah.cases.models import CaseRow, PartyRow
from amanah.db.text import contains
from amanah.i18n import N_, Word, gettext
from amanah.labels import label

VERBS = frozenset(v.value for v in Verb)


@dataclass(frozen=True)
class AuditFilter:
    """What to look for; an empty field does not filter."""

    actor: str = ""
    case: str = ""
    verb: Verb | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class AuditPage:
    events: list[AuditEventRow]
    total: int
    page: int
    per_page: int
    references: dict[str, str]
    """Case references by case id (as stored in an event's entity_id), for the events shown."""


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _case_ids(case: str) -> Select[int]:
    """The cases a typed reference (any case, or a part such as 2026-0000) or id stands for."""
    if case.isdecimal():
        return select(CaseRow.id).where(CaseRow.id == (int(case) if len(case) < 10 else -1))
    return select(CaseRow.id).where(contains(CaseRow.reference, case))


def _about_case(case: str) -> ColumnElement[bool]:
    """Events on the case itself and on its parties (screening hits are raised on parties)."""
    ids = _case_ids(case)
    party_ids = select(cast(PartyRow.id, String)).where(PartyRow.case_id.in_(ids))
    case_ids = select(cast(CaseRow.id, String)).where(CaseRow.id.in_(ids))
    return or_(
        and_(AuditEventRow.entity_type == "case", AuditEventRow.entity_id.in_(case_ids)),
        and_(AuditEventRow.entity_type == "party", AuditEventRow.entity_id.in_(party_ids)),
    )


def conditions(wanted: AuditFilter) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if wanted.actor:
        found.append(contains(AuditEventRow.actor, wanted.actor))
    if wanted.case:
        found.append(_about_case(wanted.case))
    if wanted.verb is not None:
        found.append(AuditEventRow.verb == wanted.verb.value)
    if wanted.since is not None:
        found.append(AuditEventRow.at >= _midnight(wanted.since))
    if wanted.until is not None and wanted.until < date.max:
        found.append(AuditEventRow.at < _midnight(wanted.until + timedelta(days=1)))
    return found


def search_events(
    session: Session,
    wanted: AuditFilter,
    *,
    page: int = 1,
    per_page: int = 50,
    newest_first: bool = True,
) -> AuditPage:
    """One page of the events that match, newest (or oldest) first; a page past the end reads
    as the last page."""
    where = conditions(wanted)
    total = session.scalar(select(func.count()).select_from(AuditEventRow).where(*where)) or 0
    last = max(1, -(-total // per_page))
    page = max(1, min(page, last))
    order = AuditEventRow.seq.desc() if newest_first else AuditEventRow.seq.asc()
    stmt = select(AuditEventRow).where(*where).order_by(order)
    rows = list(session.scalars(stmt.offset((page - 1) * per_page).limit(per_page)))
    return AuditPage(rows, total, page, per_page, _references(session, rows))


def _references(session: Session, rows: list[AuditEventRow]) -> dict[str, str]:
    ids = {int(r.entity_id) for r in rows if r.entity_type == "case" and r.entity_id.isdecimal()}
    if not ids:
        return {}
    found = session.execute(select(CaseRow.id, CaseRow.reference).where(CaseRow.id.in_(ids)))
    return {str(case_id): reference for case_id, reference in found}


def describe(row: AuditEventRow, references: dict[str, str] | None = None) -> str:
    """The sentence a person reads, in their language, naming a case by its reference (never
    "case 3") when `references` holds it."""
    template = SENTENCES[Verb(row.verb)] if row.verb in VERBS else None
    before, after = row.before or {}, row.after or {}
    entity = row.entity_id
    if row.entity_type == "case" and references:
        entity = references.get(row.entity_id, entity)
    # Amanah's own actor (amanah.users.roles.SYSTEM) is "the system" in Arabic, "system" in English
    actor = Word(row.actor, N_("the system")).translated() if row.actor == "system" else row.actor
    values = {"actor": actor, "verb": row.verb, "entity_id": entity,
              "before_state": label(before.get("state", "?")),
              "after_state": label(after.get("state", "?"))}  # fmt: skip
    return gettext(template or N_("%(actor)s did %(verb)s")) % values
