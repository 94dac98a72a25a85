"""Appending to and verifying the stored audit chain."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, select, text
from sqlalchemy.orm import Session

from amanah.audit import anchor
from amanah.audit.chain import GENESIS, Break, ChainedEvent, event_hash, verify
from amanah.audit.models import AuditEventRow
from amanah.audit.verbs import Verb
from amanah.config import get_settings
from amanah.db.base import utcnow
from amanah.db.bulk import insert_rows
from amanah.errors import Conflict
from amanah.i18n import N_
from amanah.users.roles import Actor

_CHAIN_LOCK = 7_201_001


def _chain_end(session: Session) -> tuple[int, str]:
    """Lock the chain's end (PostgreSQL: until the transaction ends) and read it: (last seq,
    last hash)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _CHAIN_LOCK})
    session.flush()
    last = session.execute(
        select(AuditEventRow.seq, AuditEventRow.hash).order_by(AuditEventRow.seq.desc()).limit(1)
    ).first()
    return (0, GENESIS) if last is None else (last.seq, last.hash)


def _chained_values(seq: int, prev: str, actor: str, verb: Verb, entity_type: str,
                    entity_id: object, before: dict[str, Any] | None,
                    after: dict[str, Any] | None,
                    secret: bytes | None = None) -> dict[str, Any]:  # fmt: skip
    at = utcnow()
    values = {"seq": seq, "at": at, "actor": actor, "verb": verb.value,
              "entity_type": entity_type, "entity_id": str(entity_id), "before": before,
              "after": after, "prev_hash": prev}  # fmt: skip
    values["hash"] = digest = event_hash(
        seq=seq, at=at, actor=actor, verb=verb.value, entity_type=entity_type,
        entity_id=str(entity_id), before=before, after=after, prev_hash=prev,
    )  # fmt: skip
    values["seal"] = anchor.seal(digest, secret)
    return values


def _checkpoint_if_due(session: Session, before: int, head: int, head_hash: str) -> None:
    """Every N events the head is checkpointed outside the database, after the commit."""
    every = max(1, get_settings().audit_checkpoint_every)
    if head // every > before // every:
        anchor.checkpoint_after_commit(session, head, head_hash)


def record(
    session: Session,
    actor: Actor | str,
    verb: Verb,
    entity_type: str,
    entity_id: object,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEventRow:
    """Append one event at the end of the chain, inside the caller's transaction."""
    seq, prev = _chain_end(session)
    who = actor if isinstance(actor, str) else actor.username
    row = AuditEventRow(
        **_chained_values(seq + 1, prev, who, verb, entity_type, entity_id, before, after)
    )
    session.add(row)
    session.flush()
    _checkpoint_if_due(session, seq, row.seq, row.hash)
    return row


@dataclass(frozen=True)
class Event:
    actor: str
    verb: Verb
    entity_type: str
    entity_id: object
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


def record_many(session: Session, events: Sequence[Event]) -> int:
    """Append many events in order with one read of the chain's end and bulk inserts (a re-run
    over many cases); the chain is the same as `record` would make one by one."""
    if not events:
        return 0
    seq, prev = _chain_end(session)
    first = seq
    rows = []
    secret = anchor.key()  # read once: finding it again for every event costs more than the hash
    for event in events:
        seq += 1
        values = _chained_values(seq, prev, event.actor, event.verb, event.entity_type,
                                 event.entity_id, event.before, event.after, secret)  # fmt: skip
        prev = values["hash"]
        rows.append(values)
    insert_rows(session, cast(Table, AuditEventRow.__table__), rows)
    _checkpoint_if_due(session, first, seq, prev)
    return len(rows)


def _chained(session: Session) -> Iterator[ChainedEvent]:
    rows = session.execute(select(AuditEventRow).order_by(AuditEventRow.seq)).scalars()
    for row in rows.yield_per(5000):
        yield ChainedEvent(
            seq=row.seq, at=row.at, actor=row.actor, verb=row.verb, entity_type=row.entity_type,
            entity_id=row.entity_id, before=row.before, after=row.after,
            prev_hash=row.prev_hash, hash=row.hash,
        )  # fmt: skip


def verify_chain(session: Session) -> tuple[int, Break | None]:
    """(events checked, first break or None)."""
    count = 0

    def counted() -> Iterator[ChainedEvent]:
        nonlocal count
        for event in _chained(session):
            count += 1
            yield event

    broken = verify(counted())
    return count, broken


def verify_anchored(session: Session) -> tuple[int, list[Break]]:
    """(events checked, every problem found): the hash chain, each event's seal, and the
    checkpoints outside the database; an empty list when all hold."""
    count, broken = verify_chain(session)
    problems = [] if broken is None else [broken]
    problems += list(anchor.seal_problems(session))
    problems += list(anchor.checkpoint_problems(session))
    return count, problems


def checkpoint(session: Session) -> tuple[int, int]:
    """Vouch for the chain as it stands: verify it, seal the events written before sealing
    began, and checkpoint its head outside the database. (head seq, events newly sealed)."""
    _, broken = verify_chain(session)
    if broken is not None:
        raise Conflict(N_("the audit chain is broken at event %(seq)s: %(problem)s"), field="audit",
                       values={"seq": broken.seq, "problem": broken.problem})  # fmt: skip
    sealed = anchor.unsealed_to_seal(session)
    seq, head = _chain_end(session)
    if seq:
        anchor.write_checkpoint(seq, head)
    return seq, sealed


def events_for(
    session: Session, entity_type: str, entity_id: object, limit: int = 50
) -> list[AuditEventRow]:
    stmt = (
        select(AuditEventRow)
        .where(AuditEventRow.entity_type == entity_type, AuditEventRow.entity_id == str(entity_id))
        .order_by(AuditEventRow.seq.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))
