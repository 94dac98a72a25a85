"""Authorisations: a shipment stays within the quantity and value caps and the validity of the
authorisation of its line item, by the usage arithmetic the agreements service refuses
shipments with (amanah.agreements.usage): authorised, shipped, remaining, and the period."""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal

from amanah.agreements import usage
from amanah.compliance.facts import CaseFacts, ItemFacts, PlannedShipment
from amanah.compliance.rule import Finding, Outcome, Phrase, Rule, phrase, rule
from amanah.i18n import N_, Text

_CENT = Decimal("0.01")
_NO_CAP = Decimal("Infinity")


def _money(value: float) -> Decimal:
    return Decimal(str(value)).quantize(_CENT)


def _authorisation(item: ItemFacts) -> usage.Authorisation | None:
    """The item's authorisation; a cap not recorded does not limit (None: no authorisation)."""
    if (item.authorised_quantity is None and item.authorised_value is None
            and item.authorisation_expiry is None and item.authorisation_start is None):  # fmt: skip
        return None
    return usage.Authorisation(
        quantity=sys.maxsize if item.authorised_quantity is None else item.authorised_quantity,
        value=_NO_CAP if item.authorised_value is None else _money(item.authorised_value),
        valid_from=item.authorisation_start or date.min,
        valid_until=item.authorisation_expiry or date.max,
    )


@rule("authorisation", 2, "ATT Art. 5(2), 11(1); national licensing conditions")
def authorisation_limits(facts: CaseFacts, r: Rule) -> list[Finding]:
    """A shipment may not exceed the quantity or value the authorisation of its line item allows
    (counting what was shipped under it already, and the deliveries planned before it), nor
    leave before the authorisation starts or after it expires: it needs an amended authorisation
    first. The same arithmetic and words as the agreements service's refusal of a shipment."""
    findings: list[Finding] = []
    for item in facts.items:
        authorisation = _authorisation(item)
        if authorisation is None:
            continue
        shipped = [usage.Shipment(item.shipped_quantity, _money(item.shipped_value), date.min)]
        planned = item.shipments
        if planned is None:  # a what-if: the line item itself ships on the transfer date
            planned = (PlannedShipment(item.quantity, item.value, facts.on),)
        for n, shipment in enumerate(planned):
            new = usage.Shipment(shipment.quantity, _money(shipment.value), shipment.on)
            counted = usage.SCHEDULED_OR_SHIPPED if n else usage.SHIPPED
            for problem in usage.refusals(authorisation, shipped, new, counted=counted):
                findings.append(r.finding(
                    Outcome.NEEDS_APPROVAL,
                    N_("%(item)s: the shipment of %(quantity)s on %(day)s needs an amended "
                       "authorisation: %(problem)s"),
                    blocking=True,  # the quantity as written (no grouping); the problem: usage's
                    values={"item": item.description, "quantity": str(shipment.quantity),
                            "day": shipment.on, "problem": _phrase(problem)},
                ))  # fmt: skip
            shipped.append(new)
    return findings


def _phrase(text: Text) -> Phrase:
    """usage's reason as a finding's value: shown in the reader's language, stored in English."""
    return phrase(text.message, {name: _phrase(v) if isinstance(v, Text) else str(v)
                                 for name, v in text.values.items()})  # fmt: skip
