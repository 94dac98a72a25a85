"""Amendment or modification as a specification at its edges: a price move of exactly the
tolerance is still a modification and a cent more is an amendment, a price set on a case approved
at nothing is an amendment, another currency is an amendment whatever the figure, a different
item under the same line is an amendment, a dropped item a modification; a new (ultimate) end
user is named as such, any other party changed as a party; a blank value reads as a dash."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from amanah.cases.amendments import (
    PRICE_TOLERANCE,
    Change,
    ChangeKind,
    ItemVersion,
    PartyVersion,
    Version,
    diff,
    kind_of,
)
from amanah.i18n import N_, Text

A, M = ChangeKind.AMENDMENT, ChangeKind.MODIFICATION
BASE = Version(
    "Radios", Decimal("1000.00"), "USD", date(2027, 1, 15),
    (ItemVersion(1, "Secure tactical radio", 40, "sale", Decimal("25")),),
    (PartyVersion("end_user", "Alpha Land Forces", "XA"),
     PartyVersion("consignee", "Port Agent Ltd", "XA")),
    (("email", "a@alpha.example"), ("phone", "+1 555")),
)  # fmt: skip


def test_the_tolerance_is_ten_percent() -> None:
    assert Decimal("0.10") == PRICE_TOLERANCE


def test_exactly_the_tolerance_either_way_is_a_modification_and_a_cent_more_an_amendment() -> None:
    for value in ("1100.00", "900.00"):
        (change,) = diff(BASE, replace(BASE, value=Decimal(value)))
        assert (change.field, change.before, change.after, change.kind, change.why) == (
            "value", "1000.00", value, M, "within 10% of the approved value")  # fmt: skip
    for value in ("1100.01", "899.99"):
        (change,) = diff(BASE, replace(BASE, value=Decimal(value)))
        assert (change.field, change.before, change.after, change.kind, change.why) == (
            "value", "1000.00", value, A, "beyond 10% of the approved value")  # fmt: skip


def test_a_small_approved_value_has_the_same_tolerance() -> None:
    one = replace(BASE, value=Decimal("1.00"))
    assert kind_of(diff(one, replace(BASE, value=Decimal("1.10")))) is M
    assert kind_of(diff(one, replace(BASE, value=Decimal("1.11")))) is A
    half = replace(BASE, value=Decimal("0.50"))
    assert kind_of(diff(half, replace(BASE, value=Decimal("0.55")))) is M


def test_a_price_on_a_case_approved_at_nothing_is_an_amendment() -> None:
    free = replace(BASE, value=Decimal(0))
    (change,) = diff(free, replace(BASE, value=Decimal("0.01")))
    assert change.kind is A and change.before == "0"
    assert diff(free, free) == []


def test_a_tolerance_can_be_given() -> None:
    dearer = replace(BASE, value=Decimal("1200"))
    assert kind_of(diff(BASE, dearer, Decimal("0.25"))) is M
    assert kind_of(diff(BASE, dearer, Decimal("0.15"))) is A


def test_another_currency_is_an_amendment_even_at_the_same_figure() -> None:
    (change,) = diff(BASE, replace(BASE, currency="EUR"))
    assert (change.field, change.before, change.after, change.kind) == ("currency", "USD", "EUR", A)
    # and the figure is then not weighed against the tolerance as if the same money
    both = diff(BASE, replace(BASE, currency="EUR", value=Decimal("1001")))
    assert [c.field for c in both] == ["currency"]


def test_administrative_fields_are_modifications_and_a_blank_reads_as_a_dash() -> None:
    after = replace(BASE, title="Secure radios", transfer_date=None,
                    contacts=(("email", "b@alpha.example"), ("fax", "+1 556")))  # fmt: skip
    changes = diff(BASE, after)
    assert [(c.field, c.before, c.after, c.kind) for c in changes] == [
        ("title", "Radios", "Secure radios", M),
        ("transfer_date", "2027-01-15", "—", M),
        ("contact email", "a@alpha.example", "b@alpha.example", M),
        ("contact fax", "—", "+1 556", M),
        ("contact phone", "+1 555", "—", M),
    ]
    assert kind_of(changes) is M
    emptied = diff(replace(BASE, title=""), BASE)
    assert emptied[0].before == "" and emptied[0].after == "Radios"
    (filled,) = diff(replace(BASE, contacts=(("email", ""), ("phone", "+1 555"))), BASE)
    assert (filled.before, filled.after) == ("—", "a@alpha.example")


def test_a_different_item_on_the_same_line_is_an_amendment_and_a_dropped_one_a_modification() -> (
    None
):
    other = ItemVersion(1, "Secure tactical radio", 40, "licensed_production")
    (changed,) = diff(BASE, replace(BASE, items=(other,)))
    assert changed.kind is A and changed.why == "a different item"
    assert changed.before == "Secure tactical radio, sale"
    renamed = ItemVersion(1, "Handheld radio", 40, "sale")
    assert [c.why for c in diff(BASE, replace(BASE, items=(renamed,)))] == ["a different item"]
    (dropped,) = diff(BASE, replace(BASE, items=()))
    assert (dropped.kind, dropped.why, dropped.before, dropped.after) == (
        M, "item dropped", "40 × sale", "—")  # fmt: skip
    swapped_and_more = ItemVersion(1, "Handheld radio", 41, "sale")
    whys = [c.why for c in diff(BASE, replace(BASE, items=(swapped_and_more,)))]
    assert whys == ["a different item", "quantity up"]


def test_an_item_added_before_it_is_stored_is_a_new_item() -> None:
    unsaved = ItemVersion(0, "Night sight", 10, "sale")
    (added,) = diff(BASE, replace(BASE, items=(*BASE.items, unsaved)))
    assert added.field == "new item (Night sight)" and added.kind is A
    assert (added.before, added.after) == ("—", "10 × sale")
    stored = ItemVersion(7, "Night sight", 10, "sale")
    (named,) = diff(BASE, replace(BASE, items=(*BASE.items, stored)))
    assert named.field == "item 7 (Night sight)"
    (first,) = diff(replace(BASE, items=()), replace(BASE, items=(BASE.items[0],)))
    assert first.field == "item 1 (Secure tactical radio)" and first.why == "item added"


def test_parties_a_new_end_user_or_ultimate_end_user_is_named_so_and_others_are_parties() -> None:
    def why(*parties: PartyVersion) -> list[tuple[str, str, str, str, ChangeKind]]:
        return [(c.field, c.before, c.after, c.why, c.kind)
                for c in diff(BASE, replace(BASE, parties=parties))]  # fmt: skip

    end_user, consignee = BASE.parties
    assert why(end_user, PartyVersion("consignee", "Port Agent Ltd", "XB")) == [
        ("consignee", "Port Agent Ltd (XA)", "Port Agent Ltd (XB)", "party changed", A)
    ]
    assert why(end_user, consignee, PartyVersion("ultimate_end_user", "Alpha Navy", "XA")) == [
        ("ultimate_end_user", "—", "Alpha Navy (XA)", "new end user", A)
    ]
    assert why(consignee) == [("end_user", "Alpha Land Forces (XA)", "—", "new end user", A)]
    # the order the parties are listed in is no change
    assert why(consignee, end_user) == []


def test_kind_of_a_list() -> None:
    m = Change("title", "a", "b", M)
    a = Change("currency", "USD", "EUR", A)
    assert kind_of([]) is None and kind_of([m]) is M
    assert kind_of([m, a]) is A and kind_of([a, m]) is A


def test_a_version_without_a_date_or_contacts_survives_storage() -> None:
    bare = replace(BASE, transfer_date=None, contacts=(),
                   items=(ItemVersion(1, "Radio", 1, "sale"),))  # fmt: skip
    stored = bare.as_json()
    assert stored["transfer_date"] is None and stored["items"][0]["unit_value"] is None
    assert Version.from_json(stored) == bare
    del stored["contacts"]
    assert Version.from_json(stored) == bare
    assert Version.from_json(BASE.as_json()) == BASE
    assert BASE.as_json()["contacts"] == {"email": "a@alpha.example", "phone": "+1 555"}
    why = Text(N_("beyond %(share)s of the approved value"), {"share": "10%"})
    assert Change("value", "1", "2", A, why).as_json() == {
        "field": "value", "before": "1", "after": "2", "kind": "amendment",
        "why": "beyond 10% of the approved value",
        "why_id": "beyond %(share)s of the approved value", "why_values": {"share": "10%"},
        "field_id": "", "field_values": {}}  # fmt: skip


def test_an_item_or_a_contact_is_named_by_a_message_and_a_code_field_by_its_code() -> None:
    """Issue 19: a field that is not a code keeps its words as a message with values, so a
    reader of another language reads it in theirs; the stored English field is as before."""
    from amanah.i18n import current_language
    from amanah.present import change_field

    def named(after: Version) -> list[tuple[str, str, dict[str, object]]]:
        return [(c.field, c.name.message, dict(c.name.values)) for c in diff(BASE, after)]

    (radio,) = BASE.items
    tech = "Secure tactical radio"
    assert named(replace(BASE, items=(replace(radio, quantity=90),))) == [
        (f"item 1 ({tech}) quantity", "item %(item)s (%(technology)s) quantity",
         {"item": 1, "technology": tech})]  # fmt: skip
    assert named(replace(BASE, items=(replace(radio, quantity=1),))) == [
        (f"item 1 ({tech}) quantity", "item %(item)s (%(technology)s) quantity",
         {"item": 1, "technology": tech})]  # fmt: skip
    assert named(replace(BASE, items=())) == [
        (f"item 1 ({tech})", "item %(item)s (%(technology)s)", {"item": 1, "technology": tech})
    ]
    assert named(replace(BASE, items=(replace(radio, technology="Mast"),))) == [
        (f"item 1 ({tech})", "item %(item)s (%(technology)s)", {"item": 1, "technology": tech})
    ]
    assert named(replace(BASE, items=(radio, ItemVersion(9, "Mast", 1, "sale")))) == [
        ("item 9 (Mast)", "item %(item)s (%(technology)s)", {"item": 9, "technology": "Mast"})
    ]
    assert named(replace(BASE, items=(radio, ItemVersion(-1, "Mast", 1, "sale")))) == [
        ("new item (Mast)", "new item (%(technology)s)", {"technology": "Mast"})
    ]
    assert named(replace(BASE, contacts=(("email", "b@alpha.example"), ("phone", "+1 555")))) == [
        ("contact email", "contact %(key)s", {"key": "email"})
    ]
    assert named(replace(BASE, title="Other")) == [("title", "", {})]
    dropped = diff(BASE, replace(BASE, items=()))[0]
    assert dropped.as_json()["field_values"] == {"item": 1, "technology": tech}
    token = current_language.set("ar")
    try:
        words = [
            change_field(dropped),
            change_field(dropped.as_json()),
            change_field({"field": "title"}),
            change_field(Change("title", "a", "b", M)),
        ]
    finally:
        current_language.reset(token)
    assert words[0] == words[1] == f"البند 1 ({tech})"
    assert words[2] == words[3] == "العنوان"


def test_why_reads_in_the_readers_language_and_old_versions_keep_their_text() -> None:
    """Issue 19: a stored difference keeps its message and values; a reader of Arabic reads
    why in Arabic, a version stored before (only `why`) its English text, translated when that
    is a catalogue message."""
    from amanah.i18n import current_language
    from amanah.present import change_why

    dearer, added = (diff(BASE, replace(BASE, value=Decimal("2000")))[0].as_json(),
                     diff(BASE, replace(BASE, items=(*BASE.items, ItemVersion(
                         -1, "Radio", 1, "system"))))[0].as_json())  # fmt: skip
    assert change_why(dearer) == "beyond 10% of the approved value"
    old = {"why": "item added"}
    old_other = {"why": "beyond 10% of the approved value"}
    token = current_language.set("ar")
    try:
        arabic = [change_why(dearer), change_why(added), change_why(old), change_why(old_other)]
        preview = change_why(diff(BASE, replace(BASE, value=Decimal("2000")))[0])
    finally:
        current_language.reset(token)
    assert arabic[0] == preview == "يتجاوز 10% من القيمة الموافق عليها"
    assert arabic[1] == arabic[2] == "أُضيف بند"
    assert arabic[3] == "beyond 10% of the approved value"  # stored English, as it was
