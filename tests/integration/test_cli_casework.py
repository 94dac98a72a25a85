"""`amanah casework …`: the lifecycle after approval, scripted as a directorate would."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine

from tests.integration.test_cli import run
from tests.integration.test_storage import case_by_title


def test_usage_schedule_ship_and_refusals_from_the_command_line(engine: Engine) -> None:
    assert run("demo").exit_code == 0
    case = case_by_title(engine, "counter-rocket")  # agreement signed, 2 + 1 units authorised
    usage = json.loads(run("casework", "usage", str(case.id), "--json").output)
    first = usage["usage"][0]
    assert (first["authorised_quantity"], first["remaining_quantity"]) == (2, 2)
    refused = run("casework", "schedule", str(case.id), "--item", str(first["line_item_id"]),
                  "--quantity", "1", "--on", "2027-03-01", "--description", "spare", "--as", "officer")  # fmt: skip
    assert refused.exit_code == 2
    assert "1 units would exceed the quantity authorised: 2 authorised, 2 scheduled or shipped" in " ".join(
        refused.output.split())  # fmt: skip
    delivery = usage["deliveries"][0]["id"]
    late = run(
        "casework", "ship", str(case.id), str(delivery), "--on", "2031-01-01", "--as", "officer"
    )
    assert late.exit_code == 2 and "expired" in late.output
    nobody = run(
        "casework", "ship", str(case.id), str(delivery), "--on", "2027-02-01", "--as", "ghost"
    )
    assert nobody.exit_code == 2 and "no active user 'ghost'" in nobody.output
    not_allowed = run(
        "casework", "ship", str(case.id), str(delivery), "--on", "2027-02-01", "--as", "finance"
    )
    assert (
        not_allowed.exit_code == 2 and "only case officers record shipments" in not_allowed.output
    )
    shipped = run("casework", "ship", str(case.id), str(delivery), "--on", "2027-02-01",
                  "--serial", "CR-1", "--as", "officer")  # fmt: skip
    assert shipped.exit_code == 0, shipped.output
    after = json.loads(run("casework", "usage", str(case.id), "--json").output)["usage"][0]
    assert (after["shipped_quantity"], after["remaining_quantity"]) == (1, 1)


def test_an_end_use_check_from_a_file_and_the_overdue_list(engine: Engine, tmp_path: Path) -> None:
    assert run("demo").exit_code == 0
    case = case_by_title(engine, "Simulator training for Alpha")
    overdue = json.loads(run("casework", "overdue", "--json").output)
    assert case.id in [o["case_id"] for o in overdue]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"checked_on": "2026-11-30", "place": "Academy", "inspector": "E",
                               "finding": "fine"}))  # fmt: skip
    answer = run("casework", "check", str(case.id), "--file", str(bad), "--as", "export")
    assert answer.exit_code == 2 and "finding" in answer.output
    good = tmp_path / "check.json"
    good.write_text(json.dumps({"checked_on": "2026-11-30", "place": "Academy", "inspector": "E",
                                "finding": "compliant"}))  # fmt: skip
    answer = run("casework", "check", str(case.id), "--file", str(good), "--as", "export")
    assert answer.exit_code == 0 and "compliant; the case is end_use_monitoring" in answer.output
    assert case.id not in [
        o["case_id"] for o in json.loads(run("casework", "overdue", "--json").output)
    ]


def test_the_recipient_confirms_receipt_from_the_command_line(engine: Engine) -> None:
    assert run("demo").exit_code == 0
    case = case_by_title(engine, "counter-rocket")  # XA: alpha is its liaison
    usage = json.loads(run("casework", "usage", str(case.id), "--json").output)
    delivery = usage["deliveries"][0]["id"]
    args = ("casework", "receive", str(case.id), str(delivery))
    unshipped = run(*args, "--on", "2027-02-10", "--as", "alpha")
    assert unshipped.exit_code == 2 and "only a shipment on its way can be received" in " ".join(
        unshipped.output.split()
    )
    assert run("casework", "ship", str(case.id), str(delivery), "--on", "2027-02-01",
               "--as", "officer").exit_code == 0  # fmt: skip
    officer = run(*args, "--on", "2027-02-10", "--as", "officer")
    assert officer.exit_code == 2 and "only the recipient state's liaison" in officer.output
    other_state = run(*args, "--on", "2027-02-10", "--as", "beta")
    assert other_state.exit_code == 2 and "receipt" not in other_state.output.lower()
    bad_day = run(*args, "--on", "2027-02-30", "--as", "alpha")
    assert bad_day.exit_code == 2 and "[on]" in bad_day.output
    early = run(*args, "--on", "2027-01-31", "--as", "alpha")
    assert early.exit_code == 2 and "[received_on]" in early.output
    long_note = run(*args, "--on", "2027-02-10", "--note", "x" * 2001, "--as", "alpha")
    assert long_note.exit_code == 2 and "[note]" in long_note.output
    received = run(*args, "--on", "2027-02-10", "--note", "complete", "--as", "alpha")
    assert received.exit_code == 0, received.output
    assert f"Delivery {delivery} received on 2027-02-10" in received.output
    shown = json.loads(run("casework", "usage", str(case.id), "--json").output)["deliveries"]
    mine = next(d for d in shown if d["id"] == delivery)
    assert mine["status"] == "delivered" and mine["transit_state"] == "received"
    twice = run(*args, "--on", "2027-02-11", "--as", "alpha")
    assert twice.exit_code == 2 and "delivered" in twice.output
