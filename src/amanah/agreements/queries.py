"""Reading agreements: what other domains may read of them. Changing one is
`agreements.service`'s."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanah.agreements.models import AgreementRow, DeliveryRow


def agreement_for(session: Session, case_id: int) -> AgreementRow | None:
    return session.scalar(
        select(AgreementRow).where(AgreementRow.case_id == case_id).order_by(AgreementRow.id.desc())
    )


def deliveries_for(session: Session, case_id: int) -> list[DeliveryRow]:
    """The case's deliveries, the earliest planned first."""
    return list(session.scalars(select(DeliveryRow).where(DeliveryRow.case_id == case_id)
                                .order_by(DeliveryRow.scheduled_on)))  # fmt: skip
