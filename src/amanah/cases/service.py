"""Transfer-case use cases. Each call runs inside the caller's transaction; every change
appends an audit event, a timeline entry, and re-assesses the case."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from amanah import events
from amanah.agreements.queries import agreement_for
from amanah.audit import service as audit
from amanah.audit.verbs import Verb
from amanah.cases import workflow
from amanah.cases.domain import (
    Money,
    PartyRole,
    PartySector,
    PartyType,
    TransferKind,
    parse_enum,
)
from amanah.cases.models import (
    CaseEventRow,
    CaseRow,
    DecisionRow,
    LineItemRow,
    PartyRow,
)
from amanah.cases.queries import release_decision as release_decision
from amanah.cases.schemas import (
    CaseEdit,
    CaseIn,
    LineItemIn,
    PartyIn,
    RiskAssessmentIn,
)
from amanah.catalogue.classification import Classification
from amanah.catalogue.domain import parse_control_entry
from amanah.catalogue.models import TechnologyRow
from amanah.compliance.facts import ART7_GROUNDS, NOT_ASSESSED, RiskLevel
from amanah.compliance.queries import current_assessment as current_assessment
from amanah.compliance.rule import Code, Value, render, stored_values
from amanah.db.base import utcnow
from amanah.errors import Conflict, Forbidden, InvalidInput, NotFound
from amanah.events import CaseChanged, CaseTransitioned
from amanah.i18n import N_, Word
from amanah.monitoring.alerts import AlertMessage
from amanah.partners.country import normalise_country
from amanah.partners.queries import get_partner
from amanah.users.roles import Actor, Role

EDITABLE_STATES = frozenset({workflow.S.DRAFT, workflow.S.SUBMITTED, workflow.S.RELEASE_REVIEW,
                             workflow.S.COMPLIANCE_REVIEW})  # fmt: skip
CASE_WRITERS = (Role.CASE_OFFICER, Role.PARTNER_LIAISON)


def _state(case: CaseRow) -> workflow.CaseState:
    return workflow.CaseState(case.state)


def summary(case: CaseRow) -> dict[str, object]:
    return {"state": case.state, "version": case.version, "title": case.title,
            "value": str(case.value), "currency": case.currency}  # fmt: skip


def get_case(session: Session, actor: Actor, case_id: int, *, for_update: bool = False) -> CaseRow:
    """The case, or NotFound, also when the actor may not know it exists (another state's)."""
    stmt = select(CaseRow).where(CaseRow.id == case_id)
    if for_update:
        stmt = stmt.with_for_update()
    case = session.scalar(stmt)
    if case is None or not actor.may_see_state(case.partner_code):
        raise NotFound(N_("no case %(case_id)s"), field="case_id", values={"case_id": case_id})
    return case


def _check_version(case: CaseRow, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != case.version:
        raise Conflict(
            N_(
                "case %(reference)s was changed by someone else (you had version "
                "%(expected_version)s, it is now %(version)s); reload it and try "
                "again"
            ),
            field="expected_version",
            values={
                "reference": case.reference,
                "expected_version": expected_version,
                "version": case.version,
            },
        )


def require_writer(actor: Actor, case: CaseRow | None = None) -> None:
    """Only case officers and partner liaisons (of the case's state) edit a request."""
    if not actor.has(*CASE_WRITERS):
        raise Forbidden(N_("only case officers and partner liaisons edit requests"))
    if case is not None and not actor.may_see_state(case.partner_code):
        raise NotFound(N_("no case %(id)s"), field="case_id", values={"id": case.id})


def editable_case(
    session: Session, actor: Actor, case_id: int, expected_version: int | None
) -> CaseRow:
    """The case, for `actor` to change its request: one they may write, still at the version
    they saw, in a state whose request may be edited."""
    case = get_case(session, actor, case_id)
    require_writer(actor, case)
    _check_version(case, expected_version)
    if _state(case) not in EDITABLE_STATES:
        raise InvalidInput(
            N_("case %(reference)s is %(state)s: amend it to change its request"),
            field="state",
            values={"reference": case.reference, "state": Word(case.state)},
        )
    return case


def require_open(case: CaseRow) -> None:
    """Refuse a change to a case that is closed (a final state)."""
    if _state(case) in workflow.FINAL_STATES:
        raise InvalidInput(
            N_("case %(reference)s is %(state)s"),
            field="state",
            values={"reference": case.reference, "state": Word(case.state)},
        )


class _Child(Protocol):
    @property
    def id(self) -> int: ...


_R = TypeVar("_R", bound=_Child)


def child_of(case: CaseRow, rows: Iterable[_R], row_id: int, field: str, missing: str) -> _R:
    """The row of `rows` (a case's line items, parties…) with the id `row_id`; NotFound, naming
    `field`, with the `missing` message (of `reference` and `field`) when it has none."""
    row = next((r for r in rows if r.id == row_id), None)
    if row is None:
        raise NotFound(missing, field=field, values={"reference": case.reference, field: row_id})
    return row


def _event(case: CaseRow, actor: Actor, action: str, note: str = "",
           from_state: str | None = None, to_state: str | None = None,
           said: AlertMessage | None = None) -> None:  # fmt: skip
    """A timeline entry; `said`: its note as a catalogue message with stored values, for a
    reader of another language than the English `note`."""
    case.events.append(CaseEventRow(
        at=utcnow(), actor=actor.username, action=action, note=note, from_state=from_state,
        to_state=to_state, note_id=said.message if said else None,
        note_values=dict(said.values) if said else None,
    ))  # fmt: skip


#: timeline notes whose first value is a stored code (a party's role, a document's kind, a
#: decision's outcome): read as its words in the reader's language
PARTY_NOTE = N_("%(role)s: %(name)s (%(country)s)")
REMOVED_PARTY_NOTE = N_("%(role)s: %(name)s")
CODED_NOTE = N_("%(code)s: %(text)s")


def _noted(
    case: CaseRow, actor: Actor, action: str, message: str, values: dict[str, Value]
) -> None:
    """A timeline entry whose note is a catalogue message with its values: the English note as
    before (`note`), the message and stored values for every other reader."""
    kept = stored_values(values)
    case.events.append(CaseEventRow(at=utcnow(), actor=actor.username, action=action,
                                    note=render(message, kept), note_id=message,
                                    note_values=kept))  # fmt: skip


def _changed(
    session: Session, actor: Actor, case: CaseRow, event: CaseChanged | None = None
) -> None:
    """Bump the version (optimistic lock), then record the change (`CaseChanged` or the more
    specific `event`): the case is re-assessed, a change of facts is a new snapshot."""
    case.updated_at = utcnow()
    reference = case.reference  # a failed flush expires the row: read nothing from it after
    try:
        session.flush()
    except StaleDataError:
        raise Conflict(
            N_("case %(reference)s was changed by someone else; reload it"),
            values={"reference": reference},
        ) from None
    events.record(session, event or CaseChanged(case.id, actor))


def open_case(session: Session, actor: Actor, data: CaseIn) -> CaseRow:
    require_writer(actor)
    partner = get_partner(session, normalise_country(data.partner, "partner"))
    if not actor.may_see_state(partner.code):
        raise Forbidden(
            N_("a partner liaison opens requests for its own state only"), field="partner"
        )
    money = Money.parse(data.value, data.currency)
    case = CaseRow(
        reference="pending", title=data.title.strip(), partner_code=partner.code,
        state=workflow.S.DRAFT.value, owner_id=None if actor.is_partner else actor.user_id,
        value=money.amount, currency=money.currency, transfer_date=data.transfer_date,
        atrocity_knowledge=[],
    )  # fmt: skip
    session.add(case)
    session.flush()
    case.reference = f"AMN-{case.created_at.year}-{case.id:06d}"
    for item in data.items:
        case.items.append(_line_item(session, actor, item))
    for party in data.parties:
        case.parties.append(_party(party))
    _event(case, actor, "opened", to_state=case.state)
    session.flush()
    audit.record(session, actor, Verb.CASE_OPENED, "case", case.id, after=summary(case))
    _changed(session, actor, case)
    return case


def _line_item(session: Session, actor: Actor, data: LineItemIn) -> LineItemRow:
    tech = session.get(TechnologyRow, data.technology_id)
    if tech is None or tech.classification > actor.clearance:
        raise InvalidInput(
            N_("no technology %(technology_id)s"),
            field="technology_id",
            values={"technology_id": data.technology_id},
        )
    kind = parse_enum(TransferKind, data.kind, "kind")
    declared = [
        parse_control_entry(c, "declared_control_entries").code
        for c in data.declared_control_entries
    ]
    level = data.declared_classification
    return LineItemRow(
        technology_id=tech.id,
        quantity=data.quantity,
        kind=kind.value,
        unit_value=data.unit_value,
        declared_control_entries=declared,
        declared_classification=(
            None if level is None else int(Classification.parse(level, "declared_classification"))
        ),
    )


def _party(data: PartyIn) -> PartyRow:
    return PartyRow(
        role=parse_enum(PartyRole, data.role, "role").value,
        name=" ".join(data.name.split()),
        country=normalise_country(data.country, "country"),
        party_type=parse_enum(PartyType, data.type, "type").value,
        sector=parse_enum(PartySector, data.sector, "sector").value if data.sector else "",
        birth_date=data.birth_date,
        identifiers=dict(data.identifiers),
    )


def edit_case(session: Session, actor: Actor, case_id: int, data: CaseEdit,
              expected_version: int | None) -> CaseRow:  # fmt: skip
    case = editable_case(session, actor, case_id, expected_version)
    before = summary(case)
    if data.title is not None:
        case.title = data.title.strip()
    if data.value is not None or data.currency is not None:
        money = Money.parse(
            data.value if data.value is not None else case.value, data.currency or case.currency
        )
        case.value, case.currency = money.amount, money.currency
    if data.transfer_date is not None:
        case.transfer_date = data.transfer_date
    _event(case, actor, "edited")
    _changed(session, actor, case)
    audit.record(
        session, actor, Verb.CASE_EDITED, "case", case.id, before=before, after=summary(case)
    )
    return case


def record_risk_assessment(
    session: Session, actor: Actor, case_id: int, data: RiskAssessmentIn
) -> CaseRow:
    if not actor.has(Role.EXPORT_CONTROL):
        raise Forbidden(N_("only export control records the Article 7 assessment"))
    case = get_case(session, actor, case_id)
    levels = {
        g: NOT_ASSESSED if getattr(data, g) == NOT_ASSESSED
        else parse_enum(RiskLevel, getattr(data, g), g).value
        for g in ART7_GROUNDS
    }  # fmt: skip
    case.risk_assessment = {"levels": levels, "mitigation": data.mitigation,
                            "by": actor.username, "at": utcnow().isoformat()}  # fmt: skip
    _event(
        case,
        actor,
        "risk_assessed",
        ", ".join(f"{k}: {v}" for k, v in levels.items() if v != "low") or "all low",
    )
    _changed(session, actor, case)
    audit.record(session, actor, Verb.DECISION_RECORDED, "case", case.id,
                 after={"risk_assessment": levels})  # fmt: skip
    return case


def record_release_decision(session: Session, actor: Actor, case_id: int, *, granted: bool,
                            reason: str, releasable_level: str | None = None) -> DecisionRow:  # fmt: skip
    """The technology-release board's decision; it may raise the partner's releasable level."""
    if not actor.has(Role.RELEASE_BOARD):
        raise Forbidden(N_("only the technology-release board decides releases"))
    if not reason.strip():
        raise InvalidInput(N_("a release decision needs a reason"), field="reason")
    case = get_case(session, actor, case_id)
    level = Classification.parse(releasable_level, "releasable_level") if releasable_level else None
    decision = DecisionRow(kind="release", outcome="granted" if granted else "refused", reason=reason,
                           decided_by=actor.username, decided_at=utcnow(),
                           releasable_level=None if level is None else int(level))  # fmt: skip
    case.decisions.append(decision)
    if granted and level is not None:
        partner = get_partner(session, case.partner_code)
        partner.releasable_level = max(partner.releasable_level, int(level))
    _noted(
        case, actor, "release_decided", CODED_NOTE, {"code": Code(decision.outcome), "text": reason}
    )
    _changed(session, actor, case)
    audit.record(session, actor, Verb.DECISION_RECORDED, "case", case.id,
                 after={"kind": "release", "outcome": decision.outcome, "level": releasable_level})  # fmt: skip
    return decision


def snapshot(session: Session, case: CaseRow) -> workflow.CaseSnapshot:
    from amanah.cases import notifications, release_validity

    assessment = current_assessment(session, case.id)
    findings = assessment.findings if assessment else []
    return workflow.CaseSnapshot(
        state=_state(case),
        partner=case.partner_code,
        submitted_by=case.submitted_by,
        item_count=len(case.items),
        has_end_user=any(p.role == PartyRole.END_USER for p in case.parties),
        assessed=assessment is not None,
        blocking_findings=tuple(f["rule_id"] for f in findings if f["blocking"]),
        prohibited_findings=tuple(f["rule_id"] for f in findings if f["outcome"] == "prohibited"),
        release_decided=release_decision(case) != "none",
        has_agreement=agreement_for(session, case.id) is not None,
        previous_state=workflow.CaseState(case.previous_state) if case.previous_state else None,
        **_guarded_steps(session, case, notifications.problem, release_validity.problem),
    )


def _guarded_steps(session: Session, case: CaseRow, *checks: Any) -> dict[str, str | None]:
    """The release's validity and the notification's waiting period, read only where a step
    they guard (signing, delivering) is near: the snapshot is taken on every case page."""
    if case.state not in (workflow.S.APPROVED, workflow.S.AGREEMENT_SIGNED):
        return {}
    today = utcnow().date()
    notified, release = (check(session, case, today) for check in checks)
    return {"notification_problem": notified, "release_problem": release}


def transition(session: Session, actor: Actor, case_id: int, action: str, reason: str = "",
               expected_version: int | None = None, *,
               said: AlertMessage | None = None) -> workflow.Step:  # fmt: skip
    """Take `action` on the case for `reason` (a person's words, or the system's English
    text); `said`: the system's reason as a catalogue message, for the timeline's readers."""
    case = get_case(session, actor, case_id)
    _check_version(case, expected_version)
    step = workflow.apply(actor, snapshot(session, case), action, reason)
    before = summary(case)
    if action == "suspend":
        case.previous_state = case.state
    elif action == "resume":
        case.previous_state = None
    if action == "submit":
        case.submitted_by = actor.user_id
    if action == "request_retransfer":
        case.retransfer = True
    if action in ("approve", "refuse"):
        assessment = current_assessment(session, case.id)
        case.decisions.append(DecisionRow(
            kind="approval", outcome="approved" if action == "approve" else "refused",
            reason=reason, decided_by=actor.username, decided_at=utcnow(),
            assessment_id=assessment.id if assessment else None,
        ))  # fmt: skip
    case.state = step.target.value
    if case.owner_id is None and actor.has(Role.CASE_OFFICER):
        case.owner_id = actor.user_id
    _event(case, actor, action, reason, step.source.value, step.target.value, said)
    _changed(session, actor, case,
             CaseTransitioned(case.id, actor, action, step.source.value, step.target.value))  # fmt: skip
    audit.record(session, actor, Verb.CASE_TRANSITIONED, "case", case.id,
                 before=before, after={**summary(case), "action": action, "reason": reason})  # fmt: skip
    return step
