"""How stored values read to a person: money with its currency, numbers, one date format, a
state's name, and the stored messages of findings, alerts, timeline entries and changes in the
reader's language. The words for codes are `amanah.labels`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal, get_currency_symbol
from hijridate import Gregorian

from amanah.compliance.rule import Style, reason_in, render
from amanah.i18n import (
    N_,
    SOURCE_LANGUAGE,
    Text,
    current_digits,
    current_hijri,
    current_language,
    digits,
    direction,
    gettext,
    locale,
    ngettext,
)
from amanah.labels import label

LEFT_TO_RIGHT_MARK = "\u200e"


def money(amount: Decimal | int | str | None, currency: str = "USD") -> str:
    if amount is None or amount == "":
        return "—"
    system = current_digits.get()  # Babel's symbols of the numbering system; the digits too
    text = format_currency(Decimal(str(amount)), currency, locale=locale(), numbering_system=system)
    if direction() == "rtl":  # a Latin symbol stays whole inside Arabic: "US$", never "$US"
        symbol = get_currency_symbol(currency, locale=locale())
        if any(c.isascii() and c.isalpha() for c in symbol):
            text = text.replace(symbol, symbol + LEFT_TO_RIGHT_MARK)
    return digits(text)


def number(value: int | Decimal | float | None) -> str:
    if value is None:
        return "—"
    return digits(format_decimal(value, locale=locale(), numbering_system=current_digits.get()))


def finding_reason(row: Mapping[str, Any], *, isolate_names: bool = False) -> str:
    """A stored compliance finding's reason (`Finding.as_dict`) in the reader's language, with
    its numbers and dates formatted for the reader; the stored `reason` stays English. With
    `isolate_names` (pages), each name or code inside right-to-left text keeps its own
    direction (a Unicode isolate), so "UAV (MTCR-II-19.A.1)" is not reordered by the Arabic
    around it; the dossier's fpdf2 lays out without them."""
    isolate = _isolated if isolate_names and direction() == "rtl" else _as_is
    return reason_in(row, Style(gettext, number, day, label, country, isolate))


def alert_text(alert: Any, *, isolate_names: bool = False) -> str:
    """An alert's words (`amanah.monitoring.alerts`) in the reader's language; in English, and
    for an alert raised before its message was stored, its stored English text."""
    if alert.message_id is None or current_language.get() == SOURCE_LANGUAGE:
        return str(alert.message)
    isolate = _isolated if isolate_names and direction() == "rtl" else _as_is
    style = Style(gettext, number, day, label, country, isolate)
    return render(alert.message_id, alert.message_values or {}, style)


def timeline_note(entry: Mapping[str, Any], *, isolate_names: bool = False) -> str:
    """A case timeline entry's note (`amanah.cases.detail`'s `timeline`) in the reader's
    language: a role or a document kind as its words; in English, and for an entry written
    before its message was stored, its stored note."""
    if not entry.get("note_id") or current_language.get() == SOURCE_LANGUAGE:
        return str(entry.get("note") or "")
    isolate = _isolated if isolate_names and direction() == "rtl" else _as_is
    style = Style(gettext, number, day, label, country, isolate)
    return render(entry["note_id"], entry.get("note_values") or {}, style)


def change_why(change: Any) -> str:
    """Why a difference between two versions is an amendment or a modification
    (`amanah.cases.amendments.Change.as_json`), in the reader's language; a version stored
    before its message was kept reads as its stored English, translated when that is a
    catalogue message ("item added"). A difference not stored yet (a preview) is a `Change`."""
    if not isinstance(change, Mapping):
        return str(change.reason.translated())
    if change.get("why_id"):
        return Text(change["why_id"], change.get("why_values") or {}).translated()
    return gettext(str(change.get("why") or ""))


