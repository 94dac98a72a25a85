"""The four objectives of defence technology sharing, measured on Amanah's own records:
mutual security, alliances, economy and standing. Each function returns named tables (lists of
dicts) that the dashboard charts and the CSV downloads share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl
from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from amanah.agreements.models import AgreementRow, DeliveryRow, OffsetCreditRow, OffsetObligationRow
from amanah.analytics import OBJECTIVES
from amanah.cases.models import CaseRow, LineItemRow
from amanah.catalogue.models import TechnologyRow
from amanah.config import get_settings
from amanah.partners.domain import in_force
from amanah.partners.models import PartnerAgreementRow, PartnerRow
from amanah.reference import exchange_rates

Tables = dict[str, list[dict[str, Any]]]


@dataclass(frozen=True)
class Filters:
    year: int | None = None
    region: str | None = None
    partner: str | None = None

    def partners(self, session: Session) -> dict[str, PartnerRow]:
        stmt = select(PartnerRow)
        if self.region:
            stmt = stmt.where(PartnerRow.region == self.region)
        if self.partner:
            stmt = stmt.where(PartnerRow.code == self.partner.upper())
        return {p.code: p for p in session.scalars(stmt)}


def _records(df: pl.DataFrame) -> list[dict[str, Any]]:
    return df.to_dicts()


def mutual_security(session: Session, filters: Filters) -> Tables:
    """Capabilities delivered: shipped items per partner, per category and per year."""
    partners = filters.partners(session)
    year = extract("year", DeliveryRow.shipped_on)
    stmt = (
        select(CaseRow.partner_code, year, TechnologyRow.att_category, TechnologyRow.kind, TechnologyRow.name,
               func.sum(DeliveryRow.quantity))
        .join(CaseRow, CaseRow.id == DeliveryRow.case_id)
        .join(LineItemRow, LineItemRow.id == DeliveryRow.line_item_id)
        .join(TechnologyRow, TechnologyRow.id == LineItemRow.technology_id)
        .where(DeliveryRow.shipped_on.is_not(None))
        .group_by(CaseRow.partner_code, year, TechnologyRow.att_category, TechnologyRow.kind, TechnologyRow.name)
    )  # fmt: skip
    if filters.year is not None:
        stmt = stmt.where(year == filters.year)
    data = [
        {"partner": partners[p].name, "year": int(y), "items": int(q),
         "category": f"ATT {cat}" if cat else kind.replace("_", " "), "technology": name}
        for p, y, cat, kind, name, q in session.execute(stmt)
        if p in partners
    ]  # fmt: skip
    df = pl.DataFrame(data, schema={"partner": pl.String, "year": pl.Int64, "items": pl.Int64,
                                    "category": pl.String, "technology": pl.String})  # fmt: skip
    return {
        "delivered_by_partner_and_category": _records(
            df.group_by("partner", "category")
            .agg(pl.col("items").sum())
            .sort("partner", "category")
        ),
        "delivered_by_year": _records(
            df.group_by("year", "category").agg(pl.col("items").sum()).sort("year")
        ),
    }


def alliances(session: Session, filters: Filters) -> Tables:
    """Partners by tier, agreements in force, new partners per year, and the partner network."""
    partners = filters.partners(session)
    today = date.today()
    current = [
        a for a in session.scalars(select(PartnerAgreementRow))
        if a.partner_code in partners and in_force(a.start, a.end, today)
    ]  # fmt: skip
    first_case = dict(
        session.execute(
            select(CaseRow.partner_code, func.min(CaseRow.created_at)).group_by(
                CaseRow.partner_code
            )
        ).all()
    )
    since = {code: (p.since.year if p.since else first_case[code].year if code in first_case else None)
             for code, p in partners.items()}  # fmt: skip
    co_production = set(
        session.scalars(
            select(CaseRow.partner_code)
            .join(LineItemRow, LineItemRow.case_id == CaseRow.id)
            .where(
                LineItemRow.kind.in_(("co_production", "joint_development", "licensed_production"))
            )
            .distinct()
        )
    )
    home = get_settings().home_state_name
    tiers = pl.DataFrame([{"tier": p.tier, "partner": p.name} for p in partners.values()],
                         schema={"tier": pl.String, "partner": pl.String})  # fmt: skip
    return {
        "partners_by_tier": _records(
            tiers.group_by("tier").agg(pl.len().alias("partners")).sort("tier")
        ),
        "agreements_in_force": [
            {
                "partner": partners[a.partner_code].name,
                "kind": a.kind,  # the code: pages show its words (labels.label), the CSV the code
                "title": a.title,
                "since": a.start.isoformat(),
                "until": a.end.isoformat() if a.end else "",
            }
            for a in current
        ],  # fmt: skip
        "new_partners_by_year": sorted(
            (
                {"year": y, "partners": sum(1 for v in since.values() if v == y)}
                for y in {v for v in since.values() if v}
            ),
            key=lambda r: r["year"],
        ),
        "network_edges": [
            {
                "from": home,
                "to": p.name,
                "agreements": sum(1 for a in current if a.partner_code == code),
                "co_production": code in co_production,
            }
            for code, p in partners.items()
        ],  # fmt: skip
    }


def economy(session: Session, filters: Filters) -> Tables:
    """Agreement value by year, partner and transfer kind, converted with the recorded rates."""
    partners = filters.partners(session)
    rates = exchange_rates()
    year = extract("year", AgreementRow.signed_on)
    stmt = (
        select(
            year,
            CaseRow.partner_code,
            AgreementRow.kind,
            AgreementRow.currency,
            func.sum(AgreementRow.value),
        )
        .join(CaseRow, CaseRow.id == AgreementRow.case_id)
        .group_by(year, CaseRow.partner_code, AgreementRow.kind, AgreementRow.currency)
    )
    if filters.year is not None:
        stmt = stmt.where(year == filters.year)
    data, unconverted = [], []
    for signed_year, code, kind, currency, total in session.execute(stmt):
        if code not in partners:
            continue
        converted = rates.to_base(float(total), currency)
        if converted is None:
            unconverted.append({"currency": currency, "value": str(total)})
            continue
        data.append({"year": int(signed_year), "partner": partners[code].name, "kind": kind.replace("_", " "),
                     "value": round(converted, 2)})  # fmt: skip
    df = pl.DataFrame(
        data,
        schema={"year": pl.Int64, "partner": pl.String, "kind": pl.String, "value": pl.Float64},
    )
    offsets = _offsets(session, partners)
    return {
        "offsets": offsets,
        "value_by_year": _records(df.group_by("year").agg(pl.col("value").sum()).sort("year")),
        "value_by_partner": _records(
            df.group_by("partner").agg(pl.col("value").sum()).sort("value", descending=True)
        ),
        "value_by_kind": _records(
            df.group_by("kind").agg(pl.col("value").sum()).sort("value", descending=True)
        ),
        "not_converted": unconverted,
        "rates": [{"base": rates.base, "as_of": rates.as_of.isoformat()}],
    }


def _offsets(session: Session, partners: dict[str, PartnerRow]) -> list[dict[str, Any]]:
    """Offset obligations against approved credits (times their multipliers), per partner."""
    credited: dict[int, float] = {}
    for obligation_id, value, multiplier in session.execute(
        select(
            OffsetCreditRow.obligation_id, OffsetCreditRow.claimed_value, OffsetCreditRow.multiplier
        ).where(OffsetCreditRow.status == "approved")
    ):
        credited[obligation_id] = credited.get(obligation_id, 0.0) + float(value * multiplier)
    rows = session.execute(
        select(OffsetObligationRow, CaseRow.partner_code)
        .join(AgreementRow, AgreementRow.id == OffsetObligationRow.agreement_id)
        .join(CaseRow, CaseRow.id == AgreementRow.case_id)
    ).all()
    return [
        {"partner": partners[code].name, "obligation": float(o.value), "credited": credited.get(o.id, 0.0),
         "currency": o.currency, "jobs_declared": o.jobs_declared, "deadline": o.deadline.isoformat()}
        for o, code in rows
        if code in partners
    ]  # fmt: skip


def standing(session: Session, filters: Filters, world: pl.DataFrame | None = None) -> Tables:
    """States reached, regions, OIC partners; with SIPRI data, the home state's rank and share."""
    partners = filters.partners(session)
    reached = set(session.scalars(
        select(CaseRow.partner_code).join(AgreementRow, AgreementRow.case_id == CaseRow.id).distinct()))  # fmt: skip
    reached &= set(partners)
    regions: dict[str, int] = {}
    for code in reached:
        region = partners[code].region or "unspecified"
        regions[region] = regions.get(region, 0) + 1
    settings = get_settings()
    tables: Tables = {
        "states_reached": [
            {
                "partner": partners[c].name,
                "region": partners[c].region,
                "oic": "OIC" in (partners[c].memberships or []),
            }
            for c in sorted(reached)
        ],  # fmt: skip
        "regions": [{"region": r, "states": n} for r, n in sorted(regions.items())],
        "oic_partners": [
            {"partner": partners[c].name}
            for c in sorted(reached)
            if "OIC" in (partners[c].memberships or [])
        ],
        "world_rank": [],
    }
    if world is not None and world.height:
        from amanah.analytics.sipri import main_suppliers, supplier_ranking, trend

        last = int(str(world["year"].max() or 0))
        ranking = supplier_ranking(world, last - 4, last)
        mine = ranking.filter(pl.col("supplier") == settings.home_state_sipri_name)
        tables["world_rank"] = _records(mine if mine.height else ranking.head(10))
        tables["world_period"] = [
            {"first": last - 4, "last": last, "home_state_listed": bool(mine.height)}
        ]
        leaders = [str(r["supplier"]) for r in ranking.head(5).to_dicts()]
        tables["supplier_trend"] = _records(trend(world, leaders, last - 9, last))
        # each partner's main suppliers, for partners SIPRI records under the same name
        tables["partner_suppliers"] = [
            {"partner": p.name, **row}
            for p in partners.values()
            for row in main_suppliers(world, p.name, last - 4, last).to_dicts()
        ]
    return tables


def compute(session: Session, objective: str, filters: Filters) -> Tables:
    from amanah.analytics.sipri import frame
    from amanah.errors import InvalidInput
    from amanah.i18n import N_

    if objective == "mutual_security":
        return mutual_security(session, filters)
    if objective == "alliances":
        return alliances(session, filters)
    if objective == "economy":
        return economy(session, filters)
    if objective == "standing":
        return standing(session, filters, frame(session))
    raise InvalidInput(
        N_("objective is one of %(choices)s"),
        field="objective",
        values={"choices": ", ".join(OBJECTIVES)},
    )
