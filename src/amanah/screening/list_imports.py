"""List imports: a list's new version stored, then the matcher and open cases brought up to it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from amanah.audit import service as audit
from amanah.audit.verbs import Verb
from amanah.errors import Forbidden
from amanah.i18n import N_
from amanah.screening.entity import Delta, compute_delta
from amanah.screening.lists import checksum, parse
from amanah.screening.models import ListedEntityRow, ListImportRow, ScreeningHitRow
from amanah.screening.service import apply_delta, lists_state, rescreen_open_cases
from amanah.users.roles import SYSTEM, Actor, Role

Progress = Callable[[str, int, int], None]


@dataclass
class ImportResult:
    record: ListImportRow | None
    list_name: str
    delta: Delta
    unchanged: bool = False
    new_hits: list[ScreeningHitRow] = field(default_factory=list)
    blocked_cases: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "list": self.list_name,
            "import_id": self.record.id if self.record else None,
            "unchanged": self.unchanged,
            "published": self.record.published.isoformat()
            if self.record and self.record.published
            else None,
            "entities": self.record.entities if self.record else None,
            **self.delta.counts(),
            "new_hits": len(self.new_hits),
            "blocked_cases": self.blocked_cases,
        }


def import_list(
    session: Session, actor: Actor, path: Path, fmt: str, progress: Progress | None = None
) -> ImportResult:
    """Parse (a broken file is refused before anything is written), store the new version,
    record the import and its delta, then re-screen the parties of open cases against the delta."""
    if not actor.has(Role.EXPORT_CONTROL, Role.ADMINISTRATOR) and actor is not SYSTEM:
        raise Forbidden(N_("only export control or an administrator imports sanctions lists"))
    report = progress or (lambda _stage, _done, _total: None)
    before = lists_state(session)
    parsed = parse(path, fmt)
    digest = checksum(parsed)
    report("parsed", len(parsed.entities), len(parsed.entities))
    last = session.scalars(
        select(ListImportRow)
        .where(ListImportRow.list_name == parsed.list_name)
        .order_by(ListImportRow.id.desc())
    ).first()
    if last is not None and last.sha256 == digest:
        return ImportResult(last, parsed.list_name, Delta(), unchanged=True)
    stored = {
        row.entity_id: row
        for row in session.scalars(
            select(ListedEntityRow).where(ListedEntityRow.list_name == parsed.list_name)
        )
    }
    previous = {eid: row.content_hash for eid, row in stored.items() if row.active}
    delta, hashes = compute_delta(previous, parsed.entities)
    record = ListImportRow(
        list_name=parsed.list_name, format=fmt, filename=path.name, sha256=digest,
        published=parsed.published, imported_by=actor.username, entities=len(parsed.entities),
        names=sum(len(e.all_names) for e in parsed.entities), **delta.counts(),
    )  # fmt: skip
    session.add(record)
    session.flush()
    touched = delta.touched
    _store_entities(session, stored, delta, hashes, record.id, report)
    for entity_id in delta.removed:
        stored[entity_id].active = False
        stored[entity_id].import_id = record.id
    session.flush()
    report("stored", len(touched), len(touched))
    audit.record(session, actor, Verb.LIST_IMPORTED, "list", parsed.list_name,
                 after={"import_id": record.id, "sha256": digest, "published": str(parsed.published),
                        **delta.counts()})  # fmt: skip
    apply_delta(session, parsed.list_name, delta, before, record.id)
    result = ImportResult(record, parsed.list_name, delta)
    result.new_hits, result.blocked_cases = rescreen_open_cases(session, delta, record.id)
    return result


def _store_entities(
    session: Session,
    stored: dict[str, ListedEntityRow],
    delta: Delta,
    hashes: dict[str, str],
    import_id: int,
    report: Progress,
) -> None:
    """New entries in bulk (a first import is the whole list), changed ones in place."""
    batch: list[dict[str, Any]] = []
    total = len(delta.touched)
    fresh = [e for e in delta.added if e.entity_id not in stored]
    # an entry removed earlier and listed again is updated in place, like a changed one
    for done, entity in enumerate(fresh, start=1):
        batch.append({
            "list_name": entity.list_name, "entity_id": entity.entity_id, "schema": entity.schema,
            "caption": entity.caption[:500], "listed_on": entity.listed_on,
            "content_hash": hashes[entity.entity_id], "record": entity.as_record(), "active": True,
            "import_id": import_id,
        })  # fmt: skip
        if len(batch) == 5000 or done == len(fresh):
            session.execute(insert(ListedEntityRow), batch)
            batch = []
            report("stored", done, total)
    for entity in [*delta.changed, *(e for e in delta.added if e.entity_id in stored)]:
        row = stored[entity.entity_id]
        row.schema, row.caption, row.listed_on = (
            entity.schema,
            entity.caption[:500],
            entity.listed_on,
        )
        row.content_hash, row.record = hashes[entity.entity_id], entity.as_record()
        row.active, row.import_id = True, import_id


def imports(session: Session) -> list[ListImportRow]:
    return list(session.scalars(select(ListImportRow).order_by(ListImportRow.id.desc())))
