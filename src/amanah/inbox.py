"""Each role's inbox: what waits for *this* person's action, and why.

A case waits for whoever may take one of its next steps in the lifecycle table (`workflow`),
so a new transition appears in the right inbox without a change here. Beside the lifecycle,
three kinds of work wait outside a transition: open screening hits (export control), a missing
Article 7 risk assessment (export control) and claimed offset credits (finance).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from sqlalchemy import Row, Select, func, select
from sqlalchemy.orm import Session

from amanah.agreements.models import AgreementRow, OffsetCreditRow, OffsetObligationRow
from amanah.cases import workflow
from amanah.cases.models import CaseRow, PartyRow, RfiRow
from amanah.i18n import N_
from amanah.labels import label
from amanah.monitoring import service as monitoring
from amanah.screening.models import ScreeningHitRow
from amanah.users.roles import Actor, Role

#: actions that are never "waiting" for anyone: they are taken when something goes wrong
NOT_WAITING = frozenset({"suspend", "withdraw", "amend", "request_retransfer", "refuse"})
PER_QUEUE = 25
#: why a case waits, said as the work to do (the transition's label otherwise)
WAITING_FOR = {
    "approve": N_("Approval decision"),
    "resume": N_("Suspended: resume once resolved"),
    "sign_agreement": N_("Record the signed agreement"),
    "start_release_review": N_("Start the technology-release review"),
}


#: a case of a queue as `QUEUE_COLUMNS` read it: id, reference, title, partner, state, last touched
QueueRow = Row[int, str, str, str, str, datetime]


@dataclass(frozen=True)
class WorkItem:
    case_id: int
    reference: str
    title: str
    partner: str
    since: datetime
    href: str
    detail: str = ""


@dataclass
class Queue:
    """One kind of work: why it waits, how many, the oldest first."""

    key: str
    reason: str
    count: int
    items: list[WorkItem] = field(default_factory=list)
    more_href: str = ""
    #: a queue of cases: its cases before `_order_by_clock` orders them, and their link
    candidates: list[QueueRow] = field(default_factory=list, repr=False)
    href: str = "/cases/{id}"


def _scoped(stmt: Select[CaseRow], actor: Actor) -> Select[CaseRow]:
    if actor.is_partner:
        return stmt.where(CaseRow.partner_code == actor.country)
    return stmt


#: the columns a queue's cases are read with (rows, not records: the inbox reads hundreds)
QUEUE_COLUMNS = (CaseRow.id, CaseRow.reference, CaseRow.title, CaseRow.partner_code,
                 CaseRow.state, CaseRow.updated_at)  # fmt: skip


def _case_queue(session: Session, actor: Actor, key: str, reason: str,
                stmt: Select[CaseRow], href: str = "/cases/{id}",
                count: int | None = None) -> Queue | None:  # fmt: skip
    """The queue of the cases `stmt` selects: `count` when the caller counted them already
    (`_state_counts`), else one count query; its candidates are the `PER_QUEUE * 4` longest
    untouched, which `_order_by_clock` orders and cuts for every queue at once."""
    stmt = _scoped(stmt, actor)
    if count is None:
        count = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    if not count:
        return None
    rows = session.execute(
        stmt.with_only_columns(*QUEUE_COLUMNS).order_by(CaseRow.updated_at.asc())
        .limit(PER_QUEUE * 4)).all()  # fmt: skip
    return Queue(key, reason, count, candidates=list(rows), href=href)


def _state_counts(session: Session, actor: Actor, states: set[str]) -> dict[str, int]:
    """How many cases (the actor may see) are in each of `states`: one grouped query, read
    from the state index alone, for every queue that is a set of states."""
    if not states:
        return {}
    stmt = select(CaseRow.state, func.count()).where(CaseRow.state.in_(sorted(states)))
    if actor.is_partner:  # as `_scoped`
        stmt = stmt.where(CaseRow.partner_code == actor.country)
    return dict(session.execute(stmt.group_by(CaseRow.state)).all())


def _waiting_transitions(actor: Actor) -> list[workflow.Transition]:
    """The transitions whose cases wait in the actor's inbox, one queue each."""
    return [t for t in workflow.TRANSITIONS
            if t.action not in NOT_WAITING and actor.roles & t.roles and t.action != "submit"
            and t.action not in ("recommend", "complete_release_review")]  # fmt: skip


