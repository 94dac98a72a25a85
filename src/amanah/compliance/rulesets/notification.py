"""Notification thresholds: a transfer whose value reaches a threshold of its partner's tier
is notified, and may not be signed before the waiting period has run.

The rule reads the case's value in USD and the part of it that is major defence equipment from
`facts.extra` ("value_usd", "mde_value_usd"); it is silent when they are absent. Amanah's
notification service (`cases.notifications`) runs it with those facts; putting it in the
engine's rule set needs the compliance gathering to carry the two values (per case and in
bulk)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from amanah.compliance.facts import CaseFacts
from amanah.compliance.rule import Code, Finding, Outcome, Rule, phrase, rule
from amanah.i18n import N_
from amanah.reference import notification_thresholds


@dataclass(frozen=True)
class Crossed:
    threshold: str  # "major_defence_equipment" or "total"
    value: Decimal
    limit: Decimal
    waiting_days: int


def crossed(tier: str, value_usd: Decimal, mde_value_usd: Decimal) -> list[Crossed]:
    """The thresholds of `tier` the values reach (at or above the threshold)."""
    _, tiers = notification_thresholds()
    found = tiers.get(tier)
    if found is None:
        return []
    limits = (("major_defence_equipment", mde_value_usd, found.major_defence_equipment),
              ("total", value_usd, found.total))  # fmt: skip
    return [Crossed(name, value, Decimal(str(limit)), found.waiting_days)
            for name, value, limit in limits if value >= Decimal(str(limit))]  # fmt: skip


@rule("notification", 1, "Arms Export Control Act s. 36(b)-(c) (analogue); 22 CFR 123.15; "
      "amanah/data/notification_thresholds.yaml")  # fmt: skip
def notification_threshold(facts: CaseFacts, r: Rule) -> list[Finding]:
    """A transfer at or above a notification threshold of its partner's tier (major defence
    equipment, or the whole value) must be notified; the agreement may not be signed before the
    waiting period after the notification has run."""
    value = facts.extra.get("value_usd")
    if value is None:
        return []
    mde = facts.extra.get("mde_value_usd", Decimal(0))
    tier = facts.recipient.tier.value
    return [r.finding(
        Outcome.NEEDS_APPROVAL,
        N_("%(threshold)s USD %(value)s reaches the %(tier)s tier's threshold of USD "
           "%(limit)s: notify, then wait %(days)s days before signing"),
        values={"threshold": phrase(THRESHOLDS[c.threshold]), "value": _whole(c.value),
                "tier": Code(tier), "limit": _whole(c.limit), "days": c.waiting_days},
    ) for c in crossed(tier, Decimal(value), Decimal(mde))]  # fmt: skip


THRESHOLDS = {
    "major_defence_equipment": N_("major defence equipment value"),
    "total": N_("total value"),
}


def _whole(amount: Decimal) -> int:
    """Whole dollars, rounded as `format(amount, ",.0f")` rounds (half to even)."""
    return int(amount.to_integral_value())
