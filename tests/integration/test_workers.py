"""Several processes on one PostgreSQL, as in production: two web processes (`amanah serve`)
and two workers (`amanah worker`). A list import uploaded to one web process shows its progress
in the other, re-screens the open cases once, and survives its worker being killed with -9
midway: another worker retries it, nothing is doubled and the audit trail verifies."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, func, select

from amanah.agreements.models import AlertRow
from amanah.audit.models import AuditEventRow
from amanah.db.engine import transaction
from amanah.demo import PASSWORD
from amanah.screening.models import ListImportRow, ScreeningHitRow
from tests.factories.screening import ftm_lines, ftm_person

pytestmark = pytest.mark.postgres
AMANAH = [sys.executable, "-m", "amanah.cli.main"]
FREIGHT = {"id": "ftm-air-force", "schema": "Organization", "datasets": ["test_list"],
           "properties": {"name": ["Royal Beta Air Force"], "country": ["xb"]}}  # fmt: skip
FILLER = 40_000  # listed entries besides the one that names a demo party: seconds of work


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def cluster(engine: Engine, data_dir: Path) -> Iterator[dict[str, Any]]:
    env = {**os.environ, "AMANAH_DATABASE_URL": str(engine.url.render_as_string(False)),
           "AMANAH_DATA_DIR": str(data_dir), "AMANAH_JOBS_RUNNER": "queue",
           "PYTHONPATH": os.pathsep.join(sys.path)}  # fmt: skip
    demo = subprocess.run([*AMANAH, "demo"], env=env, capture_output=True, text=True, check=False)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    ports = [_port(), _port()]
    logs = data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)

    def start(name: str, *args: str) -> subprocess.Popen[bytes]:
        with open(logs / f"{name}.log", "wb") as log:
            return subprocess.Popen([*AMANAH, *args], env=env, stdout=log, stderr=subprocess.STDOUT)

    processes = {
        "web": [start(f"web-{p}", "serve", "--port", str(p)) for p in ports],
        "workers": [start(f"worker-{n}", "worker") for n in range(2)],
    }
    try:
        urls = [f"http://127.0.0.1:{p}" for p in ports]
        for url in urls:
            _wait_for(
                lambda url=url: httpx.get(f"{url}/healthz", timeout=10).status_code == 200, 300
            )
        for n in range(2):  # each worker says so once it is connected and taking jobs
            _wait_for(
                lambda n=n: "waiting" in (logs / f"worker-{n}.log").read_text(errors="replace"), 300
            )
        yield {"urls": urls, "env": env, **processes}
    finally:
        # shown by pytest when the test failed: what each process said
        for log in sorted(logs.iterdir()):
            print(f"---- {log.name}\n{log.read_text(errors='replace')[-3000:]}")
        for process in [*processes["web"], *processes["workers"]]:
            if process.poll() is None:
                process.terminate()
        for process in [*processes["web"], *processes["workers"]]:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_for(ready: Any, seconds: float) -> Any:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            found = ready()
        except httpx.HTTPError:
            found = None
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"not within {seconds} s")


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_list_import_survives_a_killed_worker_and_is_seen_from_the_other_web_process(
    cluster: dict[str, Any], engine: Engine, tmp_path: Path
) -> None:
    first, second = cluster["urls"]
    token = httpx.post(f"{first}/api/v1/auth/token", timeout=60,
                       data={"username": "export", "password": PASSWORD}).json()["token"]  # fmt: skip
    auth = {"Authorization": f"Bearer {token}"}
    entities = [
        FREIGHT,
        *(ftm_person(f"filler-{n}", f"Filler Person {n:06d}") for n in range(FILLER)),
    ]
    listed = tmp_path / "list.json"
    listed.write_text(ftm_lines(*entities), encoding="utf-8")
    with transaction(engine) as session:
        hits_before = session.scalar(select(func.count()).select_from(ScreeningHitRow))
    started = httpx.post(f"{first}/api/v1/lists/imports", headers=auth, timeout=60,
                         files={"file": ("list.json", listed.read_bytes())}, data={"format": "ftm"})  # fmt: skip
    assert started.status_code == 202, started.text
    job_id = started.json()["id"]

    def job() -> dict[str, Any]:
        answer = httpx.get(f"{second}/api/v1/jobs/{job_id}", headers=auth, timeout=60)
        assert answer.status_code == 200
        return dict(answer.json())

    # progress, read from the other web process, while a worker runs the import (parsed, then
    # stored batch by batch, then the re-screening)
    running = _wait_for(lambda: (j := job())["state"] == "running" and j["stage"] and j["done"] > 0
                        and j, 120)  # fmt: skip
    pid = int(running["worker"].rsplit(":", 1)[1])
    pids = {p.pid: p for p in cluster["workers"]}
    assert pid in pids, f"job run by {running['worker']}, not one of the workers {list(pids)}"
    os.kill(pid, signal.SIGKILL)
    pids[pid].wait(10)
    finished = _wait_for(lambda: (j := job())["state"] in ("succeeded", "failed") and j, 180)
    assert finished["state"] == "succeeded", finished
    assert finished["attempts"] == 2 and finished["worker"] != running["worker"]
    assert finished["result"]["added"] == FILLER + 1 and finished["result"]["blocked_cases"]

    with transaction(engine) as session:
        imports = session.scalars(
            select(ListImportRow).where(ListImportRow.list_name == finished["result"]["list"])
        ).all()
        assert len(imports) == 1  # the killed attempt left nothing
        hits = session.execute(select(ScreeningHitRow.party_id, ScreeningHitRow.entity_id,
                                      ScreeningHitRow.entity_hash)).all()  # fmt: skip
        assert len(hits) > (hits_before or 0)
        assert max(Counter(hits).values()) == 1  # no hit twice
        raised = session.scalar(select(func.count()).select_from(AuditEventRow).where(
            AuditEventRow.verb == "screening.hit_raised"))  # fmt: skip
        assert raised == len(hits)
        alerts = Counter(session.scalars(select(AlertRow.case_id).where(
            AlertRow.kind == "screening_hit", AlertRow.message.contains("Royal Beta Air Force"))))  # fmt: skip
        assert alerts and max(alerts.values()) == 1  # each case alerted once for this import
    verify = subprocess.run([*AMANAH, "audit", "verify"], env=cluster["env"], capture_output=True,
                            text=True, check=False)  # fmt: skip
    assert verify.returncode == 0, verify.stdout + verify.stderr
