"""`amanah review …`: the casework tools a directorate scripts — the service-level report,
requests for information, the routing table and routing, notifications and release validity.

Commands act as a named user (`--as`, whose roles apply) or, by default, as the system
(export control)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import typer
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from amanah.cases import notifications, releases, rfi, workflow
from amanah.cases.models import CaseRow
from amanah.cli.common import JSON_OPTION, console, emit_json, example, parse_day, unit_of_work
from amanah.errors import NotFound
from amanah.i18n import N_
from amanah.routing import rules
from amanah.routing import service as routing
from amanah.users.models import UserRow
from amanah.users.roles import SYSTEM, Actor
from amanah.users.service import actor_of

app = typer.Typer(help="Casework tools: service levels, RFIs, routing, notifications, releases.",
                  no_args_is_help=True)  # fmt: skip
rfis_app = typer.Typer(help="Requests for information.", no_args_is_help=True)
routing_app = typer.Typer(help="The routing table and the routing of cases.", no_args_is_help=True)
app.add_typer(rfis_app, name="rfis")
app.add_typer(routing_app, name="routing")

AS = typer.Option(None, "--as", help="Act as this user (default: the system, export control).")
JSON = JSON_OPTION


def _actor(session: Session, username: str | None) -> Actor:
    if not username:
        return SYSTEM
    user = session.scalar(select(UserRow).where(UserRow.username == username))
    if user is None or not user.active:
        raise NotFound(N_("no active user %(username)r"), field="as", values={"username": username})
    return actor_of(user)


def _day(text: str | None, name: str) -> date | None:
    return parse_day(text, name) if text else None


@app.command("sla", epilog=example("amanah review sla --overdue --json"))
def sla_report(
    overdue: bool = typer.Option(False, "--overdue", help="Only cases past their target."),
    as_json: bool = JSON,
    on: str = typer.Option(None, "--on", help="The day to count to (default: today), YYYY-MM-DD."),
) -> None:
    """Cases in review with their service-level clocks, the most elapsed first."""
    with unit_of_work() as session:
        in_review = CaseRow.state.in_([s.value for s in workflow.REVIEW_STATES])
        rows = session.execute(select(CaseRow.id, CaseRow.reference, CaseRow.partner_code)
                               .where(in_review)).all()  # fmt: skip
        found = rfi.clocks(session, select(CaseRow.id).where(in_review), _day(on, "on"))
    report = []
    for r in rows:
        clock = found.get(r.id)
        if clock is None or (overdue and clock.clock.standing != "overdue"):
            continue
        report.append({"id": r.id, "reference": r.reference, "partner": r.partner_code,
                       **(rfi.clock_dict(clock) or {})})  # fmt: skip
    report.sort(key=lambda c: (-int(c["elapsed_working_days"]), c["id"]))
    if as_json:
        emit_json(report)
        return
    table = Table("reference", "partner", "elapsed", "target", "standing", "submitted")
    for c in report:
        table.add_row(str(c["reference"]), str(c["partner"]), str(c["elapsed_working_days"]),
                      str(c["target_working_days"]), str(c["standing"]), str(c["started"]))  # fmt: skip
    console.print(table)


@rfis_app.command("list", epilog=example("amanah review rfis list 3 --json"))
def rfis_list(case_id: int, as_json: bool = JSON, as_user: str = AS) -> None:
    """The requests for information of a case, and its clock."""
    with unit_of_work() as session:
        who = _actor(session, as_user)
        rows = [rfi.as_dict(r) for r in rfi.rfis_for(session, who, case_id)]
        clock = rfi.clock_dict(rfi.clock_of(session, who, case_id))
    if as_json:
        emit_json({"rfis": rows, "clock": clock})
        return
    for r in rows:
        console.print(f"#{r['id']} [{r['status']}] to the {r['addressee']}: {r['question']}"
                      + (f"\n    answer: {r['answer']}" if r["answer"] else ""))  # fmt: skip
    console.print(f"clock: {clock}")


@rfis_app.command(
    "send",
    epilog=example(
        "amanah review rfis send 3 --question 'Who maintains the vehicles?' --as export"
    ),
)
def rfis_send(
    case_id: int,
    question: str = typer.Option(..., "--question", help="What is asked."),
    to: str = typer.Option("partner", "--to", help="partner or applicant"),
    due: str = typer.Option(None, "--due", help="Answer due by, YYYY-MM-DD."),
    as_user: str = AS,
) -> None:
    """Send a request for information; the case's clock pauses until it is answered."""
    with unit_of_work() as session:
        row = rfi.send_rfi(session, _actor(session, as_user), case_id, addressee=to,
                           question=question, due_on=_day(due, "due"))  # fmt: skip
        number = row.id
    console.print(f"Request for information {number} sent; the clock is paused.")


