"""Transfer cases: the inbox, the list, the case page and their API."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from amanah import present
from amanah.agreements import industrial
from amanah.agreements.models import EvaluationProgrammeRow
from amanah.agreements.schemas import (
    CreditDecisionIn,
    EvaluationEventIn,
    OffsetCreditIn,
    OffsetObligationIn,
    ProgrammeIn,
    VerdictIn,
)
from amanah.cases import service as cases
from amanah.cases.detail import case_detail
from amanah.cases.line_items import add_item, classify_item
from amanah.cases.listing import OUTCOMES, CasePage, list_cases
from amanah.cases.parties import add_party
from amanah.cases.portal import partner_view
from amanah.cases.schemas import (
    CaseIn,
    ItemClassificationIn,
    LineItemIn,
    PartyIn,
    TransitionIn,
)
from amanah.cases.workflow import CaseState
from amanah.db.base import utcnow
from amanah.i18n import gettext as _
from amanah.inbox import work_queues
from amanah.partners.service import list_partners
from amanah.web.deps import Db, Who, page
from amanah.web.listing import Filter, choices, read_listing

router = APIRouter()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def inbox(request: Request, session: Db, who: Who) -> HTMLResponse:
    now = utcnow()
    return page(request, "inbox.html", who=who, queues=work_queues(session, who),
                age=lambda since: present.age(since, now), section="inbox")  # fmt: skip


CASE_SORTS = {"reference": False, "updated": True, "state": False}


@router.get("/cases", response_class=HTMLResponse, include_in_schema=False)
def case_list(request: Request, session: Db, who: Who) -> HTMLResponse:
    """Cases found by title, reference or party name, filtered by state, partner and outcome."""
    # a partner that is an ISO state reads as the reader's language names it (present.country)
    partners = {p.code: present.country(p.code, p.name) for p in list_partners(session, who)}
    filters = (Filter("q"), Filter("state", choices=tuple(CaseState)),
               Filter("partner", choices=tuple(partners)), Filter("outcome", choices=OUTCOMES))  # fmt: skip
    listing = read_listing(request.query_params, "/cases", filters, CASE_SORTS, "-updated",
                           page_aliases=("page_no",))  # fmt: skip

    def found(page_no: int) -> CasePage:
        return list_cases(session, who, q=listing.get("q"), state=listing.get("state"),
                          partner=listing.get("partner"), outcome=listing.get("outcome"),
                          sort=listing.sort, descending=listing.descending, page=page_no,
                          per_page=listing.per_page)  # fmt: skip

    result = found(listing.page)
    if listing.within(result.total).page != listing.page:
        listing = listing.within(result.total)
        result = found(listing.page)
    return page(request, "cases.html", who=who, result=result, listing=listing, form=listing.form,
                partner_names=partners, section="cases",
                states=choices([s.value for s in CaseState], listing.value("state"), _("Any state")),
                partners=choices(list(partners), listing.value("partner"), _("Any partner"),
                                 lambda code: f"{partners[code]} ({code})"),
                outcomes=choices(OUTCOMES, listing.value("outcome"), _("Any outcome")))  # fmt: skip


MAX_PAGE = 1_000_000_000


@router.get("/api/v1/cases", tags=["cases"])
def api_cases(
    session: Db,
    who: Who,
    state: str | None = None,
    partner: str | None = None,
    q: str | None = None,
    # bounded here so that the page's offset fits a 64-bit integer (page 10^16 was a 500)
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    per_page: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    """Cases the caller may see, newest first, filtered and paged."""
    result = list_cases(
        session, who, state=state, partner=partner, q=q, page=page, per_page=per_page
    )
    rows = [
        {
            "id": c.id,
            "reference": c.reference,
            "title": c.title,
            "partner": c.partner_code,
            "state": c.state,
            "outcome": c.outcome,
            "version": c.version,
        }
        for c in result.rows
    ]
    return {"total": result.total, "page": result.page, "per_page": result.per_page, "cases": rows}


def _api_detail(session: Db, who: Who, case_id: int) -> dict[str, Any]:
    """The case as the API answers it: each finding's reason in the reader's language (its
    `message` and `values` say how it is made; the stored reason stays English)."""
    detail = case_detail(session, who, case_id)
    detail["findings"] = [{**f, "reason": present.finding_reason(f)} for f in detail["findings"]]
    return detail


@router.post("/api/v1/cases", status_code=201, tags=["cases"])
def api_open_case(data: CaseIn, session: Db, who: Who) -> dict[str, Any]:
    """Open a draft case for a partner."""
    case = cases.open_case(session, who, data)
    return _api_detail(session, who, case.id)


@router.get("/api/v1/cases/{case_id}", tags=["cases"])
def api_case(case_id: int, session: Db, who: Who) -> dict[str, Any]:
    """One case with items, parties, findings, decisions, deliveries and timeline; a partner
    liaison gets the partner-facing projection (no internal findings, reasons or names)."""
    if who.is_partner:
        return partner_view(session, who, case_id)
    return _api_detail(session, who, case_id)


@router.post("/api/v1/cases/{case_id}/transitions", tags=["cases"])
def api_transition(case_id: int, data: TransitionIn, session: Db, who: Who) -> dict[str, Any]:
    """Take a lifecycle action; refused with the reasons when a guard fails."""
    cases.transition(session, who, case_id, data.action, data.reason, data.expected_version)
    return _api_detail(session, who, case_id)


@router.post("/api/v1/cases/{case_id}/parties", status_code=201, tags=["cases"])
def api_add_party(case_id: int, data: PartyIn, session: Db, who: Who) -> dict[str, Any]:
    """Add an end user, consignee, intermediary or agent (screened on arrival)."""
    add_party(session, who, case_id, data)
    return _api_detail(session, who, case_id)


@router.post("/api/v1/cases/{case_id}/items", status_code=201, tags=["cases"])
def api_add_item(case_id: int, data: LineItemIn, session: Db, who: Who) -> dict[str, Any]:
    """Add a line item with what the requester declares about it."""
    add_item(session, who, case_id, data)
    return _api_detail(session, who, case_id)


@router.put("/api/v1/cases/{case_id}/items/{item_id}/classification", tags=["cases"])
def api_classify_item(
    case_id: int, item_id: int, data: ItemClassificationIn, session: Db, who: Who
) -> dict[str, Any]:
    """Export control's assessment of an item; compliance relies on it, not on the declaration."""
    classify_item(session, who, case_id, item_id, data)
    return _api_detail(session, who, case_id)


