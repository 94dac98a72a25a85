"""Each inbox queue counts exactly the cases its definition selects, for every demo user
(partners see their own state's only), whether the count comes from the one grouped state count,
a remainder of it, or a query of its own."""

from __future__ import annotations

from sqlalchemy import Engine, func, select, update

from amanah.cases import workflow
from amanah.cases.models import CaseRow, DecisionRow, PartyRow
from amanah.db.engine import transaction
from amanah.demo import load
from amanah.inbox import _waiting_transitions, work_queues
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
