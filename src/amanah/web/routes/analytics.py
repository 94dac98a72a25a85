"""Objective dashboards and their data (JSON, or one table as CSV)."""

import csv
import io
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from amanah.analytics import OBJECTIVES
from amanah.analytics.charts import figures
from amanah.analytics.objectives import Filters, compute
from amanah.errors import Forbidden, InvalidInput
from amanah.i18n import N_
from amanah.users.roles import Actor, Role
from amanah.web.deps import Db, Who, page
from amanah.web.responses import download

router = APIRouter(tags=["analytics"])
TITLES = {
    "mutual_security": N_("Mutual security"),
    "alliances": N_("Alliances"),
    "economy": N_("Economy"),
    "standing": N_("Standing"),
}


# JSON: each table's rows by the table's name; CSV: the one table named by `table`
TABLES = download("text/csv", description="The objective's tables")
TABLES[200]["content"]["application/json"] = {
    "schema": {
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "object"}},
    }
}


def _allowed(who: Actor) -> None:
    if not who.has(Role.LEADERSHIP, Role.FINANCE, Role.AUDITOR, Role.EXPORT_CONTROL, Role.ADMINISTRATOR,
                   Role.CASE_OFFICER):  # fmt: skip
        raise Forbidden(N_("dashboards are for the directorate's staff"))


def _filters(year: int | None, region: str, partner: str) -> Filters:
    return Filters(year=year, region=region or None, partner=partner or None)


@router.get("/api/v1/analytics/{objective}", responses=TABLES)
def api_objective(
    objective: str,
    session: Db,
    who: Who,
    year: int | None = None,
    region: str = "",
    partner: str = "",
    table: str = "",
    format: Literal["json", "csv"] = "json",
) -> Any:
    """One objective's tables; with `table=NAME&format=csv`, that table as CSV."""
    _allowed(who)
    tables = compute(session, objective, _filters(year, region, partner))
    if format == "json":
        return tables
    if table not in tables:
        raise InvalidInput(
            N_("table is one of %(choices)s"), field="table", values={"choices": ", ".join(tables)}
        )
    rows = tables[table]
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{objective}-{table}.csv"'})  # fmt: skip


@router.get("/analytics", response_class=HTMLResponse, include_in_schema=False)
def dashboards(request: Request, session: Db, who: Who, year: int | None = None, region: str = "",
               partner: str = "") -> HTMLResponse:  # fmt: skip
    _allowed(who)
    filters = _filters(year, region, partner)
    sections = []
    for objective in OBJECTIVES:
        tables = compute(session, objective, filters)
        charts = [
            {"name": name, "title": fig.layout.title.text, "figure": fig.to_json()}
            for name, fig in figures(objective, tables).items()
        ]
        sections.append(
            {"id": objective, "title": TITLES[objective], "charts": charts, "tables": tables}
        )
    return page(request, "analytics.html", who=who, sections=sections, year=year or "",
                region=region, partner=partner, section="analytics")  # fmt: skip


@router.get("/assets/plotly.min.js", include_in_schema=False)
def plotly_js() -> FileResponse:
    from importlib import resources

    path = resources.files("plotly").joinpath("package_data/plotly.min.js")
    return FileResponse(str(path), media_type="application/javascript")
