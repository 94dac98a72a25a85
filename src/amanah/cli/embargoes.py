"""`amanah embargoes …`: the embargoes as stored, with their renewal dates, and the recording of
a renewal — proposed by one owner of the reference data and confirmed by another (four eyes, as
every change of an embargo), audited, and re-assessing the open cases when confirmed."""

from __future__ import annotations

from datetime import date
from typing import Any

import typer
from rich.table import Table
from sqlalchemy import select

from amanah.cli.casework_tools import AS
from amanah.cli.casework_tools import _actor as acting
from amanah.cli.common import JSON_OPTION, console, emit_json, example, parse_day, unit_of_work
from amanah.partners import proposals
from amanah.partners.models import EmbargoRow, ReferenceProposalRow
from amanah.partners.schemas import RenewalIn

app = typer.Typer(
    help="Embargoes and their renewals (four eyes: one owner proposes, another confirms).",
    epilog=example("amanah embargoes list --overdue --json"),
    no_args_is_help=True,
)


def _embargo(row: EmbargoRow, today: date) -> dict[str, Any]:
    return {"id": row.id, "regime": row.regime, "target": row.target, "instrument": row.instrument,
            "start": row.start, "end": row.end, "renewal_date": row.renewal_date,
            "renewal_overdue": row.renewal_date is not None and row.renewal_date < today
            and (row.end is None or row.end > today),
            "renewals": row.renewals or [], "status": row.verification,
            "verified_on": row.verified_on, "source": row.source_url}  # fmt: skip


def _proposal(row: ReferenceProposalRow) -> dict[str, Any]:
    return {"id": row.id, "kind": row.kind, "subject": row.subject, "change": row.change,
            "before": row.before, "status": row.status, "proposed_by": row.proposed_by,
            "decided_by": row.decided_by}  # fmt: skip


@app.command("list", epilog=example("amanah embargoes list --overdue --json"))
def list_embargoes(
    overdue: bool = typer.Option(False, "--overdue", help="Only renewals past their date."),
    on: str = typer.Option(None, "--on", help="The day to judge by (default: today), YYYY-MM-DD."),
    as_json: bool = JSON_OPTION,
) -> None:
    """The stored embargoes with their renewal dates and the renewals recorded."""
    with unit_of_work() as session:
        today = parse_day(on, "on") if on else date.today()
        rows = [
            _embargo(r, today) for r in session.scalars(select(EmbargoRow).order_by(EmbargoRow.id))
        ]
    rows = [r for r in rows if r["renewal_overdue"] or not overdue]
    if as_json:
        emit_json(rows)
        return
    table = Table("id", "regime", "target", "instrument", "renewal due", "overdue", "status")
    for r in rows:
        table.add_row(r["id"], r["regime"], r["target"] or "", r["instrument"],
                      str(r["renewal_date"] or ""), "yes" if r["renewal_overdue"] else "",
                      r["status"])  # fmt: skip
    console.print(table)


@app.command("renew", epilog=example(
    "amanah embargoes renew UN-CD --instrument 'S/RES/2783 (2025)' --adopted 2025-06-30 "
    "--until 2026-07-01 --source https://press.un.org/en/2025/sc16109.doc.htm --as export"))  # fmt: skip
def renew(
    embargo_id: str = typer.Argument(..., help="The measure, e.g. UN-CD."),
    instrument: str = typer.Option(..., "--instrument", help="The instrument that renewed it."),
    adopted: str = typer.Option(..., "--adopted", help="The day it was adopted, YYYY-MM-DD."),
    until: str = typer.Option(None, "--until", help="The day it now runs to (omit: no end)."),
    source: str = typer.Option(..., "--source", help="The URL of the official text."),
    reason: str = typer.Option("", "--reason", help="A note for the person who confirms."),
    as_user: str = AS,
    as_json: bool = JSON_OPTION,
) -> None:
    """Propose to record a renewal; it is recorded when another owner confirms it
    (`amanah embargoes confirm`)."""
    with unit_of_work() as session:
        data = RenewalIn(instrument=instrument, adopted=parse_day(adopted, "adopted"),
                         until=parse_day(until, "until") if until else None, source=source,
                         reason=reason)  # fmt: skip
        row = proposals.propose_renewal(session, acting(session, as_user), embargo_id, data)
        answer = _proposal(row)
    if as_json:
        emit_json(answer)
        return
    console.print(f"Proposal {answer['id']}: renewal of {embargo_id} waits for a second person "
                  f"(amanah embargoes confirm {answer['id']} --as …)")  # fmt: skip


@app.command("proposals", epilog=example("amanah embargoes proposals --json"))
def pending(
    status: str = typer.Option("pending", "--status", help="pending, confirmed or rejected."),
    as_user: str = AS,
    as_json: bool = JSON_OPTION,
) -> None:
    """Proposed changes of reference data (renewals among them), newest first."""
    with unit_of_work() as session:
        rows = [_proposal(r) for r in
                proposals.list_proposals(session, acting(session, as_user), status or None)]  # fmt: skip
    if as_json:
        emit_json(rows)
        return
    table = Table("id", "kind", "subject", "change", "proposed by", "status")
    for r in rows:
        table.add_row(str(r["id"]), r["kind"], r["subject"], str(r["change"]), r["proposed_by"],
                      r["status"])  # fmt: skip
    console.print(table)


@app.command("confirm", epilog=example("amanah embargoes confirm 12 --as admin"))
def confirm(
    proposal_id: int = typer.Argument(..., help="The proposal's number."),
    note: str = typer.Option("", "--note"),
    as_user: str = AS,
) -> None:
    """Confirm and apply a proposal (not the proposer's own); open cases are re-assessed."""
    with unit_of_work() as session:
        row = proposals.confirm(session, acting(session, as_user), proposal_id, note)
        console.print(f"Proposal {row.id} confirmed: {row.kind} of {row.subject} applied")


@app.command("reject", epilog=example("amanah embargoes reject 12 --note 'wrong date' --as admin"))
def reject(
    proposal_id: int = typer.Argument(..., help="The proposal's number."),
    note: str = typer.Option("", "--note"),
    as_user: str = AS,
) -> None:
    """Reject a proposal (the proposer may withdraw their own)."""
    with unit_of_work() as session:
        row = proposals.reject(session, acting(session, as_user), proposal_id, note)
        console.print(f"Proposal {row.id} rejected")
