"""Whether the audit chain holds, cheaply enough to say so on every view of the audit page.

Verifying the whole chain reads and hashes every event: 1.9 s for 100,000 events on SQLite
(benchmarks/audit_page.py). So the page verifies the whole chain itself only while it is small;
past that it shows when this process last verified the whole chain, checks that the end it
verified is still there, unchanged, and that every event appended since links onto it, and
offers to verify the whole chain again on demand. What this process verified is a cache, not a
record: another process, or a restart, simply verifies again.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanah.audit.chain import Break, event_hash
from amanah.audit.models import AuditEventRow
from amanah.audit.service import verify_chain
from amanah.db.base import utcnow

WHOLE_ON_VIEW = 10_000
"""Up to this many events, each view verifies the whole chain (0.2 s at most)."""


@dataclass(frozen=True)
class ChainStatus:
    events: int
    broken: Break | None
    whole_verified_at: datetime | None
    """When the whole chain was last verified (None: not yet, by this process)."""
    whole_verified_events: int
    checked_since: int = 0
    """Events appended after the whole verification, checked on this view against its end."""
    unchecked: int = 0
    """Events appended since, too many to check on each view: verify the whole chain again."""

    @property
    def intact(self) -> bool:
        return self.broken is None and self.whole_verified_at is not None and not self.unchecked


@dataclass(frozen=True)
class _Verified:
    seq: int
    hash: str
    at: datetime


_lock = threading.Lock()
_verified: dict[str, _Verified] = {}


def _key(session: Session) -> str:
    return str(session.get_bind().engine.url)


def _end(session: Session) -> tuple[int, str] | None:
    row = session.execute(
        select(AuditEventRow.seq, AuditEventRow.hash).order_by(AuditEventRow.seq.desc()).limit(1)
    ).first()
    return None if row is None else (row.seq, row.hash)


def verify_whole(session: Session) -> ChainStatus:
    """Verify every event now; an intact chain's end is remembered for the next views."""
    count, broken = verify_chain(session)
    now = utcnow()
    end = _end(session)
    if broken is None and end is not None:
        with _lock:
            _verified[_key(session)] = _Verified(end[0], end[1], now)
    return ChainStatus(count, broken, now, count)


def _problem(row: AuditEventRow, seq: int, prev: str) -> str | None:
    if row.seq != seq:
        return f"expected event {seq} here: events missing or reordered"
    if row.prev_hash != prev:
        return "its link to the previous event does not match"
    recomputed = event_hash(seq=row.seq, at=row.at, actor=row.actor, verb=row.verb,
                            entity_type=row.entity_type, entity_id=row.entity_id,
                            before=row.before, after=row.after, prev_hash=row.prev_hash)  # fmt: skip
    if recomputed != row.hash:
        return "its content was changed after it was written"
    return None


def _check_since(session: Session, known: _Verified) -> Break | None:
    """The verified end is still there as it was, and every later event links onto it."""
    rows = session.scalars(
        select(AuditEventRow).where(AuditEventRow.seq >= known.seq).order_by(AuditEventRow.seq)
    )
    seq, prev = known.seq, None
    for row in rows.yield_per(5000):
        if prev is None:
            if row.seq != known.seq or row.hash != known.hash or _problem(row, seq, row.prev_hash):
                return Break(known.seq, "an event verified before is missing or was changed since")
        elif problem := _problem(row, seq, prev):
            return Break(row.seq, problem)
        seq, prev = row.seq + 1, row.hash
    return None if prev is not None else Break(known.seq, "events verified before are missing")


def chain_status(session: Session, whole_on_view: int | None = None) -> ChainStatus:
    """What the page says about the chain, without reading all of a long chain: the whole of
    it while it is short; else the events since this process last verified the whole chain,
    while they are few."""
    limit = WHOLE_ON_VIEW if whole_on_view is None else whole_on_view
    end = _end(session)
    if end is None or end[0] <= limit:
        return verify_whole(session)
    with _lock:
        known = _verified.get(_key(session))
    if known is None:
        return ChainStatus(end[0], None, None, 0)
    since = end[0] - known.seq
    if since > limit:
        return ChainStatus(end[0], None, known.at, known.seq, unchecked=since)
    broken = _check_since(session, known)
    return ChainStatus(end[0], broken, known.at, known.seq, checked_since=0 if broken else since)


def forget_verifications() -> None:
    with _lock:
        _verified.clear()
