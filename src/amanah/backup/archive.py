"""Backup and restore of every table (and the stored documents) as one zip archive.

Restore checks the whole archive before it touches the database, then replaces all rows in one
transaction and verifies the audit chain before committing: a broken archive changes nothing."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Table, delete, insert, select
from sqlalchemy.orm import Session

import amanah.db.models  # noqa: F401  (every table on the metadata)
from amanah.audit.service import verify_chain
from amanah.db.base import Base
from amanah.errors import InvalidInput

FORMAT = "amanah-backup/1"


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _decode(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in row.items():
        if name not in table.c:
            raise InvalidInput(f"table {table.name} has no column {name!r}", field="archive")
        kind = table.c[name].type.python_type
        if value is None:
            out[name] = None
        elif kind is datetime:
            out[name] = datetime.fromisoformat(value)
        elif kind is date:
            out[name] = date.fromisoformat(value)
        elif kind is Decimal:
            out[name] = Decimal(value)
        else:
            out[name] = value
    return out


def backup(
    session: Session,
    documents_dir: Path,
    path: Path,
    progress: Callable[[str], None] = lambda _: None,
) -> dict[str, int]:
    counts: dict[str, int] = {}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in Base.metadata.sorted_tables:
            rows = [
                {k: _encode(v) for k, v in r._mapping.items()}
                for r in session.execute(select(table))
            ]
            archive.writestr(f"tables/{table.name}.json", json.dumps(rows, ensure_ascii=False))
            counts[table.name] = len(rows)
            progress(table.name)
        if documents_dir.exists():
            for file in sorted(documents_dir.rglob("*")):
                if file.is_file():
                    archive.write(file, f"documents/{file.name}")
        archive.writestr("manifest.json", json.dumps({"format": FORMAT, "counts": counts}))
    return counts


def _read(path: Path) -> tuple[dict[str, list[dict[str, Any]]], dict[str, bytes]]:
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise InvalidInput(f"{path} is not an Amanah backup: {error}", field="path") from None
    with archive:
        try:
            manifest = json.loads(archive.read("manifest.json"))
            if manifest.get("format") != FORMAT:
                raise InvalidInput(
                    f"{path} has format {manifest.get('format')!r}, expected {FORMAT}", field="path"
                )
            tables = {
                t.name: json.loads(archive.read(f"tables/{t.name}.json"))
                for t in Base.metadata.sorted_tables
            }
            documents = {
                Path(n).name: archive.read(n)
                for n in archive.namelist()
                if n.startswith("documents/")
            }
        except (KeyError, ValueError, zipfile.BadZipFile) as error:
            raise InvalidInput(f"{path} is damaged or incomplete: {error}", field="path") from None
    for name, rows in tables.items():
        if len(rows) != manifest["counts"].get(name):
            raise InvalidInput(f"{path}: table {name} has {len(rows)} rows, manifest says "
                               f"{manifest['counts'].get(name)}", field="path")  # fmt: skip
    for name, content in documents.items():
        if hashlib.sha256(content).hexdigest() != name:
            raise InvalidInput(f"{path}: document {name} does not match its checksum", field="path")
    return tables, documents


def restore(engine: Engine, documents_dir: Path, path: Path) -> dict[str, int]:
    tables, documents = _read(path)
    decoded = {t.name: [_decode(t, r) for r in tables[t.name]] for t in Base.metadata.sorted_tables}
    with Session(engine) as session, session.begin():
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(delete(table))
        for table in Base.metadata.sorted_tables:
            if decoded[table.name]:
                session.execute(insert(table), decoded[table.name])
        _, broken = verify_chain(session)
        if broken is not None:
            raise InvalidInput(f"{path}: the audit chain in the backup is broken at event "
                               f"{broken.seq} ({broken.problem}); nothing was restored", field="path")  # fmt: skip
        if engine.dialect.name == "postgresql":
            _reset_sequences(session)
    for name, content in documents.items():
        target = documents_dir / name[:2] / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return {name: len(rows) for name, rows in decoded.items()}


def _reset_sequences(session: Session) -> None:
    from sqlalchemy import text

    for table in Base.metadata.sorted_tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or pk[0].autoincrement is False or pk[0].type.python_type is not int:
            continue
        name, column = table.name, pk[0].name
        session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{name}', '{column}'), "
            f"COALESCE((SELECT MAX({column}) FROM {name}), 0) + 1, false)"))  # fmt: skip
