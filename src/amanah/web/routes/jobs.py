"""Background jobs in pages and the API: the Jobs page (state and progress of each job, forms
to start them, the file a report or dossier job made) and /api/v1/jobs; a list file is
uploaded and imported as a job."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from pydantic import BaseModel, ConfigDict
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from amanah.cases.service import get_case
from amanah.config import get_settings
from amanah.errors import Forbidden, InvalidInput
from amanah.i18n import N_, current_language
from amanah.i18n import gettext as _
from amanah.jobs import runner
from amanah.jobs import service as jobs
from amanah.jobs.models import JobRow
from amanah.screening.lists import FORMATS
from amanah.users.roles import Actor
from amanah.web.deps import Db, Who, check_csrf, page
from amanah.web.forms import FormState, attempt, done, posted
from amanah.web.responses import download
from amanah.web.uploads import read_upload

router = APIRouter(tags=["jobs"])
MAX_LIST_BYTES = 512 * 1024 * 1024
STARTABLE = ("reassess", "calendar_check", "backup")  # started from a form or JSON; lists upload
API_STARTABLE = (*STARTABLE, "report", "dossier")  # reports and dossiers from their own pages


class JobIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str
    partner: str | None = None
    on: str | None = None
    report: str | None = None
    year: int | None = None
    basis: str | None = None
    format: str | None = None
    case_id: int | None = None


def _progress(job: JobRow) -> dict[str, Any]:
    """The job as every process sees it, with this process's newer progress if it runs it."""
    shown = jobs.as_dict(job)
    live = runner.LIVE.get(job.id)
    if live is not None and job.state == "running":
        shown["stage"], shown["done"], shown["total"] = live
    return shown


@router.get("/api/v1/jobs")
def api_jobs(session: Db, who: Who, limit: int = 100) -> list[dict[str, Any]]:
    """The newest jobs (state, progress, result), from whichever process runs them."""
    if not 1 <= limit <= 500:
        raise InvalidInput(N_("limit is between 1 and 500"), field="limit")
    return [_progress(j) for j in jobs.list_jobs(session, who, limit=limit)]


@router.get("/api/v1/jobs/{job_id}")
def api_job(job_id: int, session: Db, who: Who) -> dict[str, Any]:
    return _progress(jobs.get_job(session, who, job_id))


@router.post("/api/v1/jobs", status_code=202)
def api_start(data: JobIn, session: Db, who: Who) -> dict[str, Any]:
    """Start a re-assessment of the open cases, a calendar check or a backup; 202: it runs in
    the background (on SQLite, before this answer)."""
    if data.kind not in API_STARTABLE:
        raise InvalidInput(N_("kind is one of: %(choices)s (lists: POST /api/v1/lists/imports)"),
                           field="kind", values={"choices": ", ".join(API_STARTABLE)})  # fmt: skip
    args = {k: v for k, v in data.model_dump(exclude={"kind"}).items() if v is not None}
    if data.kind == "dossier":
        start_dossier_check(session, who, data.case_id)
        args["language"] = current_language.get()
    return {"id": jobs.start(session, who, data.kind, args).id}


def start_dossier_check(session: Session, who: Actor, case_id: int | None) -> None:
    """A dossier is asked for by someone who may start one and see the case (else: not found)."""
    jobs.require_starter(who, "dossier")
    if case_id is None:
        raise InvalidInput(N_("case_id is a case's number"), field="case_id")
    get_case(session, who, case_id)


FILE = download(*jobs.MEDIA.values(), description="The file the job made")


@router.get("/api/v1/jobs/{job_id}/file", response_class=Response, responses=FILE)
def api_job_file(job_id: int, session: Db, who: Who) -> Response:
    """The file a finished report or dossier job made; only for the person who started it."""
    path, name, media = jobs.result_file(session, who, job_id)
    return FileResponse(path, media_type=media, filename=name)


