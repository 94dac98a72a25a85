"""Partner use cases. Every change to a fact the rules read (an agreement, an embargo, risk
notes) re-assesses the open cases it touches, in the same transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanah import events
from amanah.audit import service as audit
from amanah.audit.verbs import Verb
from amanah.cases.domain import parse_enum
from amanah.catalogue.classification import Classification
from amanah.errors import Conflict, Forbidden, InvalidInput, NotFound
from amanah.events import EmbargoChanged, PartnerFactsChanged
from amanah.i18n import N_
from amanah.partners.country import country_name, normalise_country
from amanah.partners.domain import AgreementKind, Embargo, EmbargoScope, RelationshipTier
from amanah.partners.models import EmbargoRow, PartnerAgreementRow, PartnerRow
from amanah.partners.queries import all_embargoes as all_embargoes
from amanah.partners.queries import embargo_of as embargo_of
from amanah.partners.queries import get_partner as get_partner
from amanah.partners.queries import known_country as known_country
from amanah.partners.queries import to_domain as to_domain
from amanah.partners.schemas import EmbargoIn, PartnerAgreementIn, PartnerIn
from amanah.reference import (
    memberships_of,
    organisations,
    reference_embargo_entries,
    reference_embargoes,
    regime_names,
)
from amanah.users.roles import Actor, Role

EDITORS = (Role.ADMINISTRATOR, Role.CASE_OFFICER, Role.EXPORT_CONTROL)
OWNERS = (Role.EXPORT_CONTROL, Role.ADMINISTRATOR)


def _structure(entry: dict[str, Any]) -> dict[str, Any]:
    """The columns of an embargoes.yaml entry beyond the basic ones, as stored (dates as text)."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value.isoformat() if isinstance(value, date) else value

    return {
        "binding": entry.get("binding", "legal"),
        "periods": plain(entry.get("periods") or []),
        "exemptions": plain(entry.get("exemptions") or []),
        "coverage": list(entry.get("coverage") or []),
        "renewal_date": entry.get("renewal_date"),
        "renewals": plain(entry.get("renewals") or []),
        "source_url": entry.get("source") or "",
        "verified_on": entry.get("verified"),
        "verification": entry.get("status", "unverified"),
        "note": entry.get("note") or "",
    }


def _require_editor(actor: Actor) -> None:
    if not actor.has(*EDITORS) and actor.username != "system":
        raise Forbidden(N_("only administrators, case officers and export control edit partners"))


def require_owner(actor: Actor) -> None:
    """Embargoes, memberships and agreements in force belong to export control and the
    administrators; nobody else changes them, not even by proposal."""
    if not actor.has(*OWNERS) and actor.username != "system":
        raise Forbidden(N_("only export control and administrators change reference data"))


def save_partner(session: Session, actor: Actor, data: PartnerIn) -> PartnerRow:
    _require_editor(actor)
    code = normalise_country(data.code, "code")
    name = (data.name or "").strip() or country_name(code)
    if name == code:
        raise InvalidInput(
            N_("%(code)s is a user-assigned code: give the state's name"),
            field="name",
            values={"code": code},
        )
    row = session.get(PartnerRow, code)
    if (
        row is not None
        and data.expected_version is not None
        and data.expected_version != row.version
    ):
        raise Conflict(N_("partner %(code)s was changed by someone else (version "
                          "%(version)s); reload and try again"), field="expected_version",
                          values={"code": code, "version": row.version})  # fmt: skip
    before = None if row is None else {"risk_notes": row.risk_notes, "tier": row.tier}
    memberships = _memberships_on_save(actor, row, code, data.memberships)
    if row is None:
        row = PartnerRow(code=code)
        session.add(row)
    row.name, row.region, row.since = name, data.region, data.since
    row.memberships = memberships
    row.releasable_level = int(Classification.parse(data.releasable_level, "releasable_level"))
    row.tier = parse_enum(RelationshipTier, data.tier, "tier").value
    risk_changed = before is not None and before["risk_notes"] != data.risk_notes
    row.risk_notes = data.risk_notes
    session.flush()
    audit.record(session, actor, Verb.PARTNER_SAVED, "partner", code, before=before,
                 after={"risk_notes": row.risk_notes, "tier": row.tier,
                        "memberships": row.memberships})  # fmt: skip
    if risk_changed:
        _facts_changed(session, actor, partner=code)
    return row


