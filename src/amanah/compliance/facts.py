"""The frozen facts one assessment reads. Built by the service from stored rows, or from an
advisory (what-if) request; the rules never see the database."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from enum import Enum, StrEnum
from functools import cached_property, lru_cache
from typing import Any

from amanah.cases.domain import PartyRole, PartySector, TransferKind
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


# What a ground of the Article 7 assessment holds until someone assesses it: never a level.
NOT_ASSESSED = "not_assessed"


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
class PlannedShipment:
    """A delivery planned or held under a line item's authorisation, not shipped yet."""

    quantity: int
    value: float
    on: date


@dataclass(frozen=True)
class ItemFacts:
    description: str
    kind: TransferKind
    quantity: int
    classification: Classification = Classification.UNCLASSIFIED
    control_entries: tuple[ControlEntry, ...] = ()
    att_category: str | None = None
    un_register_category: str | None = None
    flags: tuple[str, ...] = ()  # e.g. "anti_personnel_mine", "cluster_munition", "ammunition"
    # the authorisation this line item ships under (caps and expiry) and what it used already:
    # the casework records build these; None means no cap recorded
    authorised_quantity: int | None = None
    authorised_value: float | None = None
    authorisation_expiry: date | None = None  # the last day a shipment may leave
    shipped_quantity: int = 0
    shipped_value: float = 0.0
    value: float = 0.0  # of this line item's transfer
    authorisation_start: date | None = None  # the first day a shipment may leave
    # the shipments to check against the authorisation: the scheduled or held deliveries of a
    # stored case (in order); None for a what-if, where the line item itself ships on the date
    shipments: tuple[PlannedShipment, ...] | None = None

    @cached_property
    def is_conventional_arm(self) -> bool:
        """(Kept once worked out: a bulk re-run shares one ItemFacts between the equal line
        items of many cases, and several rules ask. `cached_property` keeps it in the
        instance's dict, which the fields, equality, hash and `replace()` do not read.)"""
        return bool(self.att_category or self.un_register_category) or any(
            e.regime == "military_list" for e in self.control_entries
        )

    @cached_property
    def is_dual_use_only(self) -> bool:
        """Controlled only as dual-use (no military-list entry, no ATT or Register category,
        no MTCR entry): what an arms embargo does not cover unless it names dual-use items.
        (Kept once worked out, as `is_conventional_arm`.)"""
        return (
            bool(self.control_entries)
            and not self.is_conventional_arm
            and all(
                e.regime == "dual_use" and e.mtcr_category is None for e in self.control_entries
            )
        )


@dataclass(frozen=True)
class PartyFacts:
    role: PartyRole
    name: str
    country: str
    type: str = "organisation"
    screening: ScreeningState = ScreeningState.CLEAR
    screening_note: str = ""
    sector: str = ""  # see SECTORS; "" when not recorded
    nationality: str = (
        ""  # ISO alpha-2, for a person: a foreign national at home is a deemed export
    )

    @property
    def is_governmental(self) -> bool:
        return self.sector in GOVERNMENTAL

    @property
    def is_civil(self) -> bool:
        return self.sector == "civil"


# An end user's sector (amanah.cases.domain.PartySector): the state's armed or security forces
# and other government bodies, a state-owned enterprise, a UN or UN-authorised mission, a civil
# (non-military) user, a private company, or a non-state armed actor.
SECTORS = tuple(s.value for s in PartySector)
GOVERNMENTAL = frozenset({PartySector.GOVERNMENT.value, PartySector.ARMED_FORCES.value})


@dataclass(frozen=True)
class RiskAssessment:
    """The Article 7 assessment: the level found for each ground (a ground absent from `levels`
    was not assessed), the mitigating measures considered (Art. 7(2)) and, when they were, the
    risk remaining after them (`residual`), which is what the overriding-risk test of Art. 7(3)
    weighs. `eu_criteria` holds the EU Common Position criteria ("1".."8") when that rule set is
    on: "deny" or "consider"-level findings, by criterion."""

    levels: tuple[tuple[str, RiskLevel], ...]
    mitigation: str = ""
    residual: tuple[tuple[str, RiskLevel], ...] = ()
    eu_criteria: tuple[tuple[str, RiskLevel], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_ground", dict(self.levels))
        object.__setattr__(self, "_residual", dict(self.residual))

    def level(self, ground: str) -> RiskLevel | None:
        by_ground: dict[str, RiskLevel] = self.__dict__["_by_ground"]
        return by_ground.get(ground)

    def residual_level(self, ground: str) -> RiskLevel | None:
        residual: dict[str, RiskLevel] = self.__dict__["_residual"]
        return residual.get(ground)


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
    options: frozenset[str] = (
        frozenset()
    )  # optional rule sets switched on, e.g. "eu_common_position"
    extra: dict[str, Any] = field(default_factory=dict)


def to_json(facts: CaseFacts) -> dict[str, Any]:
    """A snapshot to store beside the findings, so a decision can be reproduced later: the
    dataclasses as plain JSON values (dates in ISO form, classifications by label, sets sorted).
    The recipient and the embargoes, shared by many cases, are converted once each."""
    plain = _plain(facts)
    assert isinstance(plain, dict)
    return plain


_SHARED = (Partner, Embargo, ItemFacts, RiskAssessment)  # frozen, and shared by many cases


def _plain(value: Any) -> Any:
    """A value as JSON, converted by a function chosen once per type (`_converter`)."""
    convert = _CONVERTERS.get(type(value))
    if convert is None:
        convert = _CONVERTERS[type(value)] = _converter(type(value))
    return convert(value)


def _same(value: Any) -> Any:
    return value


def _converter(kind: type) -> Any:
    """How a value of type `kind` becomes JSON: each value of one type the same way, so the
    choice is made once per type (a snapshot of every changed case converts many)."""
    if kind in (str, int, bool, float, type(None)):
        return _same
    if kind is tuple or kind is list:
        return _listed
    if issubclass(kind, Enum):  # a member's JSON form, made once per member
        plain = {m: m.label if isinstance(m, Classification) else m.value for m in kind}
        return plain.__getitem__
    if issubclass(kind, frozenset | set):
        return _sorted
    if issubclass(kind, dict):
        return _mapping
    if is_dataclass(kind):
        if kind in _SHARED:
            return _shared_plain
        return _fields_of(kind)
    if issubclass(kind, date):
        return date.isoformat
    return _same


def _listed(value: tuple[Any, ...] | list[Any]) -> list[Any]:
    return [_plain(v) for v in value]


def _sorted(value: frozenset[Any] | set[Any]) -> list[Any]:
    return sorted((_plain(v) for v in value), key=str)


def _mapping(value: dict[Any, Any]) -> dict[Any, Any]:
    return {k: _plain(v) for k, v in value.items()}


def _fields_of(kind: type) -> Any:
    names = tuple(f.name for f in fields(kind))

    def convert(value: Any) -> dict[str, Any]:
        return {name: _plain(getattr(value, name)) for name in names}

    return convert


_CONVERTERS: dict[type, Any] = {}


@lru_cache(maxsize=4096)
def _shared_plain(value: Partner | Embargo | ItemFacts | RiskAssessment) -> Any:
    return _CONVERTED[type(value)](value)


_CONVERTED = {kind: _fields_of(kind) for kind in _SHARED}
