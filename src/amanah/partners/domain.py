"""A partner state and its dated facts: agreements and embargoes hold on a date, not forever."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from amanah.catalogue.classification import Classification


class AgreementKind(StrEnum):
    SECURITY_OF_INFORMATION = "security_of_information"
    DEFENCE_COOPERATION_MOU = "defence_cooperation_mou"
    OTHER = "other"


class RelationshipTier(StrEnum):
    STRATEGIC = "strategic"
    PRIORITY = "priority"
    STANDARD = "standard"
    RESTRICTED = "restricted"


class EmbargoScope(StrEnum):
    ALL = "all"
    NON_STATE = "non_state"
    DESIGNATED = "designated"
    REGION = "region"


def in_force(start: date, end: date | None, on: date) -> bool:
    """Start day inclusive, end day exclusive: an embargo lifted on day D no longer holds on D."""
    return start <= on and (end is None or on < end)


@dataclass(frozen=True)
class PartnerAgreement:
    kind: AgreementKind
    title: str
    start: date
    end: date | None = None

    def in_force(self, on: date) -> bool:
        return in_force(self.start, self.end, on)


@dataclass(frozen=True)
class Embargo:
    id: str
    regime: str
    target: str | None
    target_name: str
    scope: EmbargoScope
    instrument: str
    start: date
    end: date | None = None

    def in_force(self, on: date) -> bool:
        return in_force(self.start, self.end, on)


@dataclass(frozen=True)
class Partner:
    code: str
    name: str
    memberships: frozenset[str] = frozenset()
    agreements: tuple[PartnerAgreement, ...] = ()
    releasable_level: Classification = Classification.UNCLASSIFIED
    tier: RelationshipTier = RelationshipTier.STANDARD
    risk_notes: str = ""
    region: str = ""

    def agreement_in_force(self, kind: AgreementKind, on: date) -> PartnerAgreement | None:
        for agreement in self.agreements:
            if agreement.kind == kind and agreement.in_force(on):
                return agreement
        return None
