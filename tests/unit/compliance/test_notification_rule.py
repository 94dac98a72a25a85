"""The notification-threshold rule: thresholds per partner tier, at or above."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from amanah.compliance.facts import CaseFacts
from amanah.compliance.rule import Outcome
from amanah.compliance.rulesets.notification import crossed, notification_threshold
from amanah.partners.domain import Partner, RelationshipTier


def facts(tier: str, value: int, mde: int) -> CaseFacts:
    return CaseFacts(recipient=Partner("XA", "Alpha", tier=RelationshipTier(tier)),
                     on=date(2027, 1, 1), items=(),
                     extra={"value_usd": Decimal(value), "mde_value_usd": Decimal(mde)})  # fmt: skip


def test_the_edges_of_the_standard_and_strategic_tiers() -> None:
    assert crossed("standard", Decimal(49_999_999), Decimal(13_999_999)) == []
    both = crossed("standard", Decimal(50_000_000), Decimal(14_000_000))
    assert [(c.threshold, c.waiting_days) for c in both] == [
        ("major_defence_equipment", 30), ("total", 30)]  # fmt: skip
    assert crossed("strategic", Decimal(60_000_000), Decimal(20_000_000)) == []
    assert crossed("strategic", Decimal(100_000_000), Decimal(0))[0].waiting_days == 15


def test_the_rule_is_silent_without_values_and_names_the_wait() -> None:
    bare = CaseFacts(recipient=Partner("XA", "Alpha"), on=date(2027, 1, 1), items=())
    assert notification_threshold.run(bare) == [notification_threshold.passed]
    (finding,) = notification_threshold.run(facts("priority", 60_000_000, 0))
    assert finding.outcome is Outcome.NEEDS_APPROVAL and "wait 30 days" in finding.reason


@given(st.sampled_from([t.value for t in RelationshipTier]), st.integers(0, 10**9),
       st.integers(0, 10**9), st.integers(1, 10**8))  # fmt: skip
def test_a_larger_transfer_crosses_at_least_the_same_thresholds(
    tier: str, value: int, mde: int, more: int
) -> None:
    small = {c.threshold for c in crossed(tier, Decimal(value), Decimal(mde))}
    large = {c.threshold for c in crossed(tier, Decimal(value + more), Decimal(mde + more))}
    assert small <= large


def test_the_finding_names_each_threshold_crossed_with_its_value_and_limit() -> None:
    mde, total = notification_threshold.run(facts("strategic", 100_000_000, 25_000_000))
    assert mde.reason == (
        "major defence equipment value USD 25,000,000 reaches the strategic tier's threshold of "
        "USD 25,000,000: notify, then wait 15 days before signing"
    )
    assert total.reason.startswith("total value USD 100,000,000 reaches the strategic tier's")
    assert not mde.blocking and mde.outcome is Outcome.NEEDS_APPROVAL


def test_the_value_is_said_in_whole_dollars_rounded_half_to_even() -> None:
    case = CaseFacts(recipient=Partner("XA", "Alpha", tier=RelationshipTier("restricted")),
                     on=date(2027, 1, 1), items=(),
                     extra={"value_usd": Decimal("5000000.5")})  # fmt: skip
    (finding,) = notification_threshold.run(case)  # no major-defence value recorded: none crossed
    assert "USD 5,000,000 reaches" in finding.reason
    odd = replace(case, extra={"value_usd": Decimal("5000001.5")})
    assert "USD 5,000,002 reaches" in notification_threshold.run(odd)[0].reason


def test_a_tier_without_thresholds_crosses_none() -> None:
    assert crossed("no such tier", Decimal(10**12), Decimal(10**12)) == []
