"""The rows a re-assessment of many open cases reads, and the facts built from them.

Plain queries read only the columns the rules need, every list ordered by case id, before any
worker is forked; each share of the cases finds its rows by bisection and builds its own facts,
decoding the JSON columns once per distinct value. Each case's current assessment is read by
its digests, for the re-run to compare with.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from operator import attrgetter
from typing import Any, NamedTuple

from sqlalchemy import Select, Text, select
from sqlalchemy import cast as cast_
from sqlalchemy.orm import Session

from amanah.agreements.models import AgreementRow, DeliveryRow, ItemAuthorisationRow
from amanah.cases.models import (
    CaseRow,
    DecisionRow,
    DocumentRow,
    LineItemRow,
    PartyRow,
)
from amanah.catalogue.domain import ControlEntry
from amanah.compliance.engine import findings_digest
from amanah.compliance.facts import (
    ItemFacts,
    PartyFacts,
    RiskAssessment,
    ScreeningState,
)
from amanah.compliance.gather import (
    ROLES,
    USED,
    Delivery,
    Shared,
    authorised,
    entries_of,
    item_facts,
    risk_of,
)
from amanah.compliance.models import AssessmentRow
from amanah.db.bulk import fetch_rows
from amanah.screening.queries import states_for

_CHUNK = 2000  # ids per IN (...) list, well under SQLite's bound-parameter limit


def chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


class Current(NamedTuple):
    """A case's current (newest) assessment, as a re-run compares with it."""

    id: int | None
    digest: str | None  # of its findings
    facts_digest: str | None  # of the facts and rules it was made from
    outcome: str  # "" when none


NONE = Current(None, None, None, "")


@dataclass
class Job:
    """The rows the assessment of the open cases reads, fetched before any worker is forked.
    Every list is ordered by case id, so each process finds its share of the cases' rows by
    bisection and builds the facts of that share only."""

    shared: Shared
    today: date
    cases: list[Any]  # named tuples from db.bulk.fetch_rows
    items: list[Any]
    parties: list[Any]
    documents: list[Any]
    decisions: list[Any]
    agreements: list[Any]
    authorisations: list[Any]  # of line items, with the deliveries under them (few cases)
    deliveries: list[Any]
    screening: dict[int, tuple[ScreeningState, str]]
    currents: dict[int, Current]


_CASE_ID = attrgetter("case_id")


@lru_cache(maxsize=4096)
def as_date(value: date | str | None) -> date | None:
    """A date as the driver gives it (SQLite: an ISO string)."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _between(rows: list[Any], low: int, high: int) -> list[Any]:
    """The rows (ordered by case id) of the cases from `low` to `high`."""
    return rows[bisect_left(rows, low, key=_CASE_ID) : bisect_right(rows, high, key=_CASE_ID)]


class Share:
    """The facts' parts for the cases from `low` to `high`, grouped by case."""

    def __init__(self, job: Job, low: int, high: int, decoded: Decoded) -> None:
        self.items: dict[int, list[ItemFacts]] = defaultdict(list)
        known: dict[tuple[Any, ...], ItemFacts] = {}  # equal line items share one ItemFacts
        auths = {a.line_item_id: a for a in _between(job.authorisations, low, high)}
        under: dict[int, list[Delivery]] = defaultdict(list)
        for d in _between(job.deliveries, low, high):
            under[d.line_item_id].append(Delivery(d.id, d.quantity, d.value, d.status,
                                                  as_date(d.scheduled_on) or date.min))  # fmt: skip
        for i in _between(job.items, low, high):
            key: tuple[Any, ...] = tuple(i[1:-1])  # all but the case and the line item's id
            item = known.get(key)
            if item is None:
                item = known[key] = item_facts(job.shared.technologies[i.technology_id], i.kind,
                                               i.quantity, i.assessed_classification,
                                               decoded.entries(i.entries_raw))  # fmt: skip
            auth = auths.get(i.id)
            if auth is not None:
                item = authorised(item, auth.quantity, auth.value, as_date(auth.valid_from) or date.min,
                                  as_date(auth.valid_until) or date.max, under.get(i.id, ()))  # fmt: skip
            self.items[i.case_id].append(item)
        self.parties: dict[int, list[PartyFacts]] = defaultdict(list)
        clear = (ScreeningState.CLEAR, "")
        for p in _between(job.parties, low, high):
            self.parties[p.case_id].append(PartyFacts(ROLES[p.role], p.name, p.country,
                                                      p.party_type, *job.screening.get(p.id, clear),
                                                      sector=p.sector))  # fmt: skip
        self.documents: dict[int, set[str]] = defaultdict(set)
        for d in _between(job.documents, low, high):
            self.documents[d.case_id].add(d.kind)
        # the latest release decision and agreement hold (rows are ordered by id within a case)
        self.release = {r.case_id: r.outcome for r in _between(job.decisions, low, high)}
        self.clauses = {
            a.case_id: bool(a.retransfer_clause) for a in _between(job.agreements, low, high)
        }


