"""Amendments and modifications: change a case after approval (a form that says which it is
before anything is changed), and read two versions side by side; in pages and the API."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from amanah.cases import changes
from amanah.cases import service as cases
from amanah.cases.amendments import Change, ChangeKind, kind_of
from amanah.cases.schemas import ChangeIn
from amanah.errors import InvalidInput, invalid_from
from amanah.i18n import gettext as _
from amanah.users.roles import Actor
from amanah.web.deps import Db, Who, page
from amanah.web.forms import FormState, attempt, date_field, done, errors_of, posted, version_of

router = APIRouter()


def _version_row(row: Any) -> dict[str, Any]:
    return {"number": row.number, "kind": row.kind, "changes": row.changes, "reason": row.reason,
            "made_by": row.made_by, "made_at": row.made_at}  # fmt: skip


# --- pages -------------------------------------------------------------------------------------


@router.get("/cases/{case_id}/versions", response_class=HTMLResponse, include_in_schema=False)
def versions_page(request: Request, case_id: int, session: Db, who: Who,
                  before: int | None = None, after: int | None = None) -> HTMLResponse:  # fmt: skip
    compared = changes.compare(session, who, case_id, before, after)
    case = cases.get_case(session, who, case_id)
    return page(request, "versions.html", who=who, case=case, compared=compared,
                may_change=who.has(*cases.CASE_WRITERS), section="cases")  # fmt: skip


def _change_from(values: dict[str, str], case_items: list[Any]) -> ChangeIn:
    """The change form as the API's ChangeIn: only what was altered is sent."""
    data: dict[str, Any] = {"reason": values.get("reason", ""),
                            "expected_version": version_of(values)}  # fmt: skip
    if values.get("title"):
        data["title"] = values["title"]
    day = date_field(values, "transfer_date")
    if day is not None:
        data["transfer_date"] = day
    if values.get("value"):
        try:
            data["value"] = Decimal(values["value"].replace(",", ""))
        except InvalidOperation:
            raise InvalidInput(_("Enter the value as a number"), field="value") from None
    data["items"] = _quantities(values, case_items)
    if values.get("end_user_name"):
        data["end_user"] = {"name": values["end_user_name"],
                            "country": values.get("end_user_country", "")}  # fmt: skip
    contacts = {k: values[f"contact_{k}"] for k in ("email", "phone") if values.get(f"contact_{k}")}
    if contacts:
        data["contacts"] = contacts
    try:
        return ChangeIn.model_validate(data)
    except ValidationError as error:
        raise invalid_from(error.errors()) from None


def _quantities(values: dict[str, str], case_items: list[Any]) -> list[dict[str, int]]:
    found = []
    for item in case_items:
        text = values.get(f"quantity-{item.id}", "")
        if text and text != str(item.quantity):
            if not text.isdigit():
                raise InvalidInput(_("Enter a whole number"), field=f"quantity-{item.id}")
            found.append({"item_id": item.id, "quantity": int(text)})
    return found


def _change_page(request: Request, session: Session, who: Actor, case_id: int, form: FormState,
                 preview: list[Change] | None = None, status_code: int = 200) -> HTMLResponse:  # fmt: skip
    case = cases.get_case(session, who, case_id)
    kind = None if preview is None else kind_of(preview)
    return page(request, "change.html", status_code=status_code, who=who, case=case, form=form,
                preview=preview, kind=None if kind is None else kind.value, section="cases")  # fmt: skip


@router.get("/cases/{case_id}/change", response_class=HTMLResponse, include_in_schema=False)
def change_page(request: Request, case_id: int, session: Db, who: Who) -> HTMLResponse:
    case = cases.get_case(session, who, case_id)
    cases.require_writer(who, case)
    values = {"version": str(case.version)}
    values.update({f"quantity-{i.id}": str(i.quantity) for i in case.items})
    return _change_page(request, session, who, case_id, FormState(values))


@router.post("/cases/{case_id}/change", include_in_schema=False)
async def change_post(request: Request, case_id: int, session: Db, who: Who) -> Response:
    values = await posted(request)
    case = cases.get_case(session, who, case_id)
    try:
        data = _change_from(values, list(case.items))
        preview = changes.preview(session, who, case_id, data)
    except InvalidInput as error:
        return _change_page(request, session, who, case_id, FormState(values, errors_of(error)),
                            status_code=422)  # fmt: skip
    if not preview:
        return _change_page(request, session, who, case_id, FormState(
            values, {"reason": _("Nothing was changed")}), status_code=422)  # fmt: skip
    if values.get("confirmed") != "yes":
        return _change_page(request, session, who, case_id, FormState(values), preview)
    row, errors = attempt(session, lambda: changes.change_case(session, who, case_id, data))
    if errors or row is None:
        return _change_page(request, session, who, case_id, FormState(values, errors), preview,
                            status_code=409)  # fmt: skip
    if row.kind == ChangeKind.AMENDMENT:  # routed again by the handler of its transition
        message = _("Amendment recorded: the case is back in review")
    else:
        message = _("Modification recorded: the case stays where it was")
    return done(f"/cases/{case_id}/versions", message)


# --- API ---------------------------------------------------------------------------------------


@router.get("/api/v1/cases/{case_id}/versions", tags=["amendments"])
def api_versions(case_id: int, session: Db, who: Who, before: int | None = None,
                 after: int | None = None) -> dict[str, Any]:  # fmt: skip
    """Two versions side by side with what changed (by default the last approved version and
    the case now), and the list of kept versions."""
    return changes.compare(session, who, case_id, before, after)


@router.post("/api/v1/cases/{case_id}/changes/preview", tags=["amendments"])
def api_preview(case_id: int, data: ChangeIn, session: Db, who: Who) -> dict[str, Any]:
    """What a change would be, field by field, and whether it is an amendment (back to review)
    or a modification; nothing is changed."""
    found = changes.preview(session, who, case_id, data)
    kind = kind_of(found)
    return {"kind": None if kind is None else kind.value, "changes": [c.as_json() for c in found]}


@router.post("/api/v1/cases/{case_id}/changes", status_code=201, tags=["amendments"])
def api_change(case_id: int, data: ChangeIn, session: Db, who: Who) -> dict[str, Any]:
    """Make the change: an amendment re-enters review, a modification does not; both audited
    and kept as versions."""
    return _version_row(changes.change_case(session, who, case_id, data))
