"""The registries: catalogue, partners, documents, alerts, audit trail and users."""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from amanah import reference
from amanah.agreements.alert_search import alert_kinds, mark_read, search_alerts
from amanah.agreements.service import alerts_for
from amanah.audit.models import AuditEventRow
from amanah.audit.search import AuditFilter, describe, search_events
from amanah.audit.service import events_for, verify_chain
from amanah.audit.verbs import Verb
from amanah.audit.verification import chain_status, verify_whole
from amanah.cases.documents import ALLOWED_CONTENT_TYPES, add_document, read_document
from amanah.catalogue import service as catalogue
from amanah.catalogue.classification import Classification
from amanah.catalogue.domain import TechnologyKind
from amanah.catalogue.schemas import TechnologyIn, TechnologyOut
from amanah.catalogue.search import search_technologies
from amanah.config import get_settings
from amanah.errors import Forbidden, NotFound
from amanah.i18n import N_
from amanah.i18n import gettext as _
from amanah.monitoring.service import partner_record
from amanah.partners import service as partners
from amanah.partners.domain import Embargo, in_force
from amanah.partners.models import PartnerRow
from amanah.partners.schemas import PartnerIn
from amanah.partners.search import PartnerFilter, search_partners
from amanah.present import alert_text, number
from amanah.users import service as users
from amanah.users.roles import Actor, Role
from amanah.web.deps import Db, Who, page
from amanah.web.forms import done, posted
from amanah.web.listing import Filter, choices, read_listing
from amanah.web.responses import download
from amanah.web.security import content_disposition
from amanah.web.uploads import read_upload

router = APIRouter()


def partner_dict(row: PartnerRow, today: date, embargoes: list[Embargo]) -> dict[str, Any]:
    return {
        "code": row.code,
        "name": row.name,
        "region": row.region,
        "tier": row.tier,
        "version": row.version,
        "memberships": list(row.memberships or []),
        "agreements_in_force": [
            {"kind": a.kind, "title": a.title, "start": a.start, "end": a.end}
            for a in row.agreements
            if in_force(a.start, a.end, today)
        ],
        "embargoes_in_force": [
            {
                "id": e.id,
                "regime": e.regime,
                "instrument": e.instrument,
                "scope": e.scope_on(today).value,
                "start": e.start,
                "end": e.end,
                "binding": e.binding.value,
                "renewal_date": e.renewal_date,
                "renewal_overdue": e.renewal_overdue(today),
                "status": e.provenance.status.value,
                "source": e.provenance.source,
                "verified_on": e.provenance.verified_on,
                "note": e.provenance.note,
            }
            for e in partners.embargoes_in_force_for(row.code, today, embargoes)
        ],
        "unverified_memberships": sorted(
            m for m in row.memberships or [] if not reference.membership_verified(m, row.code)
        ),
    }


# ---- catalogue ----------------------------------------------------------------------------


@router.get("/api/v1/catalogue", tags=["catalogue"], response_model=list[TechnologyOut])
def api_catalogue(session: Db, who: Who) -> list[TechnologyOut]:
    """Technologies the caller is cleared to see."""
    return [catalogue.to_out(t) for t in catalogue.list_technologies(session, who)]


@router.get("/api/v1/catalogue/{technology_id}", tags=["catalogue"], response_model=TechnologyOut)
def api_technology(technology_id: int, session: Db, who: Who) -> TechnologyOut:
    return catalogue.to_out(catalogue.get_technology(session, who, technology_id))


@router.post("/api/v1/catalogue", status_code=201, tags=["catalogue"], response_model=TechnologyOut)
def api_add_technology(data: TechnologyIn, session: Db, who: Who) -> TechnologyOut:
    return catalogue.to_out(catalogue.save_technology(session, who, data))


@router.put("/api/v1/catalogue/{technology_id}", tags=["catalogue"], response_model=TechnologyOut)
def api_edit_technology(
    technology_id: int, data: TechnologyIn, session: Db, who: Who
) -> TechnologyOut:
    catalogue.get_technology(session, who, technology_id)
    return catalogue.to_out(catalogue.save_technology(session, who, data, technology_id))


CATALOGUE_FILTERS = (Filter("q"), Filter("kind", choices=tuple(TechnologyKind)),
                     Filter("classification", choices=tuple(c.label for c in Classification)))  # fmt: skip