def _order_by_clock(session: Session, queues: list[Queue]) -> None:
    """Each queue of cases shows its cases in review first by their service-level clock, the
    most working days elapsed first (among the queue's 100 longest untouched), each with its
    clock in words: the clocks of every queue's candidates in one `clocks` call."""
    from amanah.cases.rfi import clocks
    from amanah.i18n import gettext

    review = {s.value for s in workflow.REVIEW_STATES}
    found = clocks(
        session, sorted({c.id for q in queues for c in q.candidates if c.state in review})
    )
    words = {case_id: gettext("%(n)s of %(t)s working days%(paused)s") % {
        "n": c.clock.elapsed, "t": c.clock.target,
        "paused": gettext(", paused for an RFI") if c.clock.paused else ""}
        for case_id, c in found.items()}  # fmt: skip
    for queue in queues:
        if not queue.candidates:
            continue
        rows = sorted(
            queue.candidates, key=lambda c: -found[c.id].clock.elapsed if c.id in found else 1
        )
        queue.items = [WorkItem(c.id, c.reference, c.title, c.partner_code, c.updated_at,
                                queue.href.format(id=c.id), words.get(c.id, ""))
                       for c in rows[:PER_QUEUE]]  # fmt: skip
        queue.candidates = []


def _transition_queues(session: Session, actor: Actor, counts: dict[str, int]) -> list[Queue]:
    """`recommend` and `complete_release_review` wait on a decision first: the queues of
    `_release_queues` and `_export_queues` hold them."""
    queues = []
    for t in _waiting_transitions(actor):
        sources = [s.value for s in t.sources]
        stmt = select(CaseRow).where(CaseRow.state.in_(sources))
        queue = _case_queue(session, actor, t.action, WAITING_FOR.get(t.action, t.label), stmt,
                            count=sum(counts.get(s, 0) for s in sources))  # fmt: skip
        if queue:
            queue.more_href = "/cases?state=" + next(iter(t.sources)).value
            queues.append(queue)
    return queues


def _drafts(session: Session, actor: Actor) -> Queue | None:
    if not actor.has(Role.CASE_OFFICER, Role.PARTNER_LIAISON):
        return None
    stmt = select(CaseRow).where(CaseRow.state == workflow.S.DRAFT.value)
    if not actor.is_partner:
        stmt = stmt.where(CaseRow.owner_id == actor.user_id)
    return _case_queue(session, actor, "draft", N_("Draft to complete and submit"), stmt,
                       "/cases/{id}/request")  # fmt: skip


def _count(session: Session, actor: Actor, stmt: Select[CaseRow]) -> int:
    return session.scalar(select(func.count()).select_from(_scoped(stmt, actor).subquery())) or 0


def _release_queues(session: Session, actor: Actor, counts: dict[str, int]) -> list[Queue]:
    """In release review: cases without a release decision, and those to complete (the rest of
    the state's count: one count query, not two)."""
    if not actor.has(Role.RELEASE_BOARD):
        return []
    in_review = select(CaseRow).where(CaseRow.state == workflow.S.RELEASE_REVIEW.value)
    undecided = in_review.where(~CaseRow.decisions.any(kind="release"))
    waiting = _count(session, actor, undecided)
    total = counts.get(workflow.S.RELEASE_REVIEW.value, 0)
    found = [
        _case_queue(session, actor, "release_decision", N_("Technology-release decision"),
                    undecided, "/cases/{id}#release", count=waiting),
        _case_queue(session, actor, "complete_release_review", N_("Complete release review"),
                    in_review.where(CaseRow.decisions.any(kind="release")),
                    count=total - waiting),
    ]  # fmt: skip
    return [q for q in found if q]


