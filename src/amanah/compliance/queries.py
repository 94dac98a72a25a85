"""Reading assessments: what other domains may read of them (a case's workflow reads its
current assessment). Storing one is `compliance.service`'s."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanah.compliance.models import AssessmentRow


def current_assessment(session: Session, case_id: int) -> AssessmentRow | None:
    return session.scalar(
        select(AssessmentRow)
        .where(AssessmentRow.case_id == case_id)
        .order_by(AssessmentRow.id.desc())
        .limit(1)
    )
