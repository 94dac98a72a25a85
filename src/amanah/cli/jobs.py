"""`amanah jobs …` and `amanah worker`: background jobs from the command line."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from amanah.cli.common import console, example, fail, ready_engine, unit_of_work
from amanah.errors import InvalidInput
from amanah.i18n import N_, current_language
from amanah.jobs import runner
from amanah.jobs import service as jobs
from amanah.jobs.models import JobRow
from amanah.users.roles import SYSTEM

jobs_app = typer.Typer(help="Background jobs: start them and follow their progress.",
                       no_args_is_help=True)  # fmt: skip


def register(app: typer.Typer) -> None:
    """`amanah jobs …` and `amanah worker` on the main command."""
    app.add_typer(jobs_app, name="jobs")
    app.command("worker", epilog=example("amanah worker --concurrency 2"))(worker)


def check_several_processes() -> None:
    """Several web processes share one database: PostgreSQL (SQLite has one writer at a time,
    and its jobs run in the process that starts them)."""
    if ready_engine().dialect.name != "postgresql":
        fail(InvalidInput(N_("several web processes need PostgreSQL (AMANAH_DATABASE_URL); "
                          "with SQLite run one"), field="workers"))  # fmt: skip


def worker(
    concurrency: int = typer.Option(1, help="Jobs this worker runs at once."),
) -> None:
    """Run a worker (PostgreSQL): take jobs from the queue until interrupted. Run as many as
    wanted, on any machine that reaches the database and the data folder."""
    engine = ready_engine()
    if not jobs.uses_queue(engine):
        fail(InvalidInput(N_("amanah worker needs PostgreSQL (AMANAH_DATABASE_URL): on SQLite, "
                          "jobs run in the process that starts them"), field="database"))  # fmt: skip
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(process)d %(name)s: %(message)s")
    console.print(f"Worker {runner.conninfo(engine).rsplit('@', 1)[-1]}: waiting for jobs.")
    runner.work(engine, concurrency=concurrency)


def _row(job: JobRow) -> list[str]:
    live = runner.LIVE.get(job.id)
    stage, done, total = (
        live if live and job.state == "running" else (job.stage, job.done, job.total)
    )
    progress = f"{done}/{total}" if total else (str(done) if done else "")
    return [str(job.id), job.kind, job.state, stage, progress, str(job.attempts), job.started_by,
            job.created_at.strftime("%Y-%m-%d %H:%M:%S"), job.error[:60]]  # fmt: skip


@jobs_app.command("list", epilog=example("amanah jobs list --limit 20"))
def jobs_list(
    limit: int = typer.Option(50, help="How many (newest first)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """The newest jobs with their state and progress."""
    with unit_of_work() as session:
        found = jobs.list_jobs(session, SYSTEM, limit=limit)
        if as_json:
            typer.echo(json.dumps([jobs.as_dict(j) for j in found], indent=2))
            return
        table = Table("id", "kind", "state", "stage", "progress", "attempts", "started by",
                      "created", "error")  # fmt: skip
        for job in found:
            table.add_row(*_row(job))
    console.print(table)


@jobs_app.command(
    "start",
    epilog=example(
        "amanah jobs start list_import --path un.xml --format un-xml",
        "amanah jobs start calendar_check",
        "amanah jobs start reassess --partner XA",
        "amanah jobs start report --report att --year 2026 --format csv",
        "amanah jobs start dossier --case 12",
    ),
)
def jobs_start(
    kind: str = typer.Argument(
        ..., help=f"One of: {', '.join(k for k, v in jobs.KINDS.items() if v.roles)}."
    ),
    path: Path = typer.Option(None, help="list_import: the list file; backup: the archive."),
    fmt: str = typer.Option(
        None, "--format", help="list_import: the list's format; report: json, csv or xlsx."
    ),
    partner: str = typer.Option(None, help="reassess: only this partner's open cases."),
    on: str = typer.Option(None, help="calendar_check: the day (YYYY-MM-DD)."),
    report: str = typer.Option(None, help=f"report: one of {', '.join(jobs.REPORTS)}."),
    year: int = typer.Option(None, help="report (att, unroca): the calendar year."),
    basis: str = typer.Option(None, help="report att: actual (default) or authorised."),
    case: int = typer.Option(None, help="dossier: the case's number."),
    as_json: bool = typer.Option(False, "--json", help="Print the job as JSON."),
) -> None:
    """Start a job; on SQLite it runs now, in this process; on PostgreSQL a worker takes it.
    A report's or a dossier's file is then saved with `amanah jobs file`."""
    args: dict[str, Any] = {}
    if path is not None:
        args["path"] = str(path.resolve())
    for name, value in (("format", fmt), ("partner", partner), ("on", on), ("report", report),
                        ("year", year), ("basis", basis), ("case_id", case)):  # fmt: skip
        if value:
            args[name] = value
    if kind == "dossier":
        args["language"] = current_language.get()
    with unit_of_work() as session:
        job = jobs.start(session, SYSTEM, kind, jobs.checked_args(kind, args))
        job_id = job.id
    with unit_of_work() as session:
        job = jobs.get_job(session, SYSTEM, job_id)
        if as_json:
            typer.echo(json.dumps(jobs.as_dict(job), indent=2))
            return
        console.print(f"Job {job.id} ({job.kind}): {job.state}"
                      + (f" — {json.dumps(job.result)}" if job.result else "")
                      + (f" — {job.error}" if job.error else ""))  # fmt: skip


@jobs_app.command("file", epilog=example("amanah jobs file 7 --output att-2026.csv"))
def jobs_file(
    job_id: int = typer.Argument(..., help="The job's number."),
    output: Path = typer.Option(None, help="Where to save it (default: its own name, here)."),
) -> None:
    """Save the file a finished report or dossier job made."""
    with unit_of_work() as session:
        path, name, _ = jobs.result_file(session, SYSTEM, job_id)
    target = output or Path(name)
    target.write_bytes(path.read_bytes())
    console.print(f"Saved {target} ({target.stat().st_size:,} bytes).")
