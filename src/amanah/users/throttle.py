"""Login throttling. Failures are counted per account, per client address and per account from
that address, each in its own short transaction so that the request's rollback (a refused login
raises) cannot undo the count. Delays grow with the failures; the delay per account alone is
capped low, so that nobody can lock a named user out for long by failing on purpose: a flood
from one address is slowed by its own address's counts first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from amanah.audit import service as audit
from amanah.audit.verbs import Verb
from amanah.db.base import utcnow
from amanah.db.engine import transaction
from amanah.users.models import LoginThrottleRow


@dataclass(frozen=True)
class Policy:
    free: int  # failures before the first delay
    cap: timedelta  # the longest delay

    def delay(self, failures: int) -> timedelta:
        """1 s after the free failures, doubling with each failure, up to the cap."""
        if failures < self.free:
            return timedelta(0)
        return min(timedelta(seconds=2 ** min(failures - self.free, 20)), self.cap)


ACCOUNT_FROM_ADDRESS = Policy(free=3, cap=timedelta(minutes=15))
ADDRESS = Policy(free=10, cap=timedelta(minutes=15))
ACCOUNT = Policy(free=5, cap=timedelta(seconds=30))
FORGET_AFTER = timedelta(days=1)


def keys(username: str, address: str) -> dict[str, Policy]:
    name, where = username.strip()[:120], address[:120]
    return {f"pair:{name}|{where}": ACCOUNT_FROM_ADDRESS, f"addr:{where}": ADDRESS,
            f"acct:{name}": ACCOUNT}  # fmt: skip


def wait_left(session: Session, names: Iterable[str], now: datetime | None = None) -> timedelta:
    """How long the caller must still wait before its next attempt is heard (zero: now)."""
    now = now or utcnow()
    rows = session.scalars(select(LoginThrottleRow).where(LoginThrottleRow.key.in_(list(names))))
    waits = [r.blocked_until - now for r in rows if r.blocked_until and r.blocked_until > now]
    return max(waits, default=timedelta(0))


def record_failure(engine: Engine, policies: dict[str, Policy], username: str,
                   now: datetime | None = None) -> None:  # fmt: skip
    """Count one failure under every key, committed at once and on its own."""
    now = now or utcnow()
    for attempt in range(3):
        try:
            with transaction(engine) as session:
                _count(session, policies, username, now)
            return
        except IntegrityError:  # two first failures on one key at once: count again
            if attempt == 2:
                raise


def _count(session: Session, policies: dict[str, Policy], username: str, now: datetime) -> None:
    for key, policy in policies.items():
        row = session.scalars(
            select(LoginThrottleRow).where(LoginThrottleRow.key == key).with_for_update()
        ).first()
        if row is None:
            row = LoginThrottleRow(key=key, failures=0)
            session.add(row)
        elif row.last_failure_at < now - FORGET_AFTER:
            row.failures = 0
        row.failures += 1
        row.last_failure_at = now
        delay = policy.delay(row.failures)
        row.blocked_until = now + delay if delay else None
        if policy is ACCOUNT and row.failures == policy.free:
            audit.record(session, "system", Verb.USER_LOCKED, "user", username)
        session.flush()


def clear(session: Session, names: Iterable[str]) -> None:
    """A successful login forgets the failures of its account (in the request's transaction)."""
    for row in session.scalars(
        select(LoginThrottleRow).where(LoginThrottleRow.key.in_(list(names)))
    ):
        session.delete(row)
    session.flush()