@router.get("/jobs/{job_id}/file", include_in_schema=False)
def page_job_file(job_id: int, session: Db, who: Who) -> Response:
    return api_job_file(job_id, session, who)


async def _stored_list(request: Request, who: Actor) -> tuple[dict[str, str], str]:
    """The uploaded list file, kept in the data folder (every worker reads it there): the job's
    arguments and its key (the file's SHA-256: the same file twice is one job)."""
    jobs.require_starter(who, "list_import")
    form = await request.form()
    file, fmt = form.get("file"), str(form.get("format", ""))
    if not isinstance(file, UploadFile) or not file.filename:
        raise InvalidInput(N_("choose the list file"), field="file")
    if fmt not in FORMATS:
        raise InvalidInput(
            N_("format is one of: %(choices)s"),
            field="format",
            values={"choices": ", ".join(FORMATS)},
        )
    content = await read_upload(file, MAX_LIST_BYTES)
    digest = hashlib.sha256(content).hexdigest()
    name = re.sub(r"[^A-Za-z0-9._-]", "_", file.filename)[-100:] or "list"
    path = get_settings().data_dir / "lists" / digest / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return {"path": str(path.resolve()), "format": fmt}, digest


@router.post("/api/v1/lists/imports", status_code=202, tags=["screening"])
async def api_list_import(request: Request, session: Db, who: Who) -> dict[str, Any]:
    """Upload a list file (multipart: `file`, `format`) and import it as a job: its progress is
    at /api/v1/jobs/{id}; the parties of open cases are re-screened against what changed."""
    args, digest = await _stored_list(request, who)
    return {"id": jobs.start(session, who, "list_import", args, key=digest).id}


# ---- the Jobs page -------------------------------------------------------------------------


def _jobs_page(request: Request, session: Session, who: Actor, form: FormState,
               status_code: int = 200) -> HTMLResponse:  # fmt: skip
    found = [{**_progress(j), "created": j.created_at, "mine": j.user_id == (who.user_id or None)}
             for j in jobs.list_jobs(session, who)]  # fmt: skip
    running = any(j["state"] in jobs.ACTIVE for j in found)
    startable = [(k, _(jobs.KINDS[k].label)) for k in STARTABLE if jobs.may_start(who, k)]
    return page(request, "jobs.html", status_code=status_code, who=who, jobs=found, form=form,
                startable=startable, can_import=jobs.may_start(who, "list_import"),
                format_items=[{"value": f, "text": f, "selected": f == form.value("format")}
                              for f in FORMATS],
                labels={k: _(v.label) for k, v in jobs.KINDS.items()},
                can_report=jobs.may_start(who, "report"),
                refresh=running, section="jobs")  # fmt: skip


@router.get("/jobs", response_class=HTMLResponse, include_in_schema=False)
def jobs_page(request: Request, session: Db, who: Who) -> HTMLResponse:
    return _jobs_page(request, session, who, FormState())


@router.post("/jobs", include_in_schema=False)
async def jobs_start(request: Request, session: Db, who: Who) -> Response:
    values = await posted(request)
    kind = values.get("kind", "")
    if kind not in STARTABLE:
        raise Forbidden(N_("no such job to start here"))
    outcome, errors = attempt(session, lambda: jobs.start(session, who, kind, {}))
    if errors or outcome is None:
        return _jobs_page(request, session, who, FormState(values, errors), 422)
    return done("/jobs", _("Job %(id)s started") % {"id": outcome.id})


@router.post("/jobs/list-import", include_in_schema=False)
async def jobs_list_import(request: Request, session: Db, who: Who) -> Response:
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    try:
        args, digest = await _stored_list(request, who)
    except InvalidInput as error:
        values = {"format": str(form.get("format", ""))}
        return _jobs_page(
            request, session, who, FormState(values, {error.field or "file": error.message}), 422
        )
    job = jobs.start(session, who, "list_import", args, key=digest)
    return done("/jobs", _("Job %(id)s started") % {"id": job.id})