@router.get("/catalogue", response_class=HTMLResponse, include_in_schema=False)
def catalogue_page(request: Request, session: Db, who: Who) -> HTMLResponse:
    """The technologies the reader is cleared to see, searched, filtered and sorted."""
    listing = read_listing(request.query_params, "/catalogue", CATALOGUE_FILTERS,
                           {"name": False, "classification": True}, "name")  # fmt: skip
    level = listing.get("classification")
    found = search_technologies(session, who, q=listing.get("q"), kind=listing.get("kind"),
                                classification=Classification.parse(level) if level else None,
                                sort=listing.sort, descending=listing.descending,
                                page=listing.page, per_page=listing.per_page)  # fmt: skip
    listing = listing.within(found.total)
    levels = [c.label for c in Classification]
    return page(request, "catalogue.html", who=who, found=found, listing=listing,
                form=listing.form, section="catalogue",
                kinds=choices(list(TechnologyKind), listing.value("kind"), _("Any kind")),
                levels=choices(levels, listing.value("classification"), _("Any classification")),
                level_of=lambda n: Classification(n).label)  # fmt: skip


# ---- partners -----------------------------------------------------------------------------


@router.get("/api/v1/partners", tags=["partners"])
def api_partners(session: Db, who: Who) -> list[dict[str, Any]]:
    """Partners with memberships, agreements and embargoes in force today."""
    today, embargoes = date.today(), partners.all_embargoes(session)
    return [partner_dict(p, today, embargoes) for p in partners.list_partners(session, who)]


@router.get("/api/v1/partners/{code}", tags=["partners"])
def api_partner(code: str, session: Db, who: Who) -> dict[str, Any]:
    if who.is_partner and code.upper() != who.country:
        raise Forbidden(N_("a partner liaison sees its own state only"))
    return partner_dict(
        partners.get_partner(session, code), date.today(), partners.all_embargoes(session)
    )


@router.put("/api/v1/partners/{code}", tags=["partners"])
def api_save_partner(code: str, data: PartnerIn, session: Db, who: Who) -> dict[str, Any]:
    """Create or update a partner (its compliance facts are re-assessed on open cases)."""
    row = partners.save_partner(session, who, data.model_copy(update={"code": code}))
    return partner_dict(row, date.today(), partners.all_embargoes(session))


PARTNER_FILTERS = (Filter("q"), Filter("region"), Filter("membership"),
                   Filter("embargo", choices=("yes", "no")))  # fmt: skip


@router.get("/partners", response_class=HTMLResponse, include_in_schema=False)
def partners_page(request: Request, session: Db, who: Who) -> HTMLResponse:
    """Partner states, searched and filtered, with what is in force with each today."""
    listing = read_listing(request.query_params, "/partners", PARTNER_FILTERS, {"name": False},
                           "name")  # fmt: skip
    embargo = listing.get("embargo")
    wanted = PartnerFilter(q=listing.get("q") or "", region=listing.get("region") or "",
                           membership=listing.get("membership") or "",
                           embargoed=None if embargo is None else embargo == "yes")  # fmt: skip
    found = search_partners(session, who, wanted, date.today(), descending=listing.descending,
                            page=listing.page, per_page=listing.per_page)  # fmt: skip
    listing = listing.within(found.total)
    today = date.today()
    rows = [partner_dict(p, today, found.embargoes[p.code]) for p in found.rows]
    answers = {"yes": _("Yes, an embargo is in force"), "no": _("No embargo in force")}
    return page(request, "partners.html", who=who, partners=rows, total=found.total,
                listing=listing, form=listing.form, section="partners",
                regions=choices(found.regions, listing.value("region"), _("Any region"), str),
                memberships=choices(found.memberships, listing.value("membership"),
                                    _("Any membership"), str),
                embargo=choices(list(answers), listing.value("embargo"), _("Either"),
                                answers.__getitem__))  # fmt: skip


