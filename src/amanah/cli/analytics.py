"""`amanah sipri import` and `amanah objectives`."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from amanah.analytics import sipri
from amanah.analytics.objectives import OBJECTIVES, Filters, compute
from amanah.cli.common import console, errors, unit_of_work

sipri_app = typer.Typer(help="SIPRI Arms Transfers Database (world context).", no_args_is_help=True)


@sipri_app.command("import")
def sipri_import(
    path: Path = typer.Argument(..., help="SIPRI trade register by delivery year (CSV)."),
) -> None:
    """Import a SIPRI trade register; rejected rows are listed with their line numbers."""
    with unit_of_work() as session:
        result = sipri.import_register(session, path)
    console.print(f"{result.rows} rows imported from {path.name}; {len(result.rejected)} rejected.")
    for line, reason in result.rejected[:50]:
        errors.print(f"  line {line}: {reason}")


@sipri_app.command("rank")
def sipri_rank(
    first: int = typer.Option(..., "--from"), last: int = typer.Option(..., "--to"), top: int = 10
) -> None:
    """Suppliers ranked by TIV delivered in a period, with their share of the world total."""
    with unit_of_work() as session:
        ranking = sipri.supplier_ranking(sipri.frame(session), first, last).head(top)
    for row in ranking.to_dicts():
        console.print(
            f"{row['rank']:>3}. {row['supplier']:<28} {row['tiv']:>10.0f} TIV m  {row['share_pct']:>5.1f} %"
        )


def objectives(
    objective: str = typer.Argument(..., help=", ".join(OBJECTIVES)),
    year: int = typer.Option(None, "--year"),
    region: str = typer.Option(None, "--region"),
    partner: str = typer.Option(None, "--partner"),
) -> None:
    """One objective's tables as JSON."""
    with unit_of_work() as session:
        tables = compute(session, objective, Filters(year, region, partner))
    typer.echo(json.dumps(tables, indent=2, ensure_ascii=False, default=str))
