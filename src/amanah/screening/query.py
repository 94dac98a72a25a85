"""What is screened and what comes back (pure, light: the web app imports it at start-up)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from amanah.screening.entity import ListedEntity
from amanah.screening.normalise import is_latin, latin

# recorded with each hit (at most 60 characters: ScreeningHitRow.algorithm_version); "kx": the
# keys stand in for the name score across every script, not only Arabic (exactly, for others);
# "kx2": for kana, Hangul, Hebrew and Thai, their coarse keys too (`normalise.coarse`)
ALGORITHM_VERSION = "amanah-key-4+logic-v2+known-words+reread+initials+common+kx2"
ORGANISATION_SCHEMAS = frozenset({"Organization", "LegalEntity", "Company", "Vessel", "Airplane"})


@dataclass(frozen=True)
class Query:
    name: str
    country: str | None = None
    birth_date: str | None = None
    type: str | None = None  # person | organization
    identifiers: tuple[str, ...] = ()

    @property
    def organisation(self) -> bool:
        return self.type in ("organization", "organisation")


@dataclass(frozen=True)
class Hit:
    list_name: str
    entity_id: str
    name: str
    score: float
    explanation: dict[str, Any]
    entity: ListedEntity = field(repr=False, compare=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "list": self.list_name,
            "entity_id": self.entity_id,
            "name": self.name,
            "score": round(self.score, 4),
            "explanation": self.explanation,
        }


def query_names(query: Query) -> list[str]:
    names = [query.name]
    if not is_latin(query.name):
        names.append(latin(query.name))
    return names


def as_query(name: str, country: str | None, birth_date: str | None, type_: str | None) -> Query:
    return Query(
        name=" ".join(name.split()),
        country=(country or "").strip().upper() or None,
        birth_date=(birth_date or "").strip() or None,
        type=(type_ or "").strip().lower() or None,
    )