@rfis_app.command(
    "answer",
    epilog=example("amanah review rfis answer 3 1 --answer 'The central depot.' --as beta"),
)
def rfis_answer(
    case_id: int,
    rfi_id: int,
    answer: str = typer.Option(..., "--answer", help="The answer."),
    file: Path = typer.Option(None, "--file", exists=True, dir_okay=False, help="An attachment."),
    content_type: str = typer.Option("application/pdf", "--type", help="The attachment's type."),
    as_user: str = AS,
) -> None:
    """Record the answer to a request for information (an officer, or the partner's liaison)."""
    attachment = (
        None if file is None else rfi.Attachment(file.name, content_type, file.read_bytes())
    )
    with unit_of_work() as session:
        rfi.answer_rfi(session, _actor(session, as_user), case_id, rfi_id, answer=answer,
                       attachment=attachment)  # fmt: skip
    console.print(f"Request for information {rfi_id} answered; the clock runs again.")


@routing_app.command("docs", epilog=example("amanah review routing docs > docs/routing.md"))
def routing_docs(
    active: bool = typer.Option(False, "--active", help="The table in force, not the package's."),
    as_json: bool = JSON,
) -> None:
    """Print the routing table as Markdown (docs/routing.md is the package's)."""
    if not active:
        found = routing.package_table()
    else:
        with unit_of_work() as session:
            found = routing.active(session)
    markdown = rules.to_markdown(found.table, str(found.number))
    if as_json:
        emit_json({"version": found.number, "yaml": found.text, "markdown": markdown})
        return
    typer.echo(markdown, nl=False)


@routing_app.command(
    "propose",
    epilog=example(
        "amanah review routing propose routing.yaml --reason 'finance sees all offsets' --as admin"
    ),
)
def routing_propose(
    table: Path = typer.Argument(..., exists=True, dir_okay=False, help="The new table (YAML)."),
    reason: str = typer.Option(..., "--reason"),
    as_user: str = AS,
) -> None:
    """Propose a new routing table; a second administrator confirms it."""
    with unit_of_work() as session:
        row = routing.propose(session, _actor(session, as_user), table.read_text("utf-8"), reason)
        number = row.number
    console.print(f"Routing table version {number} proposed; it takes effect when a second "
                  "administrator confirms it.")  # fmt: skip


@routing_app.command("confirm", epilog=example("amanah review routing confirm 2 --as admin2"))
def routing_confirm(number: int, note: str = typer.Option("", "--note"), as_user: str = AS) -> None:
    """Put a proposed routing table in force (not its proposer)."""
    with unit_of_work() as session:
        routing.confirm(session, _actor(session, as_user), number, note)
    console.print(f"Routing table version {number} is in force.")


@routing_app.command("route", epilog=example("amanah review routing route --json"))
def routing_route(
    case_id: int = typer.Argument(None, help="One case; without it, every open submitted case."),
    as_json: bool = JSON,
) -> None:
    """Route cases again under the table in force (after a new table is confirmed)."""
    with unit_of_work() as session:
        if case_id is not None:
            ids = [case_id]
        else:
            open_states = [s.value for s in workflow.OPEN_STATES - {workflow.S.DRAFT}]
            ids = list(session.scalars(select(CaseRow.id).where(CaseRow.state.in_(open_states))
                                       .order_by(CaseRow.id)))  # fmt: skip
        routed = {i: routing.route_case(session, SYSTEM, i) for i in ids}
    result: list[dict[str, Any]] = [
        {"case_id": i, "queues": sorted(r.queues), "flags": sorted({f.rule for f in r.flags})}
        for i, r in routed.items()
    ]
    if as_json:
        emit_json(result)
        return
    for r in result:
        console.print(f"case {r['case_id']}: {', '.join(r['queues'])}"
                      + (f" (flags: {', '.join(r['flags'])})" if r["flags"] else ""))  # fmt: skip


@app.command("notify", epilog=example("amanah review notify 8 --on 2026-11-20 --as export"))
def notify(
    case_id: int,
    on: str = typer.Option(..., "--on", help="The day the transfer was notified, YYYY-MM-DD."),
    note: str = typer.Option("", "--note"),
    as_user: str = AS,
) -> None:
    """Record the notification of a transfer above a threshold; the waiting period starts."""
    with unit_of_work() as session:
        rows = notifications.record(session, _actor(session, as_user), case_id,
                                    _day(on, "on") or date.today(), note)  # fmt: skip
        until = max(r.waiting_until for r in rows)
    console.print(f"Notified; the agreement may be signed from {until.isoformat()}.")


@app.command(
    "release-validity", epilog=example("amanah review release-validity 8 --months 24 --as board")
)
def release_validity(
    case_id: int,
    months: int = typer.Option(48, "--months", help="How long the release holds (24 or 48)."),
    renew: str = typer.Option(None, "--renew", help="Renew from today, with this reason."),
    as_user: str = AS,
) -> None:
    """Set how long the case's technology release holds, or renew it (the release board)."""
    with unit_of_work() as session:
        who = _actor(session, as_user)
        if renew:
            row = releases.renew(session, who, case_id, months, renew)
        else:
            row = releases.set_validity(session, who, case_id, months)
        until = row.valid_until
    console.print(f"The release holds until {until.isoformat()}.")