def _memberships_on_save(
    actor: Actor, row: PartnerRow | None, code: str, given: list[str] | None
) -> list[str]:
    """A new partner starts with the package's memberships (or, from an owner of reference
    data, the ones given); a stored partner's memberships change only by a confirmed proposal."""
    if row is not None:
        if given is not None and sorted(given) != sorted(row.memberships):
            raise InvalidInput(N_("memberships change by a proposal that a second person confirms "
                                  "(POST /api/v1/partners/%(code)s/memberships)"), field="memberships",
                                  values={"code": code})  # fmt: skip
        return list(row.memberships)
    if given is None:
        return sorted(memberships_of(code))
    if not actor.has(*OWNERS) and actor.username != "system":
        raise Forbidden(N_("only export control and administrators set memberships"),
                        field="memberships")  # fmt: skip
    return sorted(checked_memberships(given))


def checked_memberships(memberships: list[str]) -> set[str]:
    known = set(organisations())
    chosen = {m.strip().upper() for m in memberships}
    unknown = sorted(chosen - known)
    if unknown:
        raise InvalidInput(
            N_("unknown organisation %(unknown)r"),
            field="memberships",
            values={"unknown": unknown[0]},
        )
    return chosen


def set_memberships(
    session: Session, actor: Actor, code: str, memberships: list[str], reason: str
) -> PartnerRow:
    """Apply a partner's memberships (a confirmed proposal) and re-assess its open cases."""
    require_owner(actor)
    row = get_partner(session, code)
    before = {"memberships": list(row.memberships)}
    row.memberships = sorted(checked_memberships(memberships))
    session.flush()
    audit.record(session, actor, Verb.MEMBERSHIPS_SAVED, "partner", row.code, before=before,
                 after={"memberships": row.memberships, "reason": reason})  # fmt: skip
    _facts_changed(session, actor, partner=row.code)
    return row


def add_agreement(
    session: Session, actor: Actor, code: str, data: PartnerAgreementIn
) -> PartnerAgreementRow:
    """Apply an agreement in force (a confirmed proposal, or the demo's seeding)."""
    require_owner(actor)
    partner = get_partner(session, code)
    kind = check_agreement(data)
    row = PartnerAgreementRow(kind=kind.value, title=data.title, start=data.start, end=data.end)
    partner.agreements.append(row)
    session.flush()
    audit.record(session, actor, Verb.AGREEMENT_IN_FORCE_SAVED, "partner", partner.code,
                 after=data.model_dump(mode="json"))  # fmt: skip
    _facts_changed(session, actor, partner=partner.code)
    return row


def check_agreement(data: PartnerAgreementIn) -> AgreementKind:
    kind = parse_enum(AgreementKind, data.kind, "kind")
    if data.end is not None and data.end <= data.start:
        raise InvalidInput(N_("an agreement ends after it starts"), field="end")
    return kind


def check_embargo(data: EmbargoIn) -> None:
    """Refuse an embargo that names an unknown regime, state or scope, or ends before it starts."""
    if data.regime not in regime_names():
        raise InvalidInput(
            N_("unknown regime %(regime)r"), field="regime", values={"regime": data.regime}
        )
    if data.target:
        normalise_country(data.target, "target")
    parse_enum(EmbargoScope, data.scope, "scope")
    if data.end is not None and data.end <= data.start:
        raise InvalidInput(N_("an embargo ends after it starts"), field="end")


def embargo_snapshot(row: EmbargoRow | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"id": row.id, "regime": row.regime, "target": row.target,
            "target_name": row.target_name, "scope": row.scope, "instrument": row.instrument,
            "start": str(row.start), "end": None if row.end is None else str(row.end),
            "source": row.source}  # fmt: skip


def from_reference(row: EmbargoRow | None) -> bool:
    return row is not None and row.source in ("reference", "override")


def save_embargo(session: Session, actor: Actor, data: EmbargoIn, reason: str = "") -> EmbargoRow:
    """Apply an embargo (a confirmed proposal, or seeding) and re-assess the open cases. Changing
    one that came from the package's reference data is an override and needs a reason."""
    require_owner(actor)
    check_embargo(data)
    row = session.get(EmbargoRow, data.id)
    overriding = from_reference(row)
    if overriding and not reason.strip():
        raise InvalidInput(N_("%(id)s comes from the reference data: give the reason for "
                              "overriding it"), field="reason", values={"id": data.id})  # fmt: skip
    before = embargo_snapshot(row)
    if row is None:
        row = EmbargoRow(id=data.id, source="manual")
        session.add(row)
    target = normalise_country(data.target, "target") if data.target else None
    row.regime, row.target, row.target_name = data.regime, target, data.target_name
    scope = parse_enum(EmbargoScope, data.scope, "scope").value
    if row.periods and scope != row.scope:  # a new scope restates the measure as one period
        row.periods = [{"start": data.start.isoformat(), "scope": scope,
                        "end": None if data.end is None else data.end.isoformat()}]  # fmt: skip
    row.scope, row.instrument = scope, data.instrument
    row.start, row.end = data.start, data.end
    if overriding:
        row.source = "override"
    session.flush()
    after = {**data.model_dump(mode="json"), "reason": reason}
    verb = Verb.EMBARGO_OVERRIDDEN if overriding else Verb.EMBARGO_SAVED
    audit.record(session, actor, verb, "embargo", data.id, before=before, after=after)
    events.record(session, EmbargoChanged(target, actor, data.id))
    if before is not None and before["target"] not in (None, target):
        events.record(session, EmbargoChanged(before["target"], actor, data.id))
    return row


