"""Re-assessing every open case after a change of facts that concerns many of them (an embargo
added or lifted, a partner's agreement or risk notes, a calendar date passing).

Plain queries read only the columns the rules need. Each new assessment's digest is compared
with the stored one; only the cases whose findings changed are written, in bulk: the new
assessments, the case outcomes, and for a case newly prohibited its suspension, its held
deliveries and its owner's alert, each with the audit events a change one by one would record.
"""

from __future__ import annotations

import gc
import json
import logging
import multiprocessing
import os
import threading
import time
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from operator import attrgetter
from typing import Any, NamedTuple, cast

from sqlalchemy import Select, Table, Text, func, select, update
from sqlalchemy import cast as cast_
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from amanah.agreements.models import AgreementRow, AlertRow, DeliveryRow, ItemAuthorisationRow
from amanah.audit import service as audit
from amanah.audit.verbs import Verb
from amanah.cases import workflow
from amanah.cases.models import (
    CaseEventRow,
    CaseRow,
    DecisionRow,
    DocumentRow,
    LineItemRow,
    PartyRow,
)
from amanah.catalogue.domain import ControlEntry
from amanah.compliance.engine import evaluate, facts_digest, findings_digest
from amanah.compliance.facts import (
    ItemFacts,
    PartyFacts,
    RiskAssessment,
    ScreeningState,
    to_json,
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
from amanah.compliance.rule import Outcome
from amanah.config import get_settings
from amanah.db.base import Base, utcnow
from amanah.db.bulk import allocate_ids, fetch_rows, insert_rows
from amanah.monitoring import alerts
from amanah.screening.queries import states_for
from amanah.users.roles import SYSTEM, Actor

log = logging.getLogger(__name__)
OPEN = sorted(s.value for s in workflow.OPEN_STATES)
ACTIVE = frozenset(s.value for s in workflow.ACTIVE_STATES)
_CHUNK = 2000  # ids per IN (...) list, well under SQLite's bound-parameter limit


@dataclass(frozen=True)
class _Changed:
    """A case whose findings changed: what the write needs, small enough to come back from a
    worker process."""

    index: int  # in _Job.cases
    outcome: str
    ruleset_version: str
    digest: str
    facts_digest: str
    findings: list[dict[str, Any]]
    facts: dict[str, Any]
    prohibited: str  # the prohibiting findings' reasons, for the suspension and the alert


class _Current(NamedTuple):
    """A case's current (newest) assessment, as a re-run compares with it."""

    id: int | None
    digest: str | None  # of its findings
    facts_digest: str | None  # of the facts and rules it was made from
    outcome: str  # "" when none


_NONE = _Current(None, None, None, "")


@dataclass
class _Job:
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
    currents: dict[int, _Current]


def _table(model: type[Base]) -> Table:
    """The Core table: bulk inserts and updates skip the ORM's per-row bookkeeping."""
    return cast(Table, model.__table__)


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def reassess_open_cases(
    session: Session,
    actor: Actor | str = SYSTEM,
    *,
    partner: str | None = None,
    today: date | None = None,
    case_ids: tuple[int, int] | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Counter[str]:
    """Re-assess every open case (of one partner, or all; with `case_ids`, those from the first
    id to the second) and return the count per outcome. A case that becomes prohibited while
    active is suspended, its unshipped deliveries go on hold and its owner is alerted. `workers`
    overrides the processes forked for it (a background job's share runs in one);
    `progress(done, total)` is called as each share is written."""
    who = actor if isinstance(actor, str) else actor.username
    session.flush()
    open_ids = select(CaseRow.id).where(CaseRow.state.in_(OPEN))
    if partner:
        open_ids = open_ids.where(CaseRow.partner_code == partner)
    if case_ids is not None:
        open_ids = open_ids.where(CaseRow.id.between(*case_ids))
    collecting = gc.isenabled()
    gc.disable()  # the job is hundreds of thousands of small objects, none of them cyclic garbage
    try:
        started = time.perf_counter()
        job = _load(session, open_ids, today or utcnow().date(), case_ids)
        loaded = time.perf_counter()
        counts: Counter[str] = Counter()
        written = 0
        events: list[audit.Event] = []
        # PostgreSQL: appending to the audit chain locks its end until the commit, and the
        # shares of a job run in parallel transactions: append once, last. SQLite has one
        # writer at a time anyway: append as each part is written, while forked workers assess
        audit_last = session.get_bind().dialect.name == "postgresql"
        if progress:
            progress(0, len(job.cases))
        for part_counts, changed in _assessed(session, job, workers):
            log.debug("share assessed at %.2f s", time.perf_counter() - started)
            counts += part_counts
            events += _write(session, who, job, changed)
            if not audit_last:
                audit.record_many(session, events)
                events = []
            written += len(changed)
            if progress:
                progress(counts.total(), len(job.cases))
            log.debug("share written at %.2f s", time.perf_counter() - started)
        assessed = time.perf_counter()
        audit.record_many(session, events)
        log.info("re-assessed %d open cases: read in %.2f s, assessed and written in %.2f s, "
                 "audited in %.2f s (%d changed)", len(job.cases), loaded - started,
                 assessed - loaded, time.perf_counter() - assessed, written)  # fmt: skip
    finally:
        if collecting:
            gc.enable()
    session.expire_all()  # the rows were written past the ORM: reload any it holds
    return counts


def _assessed(
    session: Session, job: _Job, workers: int | None = None
) -> Iterator[tuple[Counter[str], list[_Changed]]]:
    """Assess every case of the job, yielding each share's counts and changed cases for
    writing. Many cases are split between this process and forked workers
    (`AMANAH_COMPLIANCE_WORKERS`, default: one per core), which inherit the loaded job and send
    back only the changed cases. This process takes a smaller share and writes the workers'
    results, chunk by chunk, while they still assess the next."""
    global _FORKED_JOB
    total = len(job.cases)
    wanted = workers or get_settings().compliance_workers or os.cpu_count() or 1
    workers = min(wanted, total // _PER_WORKER)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for start in range(0, total, _FORKED_CHUNK):  # in parts: progress, and writes as it goes
            yield _assess(job, start, min(start + _FORKED_CHUNK, total))
        return
    own = round(total * _OWN_SHARE / workers)
    chunks = [
        (start, min(start + _FORKED_CHUNK, total)) for start in range(own, total, _FORKED_CHUNK)
    ]
    bind = session.get_bind()
    _FORKED_JOB = job
    try:
        with ProcessPoolExecutor(
            workers - 1, mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker, initargs=(bind, os.getpid()),
        ) as pool:  # fmt: skip
            parts = [pool.submit(_assess_forked, start, stop) for start, stop in chunks]
            yield _assess(job, 0, own)
            for part in parts:
                yield part.result()
    finally:
        _FORKED_JOB = None


_FORKED_JOB: _Job | None = None
_PER_WORKER = 10_000  # below this many cases per process, forking costs more than it saves
# This process assesses a smaller share, then writes the workers' results chunk by chunk while
# they assess the next chunks.
_OWN_SHARE = 0.67
_FORKED_CHUNK = 5_000


def _start_worker(bind: Engine | Connection, parent: int) -> None:
    """In a forked worker: never touch the parent's database connections, and end with the
    parent (a killed parent must not leave workers behind)."""
    engine = bind if isinstance(bind, Engine) else bind.engine
    engine.dispose(close=False)
    die_with_parent(parent)


def die_with_parent(parent: int, every: float = 0.2) -> None:
    """Exit this process as soon as `parent` is no longer its parent (it died: the orphan is
    handed to init). A watching thread, not PR_SET_PDEATHSIG, which fires when the forking
    *thread* ends, and a web server's worker threads come and go."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(70)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _assess_forked(start: int, stop: int) -> tuple[Counter[str], list[_Changed]]:
    assert _FORKED_JOB is not None
    return _assess(_FORKED_JOB, start, stop)


def _assess(job: _Job, start: int, stop: int) -> tuple[Counter[str], list[_Changed]]:
    counts: Counter[str] = Counter()
    changed: list[_Changed] = []
    if start >= stop:
        return counts, changed
    shared, decoded = job.shared, _Decoded()
    share = _Share(job, job.cases[start].id, job.cases[stop - 1].id, decoded)
    currents = job.currents
    for index in range(start, stop):
        case = job.cases[index]
        facts = shared.case_facts(
            partner=shared.partners[case.partner_code], on=_date(case.transfer_date) or job.today,
            items=tuple(share.items.get(case.id, ())), parties=tuple(share.parties.get(case.id, ())),
            documents=frozenset(share.documents.get(case.id, ())), risk=decoded.risk(case.risk_raw),
            atrocity_knowledge=decoded.notes(case.notes_raw),
            release=share.release.get(case.id, "none"), retransfer_clause=share.clauses.get(case.id),
        )  # fmt: skip
        current = currents.get(case.id, _NONE)
        fingerprint = facts_digest(facts)
        if fingerprint == current.facts_digest:  # the facts and rules it was assessed on
            counts[current.outcome] += 1
            continue
        result = evaluate(facts)
        outcome = _VALUES[result.outcome]
        counts[outcome] += 1
        digest = result.digest
        if current.digest == digest:
            continue
        changed.append(_Changed(
            index, outcome, result.ruleset_version, digest, fingerprint, result.findings_json,
            to_json(facts),
            "; ".join(f.reason for f in result.findings if f.outcome is _PROHIBITED),
        ))  # fmt: skip
    return counts, changed


_VALUES = {outcome: outcome.value for outcome in Outcome}  # faster than .value (Python 3.11)
_PROHIBITED = Outcome.PROHIBITED


_CASE_ID = attrgetter("case_id")


@lru_cache(maxsize=4096)
def _date(value: date | str | None) -> date | None:
    """A date as the driver gives it (SQLite: an ISO string)."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _between(rows: list[Any], low: int, high: int) -> list[Any]:
    """The rows (ordered by case id) of the cases from `low` to `high`."""
    return rows[bisect_left(rows, low, key=_CASE_ID) : bisect_right(rows, high, key=_CASE_ID)]


class _Share:
    """The facts' parts for the cases from `low` to `high`, grouped by case."""

    def __init__(self, job: _Job, low: int, high: int, decoded: _Decoded) -> None:
        self.items: dict[int, list[ItemFacts]] = defaultdict(list)
        known: dict[tuple[Any, ...], ItemFacts] = {}  # equal line items share one ItemFacts
        auths = {a.line_item_id: a for a in _between(job.authorisations, low, high)}
        under: dict[int, list[Delivery]] = defaultdict(list)
        for d in _between(job.deliveries, low, high):
            under[d.line_item_id].append(Delivery(d.id, d.quantity, d.value, d.status,
                                                  _date(d.scheduled_on) or date.min))  # fmt: skip
        for i in _between(job.items, low, high):
            key: tuple[Any, ...] = tuple(i[1:-1])  # all but the case and the line item's id
            item = known.get(key)
            if item is None:
                item = known[key] = item_facts(job.shared.technologies[i.technology_id], i.kind,
                                               i.quantity, i.assessed_classification,
                                               decoded.entries(i.entries_raw))  # fmt: skip
            auth = auths.get(i.id)
            if auth is not None:
                item = authorised(item, auth.quantity, auth.value, _date(auth.valid_from) or date.min,
                                  _date(auth.valid_until) or date.max, under.get(i.id, ()))  # fmt: skip
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


def _load(
    session: Session, open_ids: Select[Any], today: date, case_ids: tuple[int, int] | None
) -> _Job:
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
    return _Job(
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


class _Decoded:
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
) -> dict[int, _Current]:
    """case id → its current assessment: the newest of each case. Rows stored before digests
    existed are digested from their findings (and have no facts digest)."""
    currents: dict[int, _Current] = {}
    for row in fetch_rows(session,
        select(AssessmentRow.case_id, AssessmentRow.id, AssessmentRow.digest,
               AssessmentRow.facts_digest, AssessmentRow.outcome)
        .where(_of(AssessmentRow.case_id, open_ids, case_ids))
        .order_by(AssessmentRow.case_id, AssessmentRow.id)
    ):  # fmt: skip
        currents[row.case_id] = _Current(*row[1:])  # the newest of each case comes last
    undigested = [current.id for current in currents.values() if current.digest is None]
    for chunk in _chunks(undigested):
        for row in session.execute(
            select(AssessmentRow.case_id, AssessmentRow.id, AssessmentRow.ruleset_version,
                   AssessmentRow.findings, AssessmentRow.facts_digest, AssessmentRow.outcome)
            .where(AssessmentRow.id.in_(chunk))
        ):  # fmt: skip
            digest = findings_digest(row.ruleset_version, row.findings)
            currents[row.case_id] = _Current(row.id, digest, row.facts_digest, row.outcome)
    return currents


def _write(session: Session, who: str, job: _Job, changed: list[_Changed]) -> list[audit.Event]:
    """Store the changed cases' assessments and their consequences; return the audit events
    they make, for the caller to record once at the end."""
    if not changed:
        return []
    now = utcnow()
    pairs = [(job.cases[c.index], c) for c in changed]
    rows = [
        {"case_id": case.id, "ruleset_version": c.ruleset_version, "outcome": c.outcome,
         "facts": c.facts, "findings": c.findings, "digest": c.digest,
         "facts_digest": c.facts_digest, "assessed_at": now, "assessed_by": who}
        for case, c in pairs
    ]  # fmt: skip
    new_ids: dict[int, int] = {}  # case id → the assessment just stored
    allocated = allocate_ids(session, _table(AssessmentRow), len(rows))
    if allocated:
        for row, (case, _), new_id in zip(rows, pairs, allocated, strict=True):
            row["id"] = new_ids[case.id] = new_id
    insert_rows(session, _table(AssessmentRow), rows)
    if not allocated:  # read back: each case's newest is the one just stored
        for chunk in _chunks([case.id for case, _ in pairs]):
            found = session.execute(
                select(AssessmentRow.case_id, func.max(AssessmentRow.id).label("id"))
                .where(AssessmentRow.case_id.in_(chunk)).group_by(AssessmentRow.case_id)
            )  # fmt: skip
            new_ids.update((row.case_id, row.id) for row in found)
    prohibited = [
        (case, c) for case, c in pairs if c.outcome == "prohibited" and case.outcome != "prohibited"
    ]  # fmt: skip
    # an active case newly prohibited moves outcome and state in one update (`_suspend`)
    suspending = {case.id for case, _ in prohibited if case.state in ACTIVE}
    moved: dict[str, list[int]] = defaultdict(list)  # new outcome → the cases that moved to it
    for case, c in pairs:
        if case.outcome != c.outcome and case.id not in suspending:
            moved[c.outcome].append(case.id)
    for outcome, ids in moved.items():
        for chunk in _chunks(ids):
            session.connection().execute(
                update(_table(CaseRow)).where(CaseRow.id.in_(chunk))
                .values(outcome=outcome, version=CaseRow.version + 1)
            )  # fmt: skip
    events = [
        audit.Event(who, Verb.ASSESSMENT_STORED, "case", case.id,
                    before={"outcome": case.outcome} if case.id in job.currents else None,
                    after={"outcome": c.outcome, "assessment_id": new_ids[case.id],
                           "ruleset": c.ruleset_version})
        for case, c in pairs
    ]  # fmt: skip
    events += _suspend(session, prohibited, now)
    events += _authorised_changed(session, pairs, job, now)
    return events


AUTHORISED = frozenset({"approved", "agreement_signed", "in_delivery"})
REASSESS_AUTHORISATION = "reassess_authorisation"


def _authorised_changed(
    session: Session, pairs: list[tuple[Any, _Changed]], job: _Job, now: datetime
) -> list[audit.Event]:
    """ATT Art. 7(7): an authorised case whose findings changed with new information (a new
    embargo, a screening hit, a risk note) and are no longer a pass is flagged to its owner for
    reassessment; a case newly prohibited is suspended and alerted by `_suspend` instead."""
    flagged = [
        (case, c) for case, c in pairs
        if case.state in AUTHORISED and case.id in job.currents
        and c.outcome not in ("pass", "prohibited")
    ]  # fmt: skip
    if not flagged:
        return []
    references: dict[int, str] = {}
    for chunk in _chunks([case.id for case, _ in flagged]):
        for row in session.execute(
            select(CaseRow.id, CaseRow.reference).where(CaseRow.id.in_(chunk))
        ):  # fmt: skip
            references[row.id] = row.reference
    messages = [(case, alerts.reassessment(references[case.id], c.outcome)) for case, c in flagged]
    insert_rows(session, _table(AlertRow), [
        {"user_id": case.owner_id, "case_id": case.id, "kind": REASSESS_AUTHORISATION,
         **message.columns(), "raised_at": now, "read": False}
        for case, message in messages
    ])  # fmt: skip
    return [
        audit.Event("system", Verb.ALERT_RAISED, "case", case.id,
                    after={"kind": REASSESS_AUTHORISATION, "message": str(message)})
        for case, message in messages
    ]  # fmt: skip


def _suspend(
    session: Session, prohibited: list[tuple[Any, _Changed]], now: datetime
) -> list[audit.Event]:
    """Suspend the active cases among `prohibited`, hold their unshipped deliveries and alert
    every owner: what `compliance.service.reassess_case` does for one case."""
    if not prohibited:
        return []
    events: list[audit.Event] = []
    suspended = workflow.CaseState.SUSPENDED.value
    active = [(case, c) for case, c in prohibited if case.state in ACTIVE]
    # each case's prohibiting findings as messages (or, stored without them, the English text)
    reasons = {case.id: alerts.prohibiting(c.findings) or c.prohibited for case, c in prohibited}
    described: dict[int, Any] = {}  # case id → the row the audit trail and the alert name
    for chunk in _chunks([case.id for case, _ in prohibited]):
        described.update((row.id, row) for row in session.execute(
            select(CaseRow.id, CaseRow.reference, CaseRow.title, CaseRow.value, CaseRow.currency)
            .where(CaseRow.id.in_(chunk))
        ))  # fmt: skip
    if active:
        for chunk in _chunks([case.id for case, _ in active]):
            session.connection().execute(  # the outcome too (+1 version), then the state (+1)
                update(_table(CaseRow)).where(CaseRow.id.in_(chunk))
                .values(outcome="prohibited", previous_state=CaseRow.state, state=suspended,
                        version=CaseRow.version + 2, updated_at=now)
            )  # fmt: skip
        notes = {case.id: alerts.suspended_as_prohibited(reasons[case.id]) for case, _ in active}
        insert_rows(session, _table(CaseEventRow), [
            {"case_id": case.id, "at": now, "actor": SYSTEM.username, "action": "suspend",
             "note": str(notes[case.id]), "note_id": notes[case.id].message,
             "note_values": dict(notes[case.id].values), "from_state": case.state,
             "to_state": suspended}
            for case, _ in active
        ])  # fmt: skip
        for case, _ in active:
            before = _summary(described[case.id], case.state, case.version + 1)  # +1: outcome moved
            after = _summary(described[case.id], suspended, case.version + 2)
            events.append(audit.Event(SYSTEM.username, Verb.CASE_TRANSITIONED, "case", case.id,
                                      before=before, after={**after, "action": "suspend",
                                      "reason": str(notes[case.id])}))  # fmt: skip
        events += _hold_deliveries(session, [case.id for case, _ in active])
    messages = [
        (case, alerts.newly_prohibited(described[case.id].reference, reasons[case.id]))
        for case, _ in prohibited
    ]
    insert_rows(session, _table(AlertRow), [
        {"user_id": case.owner_id, "case_id": case.id, "kind": "newly_prohibited",
         **message.columns(), "raised_at": now, "read": False}
        for case, message in messages
    ])  # fmt: skip
    events += [
        audit.Event("system", Verb.ALERT_RAISED, "case", case.id,
                    after={"kind": "newly_prohibited", "message": str(message)})
        for case, message in messages
    ]  # fmt: skip
    return events


def _hold_deliveries(session: Session, case_ids: list[int]) -> list[audit.Event]:
    events: list[audit.Event] = []
    for chunk in _chunks(case_ids):
        held = session.execute(
            select(DeliveryRow.id, DeliveryRow.case_id)
            .where(DeliveryRow.case_id.in_(chunk), DeliveryRow.status == "scheduled")
            .order_by(DeliveryRow.id)
        ).all()  # fmt: skip
        if not held:
            continue
        session.execute(
            update(DeliveryRow).where(DeliveryRow.id.in_([d.id for d in held]))
            .values(status="on_hold").execution_options(synchronize_session=False)
        )  # fmt: skip
        events += [
            audit.Event(SYSTEM.username, Verb.DELIVERY_HELD, "case", d.case_id,
                        after={"delivery_id": d.id})
            for d in held
        ]  # fmt: skip
    return events


def _summary(case: Any, state: str, version: int) -> dict[str, Any]:
    """As `cases.service.summary` writes it into the audit trail."""
    return {"state": state, "version": version, "title": case.title, "value": str(case.value),
            "currency": case.currency}  # fmt: skip
