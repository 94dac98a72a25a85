"""`amanah sipri import` and `amanah objectives`."""

from __future__ import annotations

from pathlib import Path

import typer

from amanah.analytics import OBJECTIVES
from amanah.cli.common import JSON_OPTION, console, emit_json, errors, example, unit_of_work

sipri_app = typer.Typer(
    help="SIPRI Arms Transfers Database (world context).",
    epilog=example("amanah sipri rank --from 2020 --to 2024"),
    no_args_is_help=True,
)


@sipri_app.command("import", epilog=example("amanah sipri import trade-register.csv"))
def sipri_import(
    path: Path = typer.Argument(..., help="SIPRI trade register by delivery year (CSV)."),
) -> None:
    """Import a SIPRI trade register; rejected rows are listed with their line numbers."""
    from amanah.analytics import sipri  # polars loads only for the commands that use it

    with unit_of_work() as session:
        result = sipri.import_register(session, path)
    console.print(f"{result.rows} rows imported from {path.name}; {len(result.rejected)} rejected.")
    for line, reason in result.rejected[:50]:
        errors.print(f"  line {line}: {reason}")


@sipri_app.command("rank", epilog=example("amanah sipri rank --from 2020 --to 2024 --json"))
def sipri_rank(
    first: int = typer.Option(..., "--from", help="First delivery year."),
    last: int = typer.Option(..., "--to", help="Last delivery year."),
    top: int = typer.Option(10, help="How many suppliers."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Suppliers ranked by TIV delivered in a period, with their share of the world total."""
    from amanah.analytics import sipri

    with unit_of_work() as session:
        ranking = sipri.supplier_ranking(sipri.frame(session), first, last).head(top)
    if as_json:
        emit_json(ranking.to_dicts())
        return
    for row in ranking.to_dicts():
        console.print(
            f"{row['rank']:>3}. {row['supplier']:<28} {row['tiv']:>10.0f} TIV m  {row['share_pct']:>5.1f} %"
        )


def objectives(
    objective: str = typer.Argument(..., help=", ".join(OBJECTIVES)),
    year: int = typer.Option(None, "--year"),
    region: str = typer.Option(None, "--region"),
    partner: str = typer.Option(None, "--partner"),
    as_json: bool = typer.Option(
        True,
        "--json",
        help="JSON is this command's only output (the flag is accepted for uniformity).",
    ),
) -> None:
    """One objective's tables as JSON."""
    from amanah.analytics.objectives import Filters, compute

    with unit_of_work() as session:
        tables = compute(session, objective, Filters(year, region, partner))
    emit_json(tables)
