"""Changing a case after approval: each change is compared with the case as it stands
(`cases.amendments`); an amendment re-enters review (the lifecycle's `amend`), a modification
does not. Every version is kept, the approved one first, so any two can be read side by side."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from amanah import events
from amanah.audit import service as audit
from amanah.audit.verbs import Verb
from amanah.cases import workflow
from amanah.cases.amendments import (
    Change,
    ChangeKind,
    ItemVersion,
    PartyVersion,
    Version,
    diff,
    kind_of,
)
from amanah.cases.domain import Money, PartyRole
from amanah.cases.models import CaseRow, CaseVersionRow
from amanah.cases.schemas import ChangeIn, PartyIn
from amanah.cases.service import (
    _changed,
    _check_version,
    _event,
    _line_item,
    _party,
    get_case,
    require_writer,
    snapshot,
    transition,
)
from amanah.catalogue.models import TechnologyRow
from amanah.compliance.rule import Code, Value, phrase
from amanah.db.base import utcnow
from amanah.errors import InvalidInput, NotFound, Refused
from amanah.events import PartyAdded, PartyWithdrawn
from amanah.i18n import N_, Word, Words
from amanah.monitoring import alerts
from amanah.monitoring.alerts import AlertMessage
from amanah.users.roles import Actor

#: after approval: a modification is possible until the case is closed
MODIFIABLE = frozenset({workflow.S.COMPLIANCE_REVIEW, workflow.S.AWAITING_APPROVAL,
                        workflow.S.APPROVED, workflow.S.AGREEMENT_SIGNED, workflow.S.IN_DELIVERY,
                        workflow.S.DELIVERED, workflow.S.END_USE_MONITORING})  # fmt: skip
CONTACT = "contact:"


def version_of(session: Session, case: CaseRow) -> Version:
    names = {t.id: t.name for t in session.scalars(select(TechnologyRow).where(
        TechnologyRow.id.in_([i.technology_id for i in case.items])))}  # fmt: skip
    contacts = {k.removeprefix(CONTACT): v for p in case.parties if p.role == PartyRole.END_USER
                for k, v in p.identifiers.items() if k.startswith(CONTACT)}  # fmt: skip
    return Version(
        case.title, case.value, case.currency, case.transfer_date,
        tuple(ItemVersion(i.id, names.get(i.technology_id, str(i.technology_id)), i.quantity,
                          i.kind, i.unit_value) for i in case.items),
        tuple(PartyVersion(p.role, p.name, p.country) for p in case.parties),
        tuple(sorted(contacts.items())),
    )  # fmt: skip


def _proposed(session: Session, actor: Actor, case: CaseRow, before: Version,
              data: ChangeIn) -> Version:  # fmt: skip
    """The case as it would be after the change (nothing stored)."""
    items = list(before.items)
    by_id = {i.id: n for n, i in enumerate(items)}
    for change in data.items:
        if change.item_id not in by_id:
            raise NotFound(N_("case %(reference)s has no line item %(item_id)s"),
                           field="items", values={"reference": case.reference, "item_id": change.item_id})  # fmt: skip
        n = by_id[change.item_id]
        items[n] = ItemVersion(items[n].id, items[n].technology, change.quantity, items[n].kind,
                               items[n].unit_value)  # fmt: skip
    for n, new in enumerate(data.new_items, start=1):
        row = _line_item(session, actor, new)
        tech = session.get_one(TechnologyRow, row.technology_id)
        items.append(ItemVersion(-n, tech.name, row.quantity, row.kind, row.unit_value))
    parties = list(before.parties)
    if data.end_user is not None:
        fresh = _party(PartyIn(role="end_user", name=data.end_user.name,
                               country=data.end_user.country, type=data.end_user.type,
                               sector=data.end_user.sector))  # fmt: skip
        parties = [p for p in parties if p.role != PartyRole.END_USER]
        parties.append(PartyVersion(fresh.role, fresh.name, fresh.country))
    value, currency = before.value, before.currency
    if data.value is not None:
        value = Money.parse(data.value, before.currency).amount
    contacts = dict(before.contacts)
    contacts.update({k.strip(): v.strip() for k, v in (data.contacts or {}).items() if k.strip()})
    return Version(
        data.title.strip() if data.title else before.title, value, currency,
        data.transfer_date or before.transfer_date, tuple(items), tuple(parties),
        tuple(sorted(contacts.items())),
    )  # fmt: skip


def _number(session: Session, case_id: int) -> int:
    return session.scalar(select(func.max(CaseVersionRow.number))
                          .where(CaseVersionRow.case_id == case_id)) or 0  # fmt: skip


def _keep(session: Session, actor: Actor, case: CaseRow, kind: str, version: Version,
          changes: list[Change], reason: str) -> CaseVersionRow:  # fmt: skip
    row = CaseVersionRow(case_id=case.id, number=_number(session, case.id) + 1, kind=kind,
                         snapshot=version.as_json(), changes=[c.as_json() for c in changes],
                         reason=reason, made_by=actor.username, made_at=utcnow())  # fmt: skip
    session.add(row)
    session.flush()
    return row


def _keep_baseline(session: Session, actor: Actor, case: CaseRow, before: Version) -> None:
    """Keep the case as it stands before its first change, and again after each approval since
    the last kept version: the approved version an amendment is read against."""
    last = session.scalar(select(CaseVersionRow).where(CaseVersionRow.case_id == case.id)
                          .order_by(CaseVersionRow.number.desc()).limit(1))  # fmt: skip
    approvals = [d for d in case.decisions if d.kind == "approval" and d.outcome == "approved"]
    if last is not None and not (approvals and approvals[-1].decided_at > last.made_at):
        return
    # a catalogue message, shown in the reader's language (`as_said` on the versions page)
    reason = (N_("the version in force before the first change") if last is None
              else N_("the version approved after the last change"))  # fmt: skip
    _keep(session, actor, case, "approved" if approvals else "original", before, [], reason)


def preview(session: Session, actor: Actor, case_id: int, data: ChangeIn) -> list[Change]:
    """What the change would be, and of which kind, without making it."""
    require_writer(actor)
    case = get_case(session, actor, case_id)
    before = version_of(session, case)
    return diff(before, _proposed(session, actor, case, before, data))


def change_case(session: Session, actor: Actor, case_id: int, data: ChangeIn) -> CaseVersionRow:
    """Make the change: an amendment takes the case back to review (refused, with nothing
    changed, where the lifecycle does not allow `amend`); a modification keeps its state."""
    require_writer(actor)
    case = get_case(session, actor, case_id)
    _check_version(case, data.expected_version)
    if workflow.CaseState(case.state) not in MODIFIABLE:
        raise Refused(N_("case %(reference)s is %(state)s: it is changed through the "
                         "request until it is in review, and not at all once closed"), field="state",
                         values={"reference": case.reference, "state": Word(case.state)})  # fmt: skip
    before = version_of(session, case)
    after = _proposed(session, actor, case, before, data)
    changes = diff(before, after)
    kind = kind_of(changes)
    if kind is None:
        raise InvalidInput(N_("the change changes nothing"), field="reason")
    if kind is ChangeKind.AMENDMENT:
        problems = workflow.refusals(actor, snapshot(session, case), "amend", data.reason)
        if problems:
            why = Words(tuple(c.reason for c in changes if c.kind is ChangeKind.AMENDMENT))
            raise Refused(N_("This is an amendment (%(why)s), and the case cannot be amended "
                             "now: %(problems)s"), field="action",
                          values={"why": why, "problems": "; ".join(problems)})  # fmt: skip
    _keep_baseline(session, actor, case, before)
    _apply(session, actor, case, data)
    after = version_of(session, case)
    row = _keep(session, actor, case, kind.value, after, changes, data.reason.strip())
    summary = "; ".join(f"{c.field}: {c.before} → {c.after}" for c in changes)[:1000]
    note, said = f"{data.reason.strip()} ({summary})", changed_note(data.reason.strip(), changes)
    if kind is ChangeKind.AMENDMENT:
        transition(session, actor, case.id, "amend", note, said=said)
        verb = Verb.CASE_AMENDED
    else:
        _event(case, actor, "modified", note, said=said)
        _changed(session, actor, case)
        verb = Verb.CASE_MODIFIED
    audit.record(session, actor, verb, "case", case.id, before=before.as_json(),
                 after={**after.as_json(), "changes": row.changes, "version": row.number})  # fmt: skip
    return row


#: a change's timeline note: the person's reason, then each field changed
CHANGED_NOTE = N_("%(reason)s (%(changes)s)")
FIELD_CHANGED = N_("%(field)s: %(before)s → %(after)s")


def changed_note(reason: str, changes: list[Change]) -> AlertMessage:
    """The timeline note of an amendment or a modification, for a reader of another language
    (the stored English note lists the same changes, `; `-separated): a field's name as its
    words, its values as they are."""
    return alerts.alert(CHANGED_NOTE, {"reason": reason, "changes": [
        phrase(FIELD_CHANGED, {"field": phrase(c.name.message, cast(dict[str, Value], c.name.values))
                               if c.name.message else Code(c.field),
                               "before": c.before, "after": c.after})  # fmt: skip
        for c in changes
    ]})  # fmt: skip


def _apply(session: Session, actor: Actor, case: CaseRow, data: ChangeIn) -> None:
    if data.title:
        case.title = data.title.strip()
    if data.transfer_date:
        case.transfer_date = data.transfer_date
    if data.value is not None:
        case.value = Money.parse(data.value, case.currency).amount
    items = {i.id: i for i in case.items}
    for change in data.items:
        items[change.item_id].quantity = change.quantity
    for new in data.new_items:
        case.items.append(_line_item(session, actor, new))
    end_user = next((p for p in case.parties if p.role == PartyRole.END_USER), None)
    if data.end_user is not None:
        if end_user is not None:
            events.record(session, PartyWithdrawn(case.id, end_user.id))
            case.parties.remove(end_user)
        end_user = _party(PartyIn(role="end_user", name=data.end_user.name,
                                  country=data.end_user.country, type=data.end_user.type,
                               sector=data.end_user.sector))  # fmt: skip
        case.parties.append(end_user)
        session.flush()
        events.record(session, PartyAdded(case.id, actor, end_user.id))  # screened on arrival
    if data.contacts and end_user is not None:
        contacts = {
            f"{CONTACT}{k.strip()}": v.strip() for k, v in data.contacts.items() if k.strip()
        }
        end_user.identifiers = {**end_user.identifiers, **contacts}
    session.flush()


def versions(session: Session, actor: Actor, case_id: int) -> list[CaseVersionRow]:
    case = get_case(session, actor, case_id)
    return list(session.scalars(select(CaseVersionRow).where(CaseVersionRow.case_id == case.id)
                                .order_by(CaseVersionRow.number)))  # fmt: skip


def compare(session: Session, actor: Actor, case_id: int, first: int | None = None,
            second: int | None = None) -> dict[str, Any]:  # fmt: skip
    """Two versions side by side with what changed between them: by default the last approved
    version and the case as it is now."""
    kept = versions(session, actor, case_id)
    case = get_case(session, actor, case_id)
    by_number = {v.number: v for v in kept}
    for number in (first, second):
        if number is not None and number not in by_number:
            raise NotFound(
                N_("case %(reference)s has no version %(number)s"),
                field="version",
                values={"reference": case.reference, "number": number},
            )
    approved = [v for v in kept if v.kind == "approved"]
    left_row = by_number[first] if first is not None else (approved[-1] if approved else None)
    left = Version.from_json(left_row.snapshot) if left_row else version_of(session, case)
    right_row = by_number[second] if second is not None else None
    right = Version.from_json(right_row.snapshot) if right_row else version_of(session, case)
    changes = diff(left, right)
    return {"case_id": case.id, "reference": case.reference,
            "before": {"number": left_row.number if left_row else None,
                       "kind": left_row.kind if left_row else "current", **left.as_json()},
            "after": {"number": right_row.number if right_row else None,
                      "kind": right_row.kind if right_row else "current", **right.as_json()},
            "changes": [c.as_json() for c in changes],
            "kind": None if (k := kind_of(changes)) is None else k.value,
            "versions": [{"number": v.number, "kind": v.kind, "reason": v.reason,
                          "made_by": v.made_by, "made_at": v.made_at} for v in kept]}  # fmt: skip
