"""The casework tools from the command line: the SLA report, RFIs, routing, notifications."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine
from typer.testing import CliRunner

from amanah.cli.main import app

runner = CliRunner()


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def _case(title: str) -> int:
    listed = json.loads(run("cases", "list", "--json").output)
    return int(next(c["id"] for c in listed if c["title"].startswith(title)))


def test_sla_report_and_rfis(engine: Engine) -> None:
    assert run("demo").exit_code == 0
    report = json.loads(run("casework", "sla", "--json").output)
    assert report and all(c["target_working_days"] > 0 for c in report)
    elapsed = [c["elapsed_working_days"] for c in report]
    assert elapsed == sorted(elapsed, reverse=True)
    armour = _case("Composite armour")
    assert next(c for c in report if c["id"] == armour)["paused"] is True  # the demo's open RFI
    case = _case("Coastal patrol boats")
    sent = run("casework", "rfis", "send", str(case), "--question", "Who crews the boats?")
    assert sent.exit_code == 0, sent.output
    listed = json.loads(run("casework", "rfis", "list", str(case), "--json").output)
    assert listed["clock"]["paused"] is True
    rfi = listed["rfis"][-1]["id"]
    bad = run("casework", "rfis", "answer", str(case), str(rfi), "--answer", "", "--as", "officer")
    assert bad.exit_code == 2 and "answer" in bad.output
    ok = run("casework", "rfis", "answer", str(case), str(rfi), "--answer", "The navy.",
             "--as", "officer")  # fmt: skip
    assert ok.exit_code == 0, ok.output
    nobody = run("casework", "rfis", "list", str(case), "--as", "nobody")
    assert nobody.exit_code == 2 and "[as]" in nobody.output


def test_routing_from_the_command_line(engine: Engine, tmp_path: Path) -> None:
    run("demo")
    docs = run("casework", "routing", "docs")
    assert docs.exit_code == 0 and docs.output.startswith("# Flags and routing")
    table = tmp_path / "routing.yaml"
    table.write_text(docs.output, encoding="utf-8")  # Markdown is not a routing table
    refused = run("casework", "routing", "propose", str(table), "--reason", "x", "--as", "admin")
    assert refused.exit_code == 2
    routed = json.loads(run("casework", "routing", "route", "--json").output)
    assert routed and all("export_control" in r["queues"] for r in routed)


def test_notify_and_release_validity(engine: Engine) -> None:
    run("demo")
    case = _case("Co-production of armoured patrol")
    notified = run("casework", "notify", str(case), "--on", "2026-11-02", "--as", "export")
    assert notified.exit_code == 0 and "2026-12-02" in notified.output
    officer = run("casework", "notify", str(case), "--on", "2026-11-02", "--as", "officer")
    assert officer.exit_code == 2
    bad = run("casework", "notify", str(case), "--on", "yesterday", "--as", "export")
    assert bad.exit_code == 2 and "[on]" in bad.output
    licensed = _case("Licensed production")
    held = run("casework", "release-validity", str(licensed), "--months", "24", "--as", "board")
    assert held.exit_code == 0 and "holds until" in held.output