@router.get("/partners/{code}", response_class=HTMLResponse, include_in_schema=False)
def partner_page(request: Request, code: str, session: Db, who: Who) -> HTMLResponse:
    """One partner state: memberships, agreements and embargoes in force, with their
    instruments."""
    known_shape = len(code) == 2 and code.isascii() and code.isalnum()
    if not known_shape or (who.is_partner and code.upper() != who.country):
        raise NotFound(N_("no partner %(code)s"), field="partner", values={"code": repr(code)})
    row = partners.get_partner(session, code)
    today = date.today()
    return page(request, "partner.html", who=who, partner=partner_dict(row, today,
                partners.all_embargoes(session)), row=row,
                level=Classification(row.releasable_level).label, section="partners",
                end_use=None if who.is_partner else partner_record(session, row.code))  # fmt: skip


# ---- documents ----------------------------------------------------------------------------


@router.post("/api/v1/cases/{case_id}/documents", status_code=201, tags=["documents"])
async def api_upload(
    case_id: int,
    session: Db,
    who: Who,
    file: Annotated[UploadFile, File()],
    kind: Annotated[str, Form()],
    classification: Annotated[str, Form()] = "unclassified",
) -> dict[str, Any]:
    """Attach a document (size and type limits apply; stored with its SHA-256)."""
    content = await read_upload(file, get_settings().max_document_bytes)
    doc = add_document(session, who, case_id, kind=kind, filename=file.filename or "document",
                       content_type=file.content_type or "application/octet-stream", content=content,
                       classification=classification)  # fmt: skip
    return {
        "id": doc.id,
        "kind": doc.kind,
        "filename": doc.filename,
        "size": doc.size,
        "sha256": doc.sha256,
    }


@router.get("/api/v1/cases/{case_id}/documents/{document_id}", tags=["documents"],
            response_class=Response, responses=download(*sorted(ALLOWED_CONTENT_TYPES),
                                                        description="The file, as it was filed"))  # fmt: skip
def api_download(case_id: int, document_id: int, session: Db, who: Who) -> Response:
    """The stored file, if the caller's clearance allows."""
    doc, content = read_document(session, who, case_id, document_id)
    return Response(content, media_type=doc.content_type,
                    headers={"Content-Disposition": content_disposition(doc.filename)})  # fmt: skip


# ---- alerts, audit, users -----------------------------------------------------------------


@router.get("/api/v1/alerts", tags=["alerts"])
def api_alerts(session: Db, who: Who) -> list[dict[str, Any]]:
    """The alerts the person sees: `message` in the language of the request (as every message
    of the API); `message_id` and `values` are the catalogue message and its values, the same
    in every language (none on an alert raised before they were kept: its `message` is the
    English it was raised in)."""
    return [{"id": a.id, "case_id": a.case_id, "kind": a.kind, "message": alert_text(a),
             "message_id": a.message_id,
             "values": a.message_values, "raised_at": a.raised_at, "read": a.read}
            for a in alerts_for(session, who)]  # fmt: skip


ALERT_FILTERS = (Filter("status", choices=("unread", "read")), Filter("kind"), Filter("q"))


@router.get("/alerts", response_class=HTMLResponse, include_in_schema=False)
def alerts_page(request: Request, session: Db, who: Who) -> HTMLResponse:
    """The alerts the person sees, unread or read, by kind, newest first, 50 a page."""
    listing = read_listing(request.query_params, "/alerts", ALERT_FILTERS, {"raised": True},
                           "-raised")  # fmt: skip
    status = listing.get("status")
    found = search_alerts(session, who, read=None if status is None else status == "read",
                          kind=listing.get("kind"), q=listing.get("q"),
                          newest_first=listing.descending, page=listing.page,
                          per_page=listing.per_page)  # fmt: skip
    listing = listing.within(found.total)
    statuses = {"unread": _("Unread"), "read": _("Read")}
    return page(request, "alerts.html", who=who, found=found, listing=listing, form=listing.form,
                section="alerts",
                statuses=choices(list(statuses), listing.value("status"), _("Read or unread"),
                                 statuses.__getitem__),
                kinds=choices(alert_kinds(session, who), listing.value("kind"), _("Any kind")))  # fmt: skip


def _auditor(who: Actor) -> None:
    if not who.has(Role.AUDITOR, Role.ADMINISTRATOR, Role.LEADERSHIP):
        raise Forbidden(N_("the audit trail is for auditors, administrators and leadership"))


