"""The audit chain anchored outside the database (issue 15, item 8): whoever can write the
database but holds neither the sealing key nor the checkpoint file cannot edit, delete, swap,
truncate or recompute events unnoticed. One tamper per test; each is detected and named."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from amanah.audit.chain import event_hash
from amanah.audit.service import checkpoint, verify_anchored
from amanah.cli.main import app
from amanah.config import get_settings
from amanah.db.engine import transaction
from amanah.demo import load


@pytest.fixture
def demo(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    monkeypatch.setenv("AMANAH_AUDIT_CHECKPOINT_EVERY", "25")
    get_settings.cache_clear()
    with transaction(engine) as session:
        load(session)
    with transaction(engine) as session:
        checkpoint(session)  # `amanah audit checkpoint`: the head is anchored
        count, problems = verify_anchored(session)
    assert count > 100 and problems == []
    yield engine


def problems_of(engine: Engine) -> list[tuple[int, str]]:
    with transaction(engine) as session:
        _, problems = verify_anchored(session)
    return [(p.seq, p.problem) for p in problems]


def tamper(engine: Engine, *statements: str) -> None:
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))


def head(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT max(seq) FROM audit_events")).scalar_one())


def test_an_edited_event_is_named(demo: Engine) -> None:
    tamper(demo, "UPDATE audit_events SET actor = 'mallory' WHERE seq = 40")
    assert (40, "its content was changed after it was written") in problems_of(demo)


def test_a_deleted_event_is_named(demo: Engine) -> None:
    tamper(demo, "DELETE FROM audit_events WHERE seq = 41")
    assert any(seq == 42 and "missing" in problem for seq, problem in problems_of(demo))


def test_two_swapped_events_are_named(demo: Engine) -> None:
    tamper(demo, "UPDATE audit_events SET seq = -1 WHERE seq = 42",
           "UPDATE audit_events SET seq = 42 WHERE seq = 43",
           "UPDATE audit_events SET seq = 43 WHERE seq = -1")  # fmt: skip
    assert any(seq == 42 for seq, _ in problems_of(demo))


def test_a_truncated_tail_is_named(demo: Engine) -> None:
    last = head(demo)
    tamper(demo, f"DELETE FROM audit_events WHERE seq > {last - 5}")
    problems = problems_of(demo)
    assert problems and all("truncated" in problem for _, problem in problems), problems
    assert (last, f"the chain ends at event {last - 5} but event {last} was checkpointed: "
                  "its last events were deleted (truncated)") in problems  # fmt: skip


def _recompute_from(engine: Engine, start: int) -> None:
    """What an attacker with database access and Amanah's source does: change an event, then
    recompute every hash after it, so that the chain itself holds."""
    with engine.begin() as conn:
        rows = conn.execute(text("SELECT * FROM audit_events WHERE seq >= :s ORDER BY seq"),
                            {"s": start}).mappings().all()  # fmt: skip
        prev = conn.execute(text("SELECT hash FROM audit_events WHERE seq = :s"),
                            {"s": start - 1}).scalar_one()  # fmt: skip
        for row in rows:
            actor = "mallory" if row["seq"] == start else row["actor"]
            values = {k: json.loads(v) if isinstance(v, str) and k in ("before", "after") else v
                      for k, v in row.items()}  # fmt: skip
            at = values["at"] if not isinstance(values["at"], str) else _parse(values["at"])
            digest = event_hash(seq=row["seq"], at=at, actor=actor, verb=row["verb"],
                                entity_type=row["entity_type"], entity_id=row["entity_id"],
                                before=values["before"], after=values["after"], prev_hash=prev)  # fmt: skip
            conn.execute(text("UPDATE audit_events SET actor = :a, prev_hash = :p, hash = :h "
                              "WHERE seq = :s"), {"a": actor, "p": prev, "h": digest, "s": row["seq"]})  # fmt: skip
            prev = digest


def _parse(value: str) -> object:
    from datetime import UTC, datetime

    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def test_a_recomputed_chain_is_named_by_its_seals(demo: Engine) -> None:
    _recompute_from(demo, 40)
    problems = problems_of(demo)
    assert not any("content was changed" in p or "link" in p for _, p in problems)
    assert (40, "its seal does not match: the event was rewritten without the key "
                "(the chain recomputed)") in problems  # fmt: skip
    assert any("rewritten" in p and "checkpoint" in p for _, p in problems)


def test_a_recomputed_chain_with_its_seals_removed_is_still_named(demo: Engine) -> None:
    _recompute_from(demo, 40)
    tamper(demo, "UPDATE audit_events SET seal = NULL")
    problems = problems_of(demo)
    assert any(seq == 1 and "no seal" in p for seq, p in problems)
    assert any("checkpoint: the chain was rewritten" in p for _, p in problems)


def test_a_forged_checkpoint_is_named(demo: Engine) -> None:
    path: Path = get_settings().audit_checkpoint_file
    lines = path.read_text().splitlines()
    forged = json.loads(lines[-1]) | {"seq": 5}
    path.write_text("\n".join([*lines, json.dumps(forged)]) + "\n")
    assert any("altered or forged" in p for _, p in problems_of(demo))


def test_checkpoints_are_written_every_n_events_after_commit(demo: Engine) -> None:
    lines = get_settings().audit_checkpoint_file.read_text().splitlines()
    seqs = [json.loads(line)["seq"] for line in lines]
    assert seqs[0] >= 25 and seqs[-1] == head(demo) and seqs == sorted(seqs)


def test_the_cli_verifies_and_checkpoints(demo: Engine) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["audit", "checkpoint"]).exit_code == 0
    last = head(demo)
    tamper(demo, f"DELETE FROM audit_events WHERE seq = {last}")
    result = runner.invoke(app, ["audit", "verify"])
    assert (
        result.exit_code == 1 and "truncated" in result.output and "Traceback" not in result.output
    )
