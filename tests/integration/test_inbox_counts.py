"""Each inbox queue counts exactly the cases its definition selects, for every demo user
(partners see their own state's only), whether the count comes from the one grouped state count,
a remainder of it, or a query of its own."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from amanah.cases import workflow
from amanah.cases.models import CaseRow, DecisionRow, PartyRow, RfiRow
from amanah.db.engine import session_factory, transaction
from amanah.demo import load
from amanah.inbox import _waiting_transitions, work_queues
from amanah.monitoring.models import MonitoringPlanRow
from amanah.screening.models import ScreeningHitRow
from amanah.users.models import UserRow
from amanah.users.roles import Actor, Role
from amanah.users.service import actor_of


def _expected(session: object, actor: Actor) -> dict[str, int]:
    """Each queue's cases counted one by one in Python, from the rows (not the queries)."""
    cases = list(session.scalars(select(CaseRow)))  # type: ignore[attr-defined]
    if actor.is_partner:
        cases = [c for c in cases if c.partner_code == actor.country]
    hit_parties = set(session.scalars(  # type: ignore[attr-defined]
        select(ScreeningHitRow.party_id).where(ScreeningHitRow.status == "open")))  # fmt: skip
    released = set(session.scalars(select(DecisionRow.case_id).where(DecisionRow.kind == "release")))  # type: ignore[attr-defined]  # fmt: skip
    expected: dict[str, int] = {}
    for t in _waiting_transitions(actor):
        expected[t.action] = sum(c.state in {s.value for s in t.sources} for c in cases)
    if actor.has(Role.EXPORT_CONTROL):
        review = [c for c in cases if c.state == "compliance_review"]
        expected["risk_missing"] = sum(c.risk_assessment is None for c in review)
        expected["recommend"] = sum(c.risk_assessment is not None for c in review)
        open_states = {s.value for s in workflow.OPEN_STATES}
        expected["hits"] = sum(c.state in open_states and any(p.id in hit_parties for p in c.parties)
                               for c in cases)  # fmt: skip
    if actor.has(Role.RELEASE_BOARD):
        review = [c for c in cases if c.state == "release_review"]
        expected["release_decision"] = sum(c.id not in released for c in review)
        expected["complete_release_review"] = sum(c.id in released for c in review)
    return {k: v for k, v in expected.items() if v}


def test_every_queue_counts_what_it_selects(engine: Engine) -> None:
    with transaction(engine) as session:
        load(session)
    with transaction(engine) as session:
        # one case in compliance review has its risk assessment: both review queues have cases
        assessed = session.scalars(select(CaseRow.id).where(CaseRow.state == "compliance_review")
                                   .order_by(CaseRow.id).limit(1)).one()  # fmt: skip
        session.execute(update(CaseRow).where(CaseRow.id == assessed)
                        .values(risk_assessment={"peace_and_security": "low"}))  # fmt: skip
        assert session.scalar(select(func.count()).select_from(PartyRow)) > 0
    with transaction(engine) as session:
        seen: set[str] = set()
        for user in session.scalars(select(UserRow).order_by(UserRow.id)):
            actor = actor_of(user)
            counted = {q.key: q.count for q in work_queues(session, actor)
                       if q.key not in ("draft", "rfis", "credits", "end_use_overdue")}  # fmt: skip
            assert counted == _expected(session, actor), user.username
            assert all(len(q.items) == min(q.count, 25) for q in work_queues(session, actor)
                       if q.key in counted)  # fmt: skip
            seen |= set(counted)
        assert {"risk_missing", "recommend", "hits", "approve", "resume"} <= seen


# --- varied data: every queue (the ones counted apart too) against a count of the rows --------

STATES = [s.value for s in workflow.CaseState]
case_data = st.fixed_dictionaries({
    "state": st.sampled_from(STATES),
    "partner": st.sampled_from(["XA", "XB"]),
    "assessed": st.booleans(),
    "released": st.booleans(),
    "plan_due": st.none() | st.integers(-30, 30),
    "open_rfi": st.booleans(),
    "officer_owns": st.booleans(),
})  # fmt: skip


def _expected_all(session: Session, actor: Actor, today: date) -> dict[str, int]:
    """`_expected`, and the queues counted on their own: drafts, open RFIs, overdue checks."""
    expected = _expected(session, actor)
    cases = list(session.scalars(select(CaseRow)))
    if actor.is_partner:
        cases = [c for c in cases if c.partner_code == actor.country]
    if actor.has(Role.CASE_OFFICER, Role.PARTNER_LIAISON):
        expected["draft"] = sum(c.state == "draft" and (actor.is_partner or c.owner_id == actor.user_id)
                                for c in cases)  # fmt: skip
        asking = set(session.scalars(select(RfiRow.case_id).where(RfiRow.status == "open")))
        expected["rfis"] = sum(c.id in asking for c in cases)
    if actor.has(Role.CASE_OFFICER, Role.EXPORT_CONTROL):
        plans = select(MonitoringPlanRow.case_id, MonitoringPlanRow.next_due)
        due: dict[int, date] = dict(session.execute(plans).all())  # type: ignore[arg-type]
        everyone = list(session.scalars(select(CaseRow)))  # the overdue queue is the directorate's
        expected["end_use_overdue"] = sum(c.state in ("delivered", "end_use_monitoring") and c.id in due
                                          and due[c.id] < today for c in everyone)  # fmt: skip
    return {k: v for k, v in expected.items() if v}


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cases=st.lists(case_data, min_size=1, max_size=40))
def test_every_queue_counts_varied_cases(engine: Engine, cases: list[dict[str, Any]]) -> None:
    """Cases in any state, assessed or not, released or not, with or without a plan due or past
    due and an open RFI: every queue of every user counts what a count of the rows finds and
    lists min(count, 25) different cases."""
    with transaction(engine) as session:
        if session.scalar(select(CaseRow.id).limit(1)) is None:
            load(session)
    today = date.today()
    session = session_factory(engine)()
    try:
        officer = session.scalars(select(UserRow).where(UserRow.username == "officer")).one()
        for n, c in enumerate(cases):
            row = CaseRow(reference=f"HYP-{n}", title=f"Varied {n}", partner_code=c["partner"],
                          state=c["state"], value=Decimal(1), currency="USD", atrocity_knowledge=[],
                          owner_id=officer.id if c["officer_owns"] else None)  # fmt: skip
            if c["assessed"]:  # never set to None: the service never does (JSON null is not NULL)
                row.risk_assessment = {"levels": {}}
            session.add(row)
            session.flush()
            if c["released"]:
                session.add(DecisionRow(case_id=row.id, kind="release", outcome="releasable",
                                        decided_by="test"))  # fmt: skip
            if c["plan_due"] is not None:
                session.add(MonitoringPlanRow(case_id=row.id, level="routine", interval_months=12,
                                              next_due=today + timedelta(days=c["plan_due"]),
                                              recorded_by="test"))  # fmt: skip
            if c["open_rfi"]:
                session.add(
                    RfiRow(case_id=row.id, addressee="partner", question="?", asked_by="test")
                )
        session.flush()
        for user in session.scalars(select(UserRow).order_by(UserRow.id)):
            actor = actor_of(user)
            queues = work_queues(session, actor)
            assert {q.key: q.count for q in queues if q.key != "credits"} == _expected_all(
                session, actor, today
            ), user.username
            for q in queues:
                assert len(q.items) == min(q.count, 25), (user.username, q.key)
                assert len({i.case_id for i in q.items}) == len(q.items)
    finally:
        session.rollback()
        session.close()