def load_job(
    session: Session, open_ids: Select[Any], today: date, case_ids: tuple[int, int] | None
) -> Job:
    def rows(*columns: Any, model: Any, where: Any = True) -> list[Any]:
        return fetch_rows(session, select(*columns).where(_of(model.case_id, open_ids, case_ids), where)
                          .order_by(model.case_id, model.id))  # fmt: skip

    parties = rows(PartyRow.case_id, PartyRow.id, PartyRow.role, PartyRow.name, PartyRow.country,
                   PartyRow.party_type, PartyRow.sector, model=PartyRow)  # fmt: skip
    cases = fetch_rows(session,
        select(CaseRow.id, CaseRow.partner_code, CaseRow.state, CaseRow.outcome,
               CaseRow.owner_id, CaseRow.version, CaseRow.transfer_date,
               cast_(CaseRow.risk_assessment, Text).label("risk_raw"),
               cast_(CaseRow.atrocity_knowledge, Text).label("notes_raw"))
        .where(_of(CaseRow.id, open_ids, case_ids)).order_by(CaseRow.id)
    )  # fmt: skip
    return Job(
        shared=Shared.load(session, all_partners=True), today=today, cases=cases,
        items=rows(LineItemRow.case_id, LineItemRow.technology_id, LineItemRow.kind,
                   LineItemRow.quantity, LineItemRow.assessed_classification,
                   cast_(LineItemRow.assessed_control_entries, Text).label("entries_raw"),
                   LineItemRow.id, model=LineItemRow),
        parties=parties,
        documents=rows(DocumentRow.case_id, DocumentRow.kind, model=DocumentRow),
        decisions=rows(DecisionRow.case_id, DecisionRow.outcome, model=DecisionRow,
                       where=DecisionRow.kind == "release"),
        agreements=rows(AgreementRow.case_id, AgreementRow.retransfer_clause, model=AgreementRow),
        authorisations=rows(ItemAuthorisationRow.case_id, ItemAuthorisationRow.line_item_id,
                            ItemAuthorisationRow.quantity, ItemAuthorisationRow.value,
                            ItemAuthorisationRow.valid_from, ItemAuthorisationRow.valid_until,
                            model=ItemAuthorisationRow),
        deliveries=rows(DeliveryRow.case_id, DeliveryRow.id, DeliveryRow.line_item_id,
                        DeliveryRow.quantity, DeliveryRow.value, DeliveryRow.status,
                        DeliveryRow.scheduled_on, model=DeliveryRow,
                        where=DeliveryRow.status.in_(USED) & DeliveryRow.line_item_id.is_not(None)),
        screening=states_for(session, [p.id for p in parties]),
        currents=_current_digests(session, open_ids, case_ids),
    )  # fmt: skip


def _of(case_id: Any, open_ids: Select[Any], case_ids: tuple[int, int] | None) -> Any:
    """The rows whose `case_id` column is an open case's; for a share (`case_ids`), also by the
    range of case ids, which PostgreSQL then reads from the case-id index instead of scanning
    the whole table (or the whole index up to the share) and joining."""
    where = case_id.in_(open_ids)
    return where if case_ids is None else where & case_id.between(*case_ids)


class Decoded:
    """JSON columns read as text and decoded once per distinct value: most cases share their
    risk assessment's shape, their (empty) atrocity notes and their items' assessments."""

    def __init__(self) -> None:
        self._risks: dict[str | None, RiskAssessment | None] = {}
        self._notes: dict[str | None, tuple[str, ...]] = {}
        self._entries: dict[str | None, tuple[ControlEntry, ...] | None] = {}

    def risk(self, raw: str | None) -> RiskAssessment | None:
        if raw not in self._risks:
            self._risks[raw] = risk_of(json.loads(raw) if raw else None)
        return self._risks[raw]

    def notes(self, raw: str | None) -> tuple[str, ...]:
        if raw not in self._notes:
            self._notes[raw] = tuple((json.loads(raw) if raw else None) or ())
        return self._notes[raw]

    def entries(self, raw: str | None) -> tuple[ControlEntry, ...] | None:
        if raw not in self._entries:
            self._entries[raw] = entries_of(json.loads(raw) if raw else None)
        return self._entries[raw]


def _current_digests(
    session: Session, open_ids: Select[Any], case_ids: tuple[int, int] | None
) -> dict[int, Current]:
    """case id → its current assessment: the newest of each case. Rows stored before digests
    existed are digested from their findings (and have no facts digest)."""
    currents: dict[int, Current] = {}
    for row in fetch_rows(session,
        select(AssessmentRow.case_id, AssessmentRow.id, AssessmentRow.digest,
               AssessmentRow.facts_digest, AssessmentRow.outcome)
        .where(_of(AssessmentRow.case_id, open_ids, case_ids))
        .order_by(AssessmentRow.case_id, AssessmentRow.id)
    ):  # fmt: skip
        currents[row.case_id] = Current(*row[1:])  # the newest of each case comes last
    undigested = [current.id for current in currents.values() if current.digest is None]
    for chunk in chunks(undigested):
        for row in session.execute(
            select(AssessmentRow.case_id, AssessmentRow.id, AssessmentRow.ruleset_version,
                   AssessmentRow.findings, AssessmentRow.facts_digest, AssessmentRow.outcome)
            .where(AssessmentRow.id.in_(chunk))
        ):  # fmt: skip
            digest = findings_digest(row.ruleset_version, row.findings)
            currents[row.case_id] = Current(row.id, digest, row.facts_digest, row.outcome)
    return currents
