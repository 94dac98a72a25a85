"""The audit hash chain, pure: each event's hash covers its own content and the previous
event's hash, so editing, deleting or reordering any stored event breaks the chain from there."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

GENESIS = "0" * 64


@dataclass(frozen=True)
class ChainedEvent:
    seq: int
    at: datetime
    actor: str
    verb: str
    entity_type: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    prev_hash: str
    hash: str


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def event_hash(
    *,
    seq: int,
    at: datetime,
    actor: str,
    verb: str,
    entity_type: str,
    entity_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    prev_hash: str,
) -> str:
    body = canonical(
        {
            "seq": seq,
            "at": at.isoformat(timespec="microseconds"),
            "actor": actor,
            "verb": verb,
            "entity": [entity_type, entity_id],
            "before": before,
            "after": after,
            "prev": prev_hash,
        }
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Break:
    seq: int
    problem: str


def verify(events: Iterable[ChainedEvent]) -> Break | None:
    """The first broken event, or None when the whole chain holds."""
    expected_prev = GENESIS
    expected_seq = 1
    for event in events:
        if event.seq != expected_seq:
            return Break(
                event.seq, f"expected event {expected_seq} here: events missing or reordered"
            )
        if event.prev_hash != expected_prev:
            return Break(event.seq, "its link to the previous event does not match")
        recomputed = event_hash(
            seq=event.seq,
            at=event.at,
            actor=event.actor,
            verb=event.verb,
            entity_type=event.entity_type,
            entity_id=event.entity_id,
            before=event.before,
            after=event.after,
            prev_hash=event.prev_hash,
        )
        if recomputed != event.hash:
            return Break(event.seq, "its content was changed after it was written")
        expected_prev = event.hash
        expected_seq += 1
    return None
