"""A re-assessment job on the queue (PostgreSQL) is split into shares, 3 per live worker, whose
transactions run at the same time (each appends to the audit chain at its end, so none waits
for another's): the shares together store what the one-case path assesses, each changed case
once, the parent's counts are the cases' outcomes, and the audit chain verifies."""

from __future__ import annotations

import random
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, func, insert, select, text

from amanah.audit.models import AuditEventRow
from amanah.audit.service import verify_chain
from amanah.audit.verbs import Verb
from amanah.cases import workflow
from amanah.cases.models import CaseRow, LineItemRow, PartyRow
from amanah.catalogue.models import TechnologyRow
from amanah.compliance.bulk import reassess_open_cases
from amanah.compliance.engine import evaluate
from amanah.compliance.facts import ART7_GROUNDS
from amanah.compliance.gather import facts_for_case
from amanah.compliance.models import AssessmentRow
from amanah.config import get_settings
from amanah.db.engine import transaction
from amanah.jobs import runner, tasks
from amanah.jobs import service as jobs
from amanah.jobs.models import JobRow
from amanah.partners.models import EmbargoRow
from amanah.users.roles import SYSTEM
from tests.integration.test_storage import load_demo

OPEN = sorted(s.value for s in workflow.OPEN_STATES)


@given(cases=st.integers(0, 10**7), workers=st.integers(0, 64))
def test_shares_are_three_per_live_worker_and_never_below_the_smallest_share(
    cases: int, workers: int
) -> None:
    shares = tasks.share_count(cases, workers)
    assert 1 <= shares <= max(1, workers) * tasks.SHARES_PER_WORKER
    if shares > 1:
        assert cases // shares >= tasks.MIN_SHARE
    if cases >= max(1, workers) * tasks.SHARES_PER_WORKER * tasks.MIN_SHARE:
        assert shares == max(1, workers) * tasks.SHARES_PER_WORKER


def _populate(engine: Engine, count: int) -> None:
    """The demo, then `count` cases across four partners, first assessed; then a UN embargo
    on one partner, stored as a row (no event: the job below is the re-assessment)."""
    load_demo(engine)
    rng = random.Random(20)
    with transaction(engine) as session:
        techs = list(session.scalars(select(TechnologyRow.id)))
        base = int(session.scalar(select(func.max(CaseRow.id))) or 0)
        ids = range(base + 1, base + count + 1)
        session.execute(insert(CaseRow), [
            {"id": i, "reference": f"SHR-{i:05d}", "title": f"Share case {i}",
             "partner_code": rng.choice(["XA", "XB", "XC", "XD"]), "state": rng.choice(OPEN),
             "value": Decimal(1000), "currency": "USD", "transfer_date": date(2027, 6, 1),
             "atrocity_knowledge": [], "version": 1, "outcome": "pass",
             "risk_assessment": {"levels": dict.fromkeys(ART7_GROUNDS, "low"), "mitigation": ""}}
            for i in ids])  # fmt: skip
        session.execute(insert(LineItemRow), [
            {"case_id": i, "technology_id": rng.choice(techs), "quantity": rng.randint(1, 50),
             "kind": "sale", "declared_control_entries": [], "assessment_note": ""}
            for i in ids])  # fmt: skip
        session.execute(insert(PartyRow), [
            {"case_id": i, "role": "end_user", "name": f"End user {i}",
             "country": rng.choice(["XA", "XC"]), "party_type": "organisation", "identifiers": {}}
            for i in ids])  # fmt: skip
    with transaction(engine) as session:
        reassess_open_cases(session, SYSTEM)
    with transaction(engine) as session:
        session.add(EmbargoRow(id="SHR-XC", regime="UN", target="XC", target_name="Gamma",
                               scope="all", instrument="test decision", start=date(2026, 1, 1),
                               source="manual"))  # fmt: skip


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_split_reassessment_runs_its_shares_in_parallel_transactions_as_one_run_would(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _populate(engine, 60)
    with transaction(engine) as session:
        before = Counter(session.scalars(select(AssessmentRow.case_id)))
        open_ids = set(session.scalars(select(CaseRow.id).where(CaseRow.state.in_(OPEN))))
        last_seq = session.scalar(select(func.max(AuditEventRow.seq)))
    monkeypatch.setenv("AMANAH_JOBS_RUNNER", "queue")
    get_settings.cache_clear()
    queued: list[int] = []  # the queue: what the workers below take
    monkeypatch.setattr(runner, "submit", lambda engine, job_id: queued.append(job_id))
    monkeypatch.setattr(tasks, "MIN_SHARE", 5)
    runner.ensure_schema(engine)
    with engine.begin() as connection:  # two workers alive, one silent for an hour
        connection.execute(text("INSERT INTO procrastinate_workers (last_heartbeat) VALUES "
                                "(now()), (now()), (now() - interval '1 hour')"))  # fmt: skip
    with transaction(engine) as session:
        parent = jobs.start(session, SYSTEM, "reassess", {}).id
    assert queued == [parent]
    runner.run(engine, parent)
    shares = queued[1:]
    assert len(shares) == 2 * tasks.SHARES_PER_WORKER
    with ThreadPoolExecutor(2) as pool:  # two workers, each in its own transaction
        list(pool.map(lambda job_id: runner.run(engine, job_id), shares))

    with transaction(engine) as session:
        job = session.get_one(JobRow, parent)
        assert job.state == "succeeded"
        # the cases open when the job started (some of them it suspended)
        rows = session.scalars(select(CaseRow).where(CaseRow.id.in_(open_ids))).all()
        latest = {
            a.case_id: a
            for a in session.scalars(select(AssessmentRow).order_by(AssessmentRow.id))
        }  # fmt: skip
        for row in rows:
            expected = evaluate(facts_for_case(session, row))
            assert latest[row.id].digest == expected.digest
            assert latest[row.id].outcome == expected.outcome.value
        assert job.result == {"counts": dict(Counter(latest[r.id].outcome
                                                     for r in rows))}  # fmt: skip
        after = Counter(session.scalars(select(AssessmentRow.case_id)))
        added = after - before
        assert added and set(added.values()) == {1}  # each changed case stored once
        audited = session.scalar(select(func.count()).select_from(AuditEventRow).where(
            AuditEventRow.seq > last_seq, AuditEventRow.verb == Verb.ASSESSMENT_STORED.value))  # fmt: skip
        assert audited == added.total()  # each stored assessment audited once
        assert sum(s.total for s in session.scalars(
            select(JobRow).where(JobRow.parent_id == parent))) == job.total  # fmt: skip
        _, broken = verify_chain(session)
        assert broken is None
