"""What must hold before signing and delivering: the notification of a transfer above a
threshold (and its waiting period), and how long the technology release holds (the board sets
and renews it). In pages and the API."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from amanah.cases import notifications, releases
from amanah.cases import service as cases
from amanah.cases.schemas import NotificationIn, ReleaseValidityIn
from amanah.errors import Forbidden, InvalidInput
from amanah.i18n import N_
from amanah.i18n import gettext as _
from amanah.users.roles import Actor, Role
from amanah.web.deps import Db, Who, page
from amanah.web.forms import FormState, attempt, date_field, done, posted

router = APIRouter()


class RenewalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    months: int = Field(ge=1, le=120)
    reason: str = Field(min_length=1, max_length=2000)


def _page(request: Request, session: Session, who: Actor, case_id: int,
          form: FormState | None = None, status_code: int = 200) -> HTMLResponse:  # fmt: skip
    case = cases.get_case(session, who, case_id)
    return page(request, "clearances.html", status_code=status_code, who=who, case=case,
                notice=notifications.status(session, who, case_id),
                release=releases.status(session, who, case_id), form=form or FormState(),
                may_notify=who.has(*notifications.NOTIFIERS), board=who.has(Role.RELEASE_BOARD),
                section="cases")  # fmt: skip


@router.get("/cases/{case_id}/clearances", response_class=HTMLResponse, include_in_schema=False)
def clearances_page(request: Request, case_id: int, session: Db, who: Who) -> HTMLResponse:
    if who.is_partner:
        raise_staff_only()
    return _page(request, session, who, case_id)


@router.post("/cases/{case_id}/clearances/notification", include_in_schema=False)
async def notify_post(request: Request, case_id: int, session: Db, who: Who) -> Response:
    values = await posted(request)

    def record() -> object:
        day = date_field(values, "notified_on")
        if day is None:
            raise InvalidInput(_("Enter the date of the notification"), field="notified_on")
        return notifications.record(session, who, case_id, day, values.get("note", ""))

    outcome, errors = attempt(session, record)
    if errors:
        return _page(request, session, who, case_id, FormState(values, errors), 422)
    return done(f"/cases/{case_id}/clearances", _("Notification recorded"))


@router.post("/cases/{case_id}/clearances/release", include_in_schema=False)
async def release_post(request: Request, case_id: int, session: Db, who: Who) -> Response:
    values = await posted(request)
    months_text = values.get("months", "")

    def change() -> object:
        if months_text not in ("24", "48"):
            raise InvalidInput(_("Choose 24 or 48 months"), field="months")
        if values.get("renew") == "yes":
            return releases.renew(session, who, case_id, int(months_text), values.get("reason", ""))
        return releases.set_validity(session, who, case_id, int(months_text))

    outcome, errors = attempt(session, change)
    if errors:
        return _page(request, session, who, case_id, FormState(values, errors), 422)
    return done(f"/cases/{case_id}/clearances", _("Release validity recorded"))


# --- API ---------------------------------------------------------------------------------------


def _notification_row(rows: list[Any]) -> list[dict[str, Any]]:
    return [{"threshold": r.threshold, "notified_on": r.notified_on,
             "waiting_until": r.waiting_until} for r in rows]  # fmt: skip


@router.get("/api/v1/cases/{case_id}/notification", tags=["clearances"])
def api_notification(case_id: int, session: Db, who: Who) -> dict[str, Any]:
    """The notification thresholds the case reaches, the notifications recorded, and what
    still stands in the way of signing."""
    if who.is_partner:
        raise_staff_only()
    return notifications.status(session, who, case_id)


@router.post("/api/v1/cases/{case_id}/notification", status_code=201, tags=["clearances"])
def api_notify(case_id: int, data: NotificationIn, session: Db, who: Who) -> list[dict[str, Any]]:
    """Record that the transfer was notified (export control, leadership): the waiting period
    before signature starts that day."""
    return _notification_row(notifications.record(session, who, case_id, data.notified_on,
                                                  data.note))  # fmt: skip


@router.get("/api/v1/cases/{case_id}/release", tags=["clearances"])
def api_release(case_id: int, session: Db, who: Who) -> dict[str, Any]:
    """The latest granted technology release: for whom and until when it holds."""
    if who.is_partner:
        raise_staff_only()
    return releases.status(session, who, case_id)


@router.put("/api/v1/cases/{case_id}/release/validity", tags=["clearances"])
def api_release_validity(case_id: int, data: ReleaseValidityIn, session: Db,
                         who: Who) -> dict[str, Any]:  # fmt: skip
    """Set how long the release holds (the release board; usually 24 or 48 months)."""
    releases.set_validity(session, who, case_id, data.months, data.valid_from)
    return releases.status(session, who, case_id)


@router.post("/api/v1/cases/{case_id}/release/renewal", status_code=201, tags=["clearances"])
def api_release_renewal(case_id: int, data: RenewalIn, session: Db, who: Who) -> dict[str, Any]:
    """Renew the release from today (the release board): a new decision, recorded with its
    reason."""
    releases.renew(session, who, case_id, data.months, data.reason)
    return releases.status(session, who, case_id)


def raise_staff_only() -> None:
    raise Forbidden(N_("notifications and release decisions are for the directorate's staff"))
