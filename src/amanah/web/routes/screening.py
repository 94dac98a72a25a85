"""Screening: ad-hoc matching, the review queue and the review decision."""

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from amanah.db.base import utcnow
from amanah.errors import AmanahError, Forbidden
from amanah.i18n import N_
from amanah.i18n import gettext as _
from amanah.present import age
from amanah.screening import list_imports, service
from amanah.screening.models import ScreeningHitRow
from amanah.screening.query import Hit
from amanah.screening.queue import HIT_STATUSES, hit_lists, search_hits
from amanah.screening.review import review_hit
from amanah.screening.schemas import ReviewIn, ScreeningQueryIn, ScreeningResultOut
from amanah.users.roles import STAFF_ROLES, Actor
from amanah.web.deps import Db, Who, check_csrf, page
from amanah.web.forms import FormState, errors_of
from amanah.web.listing import Filter, choices, read_listing, typed_text

router = APIRouter()


def _staff(who: Actor) -> None:
    if not who.has(*STAFF_ROLES):
        raise Forbidden(N_("screening is for the directorate's staff"))


def hit_dict(hit: ScreeningHitRow) -> dict[str, Any]:
    return {
        "id": hit.id,
        "party_id": hit.party_id,
        "list": hit.list_name,
        "entity_id": hit.entity_id,
        "name": hit.entity_name,
        "score": round(hit.score, 4),
        "status": hit.status,
        "reason": hit.reason,
        "reviewed_by": hit.reviewed_by,
        "algorithm_version": hit.algorithm_version,
        "list_import_id": hit.list_import_id,
        "explanation": hit.explanation,
    }


@router.post("/api/v1/screening/match", tags=["screening"], response_model=ScreeningResultOut)
def api_match(data: ScreeningQueryIn, session: Db, who: Who) -> dict[str, Any]:
    """Screen one name against every imported list; hits at or above the review threshold,
    best first, each with its explanation. Nothing is stored."""
    _staff(who)
    return {"id": data.id, "hits": [h.as_dict() for h in service.screen(session, data.query())]}


@router.get("/api/v1/screening/hits", tags=["screening"])
def api_hits(session: Db, who: Who) -> list[dict[str, Any]]:
    """Open hits on case parties, waiting for review."""
    _staff(who)
    return [hit_dict(h) for h in service.review_queue(session)]


@router.post("/api/v1/screening/hits/{hit_id}/review", tags=["screening"])
def api_review(hit_id: int, data: ReviewIn, session: Db, who: Who) -> dict[str, Any]:
    """Mark a hit a true match or a false positive (remembered for that party and entry)."""
    return hit_dict(review_hit(session, who, hit_id, data.decision, data.reason))


@router.get("/api/v1/screening/lists", tags=["screening"])
def api_lists(session: Db, who: Who) -> list[dict[str, Any]]:
    """Every list import: checksum, publication date and delta counts."""
    _staff(who)
    return [
        {"id": r.id, "list": r.list_name, "format": r.format, "published": r.published,
         "imported_at": r.imported_at, "sha256": r.sha256, "entities": r.entities,
         "added": r.added, "changed": r.changed, "removed": r.removed}
        for r in list_imports.imports(session)
    ]  # fmt: skip


HIT_SORT_DIRECTIONS = {"score": True, "age": True}


def _screened(session: Session, name: str, country: str) -> tuple[list[Hit] | None, FormState]:
    """The hits for a name typed in the page's form, or the form's errors."""
    form = FormState(values={"name": name, "country": country})
    if not name:
        return None, form
    try:
        query = ScreeningQueryIn(name=name, country=country or None).query()
        return service.screen(session, query), form
    except (ValidationError, AmanahError) as error:
        form.errors = errors_of(error, "name")
        return None, form


@router.get("/screening", response_class=HTMLResponse, include_in_schema=False)
def screening_page(request: Request, session: Db, who: Who) -> HTMLResponse:
    """Screen a name; the hits waiting for review (or reviewed), filtered, sorted and paged;
    the lists imported. While start-up still loads the lists, a name is not screened (it would
    wait seconds for the matcher): the page says so instead."""
    _staff(who)
    lists = hit_lists(session)
    filters = (Filter("status", choices=HIT_STATUSES), Filter("list", choices=lists), Filter("q"))
    listing = read_listing(request.query_params, "/screening", filters, HIT_SORT_DIRECTIONS,
                           "-score")  # fmt: skip
    warm = service.warming()
    name = typed_text(request.query_params.get("name"), 500)
    country = typed_text(request.query_params.get("country"), 60)
    if "lists" in warm and name:
        results, screen_form = None, FormState(values={"name": name, "country": country})
    else:
        results, screen_form = _screened(session, name, country)
    found = search_hits(session, status=listing.get("status") or "open",
                        list_name=listing.get("list"), q=listing.get("q"), sort=listing.sort,
                        descending=listing.descending, page=listing.page,
                        per_page=listing.per_page)  # fmt: skip
    listing = listing.within(found.total)
    form = FormState(values={**listing.typed, **screen_form.values},
                     errors={**listing.errors, **screen_form.errors})  # fmt: skip
    return page(request, "screening.html", who=who, found=found, listing=listing, form=form,
                results=results, warming=warm, age=partial(age, now=utcnow()), imports=list_imports.imports(session),
                statuses=choices(HIT_STATUSES, listing.value("status") or "open", _("Any status"))[1:],
                lists=choices(lists, listing.value("list"), _("Any list"), str),
                section="screening")  # fmt: skip


@router.post("/screening/hits/{hit_id}/review", include_in_schema=False)
def screening_review(
    request: Request,
    hit_id: int,
    session: Db,
    who: Who,
    decision: Annotated[str, Form()],
    reason: Annotated[str, Form()],
    csrf: Annotated[str, Form()],
    back: Annotated[str, Form()] = "/screening",
) -> Response:
    check_csrf(request, csrf)
    review_hit(session, who, hit_id, decision, reason)
    return RedirectResponse(back if back.startswith("/") else "/screening", status_code=303)
