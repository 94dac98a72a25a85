"""What a screening asks and what it finds: light value types, importable without loading the
matcher (nomenklatura, scikit-learn), so the web application starts in a second or two."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from amanah.screening.entity import ListedEntity

ALGORITHM_VERSION = "amanah-key-2+nomenklatura-logic-v2+birth-year-near"


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