def _export_queues(session: Session, actor: Actor, counts: dict[str, int]) -> list[Queue]:
    """Open screening hits (found from the few open hits, not by testing every open case),
    and the cases in compliance review with and without their Article 7 risk assessment (the
    missing ones counted on their partial index; the others are the rest of the state)."""
    if not actor.has(Role.EXPORT_CONTROL):
        return []
    review = select(CaseRow).where(CaseRow.state == workflow.S.COMPLIANCE_REVIEW.value)
    open_hits = (
        select(CaseRow)
        .where(CaseRow.state.in_([s.value for s in workflow.OPEN_STATES]))
        .where(CaseRow.id.in_(
            select(PartyRow.case_id)
            .join(ScreeningHitRow, ScreeningHitRow.party_id == PartyRow.id)
            .where(ScreeningHitRow.status == "open")))
    )  # fmt: skip
    unassessed = review.where(CaseRow.risk_assessment.is_(None))
    missing = _count(session, actor, unassessed)
    total = counts.get(workflow.S.COMPLIANCE_REVIEW.value, 0)
    found = [
        _case_queue(session, actor, "hits", N_("Screening hit to review"), open_hits,
                    "/cases/{id}#screening"),
        _case_queue(session, actor, "risk_missing", N_("Article 7 risk assessment missing"),
                    unassessed, "/cases/{id}/risk", count=missing),
        _case_queue(session, actor, "recommend", N_("Recommend for approval or refuse"),
                    review.where(CaseRow.risk_assessment.is_not(None)), count=total - missing),
    ]  # fmt: skip
    return [q for q in found if q]


def _credit_queue(session: Session, actor: Actor) -> Queue | None:
    if not actor.has(Role.FINANCE):
        return None
    stmt = (
        select(OffsetCreditRow, CaseRow)
        .join(OffsetObligationRow, OffsetObligationRow.id == OffsetCreditRow.obligation_id)
        .join(AgreementRow, AgreementRow.id == OffsetObligationRow.agreement_id)
        .join(CaseRow, CaseRow.id == AgreementRow.case_id)
        .where(OffsetCreditRow.status == "claimed")
        .order_by(OffsetCreditRow.claimed_at.asc())
    )
    rows = session.execute(stmt.limit(PER_QUEUE)).all()
    if not rows:
        return None
    count = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    items = [WorkItem(case.id, case.reference, case.title, case.partner_code, credit.claimed_at,
                      f"/cases/{case.id}#offsets", credit.description) for credit, case in rows]  # fmt: skip
    return Queue("credits", N_("Offset credit to approve"), count, items)


def _overdue_checks(session: Session, actor: Actor) -> Queue | None:
    """End-use checks past their plan's due date (case officers and export control)."""
    if not actor.has(*monitoring.MONITORS):
        return None
    today = date.today()
    rows = session.execute(monitoring.overdue(today).limit(PER_QUEUE)).all()
    if not rows:
        return None
    count = monitoring.overdue_count(session, today)
    items = [WorkItem(r.id, r.reference, r.title, r.partner_code,
                      datetime.combine(r.next_due, time(), UTC), f"/cases/{r.id}/monitoring",
                      label(r.level)) for r in rows]  # fmt: skip
    return Queue("end_use_overdue", N_("End-use check overdue"), count, items)


def _rfi_queue(session: Session, actor: Actor) -> Queue | None:
    """Requests for information waiting for an answer: the partner's liaison answers them in
    the portal, an officer records answers received otherwise."""
    if not actor.has(Role.PARTNER_LIAISON, Role.CASE_OFFICER):
        return None
    stmt = select(CaseRow).where(
        CaseRow.id.in_(select(RfiRow.case_id).where(RfiRow.status == "open"))
    )
    return _case_queue(session, actor, "rfis", N_("Request for information to answer"), stmt,
                       "/cases/{id}/rfis")  # fmt: skip


def _counted_states(actor: Actor) -> set[str]:
    """The states whose case counts the actor's queues read."""
    states = {s.value for t in _waiting_transitions(actor) for s in t.sources}
    if actor.has(Role.RELEASE_BOARD):
        states.add(workflow.S.RELEASE_REVIEW.value)
    if actor.has(Role.EXPORT_CONTROL):
        states.add(workflow.S.COMPLIANCE_REVIEW.value)
    return states


def work_queues(session: Session, actor: Actor) -> list[Queue]:
    """Everything waiting for this actor, one queue per reason, each oldest first. The queues
    that are sets of states share one grouped count (`_state_counts`)."""
    counts = _state_counts(session, actor, _counted_states(actor))
    queues = [
        q
        for q in (
            _drafts(session, actor),
            _rfi_queue(session, actor),
            *_release_queues(session, actor, counts),
            *_export_queues(session, actor, counts),
            _credit_queue(session, actor),
            _overdue_checks(session, actor),
            *_transition_queues(session, actor, counts),
        )
        if q is not None
    ]
    _order_by_clock(session, queues)
    return queues
