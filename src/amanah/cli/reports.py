"""`amanah report …`: treaty reports and the transfer register."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from amanah.cli.common import console, example, unit_of_work

if TYPE_CHECKING:
    from amanah.reports.tables import Report

# the report modules are imported by the command that needs them: `amanah --help` and the other
# commands do not load the spreadsheet and PDF libraries

report_app = typer.Typer(
    help="Treaty reports and registers.",
    epilog=example("amanah report att --year 2026 -o att-2026.xlsx"),
    no_args_is_help=True,
)


def _write(report: Report, fmt: str, output: Path | None) -> None:
    from amanah.reports.tables import render

    data = render(report, fmt)
    if output is None and fmt == "xlsx":
        output = Path(f"{report.english_title.split(',')[0].lower().replace(' ', '-')}.xlsx")
    if output is None:
        sys.stdout.write(data.decode())
        return
    output.write_bytes(data)
    rows = sum(len(s.rows) for s in report.sheets)
    console.print(f"{report.english_title}: {rows} rows written to {output}")


@report_app.command("att", epilog=example("amanah report att --year 2026 -o att-2026.xlsx"))
def att(
    year: int = typer.Option(..., "--year", help="Calendar year reported."),
    fmt: str = typer.Option("xlsx", "--format", help="xlsx, csv or json."),
    basis: str = typer.Option(
        "actual", "--basis", help="actual (shipments) or authorised (approvals)."
    ),
    output: Path = typer.Option(
        None, "--output", "-o", help="File to write (default: stdout, or a .xlsx name)."
    ),
) -> None:
    """The ATT annual report on exports, in the reporting template's layout."""
    from amanah.reports.att_annual import att_report

    with unit_of_work() as session:
        report = att_report(session, year, basis)
        _write(report, fmt, output)


@report_app.command("unroca", epilog=example("amanah report unroca --year 2026 --format csv"))
def unroca(
    year: int = typer.Option(..., "--year", help="Calendar year reported."),
    fmt: str = typer.Option("xlsx", "--format", help="xlsx, csv or json."),
    output: Path = typer.Option(None, "--output", "-o"),
) -> None:
    """The UN Register of Conventional Arms standardized form (exports)."""
    from amanah.reports.un_register import unroca_report

    with unit_of_work() as session:
        _write(unroca_report(session, year), fmt, output)


@report_app.command("register", epilog=example("amanah report register --format json"))
def register(
    fmt: str = typer.Option("csv", "--format", help="xlsx, csv or json."),
    output: Path = typer.Option(None, "--output", "-o"),
) -> None:
    """A SIPRI-style register of every agreement and its deliveries."""
    from amanah.reports.register import transfer_register

    with unit_of_work() as session:
        _write(transfer_register(session), fmt, output)


@report_app.command("dossier", epilog=example("amanah report dossier 3 -o dossier.pdf"))
def dossier(
    case_id: int = typer.Argument(..., help="The case."),
    output: Path = typer.Option(
        None, "--output", "-o", help="PDF file (default: dossier-<reference>.pdf)."
    ),
) -> None:
    """The case dossier as PDF."""
    from amanah.cases.service import get_case
    from amanah.reports.dossier import dossier_pdf
    from amanah.users.roles import SYSTEM

    with unit_of_work() as session:
        data = dossier_pdf(session, SYSTEM, case_id)
        target = output or Path(f"dossier-{get_case(session, SYSTEM, case_id).reference}.pdf")
    target.write_bytes(data)
    console.print(f"Dossier written to {target} ({len(data):,} bytes)")
