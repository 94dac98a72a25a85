"""Starting jobs and reading them. A job is a row first (state, progress, result: what the Jobs
page and `amanah jobs list` show, from any process); once the row is committed, `JobQueued`
hands it to the queue (amanah.jobs.runner)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from amanah import events
from amanah.config import get_settings
from amanah.errors import Forbidden, InvalidInput, NotFound
from amanah.events import JobQueued
from amanah.i18n import LANGUAGES, N_, Word, Words
from amanah.jobs.models import JobRow
from amanah.partners.country import normalise_country
from amanah.reports.att_annual import BASES as REPORT_BASES
from amanah.screening.lists import FORMATS
from amanah.users.roles import STAFF_ROLES, Actor, Role

ACTIVE = ("queued", "running", "retrying")
REPORT_ROLES = (Role.EXPORT_CONTROL, Role.LEADERSHIP, Role.AUDITOR, Role.FINANCE,
                Role.ADMINISTRATOR)  # fmt: skip
REPORTS = {"att": N_("ATT annual report"), "unroca": N_("UN Register of Conventional Arms"),
           "register": N_("Transfer register")}  # fmt: skip
"""The reports a `report` job makes: the ATT and UN Register ones are for a calendar year."""
REPORT_FORMATS = ("json", "csv", "xlsx")
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    roles: tuple[Role, ...]  # who may start it


KINDS = {k.name: k for k in (
    Kind("list_import", N_("Sanctions list import and re-screening"),
         (Role.EXPORT_CONTROL, Role.ADMINISTRATOR)),
    Kind("reassess", N_("Re-assessment of the open cases"),
         (Role.EXPORT_CONTROL, Role.ADMINISTRATOR)),
    Kind("reassess_share", N_("Share of a re-assessment"), ()),
    Kind("calendar_check", N_("Daily calendar check"), (Role.EXPORT_CONTROL, Role.ADMINISTRATOR)),
    Kind("backup", N_("Backup"), (Role.ADMINISTRATOR,)),
    Kind("report", N_("Report"), REPORT_ROLES),
    Kind("dossier", N_("Case dossier (PDF)"), tuple(STAFF_ROLES)),
)}  # fmt: skip
"""Every kind of job; one with no roles is started by other jobs only."""


def start(session: Session, actor: Actor, kind: str, args: dict[str, Any] | None = None, *,
          key: str | None = None, parent_id: int | None = None, total: int = 0) -> JobRow:  # fmt: skip
    """Record a job; it runs once this unit of work commits. An equal job (same kind and key)
    still queued or running is returned instead of a second one."""
    found = KINDS.get(kind)
    if found is None:
        raise InvalidInput(N_("no kind of job %(kind)r; expected one of: %(KINDS)s"),
                           field="kind", values={"kind": kind, "KINDS": ', '.join(KINDS)})  # fmt: skip
    if parent_id is None:
        require_starter(actor, kind)
        args = checked_args(kind, args or {})
        key = key or job_key(kind, args, actor)
    if key is not None:
        same = session.scalar(select(JobRow).where(JobRow.kind == kind, JobRow.key == key,
                                                   JobRow.state.in_(ACTIVE)).limit(1))  # fmt: skip
        if same is not None:
            return same
    row = JobRow(kind=kind, args=dict(args or {}), key=key, parent_id=parent_id, state="queued",
                 stage="", done=0, total=total, attempts=0, started_by=actor.username,
                 user_id=actor.user_id or None, worker="", error="")  # fmt: skip
    session.add(row)
    session.flush()
    events.record(session, JobQueued(row.id))
    return row


def uses_queue(engine: Engine) -> bool:
    """procrastinate on PostgreSQL (unless AMANAH_JOBS_RUNNER=inline or thread), in-process on
    SQLite."""
    mode = get_settings().jobs_runner
    if mode == "auto":
        return engine.dialect.name == "postgresql"
    return mode == "queue"


STALLED = 8.0
"""Seconds after which a queue worker silent (no heartbeat) is taken for dead."""


def live_workers(session: Session) -> int:
    """The queue's workers alive now (a heartbeat in the last STALLED seconds, as procrastinate
    records them); 0 when the queue has no tables yet."""
    if session.scalar(text("SELECT to_regclass('procrastinate_workers')")) is None:
        return 0
    return int(session.scalar(text(
        "SELECT count(*) FROM procrastinate_workers "
        "WHERE last_heartbeat > now() - make_interval(secs => :stalled)"
    ), {"stalled": STALLED}) or 0)  # fmt: skip


def may_start(actor: Actor, kind: str) -> bool:
    return actor.username == "system" or actor.has(*KINDS[kind].roles)


def require_starter(actor: Actor, kind: str) -> None:
    if not may_start(actor, kind):
        raise Forbidden(N_("you may not start this job: %(kind)s"),
                        values={"kind": Word(kind, KINDS[kind].label)})  # fmt: skip


def checked_args(kind: str, args: dict[str, Any]) -> dict[str, Any]:
    """The arguments of a job started by a person, checked: an error names the field."""
    known = {"list_import": {"path", "format"}, "reassess": {"partner"},
             "calendar_check": {"on"}, "backup": {"path"},
             "report": {"report", "year", "basis", "format"},
             "dossier": {"case_id", "language"}}.get(kind, set(args))  # fmt: skip
    unknown = sorted(set(args) - known)
    if unknown:
        raise InvalidInput(
            N_("a %(kind)s job takes no %(unknown)r"),
            field=unknown[0],
            values={"kind": kind, "unknown": unknown[0]},
        )
    special = {"list_import": _list_args, "report": _report_args, "dossier": _dossier_args}
    checked = special[kind](args) if kind in special else dict(args)
    if args.get("partner"):
        checked["partner"] = normalise_country(args["partner"], "partner")
    if args.get("on"):
        try:
            date.fromisoformat(args["on"])
        except ValueError:
            raise InvalidInput(
                N_("%(on)r is not a date (YYYY-MM-DD)"), field="on", values={"on": args["on"]}
            ) from None
    return checked


def _list_args(args: dict[str, Any]) -> dict[str, Any]:
    for name in ("path", "format"):
        if not args.get(name):
            raise InvalidInput(
                N_("a list import needs its %(name)s"), field=name, values={"name": name}
            )
    if args["format"] not in FORMATS:
        raise InvalidInput(N_("unknown list format %(format)r; use one of %(FORMATS)s"), field="format",
        values={"format": args['format'], "FORMATS": ', '.join(FORMATS)})  # fmt: skip
    if not Path(args["path"]).exists():
        raise InvalidInput(N_("no file %(path)s"), field="path", values={"path": args["path"]})
    return dict(args)


def _report_args(args: dict[str, Any]) -> dict[str, Any]:
    """Only what the report reads: a year or basis given for a report without one is dropped."""
    report, fmt = args.get("report"), args.get("format") or "xlsx"
    if report not in REPORTS:
        choices = Words(tuple(Word(k, t, typed=True) for k, t in REPORTS.items()))
        raise InvalidInput(N_("report is one of: %(choices)s"), field="report",
                           values={"choices": choices})  # fmt: skip
    if fmt not in REPORT_FORMATS:
        raise InvalidInput(N_("format is one of: %(choices)s"), field="format",
                           values={"choices": ", ".join(REPORT_FORMATS)})  # fmt: skip
    checked: dict[str, Any] = {"report": report, "format": fmt}
    if report == "register":
        return checked
    try:
        year = int(str(args.get("year", "")).strip())
    except ValueError:
        raise InvalidInput(N_("year must be a calendar year"), field="year") from None
    if not 1990 <= year <= 2100:
        raise InvalidInput(N_("year must be a calendar year"), field="year")
    checked["year"] = year
    if report == "att":
        basis = args.get("basis") or "actual"
        if basis not in REPORT_BASES:
            raise InvalidInput(N_("basis is one of: %(choices)s"), field="basis",
                               values={"choices": ", ".join(REPORT_BASES)})  # fmt: skip
        checked["basis"] = basis
    return checked


def _dossier_args(args: dict[str, Any]) -> dict[str, Any]:
    try:
        case_id = int(args.get("case_id", ""))
    except (TypeError, ValueError):
        raise InvalidInput(N_("case_id is a case's number"), field="case_id") from None
    language = args.get("language") or "en"
    if language not in LANGUAGES:
        raise InvalidInput(N_("language is one of: %(choices)s"), field="language",
                           values={"choices": ", ".join(LANGUAGES)})  # fmt: skip
    return {"case_id": case_id, "language": language}


def job_key(kind: str, args: dict[str, Any], actor: Actor) -> str | None:
    """The identity of a report or dossier job: asked for again by the same person while it is
    queued or running, the same job is returned (its result is theirs alone to download)."""
    if kind not in ("report", "dossier"):
        return None
    return ":".join([kind, str(actor.user_id or "system"),
                     *(f"{k}={args[k]}" for k in sorted(args))])[:200]  # fmt: skip


def result_file(session: Session, actor: Actor, job_id: int) -> tuple[Path, str, str]:
    """A finished job's file (a report, a dossier): (path, download name, media type). Only the
    person who started it may have it (the system: any)."""
    job = get_job(session, actor, job_id)
    if actor.username != "system" and job.user_id != (actor.user_id or None):
        raise NotFound(N_("no job %(id)s"), field="job_id", values={"id": job_id})
    result = job.result or {}
    if job.state != "succeeded" or "file" not in result:
        raise InvalidInput(N_("job %(id)s has no file to download (yet)"), field="job_id",
                           values={"id": job_id})  # fmt: skip
    path = result_path(job.id, str(result["file"]))
    if not path.exists():
        raise NotFound(N_("the file of job %(id)s is no longer kept"), field="job_id",
                       values={"id": job_id})  # fmt: skip
    return path, str(result["file"]), MEDIA[path.suffix.lstrip(".")]


def result_path(job_id: int, name: str) -> Path:
    """Where a job's file is kept: in the data folder, which every worker shares."""
    return get_settings().data_dir / "results" / f"job-{job_id}" / name


