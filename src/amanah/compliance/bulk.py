"""Re-assessing every open case after a change of facts that concerns many of them (an embargo
added or lifted, a partner's agreement or risk notes, a calendar date passing).

Plain queries read only the columns the rules need. A case whose facts, and the release's
rules, are those its current assessment was made from (`engine.facts_digest`, stored with it)
is counted by that assessment's outcome, not evaluated again: equal facts, equal findings. Each
other case's new digest is compared with the stored one; only the cases whose findings changed
are written, in bulk: the new
assessments, the case outcomes, and for a case newly prohibited its suspension, its held
deliveries and its owner's alert, each with the audit events a change one by one would record.
This module assesses, in forked workers when the cases are many; the rows are read in
`compliance.bulk_read`, the changes written in `compliance.bulk_write`.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import date

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from amanah.audit import service as audit
from amanah.cases import workflow
from amanah.cases.models import CaseRow
from amanah.compliance.bulk_read import NONE, Decoded, Job, Share, as_date, load_job
from amanah.compliance.bulk_write import Changed, write_changed
from amanah.compliance.engine import evaluate, facts_digest
from amanah.compliance.facts import to_json
from amanah.compliance.rule import Outcome
from amanah.config import get_settings
from amanah.db.base import utcnow
from amanah.users.roles import SYSTEM, Actor

log = logging.getLogger(__name__)
OPEN = sorted(s.value for s in workflow.OPEN_STATES)


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
        job = load_job(session, open_ids, today or utcnow().date(), case_ids)
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
            events += write_changed(session, who, job, changed)
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
    session: Session, job: Job, workers: int | None = None
) -> Iterator[tuple[Counter[str], list[Changed]]]:
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


_FORKED_JOB: Job | None = None
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


def _assess_forked(start: int, stop: int) -> tuple[Counter[str], list[Changed]]:
    assert _FORKED_JOB is not None
    return _assess(_FORKED_JOB, start, stop)


def _assess(job: Job, start: int, stop: int) -> tuple[Counter[str], list[Changed]]:
    counts: Counter[str] = Counter()
    changed: list[Changed] = []
    if start >= stop:
        return counts, changed
    shared, decoded = job.shared, Decoded()
    share = Share(job, job.cases[start].id, job.cases[stop - 1].id, decoded)
    currents = job.currents
    for index in range(start, stop):
        case = job.cases[index]
        facts = shared.case_facts(
            partner=shared.partners[case.partner_code], on=as_date(case.transfer_date) or job.today,
            items=tuple(share.items.get(case.id, ())), parties=tuple(share.parties.get(case.id, ())),
            documents=frozenset(share.documents.get(case.id, ())), risk=decoded.risk(case.risk_raw),
            atrocity_knowledge=decoded.notes(case.notes_raw),
            release=share.release.get(case.id, "none"), retransfer_clause=share.clauses.get(case.id),
        )  # fmt: skip
        current = currents.get(case.id, NONE)
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
        changed.append(Changed(
            index, outcome, result.ruleset_version, digest, fingerprint, result.findings_json,
            to_json(facts),
            "; ".join(f.reason for f in result.findings if f.outcome is _PROHIBITED),
        ))  # fmt: skip
    return counts, changed


_VALUES = {outcome: outcome.value for outcome in Outcome}  # faster than .value (Python 3.11)
_PROHIBITED = Outcome.PROHIBITED
