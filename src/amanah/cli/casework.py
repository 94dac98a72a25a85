"""`amanah casework …`: the lifecycle after approval from the command line — agreements,
authorisation usage, deliveries and end-use checks — over the same services as the pages.

Reading needs no user; a change is made as a named, active user (`--as USERNAME`), whose roles
decide as they do in the pages, and is audited under that name."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TypeVar

import typer
from pydantic import BaseModel, ValidationError
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from amanah.agreements import deliveries
from amanah.agreements import service as agreements
from amanah.agreements.schemas import AgreementIn, DeliveryIn, ReceiptIn, ShipmentIn
from amanah.agreements.views import agreement_dict, deliveries_view
from amanah.cases import service as cases
from amanah.cli.common import (
    JSON_OPTION,
    console,
    emit_json,
    example,
    fail,
    parse_day,
    unit_of_work,
)
from amanah.errors import InvalidInput, NotFound, invalid_from
from amanah.i18n import N_, gettext
from amanah.labels import label
from amanah.monitoring import service as monitoring
from amanah.monitoring.schemas import CheckIn
from amanah.present import alert_text, moment
from amanah.users.models import UserRow
from amanah.users.roles import SYSTEM, Actor
from amanah.users.service import actor_of

casework_app = typer.Typer(
    help="Agreements, authorisation usage, deliveries and end-use checks.", no_args_is_help=True
)
M = TypeVar("M", bound=BaseModel)
AS_USER = typer.Option(..., "--as", help="The user the change is made as (audited).")


def _user(session: Session, username: str) -> Actor:
    row = session.scalar(select(UserRow).where(UserRow.username == username))
    if row is None or not row.active:
        raise NotFound(N_("no active user %(username)r"), field="as", values={"username": username})
    return actor_of(row)


def _model(model: type[M], **values: object) -> M:
    """`model` from options typed on the command line; a bad one names its option."""
    try:
        return model.model_validate(values)
    except ValidationError as error:
        raise invalid_from(error.errors()) from None


def _read(model: type[M], path: Path) -> M:
    try:
        return model.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InvalidInput(
            N_("cannot read %(path)s: %(strerror)s"),
            field="file",
            values={"path": path, "strerror": error.strerror},
        ) from None
    except ValidationError as error:
        raise invalid_from(error.errors(), where=f"{path.name}: ", default_field="file") from None


@casework_app.command("agreement", epilog=example("amanah casework agreement 3 --json"))
def agreement_show(case_id: int, as_json: bool = JSON_OPTION) -> None:
    """Show a case's agreement."""
    with unit_of_work() as session:
        case = cases.get_case(session, SYSTEM, case_id)
        shown = agreement_dict(agreements.agreement_for(session, case.id))
        if shown is None:
            fail(
                NotFound(
                    N_("case %(reference)s has no agreement yet"),
                    field="case_id",
                    values={"reference": case.reference},
                )
            )
            return
    if as_json:
        emit_json(shown)
        return
    console.print(f"[bold]{case.reference}[/] {shown['kind']}, {shown['value']} {shown['currency']}, "
                  f"signed {shown['signed_on']}, valid {shown['valid_from']} – {shown['valid_until']}")  # fmt: skip
    for party in shown["parties"]:
        console.print(f"  party: {party['role']}: {party['name']} ({party['country']})")
    for payment in shown["payment_schedule"]:
        console.print(f"  payment: {payment['due_on']} {payment['amount']} {payment['milestone']}")


@casework_app.command(
    "record-agreement",
    epilog=example("amanah casework record-agreement 3 --file agreement.json --as officer"),
)
def agreement_record(
    case_id: int,
    file: Path = typer.Option(..., "--file", help="The agreement as JSON (the API's body)."),
    username: str = AS_USER,
) -> None:
    """Record the signed agreement of an approved case (case officers, finance)."""
    data = None
    try:
        data = _read(AgreementIn, file)
    except InvalidInput as error:
        fail(error)
    assert data is not None
    with unit_of_work() as session:
        who = _user(session, username)
        case = cases.get_case(session, who, case_id, for_update=True)
        row = agreements.record_agreement(session, who, case, data)
        reference = case.reference
    console.print(f"Agreement {row.id} recorded on {reference}.")


@casework_app.command("usage", epilog=example("amanah casework usage 3"))
def usage_show(case_id: int, as_json: bool = JSON_OPTION) -> None:
    """Per line item authorised / shipped / remaining, and the deliveries."""
    with unit_of_work() as session:
        view = deliveries_view(session, SYSTEM, cases.get_case(session, SYSTEM, case_id))
    if as_json:
        emit_json(view)
        return
    table = Table("item", "authorised", "shipped", "remaining", "valid until")
    for u in view["usage"]:
        table.add_row(f"{u['line_item_id']} {u['item']}",
                      f"{u['authorised_quantity']} / {u['authorised_value']}",
                      f"{u['shipped_quantity']} / {u['shipped_value']}",
                      f"{u['remaining_quantity']} / {u['remaining_value']}", str(u["valid_until"]))  # fmt: skip
    console.print(table)
    deliveries = Table("id", "item", "quantity", "scheduled", "shipped", "status", "where")
    for d in view["deliveries"]:
        deliveries.add_row(str(d["id"]), str(d["line_item_id"]), str(d["quantity"]),
                           str(d["scheduled_on"]), str(d["shipped_on"] or ""), d["status"],
                           str(d["transit_state"] or ""))  # fmt: skip
    console.print(deliveries)


