"""Four eyes on reference data. An embargo, a partner's memberships or an agreement in force
decide whether a transfer is prohibited, so one person alone never changes them: an owner of the
data (export control, an administrator) proposes, another owner confirms, and both steps are
audited with the record as it was and as it is proposed to be."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanah.audit import service as audit
from amanah.audit.verbs import Verb
from amanah.db.base import utcnow
from amanah.errors import Conflict, InvalidInput, NotFound, Refused
from amanah.i18n import N_
from amanah.partners import service as partners
from amanah.partners.models import EmbargoRow, ReferenceProposalRow
from amanah.partners.schemas import EmbargoIn, MembershipsIn, PartnerAgreementIn, RenewalIn
from amanah.users.roles import Actor


class ProposalKind(StrEnum):
    EMBARGO = "embargo"
    MEMBERSHIPS = "memberships"
    AGREEMENT = "agreement"
    RENEWAL = "renewal"


class ProposalStatus(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


def propose_embargo(session: Session, actor: Actor, data: EmbargoIn) -> ReferenceProposalRow:
    """Propose a new embargo or a change (its lifting too); overriding the package's reference
    data needs a reason."""
    partners.require_owner(actor)
    partners.check_embargo(data)
    row = session.get(EmbargoRow, data.id)
    if partners.from_reference(row) and not data.reason.strip():
        raise InvalidInput(N_("%(id)s comes from the reference data: give the reason for "
                              "overriding it"), field="reason", values={"id": data.id})  # fmt: skip
    change = data.model_dump(mode="json", exclude={"reason"})
    before = partners.embargo_snapshot(row)
    return _propose(session, actor, ProposalKind.EMBARGO, data.id, change, before, data.reason)


def propose_memberships(
    session: Session, actor: Actor, code: str, data: MembershipsIn
) -> ReferenceProposalRow:
    partners.require_owner(actor)
    row = partners.get_partner(session, code)
    chosen = sorted(partners.checked_memberships(data.memberships))
    before = {"memberships": list(row.memberships)}
    return _propose(session, actor, ProposalKind.MEMBERSHIPS, row.code,
                    {"memberships": chosen}, before, data.reason)  # fmt: skip


def propose_agreement(
    session: Session, actor: Actor, code: str, data: PartnerAgreementIn
) -> ReferenceProposalRow:
    partners.require_owner(actor)
    row = partners.get_partner(session, code)
    partners.check_agreement(data)
    before = {"agreements": _agreements_of(session, row.code)}
    change = data.model_dump(mode="json", exclude={"reason"})
    return _propose(session, actor, ProposalKind.AGREEMENT, row.code, change, before, data.reason)


def propose_renewal(
    session: Session, actor: Actor, embargo_id: str, data: RenewalIn
) -> ReferenceProposalRow:
    """Propose to record that a measure was renewed: when a second owner confirms it, the
    renewal date moves (the daily check stops alerting) and the open cases are re-assessed."""
    partners.require_owner(actor)
    row = partners.check_renewal(session, embargo_id, data.instrument, data.adopted, data.until,
                                 data.source)  # fmt: skip
    change = data.model_dump(mode="json", exclude={"reason"})
    return _propose(session, actor, ProposalKind.RENEWAL, row.id, change, _renewal_of(row),
                    data.reason)  # fmt: skip


def renewal_subject(session: Session, actor: Actor, embargo_id: str) -> EmbargoRow:
    """The measure whose renewal an owner of the data is about to propose."""
    partners.require_owner(actor)
    row = session.get(EmbargoRow, embargo_id)
    if row is None:
        raise NotFound(N_("no embargo %(id)s"), field="embargo", values={"id": embargo_id})
    return row


def _renewal_of(row: EmbargoRow | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {"renewal_date": None if row.renewal_date is None else row.renewal_date.isoformat()}


def _propose(session: Session, actor: Actor, kind: ProposalKind, subject: str,
             change: dict[str, Any], before: dict[str, Any] | None, reason: str) -> ReferenceProposalRow:  # fmt: skip
    row = ReferenceProposalRow(kind=kind.value, subject=subject, change=change, before=before,
                               reason=reason.strip(), status=ProposalStatus.PENDING.value,
                               proposed_by=actor.username, proposed_by_id=actor.user_id,
                               proposed_at=utcnow(), decision_note="")  # fmt: skip
    session.add(row)
    session.flush()
    audit.record(session, actor, Verb.REFERENCE_PROPOSED, "reference_proposal", row.id,
                 before=before, after={"kind": kind.value, "subject": subject,
                                       "change": change, "reason": row.reason})  # fmt: skip
    return row


def confirm(
    session: Session, actor: Actor, proposal_id: int, note: str = ""
) -> ReferenceProposalRow:
    """Apply the proposal: a second owner of the data, never the proposer, and only while the
    record is still as the proposer saw it."""
    row = _pending(session, actor, proposal_id)
    if row.proposed_by_id == actor.user_id or row.proposed_by == actor.username:
        raise Refused(N_("four eyes: the person who proposed a change cannot confirm it"),
                      field="proposal_id")  # fmt: skip
    if _current(session, row) != row.before:
        raise Conflict(N_("the record changed since this proposal was made; reject it and "
                       "propose again"), field="proposal_id")  # fmt: skip
    _decide(row, actor, ProposalStatus.CONFIRMED, note)
    _APPLY[ProposalKind(row.kind)](session, actor, row)
    audit.record(session, actor, Verb.REFERENCE_CONFIRMED, "reference_proposal", row.id,
                 before=row.before, after={"kind": row.kind, "subject": row.subject,
                                           "change": row.change, "note": note})  # fmt: skip
    return row


def reject(
    session: Session, actor: Actor, proposal_id: int, note: str = ""
) -> ReferenceProposalRow:
    """Any owner of the data may reject, the proposer too (withdrawing it)."""
    row = _pending(session, actor, proposal_id)
    _decide(row, actor, ProposalStatus.REJECTED, note)
    audit.record(session, actor, Verb.REFERENCE_REJECTED, "reference_proposal", row.id,
                 after={"kind": row.kind, "subject": row.subject, "note": note})  # fmt: skip
    return row


def list_proposals(
    session: Session, actor: Actor, status: str | None = "pending"
) -> list[ReferenceProposalRow]:
    partners.require_owner(actor)
    stmt = select(ReferenceProposalRow).order_by(ReferenceProposalRow.id.desc()).limit(500)
    if status:
        wanted = _parse_status(status)
        stmt = stmt.where(ReferenceProposalRow.status == wanted.value)
    return list(session.scalars(stmt))


def _parse_status(status: str) -> ProposalStatus:
    try:
        return ProposalStatus(status)
    except ValueError:
        raise InvalidInput(
            N_("unknown status %(status)r"), field="status", values={"status": status}
        ) from None


def _pending(session: Session, actor: Actor, proposal_id: int) -> ReferenceProposalRow:
    partners.require_owner(actor)
    row = session.get(ReferenceProposalRow, proposal_id)
    if row is None:
        raise NotFound(
            N_("no proposal %(proposal_id)s"),
            field="proposal_id",
            values={"proposal_id": proposal_id},
        )
    if row.status != ProposalStatus.PENDING:
        raise Refused(
            N_("proposal %(proposal_id)s is already %(status)s"),
            field="proposal_id",
            values={"proposal_id": proposal_id, "status": row.status},
        )
    return row


def _decide(row: ReferenceProposalRow, actor: Actor, status: ProposalStatus, note: str) -> None:
    row.status, row.decided_by, row.decided_at = status.value, actor.username, utcnow()
    row.decision_note = note.strip()


def _current(session: Session, row: ReferenceProposalRow) -> dict[str, Any] | None:
    kind = ProposalKind(row.kind)
    if kind is ProposalKind.EMBARGO:
        return partners.embargo_snapshot(session.get(EmbargoRow, row.subject))
    if kind is ProposalKind.RENEWAL:
        return _renewal_of(session.get(EmbargoRow, row.subject))
    if kind is ProposalKind.MEMBERSHIPS:
        return {"memberships": list(partners.get_partner(session, row.subject).memberships)}
    return {"agreements": _agreements_of(session, row.subject)}


def _agreements_of(session: Session, code: str) -> list[dict[str, Any]]:
    return [{"kind": a.kind, "title": a.title, "start": str(a.start),
             "end": None if a.end is None else str(a.end)}
            for a in partners.get_partner(session, code).agreements]  # fmt: skip


def _apply_embargo(session: Session, actor: Actor, row: ReferenceProposalRow) -> None:
    data = EmbargoIn.model_validate({**row.change, "reason": row.reason})
    partners.save_embargo(session, actor, data, reason=row.reason)


def _apply_memberships(session: Session, actor: Actor, row: ReferenceProposalRow) -> None:
    partners.set_memberships(session, actor, row.subject, row.change["memberships"], row.reason)


def _apply_agreement(session: Session, actor: Actor, row: ReferenceProposalRow) -> None:
    data = PartnerAgreementIn.model_validate({**row.change, "reason": row.reason})
    partners.add_agreement(session, actor, row.subject, data)


def _apply_renewal(session: Session, actor: Actor, row: ReferenceProposalRow) -> None:
    data = RenewalIn.model_validate({**row.change, "reason": row.reason})
    partners.record_renewal(session, actor, row.subject, data.instrument, data.adopted,
                            data.until, data.source)  # fmt: skip


_APPLY: dict[ProposalKind, Callable[[Session, Actor, ReferenceProposalRow], None]] = {
    ProposalKind.EMBARGO: _apply_embargo,
    ProposalKind.MEMBERSHIPS: _apply_memberships,
    ProposalKind.AGREEMENT: _apply_agreement,
    ProposalKind.RENEWAL: _apply_renewal,
}
