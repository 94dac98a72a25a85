"""Every transition and every guard, allowed and refused, generated from the one table."""

from __future__ import annotations

import pytest

from amanah.cases import workflow
from amanah.cases.workflow import TRANSITIONS, CaseState, apply, available_actions
from amanah.errors import Refused
from amanah.users.roles import Role
from tests.factories.cases import actor, ready_snapshot

ALLOWED = [(t, source) for t in TRANSITIONS for source in sorted(t.sources)]


def _actor_for(t: workflow.Transition) -> object:
    role = sorted(t.roles)[0]
    return actor(role, country="XA" if role is Role.PARTNER_LIAISON else None)


@pytest.mark.parametrize(("transition", "source"), ALLOWED, ids=lambda v: getattr(v, "action", v))
def test_transition_is_allowed_when_role_state_and_guards_hold(transition: workflow.Transition,
                                                               source: CaseState) -> None:  # fmt: skip
    step = apply(_actor_for(transition), ready_snapshot(source), transition.action, "because")  # type: ignore[arg-type]
    assert step.source is source
    expected = transition.target or CaseState.APPROVED  # resume returns to the previous state
    assert step.target is expected


@pytest.mark.parametrize("transition", TRANSITIONS, ids=lambda t: t.action)
def test_transition_is_refused_from_every_other_state(transition: workflow.Transition) -> None:
    for state in set(CaseState) - transition.sources:
        with pytest.raises(Refused, match=f"not possible while the case is {state.value}"):
            apply(_actor_for(transition), ready_snapshot(state), transition.action, "because")  # type: ignore[arg-type]


@pytest.mark.parametrize("transition", TRANSITIONS, ids=lambda t: t.action)
def test_transition_is_refused_to_roles_not_named(transition: workflow.Transition) -> None:
    source = sorted(transition.sources)[0]
    for role in set(Role) - transition.roles:
        with pytest.raises(Refused, match="needs one of the roles"):
            apply(actor(role, country="XA"), ready_snapshot(source), transition.action, "because")


GUARD_BREAKERS = {
    "own_state": ("actor", {}),
    "has_items": ("snapshot", {"item_count": 0}),
    "has_end_user": ("snapshot", {"has_end_user": False}),
    "four_eyes": ("snapshot", {"submitted_by": 10}),
    "assessed": ("snapshot", {"assessed": False}),
    "no_blocking_findings": ("snapshot", {"blocking_findings": ("end_use_certificate",)}),
    "no_prohibited_findings": ("snapshot", {"prohibited_findings": ("att.6.1",)}),
    "release_decided": ("snapshot", {"release_decided": False}),
    "has_agreement": ("snapshot", {"has_agreement": False}),
    "knows_previous_state": ("snapshot", {"previous_state": None}),
    "release_valid": ("snapshot", {"release_problem": "the technology release expired"}),
    "notified": ("snapshot", {"notification_problem": "the waiting period runs until 2027-01-31"}),
}
GUARDED = [(t, g) for t in TRANSITIONS for g in t.guards]


def test_every_guard_in_the_table_has_a_breaker() -> None:
    assert {g.name for _, g in GUARDED} <= set(GUARD_BREAKERS)


@pytest.mark.parametrize(
    ("transition", "guard"), GUARDED, ids=lambda v: getattr(v, "action", getattr(v, "name", v))
)
def test_transition_is_refused_when_its_guard_fails(
    transition: workflow.Transition, guard: workflow.Guard
) -> None:
    source = sorted(transition.sources)[0]
    kind, changes = GUARD_BREAKERS[guard.name]
    if kind == "actor":
        who = actor(Role.PARTNER_LIAISON, country="XB")
        if Role.PARTNER_LIAISON not in transition.roles:
            pytest.skip("only partner liaisons are bound to their own state")
    else:
        who = _actor_for(transition)  # type: ignore[assignment]
    with pytest.raises(Refused) as refused:
        apply(who, ready_snapshot(source, **changes), transition.action, "because")
    assert guard.check(who, ready_snapshot(source, **changes)) in refused.value.message


def test_four_eyes_the_submitter_cannot_approve() -> None:
    leader = actor(Role.LEADERSHIP, user_id=1)
    with pytest.raises(Refused, match="four eyes"):
        apply(leader, ready_snapshot(CaseState.AWAITING_APPROVAL, submitted_by=1), "approve", "ok")


def test_refusal_names_every_reason_at_once() -> None:
    officer = actor(Role.CASE_OFFICER)
    with pytest.raises(Refused) as refused:
        apply(officer, ready_snapshot(CaseState.DRAFT), "approve", "")
    message = refused.value.message
    assert "not possible while the case is draft" in message
    assert "needs one of the roles: leadership" in message
    assert "needs a reason" in message


def test_unknown_action_is_refused_in_words() -> None:
    with pytest.raises(Refused, match="no action called 'launch'"):
        apply(actor(Role.CASE_OFFICER), ready_snapshot(CaseState.DRAFT), "launch")


def test_resume_returns_to_the_state_suspended_from() -> None:
    leader = actor(Role.LEADERSHIP)
    snapshot = ready_snapshot(CaseState.SUSPENDED, previous_state=CaseState.IN_DELIVERY)
    assert apply(leader, snapshot, "resume", "cleared").target is CaseState.IN_DELIVERY


def test_available_actions_for_a_draft_officer_are_submit_and_withdraw() -> None:
    actions = {
        t.action
        for t in available_actions(actor(Role.CASE_OFFICER), ready_snapshot(CaseState.DRAFT))
    }
    assert actions == {"submit", "withdraw"}


def test_suspension_is_possible_from_every_active_state_and_no_other() -> None:
    officer = actor(Role.EXPORT_CONTROL)
    for state in CaseState:
        allowed = "suspend" in {t.action for t in available_actions(officer, ready_snapshot(state))}
        assert allowed == (state in workflow.ACTIVE_STATES), state
