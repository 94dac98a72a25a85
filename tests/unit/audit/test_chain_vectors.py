"""The hash chain's format, pinned by known vectors: a stored chain must verify years later, on
any database (PostgreSQL's JSONB does not keep key order), so the canonical form — sorted keys,
no spaces, UTF-8 text as written, these field names, a genesis of 64 zeros — is a contract, not
an implementation detail. Also: a forged link is caught even when the forger recomputes the
event's own hash."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime

from amanah.audit.chain import GENESIS, ChainedEvent, canonical, event_hash, verify

AT = datetime(2026, 3, 1, 9, 30, 0, 125, tzinfo=UTC)
EVENT = {"seq": 1, "at": AT, "actor": "officer", "verb": "party.added", "entity_type": "case",
         "entity_id": "7", "before": None, "after": {"name": "محمد علي", "country": "SA"},
         "prev_hash": GENESIS}  # fmt: skip
# the bytes the first event's hash covers, written out by hand from the format's definition
CANONICAL = ('{"actor":"officer","after":{"country":"SA","name":"محمد علي"},"at":'
             '"2026-03-01T09:30:00.000125+00:00","before":null,"entity":["case","7"],"prev":"'
             + "0" * 64 + '","seq":1,"verb":"party.added"}')  # fmt: skip
KNOWN_HASH = "7af3395c56eff1e68417748445547ad35ff1831d5baecad1d66f341886f2a787"


def test_the_genesis_is_64_zeros() -> None:
    assert GENESIS == "0" * 64


def test_the_canonical_form_sorts_keys_without_spaces_and_keeps_utf8() -> None:
    assert canonical({"b": 1, "a": [1, "é"]}) == '{"a":[1,"é"],"b":1}'


def test_an_event_hashes_to_the_sha256_of_its_canonical_form() -> None:
    assert event_hash(**EVENT) == hashlib.sha256(CANONICAL.encode()).hexdigest()  # type: ignore[arg-type]


def test_the_known_vector_holds() -> None:
    assert hashlib.sha256(CANONICAL.encode()).hexdigest() == KNOWN_HASH


def test_a_forged_link_is_caught_even_with_its_own_hash_recomputed() -> None:
    first = ChainedEvent(**EVENT, hash=event_hash(**EVENT))  # type: ignore[arg-type]
    second_fields = {**EVENT, "seq": 2, "prev_hash": first.hash}
    second = ChainedEvent(**second_fields, hash=event_hash(**second_fields))  # type: ignore[arg-type]
    assert verify([first, second]) is None
    # the forger points event 2 elsewhere and recomputes its hash, so its content checks out
    forged_fields = {**second_fields, "prev_hash": "f" * 64}
    forged = replace(second, prev_hash="f" * 64, hash=event_hash(**forged_fields))  # type: ignore[arg-type]
    broken = verify([first, forged])
    assert broken is not None and broken.seq == 2 and "link" in broken.problem
