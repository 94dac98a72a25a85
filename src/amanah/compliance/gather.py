"""Facts from stored rows: one case through the ORM, or many through the bulk re-run; both build
the same `CaseFacts` with the functions here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from amanah.agreements.models import DeliveryRow, ItemAuthorisationRow
from amanah.agreements.queries import agreement_for
from amanah.cases.domain import PartyRole, TransferKind
from amanah.cases.models import CaseRow, LineItemRow
from amanah.cases.queries import release_decision
from amanah.catalogue.classification import Classification
from amanah.catalogue.domain import ControlEntry, Technology, parse_control_entry
from amanah.catalogue.models import TechnologyRow
from amanah.catalogue.service import to_domain as technology_of
from amanah.compliance.facts import (
    ART7_GROUNDS,
    NOT_ASSESSED,
    CaseFacts,
    ItemFacts,
    PartyFacts,
    PlannedShipment,
    ReleaseDecision,
    RiskAssessment,
    RiskLevel,
    ScreeningState,
)
from amanah.config import get_settings
from amanah.db.base import utcnow
from amanah.partners.domain import Embargo, Partner
from amanah.partners.models import PartnerRow
from amanah.partners.queries import all_embargoes
from amanah.partners.queries import to_domain as partner_of
from amanah.screening.queries import states_for

# Enum members by value: a bulk re-run converts hundreds of thousands of stored strings.
_KINDS = {k.value: k for k in TransferKind}
_LEVELS = {k.value: k for k in RiskLevel}
_RELEASE = {k.value: k for k in ReleaseDecision}
ROLES = {k.value: k for k in PartyRole}


def risk_of(stored: dict[str, Any] | None) -> RiskAssessment | None:
    if not stored:
        return None
    levels = stored.get("levels", {})
    residual = stored.get("residual") or {}
    criteria = stored.get("eu_criteria") or {}
    assert isinstance(levels, dict) and isinstance(residual, dict) and isinstance(criteria, dict)
    return RiskAssessment(  # a ground with no level stored was not assessed: it stays missing
        tuple((g, _LEVELS[levels[g]]) for g in ART7_GROUNDS if _assessed(levels.get(g))),
        str(stored.get("mitigation", "")),
        tuple((g, _LEVELS[residual[g]]) for g in ART7_GROUNDS if residual.get(g)),
        tuple((str(c), _LEVELS[v]) for c, v in sorted(criteria.items()) if v),
    )


def _assessed(level: object) -> bool:
    return level not in (None, "", NOT_ASSESSED)


def assessed_classification(item: LineItemRow, catalogue: Classification) -> Classification:
    """The officer's assessment when one is recorded, else the catalogue's; never the
    requester's declaration."""
    if item.assessed_classification is None:
        return catalogue
    return Classification(item.assessed_classification)


def assessed_entries(
    item: LineItemRow, catalogue: tuple[ControlEntry, ...]
) -> tuple[ControlEntry, ...]:
    if item.assessed_control_entries is None:
        return catalogue
    return tuple(parse_control_entry(code) for code in item.assessed_control_entries)


def item_facts(tech: Technology, kind: str, quantity: int, classification: int | None,
               entries: tuple[ControlEntry, ...] | None) -> ItemFacts:  # fmt: skip
    """One line item: the assessed classification and control entries when recorded, else the
    catalogue's."""
    return ItemFacts(
        description=tech.name, kind=_KINDS[kind], quantity=quantity,
        classification=tech.classification if classification is None else Classification(classification),
        control_entries=tech.control_entries if entries is None else entries,
        att_category=tech.att_category, un_register_category=tech.un_register_category,
    )  # fmt: skip


# Delivery states as the agreements service counts them against an authorisation
# (agreements.service.SHIPPED and its planned states): shipped uses it up, planned is checked.
SHIPPED = frozenset({"shipped", "delivered"})
PLANNED = frozenset({"scheduled", "on_hold"})
USED = sorted(SHIPPED | PLANNED)


@dataclass(frozen=True)
class Delivery:
    """A delivery under a line item's authorisation, as the gathers read it."""

    id: int
    quantity: int
    value: Decimal | float | str | None
    status: str
    scheduled_on: date


def authorised(item: ItemFacts, quantity: int, value: Decimal | float | str,
               valid_from: date, valid_until: date, deliveries: Iterable[Delivery]) -> ItemFacts:  # fmt: skip
    """The line item with its authorisation (caps and period), what shipped under it and the
    deliveries planned under it, in date order: the authorisation rule checks these."""
    shipped = [d for d in deliveries if d.status in SHIPPED]
    planned = sorted((d for d in deliveries if d.status in PLANNED),
                     key=lambda d: (d.scheduled_on, d.id))  # fmt: skip
    return replace(
        item, authorised_quantity=quantity, authorised_value=float(value),
        authorisation_start=valid_from, authorisation_expiry=valid_until,
        shipped_quantity=sum(d.quantity for d in shipped),
        shipped_value=float(sum(Decimal(str(d.value or 0)) for d in shipped)),
        shipments=tuple(PlannedShipment(d.quantity, float(d.value or 0), d.scheduled_on)
                        for d in planned),
    )  # fmt: skip