@router.post("/api/v1/cases/{case_id}/offsets", status_code=201, tags=["offsets"])
def api_add_obligation(
    case_id: int, data: OffsetObligationIn, session: Db, who: Who
) -> dict[str, Any]:
    """Record an offset (industrial-participation) obligation on the case's agreement."""
    industrial.add_obligation(session, who, cases.get_case(session, who, case_id), data)
    return {"offsets": industrial.offsets_for(session, case_id)}


@router.post("/api/v1/offsets/{obligation_id}/credits", status_code=201, tags=["offsets"])
def api_claim_credit(
    obligation_id: int, data: OffsetCreditIn, session: Db, who: Who
) -> dict[str, Any]:
    """Claim a credit against an obligation; its multiplier comes from the policy table."""
    credit = industrial.claim_credit(session, who, obligation_id, data)
    return {"id": credit.id, "status": credit.status, "multiplier": str(credit.multiplier)}


@router.post("/api/v1/offset-credits/{credit_id}/decision", tags=["offsets"])
def api_decide_credit(
    credit_id: int, data: CreditDecisionIn, session: Db, who: Who
) -> dict[str, Any]:
    """Finance approves or rejects a claimed credit."""
    credit = industrial.decide_credit(session, who, credit_id, data.approve)
    return {"id": credit.id, "status": credit.status}


@router.post("/api/v1/cases/{case_id}/evaluations", status_code=201, tags=["evaluations"])
def api_open_programme(case_id: int, data: ProgrammeIn, session: Db, who: Who) -> dict[str, Any]:
    """Open a test-and-evaluation programme (records only)."""
    programme = industrial.open_programme(session, who, cases.get_case(session, who, case_id), data)
    return industrial.summary(session, programme)


@router.post("/api/v1/evaluations/{programme_id}/events", status_code=201, tags=["evaluations"])
def api_record_event(
    programme_id: int, data: EvaluationEventIn, session: Db, who: Who
) -> dict[str, Any]:
    """Record one test event and its pass/fail outcome against its acceptance criterion."""
    event = industrial.record_event(session, who, programme_id, data)
    return industrial.summary(session, session.get_one(EvaluationProgrammeRow, event.programme_id))


@router.post("/api/v1/evaluations/{programme_id}/verdict", tags=["evaluations"])
def api_verdict(programme_id: int, data: VerdictIn, session: Db, who: Who) -> dict[str, Any]:
    """The final evaluation; it is recorded as a decision on the case."""
    return industrial.summary(session, industrial.record_verdict(session, who, programme_id, data))
