"""A bulk re-run evaluates only the cases whose facts changed since their current assessment
(`engine.facts_digest`): an embargo on one state re-evaluates the cases that concern it and
counts the others by their current outcome; the result is what evaluating every case gives;
a new rule set, or an assessment stored before facts were digested, re-evaluates them all."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import Engine, select, update

from amanah.cases.models import CaseRow
from amanah.compliance import bulk
from amanah.compliance import engine as rules_engine
from amanah.compliance.bulk import reassess_open_cases
from amanah.compliance.engine import evaluate, facts_digest
from amanah.compliance.gather import facts_for_case
from amanah.compliance.models import AssessmentRow
from amanah.compliance.service import assess_case
from amanah.db.engine import transaction
from amanah.partners.models import EmbargoRow
from amanah.users.roles import SYSTEM
from tests.integration.test_reassess_shares import OPEN, _populate


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The first party's name of each case the bulk run evaluates, in order."""
    seen: list[str] = []

    def counted(facts):  # type: ignore[no-untyped-def]
        seen.append(facts.parties[0].name if facts.parties else "")
        return evaluate(facts)

    monkeypatch.setattr(bulk, "evaluate", counted)
    return seen


def _current(session) -> dict[int, AssessmentRow]:  # type: ignore[no-untyped-def]
    return {a.case_id: a for a in session.scalars(select(AssessmentRow).order_by(AssessmentRow.id))}


def test_an_embargo_re_evaluates_the_cases_it_concerns_and_counts_the_rest_as_they_stand(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _populate(engine, 40)  # first assessed, then a UN embargo on XC stored as a row
    with transaction(engine) as session:
        open_cases = session.scalars(select(CaseRow).where(CaseRow.state.in_(OPEN))).all()
        concerned = {
            c.id for c in open_cases
            if c.partner_code == "XC" or any(p.country == "XC" for p in c.parties)
        }  # fmt: skip
        # the cases _populate added, each assessed by the bulk run and unchanged since (a demo
        # case whose facts changed after its assessment without changing its findings keeps
        # that assessment, and is evaluated by every re-run)
        added = {f"End user {c.id}": c.id in concerned for c in open_cases
                 if c.reference.startswith("SHR-")}  # fmt: skip
    assert 0 < sum(added.values()) < len(added)
    seen = _counting(monkeypatch)
    with transaction(engine) as session:
        counts = reassess_open_cases(session, SYSTEM, workers=1)
    evaluated = {name for name in seen if name in added}
    assert evaluated == {name for name, concerns in added.items() if concerns}
    with transaction(engine) as session:
        rows = session.scalars(select(CaseRow).where(CaseRow.id.in_([c.id for c in open_cases])))
        current = _current(session)
        for row in rows:  # what evaluating every case gives
            facts = facts_for_case(session, row)
            expected = evaluate(facts)
            assert current[row.id].digest == expected.digest
            assert current[row.id].outcome == expected.outcome.value
            if row.id in concerned:
                assert current[row.id].facts_digest == facts_digest(facts)
        assert counts == Counter(current[c.id].outcome for c in open_cases)
    seen.clear()
    with transaction(engine) as session:  # nothing changed since: none of them is evaluated
        again = reassess_open_cases(session, SYSTEM, workers=1)
    assert not set(seen) & set(added) and again == counts


def test_a_new_rule_set_or_an_undigested_assessment_re_evaluates_every_case(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _populate(engine, 20)
    with transaction(engine) as session:
        reassess_open_cases(session, SYSTEM, workers=1)  # the XC embargo
        total = len(session.scalars(select(CaseRow.id).where(CaseRow.state.in_(OPEN))).all())
    seen = _counting(monkeypatch)
    monkeypatch.setattr(rules_engine, "_RULES_KEY", rules_engine._RULES_KEY + b"+next")
    with transaction(engine) as session:
        reassess_open_cases(session, SYSTEM, workers=1)
    assert len(seen) == total
    monkeypatch.undo()
    seen = _counting(monkeypatch)
    with transaction(engine) as session:  # as rows stored before migration 0021 are
        session.execute(update(AssessmentRow).values(facts_digest=None))
    with transaction(engine) as session:
        reassess_open_cases(session, SYSTEM, workers=1)
    assert len(seen) == total


def test_a_case_assessed_on_its_own_is_skipped_by_the_next_bulk_run_when_unchanged(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one-case path and the bulk path digest a case's facts alike."""
    _populate(engine, 10)
    with transaction(engine) as session:
        reassess_open_cases(session, SYSTEM, workers=1)
        case = session.scalars(
            select(CaseRow).where(CaseRow.state.in_(OPEN), CaseRow.partner_code != "XC")
        ).first()
        assert case is not None
        case.title = "retitled"  # not a fact: its assessment stays
        session.add(EmbargoRow(id="UN-XB-T", regime="UN", target=case.partner_code,
                               target_name="x", scope="all", instrument="test decision",
                               start=date(2026, 1, 1), source="manual"))  # fmt: skip
        session.flush()
        assess_case(session, SYSTEM, case)  # the embargo on its recipient: findings change
        case_id = case.id
    with transaction(engine) as session:
        stored = _current(session)[case_id]
        assert stored.facts_digest == facts_digest(
            facts_for_case(session, session.get_one(CaseRow, case_id))
        )
    seen = _counting(monkeypatch)
    with transaction(engine) as session:
        reassess_open_cases(session, SYSTEM, workers=1, case_ids=(case_id, case_id))
    assert seen == []
