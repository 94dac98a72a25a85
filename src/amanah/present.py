"""How stored values read to a person: words for codes, money with its currency, one date format.

Pages, the dossier and the CLI show states, roles and kinds through these labels, never as
`snake_case` codes; each label is a gettext message, translated when it is shown.
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

LABELS: dict[str, str] = {
    # case states
    "draft": N_("Draft"),
    "submitted": N_("Submitted"),
    "release_review": N_("Technology-release review"),
    "compliance_review": N_("Compliance review"),
    "awaiting_approval": N_("Awaiting approval"),
    "approved": N_("Approved"),
    "refused": N_("Refused"),
    "agreement_signed": N_("Agreement signed"),
    "in_delivery": N_("In delivery"),
    "delivered": N_("Delivered"),
    "end_use_monitoring": N_("End-use monitoring"),
    "closed": N_("Closed"),
    "withdrawn": N_("Withdrawn"),
    "suspended": N_("Suspended"),
    # outcomes
    "prohibited": N_("Prohibited"),
    "needs_approval": N_("Needs approval"),
    "warning": N_("Warning"),
    "pass": N_("Pass"),
    # roles
    "partner_liaison": N_("Partner liaison"),
    "case_officer": N_("Case officer"),
    "release_board": N_("Technology-release board"),
    "export_control": N_("Export control"),
    "finance": N_("Finance"),
    "leadership": N_("Leadership"),
    "auditor": N_("Auditor"),
    "administrator": N_("Administrator"),
    # the fields of a case that a change names (amanah.cases.amendments)
    "title": N_("Title"),
    "value": N_("Value"),
    "currency": N_("Currency"),
    "transfer_date": N_("Transfer date"),
    # transfer kinds
    "sale": N_("Sale"),
    "loan_for_evaluation": N_("Loan for test and evaluation"),
    "co_production": N_("Co-production"),
    "licensed_production": N_("Licensed production"),
    "ip_licence": N_("IP licence"),
    "know_how": N_("Know-how transfer"),
    "training": N_("Training"),
    "joint_development": N_("Joint research and development"),
    # party roles and types
    "end_user": N_("End user"),
    "ultimate_end_user": N_("Ultimate end user"),
    "consignee": N_("Consignee"),
    "intermediary": N_("Intermediary"),
    "agent": N_("Agent"),
    "transit": N_("Transit or trans-shipment"),
    "broker": N_("Broker"),
    "person": N_("Person"),
    "organisation": N_("Organisation"),
    # party sectors (amanah.cases.domain.PartySector; "non_state" reads as the embargo scope below)
    "government": N_("Government"),
    "armed_forces": N_("Armed or security forces"),
    "state_owned": N_("State-owned enterprise"),
    "un_mission": N_("UN or UN-authorised mission"),
    "civil": N_("Civil (non-military) user"),
    "private": N_("Private company"),
    "sector_not_known": N_("Not known"),
    # document kinds
    "end_use_certificate": N_("End-use certificate"),
    "delivery_verification": N_("Delivery verification certificate"),
    "agreement": N_("Agreement"),
    "import_certificate": N_("Import certificate"),
    "other": N_("Other document"),
    # classifications
    "unclassified": N_("Unclassified"),
    "restricted": N_("Restricted"),
    "confidential": N_("Confidential"),
    "secret": N_("Secret"),
    "top_secret": N_("Top secret"),
    # risk levels (ATT Article 7)
    "low": N_("Low"),
    "substantial": N_("Substantial"),
    "overriding": N_("Overriding"),
    "peace_and_security": N_("Contribute to or undermine peace and security"),
    "international_humanitarian_law": N_("Serious violation of international humanitarian law"),
    "human_rights_law": N_("Serious violation of international human rights law"),
    "terrorism": N_("Offence under conventions or protocols relating to terrorism"),
    "organised_crime": N_("Offence under conventions or protocols on transnational organised crime"),
    "gender_based_violence": N_("Serious acts of gender-based violence or violence against women and children"),
    # screening and decisions
    "open": N_("Open"),
    "true_match": N_("True match"),
    "false_positive": N_("False positive"),
    "granted": N_("Granted"),
    "release": N_("Technology release"),
    "approval": N_("Approval"),
    "claimed": N_("Claimed"),
    "rejected": N_("Rejected"),
    "none": N_("None"),
    # compliance rules (their citations name the official texts)
    "att.6.1": N_("ATT Art. 6(1): Security Council measures"),
    "att.6.2": N_("ATT Art. 6(2): international obligations"),
    "att.6.3": N_("ATT Art. 6(3): knowledge of atrocity crimes"),
    "att.7": N_("ATT Art. 7: export assessment"),
    "att.11": N_("ATT Art. 11: diversion"),
    "mtcr": N_("MTCR Guidelines"),
    "authorisation": N_("Authorisation limits"),
    "countries": N_("Country codes"),
    "eu_cp": N_("EU Common Position 2008/944/CFSP"),
    "notification": N_("Notification thresholds"),
    "releasability": N_("Releasability"),
    "screening": N_("Sanctions screening"),
    # deliveries
    "scheduled": N_("Scheduled"),
    "shipped": N_("Shipped"),
    "held": N_("On hold"),
    "on_hold": N_("On hold"),
    "in_transit": N_("In transit"),
    "at_customs": N_("At customs"),
    "arrived": N_("Arrived"),
    "received": N_("Received"),
    # end-use monitoring
    "routine": N_("Routine"),
    "enhanced": N_("Enhanced"),
    "compliant": N_("Compliant"),
    "discrepancy": N_("Discrepancy"),
    "violation": N_("Violation"),
    "end_use_discrepancy": N_("End-use discrepancy"),
    "end_use_violation": N_("End-use violation"),
    # technology kinds
    "system": N_("System"),
    "component": N_("Component"),
    "software": N_("Software"),
    "cyber_security_method": N_("Cyber-security method"),
    "technical_data": N_("Technical data"),
    "manufacturing_process": N_("Manufacturing process"),
    "ip_right": N_("Intellectual property right"),
    # partner tiers, agreements in force, embargo scopes
    "strategic": N_("Strategic"),
    "priority": N_("Priority"),
    "standard": N_("Standard"),
    "security_of_information": N_("Security-of-information agreement"),
    "defence_cooperation_mou": N_("Defence-cooperation memorandum"),
    "all": N_("All"),
    "non_state": N_("Non-state actors"),
    "armed_groups": N_("Armed groups and associated individuals"),
    "non_governmental": N_("Non-governmental entities and individuals"),
    "designated": N_("Designated persons and entities"),
    "region": N_("Region"),
    # how a listed entry's other fields compare with the party's (screening.explain.fields_of)
    "country": N_("country"),
    "birth_date": N_("date of birth"),
    "type": N_("person or organisation"),
    "identifiers": N_("identifiers"),
    "agrees": N_("agrees"),
    "differs": N_("differs"),
    "same year, day differs": N_("same year, day differs"),
    "one year apart": N_("one year apart"),
    # alert kinds
    "newly_prohibited": N_("Newly prohibited"),
    "screening_hit": N_("Screening hit"),
    "reassess_authorisation": N_("Authorisation to reassess"),
    "embargo_renewal_overdue": N_("Embargo renewal overdue"),
    # offset credit kinds (reference/offset_multipliers.yaml; "training" is a transfer kind above)
    "direct_work_share": N_("Direct work share"),
    "local_production": N_("Local production"),
    "technology_transfer": N_("Technology transfer"),
    "research_and_development": N_("Research and development"),
    "indirect_investment": N_("Indirect investment"),
    # audit verbs
    "case.opened": N_("Case opened"),
    "case.edited": N_("Case edited"),
    "case.transitioned": N_("Case moved to another state"),
    "case.item_added": N_("Line item added"),
    "case.item_classified": N_("Line item classified"),
    "case.item_changed": N_("Line item changed"),
    "case.item_removed": N_("Line item removed"),
    "case.party_changed": N_("Party changed"),
    "case.party_added": N_("Party added"),
    "case.party_removed": N_("Party removed"),
    "case.document_added": N_("Document attached"),
    "case.decision_recorded": N_("Decision recorded"),
    "case.agreement_recorded": N_("Agreement recorded"),
    "delivery.scheduled": N_("Delivery scheduled"),
    "delivery.held": N_("Delivery held"),
    "delivery.shipped": N_("Shipment recorded"),
    "delivery.transit": N_("Shipment tracked"),
    "delivery.received": N_("Receipt confirmed"),
    "case.authorisation_set": N_("Authorisation set"),
    "monitoring.planned": N_("Monitoring plan recorded"),
    "monitoring.checked": N_("End-use check recorded"),
    "compliance.assessed": N_("Compliance assessed"),
    "compliance.calendar_checked": N_("Calendar re-assessment"),
    "catalogue.saved": N_("Technology saved"),
    "partner.saved": N_("Partner saved"),
    "partner.agreement_saved": N_("Partner agreement recorded"),
    "partner.embargo_saved": N_("Embargo recorded"),
    "user.saved": N_("User saved"),
    "user.logged_in": N_("Logged in"),
    "user.locked": N_("User locked out"),
    "alert.raised": N_("Alert raised"),
    "offset.recorded": N_("Offset recorded"),
    "evaluation.recorded": N_("Evaluation recorded"),
    "screening.list_imported": N_("Sanctions list imported"),
    "screening.hit_raised": N_("Screening hit raised"),
    "screening.reviewed": N_("Screening hit reviewed"),
    "data.restored": N_("Data restored from a backup"),
    "partner.embargo_overridden": N_("Embargo reference data overridden"),
    "partner.memberships_saved": N_("Partner memberships changed"),
    "reference.proposed": N_("Reference-data change proposed"),
    "reference.confirmed": N_("Reference-data change confirmed"),
    "reference.rejected": N_("Reference-data change rejected"),
    "user.deactivated": N_("User deactivated"),
    "user.roles_set": N_("User roles changed"),
    "user.sessions_revoked": N_("User sessions ended"),
    "case.rfi_sent": N_("Request for information sent"),
    "case.rfi_answered": N_("Request for information answered"),
    "case.amended": N_("Case amended"),
    "case.modified": N_("Case modified"),
    "case.notified": N_("Notification recorded"),
    "case.routed": N_("Case routed"),
    "routing.proposed": N_("Routing rules proposed"),
    "routing.confirmed": N_("Routing rules confirmed"),
    "routing.rejected": N_("Routing rules rejected"),
    # a case's timeline: what was done (lifecycle steps and edits of the request)
    "opened": N_("opened"),
    "edited": N_("edited"),
    "item_added": N_("item added"),
    "item_changed": N_("item changed"),
    "item_removed": N_("item removed"),
    "item_classified": N_("item classified"),
    "party_added": N_("party added"),
    "party_changed": N_("party changed"),
    "party_removed": N_("party removed"),
    "document_added": N_("document added"),
    "release_decided": N_("release decided"),
    "submit": N_("submitted"),
    "start_release_review": N_("technology-release review started"),
    "complete_release_review": N_("release review completed"),
    "recommend": N_("recommended for approval"),
    "approve": N_("approved"),
    "refuse": N_("refused"),
    "sign_agreement": N_("agreement signed"),
    "start_delivery": N_("delivery started"),
    "complete_delivery": N_("delivery completed"),
    "begin_monitoring": N_("end-use monitoring begun"),
    "close": N_("closed"),
    "withdraw": N_("withdrawn"),
    "suspend": N_("suspended"),
    # kinds of a change to an approved case (amanah.cases.amendments.ChangeKind)
    "amendment": N_("Amendment"),
    "modification": N_("Modification"),
    "resume": N_("resumed"),
    "amend": N_("amended"),
    "request_retransfer": N_("retransfer requested"),
    "modified": N_("modified"),
    "notified": N_("notification recorded"),
    "release_validity": N_("release validity recorded"),
    "rfi_sent": N_("request for information sent"),
    "rfi_answered": N_("request for information answered"),
    "evaluation_completed": N_("evaluation completed"),
    "risk_assessed": N_("Article 7 risk assessment recorded"),
    # what a routing rule looks at (amanah.routing.rules.SUBJECTS; "partner" below)
    "case": N_("case"),
    "item": N_("line item"),
    "party": N_("party"),
    # an agreement's parties (what the agreement form suggests: "recipient; Ministry of Defence; XA")
    "supplier": N_("Supplier"),
    "recipient": N_("Recipient"),
    # who a request for information is addressed to
    "applicant": N_("applicant"),
    "partner": N_("partner"),
}  # fmt: skip


def label(code: object) -> str:
    """The words for a code; an unknown code reads as its words with the underscores removed."""
    text = str(code or "")
    if text in LABELS:
        return gettext(LABELS[text])
    return text.replace("_", " ")


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
