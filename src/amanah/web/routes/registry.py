"""The registries: catalogue, partners, documents, alerts, audit trail and users."""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from amanah.agreements.service import alerts_for
from amanah.audit.models import AuditEventRow
from amanah.audit.service import events_for, sentence, verify_chain
from amanah.cases import service as cases
from amanah.catalogue import service as catalogue
from amanah.catalogue.schemas import TechnologyIn, TechnologyOut
from amanah.config import get_settings
from amanah.errors import Forbidden
from amanah.partners import service as partners
from amanah.partners.domain import Embargo, in_force
from amanah.partners.models import PartnerRow
from amanah.partners.schemas import PartnerIn
from amanah.users import service as users
from amanah.users.roles import Actor, Role
from amanah.web.deps import Db, Who, check_csrf, page
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
            {"id": e.id, "regime": e.regime, "instrument": e.instrument, "scope": e.scope.value}
            for e in partners.embargoes_in_force_for(row.code, today, embargoes)
        ],
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


@router.get("/catalogue", response_class=HTMLResponse, include_in_schema=False)
def catalogue_page(request: Request, session: Db, who: Who) -> HTMLResponse:
    rows = [catalogue.to_out(t) for t in catalogue.list_technologies(session, who)]
    return page(request, "catalogue.html", who=who, technologies=rows)


# ---- partners -----------------------------------------------------------------------------


@router.get("/api/v1/partners", tags=["partners"])
def api_partners(session: Db, who: Who) -> list[dict[str, Any]]:
    """Partners with memberships, agreements and embargoes in force today."""
    today, embargoes = date.today(), partners.all_embargoes(session)
    return [partner_dict(p, today, embargoes) for p in partners.list_partners(session, who)]


@router.get("/api/v1/partners/{code}", tags=["partners"])
def api_partner(code: str, session: Db, who: Who) -> dict[str, Any]:
    if who.is_partner and code.upper() != who.country:
        raise Forbidden("a partner liaison sees its own state only")
    return partner_dict(
        partners.get_partner(session, code), date.today(), partners.all_embargoes(session)
    )


@router.put("/api/v1/partners/{code}", tags=["partners"])
def api_save_partner(code: str, data: PartnerIn, session: Db, who: Who) -> dict[str, Any]:
    """Create or update a partner (its compliance facts are re-assessed on open cases)."""
    row = partners.save_partner(session, who, data.model_copy(update={"code": code}))
    return partner_dict(row, date.today(), partners.all_embargoes(session))


@router.get("/partners", response_class=HTMLResponse, include_in_schema=False)
def partners_page(request: Request, session: Db, who: Who) -> HTMLResponse:
    today, embargoes = date.today(), partners.all_embargoes(session)
    rows = [partner_dict(p, today, embargoes) for p in partners.list_partners(session, who)]
    return page(request, "partners.html", who=who, partners=rows)


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
    doc = cases.add_document(session, who, case_id, kind=kind, filename=file.filename or "document",
                             content_type=file.content_type or "application/octet-stream", content=content,
                             classification=classification)  # fmt: skip
    return {
        "id": doc.id,
        "kind": doc.kind,
        "filename": doc.filename,
        "size": doc.size,
        "sha256": doc.sha256,
    }


@router.get("/api/v1/cases/{case_id}/documents/{document_id}", tags=["documents"])
def api_download(case_id: int, document_id: int, session: Db, who: Who) -> Response:
    """The stored file, if the caller's clearance allows."""
    doc, content = cases.read_document(session, who, case_id, document_id)
    return Response(content, media_type=doc.content_type,
                    headers={"Content-Disposition": content_disposition(doc.filename)})  # fmt: skip


# ---- alerts, audit, users -----------------------------------------------------------------


@router.get("/api/v1/alerts", tags=["alerts"])
def api_alerts(session: Db, who: Who) -> list[dict[str, Any]]:
    return [{"id": a.id, "case_id": a.case_id, "kind": a.kind, "message": a.message, "raised_at": a.raised_at,
             "read": a.read} for a in alerts_for(session, who)]  # fmt: skip


@router.get("/alerts", response_class=HTMLResponse, include_in_schema=False)
def alerts_page(request: Request, session: Db, who: Who) -> HTMLResponse:
    return page(request, "alerts.html", who=who, alerts=alerts_for(session, who))


def _auditor(who: Actor) -> None:
    if not who.has(Role.AUDITOR, Role.ADMINISTRATOR, Role.LEADERSHIP):
        raise Forbidden("the audit trail is for auditors, administrators and leadership")


@router.get("/api/v1/audit", tags=["audit"])
def api_audit(
    session: Db, who: Who, entity_type: str = "case", entity_id: str = "", limit: int = 100
) -> Any:
    """Audit events (read-only), newest first, with the sentence a person reads."""
    _auditor(who)
    rows: list[AuditEventRow] = events_for(session, entity_type, entity_id, min(limit, 1000))
    return [{"seq": r.seq, "at": r.at, "actor": r.actor, "verb": r.verb, "entity_type": r.entity_type,
             "entity_id": r.entity_id, "text": sentence(r), "hash": r.hash} for r in rows]  # fmt: skip


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
        raise Forbidden("only an administrator manages users")
    user = users.create_user(session, who, **data.model_dump())
    return {"id": user.id, "username": user.username, "roles": user.roles}


@router.get("/api/v1/users", tags=["users"])
def api_users(session: Db, who: Who) -> list[dict[str, Any]]:
    if not who.has(Role.ADMINISTRATOR, Role.AUDITOR):
        raise Forbidden("only administrators and auditors list users")
    return [
        {"id": u.id, "username": u.username, "roles": u.roles, "active": u.active}
        for u in users.list_users(session)
    ]


@router.post("/alerts/{alert_id}/read", include_in_schema=False)
def alert_read(
    request: Request, alert_id: int, session: Db, who: Who, csrf: Annotated[str, Form()]
) -> Response:
    check_csrf(request, csrf)
    for alert in alerts_for(session, who):
        if alert.id == alert_id:
            alert.read = True
    return RedirectResponse("/alerts", status_code=303)


@router.get("/admin/users", response_class=HTMLResponse, include_in_schema=False)
def users_page(request: Request, session: Db, who: Who) -> HTMLResponse:
    if not who.has(Role.ADMINISTRATOR, Role.AUDITOR):
        raise Forbidden("only administrators and auditors see the users")
    return page(request, "users.html", who=who, users=users.list_users(session), error=None)


@router.post("/admin/users", include_in_schema=False)
def users_create(
    request: Request,
    session: Db,
    who: Who,
    csrf: Annotated[str, Form()],
    username: Annotated[str, Form()],
    full_name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    role: Annotated[str, Form()],
    clearance: Annotated[str, Form()] = "unclassified",
    country: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, csrf)
    users.create_user(session, who, username=username, password=password, full_name=full_name, roles=[role],
                      clearance=clearance, country=country or None)  # fmt: skip
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/audit", response_class=HTMLResponse, include_in_schema=False)
def audit_page(request: Request, session: Db, who: Who) -> HTMLResponse:
    _auditor(who)
    count, broken = verify_chain(session)
    recent = session.scalars(select(AuditEventRow).order_by(AuditEventRow.seq.desc()).limit(200))
    events = [{"seq": r.seq, "at": r.at, "text": sentence(r), "hash": r.hash[:16]} for r in recent]
    return page(request, "audit.html", who=who, count=count, broken=broken, events=events)
