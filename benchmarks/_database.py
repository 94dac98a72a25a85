"""A scratch database for a benchmark: SQLite in a temporary directory, or a new database on the
PostgreSQL server `--database-url` names, dropped afterwards, so every run starts empty."""

from __future__ import annotations

import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sqlalchemy import Engine, create_engine, make_url, text  # noqa: E402

from amanah import bus  # noqa: E402
from amanah.db.engine import make_engine, migrate  # noqa: E402


@contextmanager
def scratch_database(url: str = "") -> Iterator[Engine]:
    bus.start()  # services record domain events: the bus runs their handlers
    if not url or url.startswith("sqlite"):
        with tempfile.TemporaryDirectory() as tmp:
            engine = make_engine(f"sqlite:///{tmp}/benchmark.db")
            migrate(engine)
            yield engine
            engine.dispose()
        return
    server = make_url(url)
    name = f"amanah_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(server.set(database=name).render_as_string(hide_password=False))
    try:
        migrate(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
