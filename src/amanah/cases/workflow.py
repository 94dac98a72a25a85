"""The transfer-case lifecycle as data: one table of (state, action) -> next state, the roles
that may take it, its named guards and what it records. Pure: no database, no web.

Anything not in the table is refused with every reason that applies, in words a person reads:
each reason is a catalogue message, written in the language of the request (`amanah.i18n.say`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from amanah.errors import Refused
from amanah.i18n import N_, Word, Words, say
from amanah.users.roles import Actor, Role


class CaseState(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RELEASE_REVIEW = "release_review"
    COMPLIANCE_REVIEW = "compliance_review"
    AWAITING_APPROVAL = "awaiting_approval"
    APPROVED = "approved"
    REFUSED = "refused"
    AGREEMENT_SIGNED = "agreement_signed"
    IN_DELIVERY = "in_delivery"
    DELIVERED = "delivered"
    END_USE_MONITORING = "end_use_monitoring"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    SUSPENDED = "suspended"


S = CaseState
REVIEW_STATES = frozenset({S.SUBMITTED, S.RELEASE_REVIEW, S.COMPLIANCE_REVIEW, S.AWAITING_APPROVAL})
ACTIVE_STATES = REVIEW_STATES | {
    S.APPROVED,
    S.AGREEMENT_SIGNED,
    S.IN_DELIVERY,
    S.DELIVERED,
    S.END_USE_MONITORING,
}
FINAL_STATES = frozenset({S.CLOSED, S.WITHDRAWN, S.REFUSED})
OPEN_STATES = frozenset(CaseState) - FINAL_STATES


@dataclass(frozen=True)
class CaseSnapshot:
    """The facts about a case that the guards read."""

    state: CaseState
    partner: str
    submitted_by: int | None = None
    item_count: int = 0
    has_end_user: bool = False
    assessed: bool = False
    blocking_findings: tuple[str, ...] = ()
    prohibited_findings: tuple[str, ...] = ()
    release_decided: bool = False
    has_agreement: bool = False
    previous_state: CaseState | None = None
    release_problem: str | None = None  # the technology release expired or is another state's
    notification_problem: str | None = None  # not notified yet, or still in the waiting period


GuardCheck = Callable[[Actor, CaseSnapshot], str | None]


@dataclass(frozen=True)
class Guard:
    name: str
    check: GuardCheck


def _own_state(actor: Actor, case: CaseSnapshot) -> str | None:
    if actor.is_partner and actor.country != case.partner:
        return say(
            N_("a partner liaison acts only on cases of its own state (%(country)s)"),
            country=actor.country,
        )
    return None


def _has_items(actor: Actor, case: CaseSnapshot) -> str | None:
    return None if case.item_count > 0 else say(N_("the request has no line items"))


def _has_end_user(actor: Actor, case: CaseSnapshot) -> str | None:
    return None if case.has_end_user else say(N_("the request names no end user"))


def _four_eyes(actor: Actor, case: CaseSnapshot) -> str | None:
    if case.submitted_by is not None and actor.user_id == case.submitted_by:
        return say(N_("four eyes: the person who submitted the case may not approve it"))
    return None


def _assessed(actor: Actor, case: CaseSnapshot) -> str | None:
    return None if case.assessed else say(N_("the case has no compliance assessment yet"))


def _no_blocking_findings(actor: Actor, case: CaseSnapshot) -> str | None:
    if case.blocking_findings:
        return say(
            N_("unresolved blocking findings: %(rules)s"),
            rules=Words(tuple(Word(rule) for rule in case.blocking_findings)),
        )
    return None


def _no_prohibited_findings(actor: Actor, case: CaseSnapshot) -> str | None:
    if case.prohibited_findings:
        return say(
            N_("the case is prohibited by: %(rules)s"),
            rules=Words(tuple(Word(rule) for rule in case.prohibited_findings)),
        )
    return None


def _release_decided(actor: Actor, case: CaseSnapshot) -> str | None:
    if case.release_decided:
        return None
    return say(N_("the technology-release board has not decided yet"))


def _has_agreement(actor: Actor, case: CaseSnapshot) -> str | None:
    return None if case.has_agreement else say(N_("no agreement has been recorded for the case"))


def _was_suspended_from_somewhere(actor: Actor, case: CaseSnapshot) -> str | None:
    if case.previous_state:
        return None
    return say(N_("the case does not know which state it was suspended from"))


def _release_valid(actor: Actor, case: CaseSnapshot) -> str | None:
    return case.release_problem


def _notified(actor: Actor, case: CaseSnapshot) -> str | None:
    return case.notification_problem


OWN_STATE = Guard("own_state", _own_state)
HAS_ITEMS = Guard("has_items", _has_items)
HAS_END_USER = Guard("has_end_user", _has_end_user)
FOUR_EYES = Guard("four_eyes", _four_eyes)
ASSESSED = Guard("assessed", _assessed)
NO_BLOCKING_FINDINGS = Guard("no_blocking_findings", _no_blocking_findings)
NO_PROHIBITED_FINDINGS = Guard("no_prohibited_findings", _no_prohibited_findings)
RELEASE_DECIDED = Guard("release_decided", _release_decided)
HAS_AGREEMENT = Guard("has_agreement", _has_agreement)
KNOWS_PREVIOUS_STATE = Guard("knows_previous_state", _was_suspended_from_somewhere)
RELEASE_VALID = Guard("release_valid", _release_valid)
NOTIFIED = Guard("notified", _notified)


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[CaseState]
    target: CaseState | None  # None: back to the state the case was suspended from
    roles: frozenset[Role]
    guards: tuple[Guard, ...] = ()
    records: str = ""
    needs_reason: bool = False
    label: str = field(default="")


R = Role
PARTNER_AND_OFFICER = frozenset({R.PARTNER_LIAISON, R.CASE_OFFICER})

TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit", frozenset({S.DRAFT}), S.SUBMITTED, PARTNER_AND_OFFICER,
               (OWN_STATE, HAS_ITEMS, HAS_END_USER), "the submitter, for the four-eyes check",
               label=N_("Submit request")),
    Transition("start_release_review", frozenset({S.SUBMITTED}), S.RELEASE_REVIEW,
               frozenset({R.CASE_OFFICER}), (), "the officer who took the case on",
               label=N_("Start technology-release review")),
    Transition("complete_release_review", frozenset({S.RELEASE_REVIEW}), S.COMPLIANCE_REVIEW,
               frozenset({R.RELEASE_BOARD}), (RELEASE_DECIDED,),
               "the board's release decision", label=N_("Complete release review")),
    Transition("recommend", frozenset({S.COMPLIANCE_REVIEW}), S.AWAITING_APPROVAL,
               frozenset({R.EXPORT_CONTROL}), (ASSESSED, NO_BLOCKING_FINDINGS),
               "the assessment the recommendation relied on", label=N_("Recommend for approval")),
    Transition("approve", frozenset({S.AWAITING_APPROVAL}), S.APPROVED,
               frozenset({R.LEADERSHIP}), (FOUR_EYES, ASSESSED, NO_BLOCKING_FINDINGS),
               "the approver and the assessment relied on", needs_reason=True, label=N_("Approve")),
    Transition("refuse", frozenset({S.RELEASE_REVIEW, S.AWAITING_APPROVAL}), S.REFUSED,
               frozenset({R.LEADERSHIP, R.RELEASE_BOARD}), (),
               "the reason and the assessment relied on", needs_reason=True, label=N_("Refuse")),
    Transition("sign_agreement", frozenset({S.APPROVED}), S.AGREEMENT_SIGNED,
               frozenset({R.CASE_OFFICER, R.PARTNER_LIAISON}),
               (OWN_STATE, HAS_AGREEMENT, NO_PROHIBITED_FINDINGS, RELEASE_VALID, NOTIFIED),
               "the agreement signed",
               label=N_("Record signed agreement")),
    Transition("start_delivery", frozenset({S.AGREEMENT_SIGNED}), S.IN_DELIVERY,
               frozenset({R.CASE_OFFICER}), (NO_PROHIBITED_FINDINGS, RELEASE_VALID),
               "the first shipment",
               label=N_("Start delivery")),
    Transition("complete_delivery", frozenset({S.IN_DELIVERY}), S.DELIVERED,
               frozenset({R.CASE_OFFICER}), (), "the delivery verification",
               label=N_("Complete delivery")),
    Transition("begin_monitoring", frozenset({S.DELIVERED}), S.END_USE_MONITORING,
               frozenset({R.CASE_OFFICER, R.EXPORT_CONTROL}), (), "the monitoring plan",
               label=N_("Begin end-use monitoring")),
    Transition("close", frozenset({S.END_USE_MONITORING}), S.CLOSED,
               frozenset({R.CASE_OFFICER}), (), "the closing note", needs_reason=True,
               label=N_("Close")),
    Transition("withdraw", frozenset({S.DRAFT}) | REVIEW_STATES, S.WITHDRAWN,
               PARTNER_AND_OFFICER, (OWN_STATE,), "who withdrew it and why", needs_reason=True,
               label=N_("Withdraw")),
    Transition("suspend", ACTIVE_STATES, S.SUSPENDED,
               frozenset({R.EXPORT_CONTROL, R.LEADERSHIP}), (),
               "the state suspended from and why", needs_reason=True, label=N_("Suspend")),
    Transition("resume", frozenset({S.SUSPENDED}), None,
               frozenset({R.EXPORT_CONTROL, R.LEADERSHIP}),
               (KNOWS_PREVIOUS_STATE, NO_PROHIBITED_FINDINGS), "who resumed it and why",
               needs_reason=True, label=N_("Resume")),
    Transition("amend", frozenset({S.COMPLIANCE_REVIEW, S.AWAITING_APPROVAL, S.APPROVED,
                                   S.AGREEMENT_SIGNED}), S.RELEASE_REVIEW,
               PARTNER_AND_OFFICER, (OWN_STATE,), "what was amended; the case re-enters review",
               needs_reason=True, label=N_("Amend")),
    Transition("request_retransfer", frozenset({S.DELIVERED, S.END_USE_MONITORING}),
               S.RELEASE_REVIEW, PARTNER_AND_OFFICER, (OWN_STATE,),
               "the proposed retransfer; a new review starts", needs_reason=True,
               label=N_("Request retransfer")),
)  # fmt: skip

BY_ACTION = {t.action: t for t in TRANSITIONS}


@dataclass(frozen=True)
class Step:
    action: str
    source: CaseState
    target: CaseState
    records: str


def refusals(actor: Actor, case: CaseSnapshot, action: str, reason: str = "") -> list[str]:
    """Every reason the action is not allowed now; an empty list means it may be taken."""
    transition = BY_ACTION.get(action)
    if transition is None:
        return [say(N_("there is no action called %(action)r"), action=action)]
    problems: list[str] = []
    what = Word(action, transition.label)
    if case.state not in transition.sources:
        allowed = Words(tuple(Word(s.value) for s in sorted(transition.sources)))
        problems.append(say(N_("'%(action)s' is not possible while the case is %(state)s "
                                "(only from: %(allowed)s)"),
                             action=what, state=Word(case.state.value), allowed=allowed))  # fmt: skip
    if not actor.roles & transition.roles:
        needed = Words(tuple(Word(r.value) for r in sorted(transition.roles)))
        problems.append(say(N_("'%(action)s' needs one of the roles: %(roles)s"),
                             action=what, roles=needed))  # fmt: skip
    problems.extend(p for g in transition.guards if (p := g.check(actor, case)) is not None)
    if transition.needs_reason and not reason.strip():
        problems.append(say(N_("'%(action)s' needs a reason"), action=what))
    return problems


def apply(actor: Actor, case: CaseSnapshot, action: str, reason: str = "") -> Step:
    """Take `action` on `case` or raise Refused naming every reason it cannot be taken."""
    problems = refusals(actor, case, action, reason)
    if problems:
        raise Refused(
            N_("Cannot %(action)s: %(problems)s"),
            field="action",
            values={
                "action": Word(action.replace("_", " "), BY_ACTION[action].label)
                if action in BY_ACTION
                else action,
                "problems": Words(tuple(problems), N_("; ")),
            },
        )
    transition = BY_ACTION[action]
    target = transition.target or case.previous_state
    assert target is not None  # KNOWS_PREVIOUS_STATE guarantees it
    return Step(action, case.state, target, transition.records)


def available_actions(actor: Actor, case: CaseSnapshot) -> list[Transition]:
    """Transitions this actor could take now, if given a reason where one is needed."""
    return [t for t in TRANSITIONS if not refusals(actor, case, t.action, reason="-")]


def blocked_actions(actor: Actor, case: CaseSnapshot) -> list[tuple[Transition, list[str]]]:
    """Steps this actor's roles take in this state but may not take yet, with every reason."""
    found = []
    for t in TRANSITIONS:
        if case.state in t.sources and actor.roles & t.roles:
            reasons = refusals(actor, case, t.action, reason="-")
            if reasons:
                found.append((t, reasons))
    return found
