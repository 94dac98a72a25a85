"""The lifecycle as a specification, where the table-driven tests cannot see a slip: which
decisions must carry a reason (the record of why a case was refused, closed, withdrawn,
suspended, resumed, amended or retransferred is the directorate's accountability), and that a
snapshot missing a fact fails closed (a guard never assumes what was not established)."""

from __future__ import annotations

import pytest

from amanah.cases.workflow import (
    BY_ACTION,
    TRANSITIONS,
    CaseSnapshot,
    CaseState,
    apply,
    available_actions,
    blocked_actions,
    refusals,
)
from amanah.errors import Refused
from amanah.users.roles import Role
from tests.factories.cases import actor, ready_snapshot

S = CaseState
NEEDS_REASON = {"approve", "refuse", "close", "withdraw", "suspend", "resume", "amend",
                "request_retransfer"}  # fmt: skip


def _acting(action: str) -> tuple[object, CaseState]:
    transition = BY_ACTION[action]
    role = sorted(transition.roles)[0]
    who = actor(role, country="XA" if role is Role.PARTNER_LIAISON else None)
    return who, sorted(transition.sources)[0]


def test_exactly_these_decisions_need_a_reason() -> None:
    assert {t.action for t in TRANSITIONS if t.needs_reason} == NEEDS_REASON


@pytest.mark.parametrize("action", sorted(NEEDS_REASON))
@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_a_decision_without_a_reason_is_refused(action: str, reason: str) -> None:
    who, source = _acting(action)
    with pytest.raises(Refused, match=f"'{action}' needs a reason"):
        apply(who, ready_snapshot(source), action, reason)  # type: ignore[arg-type]
    assert apply(who, ready_snapshot(source), action, "a reason").action == action  # type: ignore[arg-type]


@pytest.mark.parametrize("action", sorted(set(BY_ACTION) - NEEDS_REASON))
def test_a_routine_step_needs_no_reason(action: str) -> None:
    who, source = _acting(action)
    assert apply(who, ready_snapshot(source), action).action == action  # type: ignore[arg-type]


def test_a_snapshot_with_only_state_and_partner_fails_every_guard_closed() -> None:
    bare = CaseSnapshot(state=S.DRAFT, partner="XA")
    assert (bare.item_count, bare.has_end_user, bare.assessed, bare.release_decided,
            bare.has_agreement, bare.previous_state, bare.submitted_by) == (
            0, False, False, False, False, None, None)  # fmt: skip
    assert bare.blocking_findings == () and bare.prohibited_findings == ()
    officer = actor(Role.CASE_OFFICER)
    assert refusals(officer, bare, "submit") == ["the request has no line items",
                                                 "the request names no end user"]  # fmt: skip
    for state, action, role, missing in [
        (S.COMPLIANCE_REVIEW, "recommend", Role.EXPORT_CONTROL, "no compliance assessment"),
        (S.AWAITING_APPROVAL, "approve", Role.LEADERSHIP, "no compliance assessment"),
        (S.RELEASE_REVIEW, "complete_release_review", Role.RELEASE_BOARD, "has not decided"),
        (S.APPROVED, "sign_agreement", Role.CASE_OFFICER, "no agreement"),
        (S.SUSPENDED, "resume", Role.LEADERSHIP, "does not know which state"),
    ]:
        problems = refusals(actor(role), CaseSnapshot(state=state, partner="XA"), action, "why")
        assert any(missing in p for p in problems), (action, problems)


def test_four_eyes_holds_only_for_the_submitter() -> None:
    case = ready_snapshot(S.AWAITING_APPROVAL, submitted_by=10)
    assert refusals(actor(Role.LEADERSHIP, user_id=10), case, "approve", "ok") == [
        "four eyes: the person who submitted the case may not approve it"]  # fmt: skip
    assert refusals(actor(Role.LEADERSHIP, user_id=11), case, "approve", "ok") == []
    unknown_submitter = ready_snapshot(S.AWAITING_APPROVAL, submitted_by=None)
    assert refusals(actor(Role.LEADERSHIP, user_id=10), unknown_submitter, "approve", "ok") == []


