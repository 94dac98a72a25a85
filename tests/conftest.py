"""Fixture strategy.

- Unit tests (tests/unit) use no database: pure domain objects from tests/factories.
- Storage, service, CLI and web tests take the `engine` fixture, which is parametrised over
  SQLite (a fresh file per test) and a real PostgreSQL server. The server is started once per
  test session from the machine's binaries (initdb + pg_ctl, as the `postgres` user when the
  tests run as root) in a temporary directory; each test gets its own new database.
- Every test gets its own AMANAH_DATA_DIR (documents, SQLite file), so nothing leaks between tests.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from hypothesis import settings
from sqlalchemy import Engine

from amanah import bus
from amanah.config import get_settings
from amanah.db.engine import default_engine, make_engine, migrate
from amanah.screening.service import forget_matchers

# Hypothesis: no per-example deadline (two cores shared with a database server and a browser make
# timings meaningless; a slow example is a benchmark's business). `mutate` (tools/mutate.py):
# also no example database and a fixed seed, so every mutant meets the same examples.
settings.register_profile("amanah", deadline=None)
settings.register_profile("mutate", deadline=None, database=None, derandomize=True)
settings.load_profile(os.environ.get("AMANAH_HYPOTHESIS_PROFILE", "amanah"))


def _pg_bindir() -> Path | None:
    found = shutil.which("pg_config")
    if found:
        out = subprocess.run([found, "--bindir"], capture_output=True, text=True, check=False)
        candidate = Path(out.stdout.strip())
        if (candidate / "initdb").exists():
            return candidate
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    return Path(dirs[-1]) if dirs else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    bindir = _pg_bindir()
    if bindir is None:
        pytest.fail("PostgreSQL binaries not found: install Debian's postgresql (.ci/run does)")
    root = Path(tempfile.mkdtemp(prefix="amanah-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
    port = _free_port()
    subprocess.run(_as_server_user([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U",
                                    "postgres", "-E", "UTF8"]), check=True, capture_output=True)  # fmt: skip
    options = (
        f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    )
    subprocess.run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-w",
                                    "-l", str(root / "log"), "start"]), check=True, capture_output=True)  # fmt: skip
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(_as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
                       check=False, capture_output=True)  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(autouse=True, scope="session")
def message_bus() -> None:
    """Services record domain events; the bus runs their handlers (as every entry point does)."""
    bus.start()


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("AMANAH_DATA_DIR", str(tmp_path / "amanah"))
    monkeypatch.delenv("AMANAH_DATABASE_URL", raising=False)
    # jobs run in the process that starts them, on PostgreSQL too: no test waits for a worker
    # (tests/integration/test_workers.py runs real ones)
    monkeypatch.setenv("AMANAH_JOBS_RUNNER", "inline")
    # `amanah screen` screens in its own process: no test leaves a screening process running
    # (tests/integration/test_screening_server.py starts real ones)
    monkeypatch.setenv("AMANAH_SCREENING_IDLE", "0")
    get_settings.cache_clear()
    default_engine.cache_clear()
    yield tmp_path / "amanah"
    get_settings.cache_clear()
    default_engine.cache_clear()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, data_dir: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{data_dir / 'amanah.db'}"
        return
    server: str = request.getfixturevalue("pg_server")
    name = "t_" + uuid.uuid4().hex[:12]
    admin = server.replace("postgresql+psycopg", "postgresql") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield f"{server}/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def engine(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    monkeypatch.setenv("AMANAH_DATABASE_URL", database_url)
    get_settings.cache_clear()
    default_engine.cache_clear()
    engine = make_engine(database_url)
    migrate(engine)
    yield engine
    engine.dispose()
    default_engine.cache_clear()
    forget_matchers()
