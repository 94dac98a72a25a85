"""Engine, sessions and migrations. Services never commit: the caller (one web request, one CLI
command) owns the transaction through `transaction()`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import orjson
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from amanah.config import get_settings

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def json_dumps(value: object) -> str:
    """JSON columns are written with orjson: a bulk re-run stores thousands of fact snapshots."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def make_engine(url: str) -> Engine:
    json = {"json_serializer": json_dumps, "json_deserializer": orjson.loads}
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False}, **json)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=5000")
            # 32 MiB of page cache (the default is 2 MiB): a bulk re-run or report reads and
            # writes far more than that in one transaction
            cursor.execute("PRAGMA cache_size=-32768")
            cursor.close()

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True, pool_size=20, max_overflow=40, **json)


@lru_cache
def default_engine() -> Engine:
    return make_engine(get_settings().resolved_database_url)


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config  # loaded only to migrate: ~0.4 s of start-up otherwise

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (idempotent)."""
    from alembic import command

    command.upgrade(alembic_config(engine), "head")


def refresh_statistics(engine: Engine) -> None:
    """SQLite plans queries well only with table statistics (PostgreSQL's autovacuum keeps its
    own): without them the inbox sorts every case instead of walking the `updated_at` index."""
    if engine.dialect.name == "sqlite":
        with engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: everything inside is stored together or not at all."""
    with session_factory(engine)() as session, session.begin():
        yield session
