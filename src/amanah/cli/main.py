"""`amanah` — the command line over the same services as the web application."""

from __future__ import annotations

from pathlib import Path

import typer
from pydantic import ValidationError
from rich.table import Table

from amanah.audit.service import checkpoint, verify_anchored
from amanah.backup import archive
from amanah.cases.listing import list_cases
from amanah.cli import analytics as analytics_cli
from amanah.cli import casework_tools
from amanah.cli import embargoes as embargoes_cli
from amanah.cli import jobs as jobs_cli
from amanah.cli import screening as screening_cli
from amanah.cli.casework import casework_app
from amanah.cli.common import (
    JSON_OPTION,
    console,
    emit_json,
    errors,
    example,
    fail,
    progress,
    ready_engine,
    show,
    stage_reporter,
    unit_of_work,
)
from amanah.cli.jobs import check_several_processes
from amanah.cli.language import LocalisedTyper
from amanah.cli.reports import report_app
from amanah.compliance import service as compliance
from amanah.compliance.bulk import reassess_open_cases
from amanah.compliance.schemas import EvaluateRequest
from amanah.config import get_settings
from amanah.errors import AmanahError, InvalidInput, invalid_from
from amanah.i18n import N_
from amanah.i18n import gettext as _
from amanah.partners.service import load_reference_embargoes
from amanah.present import finding_reason, timeline_note
from amanah.users.roles import SYSTEM

app = LocalisedTyper(
    help="Amanah: defence technology sharing — cases, compliance, reports. From a clone, run it "
    "as `./dev amanah …`; every read command takes --json.",
    epilog=example("amanah screen 'Hussein Abdulrahman' --country IQ"),
    no_args_is_help=True,
)
cases_app = typer.Typer(
    help="Transfer cases.", epilog=example("amanah cases list --json"), no_args_is_help=True
)
audit_app = typer.Typer(
    help="The tamper-evident audit trail.",
    epilog=example("amanah audit verify"),
    no_args_is_help=True,
)
compliance_app = typer.Typer(
    help="Compliance assessments.",
    epilog=example("amanah compliance reassess"),
    no_args_is_help=True,
)
app.add_typer(cases_app, name="cases")
app.add_typer(audit_app, name="audit")
app.add_typer(compliance_app, name="compliance")
app.add_typer(screening_cli.lists_app, name="lists")
app.add_typer(screening_cli.hits_app, name="hits")
app.command("screen", epilog=example("amanah screen 'Hussein Abdulrahman' --country IQ",
                                     "amanah screen --file parties.csv --json"))(screening_cli.screen)  # fmt: skip
app.add_typer(report_app, name="report")
app.add_typer(analytics_cli.sipri_app, name="sipri")
app.command("objectives", epilog=example("amanah objectives standing --year 2026"))(
    analytics_cli.objectives
)
app.add_typer(casework_app, name="casework")
jobs_cli.register(app)
app.add_typer(casework_tools.app, name="review")
app.add_typer(embargoes_cli.app, name="embargoes")


@app.command(epilog=example("amanah init"))
def init() -> None:
    """Create or upgrade the database and load the reference embargoes."""
    with unit_of_work() as session:
        added = load_reference_embargoes(session)
    console.print(_("Database ready at %(url)s (%(added)s embargoes added).") % {
        "url": get_settings().resolved_database_url, "added": added})  # fmt: skip


@app.command(epilog=example("amanah demo"))
def demo() -> None:
    """Load the demo data (idempotent: a second run changes nothing)."""
    from amanah import demo as demo_data
    from amanah.demo_cases import CASES

    with unit_of_work() as session, progress() as bar:
        load_reference_embargoes(session)
        task = bar.add_task("Loading demo", total=len(CASES) + 5)
        loaded = demo_data.load(session, lambda _: bar.advance(task))
    console.print(_("Demo data loaded.") if loaded
                  else _("Demo data already present; nothing changed."))  # fmt: skip


@app.command(epilog=example("amanah serve --demo --port 8080"))
def serve(
    host: str = typer.Option(None, help="Interface to listen on."),
    port: int = typer.Option(None, help="Port."),
    with_demo: bool = typer.Option(False, "--demo", help="Load the demo data first."),
    workers: int = typer.Option(1, min=1, help="Web processes (PostgreSQL; see README)."),
) -> None:
    """Run the web application."""
    import uvicorn

    from amanah import demo as demo_data
    from amanah.web.app import create_app

    settings = get_settings()
    host, port = host or settings.host, port or settings.port
    if workers > 1:
        check_several_processes()
    init()
    console.print(_("Amanah is at %(url)s") % {"url": f"[bold]http://{host}:{port}/[/]"})
    if with_demo:
        logins = ", ".join(u[0] for u in demo_data.USERS)
        console.print(_("Demo logins: %(logins)s — password %(password)s") % {
            "logins": logins, "password": f"[bold]{demo_data.PASSWORD}[/]"})  # fmt: skip
    # the demo (if not loaded yet), then the screening warm-up and matcher, are done in the
    # background once the socket is open
    if workers > 1:  # each process builds its own app from an import string
        if with_demo:
            demo()  # once, before the processes start
        uvicorn.run("amanah.web.app:serve_app", factory=True, workers=workers, host=host,
                    port=port, log_level="warning")  # fmt: skip
        return
    application = create_app(build_matcher=True, with_demo=with_demo)
    uvicorn.run(application, host=host, port=port, log_level="warning")


