"""What each domain event sets off, as a specification of the event → handler table: the
services each event reaches, in order, with what they are told — a newly prohibited active case
is suspended by the system and its deliveries held, an inactive one is only reported; an end-use
finding suspends only when it calls for it, by the recorder when their roles may suspend and by
the system otherwise; a partner's change re-assesses its cases through a job when there is a
queue, at once when not. The services are stood in for (no database): each records its call."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from amanah import bus, events, handlers
from amanah.events import (
    AgreementRecorded,
    AuthorisationToReassess,
    CaseChanged,
    CaseProhibited,
    CaseTransitioned,
    EmbargoChanged,
    EndUseFindingRecorded,
    Event,
    HitReviewed,
    ItemClassified,
    JobQueued,
    PartnerFactsChanged,
    PartyAdded,
    PartyWithdrawn,
    RenewalOverdue,
    ScreeningHitsRaised,
)
from amanah.handlers import HANDLERS, Phase, Subscription
from amanah.users.roles import SYSTEM, Actor, Role

OFFICER = Actor(7, "officer", frozenset({Role.CASE_OFFICER}))
CONTROLLER = Actor(8, "controller", frozenset({Role.EXPORT_CONTROL}))
LEADER = Actor(9, "leader", frozenset({Role.LEADERSHIP}))
ENGINE = object()


class Row(SimpleNamespace):
    pass


class FakeSession:
    """What the handlers ask of a session: rows by id and the engine."""

    def __init__(self) -> None:
        self.info: dict[str, Any] = {}

    def get_one(self, kind: type, ident: int) -> Row:
        return Row(kind=kind.__name__, id=ident, reference=f"AMN-{ident}", owner_id=50 + ident)

    def get_bind(self) -> Any:
        return SimpleNamespace(engine=ENGINE)


SERVICES = {
    "cases": ["transition"],
    "agreements": ["raise_alert"],
    "deliveries": ["hold_unshipped"],
    "compliance": ["assess_case", "reassess_case"],
    "screening": ["screen_party", "forget_party_hits"],
    "routing": ["after_transition"],
    "jobs": ["start"],
    "runner": ["submit"],
    "bulk": ["reassess_open_cases"],
}


def _plain(value: Any) -> Any:
    return (value.kind, value.id) if isinstance(value, Row) else value


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[Any, ...]]]:
    made: list[tuple[Any, ...]] = []
    for module, names in SERVICES.items():
        for name in names:

            def record(*args: Any, _name: str = f"{module}.{name}", **kwargs: Any) -> None:
                # the session is left out; rows by (kind, id)
                shown = [_plain(a) for a in args if not isinstance(a, FakeSession)]
                made.append((_name, *shown,
                             *(f"{k}={_plain(v)}" for k, v in sorted(kwargs.items()))))  # fmt: skip

            monkeypatch.setattr(getattr(handlers, module), name, record)
    monkeypatch.setattr(handlers.jobs, "uses_queue", lambda engine: False)
    yield made


def dispatch(event: Event) -> None:
    bus.start().dispatch(FakeSession(), event)  # type: ignore[arg-type]


def test_a_changed_case_is_reassessed_by_whoever_changed_it(calls: list[tuple[Any, ...]]) -> None:
    for event in (CaseChanged(3, OFFICER), ItemClassified(3, OFFICER, 11),
                  AgreementRecorded(3, OFFICER, 12)):  # fmt: skip
        calls.clear()
        dispatch(event)
        assert calls == [("compliance.assess_case", OFFICER, ("CaseRow", 3))]


def test_a_new_party_is_screened_before_the_case_is_reassessed(
    calls: list[tuple[Any, ...]],
) -> None:
    dispatch(PartyAdded(3, OFFICER, 21))
    assert calls == [("screening.screen_party", ("PartyRow", 21)),
                     ("compliance.assess_case", OFFICER, ("CaseRow", 3))]  # fmt: skip


def test_a_withdrawn_party_loses_its_open_hits(calls: list[tuple[Any, ...]]) -> None:
    dispatch(PartyWithdrawn(3, 21))
    assert calls == [("screening.forget_party_hits", ("PartyRow", 21))]


def test_a_transition_routes_the_case_then_reassesses_it(calls: list[tuple[Any, ...]]) -> None:
    dispatch(CaseTransitioned(3, OFFICER, "submit", "draft", "submitted"))
    assert calls == [("routing.after_transition", OFFICER, 3, "submit"),
                     ("compliance.assess_case", OFFICER, ("CaseRow", 3))]  # fmt: skip
    calls.clear()
    # a transition made by a process (named, not a user) routes as the system
    dispatch(CaseTransitioned(3, "import", "amend", "approved", "submitted"))
    assert calls[0] == ("routing.after_transition", SYSTEM, 3, "amend")


def test_new_hits_alert_the_owner_then_reassess_as_the_system(calls: list[tuple[Any, ...]]) -> None:
    dispatch(ScreeningHitsRaised(3, ("ACME TRADING", "ACME LLC")))
    assert calls == [
        ("agreements.raise_alert", "case_id=3", "kind=screening_hit",
         "message=AMN-3: a party resembles a listed entry (ACME TRADING, ACME LLC); review it "
         "before approval", "user_id=53"),
        ("compliance.reassess_case", SYSTEM, ("CaseRow", 3)),
    ]  # fmt: skip


def test_a_reviewed_hit_reassesses_by_the_reviewer(calls: list[tuple[Any, ...]]) -> None:
    dispatch(HitReviewed(3, 40, "false_positive", OFFICER))
    assert calls == [("compliance.reassess_case", OFFICER, ("CaseRow", 3))]


def test_a_newly_prohibited_active_case_is_suspended_held_and_reported(
    calls: list[tuple[Any, ...]],
) -> None:
    dispatch(CaseProhibited(3, "AMN-3", 53, "UN embargo on XA", suspend=True))
    assert calls == [
        ("cases.transition", SYSTEM, 3, "suspend", "newly prohibited: UN embargo on XA",
         "said=newly prohibited: UN embargo on XA"),
        ("deliveries.hold_unshipped", SYSTEM, 3),
        ("agreements.raise_alert", "case_id=3", "kind=newly_prohibited",
         "message=AMN-3 is now prohibited: UN embargo on XA", "user_id=53"),
    ]  # fmt: skip


def test_a_newly_prohibited_case_not_active_is_only_reported(calls: list[tuple[Any, ...]]) -> None:
    dispatch(CaseProhibited(3, "AMN-3", None, "UN embargo on XA", suspend=False))
    assert calls == [("agreements.raise_alert", "case_id=3", "kind=newly_prohibited",
                      "message=AMN-3 is now prohibited: UN embargo on XA", "user_id=None")]  # fmt: skip


def test_alerts_to_reassess_and_of_an_overdue_renewal(calls: list[tuple[Any, ...]]) -> None:
    dispatch(AuthorisationToReassess(3, 53, "new embargo: reassess AMN-3"))
    dispatch(RenewalOverdue("UN-XA", "renewal_overdue", "UN-XA renewal overdue"))
    assert calls == [
        ("agreements.raise_alert", "case_id=3", "kind=reassess_authorisation",
         "message=new embargo: reassess AMN-3", "user_id=53"),
        ("agreements.raise_alert", "case_id=None", "kind=renewal_overdue",
         "message=UN-XA renewal overdue", "user_id=None"),
    ]  # fmt: skip


def finding(suspend: bool, actor: Actor | str) -> EndUseFindingRecorded:
    return EndUseFindingRecorded(3, 53, "violation", "re-exported to XB", suspend, actor)


ALERT = ("agreements.raise_alert", "case_id=3", "kind=end_use_violation",
         "message=re-exported to XB", "user_id=53")  # fmt: skip


def test_an_end_use_finding_that_does_not_call_for_suspension_only_alerts(
    calls: list[tuple[Any, ...]],
) -> None:
    dispatch(finding(False, CONTROLLER))
    assert calls == [ALERT]


@pytest.mark.parametrize(("actor", "by"), [(CONTROLLER, CONTROLLER), (LEADER, LEADER),
                                           (OFFICER, SYSTEM), ("monitoring", SYSTEM)])  # fmt: skip
def test_an_end_use_finding_suspends_by_the_recorder_whose_roles_suspend_else_the_system(
    calls: list[tuple[Any, ...]], actor: Actor | str, by: Actor
) -> None:
    dispatch(finding(True, actor))
    assert calls == [ALERT, ("cases.transition", by, 3, "suspend", "re-exported to XB"),
                     ("deliveries.hold_unshipped", by, 3)]  # fmt: skip


def test_a_partner_change_reassesses_its_cases_at_once_without_a_queue(
    calls: list[tuple[Any, ...]],
) -> None:
    dispatch(PartnerFactsChanged("XA", OFFICER))
    dispatch(EmbargoChanged(None, OFFICER, "UN-XA"))
    assert calls == [("bulk.reassess_open_cases", OFFICER, "partner=XA"),
                     ("bulk.reassess_open_cases", OFFICER, "partner=None")]  # fmt: skip


def test_a_partner_change_starts_one_reassess_job_per_partner_with_a_queue(
    calls: list[tuple[Any, ...]], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[object] = []

    def with_queue(engine: object) -> bool:
        asked.append(engine)
        return True

    monkeypatch.setattr(handlers.jobs, "uses_queue", with_queue)
    dispatch(PartnerFactsChanged("XA", OFFICER))
    dispatch(EmbargoChanged(None, OFFICER, "UN-XA"))
    assert asked == [ENGINE, ENGINE]
    assert calls == [("jobs.start", SYSTEM, "reassess", {"partner": "XA"}, "key=reassess:XA"),
                     ("jobs.start", SYSTEM, "reassess", {}, "key=reassess:*")]  # fmt: skip


def test_a_queued_job_is_handed_over_only_after_the_commit(calls: list[tuple[Any, ...]]) -> None:
    (subscription,) = [s for s in HANDLERS if s.event is JobQueued]
    assert subscription.phase is Phase.AFTER_COMMIT
    assert all(s.phase is Phase.SAME_UNIT for s in HANDLERS if s is not subscription)
    handlers.submit_job(FakeSession(), JobQueued(99))  # type: ignore[arg-type]
    assert calls == [("runner.submit", ENGINE, 99)]


def test_a_subscription_is_named_and_summarised_from_its_handler() -> None:
    (prohibited,) = [s for s in HANDLERS if s.handler is handlers.hold_deliveries]
    assert prohibited.name == "amanah.handlers.hold_deliveries"
    assert prohibited.summary == (
        "Put the suspended case's unshipped deliveries on hold (agreements.deliveries.hold_unshipped)."
    )


def _two_paragraphs(session: object, event: object) -> None:
    """Do one thing
    (with a wrapped line).

    Details that stay out of the table."""


def _undocumented(session: object, event: object) -> None:
    pass


def test_a_summary_is_the_first_paragraph_on_one_line_and_nothing_without_a_docstring() -> None:
    assert Subscription(JobQueued, _two_paragraphs).summary == "Do one thing (with a wrapped line)."
    assert Subscription(JobQueued, _undocumented).summary == ""
    assert Subscription(JobQueued, _undocumented).phase is Phase.SAME_UNIT


def test_recording_an_event_hands_it_to_the_installed_dispatcher(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[tuple[object, Event]] = []
    monkeypatch.setattr(events, "_dispatch", [])
    with pytest.raises(RuntimeError, match="JobQueued recorded before the message bus started"):
        events.record(FakeSession(), JobQueued(1))  # type: ignore[arg-type]
    events.install(lambda session, event: seen.append((session, event)))
    session = FakeSession()
    events.record(session, JobQueued(2))  # type: ignore[arg-type]
    assert seen == [(session, JobQueued(2))]
    events.install(None)
    with pytest.raises(RuntimeError):
        events.record(session, JobQueued(3))  # type: ignore[arg-type]
