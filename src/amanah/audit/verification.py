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
    checked_since: int
    """Events appended after the whole verification, checked against its end."""

    @property
    def intact(self) -> bool:
        return self.broken is None and self.whole_verified_at is not None


@dataclass
class _Verified:
    seq: int
    hash: str
    at: datetime
    tail_seq: int
    tail_hash: str


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
            _verified[_key(session)] = _Verified(end[0], end[1], now, end[0], end[1])
    return ChainStatus(count, broken, now, count, 0)


def _check_tail(session: Session, seq: int, prev: str) -> tuple[int, str, Break | None]:
    """Check the events after `seq` link onto `prev` and were not changed: (last seq, its hash,
    first break)."""
    rows = session.scalars(
        select(AuditEventRow).where(AuditEventRow.seq > seq).order_by(AuditEventRow.seq)
    )
    for row in rows.yield_per(5000):
        if row.seq != seq + 1:
            return seq, prev, Break(row.seq, f"expected event {seq + 1} here: events missing")
        if row.prev_hash != prev:
            return seq, prev, Break(row.seq, "its link to the previous event does not match")
        recomputed = event_hash(seq=row.seq, at=row.at, actor=row.actor, verb=row.verb,
                                entity_type=row.entity_type, entity_id=row.entity_id,
                                before=row.before, after=row.after, prev_hash=row.prev_hash)  # fmt: skip
        if recomputed != row.hash:
            return seq, prev, Break(row.seq, "its content was changed after it was written")
        seq, prev = row.seq, row.hash
    return seq, prev, None


def chain_status(session: Session, whole_on_view: int = WHOLE_ON_VIEW) -> ChainStatus:
    """What the page says about the chain, without reading all of a long chain."""
    end = _end(session)
    if end is None or end[0] <= whole_on_view:
        return verify_whole(session)
    with _lock:
        known = _verified.get(_key(session))
    if known is None:
        return ChainStatus(end[0], None, None, 0, 0)
    whole = ChainStatus(end[0], None, known.at, known.seq, end[0] - known.seq)
    stored = session.scalar(select(AuditEventRow.hash).where(AuditEventRow.seq == known.tail_seq))
    if stored != known.tail_hash:
        problem = "an event verified before is missing or was changed since"
        return ChainStatus(end[0], Break(known.tail_seq, problem), known.at, known.seq, 0)
    seq, last_hash, broken = _check_tail(session, known.tail_seq, known.tail_hash)
    if broken is None:
        with _lock:
            known.tail_seq, known.tail_hash = seq, last_hash
        return whole
    return ChainStatus(end[0], broken, known.at, known.seq, 0)


def forget_verifications() -> None:
    with _lock:
        _verified.clear()
