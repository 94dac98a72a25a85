"""The frozen facts one assessment reads. Built by the service from stored rows, or from an
advisory (what-if) request; the rules never see the database."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from amanah.cases.domain import PartyRole, TransferKind
from amanah.catalogue.classification import Classification
from amanah.catalogue.domain import ControlEntry
from amanah.partners.domain import Embargo, Partner

ART7_GROUNDS = (
    "peace_and_security",
    "international_humanitarian_law",
    "human_rights_law",
    "terrorism",
    "organised_crime",
    "gender_based_violence",
)


class RiskLevel(StrEnum):
    LOW = "low"
    SUBSTANTIAL = "substantial"
    OVERRIDING = "overriding"


class ScreeningState(StrEnum):
    CLEAR = "clear"
    UNRESOLVED = "unresolved"
    TRUE_MATCH = "true_match"


class ReleaseDecision(StrEnum):
    NONE = "none"
    GRANTED = "granted"
    REFUSED = "refused"


@dataclass(frozen=True)
class ItemFacts:
    description: str
    kind: TransferKind
    quantity: int
    classification: Classification = Classification.UNCLASSIFIED
    control_entries: tuple[ControlEntry, ...] = ()
    att_category: str | None = None
    un_register_category: str | None = None
    flags: tuple[str, ...] = ()  # e.g. "anti_personnel_mine", "cluster_munition"

    @property
    def is_conventional_arm(self) -> bool:
        return bool(self.att_category or self.un_register_category) or any(
            e.regime == "military_list" for e in self.control_entries
        )


@dataclass(frozen=True)
class PartyFacts:
    role: PartyRole
    name: str
    country: str
    type: str = "organisation"
    screening: ScreeningState = ScreeningState.CLEAR
    screening_note: str = ""


@dataclass(frozen=True)
class RiskAssessment:
    levels: tuple[tuple[str, RiskLevel], ...]
    mitigation: str = ""

    def level(self, ground: str) -> RiskLevel | None:
        return dict(self.levels).get(ground)


@dataclass(frozen=True)
class CaseFacts:
    recipient: Partner
    on: date
    items: tuple[ItemFacts, ...]
    parties: tuple[PartyFacts, ...] = ()
    documents: frozenset[str] = frozenset()
    risk_assessment: RiskAssessment | None = None
    atrocity_knowledge: tuple[str, ...] = ()
    embargoes: tuple[Embargo, ...] = ()
    adopted_regimes: frozenset[str] = frozenset({"UN"})
    conventions: frozenset[str] = frozenset()
    release_decision: ReleaseDecision = ReleaseDecision.NONE
    retransfer_clause: bool | None = None  # None: no agreement recorded yet
    home_state: str = "XH"
    extra: dict[str, Any] = field(default_factory=dict)


def to_json(facts: CaseFacts) -> dict[str, Any]:
    """A snapshot to store beside the findings, so a decision can be reproduced later."""

    def convert(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, list | tuple | frozenset | set):
            items = [convert(v) for v in value]
            return sorted(items, key=str) if isinstance(value, frozenset | set) else items
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, Classification):
            return value.label
        return value

    return dict(convert(asdict(facts)))