def change_field(change: Any) -> str:
    """The field a difference between two versions is in (`Change.as_json`, or a `Change` in a
    preview), in the reader's language: a code (`title`, a party's role) as its words, an item
    or a contact by its message; a version stored before its field's words were kept as its
    field's label."""
    if not isinstance(change, Mapping):
        return str(change.name.translated()) if change.name.message else label(change.field)
    if change.get("field_id"):
        return Text(change["field_id"], change.get("field_values") or {}).translated()
    return label(change.get("field"))


def _isolated(text: str) -> str:
    return f"\u2068{text}\u2069"  # FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE (UAX #9)


def isolate(value: object) -> str:
    """A value inserted into a sentence (money, a number, a case reference) kept whole in its
    own direction when the sentence is right to left: "US$ 300,000.00" is not reordered by the
    Arabic around it (plain text: FSI … PDI; pages use the `bdi` filter, `<bdi>`). Left to
    right, the value as it is."""
    text = str(value)
    return _isolated(text) if direction() == "rtl" else text


def _as_is(text: str) -> str:
    return text


def country(code: str, english: str) -> str:
    """A state's name in the reader's language: the locale's (CLDR) name of the code, else
    the English name (a user-assigned code such as XA has none)."""
    if current_language.get() == SOURCE_LANGUAGE or _user_assigned(code):
        return english
    return str(locale().territories.get(code, english))


def _user_assigned(code: str) -> bool:
    """ISO 3166-1's user-assigned codes (AA, QM-QZ, XA-XZ, ZZ): CLDR gives some of them other
    meanings (XA is its pseudo-locale region), so they keep their registered English name; XK
    (Kosovo, by convention) keeps CLDR's."""
    return (
        code == "AA"
        or code == "ZZ"
        or (code[:1] == "Q" and code[1:] >= "M")
        or (code[:1] == "X" and code != "XK")
    )


def day(value: date | datetime | str | None) -> str:
    """One readable date format everywhere: 1 March 2027, in the person's digits, followed by
    the Hijri date when they asked for it: 1 March 2027 (22 Ramadan 1448 AH)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = value.date()
    text = format_date(value, format="long", locale=locale())
    if current_hijri.get():
        text = f"{text} ({hijri(value)})"
    return digits(text)


def hijri(value: date) -> str:
    """The Umm al-Qura (Hijri) date of a Gregorian date, e.g. 22 Ramadan 1448 AH; stored dates
    stay Gregorian, this is only how they read. Outside the converter's range (1343–1500 AH,
    1924–2077) there is none: an empty string."""
    try:
        converted = Gregorian(value.year, value.month, value.day).to_hijri()
    except OverflowError:
        return ""
    month = gettext(HIJRI_MONTHS[converted.month - 1])
    return digits(gettext("%(day)s %(month)s %(year)s AH") % {
        "day": converted.day, "month": month, "year": converted.year})  # fmt: skip


#: the months of the Hijri calendar (as the Umm al-Qura calendar names them)
HIJRI_MONTHS = (N_("Muharram"), N_("Safar"), N_("Rabi al-Awwal"), N_("Rabi al-Thani"),
                N_("Jumada al-Ula"), N_("Jumada al-Akhirah"), N_("Rajab"), N_("Shaban"),
                N_("Ramadan"), N_("Shawwal"), N_("Dhu al-Qadah"), N_("Dhu al-Hijjah"))  # fmt: skip


def moment(value: datetime | None) -> str:
    """A date and time (UTC): 1 March 2027, 14:05 UTC."""
    if value is None:
        return "—"
    when = format_datetime(value, "d MMMM y, HH:mm", locale=locale())
    return digits(gettext("%(when)s UTC") % {"when": when})


def age(since: datetime | None, now: datetime) -> str:
    """How long something has waited, in whole days (or 'today')."""
    if since is None:
        return "—"
    days = (now - since).days
    if days <= 0:
        return gettext("today")
    return digits(ngettext("%(n)s day", "%(n)s days", days) % {"n": days})
