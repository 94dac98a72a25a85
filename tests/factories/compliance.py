"""Case facts for the pure rule tests: a clean transfer that every rule passes, to be varied."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from amanah.cases.domain import PartyRole, TransferKind
from amanah.catalogue.classification import Classification
from amanah.catalogue.domain import parse_control_entry
from amanah.compliance.facts import (
    ART7_GROUNDS,
    CaseFacts,
    ItemFacts,
    PartyFacts,
    RiskAssessment,
    RiskLevel,
)
from amanah.partners.domain import AgreementKind, Embargo, EmbargoScope, Partner, PartnerAgreement

ON = date(2027, 3, 1)


def partner(**changes: object) -> Partner:
    base = Partner(code="XA", name="Republic of Alpha", memberships=frozenset({"OIC", "MTCR"}),
                   agreements=(PartnerAgreement(AgreementKind.SECURITY_OF_INFORMATION, "SoIA",
                                                date(2020, 1, 1)),),
                   releasable_level=Classification.SECRET)  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def item(**changes: object) -> ItemFacts:
    base = ItemFacts(description="Armoured patrol vehicle", kind=TransferKind.SALE, quantity=2,
                     classification=Classification.RESTRICTED,
                     control_entries=(parse_control_entry("ML6"),), att_category="II")  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def low_risk(**levels: RiskLevel) -> RiskAssessment:
    return RiskAssessment(tuple((g, levels.get(g, RiskLevel.LOW)) for g in ART7_GROUNDS))


def embargo(target: str = "XA", scope: EmbargoScope = EmbargoScope.ALL, regime: str = "UN",
            start: date = date(2020, 1, 1), end: date | None = None) -> Embargo:  # fmt: skip
    return Embargo(id=f"{regime}-{target}", regime=regime, target=target, target_name=target,
                   scope=scope, instrument="S/RES/9999 (2020)", start=start, end=end)  # fmt: skip


def facts(**changes: object) -> CaseFacts:
    base = CaseFacts(
        recipient=partner(), on=ON, items=(item(),),
        parties=(PartyFacts(PartyRole.END_USER, "Alpha Land Forces", "XA"),),
        documents=frozenset({"end_use_certificate"}), risk_assessment=low_risk(),
        adopted_regimes=frozenset({"UN", "EU"}), conventions=frozenset({"APMBC", "CCM"}),
        retransfer_clause=True, home_state="XH",
    )  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]
