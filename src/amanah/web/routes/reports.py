"""Treaty reports and the transfer register, as downloads."""

from typing import Literal

from fastapi import APIRouter
from fastapi.responses import Response

from amanah.errors import Forbidden
from amanah.i18n import N_
from amanah.reports.att_annual import att_report
from amanah.reports.register import transfer_register
from amanah.reports.tables import Report, render
from amanah.reports.un_register import unroca_report
from amanah.users.roles import Actor, Role
from amanah.web.deps import Db, Who
from amanah.web.responses import download

router = APIRouter(tags=["reports"])
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _allowed(who: Actor) -> None:
    if not who.has(
        Role.EXPORT_CONTROL, Role.LEADERSHIP, Role.AUDITOR, Role.FINANCE, Role.ADMINISTRATOR
    ):
        raise Forbidden(N_("reports are for export control, leadership, finance and auditors"))


Format = Literal["json", "csv", "xlsx"]
# JSON is the report's title, cover and sheets; CSV and XLSX the same tables as files
REPORT_JSON = {
    "type": "object",
    "required": ["title", "cover", "sheets"],
    "properties": {
        "title": {"type": "string"},
        "cover": {"type": "object"},
        "sheets": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "rows"],
                "properties": {
                    "name": {"type": "string"},
                    "rows": {"type": "array", "items": {"type": "object"}},
                },
            },
        },
    },
}
REPORT = download(MEDIA["csv"], MEDIA["xlsx"], description="The report in the chosen format")
REPORT[200]["content"][MEDIA["json"]] = {"schema": REPORT_JSON}


def _download(report: Report, fmt: str, name: str) -> Response:
    data = render(report, fmt)
    headers = (
        {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'} if fmt != "json" else {}
    )
    return Response(data, media_type=MEDIA[fmt], headers=headers)


@router.get("/api/v1/reports/att", response_class=Response, responses=REPORT)
def api_att(
    session: Db, who: Who, year: int, format: Format = "json", basis: str = "actual"
) -> Response:
    """ATT annual report on exports for a calendar year (json, csv or xlsx)."""
    _allowed(who)
    return _download(att_report(session, year, basis), format, f"att-exports-{year}")


@router.get("/api/v1/reports/unroca", response_class=Response, responses=REPORT)
def api_unroca(session: Db, who: Who, year: int, format: Format = "json") -> Response:
    """UN Register of Conventional Arms standardized form (exports)."""
    _allowed(who)
    return _download(unroca_report(session, year), format, f"un-register-{year}")


@router.get("/api/v1/reports/register", response_class=Response, responses=REPORT)
def api_register(session: Db, who: Who, format: Format = "json") -> Response:
    """SIPRI-style register of Amanah's agreements and deliveries."""
    _allowed(who)
    return _download(transfer_register(session), format, "transfer-register")


@router.get("/api/v1/cases/{case_id}/dossier.pdf", response_class=Response,
            responses=download("application/pdf", description="The dossier (PDF)"))  # fmt: skip
def api_dossier(case_id: int, session: Db, who: Who) -> Response:
    """The case dossier as PDF (what the caller may see of the case)."""
    from amanah.reports.dossier import dossier_pdf

    return Response(dossier_pdf(session, who, case_id), media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="dossier-{case_id}.pdf"'})  # fmt: skip


@router.get("/cases/{case_id}/dossier.pdf", include_in_schema=False)
def page_dossier(case_id: int, session: Db, who: Who) -> Response:
    return api_dossier(case_id, session, who)
