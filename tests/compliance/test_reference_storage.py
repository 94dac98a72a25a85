"""Embargo structure and provenance in the database (migration 0011), renewals and their
calendar alerts, and Art. 7(7) flags on authorised cases; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, select

from amanah.agreements.models import AlertRow
from amanah.compliance.service import RENEWAL_OVERDUE, calendar_check
from amanah.db.engine import transaction
from amanah.errors import Forbidden, InvalidInput
from amanah.partners import service as partners
from amanah.partners.domain import EmbargoScope, ExemptionKind, Verification
from amanah.partners.models import EmbargoRow
from amanah.users.roles import Actor, Role


def owner() -> Actor:
    return Actor(user_id=1, username="export", roles=frozenset({Role.EXPORT_CONTROL}))


def overdue_alerts(engine: Engine) -> list[str]:
    with transaction(engine) as session:
        return list(
            session.scalars(select(AlertRow.message).where(AlertRow.kind == RENEWAL_OVERDUE))
        )


def test_stored_embargoes_keep_their_structure_and_provenance(engine: Engine) -> None:
    with transaction(engine) as session:
        partners.load_reference_embargoes(session)
    with transaction(engine) as session:
        car = partners.embargo_of(session.get_one(EmbargoRow, "UN-CF"))
        drc = partners.embargo_of(session.get_one(EmbargoRow, "UN-CD"))
        assert car.scope_on(date(2026, 1, 1)) is EmbargoScope.ARMED_GROUPS
        assert car.provenance.status is Verification.VERIFIED and car.provenance.source.startswith(
            "https://"
        )
        assert car.renewal_date == date(2026, 7, 31)
        exemption = drc.exemption(ExemptionKind.GOVERNMENT_FORCES, date(2026, 1, 1))
        assert exemption is not None and not exemption.needs_procedure
        notified = drc.exemption(ExemptionKind.GOVERNMENT_FORCES, date(2020, 1, 1))
        assert notified is not None and notified.needs_procedure  # dates survive storage
        assert session.get(EmbargoRow, "UN-ISIL") is None
    with transaction(engine) as session:  # loading again changes nothing
        assert partners.load_reference_embargoes(session) == 0


def test_a_passed_renewal_date_alerts_once_and_a_recorded_renewal_stops_it(engine: Engine) -> None:
    with transaction(engine) as session:
        partners.load_reference_embargoes(session)
    with transaction(engine) as session:
        calendar_check(session, date(2026, 5, 31))  # the renewal date itself: not passed yet
    assert not [m for m in overdue_alerts(engine) if m.startswith("UN-SS:")]
    with transaction(engine) as session:
        calendar_check(session, date(2026, 6, 1))
    assert len([m for m in overdue_alerts(engine) if m.startswith("UN-SS:")]) == 1
    with transaction(engine) as session:
        calendar_check(session, date(2026, 6, 2))  # no second alert for the same date
    assert len([m for m in overdue_alerts(engine) if m.startswith("UN-SS:")]) == 1
    with transaction(engine) as session:
        row = partners.record_renewal(session, owner(), "UN-SS", "S/RES/9999 (2026)",
                                      date(2026, 5, 29), date(2027, 5, 31),
                                      "https://press.un.org/en/2026/example.doc.htm")  # fmt: skip
        assert row.renewal_date == date(2027, 5, 31) and row.renewals[-1]["until"] == "2027-05-31"
    with transaction(engine) as session:
        calendar_check(session, date(2026, 6, 3))
        assert partners.load_reference_embargoes(session) == 0
        assert session.get_one(EmbargoRow, "UN-SS").renewal_date == date(2027, 5, 31)  # kept
    assert len([m for m in overdue_alerts(engine) if m.startswith("UN-SS:")]) == 1


def test_a_renewal_needs_an_owner_an_instrument_and_an_official_source(engine: Engine) -> None:
    with transaction(engine) as session:
        partners.load_reference_embargoes(session)
        officer = Actor(user_id=2, username="officer", roles=frozenset({Role.CASE_OFFICER}))
        with pytest.raises(Forbidden):
            partners.record_renewal(session, officer, "UN-SS", "S/RES/1", date(2026, 5, 29),
                                    date(2027, 5, 31), "https://un.org")  # fmt: skip
        with pytest.raises(InvalidInput) as no_source:
            partners.record_renewal(session, owner(), "UN-SS", "S/RES/1", date(2026, 5, 29),
                                    date(2027, 5, 31), "press release")  # fmt: skip
        assert no_source.value.field == "source"
        with pytest.raises(InvalidInput) as backwards:
            partners.record_renewal(session, owner(), "UN-SS", "S/RES/1", date(2026, 5, 29),
                                    date(2026, 5, 1), "https://un.org")  # fmt: skip
        assert backwards.value.field == "until"


def test_new_information_flags_authorised_cases_for_reassessment(engine: Engine) -> None:
    """ATT Art. 7(7): a new embargo on designated persons in Beta changes the findings of Beta's
    authorised cases without prohibiting them: each owner is alerted to reassess."""
    from amanah import demo
    from amanah.cases.models import CaseRow
    from amanah.compliance.bulk_write import AUTHORISED, REASSESS_AUTHORISATION
    from amanah.partners.schemas import EmbargoIn

    with transaction(engine) as session:
        partners.load_reference_embargoes(session)
        demo.load(session)
    with transaction(engine) as session:
        authorised = set(session.scalars(select(CaseRow.id).where(
            CaseRow.partner_code == "XB", CaseRow.state.in_(AUTHORISED))))  # fmt: skip
        assert authorised
        assert not session.scalars(
            select(AlertRow).where(AlertRow.kind == REASSESS_AUTHORISATION)
        ).all()
        partners.save_embargo(session, owner(), EmbargoIn(
            id="UN-XB-TEST", regime="UN", target="XB", target_name="Kingdom of Beta",
            scope="designated", instrument="S/RES/9999 (2026)", start=date(2020, 1, 1)))  # fmt: skip
    with transaction(engine) as session:
        flagged = set(session.scalars(
            select(AlertRow.case_id).where(AlertRow.kind == REASSESS_AUTHORISATION)))  # fmt: skip
        assert flagged and flagged <= authorised
        assert all("Art. 7(7)" in m for m in session.scalars(
            select(AlertRow.message).where(AlertRow.kind == REASSESS_AUTHORISATION)))  # fmt: skip


def test_a_scope_that_changes_on_a_date_re_assesses_the_partner_on_that_day(engine: Engine) -> None:
    from amanah import demo

    with transaction(engine) as session:
        partners.load_reference_embargoes(session)
        demo.load(session)
        session.add(EmbargoRow(
            id="UN-XA-TEST", regime="UN", target="XA", target_name="Republic of Alpha",
            scope="designated", instrument="S/RES/9998 (2029)", start=date(2029, 1, 1),
            periods=[{"start": "2029-01-01", "end": "2030-07-01", "scope": "designated"},
                     {"start": "2030-07-01", "end": None, "scope": "all"}],
            source="manual",
        ))  # fmt: skip
    with transaction(engine) as session:
        assert calendar_check(session, date(2030, 6, 30))[0] == []  # the scope has not changed yet
    with transaction(engine) as session:
        changed, counts = calendar_check(session, date(2030, 7, 1))
        assert changed == ["XA"] and sum(counts.values()) > 0  # its open cases, re-assessed


def test_a_confirmed_change_of_scope_replaces_the_periods(engine: Engine) -> None:
    from amanah.partners.schemas import EmbargoIn

    with transaction(engine) as session:
        partners.load_reference_embargoes(session)
        partners.save_embargo(session, owner(), EmbargoIn(
            id="UN-CF", regime="UN", target="CF", target_name="Central African Republic",
            scope="all", instrument="S/RES/9997 (2026)", start=date(2026, 8, 1)),
            reason="the Council re-imposed a territory-wide embargo")  # fmt: skip
    with transaction(engine) as session:
        car = partners.embargo_of(session.get_one(EmbargoRow, "UN-CF"))
        assert car.scope_on(date(2026, 9, 1)) is EmbargoScope.ALL
