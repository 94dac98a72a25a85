"""A listed entity as every parser yields it, whatever the list's format (pure, no I/O)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

SCHEMAS = ("Person", "Organization", "LegalEntity", "Vessel", "Airplane")


@dataclass(frozen=True)
class ListedEntity:
    """One entry of a sanctions list. `names[0]` is the primary name; `original_script` holds the
    names the list gives in their own script (Arabic, Cyrillic…)."""

    list_name: str
    entity_id: str
    schema: str
    names: tuple[str, ...]
    original_script: tuple[str, ...] = ()
    weak_aliases: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    birth_dates: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    listed_on: date | None = None
    reference: str = ""
    remarks: str = ""
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def caption(self) -> str:
        return self.names[0]

    @property
    def all_names(self) -> tuple[str, ...]:
        return self.names + self.original_script + self.weak_aliases

    def content_hash(self) -> str:
        """Changes when anything a screening decision depends on changes."""
        data = asdict(self)
        data.pop("extra")
        data["listed_on"] = self.listed_on.isoformat() if self.listed_on else None
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:32]

    def as_record(self) -> dict[str, object]:
        return {
            "names": list(self.names),
            "original_script": list(self.original_script),
            "weak_aliases": list(self.weak_aliases),
            "countries": list(self.countries),
            "birth_dates": list(self.birth_dates),
            "identifiers": list(self.identifiers),
            "programmes": list(self.programmes),
            "reference": self.reference,
            "remarks": self.remarks[:2000],
        }

    @classmethod
    def from_record(
        cls,
        list_name: str,
        entity_id: str,
        schema: str,
        listed_on: date | None,
        record: dict[str, object],
    ) -> ListedEntity:
        def strings(key: str) -> tuple[str, ...]:
            value = record.get(key) or []
            assert isinstance(value, list)
            return tuple(str(v) for v in value)

        return cls(
            list_name=list_name,
            entity_id=entity_id,
            schema=schema,
            names=strings("names"),
            original_script=strings("original_script"),
            weak_aliases=strings("weak_aliases"),
            countries=strings("countries"),
            birth_dates=strings("birth_dates"),
            identifiers=strings("identifiers"),
            programmes=strings("programmes"),
            listed_on=listed_on,
            reference=str(record.get("reference") or ""),
            remarks=str(record.get("remarks") or ""),
        )


@dataclass(frozen=True)
class ParsedList:
    """What a parser read from one file (and its companions: OFAC's `alt.csv`, `add.csv`)."""

    list_name: str
    published: date | None
    entities: tuple[ListedEntity, ...]
    format: str
    sources: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Delta:
    """What an import changed compared with the previous version of the same list."""

    added: tuple[ListedEntity, ...] = ()
    changed: tuple[ListedEntity, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def touched(self) -> tuple[ListedEntity, ...]:
        return self.added + self.changed

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "changed": len(self.changed),
            "removed": len(self.removed),
        }


def compute_delta(
    previous: dict[str, str], entities: tuple[ListedEntity, ...]
) -> tuple[Delta, dict[str, str]]:
    """`previous` maps entity id → content hash of the stored version."""
    added: list[ListedEntity] = []
    changed: list[ListedEntity] = []
    current: dict[str, str] = {}
    for entity in entities:
        digest = entity.content_hash()
        current[entity.entity_id] = digest
        before = previous.get(entity.entity_id)
        if before is None:
            added.append(entity)
        elif before != digest:
            changed.append(entity)
    removed = tuple(sorted(set(previous) - set(current)))
    return Delta(tuple(added), tuple(changed), removed), current
