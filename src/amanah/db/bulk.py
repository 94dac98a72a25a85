"""Inserting many rows at once: PostgreSQL's COPY, or executemany elsewhere (SQLite)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import JSON, Table, insert
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