def test_blocking_and_prohibiting_findings_are_named_in_the_refusal() -> None:
    blocked = ready_snapshot(S.COMPLIANCE_REVIEW, blocking_findings=("ATT-7", "SCREEN-HIT"))
    assert refusals(actor(Role.EXPORT_CONTROL), blocked, "recommend") == [
        "unresolved blocking findings: ATT-7, SCREEN-HIT"]  # fmt: skip
    prohibited = ready_snapshot(S.APPROVED, prohibited_findings=("UN-EMBARGO",))
    assert refusals(actor(Role.CASE_OFFICER), prohibited, "sign_agreement") == [
        "the case is prohibited by: UN-EMBARGO"]  # fmt: skip


def test_a_partner_liaison_acts_only_for_its_own_state() -> None:
    liaison = actor(Role.PARTNER_LIAISON, country="XB")
    assert refusals(liaison, ready_snapshot(S.DRAFT), "submit") == [
        "a partner liaison acts only on cases of its own state (XB)"]  # fmt: skip
    # an officer who also holds the liaison role is not confined to one state
    both = actor(Role.PARTNER_LIAISON, Role.CASE_OFFICER, country="XB")
    assert refusals(both, ready_snapshot(S.DRAFT), "submit") == []


def test_blocked_actions_lists_only_the_actors_steps_in_this_state_with_reasons() -> None:
    export_control = actor(Role.EXPORT_CONTROL)
    case = ready_snapshot(S.COMPLIANCE_REVIEW, assessed=False)
    blocked = {t.action: reasons for t, reasons in blocked_actions(export_control, case)}
    assert blocked == {"recommend": ["the case has no compliance assessment yet"]}
    assert [t.action for t in available_actions(export_control, case)] == ["suspend"]
    assert blocked_actions(export_control, ready_snapshot(S.COMPLIANCE_REVIEW)) == []


def test_the_refusal_message_names_the_action_in_words() -> None:
    with pytest.raises(Refused) as refused:
        apply(actor(Role.CASE_OFFICER), ready_snapshot(S.APPROVED, has_agreement=False),
              "sign_agreement")  # fmt: skip
    assert str(refused.value.message).startswith("Cannot sign agreement: ")


ARABIC_LETTER = "\u0600-\u06ff"


@pytest.mark.parametrize("action", sorted(BY_ACTION))
def test_every_refusal_reads_in_the_language_of_the_request(action: str) -> None:
    """A refused step's reasons (its state, roles, guards, missing reason) are catalogue
    messages: in Arabic they read in Arabic, with the codes and names as values."""
    import re

    from amanah.i18n import current_language

    bare = CaseSnapshot(state=S.CLOSED if action != "close" else S.DRAFT, partner="XA")
    nobody = actor(Role.AUDITOR)
    english = refusals(nobody, bare, action)
    token = current_language.set("ar")
    try:
        arabic = refusals(nobody, bare, action)
        with pytest.raises(Refused) as refused:
            apply(nobody, bare, action)
        message = refused.value.message
    finally:
        current_language.reset(token)
    assert len(arabic) == len(english) >= 2
    codes = {action, bare.state.value} | {role.value for role in BY_ACTION[action].roles}
    for text in arabic:
        assert re.search(f"[{ARABIC_LETTER}]", text), text
        assert "%(" not in text
        # the action, the state and the roles read as words, never as codes (issue 19)
        assert not [code for code in codes if re.search(rf"\b{code}\b", text)], text
    assert "not possible" not in " ".join(arabic) and "needs one of the roles" not in " ".join(
        arabic
    )
    assert str(refused.value.values["problems"]) == "; ".join(arabic)
    assert "؛ ".join(arabic) in message and action not in message