@casework_app.command(
    "schedule",
    epilog=example(
        'amanah casework schedule 3 --item 5 --quantity 2 --on 2027-01-15 --description "First lot"'
    ),
)
def schedule(
    case_id: int,
    item: int = typer.Option(..., "--item", help="The line item delivered."),
    quantity: int = typer.Option(..., "--quantity", min=1),
    on: str = typer.Option(..., "--on", help="Planned date, YYYY-MM-DD."),
    description: str = typer.Option(..., "--description"),
    carrier: str = typer.Option("", "--carrier"),
    username: str = AS_USER,
) -> None:
    """Schedule a delivery against a line item (refused beyond what is authorised)."""
    with unit_of_work() as session:
        who = _user(session, username)
        case = cases.get_case(session, who, case_id, for_update=True)
        row = deliveries.schedule_delivery(session, who, case, DeliveryIn(
            description=description, quantity=quantity, scheduled_on=parse_day(on, "on"),
            line_item_id=item, carrier=carrier))  # fmt: skip
    console.print(f"Delivery {row.id} scheduled: {row.quantity} on {row.scheduled_on}.")


@casework_app.command(
    "ship",
    epilog=example("amanah casework ship 3 7 --on 2027-01-20 --serial SN-001 --serial SN-002"),
)
def ship(
    case_id: int,
    delivery_id: int,
    on: str = typer.Option(..., "--on", help="The date it left, YYYY-MM-DD."),
    quantity: int = typer.Option(None, "--quantity", min=1, help="Default: all scheduled."),
    carrier: str = typer.Option("", "--carrier"),
    serial: list[str] = typer.Option([], "--serial", help="A serial number (repeat)."),
    username: str = AS_USER,
) -> None:
    """Record that a delivery left (refused beyond what remains or after expiry)."""
    with unit_of_work() as session:
        who = _user(session, username)
        case = cases.get_case(session, who, case_id, for_update=True)
        row = deliveries.record_shipment(session, who, case, delivery_id, ShipmentIn(
            shipped_on=parse_day(on, "on"), quantity=quantity, carrier=carrier, serials=serial))  # fmt: skip
    console.print(
        f"Delivery {row.id} shipped on {row.shipped_on}: {row.quantity}, value {row.value}."
    )


@casework_app.command(
    "receive",
    epilog=example(
        'amanah casework receive 3 7 --on 2027-02-03 --note "complete at the depot" --as alpha'
    ),
)
def receive(
    case_id: int,
    delivery_id: int,
    on: str = typer.Option(..., "--on", help="The date it arrived, YYYY-MM-DD."),
    note: str = typer.Option("", "--note", help="What arrived, in what condition."),
    username: str = AS_USER,
) -> None:
    """The recipient state's liaison confirms that a shipment arrived (as in the partner
    portal); refused for anyone else, before it left, or twice."""
    with unit_of_work() as session:
        who = _user(session, username)
        agreements.require(who, "confirm_receipt")
        data = _model(ReceiptIn, received_on=parse_day(on, "on"), note=note)
        case = cases.get_case(session, who, case_id, for_update=True)
        row = deliveries.confirm_receipt(session, who, case, delivery_id, data)
    console.print(f"Delivery {row.id} received on {row.received_on}.")


@casework_app.command("overdue", epilog=example("amanah casework overdue --json"))
def overdue(as_json: bool = JSON_OPTION) -> None:
    """Cases whose next end-use check is past due."""
    with unit_of_work() as session:
        rows = monitoring.overdue_dicts(session.execute(monitoring.overdue(date.today())))
    if as_json:
        emit_json(rows)
        return
    table = Table("case", "reference", "partner", "level", "due")
    for r in rows:
        table.add_row(
            *(str(r[k]) for k in ("case_id", "reference", "partner", "level", "next_due"))
        )
    console.print(table)


@casework_app.command(
    "check", epilog=example("amanah casework check 3 --file check.json --as export")
)
def check(
    case_id: int,
    file: Path = typer.Option(..., "--file", help="The check as JSON (the API's body)."),
    username: str = AS_USER,
) -> None:
    """Record an end-use check; a discrepancy or violation alerts, a violation suspends."""
    data = None
    try:
        data = _read(CheckIn, file)
    except InvalidInput as error:
        fail(error)
    assert data is not None
    with unit_of_work() as session:
        who = _user(session, username)
        monitoring.require_monitor(who)
        case = cases.get_case(session, who, case_id, for_update=True)
        row = monitoring.record_check(session, who, case, data)
        state = cases.get_case(session, who, case_id).state
    console.print(f"End-use check {row.id} recorded: {row.finding}; the case is {state}.")


#: the alerts table's headings
ALERT_HEADINGS = (N_("Raised"), N_("Kind"), N_("Case"), N_("Message"), N_("Status"))


@casework_app.command("alerts", epilog=example("amanah casework alerts --as export --unread"))
def alerts(
    username: str = AS_USER,
    unread: bool = typer.Option(False, "--unread", help="Only the unread alerts."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List the alerts a user sees, newest first, in the language of the command line."""
    with unit_of_work() as session:
        who = _user(session, username)
        found = [a for a in agreements.alerts_for(session, who) if not (unread and a.read)]
        rows = [{"id": a.id, "case_id": a.case_id, "kind": a.kind, "message": alert_text(a),
                 "message_id": a.message_id, "values": a.message_values,
                 "raised_at": a.raised_at, "read": a.read} for a in found]  # fmt: skip
    if as_json:
        emit_json(rows)
        return
    table = Table(*(gettext(h) for h in ALERT_HEADINGS))
    for a, row in zip(found, rows, strict=True):
        status = gettext(N_("Read")) if a.read else gettext(N_("Unread"))
        table.add_row(moment(a.raised_at), label(a.kind), str(a.case_id or "—"), str(row["message"]),
                      status)  # fmt: skip
    console.print(table)
