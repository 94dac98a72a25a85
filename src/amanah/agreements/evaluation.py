"""Pure arithmetic for test-and-evaluation programmes and offsets (records only: Amanah models
no weapon behaviour, it counts recorded pass/fail outcomes and credited values)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

Z95 = 1.959963984540054


@dataclass(frozen=True)
class Rate:
    passed: int
    total: int
    low: float
    high: float

    @property
    def value(self) -> float:
        return self.passed / self.total if self.total else 0.0


def wilson(passed: int, total: int, z: float = Z95) -> Rate:
    """Success rate with the Wilson score interval (95 % by default)."""
    if total < 0 or not 0 <= passed <= total:
        raise ValueError("passed must be between 0 and total")
    if total == 0:
        return Rate(0, 0, 0.0, 1.0)
    p = passed / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    return Rate(passed, total, max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True)
class Fulfilment:
    obligation: Decimal
    credited: Decimal
    shortfall: Decimal
    penalty: Decimal

    @property
    def share(self) -> float:
        return float(self.credited / self.obligation) if self.obligation else 1.0


def fulfilment(
    obligation: Decimal,
    approved: list[tuple[Decimal, Decimal]],
    penalty_rate: Decimal,
    past_deadline: bool,
) -> Fulfilment:
    """`approved` holds (claimed value, multiplier) of approved credits; a shortfall past the
    deadline is charged at `penalty_rate`."""
    credited = sum((value * multiplier for value, multiplier in approved), Decimal("0")).quantize(
        Decimal("0.01")
    )
    shortfall = max(Decimal("0"), obligation - credited)
    penalty = (
        (shortfall * penalty_rate).quantize(Decimal("0.01")) if past_deadline else Decimal("0.00")
    )
    return Fulfilment(obligation, credited, shortfall, penalty)
