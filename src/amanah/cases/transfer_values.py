"""What a transfer is worth as the notification thresholds read it, pure: the whole value and
the part that is major defence equipment (line items on the military list, control entries
"ML…"), both in USD. Read by the notification service (`cases.notifications`) and meant for the
compliance gathers, so the threshold rule can run in the engine with the same figures."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class ItemValue:
    """A line item as the thresholds read it: its control entries (the officer's assessment,
    else the catalogue's), its declared unit value (None when not declared) and quantity."""

    entries: tuple[str, ...]
    unit_value: Decimal | None
    quantity: int

    @property
    def is_major_defence_equipment(self) -> bool:
        return any(e.startswith("ML") for e in self.entries)


def values_usd(value: Decimal, items: Iterable[ItemValue],
               to_usd: Callable[[Decimal], Decimal]) -> tuple[Decimal, Decimal]:  # fmt: skip
    """The case's value and its major-defence-equipment part, in USD (`to_usd` converts from the
    case's currency). When an item on the military list has no unit value, all of the value
    counts as major defence equipment (its share cannot be told apart); the part never
    exceeds the whole."""
    total = to_usd(value)
    mde = Decimal(0)
    for item in items:
        if not item.is_major_defence_equipment:
            continue
        if item.unit_value is None:
            return total, total
        mde += to_usd(item.unit_value * item.quantity)
    return total, min(mde, total) if total else mde
