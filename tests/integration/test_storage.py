"""Storage and services on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text

from amanah import demo, demo_cases
from amanah.audit.service import verify_chain
from amanah.backup import archive
from amanah.cases import service as cases
from amanah.cases.documents import add_document
from amanah.cases.line_items import add_item, classify_item
from amanah.cases.models import CaseRow
from amanah.cases.parties import add_party
from amanah.cases.schemas import CaseEdit, PartyIn
from amanah.compliance.bulk import reassess_open_cases
from amanah.db.engine import transaction
from amanah.errors import Conflict, Forbidden, InvalidInput, NotFound, Refused
from amanah.partners import service as partners
from amanah.partners.schemas import EmbargoIn
from amanah.users.models import UserRow
from amanah.users.roles import SYSTEM
from amanah.users.service import actor_of


def load_demo(engine: Engine) -> None:
    with transaction(engine) as session:
        partners.load_reference_embargoes(session)
        demo.load(session)


def actor(engine: Engine, username: str):  # type: ignore[no-untyped-def]
    with transaction(engine) as session:
        return actor_of(session.scalars(select(UserRow).where(UserRow.username == username)).one())


def case_by_title(engine: Engine, fragment: str) -> CaseRow:
    with transaction(engine) as session:
        return session.scalars(select(CaseRow).where(CaseRow.title.contains(fragment))).one()


def dump(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    from amanah.db.base import Base

    with engine.connect() as conn:
        return {t.name: sorted(map(tuple, conn.execute(select(t)).all()), key=repr)
                for t in Base.metadata.sorted_tables}  # fmt: skip


def test_demo_twice_leaves_identical_data(engine: Engine) -> None:
    load_demo(engine)
    first = dump(engine)
    load_demo(engine)
    assert dump(engine) == first
    assert len(first["cases"]) == len(demo_cases.CASES)


def test_demo_tells_the_seed_case_study_to_agreement_signed(engine: Engine) -> None:
    load_demo(engine)
    case = case_by_title(engine, "counter-rocket")
    assert case.state == "agreement_signed"
    with transaction(engine) as session:
        from amanah.agreements.service import deliveries_for

        deliveries = deliveries_for(session, case.id)
        units = session.get_one(CaseRow, case.id).items[0]
        # the two units in two deliveries, the technical-data package with its own
        assert [d.quantity for d in deliveries if d.line_item_id == units.id] == [1, 1]
        assert len(deliveries) == 3 and all(d.status == "scheduled" for d in deliveries)


def test_demo_request_from_embargoed_state_is_prohibited_with_the_resolution(
    engine: Engine,
) -> None:
    load_demo(engine)
    case = case_by_title(engine, "Coastal patrol boats")
    with transaction(engine) as session:
        assessment = cases.current_assessment(session, case.id)
        assert assessment is not None and assessment.outcome == "prohibited"
        finding = next(f for f in assessment.findings if f["rule_id"] == "att.6.1")
        assert "S/RES/1718" in finding["citation"]


def test_audit_chain_detects_edit_delete_and_reorder_by_raw_sql(engine: Engine) -> None:
    load_demo(engine)
    with transaction(engine) as session:
        count, broken = verify_chain(session)
        assert broken is None and count > 100
    tamperings = [
        (["UPDATE audit_events SET actor = 'mallory' WHERE seq = 40"], 40),
        (["DELETE FROM audit_events WHERE seq = 41"], 42),  # the event after the gap
        (
            [
                "UPDATE audit_events SET seq = -1 WHERE seq = 42",
                "UPDATE audit_events SET seq = 42 WHERE seq = 43",
                "UPDATE audit_events SET seq = 43 WHERE seq = -1",
            ],
            42,
        ),
    ]
    for statements, expected in tamperings:
        with engine.begin() as conn:
            saved = conn.execute(text("SELECT * FROM audit_events")).mappings().all()
            for statement in statements:
                conn.execute(text(statement))
        with transaction(engine) as session:
            _, broken = verify_chain(session)
        assert broken is not None and broken.seq == expected, statements
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_events"))
            conn.execute(text("INSERT INTO audit_events (seq, at, actor, verb, entity_type, entity_id, "
                              '"before", "after", prev_hash, hash, seal) VALUES (:seq, :at, :actor, :verb, '
                              ":entity_type, :entity_id, :before, :after, :prev_hash, :hash, :seal)"),
                         [_raw(r) for r in saved])  # fmt: skip


def _raw(row: object) -> dict[str, object]:
    import json

    values = dict(row)  # type: ignore[call-overload]
    for key in ("before", "after"):
        if values[key] is not None and not isinstance(values[key], str):
            values[key] = json.dumps(values[key])
    return values


def test_stale_edit_conflicts_and_changes_nothing(engine: Engine) -> None:
    load_demo(engine)
    officer = actor(engine, "officer")
    case = case_by_title(engine, "Network intrusion")
    with transaction(engine) as session:
        cases.edit_case(
            session, officer, case.id, CaseEdit(title="First edit"), expected_version=case.version
        )
    with pytest.raises(Conflict, match="changed by someone else"), transaction(engine) as session:
        cases.edit_case(
            session, officer, case.id, CaseEdit(title="Second edit"), expected_version=case.version
        )
    assert case_by_title(engine, "First edit").title == "First edit"


def test_concurrent_sessions_on_one_case_conflict_cleanly(engine: Engine) -> None:
    load_demo(engine)
    officer = actor(engine, "officer")
    case = case_by_title(engine, "Network intrusion")
    from sqlalchemy.orm import Session

    with Session(engine) as first, Session(engine) as second:
        a = first.get_one(CaseRow, case.id)
        b = second.get_one(CaseRow, case.id)
        a.title = "by A"
        first.commit()
        b.title = "by B"
        with pytest.raises(Exception) as error:
            second.commit()
        assert "StaleData" in type(error.value).__name__ or "expected to update" in str(error.value)
    assert case_by_title(engine, "by A").version == case.version + 1
    del officer


def test_bad_party_is_refused_naming_the_field_and_nothing_is_written(engine: Engine) -> None:
    load_demo(engine)
    officer = actor(engine, "officer")
    case = case_by_title(engine, "Network intrusion")
    with pytest.raises(InvalidInput) as error, transaction(engine) as session:
        add_party(session, officer, case.id, PartyIn(role="consignee", name="X", country="QQQ"))
    assert error.value.field == "country"
    assert case_by_title(engine, "Network intrusion").version == case.version


def test_partner_liaison_cannot_see_another_states_case(engine: Engine) -> None:
    load_demo(engine)
    beta = actor(engine, "beta")
    case = case_by_title(engine, "counter-rocket")
    with pytest.raises(NotFound), transaction(engine) as session:
        cases.get_case(session, beta, case.id)


def test_full_lifecycle_through_services_with_four_eyes(engine: Engine) -> None:
    load_demo(engine)
    from amanah.cases.schemas import RiskAssessmentIn
    from amanah.compliance.facts import ART7_GROUNDS
    from amanah.users import service as users

    with transaction(engine) as session:
        dual = actor_of(users.create_user(session, SYSTEM, username="dual", password="dual-password",
                                          full_name="Officer and leader", roles=["case_officer", "leadership"],
                                          clearance="secret"))  # fmt: skip
    board, export, leader = actor(engine, "board"), actor(engine, "export"), actor(engine, "leader")
    case = case_by_title(engine, "Patrol vehicle training")
    with transaction(engine) as session:
        cases.transition(session, dual, case.id, "start_release_review")
    with pytest.raises(Refused, match="has not decided yet"), transaction(engine) as session:
        cases.transition(session, board, case.id, "complete_release_review")
    with transaction(engine) as session:
        cases.record_release_decision(session, board, case.id, granted=True, reason="releasable")
        cases.transition(session, board, case.id, "complete_release_review")
        cases.record_risk_assessment(session, export, case.id, RiskAssessmentIn(
            **dict.fromkeys(ART7_GROUNDS, "low")))  # fmt: skip
        add_document(session, dual, case.id, kind="end_use_certificate", filename="euc.pdf",
                     content_type="application/pdf", content=b"%PDF-1.4 euc")  # fmt: skip
        cases.transition(session, export, case.id, "recommend")
    # the case was submitted by the officer in the demo: let the dual user be the submitter
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE cases SET submitted_by = :u WHERE id = :c"),
            {"u": dual.user_id, "c": case.id},
        )
    with pytest.raises(Refused, match="four eyes"), transaction(engine) as session:
        cases.transition(session, dual, case.id, "approve", "looks fine")
    with transaction(engine) as session:
        cases.transition(session, leader, case.id, "approve", "second pair of eyes")
        row = session.get_one(CaseRow, case.id)
        assert row.state == "approved"
        approval = [d for d in row.decisions if d.kind == "approval"][-1]
        assert approval.assessment_id == cases.current_assessment(session, case.id).id  # type: ignore[union-attr]


def test_new_embargo_suspends_affected_demo_cases_and_holds_deliveries(engine: Engine) -> None:
    load_demo(engine)
    admin = actor(engine, "admin")
    with transaction(engine) as session:
        partners.save_embargo(session, admin, EmbargoIn(
            id="UN-XA", regime="UN", target="XA", target_name="Republic of Alpha", scope="all",
            instrument="S/RES/9999 (2026)", start=date(2026, 11, 1)))  # fmt: skip
    seed = case_by_title(engine, "counter-rocket")
    assert seed.state == "suspended" and seed.previous_state == "agreement_signed"
    with transaction(engine) as session:
        from amanah.agreements.service import alerts_for, deliveries_for

        assert {d.status for d in deliveries_for(session, seed.id)} == {"on_hold"}
        assert any(
            a.case_id == seed.id and a.kind == "newly_prohibited"
            for a in alerts_for(session, SYSTEM)
        )
    closed = case_by_title(engine, "border guards")
    assert closed.state == "closed"
    with transaction(engine) as session:
        counts = reassess_open_cases(session)
    assert counts["prohibited"] >= 4


def test_backup_and_restore_round_trip(engine: Engine, tmp_path: Path) -> None:
    load_demo(engine)
    before = dump(engine)
    path = tmp_path / "backup.zip"
    with transaction(engine) as session:
        archive.backup(session, tmp_path / "amanah" / "documents", path)
    with engine.begin() as conn:
        conn.execute(text("UPDATE cases SET title = 'changed'"))
    archive.restore(engine, tmp_path / "amanah" / "documents", path)
    assert dump(engine) == before


def test_restore_of_a_damaged_archive_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    load_demo(engine)
    before = dump(engine)
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InvalidInput, match="not an Amanah backup"):
        archive.restore(engine, tmp_path / "docs", broken)
    assert dump(engine) == before


def test_assessed_classification_is_kept_apart_from_the_declaration_and_drives_compliance(
    engine: Engine,
) -> None:
    from amanah.cases.detail import case_detail
    from amanah.cases.schemas import ItemClassificationIn, LineItemIn

    load_demo(engine)
    officer, export = actor(engine, "officer"), actor(engine, "export")
    case = case_by_title(engine, "Unmanned reconnaissance aircraft")
    with transaction(engine) as session:
        row = session.get_one(CaseRow, case.id)
        technology_id = row.items[0].technology_id
        item = add_item(session, officer, case.id, LineItemIn(
            technology_id=technology_id, quantity=1, kind="loan_for_evaluation",
            declared_control_entries=["ml10"], declared_classification="unclassified"))  # fmt: skip
        item_id = item.id
    with transaction(engine) as session:
        before = {f.rule_id: f.outcome for f in _findings(session, case.id)}
    assert before.get("mtcr") != "prohibited"
    assessment = ItemClassificationIn(
        control_entries=["ML10", "MTCR-I-1.A.1"], classification="restricted",
        note="complete system: range and payload meet Category I")  # fmt: skip
    with pytest.raises(Forbidden), transaction(engine) as session:
        classify_item(session, officer, case.id, item_id, assessment)
    with pytest.raises(InvalidInput) as bad, transaction(engine) as session:
        classify_item(session, export, case.id, item_id,
                      assessment.model_copy(update={"control_entries": ["ML99"]}))  # fmt: skip
    assert bad.value.field == "control_entries"
    with transaction(engine) as session:
        classify_item(session, export, case.id, item_id, assessment)
    with transaction(engine) as session:
        detail = case_detail(session, export, case.id)
        shown = next(i for i in detail["items"] if i["id"] == item_id)
        assert shown["declared"] == {"control_entries": ["ML10"], "classification": "unclassified"}
        assert shown["control_entries"] == ["ML10", "MTCR-I-1.A.1"]
        assert shown["assessed"]["by"] == "export" and shown["declared_differs"]
        mtcr = [f for f in _findings(session, case.id) if f.rule_id == "mtcr"]
        assert mtcr and "Category I" in " ".join(f.reason for f in mtcr)
        assert mtcr[0].outcome in ("needs_approval", "prohibited")
        # the catalogue entry itself is untouched: only this case's item was re-assessed
        other = [i for i in detail["items"] if i["id"] != item_id][0]
        assert "MTCR-I-1.A.1" not in other["control_entries"]


def _findings(session: object, case_id: int) -> list[object]:
    from types import SimpleNamespace

    current = cases.current_assessment(session, case_id)  # type: ignore[arg-type]
    assert current is not None
    return [SimpleNamespace(**f) for f in current.findings]


def test_daily_check_reassesses_when_a_security_agreement_expires(engine: Engine) -> None:
    """XB's security-of-information agreement ends on 2030-06-01 (demo data). A case with a
    classified item and no planned date is assessed as of the day of the check."""
    from amanah.cases.schemas import CaseIn, LineItemIn
    from amanah.catalogue.models import TechnologyRow
    from amanah.compliance.service import calendar_check

    load_demo(engine)
    beta = actor(engine, "beta")
    with transaction(engine) as session:
        radio = session.scalars(
            select(TechnologyRow).where(TechnologyRow.name == "Secure tactical radio")
        ).one()
        item = LineItemIn(technology_id=radio.id, quantity=5, kind="sale")
        case = cases.open_case(
            session, beta, CaseIn(partner="XB", title="Radios, date to be agreed", items=[item])
        )
        case_id = case.id
    with transaction(engine) as session:
        changed, _ = calendar_check(session, date(2030, 5, 31))
        assert changed == [] and session.get_one(CaseRow, case_id).outcome != "prohibited"
    with transaction(engine) as session:
        changed, counts = calendar_check(session, date(2030, 6, 1))
        assert changed == ["XB"] and counts["prohibited"] >= 1
        current = cases.current_assessment(session, case_id)
        assert current is not None and current.outcome == "prohibited"
        assert any(
            f["rule_id"] == "releasability" and f["outcome"] == "prohibited"
            for f in current.findings
        )
    with transaction(engine) as session:
        assert (
            calendar_check(session, date(2030, 6, 2))[0] == []
        )  # starts where the last check ended


def test_a_bulk_re_run_split_between_forked_workers_writes_what_one_process_writes(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo after an embargo on Alpha, re-assessed twice from the same state: once in one
    process, once split between this process and forked workers."""
    from sqlalchemy.orm import Session

    from amanah.agreements.models import AlertRow
    from amanah.audit.service import verify_chain
    from amanah.compliance import bulk
    from amanah.compliance.models import AssessmentRow
    from amanah.config import get_settings
    from amanah.partners.models import EmbargoRow

    load_demo(engine)
    with transaction(engine) as session:
        session.add(EmbargoRow(id="UN-XA", regime="UN", target="XA", target_name="Alpha",
                               scope="all", instrument="S/RES/9999", start=date(2026, 1, 1),
                               source="manual"))  # fmt: skip

    def rerun(workers: int) -> tuple[object, ...]:
        monkeypatch.setattr(get_settings(), "compliance_workers", workers)
        monkeypatch.setattr(bulk, "_PER_WORKER", 1)
        with Session(engine) as session:
            counts = reassess_open_cases(session, today=date(2026, 11, 27))
            cases = session.execute(
                select(CaseRow.id, CaseRow.state, CaseRow.outcome, CaseRow.version)
            ).all()  # fmt: skip
            current = session.execute(
                select(AssessmentRow.case_id, AssessmentRow.digest, AssessmentRow.facts)
                .order_by(AssessmentRow.case_id, AssessmentRow.id)
            ).all()  # fmt: skip
            alerts = sorted(
                tuple(r) for r in session.execute(select(AlertRow.case_id, AlertRow.message))
            )
            checked, broken = verify_chain(session)
            session.rollback()
        return counts, sorted(cases), current, alerts, checked, broken

    alone, forked = rerun(1), rerun(3)
    assert alone == forked
    counts, cases, _, alerts, _, broken = forked
    assert counts["prohibited"] >= 4 and broken is None  # type: ignore[operator]
    assert any(state == "suspended" for _, state, _, _ in cases)  # type: ignore[attr-defined]
    assert alerts


def test_the_migrations_build_the_schema_the_models_declare(engine: Engine) -> None:
    """Every table, column, index and key of the models exists after `migrate`, and nothing
    else: a model change without its migration fails here."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import amanah.db.models  # noqa: F401  (every table on Base.metadata)
    from amanah.db.base import Base

    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        assert compare_metadata(context, Base.metadata) == []
