"""Running jobs. On PostgreSQL the queue is procrastinate: `submit` defers the job once its row
is committed, and any number of `amanah worker` processes (on any machine) take jobs from it;
a worker killed midway is noticed by the others through its missing heartbeat and its job is
retried. On SQLite (one process) the runner is in-process, so `amanah serve` stays one command:
in the web server, a background thread runs the jobs one after another (SQLite has one writer)
while the pages show their progress; elsewhere (the CLI), the job runs right after the commit
that started it."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, func, select, text, update
from sqlalchemy.orm import Session

from amanah.config import get_settings
from amanah.db.base import utcnow
from amanah.db.engine import default_engine, transaction
from amanah.jobs.models import JobRow
from amanah.jobs.service import STALLED, uses_queue
from amanah.jobs.tasks import TASKS
from amanah.users.models import UserRow
from amanah.users.roles import SYSTEM, Actor
from amanah.users.service import actor_of

if TYPE_CHECKING:  # procrastinate (and psycopg) load only where a queue is used
    import procrastinate

log = logging.getLogger(__name__)
QUEUE = "amanah"
TASK = "amanah.run_job"
ATTEMPTS = 3
"""A job is tried at most this many times before it is marked failed."""
HEARTBEAT = 2.0
"""Seconds between a worker's heartbeats; one silent for STALLED seconds is taken for dead."""
PROGRESS_EVERY = 0.5
POLL = 0.5
"""Seconds between a waiting worker's looks at the queue, besides PostgreSQL's notifications."""


def in_thread() -> bool:
    """In-process jobs run in the background thread: AMANAH_JOBS_RUNNER=thread, or `auto` in
    a web server (`run_in_background`)."""
    mode = get_settings().jobs_runner
    return mode == "thread" or (mode == "auto" and _background.enabled)


def submit(engine: Engine, job_id: int) -> None:
    """Hand a committed job to the queue, to this process's background thread, or run it now."""
    if uses_queue(engine):
        from procrastinate.exceptions import AlreadyEnqueued

        try:
            _deferring(engine).configure_task(TASK, queue=QUEUE, queueing_lock=f"job-{job_id}",
                                              ).defer(job_id=job_id)  # fmt: skip
        except AlreadyEnqueued:
            pass  # queued already: the job is idempotent, once is enough
        return
    if in_thread():
        _background.executor().submit(_run_with_retries, engine, job_id)
        return
    _run_with_retries(engine, job_id)


def _run_with_retries(engine: Engine, job_id: int) -> None:
    for attempt in range(1, ATTEMPTS + 1):
        try:
            run(engine, job_id)
            return
        except Exception:
            log.exception("job %d failed (attempt %d of %d)", job_id, attempt, ATTEMPTS)


class _Background:
    """The web server's job thread (SQLite): one, since SQLite has one writer at a time; jobs
    wait their turn in its queue. Not a daemon: a server stopping lets the running job end."""

    def __init__(self) -> None:
        self.enabled = False
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(1, thread_name_prefix="amanah-job")
            return self._executor

    def wait(self) -> None:
        """Wait for every job handed to the thread so far (tests; a server shutting down)."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True)


_background = _Background()
wait_for_background_jobs = _background.wait


def run_in_background(engine: Engine) -> None:
    """In a web server on SQLite: run jobs in the background thread from now on, and resume
    the jobs a stopped server left queued or running (each is idempotent)."""
    _background.enabled = True
    if uses_queue(engine) or not in_thread():
        return
    with transaction(engine) as session:
        left = list(session.scalars(select(JobRow.id).where(
            JobRow.state.in_(("queued", "running", "retrying"))).order_by(JobRow.id)))  # fmt: skip
    for job_id in left:
        submit(engine, job_id)


# ---- running one job -----------------------------------------------------------------------


def run(engine: Engine, job_id: int) -> None:
    """Run job `job_id` once: its work and its success are stored together; a failure is
    recorded (retrying, or failed after ATTEMPTS) and raised again for the queue's retry."""
    with transaction(engine) as session:
        job = session.get(JobRow, job_id, with_for_update=True)
        if job is None or job.state in ("succeeded", "failed"):
            return  # delivered again after it finished: nothing to do
        job.state, job.attempts, job.error = "running", job.attempts + 1, ""
        job.started_at = job.started_at or utcnow()
        job.worker = f"{socket.gethostname()}:{os.getpid()}"[:100]
    started, cpu = time.perf_counter(), time.process_time()
    try:
        with transaction(engine) as session:
            job = session.get_one(JobRow, job_id)
            kind = job.kind
            result = TASKS[kind](session, job, _actor(session, job), _Reporter(engine, job_id))
            worked = time.perf_counter() - started
            if result is not None:
                _finish(session, job, result)
        log.info("job %d (%s) done in %.2f s (%.2f s of work, then the commit; %.2f s CPU)",
                 job_id, kind, time.perf_counter() - started, worked,
                 time.process_time() - cpu)  # fmt: skip
    except Exception as error:
        with transaction(engine) as session:
            job = session.get_one(JobRow, job_id)
            job.error = f"{type(error).__name__}: {error}"[:2000]
            job.state = "failed" if job.attempts >= ATTEMPTS else "retrying"
            if job.state == "failed":
                job.finished_at = utcnow()
        raise


