"""Treaty reports and the transfer register, as downloads; from the Reports page and the case
page, the reports and the dossier are made as background jobs (their progress and file on the
Jobs page)."""

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from amanah.errors import Forbidden
from amanah.i18n import N_, current_language
from amanah.i18n import gettext as _
from amanah.jobs import service as jobs
from amanah.reports.att_annual import att_report
from amanah.reports.register import transfer_register
from amanah.reports.tables import Report, render
from amanah.reports.un_register import unroca_report
from amanah.users.roles import Actor
from amanah.web.deps import Db, Who, page
from amanah.web.forms import FormState, attempt, done, posted
from amanah.web.responses import download
from amanah.web.routes.jobs import start_dossier_check

router = APIRouter(tags=["reports"])
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _allowed(who: Actor) -> None:
    if not who.has(*jobs.REPORT_ROLES):
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


# ---- made as jobs from the pages -----------------------------------------------------------


def _reports_page(
    request: Request, who: Actor, form: FormState, status_code: int = 200
) -> HTMLResponse:
    def items(choices: dict[str, str], chosen: str) -> list[dict[str, object]]:
        return [{"value": k, "text": v, "selected": k == chosen} for k, v in choices.items()]

    return page(request, "reports.html", status_code=status_code, who=who, form=form,
                reports=items({k: _(v) for k, v in jobs.REPORTS.items()}, form.value("report")),
                formats=items({f: f.upper() for f in jobs.REPORT_FORMATS},
                              form.value("format") or "xlsx"),
                bases=items({"actual": _("Actual exports (deliveries)"),
                             "authorised": _("Authorised exports")}, form.value("basis")),
                section="jobs")  # fmt: skip


@router.get("/reports", response_class=HTMLResponse, include_in_schema=False)
def reports_page(request: Request, who: Who) -> HTMLResponse:
    _allowed(who)
    return _reports_page(request, who, FormState())


@router.post("/reports", include_in_schema=False)
async def reports_start(request: Request, session: Db, who: Who) -> Response:
    """Make a report as a job: its progress and its file are on the Jobs page."""
    values = await posted(request)
    _allowed(who)
    args = {k: values[k] for k in ("report", "year", "basis", "format") if values.get(k)}
    if args.get("report") != "att":
        args.pop("basis", None)
    if args.get("report") == "register":
        args.pop("year", None)
    outcome, errors = attempt(session, lambda: jobs.start(session, who, "report", args))
    if errors or outcome is None:
        return _reports_page(request, who, FormState(values, errors), 422)
    return done("/jobs", _("Job %(id)s started") % {"id": outcome.id})


@router.post("/cases/{case_id}/dossier", include_in_schema=False)
async def dossier_start(case_id: int, request: Request, session: Db, who: Who) -> Response:
    """Make the case dossier as a job, in the language of the page."""
    await posted(request)
    start_dossier_check(session, who, case_id)
    job = jobs.start(session, who, "dossier",
                     {"case_id": case_id, "language": current_language.get()})  # fmt: skip
    return done("/jobs", _("Job %(id)s started") % {"id": job.id})
