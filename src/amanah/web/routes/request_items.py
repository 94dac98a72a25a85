"""A request's line items in pages: search the catalogue for the technology, add an item, change
it and remove it while the request is editable (the "Line items" section of the task list)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from amanah.cases import line_items
from amanah.cases.detail import case_detail
from amanah.cases.domain import TransferKind
from amanah.cases.models import CaseRow
from amanah.cases.schemas import LineItemIn
from amanah.catalogue.classification import Classification
from amanah.catalogue.service import list_technologies
from amanah.errors import InvalidInput
from amanah.i18n import gettext as _
from amanah.labels import label
from amanah.users.roles import Actor
from amanah.web.deps import Db, Who, page
from amanah.web.forms import FormState, attempt, done, posted, version_of
from amanah.web.routes.request import choices, editable

router = APIRouter(include_in_schema=False)


def _catalogue(session: Session, who: Actor, query: str) -> list[dict[str, Any]]:
    """Technologies whose name, description or control entries contain the query."""
    needle = query.casefold()
    found = []
    for row in list_technologies(session, who):
        haystack = " ".join([row.name, row.description, *row.control_entries]).casefold()
        if needle in haystack:
            found.append(row)
    return [{"id": t.id, "name": t.name, "entries": ", ".join(t.control_entries) or "—",
             "classification": Classification(t.classification).label} for t in found]  # fmt: skip


@router.get("/cases/{case_id}/request/items", response_class=HTMLResponse)
def items(request: Request, case_id: int, session: Db, who: Who) -> HTMLResponse:
    editable(session, who, case_id)
    detail = case_detail(session, who, case_id)
    return page(request, "request/items.html", who=who, case=detail, section="cases")


def _item_form(request: Request, session: Session, who: Actor, case: CaseRow, form: FormState,
               item_id: int | None = None, status_code: int = 200) -> HTMLResponse:  # fmt: skip
    query = form.value("q")
    chosen = form.value("technology_id")
    options = [{"value": str(t["id"]), "text": t["name"], "checked": chosen == str(t["id"]),
                "hint": {"text": f"{t['entries']} · {label(t['classification'])}"}}
               for t in _catalogue(session, who, query)]  # fmt: skip
    return page(
        request, "request/item.html", status_code=status_code, who=who, case=case, form=form,
        item_id=item_id, q=query, options=options,
        kinds=choices([k.value for k in TransferKind], form.value("kind", "sale")),
        levels=choices([c.label for c in Classification], form.value("declared_classification"),
                        blank=_("Not declared")),
        section="cases",
    )  # fmt: skip


@router.get("/cases/{case_id}/request/items/add", response_class=HTMLResponse)
def add_item(request: Request, case_id: int, session: Db, who: Who, q: str = "") -> HTMLResponse:
    case = editable(session, who, case_id)
    return _item_form(request, session, who, case, FormState({"q": q, "kind": "sale"}))


@router.get("/cases/{case_id}/request/items/{item_id}", response_class=HTMLResponse)
def change_item(
    request: Request, case_id: int, item_id: int, session: Db, who: Who, q: str = ""
) -> HTMLResponse:
    case = editable(session, who, case_id)
    item = next((i for i in case.items if i.id == item_id), None)
    if item is None:
        raise InvalidInput(_("This request has no such line item"), field="item_id")
    level = item.declared_classification
    values = {"q": q, "technology_id": str(item.technology_id), "quantity": str(item.quantity),
              "kind": item.kind, "unit_value": "" if item.unit_value is None else str(item.unit_value),
              "declared_control_entries": ", ".join(item.declared_control_entries),
              "declared_classification": "" if level is None else Classification(level).label}  # fmt: skip
    return _item_form(request, session, who, case, FormState(values), item_id)


def _line_item(values: dict[str, str]) -> LineItemIn:
    if not values.get("technology_id", "").isdigit():
        raise InvalidInput(_("Choose the technology from the catalogue"), field="technology_id")
    if not values.get("quantity"):
        raise InvalidInput(_("Enter the quantity"), field="quantity")
    entries = [
        e.strip() for e in values.get("declared_control_entries", "").split(",") if e.strip()
    ]
    return LineItemIn(
        technology_id=int(values["technology_id"][:12]), quantity=values["quantity"],
        kind=values.get("kind") or "sale", unit_value=values.get("unit_value") or None,
        declared_control_entries=entries,
        declared_classification=values.get("declared_classification") or None,
    )  # fmt: skip


async def _save_item(request: Request, case_id: int, session: Session, who: Actor,
                     item_id: int | None) -> Response:  # fmt: skip
    values = await posted(request)
    case = editable(session, who, case_id)
    if "search" in values:  # the catalogue search button of the same form
        return _item_form(request, session, who, case, FormState(values), item_id)
    version = version_of(values)

    def save() -> object:
        data = _line_item(values)
        if item_id is None:
            return line_items.add_item(session, who, case_id, data, version)
        return line_items.change_item(session, who, case_id, item_id, data, version)

    outcome, errors = attempt(session, save)
    if errors:
        return _item_form(request, session, who, case, FormState(values, errors), item_id, 422)
    message = _("Line item added") if item_id is None else _("Line item changed")
    return done(f"/cases/{case_id}/request/items", message)


@router.post("/cases/{case_id}/request/items/add")
async def add_item_post(request: Request, case_id: int, session: Db, who: Who) -> Response:
    return await _save_item(request, case_id, session, who, None)


@router.post("/cases/{case_id}/request/items/{item_id}")
async def change_item_post(
    request: Request, case_id: int, item_id: int, session: Db, who: Who
) -> Response:
    return await _save_item(request, case_id, session, who, item_id)


@router.get("/cases/{case_id}/request/items/{item_id}/remove", response_class=HTMLResponse)
def remove_item(
    request: Request, case_id: int, item_id: int, session: Db, who: Who
) -> HTMLResponse:
    editable(session, who, case_id)
    detail = case_detail(session, who, case_id)
    item = next((i for i in detail["items"] if i["id"] == item_id), None)
    if item is None:
        raise InvalidInput(_("This request has no such line item"), field="item_id")
    return page(request, "request/remove.html", who=who, case=detail, section="cases",
                what=_("%(qty)s × %(name)s") % {"qty": item["quantity"], "name": item["technology"]},
                action=f"/cases/{case_id}/request/items/{item_id}/remove",
                back=f"/cases/{case_id}/request/items")  # fmt: skip


@router.post("/cases/{case_id}/request/items/{item_id}/remove")
async def remove_item_post(
    request: Request, case_id: int, item_id: int, session: Db, who: Who
) -> Response:
    values = await posted(request)
    line_items.remove_item(session, who, case_id, item_id, version_of(values))
    return done(f"/cases/{case_id}/request/items", _("Line item removed"))
