"""Backup and restore of every table (and the stored documents) as one zip archive.

The archive (format `amanah-backup/1`) holds `manifest.json` (`{"format", "counts"}`: rows per
table), `tables/<table>.json` (a JSON array of the table's rows; dates ISO 8601, decimals as
strings) and `documents/<sha256>` (each stored document under the SHA-256 of its bytes).
`check` verifies an archive without touching a database: every member's CRC, the format, every
table present with the row count of the manifest and columns of the schema, every document's
checksum, and the audit chain inside it. Restore checks the whole archive first, then replaces
all rows in one transaction and verifies the audit chain before committing: a broken archive
changes nothing."""

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
from amanah.audit.chain import ChainedEvent, verify
from amanah.audit.service import verify_chain
from amanah.db.base import Base
from amanah.errors import InvalidInput
from amanah.i18n import N_

FORMAT = "amanah-backup/1"
SUFFIX = ".zip"
# (stage, done, total), as the CLI's progress bars take it
Progress = Callable[[str, int, int], None]


def _silent(_stage: str, _done: int, _total: int) -> None:
    return None


def check_name(path: Path) -> None:
    """A backup is a zip archive and its name says so: `b.tgz` or `b.tar.gz` would be a zip
    under a false name, and `tar` would refuse it."""
    if path.suffix.lower() != SUFFIX:
        raise InvalidInput(N_("a backup is a zip archive: name it %(stem)s.zip, not %(name)s"),
                           field="path", values={"stem": path.stem or "backup", "name": path.name})  # fmt: skip


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
            raise InvalidInput(
                N_("table %(table)s has no column %(column)s"),
                field="archive",
                values={"table": table.name, "column": repr(name)},
            )
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
    progress: Progress = _silent,
) -> dict[str, int]:
    """Write the archive (refused unless its name ends in .zip); rows per table."""
    check_name(path)
    counts: dict[str, int] = {}
    tables = Base.metadata.sorted_tables
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, table in enumerate(tables, start=1):
            rows = [
                {k: _encode(v) for k, v in r._mapping.items()}
                for r in session.execute(select(table))
            ]
            archive.writestr(f"tables/{table.name}.json", json.dumps(rows, ensure_ascii=False))
            counts[table.name] = len(rows)
            progress(f"table {table.name}", done, len(tables))
        files = (
            sorted(f for f in documents_dir.rglob("*") if f.is_file())
            if documents_dir.exists()
            else []
        )
        for done, file in enumerate(files, start=1):
            archive.write(file, f"documents/{file.name}")
            progress("documents", done, len(files))
        archive.writestr("manifest.json", json.dumps({"format": FORMAT, "counts": counts}))
    return counts


def _read(path: Path) -> tuple[dict[str, list[dict[str, Any]]], dict[str, bytes]]:
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise InvalidInput(
            N_("%(path)s is not an Amanah backup: %(error)s"),
            field="path",
            values={"path": path, "error": error},
        ) from None
    with archive:
        try:
            damaged = archive.testzip()
            if damaged is not None:
                raise InvalidInput(
                    N_("%(path)s is damaged: %(member)s fails its CRC"),
                    field="path",
                    values={"path": path, "member": damaged},
                )
            manifest = json.loads(archive.read("manifest.json"))
            if manifest.get("format") != FORMAT:
                raise InvalidInput(
                    N_("%(path)s has format %(format)s, expected %(expected)s"),
                    field="path",
                    values={
                        "path": path,
                        "format": repr(manifest.get("format")),
                        "expected": FORMAT,
                    },
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
            raise InvalidInput(
                N_("%(path)s is damaged or incomplete: %(error)s"),
                field="path",
                values={"path": path, "error": error},
            ) from None
    for name, rows in tables.items():
        if len(rows) != manifest["counts"].get(name):
            raise InvalidInput(N_("%(path)s: table %(table)s has %(rows)s rows, manifest says %(listed)s"),
                               field="path", values={"path": path, "table": name, "rows": len(rows),
                                                     "listed": manifest["counts"].get(name)})  # fmt: skip
    for name, content in documents.items():
        if hashlib.sha256(content).hexdigest() != name:
            raise InvalidInput(
                N_("%(path)s: document %(name)s does not match its checksum"),
                field="path",
                values={"path": path, "name": name},
            )
    return tables, documents


def _decoded(path: Path) -> tuple[dict[str, list[dict[str, Any]]], dict[str, bytes]]:
    tables, documents = _read(path)
    decoded = {t.name: [_decode(t, r) for r in tables[t.name]] for t in Base.metadata.sorted_tables}
    return decoded, documents


def _chain_break(path: Path, events: list[dict[str, Any]]) -> None:
    chained = (
        ChainedEvent(**{k: v for k, v in e.items() if k in ChainedEvent.__dataclass_fields__})
        for e in sorted(events, key=lambda e: int(e["seq"]))
    )
    broken = verify(chained)
    if broken is not None:
        raise InvalidInput(N_("%(path)s: the audit chain in the backup is broken at event %(seq)s "
                              "(%(problem)s)"), field="path",
                           values={"path": path, "seq": broken.seq, "problem": broken.problem})  # fmt: skip


def check(path: Path) -> dict[str, int]:
    """Verify an archive as restore would, without a database: rows per table, and
    `documents` the number of documents. A problem raises InvalidInput naming it."""
    decoded, documents = _decoded(path)
    _chain_break(path, decoded.get("audit_events", []))
    return {**{name: len(rows) for name, rows in decoded.items()}, "documents": len(documents)}


def restore(
    engine: Engine, documents_dir: Path, path: Path, progress: Progress = _silent
) -> dict[str, int]:
    decoded, documents = _decoded(path)
    tables = Base.metadata.sorted_tables
    with Session(engine) as session, session.begin():
        for table in reversed(tables):
            session.execute(delete(table))
        for done, table in enumerate(tables, start=1):
            if decoded[table.name]:
                session.execute(insert(table), decoded[table.name])
            progress(f"table {table.name}", done, len(tables))
        _, broken = verify_chain(session)
        if broken is not None:
            raise InvalidInput(N_("%(path)s: the audit chain in the backup is broken at event "
                                  "%(seq)s (%(problem)s); nothing was restored"), field="path",
                               values={"path": path, "seq": broken.seq, "problem": broken.problem})  # fmt: skip
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
