"""Screening with storage (SQLite and PostgreSQL): list versions and deltas, screening of case
parties, the review workflow with its memory, and continuous re-screening of open demo cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from amanah.agreements.models import AlertRow
from amanah.cases import service as cases
from amanah.cases.models import CaseRow, PartyRow
from amanah.cases.parties import add_party
from amanah.cases.schemas import PartyIn
from amanah.db.engine import make_engine, transaction
from amanah.errors import Conflict, Forbidden, InvalidInput, Refused
from amanah.screening import list_imports, service
from amanah.screening.models import ListedEntityRow, ListImportRow, ScreeningHitRow
from amanah.screening.review import review_hit
from amanah.users.roles import SYSTEM
from tests.factories.screening import UN_XML, ftm_lines, ftm_person, write
from tests.integration.test_storage import actor, case_by_title, load_demo

# the end user of the demo's reconnaissance-aircraft case, named by a test list
FREIGHT = {"id": "ftm-air-force", "schema": "Organization", "datasets": ["test_list"],
           "properties": {"name": ["Royal Beta Air Force"], "country": ["xb"]}}  # fmt: skip


def import_ftm(
    engine: Engine, tmp_path: Path, name: str, *entities: dict[str, object]
) -> dict[str, object]:
    path = write(tmp_path, name, ftm_lines(*entities))
    with transaction(engine) as session:
        return list_imports.import_list(session, SYSTEM, path, "ftm").as_dict()


def active(engine: Engine, list_name: str) -> int:
    with transaction(engine) as session:
        return int(session.scalar(select(func.count()).select_from(ListedEntityRow).where(
            ListedEntityRow.list_name == list_name, ListedEntityRow.active.is_(True))) or 0)  # fmt: skip


@pytest.mark.skipif(not UN_XML.exists(), reason="../shared/data is not present")
def test_un_import_is_recorded_idempotent_and_a_truncated_file_changes_nothing(
    engine: Engine, tmp_path: Path
) -> None:
    with transaction(engine) as session:
        first = list_imports.import_list(session, SYSTEM, UN_XML, "un-xml").as_dict()
    assert first["entities"] == first["added"] == 1003 and first["published"] == "2026-02-27"
    with transaction(engine) as session:
        again = list_imports.import_list(session, SYSTEM, UN_XML, "un-xml").as_dict()
        imports = session.scalar(select(func.count()).select_from(ListImportRow))
    assert again["unchanged"] and imports == 1
    truncated = tmp_path / "un.xml"
    truncated.write_bytes(UN_XML.read_bytes()[:200_000])
    with pytest.raises(InvalidInput, match="refused"), transaction(engine) as session:
        list_imports.import_list(session, SYSTEM, truncated, "un-xml")
    assert active(engine, "UN") == 1003
    with transaction(engine) as session:
        hits = service.screen(session, service.Query("صدام حسين التكريتي", type="person"))
    assert hits[0].explanation["reference"] == "IQi.001"


def test_second_version_yields_its_delta(engine: Engine, tmp_path: Path) -> None:
    v1 = [
        ftm_person("a", "Ivan Petrov"),
        ftm_person("b", "Olga Sidorova"),
        ftm_person("c", "Karim Haddad"),
    ]
    assert import_ftm(engine, tmp_path, "v1.json", *v1)["added"] == 3
    v2 = [ftm_person("a", "Ivan Petrov"), ftm_person("c", "Karim Haddad", birthDate=["1971"]),
          ftm_person("d", "Lena Novak")]  # fmt: skip
    delta = import_ftm(engine, tmp_path, "v2.json", *v2)
    assert (delta["added"], delta["changed"], delta["removed"]) == (1, 1, 1)
    assert active(engine, "FTM:test_list") == 3
    with transaction(engine) as session:
        assert not service.screen(session, service.Query("Olga Sidorova"), floor=0.7)
        assert service.screen(session, service.Query("Lena Novak"), floor=0.7)
    # listed again after removal
    relisted = import_ftm(engine, tmp_path, "v3.json", *v2, ftm_person("b", "Olga Sidorova"))
    assert relisted["added"] == 1 and active(engine, "FTM:test_list") == 4
    with transaction(engine) as session:
        assert service.screen(session, service.Query("Olga Sidorova"), floor=0.7)


def test_import_naming_a_party_of_an_open_demo_case_blocks_it(
    engine: Engine, tmp_path: Path
) -> None:
    load_demo(engine)
    case = case_by_title(engine, "Unmanned reconnaissance aircraft")
    closed = case_by_title(engine, "border guards")
    result = import_ftm(
        engine, tmp_path, "list.json", FREIGHT, ftm_person("x", "Alpha Border Guard")
    )
    # similar names of other open cases (Royal Beta Land Forces…) go to review as well
    assert (
        case.reference in result["blocked_cases"]
        and closed.reference not in result["blocked_cases"]
    )
    with transaction(engine) as session:
        current = cases.current_assessment(session, case.id)
        assert current is not None
        screening = [f for f in current.findings if f["rule_id"] == "screening"]
        assert (
            screening and screening[0]["outcome"] == "needs_approval" and screening[0]["blocking"]
        )
        alerts = session.scalars(
            select(AlertRow).where(AlertRow.case_id == case.id, AlertRow.kind == "screening_hit")
        )
        # one from the demo's own list (the consignee), one from this import
        assert [a.message for a in alerts if "Royal Beta Air Force" in a.message]
        # the closed case's party is not re-screened: only open cases are
        closed_parties = [p.id for p in session.get_one(CaseRow, closed.id).parties]
        assert not session.scalars(
            select(ScreeningHitRow).where(ScreeningHitRow.party_id.in_(closed_parties))
        ).all()


def test_review_workflow_and_false_positive_memory_end_to_end(
    engine: Engine, tmp_path: Path
) -> None:
    load_demo(engine)
    import_ftm(engine, tmp_path, "list.json", FREIGHT)
    case = case_by_title(engine, "Unmanned reconnaissance aircraft")
    officer, export = actor(engine, "officer"), actor(engine, "export")
    with transaction(engine) as session:
        (hit,) = [
            h for h in service.hits_for_case(session, case.id) if h.list_name == "FTM:test_list"
        ]
        hit_id = hit.id
    with pytest.raises(Forbidden), transaction(engine) as session:
        review_hit(session, officer, hit_id, "false_positive", "different company")
    with pytest.raises(InvalidInput) as bad, transaction(engine) as session:
        review_hit(session, export, hit_id, "false_positive", "   ")
    assert bad.value.field == "reason"
    with transaction(engine) as session:
        review_hit(
            session,
            export,
            hit_id,
            "false_positive",
            "registered in Sharjah, not Jebel Ali; different owners",
        )
        current = cases.current_assessment(session, case.id)
        assert current is not None
        # the demo list's hit on the consignee is still open; the reviewed one no longer counts
        screening = " ".join(f["reason"] for f in current.findings if f["rule_id"] == "screening")
        assert "Royal Beta Air Force" not in screening
    with pytest.raises(Conflict), transaction(engine) as session:
        review_hit(session, export, hit_id, "true_match", "changed my mind")
    # the same party on another case is not raised again: the decision is remembered
    other = case_by_title(engine, "Co-production of armoured patrol vehicles")
    with transaction(engine) as session:
        party = add_party(
            session,
            officer,
            other.id,
            PartyIn(role="consignee", name="Royal Beta Air Force", country="XB"),
        )
        party_id = party.id
        assert [h for h in service.hits_for_case(session, other.id) if h.party_id == party_id] == []
    # until the listed entry changes: then it is raised again
    changed = {**FREIGHT, "properties": {**FREIGHT["properties"], "alias": ["GFL FZE"]}}  # type: ignore[dict-item]
    import_ftm(engine, tmp_path, "list2.json", changed)
    with transaction(engine) as session:
        again = session.scalars(
            select(ScreeningHitRow).where(ScreeningHitRow.party_id == party_id)
        ).all()
        assert len(again) == 1 and again[0].status == "open"


def test_true_match_prohibits_and_an_open_hit_blocks_approval(
    engine: Engine, tmp_path: Path
) -> None:
    load_demo(engine)
    forces = {"id": "y", "schema": "Organization", "datasets": ["test_list"],
              "properties": {"name": ["Royal Beta Land Forces"]}}  # fmt: skip
    import_ftm(engine, tmp_path, "list.json", forces)
    case = case_by_title(engine, "Co-production of armoured patrol vehicles")  # awaiting approval
    leader, export = actor(engine, "leader"), actor(engine, "export")
    with transaction(engine) as session:
        party = session.scalars(select(PartyRow).where(PartyRow.case_id == case.id)).first()
        assert party is not None
        service.screen_party(session, party)
        hits = service.hits_for_case(session, case.id)
        assert hits, "the end user resembles the listed name"
        hit_id = hits[0].id
    with pytest.raises(Refused, match="screening"), transaction(engine) as session:
        cases.transition(session, leader, case.id, "approve", "fine")
    with transaction(engine) as session:
        review_hit(
            session, export, hit_id, "true_match", "same armed force, listed by the test authority"
        )
        current = cases.current_assessment(session, case.id)
        assert current is not None and current.outcome == "prohibited"
        assert session.get_one(CaseRow, case.id).state == "suspended"


def test_a_new_companion_file_is_a_new_version_of_the_list(engine: Engine, tmp_path: Path) -> None:
    sdn = write(
        tmp_path,
        "sdn.csv",
        '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n',
    )
    with transaction(engine) as session:
        assert list_imports.import_list(session, SYSTEM, sdn, "ofac-csv").as_dict()["added"] == 1
    write(
        tmp_path,
        "alt.csv",
        "ent_num,alt_num,alt_type,alt_name,alt_remarks\n36,12,aka,AERO-CARIBBEAN,-0-\n",
    )
    with transaction(engine) as session:
        second = list_imports.import_list(session, SYSTEM, sdn, "ofac-csv").as_dict()
    assert not second["unchanged"] and second["changed"] == 1


def test_the_matcher_is_built_at_start_up_and_a_failure_is_only_logged(
    engine: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import_ftm(engine, tmp_path, "test.json", FREIGHT)
    service.forget_matchers()
    service.warm_matcher(engine)
    with transaction(engine) as session:
        built = service.matcher_for(session)
        assert built.index.live_names == 1
        assert service.matcher_for(session) is built  # kept: the first screening reuses it
        assert service.screen(session, service.Query("Royal Beta Air Force"))[0].score >= 0.7
    service.forget_matchers()
    empty = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")  # no tables: not migrated
    service.warm_matcher(empty)
    assert "matcher not built at start-up" in caplog.text
