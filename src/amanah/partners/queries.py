"""Reading partners: what other domains may read of them (compliance gathers its facts here).
Changing a partner is `partners.service`'s."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanah.catalogue.classification import Classification
from amanah.errors import InvalidInput, NotFound
from amanah.i18n import N_
from amanah.partners.country import USER_ASSIGNED, normalise_country
from amanah.partners.domain import (
    AgreementKind,
    Embargo,
    Partner,
    PartnerAgreement,
    RelationshipTier,
)
from amanah.partners.models import EmbargoRow, PartnerRow
from amanah.reference import embargo_from


def to_domain(row: PartnerRow) -> Partner:
    return Partner(
        code=row.code,
        name=row.name,
        memberships=frozenset(row.memberships),
        agreements=tuple(
            PartnerAgreement(AgreementKind(a.kind), a.title, a.start, a.end) for a in row.agreements
        ),
        releasable_level=Classification(row.releasable_level),
        tier=RelationshipTier(row.tier),
        risk_notes=row.risk_notes,
        region=row.region,
    )


def embargo_of(row: EmbargoRow) -> Embargo:
    """The stored measure with its structure and provenance (a row stored before migration 0011
    has none: one period of its scope, all coverage, unverified)."""
    return embargo_from({
        "id": row.id, "regime": row.regime, "target": row.target, "target_name": row.target_name,
        "scope": row.scope, "instrument": row.instrument, "start": row.start, "end": row.end,
        "binding": row.binding or "legal", "periods": row.periods or (), "exemptions": row.exemptions or (),
        "coverage": row.coverage or (), "renewal_date": row.renewal_date, "source": row.source_url,
        "verified": row.verified_on, "status": row.verification or "unverified", "note": row.note,
    })  # fmt: skip


def known_country(session: Session, code: str, field: str = "country") -> str:
    """An ISO 3166-1 state, or a user-assigned code (ZZ, XA…) only when a partner is registered
    under it: an unknown code would otherwise match no embargo and pass every rule."""
    value = normalise_country(code, field)
    if value in USER_ASSIGNED and session.get(PartnerRow, value) is None:
        raise InvalidInput(N_("%(value)s is a user-assigned code and no partner is registered "
                              "under it: use the state's ISO 3166-1 code"), field=field,
                              values={"value": value})  # fmt: skip
    return value


def get_partner(session: Session, code: str) -> PartnerRow:
    row = session.get(PartnerRow, (code or "").upper())
    if row is None:
        raise NotFound(N_("no partner %(code)r"), field="partner", values={"code": code})
    return row


def all_embargoes(session: Session) -> list[Embargo]:
    return [embargo_of(r) for r in session.scalars(select(EmbargoRow).order_by(EmbargoRow.id))]
