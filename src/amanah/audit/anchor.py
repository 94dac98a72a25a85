"""Anchoring the audit chain outside the database.

The hash chain alone proves nothing to someone who can write the database: they can edit an
event and recompute every hash after it with `event_hash`, or delete the last events. So:

- every event carries a *seal*, an HMAC of its hash under a key kept outside the database
  (`AMANAH_AUDIT_KEY`, or the file `AMANAH_AUDIT_KEY_FILE`, by default `audit.key` in the data
  directory, created on first use): a chain recomputed without the key has wrong seals;
- a *checkpoint file* outside the database (`audit-checkpoints.jsonl` in the data directory)
  receives, every `AMANAH_AUDIT_CHECKPOINT_EVERY` events and on `amanah audit checkpoint`, the
  sequence number and hash of the chain's head, itself sealed: events deleted from the end, or a
  chain rewritten with the key, no longer match the last checkpoint.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from amanah.audit.chain import Break
from amanah.audit.models import AuditEventRow
from amanah.config import get_settings
from amanah.db.base import utcnow

_PENDING = "amanah_audit_checkpoint"


def key() -> bytes:
    """The sealing key: from the environment, else from its file (made on first use, 0600)."""
    settings = get_settings()
    if settings.audit_key:
        return bytes.fromhex(settings.audit_key)
    return _key_in(settings.resolved_audit_key_file.resolve())


@lru_cache(maxsize=16)
def _key_in(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            return bytes.fromhex(path.read_text().strip())
        with os.fdopen(fd, "w") as file:
            file.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text().strip())


def seal(event_hash: str, secret: bytes | None = None) -> str:
    return hmac.new(secret or key(), event_hash.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: str
    mac: str

    def valid(self, secret: bytes) -> bool:
        expected = seal(f"checkpoint:{self.seq}:{self.hash}:{self.at}", secret)
        return hmac.compare_digest(expected, self.mac)


def write_checkpoint(seq: int, event_hash: str) -> Checkpoint:
    """Append a sealed checkpoint of the chain's head to the checkpoint file."""
    at = utcnow().isoformat()
    point = Checkpoint(seq, event_hash, at, seal(f"checkpoint:{seq}:{event_hash}:{at}"))
    path = get_settings().audit_checkpoint_file
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:
        file.write(json.dumps(point.__dict__) + "\n")
        file.flush()
        os.fsync(file.fileno())
    return point


def checkpoint_after_commit(session: Session, seq: int, event_hash: str) -> None:
    """Checkpoint event `seq` once the caller's transaction has committed (never an event that
    a rollback then removes)."""
    session.info[_PENDING] = (seq, event_hash)
    if not event.contains(session, "after_commit", _write_pending):
        event.listen(session, "after_commit", _write_pending)
        event.listen(session, "after_rollback", _forget_pending)


def _write_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending is not None:
        write_checkpoint(*pending)


def _forget_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


def read_checkpoints(path: Path | None = None) -> Iterator[Checkpoint | None]:
    """The file's checkpoints in order; None for a line that is not one (edited by hand)."""
    path = path or get_settings().audit_checkpoint_file
    if not path.exists():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            data: dict[str, Any] = json.loads(line)
            yield Checkpoint(int(data["seq"]), str(data["hash"]), str(data["at"]), str(data["mac"]))
        except (ValueError, KeyError, TypeError):
            yield None


def seal_problems(session: Session) -> Iterator[Break]:
    """Events whose seal is missing or wrong: written or rewritten without the key."""
    secret = key()
    rows = session.execute(
        select(AuditEventRow.seq, AuditEventRow.hash, AuditEventRow.seal).order_by(
            AuditEventRow.seq
        )
    )
    for seq, event_hash, stored in rows:
        if stored is None:
            yield Break(seq, "it carries no seal: written outside Amanah, or before sealing "
                             "began (`amanah audit checkpoint` seals such events once verified)")  # fmt: skip
        elif not hmac.compare_digest(stored, seal(event_hash, secret)):
            yield Break(seq, "its seal does not match: the event was rewritten without the key "
                             "(the chain recomputed)")  # fmt: skip


def checkpoint_problems(session: Session) -> Iterator[Break]:
    """Checkpoints the stored chain no longer reaches or no longer matches."""
    secret = key()
    last = session.scalar(select(AuditEventRow.seq).order_by(AuditEventRow.seq.desc()).limit(1))
    for point in read_checkpoints():
        if point is None or not point.valid(secret):
            yield Break(point.seq if point else 0,
                        "a checkpoint in the checkpoint file was altered or forged")  # fmt: skip
            continue
        stored = session.scalar(select(AuditEventRow.hash).where(AuditEventRow.seq == point.seq))
        if stored is None and (last or 0) < point.seq:
            yield Break(point.seq, f"the chain ends at event {last or 0} but event {point.seq} "
                                   "was checkpointed: its last events were deleted (truncated)")  # fmt: skip
        elif stored is None:
            yield Break(point.seq, "a checkpointed event is missing")
        elif stored != point.hash:
            yield Break(point.seq, "it differs from its checkpoint: the chain was rewritten")


def unsealed_to_seal(session: Session) -> int:
    """Seal the events that carry no seal (written before sealing began); the caller has
    verified the chain first. How many were sealed."""
    secret = key()
    rows = list(session.scalars(select(AuditEventRow).where(AuditEventRow.seal.is_(None))))
    for row in rows:
        row.seal = seal(row.hash, secret)
    session.flush()
    return len(rows)