def entries_of(codes: Iterable[str] | None) -> tuple[ControlEntry, ...] | None:
    return None if codes is None else tuple(parse_control_entry(code) for code in codes)


def index_embargoes(embargoes: Iterable[Embargo]) -> dict[str, tuple[Embargo, ...]]:
    by_target: dict[str, list[Embargo]] = defaultdict(list)
    for embargo in embargoes:
        if embargo.target:
            by_target[embargo.target].append(embargo)
    return {target: tuple(found) for target, found in by_target.items()}


@dataclass(frozen=True)
class Shared:
    """Facts that are the same for every case: read once per re-run."""

    embargoes: Mapping[str, tuple[Embargo, ...]]
    adopted_regimes: frozenset[str]
    conventions: frozenset[str]
    home_state: str
    options: frozenset[str] = frozenset()
    partners: dict[str, Partner] = field(default_factory=dict)
    technologies: dict[int, Technology] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session, *, all_partners: bool = False) -> Shared:
        settings = get_settings()
        shared = cls(
            index_embargoes(all_embargoes(session)),
            frozenset(settings.adopted_regimes) | {"UN"},  # Chapter VII measures always bind
            frozenset(settings.conventions),
            settings.home_state,
            frozenset({"eu_common_position"} if settings.eu_common_position else ()),
        )
        if all_partners:
            for row in session.scalars(
                select(PartnerRow).options(selectinload(PartnerRow.agreements))
            ):
                shared.partners[row.code] = partner_of(row)
            for tech in session.scalars(select(TechnologyRow)):
                shared.technologies[tech.id] = technology_of(tech)
        return shared

    def case_facts(
        self, *, partner: Partner, on: date, items: tuple[ItemFacts, ...],
        parties: tuple[PartyFacts, ...], documents: frozenset[str],
        risk: RiskAssessment | None, atrocity_knowledge: Iterable[str], release: str,
        retransfer_clause: bool | None,
    ) -> CaseFacts:  # fmt: skip
        """The embargoes in the facts are those on the recipient's or a party's state: the only
        ones a rule can apply, and all a stored snapshot needs to reproduce the findings."""
        countries = dict.fromkeys([partner.code, *(p.country for p in parties)])
        embargoes = tuple(e for c in countries for e in self.embargoes.get(c, ()))
        return CaseFacts(
            recipient=partner, on=on, items=items, parties=parties, documents=documents,
            risk_assessment=risk, atrocity_knowledge=tuple(atrocity_knowledge or ()),
            embargoes=embargoes, adopted_regimes=self.adopted_regimes, conventions=self.conventions,
            release_decision=_RELEASE[release], retransfer_clause=retransfer_clause,
            home_state=self.home_state, options=self.options,
        )  # fmt: skip


def facts_for_case(session: Session, case: CaseRow, today: date | None = None) -> CaseFacts:
    """Frozen facts of one stored case."""
    shared = Shared.load(session)
    row = session.get(PartnerRow, case.partner_code)
    assert row is not None
    screening = states_for(session, [p.id for p in case.parties])
    agreement = agreement_for(session, case.id)
    authorisations = {a.line_item_id: a for a in session.scalars(
        select(ItemAuthorisationRow).where(ItemAuthorisationRow.case_id == case.id))}  # fmt: skip
    deliveries: dict[int, list[Delivery]] = defaultdict(list)
    if authorisations:
        for d in session.execute(
            select(DeliveryRow.id, DeliveryRow.line_item_id, DeliveryRow.quantity, DeliveryRow.value,
                   DeliveryRow.status, DeliveryRow.scheduled_on)
            .where(DeliveryRow.case_id == case.id, DeliveryRow.status.in_(USED))
        ):  # fmt: skip
            if d.line_item_id is not None:
                deliveries[d.line_item_id].append(
                    Delivery(d.id, d.quantity, d.value, d.status, d.scheduled_on)
                )
    items = []
    for line in case.items:
        item = item_facts(technology_of(session.get_one(TechnologyRow, line.technology_id)),
                          line.kind, line.quantity, line.assessed_classification,
                          entries_of(line.assessed_control_entries))  # fmt: skip
        auth = authorisations.get(line.id)
        if auth is not None:
            item = authorised(item, auth.quantity, auth.value, auth.valid_from, auth.valid_until,
                              deliveries.get(line.id, ()))  # fmt: skip
        items.append(item)
    parties = tuple(
        PartyFacts(PartyRole(p.role), p.name, p.country, p.party_type,
                   *screening.get(p.id, (ScreeningState.CLEAR, "")), sector=p.sector)
        for p in case.parties
    )  # fmt: skip
    return shared.case_facts(
        partner=partner_of(row), on=case.transfer_date or today or utcnow().date(), items=tuple(items),
        parties=parties, documents=frozenset(d.kind for d in case.documents),
        risk=risk_of(case.risk_assessment), atrocity_knowledge=case.atrocity_knowledge,
        release=release_decision(case),
        retransfer_clause=None if agreement is None else agreement.retransfer_clause,
    )  # fmt: skip
