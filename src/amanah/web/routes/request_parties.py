"""A request's parties in pages: the end user, consignees and intermediaries, each added, changed
(and screened again) and removed while the request is editable (the "Parties" section of the
task list)."""

from __future__ import annotations

from typing import Any

import pycountry
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from amanah.cases import parties as case_parties
from amanah.cases.detail import case_detail
from amanah.cases.domain import PartyRole, PartySector, PartyType
from amanah.cases.models import CaseRow
from amanah.cases.schemas import PartyIn
from amanah.errors import InvalidInput
from amanah.i18n import gettext as _
from amanah.labels import label
from amanah.partners.country import country_name
from amanah.partners.service import list_partners
from amanah.present import country
from amanah.users.roles import Actor
from amanah.web.deps import Db, Who, page
from amanah.web.forms import FormState, attempt, date_field, done, posted, version_of
from amanah.web.routes.request import choices, editable

router = APIRouter(include_in_schema=False)


def _countries(session: Session, who: Actor, selected: str) -> list[dict[str, Any]]:
    """Every ISO 3166 country (named in the reader's language, `present.country`), and the
    partner states recorded under user-assigned codes."""
    names = {c.alpha_2: country(c.alpha_2, country_name(c.alpha_2)) for c in pycountry.countries}
    names.update({p.code: p.name for p in list_partners(session, who) if p.code not in names})
    return [{"value": "", "text": _("Choose a country")}] + [
        {"value": code, "text": f"{name} ({code})", "selected": code == selected}
        for code, name in sorted(names.items(), key=lambda kv: kv[1])
    ]


@router.get("/cases/{case_id}/request/parties", response_class=HTMLResponse)
def parties(request: Request, case_id: int, session: Db, who: Who) -> HTMLResponse:
    editable(session, who, case_id)
    detail = case_detail(session, who, case_id)
    return page(request, "request/parties.html", who=who, case=detail, section="cases")


def _party_form(request: Request, session: Session, who: Actor, case: CaseRow, form: FormState,
                party_id: int | None = None, status_code: int = 200) -> HTMLResponse:  # fmt: skip
    return page(
        request, "request/party.html", status_code=status_code, who=who, case=case, form=form,
        party_id=party_id, countries=_countries(session, who, form.value("country")),
        roles=choices([r.value for r in PartyRole], form.value("role", "end_user")),
        types=[{"value": t.value, "text": label(t.value), "checked": form.value("type", "organisation") == t.value}
               for t in PartyType],
        sectors=[{"value": v, "text": label(v or "sector_not_known"), "checked": form.value("sector") == v}
                 for v in ["", *(t.value for t in PartySector)]],
        section="cases",
    )  # fmt: skip


@router.get("/cases/{case_id}/request/parties/add", response_class=HTMLResponse)
def add_party(request: Request, case_id: int, session: Db, who: Who) -> HTMLResponse:
    case = editable(session, who, case_id)
    has_end_user = any(p.role == PartyRole.END_USER.value for p in case.parties)
    role = "consignee" if has_end_user else "end_user"
    return _party_form(request, session, who, case, FormState({"role": role, "type": "organisation",
                                                      "country": case.partner_code}))  # fmt: skip


@router.get("/cases/{case_id}/request/parties/{party_id}", response_class=HTMLResponse)
def change_party(
    request: Request, case_id: int, party_id: int, session: Db, who: Who
) -> HTMLResponse:
    case = editable(session, who, case_id)
    party = next((p for p in case.parties if p.id == party_id), None)
    if party is None:
        raise InvalidInput(_("This request has no such party"), field="party_id")
    born = party.birth_date
    values = {"role": party.role, "name": party.name, "country": party.country,
              "type": party.party_type, "sector": party.sector, "birth_date-day": str(born.day) if born else "",
              "birth_date-month": str(born.month) if born else "",
              "birth_date-year": str(born.year) if born else ""}  # fmt: skip
    return _party_form(request, session, who, case, FormState(values), party_id)


async def _save_party(request: Request, case_id: int, session: Session, who: Actor,
                      party_id: int | None) -> Response:  # fmt: skip
    values = await posted(request)
    case = editable(session, who, case_id)
    version = version_of(values)

    def save() -> object:
        if not values.get("name"):
            raise InvalidInput(_("Enter the party's name"), field="name")
        if not values.get("country"):
            raise InvalidInput(_("Choose the party's country"), field="country")
        data = PartyIn(role=values.get("role") or "end_user", name=values["name"],
                       country=values["country"], type=values.get("type") or "organisation",
                       sector=values.get("sector") or "",
                       birth_date=date_field(values, "birth_date"))  # fmt: skip
        if party_id is None:
            return case_parties.add_party(session, who, case_id, data, version)
        return case_parties.change_party(session, who, case_id, party_id, data, version)

    outcome, errors = attempt(session, save)
    if errors:
        return _party_form(request, session, who, case, FormState(values, errors), party_id, 422)
    message = (
        _("Party added and screened") if party_id is None else _("Party changed and screened again")
    )
    return done(f"/cases/{case_id}/request/parties", message)


@router.post("/cases/{case_id}/request/parties/add")
async def add_party_post(request: Request, case_id: int, session: Db, who: Who) -> Response:
    return await _save_party(request, case_id, session, who, None)


@router.post("/cases/{case_id}/request/parties/{party_id}")
async def change_party_post(
    request: Request, case_id: int, party_id: int, session: Db, who: Who
) -> Response:
    return await _save_party(request, case_id, session, who, party_id)


@router.get("/cases/{case_id}/request/parties/{party_id}/remove", response_class=HTMLResponse)
def remove_party(
    request: Request, case_id: int, party_id: int, session: Db, who: Who
) -> HTMLResponse:
    editable(session, who, case_id)
    detail = case_detail(session, who, case_id)
    party = next((p for p in detail["parties"] if p["id"] == party_id), None)
    if party is None:
        raise InvalidInput(_("This request has no such party"), field="party_id")
    return page(request, "request/remove.html", who=who, case=detail, section="cases",
                what=f"{label(party['role'])}: {party['name']}",
                action=f"/cases/{case_id}/request/parties/{party_id}/remove",
                back=f"/cases/{case_id}/request/parties")  # fmt: skip


@router.post("/cases/{case_id}/request/parties/{party_id}/remove")
async def remove_party_post(
    request: Request, case_id: int, party_id: int, session: Db, who: Who
) -> Response:
    values = await posted(request)
    outcome, errors = attempt(session, lambda: case_parties.remove_party(
        session, who, case_id, party_id, version_of(values)))  # fmt: skip
    if errors:
        raise InvalidInput(next(iter(errors.values())), field="party_id")
    return done(f"/cases/{case_id}/request/parties", _("Party removed"))
