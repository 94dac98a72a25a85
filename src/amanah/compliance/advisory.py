"""The facts of an advisory (what-if) request, without the database: the service gives the
registry's partner and the shared facts; the legal scenarios give reference data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from amanah.cases.domain import PartyRole, TransferKind, parse_enum
from amanah.catalogue.classification import Classification
from amanah.catalogue.domain import (
    ATT_CATEGORIES,
    UN_REGISTER_CATEGORIES,
    parse_category,
    parse_control_entry,
)
from amanah.compliance.facts import (
    ART7_GROUNDS,
    CaseFacts,
    ItemFacts,
    PartyFacts,
    RiskAssessment,
    ScreeningState,
)
from amanah.compliance.gather import Shared, risk_of
from amanah.compliance.schemas import EvaluateRequest, ItemIn, RiskIn
from amanah.errors import InvalidInput
from amanah.i18n import N_
from amanah.partners.country import normalise_country
from amanah.partners.domain import AgreementKind, Partner, PartnerAgreement

Country = Callable[[str, str], str]  # (code, field) → the checked code, or InvalidInput


def request_facts(
    request: EvaluateRequest, partner: Partner, shared: Shared, country: Country
) -> CaseFacts:
    partner = _overridden(request, partner)
    items = tuple(_item(i, n) for n, i in enumerate(request.items))
    parties = tuple(
        PartyFacts(parse_enum(PartyRole, p.role, f"parties.{n}.role"), p.name,
                   country(p.country, f"parties.{n}.country"), p.type, ScreeningState(p.screening),
                   sector=p.sector,
                   nationality=normalise_country(p.nationality, f"parties.{n}.nationality")
                   if p.nationality else "")
        for n, p in enumerate(request.parties)
    )  # fmt: skip
    return shared.case_facts(
        partner=partner, on=request.date, items=items, parties=parties,
        documents=frozenset(request.documents), risk=_risk(request.risk_assessment),
        atrocity_knowledge=request.atrocity_knowledge, release=request.release_decision,
        retransfer_clause=request.retransfer_clause,
    )  # fmt: skip


def _overridden(request: EvaluateRequest, partner: Partner) -> Partner:
    override = request.partner
    if override is None:
        return partner
    if override.releasable_level is not None:
        partner = replace(partner, releasable_level=Classification.parse(
            override.releasable_level, "partner.releasable_level"))  # fmt: skip
    if override.memberships is not None:
        partner = replace(partner, memberships=frozenset(m.upper() for m in override.memberships))
    if override.security_agreement is not None:
        others = tuple(
            a for a in partner.agreements if a.kind != AgreementKind.SECURITY_OF_INFORMATION
        )
        soia = (PartnerAgreement(AgreementKind.SECURITY_OF_INFORMATION, "what-if", date.min),)
        partner = replace(
            partner, agreements=others + (soia if override.security_agreement else ())
        )
    return partner


def _risk(ra: RiskIn | None) -> RiskAssessment | None:
    if ra is None:
        return None
    for name, given, known in (("residual", ra.residual, ART7_GROUNDS),
                               ("eu_criteria", ra.eu_criteria, tuple("12345678"))):  # fmt: skip
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise InvalidInput(
                N_("unknown key %(unknown)r"),
                field=f"risk_assessment.{name}",
                values={"unknown": unknown[0]},
            )
    return risk_of({"levels": {g: getattr(ra, g) for g in ART7_GROUNDS if getattr(ra, g)},
                    "mitigation": ra.mitigation, "residual": ra.residual,
                    "eu_criteria": ra.eu_criteria})  # fmt: skip


def _item(item: ItemIn, n: int) -> ItemFacts:
    prefix = f"items.{n}"
    return ItemFacts(
        description=item.description,
        kind=parse_enum(TransferKind, item.kind, f"{prefix}.kind"),
        quantity=item.quantity,
        classification=Classification.parse(item.classification, f"{prefix}.classification"),
        control_entries=tuple(
            parse_control_entry(c, f"{prefix}.control_entries") for c in item.control_entries
        ),
        att_category=parse_category(item.att_category, ATT_CATEGORIES, f"{prefix}.att_category"),
        un_register_category=parse_category(
            item.un_register_category, UN_REGISTER_CATEGORIES, f"{prefix}.un_register_category"
        ),
        flags=tuple(item.flags),
        value=item.value, authorised_quantity=item.authorised_quantity,
        authorised_value=item.authorised_value, authorisation_expiry=item.authorisation_expiry,
        authorisation_start=item.authorisation_start,
        shipped_quantity=item.shipped_quantity, shipped_value=item.shipped_value,
    )  # fmt: skip