@router.get("/api/v1/audit", tags=["audit"])
def api_audit(
    session: Db, who: Who, entity_type: str = "case", entity_id: str = "", limit: int = 100
) -> Any:
    """Audit events (read-only), newest first, with the sentence a person reads."""
    _auditor(who)
    rows: list[AuditEventRow] = events_for(session, entity_type, entity_id, min(limit, 1000))
    return [{"seq": r.seq, "at": r.at, "actor": r.actor, "verb": r.verb, "entity_type": r.entity_type,
             "entity_id": r.entity_id, "text": describe(r), "hash": r.hash} for r in rows]  # fmt: skip


@router.get("/api/v1/audit/verify", tags=["audit"])
def api_audit_verify(session: Db, who: Who) -> dict[str, Any]:
    """Recompute the hash chain; names the first broken event."""
    _auditor(who)
    count, broken = verify_chain(session)
    return {"events": count, "intact": broken is None,
            "broken_at": None if broken is None else {"seq": broken.seq, "problem": broken.problem}}  # fmt: skip


class UserIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=8, max_length=200)
    full_name: str = Field(min_length=1, max_length=200)
    roles: list[str] = Field(min_length=1)
    clearance: str = "unclassified"
    country: str | None = None


@router.post("/api/v1/users", status_code=201, tags=["users"])
def api_create_user(data: UserIn, session: Db, who: Who) -> dict[str, Any]:
    """Administrator only."""
    if not who.has(Role.ADMINISTRATOR):
        raise Forbidden(N_("only an administrator manages users"))
    user = users.create_user(session, who, **data.model_dump())
    return {"id": user.id, "username": user.username, "roles": user.roles}


@router.get("/api/v1/users", tags=["users"])
def api_users(session: Db, who: Who) -> list[dict[str, Any]]:
    if not who.has(Role.ADMINISTRATOR, Role.AUDITOR):
        raise Forbidden(N_("only administrators and auditors list users"))
    return [
        {"id": u.id, "username": u.username, "roles": u.roles, "active": u.active}
        for u in users.list_users(session)
    ]


@router.post("/alerts/{alert_id}/read", include_in_schema=False)
async def alert_read(request: Request, alert_id: int, session: Db, who: Who) -> Response:
    """Mark an alert read, then back to the same filtered page with a success banner."""
    values = await posted(request)
    mark_read(session, who, alert_id)
    back = values.get("back", "")
    return done(back if back.startswith("/alerts") else "/alerts", _("Alert marked as read"))


AUDIT_FILTERS = (Filter("actor"), Filter("case"), Filter("verb", choices=tuple(Verb)),
                 Filter("from", is_date=True), Filter("to", is_date=True))  # fmt: skip


@router.get("/audit", response_class=HTMLResponse, include_in_schema=False)
def audit_page(request: Request, session: Db, who: Who) -> HTMLResponse:
    """The audit trail, filtered and a page at a time, under what is known of the chain."""
    _auditor(who)
    listing = read_listing(request.query_params, "/audit", AUDIT_FILTERS, {"seq": True}, "-seq")
    wanted = AuditFilter(actor=listing.get("actor") or "", case=listing.get("case") or "",
                         verb=Verb(listing.get("verb")) if listing.get("verb") else None,
                         since=listing.get("from"), until=listing.get("to"))  # fmt: skip
    found = search_events(session, wanted, page=listing.page, per_page=listing.per_page,
                          newest_first=listing.descending)  # fmt: skip
    listing = listing.within(found.total)
    events = [{"seq": r.seq, "at": r.at, "actor": r.actor, "verb": r.verb,
               "text": describe(r, found.references), "hash": r.hash[:16]} for r in found.events]  # fmt: skip
    verbs = choices([v.value for v in Verb], listing.value("verb"), _("Any event"))
    return page(request, "audit.html", who=who, chain=chain_status(session), events=events,
                total=found.total, listing=listing, form=listing.form, verbs=verbs,
                section="audit")  # fmt: skip


@router.post("/audit/verify", include_in_schema=False)
async def audit_verify(request: Request, session: Db, who: Who) -> Response:
    """Verify the whole chain now (seconds on a long chain), then show the trail again."""
    await posted(request)
    _auditor(who)
    status = verify_whole(session)
    if status.broken is None:
        message = _("The whole chain was verified: %(n)s events, intact") % {
            "n": number(status.events)
        }
    else:
        message = _("The chain is broken at event %(seq)s: %(problem)s") % {
            "seq": status.broken.seq,
            "problem": status.broken.problem,
        }
    return done("/audit", message)