def load_reference_embargoes(session: Session) -> int:
    """Insert the package's embargoes that are not stored yet and bring the stored ones that
    came unchanged from the package up to its current facts (structure, provenance, renewals);
    manual entries and overrides are kept, and a package entry that was withdrawn (e.g. UN-ISIL,
    which belongs to screening) is removed unless someone overrode it. Returns how many were
    added."""
    stored = {row.id: row for row in session.scalars(select(EmbargoRow))}
    entries = reference_embargo_entries()
    added = 0
    for e in reference_embargoes():
        row = stored.get(e.id)
        if row is None:
            row = EmbargoRow(id=e.id, source="reference")
            session.add(row)
            added += 1
        elif row.source != "reference":
            continue
        row.regime, row.target, row.target_name = e.regime, e.target, e.target_name
        row.scope, row.instrument, row.start, row.end = e.scope.value, e.instrument, e.start, e.end
        for name, value in _structure(entries[e.id]).items():
            if getattr(row, name) != value:
                setattr(row, name, value)
    for row in stored.values():
        if row.source == "reference" and row.id not in entries:
            session.delete(row)
    session.flush()
    return added


def check_renewal(
    session: Session, embargo_id: str, instrument: str, adopted: date, until: date | None,
    source: str,
) -> EmbargoRow:  # fmt: skip
    """The measure a renewal is recorded for, or a clear error naming the field."""
    row = session.get(EmbargoRow, embargo_id)
    if row is None:
        raise NotFound(N_("no embargo %(id)s"), field="embargo", values={"id": embargo_id})
    if not instrument.strip():
        raise InvalidInput(N_("name the instrument that renewed the measure"), field="instrument")
    if not source.strip().startswith(("http://", "https://")):
        raise InvalidInput(N_("give the URL of the official text of the renewal"), field="source")
    if until is not None and until <= adopted:
        raise InvalidInput(N_("a renewal runs until a day after its adoption"), field="until")
    return row


def record_renewal(
    session: Session, actor: Actor, embargo_id: str, instrument: str, adopted: date,
    until: date | None, source: str,
) -> EmbargoRow:  # fmt: skip
    """Record that a measure was renewed (`until` None: without an end date): the renewal date
    moves, the renewal is kept with its source, the change is audited and the open cases
    concerned are re-assessed. Export control or an administrator records it."""
    require_owner(actor)
    row = check_renewal(session, embargo_id, instrument, adopted, until, source)
    before = {"renewal_date": None if row.renewal_date is None else row.renewal_date.isoformat()}
    renewal = {"instrument": instrument.strip(), "adopted": adopted.isoformat(),
               "until": None if until is None else until.isoformat(), "source": source.strip(),
               "recorded_by": actor.username}  # fmt: skip
    row.renewals = [*(row.renewals or []), renewal]
    row.renewal_date = until
    if row.source == "reference":
        row.source = "override"  # the package's next load keeps what was recorded here
    session.flush()
    audit.record(session, actor, Verb.EMBARGO_SAVED, "embargo", row.id, before=before,
                 after={"renewal": renewal})  # fmt: skip
    events.record(session, EmbargoChanged(row.target, actor, row.id))
    return row


def _facts_changed(session: Session, actor: Actor, partner: str | None) -> None:
    events.record(session, PartnerFactsChanged(partner, actor))  # facts feed compliance


def list_partners(session: Session, actor: Actor) -> list[PartnerRow]:
    stmt = select(PartnerRow).order_by(PartnerRow.name)
    if actor.is_partner:
        stmt = stmt.where(PartnerRow.code == actor.country)
    return list(session.scalars(stmt))


def embargoes_in_force(session: Session, code: str, on: date) -> list[Embargo]:
    return embargoes_in_force_for(code, on, all_embargoes(session))


def embargoes_in_force_for(code: str, on: date, embargoes: list[Embargo]) -> list[Embargo]:
    """The embargoes on `code` in force on `on`, from a list already loaded."""
    return [e for e in embargoes if e.target == code and e.in_force(on)]
