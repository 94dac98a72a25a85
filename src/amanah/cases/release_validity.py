"""How long a technology-release decision holds: for the recipient it was given for, and for a
period (24 or 48 months, 48 when the board did not say). An expired release blocks signing the
agreement and starting deliveries until the board renews it. Reads models only, so the case
snapshot can use it."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanah.cases.models import CaseRow, DecisionRow, ReleaseValidityRow
from amanah.errors import Refused
from amanah.i18n import N_, say

DEFAULT_MONTHS = 48
PERIODS = (24, 48)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan + 1)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class ReleaseStatus:
    decision_id: int | None
    recipient: str | None
    valid_from: date | None
    valid_until: date | None
    months: int | None
    explicit: bool  # the board set the period (else the default applies)

    def problem(self, recipient: str, on: date) -> str | None:
        """Why the release does not hold for `recipient` on `on`; None when it does (or when no
        release was granted: that guard is the board's decision itself)."""
        if self.decision_id is None or self.valid_until is None:
            return None
        if self.recipient is not None and self.recipient != recipient:
            return say(N_("the technology release was given for %(given)s, not %(recipient)s: "
                          "the release board must decide again"),
                       given=self.recipient, recipient=recipient)  # fmt: skip
        if on >= self.valid_until:
            return say(N_("the technology release expired on %(expiry)s: the release board "
                          "must renew it"), expiry=self.valid_until.isoformat())  # fmt: skip
        return None


def status(session: Session, case: CaseRow) -> ReleaseStatus:
    """The latest granted release decision of the case and how long it holds."""
    decision = session.scalar(select(DecisionRow).where(
        DecisionRow.case_id == case.id, DecisionRow.kind == "release",
        DecisionRow.outcome == "granted").order_by(DecisionRow.id.desc()).limit(1))  # fmt: skip
    if decision is None:
        return ReleaseStatus(None, None, None, None, None, False)
    validity = session.scalar(
        select(ReleaseValidityRow).where(ReleaseValidityRow.decision_id == decision.id)
    )
    if validity is not None:
        return ReleaseStatus(decision.id, validity.recipient, validity.valid_from,
                             validity.valid_until, validity.months, True)  # fmt: skip
    start = decision.decided_at.date()
    return ReleaseStatus(decision.id, case.partner_code, start,
                         add_months(start, DEFAULT_MONTHS), DEFAULT_MONTHS, False)  # fmt: skip


def problem(session: Session, case: CaseRow, on: date) -> str | None:
    return status(session, case).problem(case.partner_code, on)


def require_valid_release(session: Session, case: CaseRow, on: date) -> None:
    """For new agreements and deliveries (`agreements.service`, `agreements.deliveries`): refused
    (409) while the case's release has expired on `on` or was given for another recipient; the
    message names the release decision and its expiry."""
    found = status(session, case)
    if found.problem(case.partner_code, on) is None or found.valid_until is None:
        return
    values = {"decision": found.decision_id, "case": case.reference, "recipient": found.recipient,
              "partner": case.partner_code, "expiry": found.valid_until.isoformat()}  # fmt: skip
    if found.recipient is not None and found.recipient != case.partner_code:
        raise Refused(N_("technology release decision %(decision)s of case %(case)s was given for "
                         "%(recipient)s, not %(partner)s: the release board must decide again "
                         "before new agreements or deliveries"), field="release", values=values)  # fmt: skip
    raise Refused(N_("technology release decision %(decision)s of case %(case)s expired on "
                     "%(expiry)s: the release board must renew it before new agreements or "
                     "deliveries"), field="release", values=values)  # fmt: skip
