"""What each kind of job does: a thin adapter from a job's arguments to domain services, like
amanah.handlers for events. Each runs inside one unit of work that also marks the job done, so
a job killed midway leaves nothing behind and its retry starts clean; each is idempotent (an
unchanged list is not imported again, an unchanged assessment is not stored again)."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanah.cases import workflow
from amanah.cases.models import CaseRow
from amanah.compliance import bulk
from amanah.compliance import service as compliance
from amanah.config import get_settings
from amanah.jobs import service as jobs
from amanah.jobs.models import JobRow
from amanah.screening import list_imports
from amanah.users.roles import Actor

Report = Callable[[str, int, int], None]
"""Progress: (stage, done, total)."""
Task = Callable[[Session, JobRow, Actor, Report], dict[str, Any] | None]
"""A job's work; None when it is not finished yet (it was split: its shares finish it)."""

SHARES_PER_WORKER = 3
"""Shares of a split re-assessment per live worker: several each, so that a worker that started
late (it split the job) or runs on a busier machine is helped by the others near the end."""
MIN_SHARE = 5_000
"""Open cases in the smallest share: below this, a share's fixed work (its reads of the reference
facts, its commit, a turn through the queue) outweighs what another worker gains."""


def share_count(cases: int, workers: int) -> int:
    """Shares for `cases` open cases on `workers` live workers: SHARES_PER_WORKER each, fewer
    when they would hold under MIN_SHARE cases; at least one."""
    return max(1, min(max(1, workers) * SHARES_PER_WORKER, cases // MIN_SHARE))


def list_import(session: Session, job: JobRow, actor: Actor, report: Report) -> dict[str, Any]:
    """Import a list file and re-screen the parties of every open case against its delta."""
    result = list_imports.import_list(session, actor, Path(job.args["path"]), job.args["format"],
                                      progress=report)  # fmt: skip
    return result.as_dict()


def reassess(session: Session, job: JobRow, actor: Actor, report: Report) -> dict[str, Any] | None:
    """Re-assess the open cases (of one partner, or all). On the queue, many cases are split
    into shares (`share_count` for the workers alive now), each a job of its own, which the
    workers take from the queue and run in parallel transactions."""
    stmt = select(CaseRow.id).where(CaseRow.state.in_([s.value for s in workflow.OPEN_STATES]))
    if job.args.get("partner"):
        stmt = stmt.where(CaseRow.partner_code == job.args["partner"])
    ids = list(session.scalars(stmt.order_by(CaseRow.id)))
    queued = jobs.uses_queue(session.get_bind().engine)
    shares = share_count(len(ids), jobs.live_workers(session)) if queued else 1
    if shares <= 1:  # in-process (or few cases): one run
        report("assessing", 0, len(ids))
        return reassess_share(session, job, actor, report)
    job.total = len(ids)
    size = math.ceil(len(ids) / shares)
    for start in range(0, len(ids), size):
        part = ids[start : start + size]
        jobs.start(session, actor, "reassess_share",
                   {**job.args, "low": part[0], "high": part[-1]}, parent_id=job.id,
                   total=len(part))  # fmt: skip
    job.stage = f"{shares} shares"
    return None


def reassess_share(session: Session, job: JobRow, actor: Actor, report: Report) -> dict[str, Any]:
    """Re-assess the open cases of one share (ids from `low` to `high`), in this process."""
    span = (job.args["low"], job.args["high"]) if "low" in job.args else None
    today = date.fromisoformat(job.args["today"]) if job.args.get("today") else None
    # one process per share on the queue's workers; in-process, forked helpers only from the
    # main thread (never from a web server's job thread)
    workers = 1 if span or threading.current_thread() is not threading.main_thread() else None
    counts = bulk.reassess_open_cases(
        session, actor, partner=job.args.get("partner"), today=today, case_ids=span,
        workers=workers, progress=lambda done, total: report("assessing", done, total),
    )  # fmt: skip
    return {"counts": dict(counts)}


def calendar_check(session: Session, job: JobRow, actor: Actor, report: Report) -> dict[str, Any]:
    """The daily check of agreements ended and embargoes begun or lifted since the last one."""
    day = date.fromisoformat(job.args["on"]) if job.args.get("on") else date.today()
    partners, counts = compliance.calendar_check(session, day)
    return {"on": day.isoformat(), "partners": partners, "counts": dict(counts)}


def backup(session: Session, job: JobRow, actor: Actor, report: Report) -> dict[str, Any]:
    """Write every table and stored document to a zip archive."""
    from amanah.backup import archive  # the heavy modules of a job load when it runs

    settings = get_settings()
    path = Path(job.args.get("path") or settings.data_dir / "backups" / f"amanah-job-{job.id}.zip")
    path.parent.mkdir(parents=True, exist_ok=True)
    counts = archive.backup(session, settings.documents_dir, path, report)
    return {"path": str(path), "rows": sum(counts.values())}


def make_report(session: Session, job: JobRow, actor: Actor, report: Report) -> dict[str, Any]:
    """Make a treaty report or the transfer register and keep it as a file to download."""
    from amanah.reports.att_annual import att_report
    from amanah.reports.register import transfer_register
    from amanah.reports.tables import render
    from amanah.reports.un_register import unroca_report

    args = job.args
    report("reading the transfers", 0, 2)
    if args["report"] == "att":
        made = att_report(session, int(args["year"]), args.get("basis", "actual"))
        name = f"att-exports-{args['year']}"
    elif args["report"] == "unroca":
        made, name = unroca_report(session, int(args["year"])), f"un-register-{args['year']}"
    else:
        made, name = transfer_register(session), "transfer-register"
    report("writing the file", 1, 2)
    return _kept(job, f"{name}.{args['format']}", render(made, args["format"]), report)


def make_dossier(session: Session, job: JobRow, actor: Actor, report: Report) -> dict[str, Any]:
    """Make a case's dossier (PDF), as the person who asked for it may see the case, in the
    language they asked in."""
    from amanah.reports.dossier import dossier_pdf

    case_id = int(job.args["case_id"])
    report("writing the dossier", 0, 1)
    content = dossier_pdf(session, actor, case_id, language=job.args.get("language"))
    return _kept(job, f"dossier-{case_id}.pdf", content, report)


def _kept(job: JobRow, name: str, content: bytes, report: Report) -> dict[str, Any]:
    """Write a job's file (again, whole, on a retry: the same job makes the same file) and say
    what it is."""
    path = jobs.result_path(job.id, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(content)
    partial.replace(path)  # never a half-written file under the name a download reads
    report("done", 1, 1)
    return {"file": name, "bytes": len(content)}


TASKS: dict[str, Task] = {
    "list_import": list_import,
    "reassess": reassess,
    "reassess_share": reassess_share,
    "calendar_check": calendar_check,
    "backup": backup,
    "report": make_report,
    "dossier": make_dossier,
}
