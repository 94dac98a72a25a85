"""The bulk re-run (compliance.bulk: plain queries, facts built per share, digests compared)
assesses every case exactly as the one-case path does (compliance.gather.facts_for_case through
the ORM, then the engine): same findings, same outcome, same facts snapshot, on varied cases
stored straight as rows (any open state, items assessed or not, parties of every role in
embargoed and other states, screening hits, documents, release decisions, agreements)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, insert, select

from amanah.agreements.models import AgreementRow
from amanah.cases import workflow
from amanah.cases.domain import PartyRole, TransferKind
from amanah.cases.models import CaseRow, DecisionRow, DocumentRow, LineItemRow, PartyRow
from amanah.catalogue.models import TechnologyRow
from amanah.compliance.bulk import reassess_open_cases
from amanah.compliance.engine import evaluate
from amanah.compliance.facts import ART7_GROUNDS, RiskLevel, to_json
from amanah.compliance.gather import facts_for_case
from amanah.compliance.models import AssessmentRow
from amanah.db.engine import transaction
from amanah.partners.models import EmbargoRow
from amanah.screening.models import ScreeningHitRow
from tests.integration.test_storage import load_demo

TODAY = date(2027, 3, 1)
OPEN = sorted(s.value for s in workflow.OPEN_STATES)
COUNTRIES = ["XA", "XB", "XC", "XD", "XH", "KP", "IR", "SS", "FR"]
ENTRIES = ["ML1", "ML4", "ML10", "ML22", "5D002", "MTCR-I-1.A.1", "MTCR-II-19.A.1", "6A003"]
LEVELS = st.sampled_from([None, *(level.value for level in RiskLevel)])

risk = st.one_of(
    st.none(),
    st.builds(
        lambda levels, residual, mitigation: {
            "levels": {g: v for g, v in zip(ART7_GROUNDS, levels, strict=True) if v},
            "residual": {g: v for g, v in zip(ART7_GROUNDS, residual, strict=True) if v},
            "mitigation": mitigation,
        },
        st.lists(LEVELS, min_size=6, max_size=6),
        st.lists(LEVELS, min_size=6, max_size=6),
        st.sampled_from(["", "end-use monitoring visits"]),
    ),
)
item = st.fixed_dictionaries({
    "technology": st.integers(0, 20), "quantity": st.integers(1, 500),
    "kind": st.sampled_from([k.value for k in TransferKind]),
    "classification": st.sampled_from([None, 0, 1, 2, 3]),
    "entries": st.one_of(st.none(), st.lists(st.sampled_from(ENTRIES), max_size=3, unique=True)),
})  # fmt: skip
party = st.fixed_dictionaries({
    "role": st.sampled_from([r.value for r in PartyRole]), "country": st.sampled_from(COUNTRIES),
    "type": st.sampled_from(["organisation", "person"]),
    "hit": st.sampled_from([None, "open", "true_match", "false_positive"]),
})  # fmt: skip
case = st.fixed_dictionaries({
    "partner": st.sampled_from(["XA", "XB", "XC", "XD", "KP"]), "state": st.sampled_from(OPEN),
    "transfer_date": st.one_of(st.none(), st.dates(date(2025, 1, 1), date(2031, 12, 31))),
    "risk": risk, "atrocity": st.sampled_from([[], ["credible reports of attacks on civilians"]]),
    "items": st.lists(item, max_size=3), "parties": st.lists(party, max_size=4),
    "documents": st.lists(st.sampled_from(["end_use_certificate", "end_use_assurance", "other"]),
                          max_size=2),
    "release": st.sampled_from([None, "granted", "refused"]),
    "retransfer_clause": st.sampled_from([None, True, False]),
})  # fmt: skip


def _store(engine: Engine, cases: list[dict[str, Any]]) -> tuple[int, int]:
    """The cases as rows, as a bulk import or a migration might leave them; their id range."""
    now = datetime.now(UTC)
    with transaction(engine) as session:
        techs = list(session.scalars(select(TechnologyRow.id).order_by(TechnologyRow.id)))
        ids = []
        for spec in cases:
            row = CaseRow(reference=f"EQ-{now.timestamp()}-{len(ids)}", title="equivalence",
                          partner_code=spec["partner"], state=spec["state"], value=Decimal(1000),
                          currency="USD", transfer_date=spec["transfer_date"],
                          risk_assessment=spec["risk"], atrocity_knowledge=spec["atrocity"],
                          version=1)  # fmt: skip
            session.add(row)
            session.flush()
            ids.append(row.id)
            for i in spec["items"]:
                session.execute(insert(LineItemRow), [{
                    "case_id": row.id, "technology_id": techs[i["technology"] % len(techs)],
                    "quantity": i["quantity"], "kind": i["kind"], "declared_control_entries": [],
                    "assessed_classification": i["classification"],
                    "assessed_control_entries": i["entries"], "assessment_note": ""}])  # fmt: skip
            for n, p in enumerate(spec["parties"]):
                added = PartyRow(case_id=row.id, role=p["role"], name=f"Party {n} of {row.id}",
                                 country=p["country"], party_type=p["type"], identifiers={})  # fmt: skip
                session.add(added)
                session.flush()
                if p["hit"]:
                    session.add(ScreeningHitRow(party_id=added.id, list_name="UN",
                                                entity_id=f"E{added.id}", entity_name="Listed",
                                                score=0.91, status=p["hit"]))  # fmt: skip
            for kind in spec["documents"]:
                session.add(DocumentRow(case_id=row.id, kind=kind, filename="f.pdf",
                                        content_type="application/pdf", size=1, sha256="0" * 64,
                                        uploaded_by="officer"))  # fmt: skip
            if spec["release"]:
                session.add(DecisionRow(case_id=row.id, kind="release", outcome=spec["release"],
                                        decided_by="export"))  # fmt: skip
            if spec["retransfer_clause"] is not None:
                session.add(AgreementRow(case_id=row.id, kind="sale", value=Decimal(1000),
                                         currency="USD", signed_on=date(2026, 1, 5),
                                         retransfer_clause=spec["retransfer_clause"]))  # fmt: skip
    return ids[0], ids[-1]


def _one_by_one(engine: Engine, low: int, high: int) -> dict[int, tuple[object, ...]]:
    with transaction(engine) as session:
        found = {}
        for row in session.scalars(select(CaseRow).where(CaseRow.id.between(low, high))):
            facts = facts_for_case(session, row, TODAY)
            result = evaluate(facts)
            found[row.id] = (result.outcome.value, result.digest, result.findings_json,
                             to_json(facts))  # fmt: skip
        return found


def _bulk(engine: Engine, low: int, high: int) -> dict[int, tuple[object, ...]]:
    with transaction(engine) as session:
        counts = reassess_open_cases(session, today=TODAY, case_ids=(low, high))
        stored = {
            a.case_id: (a.outcome, a.digest, a.findings, a.facts)
            for a in session.scalars(select(AssessmentRow).where(
                AssessmentRow.case_id.between(low, high)).order_by(AssessmentRow.id))
        }  # fmt: skip
        assert counts.total() == high - low + 1
        return stored


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cases=st.lists(case, min_size=1, max_size=6))
def test_the_bulk_re_run_assesses_each_case_as_the_one_case_path_does(
    engine: Engine, cases: list[dict[str, Any]]
) -> None:
    with transaction(engine) as session:
        prepared = session.get(EmbargoRow, "EQ-XC") is not None
    if not prepared:  # once per database (hypothesis calls this once per example)
        load_demo(engine)
        with transaction(engine) as session:  # a UN embargo on a partner and a party's state
            session.add(EmbargoRow(id="EQ-XC", regime="UN", target="XC", target_name="Gamma",
                                   scope="all", instrument="S/RES/9998", start=date(2026, 1, 1),
                                   source="manual"))  # fmt: skip
    low, high = _store(engine, cases)
    expected = _one_by_one(engine, low, high)
    assert _bulk(engine, low, high) == expected
    # run again: nothing changed, nothing stored, same answer
    with transaction(engine) as session:
        before = session.scalar(select(AssessmentRow.id).order_by(AssessmentRow.id.desc()).limit(1))
    assert _bulk(engine, low, high) == expected
    with transaction(engine) as session:
        after = session.scalar(select(AssessmentRow.id).order_by(AssessmentRow.id.desc()).limit(1))
    assert after == before
