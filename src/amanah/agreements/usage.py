"""Authorisation usage, pure: what a line item's authorisation allows, what was shipped against
it, what remains, and whether one more shipment fits. No database, no web.

An authorisation grants a quantity and a value for a period. Every shipment uses up part of both;
a shipment is refused when it would take the item beyond the quantity or the value authorised,
or when it leaves outside the period (before the authorisation starts or after it expires).
Scheduling is checked against the same totals with every live (not cancelled) delivery counted,
so a plan never promises more than was authorised."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from amanah.i18n import N_, Text


@dataclass(frozen=True)
class Authorisation:
    quantity: int
    value: Decimal
    valid_from: date
    valid_until: date


@dataclass(frozen=True)
class Shipment:
    quantity: int
    value: Decimal
    shipped_on: date


@dataclass(frozen=True)
class Usage:
    """Per item: authorised, used (shipped) and remaining, in quantity and value."""

    authorised_quantity: int
    authorised_value: Decimal
    shipped_quantity: int
    shipped_value: Decimal
    valid_until: date

    @property
    def remaining_quantity(self) -> int:
        return self.authorised_quantity - self.shipped_quantity

    @property
    def remaining_value(self) -> Decimal:
        return self.authorised_value - self.shipped_value

    def expired_on(self, day: date) -> bool:
        return day > self.valid_until


def usage(authorisation: Authorisation, shipments: Iterable[Shipment]) -> Usage:
    shipped = list(shipments)
    return Usage(
        authorised_quantity=authorisation.quantity,
        authorised_value=authorisation.value,
        shipped_quantity=sum(s.quantity for s in shipped),
        shipped_value=sum((s.value for s in shipped), Decimal(0)),
        valid_until=authorisation.valid_until,
    )


SHIPPED = N_("shipped")
SCHEDULED_OR_SHIPPED = N_("scheduled or shipped")


def refusals(
    authorisation: Authorisation,
    shipped: Iterable[Shipment],
    new: Shipment,
    counted: str = SHIPPED,
) -> list[Text]:
    """Every reason `new` may not leave after `shipped` (catalogue messages with their values,
    numbers as written: the service shows them in the reader's language, the compliance rule
    stores them); empty
    when it fits. `counted` (a catalogue message) says what `shipped` holds ("shipped", or
    "scheduled or shipped" for a plan)."""
    problems: list[Text] = []
    if new.quantity < 1:
        problems.append(Text(N_("a shipment carries at least one unit")))
    if new.value < 0:
        problems.append(Text(N_("a shipment's value cannot be negative")))
    used = usage(authorisation, shipped)
    what = Text(counted)
    if new.quantity > used.remaining_quantity:
        problems.append(Text(
            N_("%(quantity)s units would exceed the quantity authorised: %(authorised)s "
               "authorised, %(used)s %(counted)s, %(remaining)s remaining"),
            {"quantity": str(new.quantity), "authorised": str(used.authorised_quantity),
             "used": str(used.shipped_quantity), "counted": what,
             "remaining": str(max(used.remaining_quantity, 0))}))  # fmt: skip
    if new.value > used.remaining_value:
        problems.append(Text(
            N_("a value of %(value)s would exceed the value authorised: %(authorised)s "
               "authorised, %(used)s %(counted)s, %(remaining)s remaining"),
            {"value": str(new.value), "authorised": str(used.authorised_value),
             "used": str(used.shipped_value), "counted": what,
             "remaining": str(max(used.remaining_value, Decimal(0)))}))  # fmt: skip
    if new.shipped_on > authorisation.valid_until:
        problems.append(Text(
            N_("the authorisation expired on %(expiry)s; nothing may ship under it on %(day)s"),
            {"expiry": authorisation.valid_until.isoformat(),
             "day": new.shipped_on.isoformat()}))  # fmt: skip
    if new.shipped_on < authorisation.valid_from:
        problems.append(Text(
            N_("the authorisation is valid from %(start)s; nothing may ship under it on %(day)s"),
            {"start": authorisation.valid_from.isoformat(),
             "day": new.shipped_on.isoformat()}))  # fmt: skip
    return problems


def unit_value(authorisation: Authorisation) -> Decimal:
    """The value of one unit, for a shipment whose value is not given: value ÷ quantity."""
    if authorisation.quantity <= 0:
        return Decimal(0)
    return (authorisation.value / authorisation.quantity).quantize(Decimal("0.01"))


def shipment_value(authorisation: Authorisation, quantity: int, used: Usage) -> Decimal:
    """The value of `quantity` units at the authorised unit value, when a shipment does not say;
    the last units take whatever value remains, so shipping the whole quantity uses exactly the
    whole value (no cent left over or exceeded by rounding)."""
    if quantity >= used.remaining_quantity:
        return max(used.remaining_value, Decimal(0))
    return min(unit_value(authorisation) * quantity, max(used.remaining_value, Decimal(0)))


def apportion(case_value: Decimal, items: list[tuple[int, Decimal | None]]) -> list[Decimal]:
    """Each item's authorised value: quantity × declared unit value where it was declared; the
    rest of the case's value shared between the other items by quantity (cents to the last)."""
    known = sum((q * u for q, u in items if u is not None), Decimal(0))
    rest = max(case_value - known, Decimal(0))
    undeclared = [q for q, u in items if u is None]
    total_quantity = sum(undeclared)
    values: list[Decimal] = []
    given = Decimal(0)
    left = len(undeclared)
    for quantity, unit in items:
        if unit is not None:
            values.append((quantity * unit).quantize(Decimal("0.01")))
            continue
        left -= 1
        if left == 0:
            share = rest - given
        else:
            share = (rest * quantity / total_quantity).quantize(Decimal("0.01"))
            given += share
        values.append(share)
    return values
