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
    """Whom a measure reaches in its target state. Measures differ: the CAR measure since
    S/RES/2745 (2024) reaches armed groups and associated individuals only, the DRC measure since
    S/RES/1807 (2008) all non-governmental entities and individuals (a private company too)."""

    ALL = "all"  # the whole territory: every end user there
    ARMED_GROUPS = "armed_groups"  # armed groups and individuals associated with them
    NON_GOVERNMENTAL = "non_governmental"  # everyone but the government and its forces
    DESIGNATED = "designated"
    REGION = "region"

    @classmethod
    def _missing_(cls, value: object) -> EmbargoScope | None:
        # "non_state", the one word for both partial scopes before 2026-12-02, may still be
        # stored: read it as the wider of the two, which never lets a covered transfer pass
        return cls.NON_GOVERNMENTAL if value == "non_state" else None


class Binding(StrEnum):
    """A legal obligation (a Security Council or Council of the EU decision) or a political
    commitment (e.g. the European Council's 1989 Madrid declaration on China)."""

    LEGAL = "legal"
    POLITICAL = "political"


class Coverage(StrEnum):
    """What a measure prohibits."""

    ARMS = "arms"  # arms and related materiel of all types
    TECHNICAL_ASSISTANCE = "technical_assistance"
    TRAINING = "training"
    FINANCING = "financing"
    DUAL_USE = "dual_use"


class ExemptionKind(StrEnum):
    GOVERNMENT_FORCES = "government_forces"
    UN_MISSION = "un_mission"  # UN and UN-authorised missions
    PROTECTIVE_NON_LETHAL = "protective_non_lethal"
    COMMITTEE_APPROVED = "committee_approved"  # approved or notified to the sanctions committee


class ExemptionProcedure(StrEnum):
    """What an exemption asks of the exporter before the transfer."""

    NONE = "none"
    NOTIFY = "notify"  # advance notification to the sanctions committee (no decision awaited)
    APPROVE = "approve"  # prior approval by the committee (or the authority the text names)


class Verification(StrEnum):
    VERIFIED = "verified"
    UNVERIFIED = "unverified"


@dataclass(frozen=True)
class EmbargoPeriod:
    """The scope of a measure from `start` (inclusive) to `end` (exclusive): measures change
    scope over time (Haiti: designated persons from 2022, the whole territory from 2023)."""

    start: date
    end: date | None
    scope: EmbargoScope


@dataclass(frozen=True)
class Exemption:
    """An exemption from a measure, the procedure it requires and, when it changed over time,
    the days it held (start inclusive, end exclusive): the DRC Government's forces needed advance
    notification from S/RES/1807 (2008) para 5 until S/RES/2667 (2022) para 2 ended it."""

    kind: ExemptionKind
    procedure: str  # what the exporter must do: "none", "advance notification to the committee"…
    instrument: str = ""
    requires: ExemptionProcedure | None = None  # None: read from `procedure` ("none" or not)
    start: date | None = None
    end: date | None = None

    @property
    def needs_procedure(self) -> bool:
        if self.requires is not None:
            return self.requires is not ExemptionProcedure.NONE
        return self.procedure.strip().lower() not in ("", "none")

    def holds_on(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on < self.end)


@dataclass(frozen=True)
class Provenance:
    """Where a reference fact comes from and when someone last checked it there."""

    source: str = ""  # URL of the official text or register
    verified_on: date | None = None
    status: Verification = Verification.UNVERIFIED
    note: str = ""  # why it is unverified, or what the check found

    @property
    def verified(self) -> bool:
        return self.status is Verification.VERIFIED


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


ALL_COVERAGE = frozenset(
    {Coverage.ARMS, Coverage.TECHNICAL_ASSISTANCE, Coverage.TRAINING, Coverage.FINANCING}
)


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
    binding: Binding = Binding.LEGAL
    periods: tuple[EmbargoPeriod, ...] = ()
    exemptions: tuple[Exemption, ...] = ()
    coverage: frozenset[Coverage] = ALL_COVERAGE
    renewal_date: date | None = None  # the measure lapses then unless renewed
    provenance: Provenance = Provenance()

    def in_force(self, on: date) -> bool:
        return in_force(self.start, self.end, on)

    def scope_on(self, on: date) -> EmbargoScope:
        """The scope of the period holding `on`; the overall scope when no period does."""
        for period in self.periods:
            if in_force(period.start, period.end, on):
                return period.scope
        return self.scope

    def exemption(self, kind: ExemptionKind, on: date | None = None) -> Exemption | None:
        """The exemption of that kind (holding on `on`, when given)."""
        for exemption in self.exemptions:
            if exemption.kind is kind and (on is None or exemption.holds_on(on)):
                return exemption
        return None

    def renewal_overdue(self, on: date) -> bool:
        """The renewal date has passed and no renewal moved it: verify before relying on it."""
        return self.renewal_date is not None and self.renewal_date < on


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
