"""Amendments and modifications, pure: two versions of a case compared field by field, each
difference said as an amendment (a change of scope: items, a higher quantity, a new end user or
other party, the price beyond the tolerance) or a modification (administrative: dates, title,
contacts, a price within the tolerance, a lower quantity, an item dropped).

An amendment sends the case back to review; a modification does not. No database here.

Each difference says why it is what it is as a catalogue message with its values (`reason`),
stored with the version (`why_id`, `why_values`) so each reader reads it in their language
(`amanah.present.change_why`); `why` is its English, as stored before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from amanah.i18n import N_, Text

#: a price may move by this share of the approved value and stay a modification
PRICE_TOLERANCE = Decimal("0.10")


class ChangeKind(StrEnum):
    AMENDMENT = "amendment"
    MODIFICATION = "modification"


@dataclass(frozen=True)
class ItemVersion:
    id: int
    technology: str
    quantity: int
    kind: str
    unit_value: Decimal | None = None


@dataclass(frozen=True)
class PartyVersion:
    role: str
    name: str
    country: str


@dataclass(frozen=True)
class Version:
    title: str
    value: Decimal
    currency: str
    transfer_date: date | None
    items: tuple[ItemVersion, ...] = ()
    parties: tuple[PartyVersion, ...] = ()
    contacts: tuple[tuple[str, str], ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title, "value": str(self.value), "currency": self.currency,
            "transfer_date": None if self.transfer_date is None else self.transfer_date.isoformat(),
            "items": [{"id": i.id, "technology": i.technology, "quantity": i.quantity,
                       "kind": i.kind, "unit_value": None if i.unit_value is None
                       else str(i.unit_value)} for i in self.items],
            "parties": [{"role": p.role, "name": p.name, "country": p.country}
                        for p in self.parties],
            "contacts": dict(self.contacts),
        }  # fmt: skip

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Version:
        day = data.get("transfer_date")
        return cls(
            data["title"], Decimal(data["value"]), data["currency"],
            None if day is None else date.fromisoformat(day),
            tuple(ItemVersion(i["id"], i["technology"], i["quantity"], i["kind"],
                              None if i["unit_value"] is None else Decimal(i["unit_value"]))
                  for i in data["items"]),
            tuple(PartyVersion(p["role"], p["name"], p["country"]) for p in data["parties"]),
            tuple(sorted(data.get("contacts", {}).items())),
        )  # fmt: skip


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str
    kind: ChangeKind
    reason: Text = Text("")
    #: the field's words when `field` (its stored English) is not a code: an item, a contact
    name: Text = Text("")

    @property
    def why(self) -> str:
        """Why, in English (the stored text)."""
        return str(self.reason)

    def as_json(self) -> dict[str, Any]:
        return {"field": self.field, "before": self.before, "after": self.after,
                "kind": self.kind.value, "why": self.why, "why_id": self.reason.message,
                "why_values": dict(self.reason.values), "field_id": self.name.message,
                "field_values": dict(self.name.values)}  # fmt: skip


A, M = ChangeKind.AMENDMENT, ChangeKind.MODIFICATION

#: the words of a field that is not a code (a line item, a contact)
ITEM = N_("item %(item)s (%(technology)s)")
ITEM_QUANTITY = N_("item %(item)s (%(technology)s) quantity")
NEW_ITEM = N_("new item (%(technology)s)")
CONTACT = N_("contact %(key)s")


def _text(value: object) -> str:
    return "—" if value is None or value == "" else str(value)


def _price(before: Decimal, after: Decimal, tolerance: Decimal) -> Change | None:
    if before == after:
        return None
    within = before > 0 and abs(after - before) <= before * tolerance
    why = (N_("within %(share)s of the approved value") if within
           else N_("beyond %(share)s of the approved value"))  # fmt: skip
    share = f"{tolerance:.0%}"
    return Change("value", _text(before), _text(after), M if within else A,
                  Text(why, {"share": share}))  # fmt: skip


def _items(before: tuple[ItemVersion, ...], after: tuple[ItemVersion, ...]) -> list[Change]:
    changes: list[Change] = []
    old = {i.id: i for i in before}
    new = {i.id: i for i in after}
    for item_id, was in old.items():
        now = new.get(item_id)
        name = f"item {item_id} ({was.technology})"
        item = Text(ITEM, {"item": item_id, "technology": was.technology})
        if now is None:
            changes.append(Change(name, f"{was.quantity} × {was.kind}", "—", M,
                                  Text(N_("item dropped")), item))  # fmt: skip
            continue
        if (now.technology, now.kind) != (was.technology, was.kind):
            changes.append(Change(name, f"{was.technology}, {was.kind}",
                                  f"{now.technology}, {now.kind}", A, Text(N_("a different item")),
                                  item))  # fmt: skip
        quantity = Text(ITEM_QUANTITY, item.values)
        if now.quantity > was.quantity:
            changes.append(Change(f"{name} quantity", str(was.quantity), str(now.quantity), A,
                                  Text(N_("quantity up")), quantity))  # fmt: skip
        elif now.quantity < was.quantity:
            changes.append(Change(f"{name} quantity", str(was.quantity), str(now.quantity), M,
                                  Text(N_("quantity down")), quantity))  # fmt: skip
    for item_id, now in new.items():
        if item_id not in old:
            if item_id > 0:
                name, words = f"item {item_id}", Text(ITEM, {"item": item_id,
                                                             "technology": now.technology})  # fmt: skip
            else:
                name, words = "new item", Text(NEW_ITEM, {"technology": now.technology})
            changes.append(Change(f"{name} ({now.technology})", "—",
                                  f"{now.quantity} × {now.kind}", A, Text(N_("item added")),
                                  words))  # fmt: skip
    return changes


def _parties(before: tuple[PartyVersion, ...], after: tuple[PartyVersion, ...]) -> list[Change]:
    changes: list[Change] = []
    roles = sorted({p.role for p in before} | {p.role for p in after})
    for role in roles:
        was = sorted(f"{p.name} ({p.country})" for p in before if p.role == role)
        now = sorted(f"{p.name} ({p.country})" for p in after if p.role == role)
        if was != now:
            new_end_user = role in ("end_user", "ultimate_end_user")
            why = N_("new end user") if new_end_user else N_("party changed")
            changes.append(Change(role, "; ".join(was) or "—", "; ".join(now) or "—", A,
                                  Text(why)))  # fmt: skip
    return changes


def diff(before: Version, after: Version, tolerance: Decimal = PRICE_TOLERANCE) -> list[Change]:
    """Every difference from `before` to `after`, each an amendment or a modification."""
    changes: list[Change] = []
    if before.title != after.title:
        changes.append(Change("title", before.title, after.title, M, Text(N_("administrative"))))
    if before.transfer_date != after.transfer_date:
        changes.append(Change("transfer_date", _text(before.transfer_date),
                              _text(after.transfer_date), M, Text(N_("a date"))))  # fmt: skip
    if before.currency != after.currency:
        changes.append(Change("currency", before.currency, after.currency, A,
                              Text(N_("a different currency"))))  # fmt: skip
    elif (price := _price(before.value, after.value, tolerance)) is not None:
        changes.append(price)
    old_contacts, new_contacts = dict(before.contacts), dict(after.contacts)
    for key in sorted(old_contacts.keys() | new_contacts.keys()):
        if old_contacts.get(key) != new_contacts.get(key):
            changes.append(Change(f"contact {key}", _text(old_contacts.get(key)),
                                  _text(new_contacts.get(key)), M, Text(N_("a contact")),
                                  Text(CONTACT, {"key": key})))  # fmt: skip
    changes += _items(before.items, after.items)
    changes += _parties(before.parties, after.parties)
    return changes


def kind_of(changes: list[Change]) -> ChangeKind | None:
    """An amendment when any change is; a modification when there are only those; None when
    nothing changes."""
    if not changes:
        return None
    return A if any(c.kind is A for c in changes) else M
