"""Wilson intervals for recorded test outcomes, and offset fulfilment arithmetic."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amanah.agreements.evaluation import fulfilment, wilson


def test_wilson_known_values() -> None:
    rate = wilson(5, 6)
    assert (round(rate.low, 3), round(rate.high, 3)) == (0.436, 0.970)
    assert wilson(0, 0).low == 0.0 and wilson(0, 0).high == 1.0
    assert wilson(10, 10).high == pytest.approx(1.0) and wilson(0, 10).low == pytest.approx(0.0)
    with pytest.raises(ValueError):
        wilson(3, 2)


@given(st.integers(0, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_interval_contains_the_rate_and_stays_in_bounds(case: tuple[int, int]) -> None:
    passed, total = case
    rate = wilson(passed, total)
    assert 0.0 <= rate.low <= rate.high <= 1.0
    if total:
        assert rate.low - 1e-12 <= passed / total <= rate.high + 1e-12


@given(st.integers(1, 1000))
def test_more_events_narrow_the_interval(n: int) -> None:
    small, large = wilson(n, 2 * n), wilson(10 * n, 20 * n)
    assert large.high - large.low < small.high - small.low


MONEY = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e9"), places=2)


@given(MONEY, st.lists(st.tuples(MONEY, st.sampled_from([Decimal("0.5"), Decimal("1"), Decimal("3")])), max_size=6),
       st.decimals(min_value=0, max_value=1, places=2), st.booleans())  # fmt: skip
def test_fulfilment_accounts_for_every_credit(
    obligation: Decimal, credits: list[tuple[Decimal, Decimal]], rate: Decimal, late: bool
) -> None:
    result = fulfilment(obligation, credits, rate, late)
    assert result.credited == sum((v * m for v, m in credits), Decimal("0")).quantize(
        Decimal("0.01")
    )
    assert result.shortfall == max(Decimal("0"), obligation - result.credited)
    assert result.penalty >= 0 and (late or result.penalty == 0)
    assert result.penalty <= result.shortfall
