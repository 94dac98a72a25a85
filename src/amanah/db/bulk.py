"""Inserting many rows at once: PostgreSQL's COPY, or executemany elsewhere (SQLite)."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Sequence
from typing import Any

from sqlalchemy import JSON, Select, Table, insert, text
from sqlalchemy.orm import Session

from amanah.db.engine import json_dumps

_BATCH = 5000


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert `rows` (all with the same keys) into `table` inside the session's transaction.
    Values are what the ORM would take, except that no column type's Python-side processing
    runs: JSON columns are serialised here, datetimes must be aware."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        for start in range(0, len(rows), _BATCH):
            connection.execute(insert(table), list(rows[start : start + _BATCH]))
        return
    columns = list(rows[0])
    as_json = [isinstance(table.c[name].type, JSON) for name in columns]
    preparer = connection.dialect.identifier_preparer
    names = ", ".join(preparer.quote(name) for name in columns)
    driver = connection.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor:
        with cursor.copy(f"COPY {preparer.format_table(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([
                    json_dumps(row[name]) if encode else row[name]
                    for name, encode in zip(columns, as_json, strict=True)
                ])  # fmt: skip


def fetch_rows(session: Session, statement: Select[*tuple[Any, ...]]) -> list[Any]:
    """Run a SELECT of plain columns on the session's connection straight through the driver,
    for reads of hundreds of thousands of rows: named tuples, without SQLAlchemy's per-row
    processing. Values come as the driver gives them: on SQLite, dates are ISO strings and
    booleans 0 or 1. Parameters are rendered as literals, so pass only the application's own
    values (states, codes, ids), never free text."""
    connection = session.connection()
    sql = str(statement.compile(dialect=connection.dialect,
                                compile_kwargs={"literal_binds": True}))  # fmt: skip
    row = namedtuple("row", [column.name for column in statement.selected_columns])  # type: ignore[misc]  # noqa: PYI024
    driver = connection.connection.driver_connection
    assert driver is not None
    cursor = driver.cursor()
    try:
        if connection.dialect.name == "postgresql":  # no parameters: percent signs are literal
            sql = sql.replace("%%", "%")
        cursor.execute(sql)
        return list(map(row._make, cursor.fetchall()))
    finally:
        cursor.close()


def allocate_ids(session: Session, table: Table, count: int) -> list[int] | None:
    """On PostgreSQL, `count` new ids from the table's id sequence, so that rows inserted with
    COPY are known without reading them back; None elsewhere."""
    connection = session.connection()
    if connection.dialect.name != "postgresql" or count == 0:
        return None
    found = connection.execute(
        text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"),
        {"table": table.name, "n": count},
    )
    return list(found.scalars())