@cases_app.command("list", epilog=example("amanah cases list --state awaiting_approval --json"))
def cases_list(
    state: str = typer.Option(None, help="Only cases in this state."),
    partner: str = typer.Option(None, help="Only cases of this partner (ISO alpha-2)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List transfer cases."""
    with unit_of_work() as session:
        page = list_cases(session, SYSTEM, state=state, partner=partner, per_page=500)
        rows = [{"id": c.id, "reference": c.reference, "partner": c.partner_code, "title": c.title,
                 "state": c.state, "outcome": c.outcome, "value": str(c.value), "currency": c.currency}
                for c in page.rows]  # fmt: skip
    if as_json:
        emit_json(rows)
        return
    table = Table("id", "reference", "partner", "title", "state", "outcome")
    for r in rows:
        table.add_row(str(r["id"]), str(r["reference"]), str(r["partner"]), str(r["title"]),
                      str(r["state"]), str(r["outcome"] or ""))  # fmt: skip
    show(table)


def page_url(path: str) -> str:
    settings = get_settings()
    return f"http://{settings.host}:{settings.port}{path}"


@cases_app.command("show", epilog=example("amanah cases show 3 --json"))
def cases_show(case_id: int, as_json: bool = JSON_OPTION) -> None:
    """Show one case with its items, parties, findings and timeline, and the address of its
    page in the web application."""
    from amanah.cases.detail import case_detail

    with unit_of_work() as session:
        detail = case_detail(session, SYSTEM, case_id)
    if as_json:
        emit_json(detail)
        return
    console.print(f"[bold]{detail['reference']}[/] {detail['title']} — {detail['state']}"
                  f" ({detail['partner']['name']}), outcome: {detail['outcome']}",
                  soft_wrap=True)  # fmt: skip
    console.print(f"  page: {page_url(f'/cases/{case_id}')}", soft_wrap=True)
    for item in detail["items"]:
        console.print(f"  item: {item['quantity']} × {item['technology']} ({item['kind']})")
    for party in detail["parties"]:
        console.print(f"  party: {party['role']}: {party['name']} ({party['country']})")
    for finding in detail["findings"]:
        console.print(
            f"  [{finding['outcome']}] {finding['rule_id']}: {finding_reason(finding)} — {finding['citation']}"
        )
    for event in detail["timeline"]:
        console.print(f"  {event['at']} {event['actor']}: {event['action']} {timeline_note(event)}")


@audit_app.command("verify", epilog=example("amanah audit verify --json"))
def audit_verify(as_json: bool = JSON_OPTION) -> None:
    """Recompute the hash chain, check each event's seal and the checkpoints kept outside the
    database, and name every problem found (exit code 1 when there is one)."""
    with unit_of_work() as session:
        count, problems = verify_anchored(session)
    if as_json:
        emit_json({"intact": not problems, "events": count,
                   "problems": [{"seq": p.seq, "problem": p.problem} for p in problems]})  # fmt: skip
        if problems:
            raise typer.Exit(1)
        return
    if not problems:
        console.print(_("Audit chain intact: %(count)s events verified, seals and checkpoints "
                        "hold.") % {"count": count})  # fmt: skip
        return
    for problem in problems:
        broken = _("Audit chain broken at event %(seq)s:") % {"seq": problem.seq}
        errors.print(f"[bold red]{broken}[/] {problem.problem}")
    raise typer.Exit(1)


@audit_app.command("checkpoint", epilog=example("amanah audit checkpoint"))
def audit_checkpoint() -> None:
    """Verify the chain, seal events written before sealing began, and write a checkpoint of
    its head to the checkpoint file outside the database."""
    with unit_of_work() as session:
        seq, sealed = checkpoint(session)
    console.print(_("Checkpoint written at event %(seq)s (%(sealed)s older events sealed) in "
                    "%(file)s.") % {"seq": seq, "sealed": sealed,
                                    "file": get_settings().audit_checkpoint_file})  # fmt: skip


OUTCOMES = ("prohibited", "needs_approval", "warning", "pass")


@compliance_app.command("reassess", epilog=example("amanah compliance reassess --json"))
def compliance_reassess(as_json: bool = JSON_OPTION) -> None:
    """Re-assess every open case now and print the count per outcome."""
    with unit_of_work() as session, progress(quiet=as_json) as bar:
        task = bar.add_task("Re-assessing open cases", total=None)
        counts = reassess_open_cases(
            session,
            SYSTEM,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    if as_json:
        emit_json({outcome: counts.get(outcome, 0) for outcome in OUTCOMES})
        return
    table = Table("outcome", "cases")
    for outcome in OUTCOMES:
        table.add_row(outcome, str(counts.get(outcome, 0)))
    show(table)


@compliance_app.command("daily", epilog=example("amanah compliance daily --on 2027-01-01"))
def compliance_daily(
    on: str = typer.Option(None, "--on", help="The day to check (default: today), YYYY-MM-DD."),
    as_json: bool = JSON_OPTION,
) -> None:
    """The daily check: agreements that ended and embargoes that began or ended since the last
    check; the open cases of the partners concerned are re-assessed (run it from cron)."""
    from datetime import date

    try:
        day = date.fromisoformat(on) if on else date.today()
    except ValueError:
        fail(
            InvalidInput(
                N_("--on %(value)s is not a date (YYYY-MM-DD)"),
                field="on",
                values={"value": repr(on)},
            )
        )
        return
    with unit_of_work() as session:
        partners, counts = compliance.calendar_check(session, day)
    if as_json:
        emit_json({"day": day.isoformat(), "partners": partners, "reassessed": dict(counts)})
        return
    console.print(f"{day}: partners whose facts changed: {', '.join(partners) or 'none'}; "
                  f"re-assessed: {dict(counts) or 'nothing'}")  # fmt: skip


@app.command(epilog=example("amanah assess --file examples/what-if.json"))
def assess(
    file: Path = typer.Option(..., "--file", help="Advisory request as JSON (see README)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Advisory (what-if) assessment of inline facts; nothing is stored."""
    try:
        request = EvaluateRequest.model_validate_json(file.read_text(encoding="utf-8"))
    except OSError as error:
        fail(
            InvalidInput(
                N_("cannot read %(file)s: %(error)s"),
                field="file",
                values={"file": file, "error": error.strerror},
            )
        )
        return
    except ValidationError as error:
        fail(invalid_from(error.errors(), default_field="file"))
        return
    with unit_of_work() as session:
        load_reference_embargoes(session)
        result = compliance.advise(session, request)
    if as_json:
        emit_json({"outcome": result.outcome.value, "ruleset_version": result.ruleset_version,
                   "findings": [f.as_dict() for f in result.findings]})  # fmt: skip
        return
    console.print(f"Outcome: [bold]{result.outcome.value}[/] (rule set {result.ruleset_version})")
    for f in result.findings:
        console.print(
            f"  [{f.outcome.value}] {f.rule_id}: {finding_reason(f.as_dict())} — {f.citation}"
        )


@app.command("backup", epilog=example("amanah backup amanah-2026-12-01.zip"))
def backup_cmd(
    path: Path = typer.Argument(..., help="The archive to write; its name must end in .zip."),
) -> None:
    """Write every table and document to a zip archive (its contents are in the README; check
    one with `amanah restore --check PATH`)."""
    with unit_of_work() as session, progress() as bar:
        archive.check_name(path)
        task = bar.add_task("Backing up", total=None)
        counts = archive.backup(
            session, get_settings().documents_dir, path, stage_reporter(bar, task, "Backing up")
        )
    console.print(_("Backup written to %(path)s: %(rows)s rows.") % {
        "path": path, "rows": sum(counts.values())}, soft_wrap=True)  # fmt: skip


@app.command("restore", epilog=example("amanah restore --check amanah-2026-12-01.zip"))
def restore_cmd(
    path: Path = typer.Argument(..., help="A zip archive written by `amanah backup`."),
    only_check: bool = typer.Option(
        False, "--check", help="Only verify the archive; the database is not touched."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Replace all data with a backup (checked first; a broken archive changes nothing)."""
    try:
        if only_check:
            counts = archive.check(path)
        else:
            with progress(quiet=as_json) as bar:
                task = bar.add_task("Restoring", total=None)
                counts = archive.restore(ready_engine(), get_settings().documents_dir, path,
                                         stage_reporter(bar, task, "Restoring"))  # fmt: skip
    except AmanahError as error:
        fail(error)
        return
    if as_json:
        emit_json({"path": str(path), "checked_only": only_check, "rows": counts})
        return
    rows = sum(n for name, n in counts.items() if name != "documents")
    if only_check:
        console.print(_("%(path)s is a sound backup: %(rows)s rows in %(tables)s tables, "
                        "%(documents)s documents; audit chain intact.") % {
            "path": path, "rows": rows, "tables": len(counts) - 1,
            "documents": counts["documents"]}, soft_wrap=True)  # fmt: skip
        return
    console.print(_("Restored %(rows)s rows from %(path)s.") % {"rows": rows, "path": path},
                  soft_wrap=True)  # fmt: skip


if __name__ == "__main__":
    app()
