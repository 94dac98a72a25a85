"""Authorisations: a shipment stays within the quantity and value caps and the validity of the
authorisation of its line item."""

from __future__ import annotations

from amanah.compliance.facts import CaseFacts
from amanah.compliance.rule import Finding, Outcome, Rule, rule


@rule("authorisation", 1, "ATT Art. 5(2), 11(1); national licensing conditions")
def authorisation_limits(facts: CaseFacts, r: Rule) -> list[Finding]:
    """A shipment may not exceed the quantity or value the authorisation of its line item allows
    (counting what was shipped under it already), nor leave after the authorisation expires: it
    needs an amended authorisation first."""
    findings: list[Finding] = []
    for item in facts.items:
        cap = item.authorised_quantity
        if cap is not None and item.shipped_quantity + item.quantity > cap:
            findings.append(r.finding(
                Outcome.NEEDS_APPROVAL,
                f"{item.description}: {item.shipped_quantity} shipped and {item.quantity} more "
                f"would exceed the authorised quantity of {cap}",
                blocking=True,
            ))  # fmt: skip
        value_cap = item.authorised_value
        if value_cap is not None and item.shipped_value + item.value > value_cap:
            findings.append(r.finding(
                Outcome.NEEDS_APPROVAL,
                f"{item.description}: {item.shipped_value:,.2f} shipped and {item.value:,.2f} more "
                f"would exceed the authorised value of {value_cap:,.2f}",
                blocking=True,
            ))  # fmt: skip
        expiry = item.authorisation_expiry
        if expiry is not None and facts.on > expiry:
            findings.append(r.finding(
                Outcome.NEEDS_APPROVAL,
                f"{item.description}: the authorisation expired on {expiry.isoformat()}, before "
                f"the transfer date {facts.on.isoformat()}",
                blocking=True,
            ))  # fmt: skip
    return findings
