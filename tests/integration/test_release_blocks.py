"""An expired technology release blocks new agreements and deliveries in the agreement services
themselves (not only in the workflow's guards): 409 naming the release decision and its expiry,
lifted when the board renews the release."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import Engine, select

from amanah.agreements import deliveries
from amanah.agreements import service as agreements
from amanah.agreements.schemas import AgreementIn, AuthorisationIn, DeliveryIn, ShipmentIn
from amanah.cases import release_validity, releases
from amanah.cases.models import CaseRow
from amanah.db.base import utcnow
from amanah.db.engine import transaction
from amanah.demo import load
from amanah.errors import Refused
from amanah.users.models import UserRow
from amanah.users.roles import Actor
from amanah.users.service import actor_of


def _actor(session: object, username: str) -> Actor:
    return actor_of(session.scalars(select(UserRow).where(UserRow.username == username)).one())  # type: ignore[attr-defined]


def _case(session: object, title: str) -> CaseRow:
    return session.scalars(select(CaseRow).where(CaseRow.title.startswith(title))).one()  # type: ignore[attr-defined]


def test_an_expired_release_refuses_agreements_deliveries_and_shipments(engine: Engine) -> None:
    with transaction(engine) as session:
        load(session)
    with transaction(engine) as session:
        officer, board = _actor(session, "officer"), _actor(session, "board")
        signed = _case(session, "Two counter-rocket")  # agreement signed, deliveries scheduled
        approved = _case(session, "Licensed production")  # approved, no agreement yet
        for case in (signed, approved):  # valid 2020-01-01 until 2022-01-01 (24 months)
            releases.set_validity(session, board, case.id, 24, date(2020, 1, 1))
        decision = release_validity.status(session, signed).decision_id
        today = utcnow().date()
        with pytest.raises(Refused) as refused:
            deliveries.schedule_delivery(session, officer, signed, DeliveryIn(
                description="one more", quantity=1, scheduled_on=today + timedelta(days=30),
                line_item_id=signed.items[0].id))  # fmt: skip
        assert refused.value.status == 409 and refused.value.field == "release"
        assert f"technology release decision {decision} of case {signed.reference}" in str(
            refused.value
        )
        assert "expired on 2022-01-01" in str(refused.value)
        scheduled = next(d for d in agreements.deliveries_for(session, signed.id)
                         if d.status == "scheduled")  # fmt: skip
        with pytest.raises(Refused, match="expired on 2022-01-01"):
            deliveries.record_shipment(session, officer, signed, scheduled.id,
                                       ShipmentIn(shipped_on=today))  # fmt: skip
        with pytest.raises(Refused, match="expired on 2022-01-01") as refused:
            agreements.record_agreement(session, officer, approved, AgreementIn(
                kind="licensed_production", value=approved.value, currency=approved.currency,
                signed_on=today))  # fmt: skip
        assert refused.value.field == "release"
        assert agreements.deliveries_for(session, signed.id)[0].status == "scheduled"


def test_the_last_valid_day_passes_and_a_renewal_lifts_the_block(engine: Engine) -> None:
    with transaction(engine) as session:
        load(session)
    with transaction(engine) as session:
        officer, board = _actor(session, "officer"), _actor(session, "board")
        signed = _case(session, "Two counter-rocket")
        today = utcnow().date()
        start = today.replace(day=1) - timedelta(days=700)  # expires within the coming months
        row = releases.set_validity(session, board, signed.id, 24, start)
        last = row.valid_until - timedelta(days=1)
        assert today <= last
        item = signed.items[0].id
        auth = agreements.authorisations_for(session, signed.id)[item]
        agreements.set_authorisation(session, _actor(session, "export"), signed, item,
                                     AuthorisationIn(quantity=auth.quantity + 3, value=auth.value,
                                                     valid_from=auth.valid_from,
                                                     valid_until=date(2040, 1, 1)))  # fmt: skip
        # a plan on the last valid day is taken; one on the expiry day is refused
        deliveries.schedule_delivery(session, officer, signed, DeliveryIn(
            description="last day", quantity=1, value=Decimal(0), scheduled_on=last,
            line_item_id=item))  # fmt: skip
        with pytest.raises(Refused, match=f"expired on {row.valid_until.isoformat()}"):
            deliveries.schedule_delivery(session, officer, signed, DeliveryIn(
                description="too late", quantity=1, value=Decimal(0), scheduled_on=row.valid_until,
                line_item_id=item))  # fmt: skip
        releases.renew(session, board, signed.id, 48, "recipient unchanged; renewed")
        later = deliveries.schedule_delivery(session, officer, signed, DeliveryIn(
            description="after renewal", quantity=1, value=Decimal(0),
            scheduled_on=row.valid_until,
            line_item_id=item))  # fmt: skip
        assert later.status == "scheduled"
