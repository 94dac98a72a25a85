"""The alerts a person sees, as a list to work through: unread or read, by kind, searched in
their message or case reference, newest first, a page at a time; and marking one read.

An alert's words are stored in English with their catalogue message (`amanah.present.
alert_text`): a search typed in Arabic also looks in the Arabic words of each alert (written
in Python, ~0.1 ms an alert: benchmarks/alert_search.py), both folded as screening folds names
(`amanah.screening.normalise.fold`: "محظورة" finds "أصبحت القضية … محظورة")."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, func, or_, select, true
from sqlalchemy.orm import Session

from amanah import present
from amanah.agreements.models import AlertRow
from amanah.cases.models import CaseRow
from amanah.db.text import contains
from amanah.errors import NotFound
from amanah.i18n import N_, current_language
from amanah.screening.normalise import fold, has_arabic
from amanah.users.roles import Actor, Role

SEES_EVERY_ALERT = (Role.LEADERSHIP, Role.EXPORT_CONTROL, Role.AUDITOR, Role.ADMINISTRATOR)


@dataclass(frozen=True)
class ListedAlert:
    alert: AlertRow
    case_reference: str | None


@dataclass(frozen=True)
class AlertPage:
    alerts: list[ListedAlert]
    total: int
    unread: int
    page: int
    per_page: int


def _visible(actor: Actor) -> ColumnElement[bool]:
    if actor.has(*SEES_EVERY_ALERT):
        return true()
    return AlertRow.user_id == actor.user_id


def alert_kinds(session: Session, actor: Actor) -> list[str]:
    stmt = select(AlertRow.kind).where(_visible(actor)).distinct().order_by(AlertRow.kind)
    return list(session.scalars(stmt))


def _count(session: Session, stmt: Select[AlertRow, str]) -> int:
    return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0


def search_alerts(
    session: Session,
    actor: Actor,
    *,
    read: bool | None = None,
    kind: str | None = None,
    q: str | None = None,
    newest_first: bool = True,
    page: int = 1,
    per_page: int = 50,
) -> AlertPage:
    """A page past the end reads as the last page."""
    stmt = (
        select(AlertRow, CaseRow.reference)
        .outerjoin(CaseRow, CaseRow.id == AlertRow.case_id)
        .where(_visible(actor))
    )
    unread = _count(session, stmt.where(AlertRow.read.is_(False)))
    if read is not None:
        stmt = stmt.where(AlertRow.read.is_(read))
    if kind:
        stmt = stmt.where(AlertRow.kind == kind)
    if q:
        found_in = [contains(AlertRow.message, q), contains(CaseRow.reference, q)]
        if has_arabic(q):  # Latin text is in the English words too (names, references)
            found_in.append(AlertRow.id.in_(_said(session, stmt, q, "ar")))
        stmt = stmt.where(or_(*found_in))
    total = _count(session, stmt)
    page = max(1, min(page, -(-total // per_page) or 1))
    order = AlertRow.raised_at.desc() if newest_first else AlertRow.raised_at.asc()
    tie = AlertRow.id.desc() if newest_first else AlertRow.id.asc()
    found = session.execute(stmt.order_by(order, tie).offset((page - 1) * per_page).limit(per_page))
    return AlertPage([ListedAlert(a, ref) for a, ref in found], total, unread, page, per_page)


#: screening's folding, without its cache of names (an alert's words are read once a search)
_fold = fold.__wrapped__


def _said(session: Session, stmt: Select[AlertRow, str], q: str, language: str) -> list[int]:
    """The ids of the alerts of `stmt` whose words in `language` contain `q`, both folded (an
    alert raised before its message was stored has only its English)."""
    wanted = fold(q)
    if not wanted:
        return []
    rows = session.execute(stmt.with_only_columns(
        AlertRow.id, AlertRow.message, AlertRow.message_id, AlertRow.message_values
    ).where(AlertRow.message_id.is_not(None))).all()  # fmt: skip
    token = current_language.set(language)
    try:
        return [row.id for row in rows if wanted in _fold(present.alert_text(row))]
    finally:
        current_language.reset(token)


def mark_read(session: Session, actor: Actor, alert_id: int) -> AlertRow:
    """Mark one alert the actor sees as read (again is harmless)."""
    in_range = 0 < alert_id < 2**31  # an integer column: a larger number is no alert
    stmt = select(AlertRow).where(AlertRow.id == alert_id, _visible(actor))
    alert = session.scalar(stmt) if in_range else None
    if alert is None:
        raise NotFound(N_("no alert %(alert_id)s"), field="alert_id", values={"alert_id": alert_id})
    alert.read = True
    session.flush()
    return alert