def get_job(session: Session, actor: Actor, job_id: int) -> JobRow:
    require_staff(actor)
    row = session.get(JobRow, job_id)
    if row is None:
        raise NotFound(N_("no job %(job_id)s"), field="job_id", values={"job_id": job_id})
    return row


def list_jobs(session: Session, actor: Actor, limit: int = 100) -> list[JobRow]:
    """The newest jobs started by a person or the system; the shares of a split job are counted
    in their parent."""
    require_staff(actor)
    stmt = select(JobRow).where(JobRow.parent_id.is_(None)).order_by(JobRow.id.desc())
    return list(session.scalars(stmt.limit(limit)))


def require_staff(actor: Actor) -> None:
    if not actor.has(*STAFF_ROLES):
        raise Forbidden(N_("only staff see background jobs"))


def as_dict(row: JobRow) -> dict[str, Any]:
    return {
        "id": row.id, "kind": row.kind, "args": row.args, "state": row.state, "stage": row.stage,
        "done": row.done, "total": row.total, "attempts": row.attempts,
        "started_by": row.started_by, "worker": row.worker, "result": row.result,
        "error": row.error, "created_at": row.created_at.isoformat(),
        "started_at": row.started_at.isoformat() if row.started_at else None,
        "finished_at": row.finished_at.isoformat() if row.finished_at else None,
    }  # fmt: skip
