"""Amanah's own reference tables (package data in amanah/data): memberships, embargoes and
control-list titles. Each file states its sources and its as-of date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml

from amanah.partners.domain import (
    ALL_COVERAGE,
    Binding,
    Coverage,
    Embargo,
    EmbargoPeriod,
    EmbargoScope,
    Exemption,
    ExemptionKind,
    ExemptionProcedure,
    Provenance,
    Verification,
)


def _load(name: str) -> dict[str, Any]:
    text = resources.files("amanah.data").joinpath(name).read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@dataclass(frozen=True)
class ControlLists:
    military_list: dict[str, str]
    mtcr_items: dict[int, str]
    mtcr_category_one_items: frozenset[int]
    att: dict[str, str]
    un_register: dict[str, str]

    def title(self, code: str) -> str:
        if code.startswith("ML"):
            return self.military_list.get(code.split(".")[0], "")
        if code.startswith("MTCR-"):
            item = int(code.split("-")[2].split(".")[0])
            return self.mtcr_items.get(item, "")
        return "Dual-use item"


@cache
def control_lists() -> ControlLists:
    data = _load("control_lists.yaml")
    mtcr = data["mtcr"]
    return ControlLists(
        military_list=dict(data["military_list"]),
        mtcr_items={int(k): v for k, v in mtcr["items"].items()},
        mtcr_category_one_items=frozenset(int(i) for i in mtcr["category_I_items"]),
        att=dict(data["att"]),
        un_register=dict(data["un_register"]),
    )


@dataclass(frozen=True)
class Organisation:
    code: str
    name: str
    source: str
    members: frozenset[str]
    instrument: str = ""
    provenance: Provenance = Provenance()
    # members checked one by one against the register when the list as a whole is unverified
    verified_members: frozenset[str] = frozenset()

    def member_verified(self, country: str) -> bool:
        """Whether `country`'s membership was checked against the official register."""
        return self.provenance.verified or country in self.verified_members


@cache
def organisations() -> dict[str, Organisation]:
    data = _load("memberships.yaml")
    return {
        code: Organisation(
            code,
            org["name"],
            org["source"],
            frozenset(org["members"]),
            org.get("instrument", ""),
            provenance_of(org),
            frozenset(org.get("verified_members") or ()),
        )  # fmt: skip
        for code, org in data["organisations"].items()
    }


def membership_verified(code: str, country: str) -> bool:
    """Whether `country`'s membership of the organisation was checked against its register."""
    org = organisations().get(code)
    return org is not None and org.member_verified(country)


def memberships_of(country: str) -> frozenset[str]:
    return frozenset(code for code, org in organisations().items() if country in org.members)


def provenance_of(fact: dict[str, Any]) -> Provenance:
    """A fact's source, verification date and status, as the data files give them."""
    return Provenance(
        source=str(fact.get("source") or ""),
        verified_on=fact.get("verified"),
        status=Verification(fact.get("status", "unverified")),
        note=str(fact.get("note") or ""),
    )


def embargo_from(e: dict[str, Any]) -> Embargo:
    """One entry of embargoes.yaml (or a stored row's structure, which has the same shape)."""
    scope = e.get("scope") or (e["periods"][-1]["scope"] if e.get("periods") else "all")
    return Embargo(
        id=e["id"], regime=e["regime"], target=e.get("target"), target_name=e["target_name"],
        scope=EmbargoScope(scope), instrument=e["instrument"], start=_start(e["start"]),
        end=_day(e.get("end")), binding=Binding(e.get("binding", "legal")),
        periods=tuple(
            EmbargoPeriod(_start(p["start"]), _day(p.get("end")), EmbargoScope(p["scope"]))
            for p in e.get("periods") or ()
        ),
        exemptions=tuple(exemption_from(x) for x in e.get("exemptions") or ()),
        coverage=frozenset(Coverage(c) for c in e.get("coverage") or ALL_COVERAGE),
        renewal_date=_day(e.get("renewal_date")), provenance=provenance_of(e),
    )  # fmt: skip


def exemption_from(x: dict[str, Any]) -> Exemption:
    """One exemption of an entry: its kind, the procedure in words and as `requires` (none,
    notify, approve), its instrument and, when it held for a time only, its start and end."""
    requires = x.get("requires")
    return Exemption(
        ExemptionKind(x["kind"]), str(x.get("procedure", "none")), str(x.get("instrument", "")),
        requires=None if requires is None else ExemptionProcedure(requires),
        start=_day(x.get("start")), end=_day(x.get("end")),
    )  # fmt: skip


def _start(value: Any) -> date:
    day = _day(value)
    if day is None:
        raise ValueError("an embargo or period needs a start date")
    return day


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


@cache
def reference_embargoes() -> tuple[Embargo, ...]:
    return tuple(embargo_from(e) for e in _load("embargoes.yaml")["embargoes"])


@cache
def reference_embargo_entries() -> dict[str, dict[str, Any]]:
    """The entries as written (renewals included), by id."""
    return {e["id"]: e for e in _load("embargoes.yaml")["embargoes"]}


@cache
def regime_names() -> dict[str, str]:
    data = _load("embargoes.yaml")
    return {code: regime["name"] for code, regime in data["regimes"].items()}


@dataclass(frozen=True)
class ExchangeRates:
    base: str
    as_of: date
    rates: dict[str, float]

    def to_base(self, amount: float, currency: str) -> float | None:
        rate = self.rates.get(currency.upper())
        return None if rate is None else amount * rate


@cache
def exchange_rates() -> ExchangeRates:
    data = _load("exchange_rates.yaml")
    return ExchangeRates(
        data["base"], data["as_of"], {k: float(v) for k, v in data["rates"].items()}
    )


@cache
def offset_multipliers() -> dict[str, float]:
    return {k: float(v) for k, v in _load("offset_multipliers.yaml")["multipliers"].items()}


@dataclass(frozen=True)
class ServiceLevels:
    workdays: tuple[str, ...]
    holidays: tuple[date, ...]
    default_target: int
    targets: dict[str, int]


@cache
def service_levels() -> ServiceLevels:
    """Working days, holidays and the service-level target per kind of transfer."""
    data = _load("service_levels.yaml")
    return ServiceLevels(tuple(data["workdays"]), tuple(data.get("holidays") or ()),
                         int(data["default_target"]),
                         {k: int(v) for k, v in data["targets"].items()})  # fmt: skip


@dataclass(frozen=True)
class NotificationTier:
    waiting_days: int
    major_defence_equipment: float
    total: float


@cache
def notification_thresholds() -> tuple[str, dict[str, NotificationTier]]:
    """The currency of the thresholds, and the thresholds per partner tier."""
    data = _load("notification_thresholds.yaml")
    tiers = {name: NotificationTier(int(t["waiting_days"]), float(t["major_defence_equipment"]),
                                    float(t["total"])) for name, t in data["tiers"].items()}  # fmt: skip
    return str(data["currency"]), tiers


def routing_table_text() -> str:
    """The package's routing table (the first version; later ones are kept in the database)."""
    return resources.files("amanah.data").joinpath("routing.yaml").read_text(encoding="utf-8")
