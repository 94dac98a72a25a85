"""Reference data in pages: export control and administrators propose an embargo (or its
change or lifting), and a second one of them confirms or rejects it (four eyes)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from amanah.errors import InvalidInput, NotFound
from amanah.i18n import gettext as _
from amanah.partners import proposals
from amanah.partners.schemas import EmbargoIn, RenewalIn
from amanah.users.roles import Actor
from amanah.web.deps import Db, Who, page
from amanah.web.forms import FormState, attempt, date_field, done, posted

router = APIRouter(include_in_schema=False)
REGIMES = ("UN", "EU", "ARAB_LEAGUE", "OSCE", "NATIONAL")


@router.get("/reference/proposals", response_class=HTMLResponse)
def proposals_page(
    request: Request, session: Db, who: Who, status: str = "pending"
) -> HTMLResponse:
    status = status if status in ("pending", "confirmed", "rejected", "") else "pending"
    rows = proposals.list_proposals(session, who, status or None)
    return page(request, "proposals.html", who=who, rows=rows, status=status,
                section="reference")  # fmt: skip


@router.post("/reference/proposals/{proposal_id}/{decision}")
async def decide(
    request: Request, proposal_id: int, decision: str, session: Db, who: Who
) -> Response:
    values = await posted(request)
    if decision not in ("confirm", "reject"):
        raise NotFound(_("There is no such decision"), field="decision")
    confirm = decision == "confirm"
    change = proposals.confirm if confirm else proposals.reject
    outcome, errors = attempt(session, lambda: change(session, who, proposal_id,
                                                       values.get("note", "")))  # fmt: skip
    if errors:
        raise InvalidInput(next(iter(errors.values())), field="proposal_id")
    word = _("confirmed and applied; open cases re-assessed") if confirm else _("rejected")
    return done("/reference/proposals", _("Proposal %(n)s %(word)s") % {"n": proposal_id,
                                                                        "word": word})  # fmt: skip


def _embargo_form(request: Request, who: Actor, form: FormState,
                  status_code: int = 200) -> HTMLResponse:  # fmt: skip
    regimes = [
        {"value": r, "text": r, "selected": form.value("regime", "UN") == r} for r in REGIMES
    ]
    return page(request, "propose_embargo.html", status_code=status_code, who=who, form=form,
                regimes=regimes, section="reference")  # fmt: skip


@router.get("/reference/embargoes/new", response_class=HTMLResponse)
def new_embargo(request: Request, who: Who, session: Db) -> HTMLResponse:
    return _embargo_form(request, who, FormState({"scope": "all"}))


@router.post("/reference/embargoes/new")
async def new_embargo_post(request: Request, session: Db, who: Who) -> Response:
    values = await posted(request)

    def propose() -> object:
        start = date_field(values, "start")
        if start is None:
            raise InvalidInput(_("Enter the date the measure starts"), field="start")
        data = EmbargoIn(id=values.get("id", ""), regime=values.get("regime", ""),
                         target=values.get("target") or None,
                         target_name=values.get("target_name", ""),
                         scope=values.get("scope") or "all", instrument=values.get("instrument", ""),
                         start=start, end=date_field(values, "end"), reason=values.get("reason", ""))  # fmt: skip
        return proposals.propose_embargo(session, who, data)

    outcome, errors = attempt(session, propose)
    if errors:
        return _embargo_form(request, who, FormState(values, errors), 422)
    return done("/reference/proposals", _("Proposal recorded: it takes effect when a second "
                                          "person confirms it"))  # fmt: skip


# --- the renewal of a measure (four eyes, like any change of an embargo) ----------------------


def _renewal_form(request: Request, session: Db, who: Actor, embargo_id: str, form: FormState,
                  status_code: int = 200) -> HTMLResponse:  # fmt: skip
    embargo = proposals.renewal_subject(session, who, embargo_id)
    return page(request, "renew_embargo.html", status_code=status_code, who=who, form=form,
                embargo=embargo, section="reference")  # fmt: skip


@router.get("/reference/embargoes/{embargo_id}/renewal", response_class=HTMLResponse)
def renewal(request: Request, embargo_id: str, session: Db, who: Who) -> HTMLResponse:
    return _renewal_form(request, session, who, embargo_id, FormState({}))


@router.post("/reference/embargoes/{embargo_id}/renewal")
async def renewal_post(request: Request, embargo_id: str, session: Db, who: Who) -> Response:
    values = await posted(request)

    def propose() -> object:
        adopted = date_field(values, "adopted")
        if adopted is None:
            raise InvalidInput(_("Enter the date the renewal was adopted"), field="adopted")
        data = RenewalIn(instrument=values.get("instrument", ""), adopted=adopted,
                         until=date_field(values, "until"), source=values.get("source", ""),
                         reason=values.get("reason", ""))  # fmt: skip
        return proposals.propose_renewal(session, who, embargo_id, data)

    outcome, errors = attempt(session, propose)
    if errors:
        return _renewal_form(request, session, who, embargo_id, FormState(values, errors), 422)
    return done("/reference/proposals", _("Renewal proposed: it is recorded when a second "
                                          "person confirms it"))  # fmt: skip