def _actor(session: Session, job: JobRow) -> Actor:
    """Who started the job, as they are now (a deactivated user's job runs as nobody)."""
    if job.user_id is None:
        return SYSTEM
    user = session.get_one(UserRow, job.user_id)
    return actor_of(user)


def _finish(session: Session, job: JobRow, result: dict[str, Any]) -> None:
    job.state, job.result, job.finished_at = "succeeded", result, utcnow()
    stage, done, total = LIVE.pop(job.id, (job.stage, job.done, job.total))
    job.stage, job.total = stage[:100], max(total, job.total)
    job.done = max(done, job.total)
    if job.parent_id is None:
        return
    # the parent row is locked first: the last share to finish sees every other one finished
    parent = session.get_one(JobRow, job.parent_id, with_for_update=True)
    parent.done += job.total
    session.flush()
    unfinished = session.scalar(select(func.count()).select_from(JobRow).where(
        JobRow.parent_id == parent.id, JobRow.id != job.id, JobRow.state != "succeeded"))  # fmt: skip
    if unfinished == 0:
        counts: dict[str, int] = {}
        for share in session.scalars(select(JobRow).where(JobRow.parent_id == parent.id)):
            for outcome, n in (
                ((share.result if share.id != job.id else result) or {}).get("counts", {}).items()
            ):
                counts[outcome] = counts.get(outcome, 0) + n
        parent.state, parent.result, parent.finished_at = "succeeded", {"counts": counts}, utcnow()
        parent.stage = ""


class _Reporter:
    """Progress, written in its own short transaction so that every process sees it while the
    job's own transaction is open (at most every PROGRESS_EVERY seconds). SQLite allows one
    writer at a time, and the job is that writer: there the progress is kept in this process."""

    def __init__(self, engine: Engine, job_id: int) -> None:
        self.engine, self.job_id, self.last = engine, job_id, 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        LIVE[self.job_id] = (stage, done, total)
        now = time.monotonic()
        if self.engine.dialect.name == "sqlite" or (now - self.last < PROGRESS_EVERY
                                                    and done < total):  # fmt: skip
            return
        self.last = now
        with self.engine.begin() as connection:
            connection.execute(update(JobRow).where(JobRow.id == self.job_id)
                               .values(stage=stage[:100], done=done, total=total))  # fmt: skip


LIVE: dict[int, tuple[str, int, int]] = {}
"""The last progress of the jobs this process ran: (stage, done, total)."""


# ---- the queue (PostgreSQL) ----------------------------------------------------------------


def conninfo(engine: Engine) -> str:
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def _app(engine: Engine) -> procrastinate.App:
    import procrastinate

    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=conninfo(engine)))

    @app.task(name=TASK, queue=QUEUE, retry=procrastinate.RetryStrategy(max_attempts=ATTEMPTS - 1,
                                                                        wait=1))  # fmt: skip
    def run_job(job_id: int) -> None:
        run(engine, job_id)

    return app


_deferrers: dict[str, procrastinate.App] = {}


def _deferring(engine: Engine) -> procrastinate.App:
    """This process's app for deferring jobs, opened once."""
    key = str(engine.url)
    if key not in _deferrers:
        ensure_schema(engine)
        _deferrers[key] = _app(engine).open()
    return _deferrers[key]


def ensure_schema(engine: Engine) -> None:
    """Create procrastinate's tables on first use (once, whichever process comes first)."""
    with engine.begin() as connection:
        connection.execute(text("SELECT pg_advisory_xact_lock(202612)"))
        if connection.scalar(text("SELECT to_regclass('procrastinate_jobs')")) is None:
            import procrastinate

            schema = procrastinate.schema.SchemaManager.get_schema()
            connection.exec_driver_sql(schema.replace("%", "%%"))


def work(engine: Engine | None = None, concurrency: int = 1,
         stop: Callable[[], bool] | None = None) -> None:  # fmt: skip
    """Run a worker until interrupted: take jobs from the queue, and retry those of workers
    that stopped sending heartbeats (killed, or their machine lost)."""
    engine = engine or default_engine()
    if not uses_queue(engine):
        raise SystemExit("amanah worker needs PostgreSQL (on SQLite jobs run in the process "
                         "that starts them)")  # fmt: skip
    ensure_schema(engine)
    asyncio.run(_work(_app(engine), concurrency))


async def _work(app: procrastinate.App, concurrency: int) -> None:
    async with app.open_async():
        recovery = asyncio.create_task(_retry_stalled(app))
        try:
            await app.run_worker_async(queues=[QUEUE], concurrency=concurrency, wait=True,
                                       update_heartbeat_interval=HEARTBEAT,
                                       stalled_worker_timeout=STALLED,
                                       fetch_job_polling_interval=POLL)  # fmt: skip
        finally:
            recovery.cancel()


async def _retry_stalled(app: procrastinate.App) -> None:
    while True:
        await asyncio.sleep(HEARTBEAT)
        try:
            for job in await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=STALLED):
                log.warning("retrying job %s of a worker that stopped", job.id)
                await app.job_manager.retry_job(job)
        except Exception:
            log.exception("stalled jobs not checked")
