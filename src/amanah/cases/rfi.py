"""Requests for information (RFIs) and the case's service-level clock.

Any reviewer sends an RFI to the applicant or the partner; the partner's liaison answers it in
the portal (a case officer records an answer received another way), with an attachment if
needed. While an RFI is open the clock is paused (`cases.sla`); every answer and attachment
stays on the case."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from amanah.audit import service as audit
from amanah.audit.verbs import Verb
from amanah.cases import sla, workflow
from amanah.cases.documents import add_document
from amanah.cases.domain import parse_enum
from amanah.cases.models import CaseEventRow, CaseRow, LineItemRow, RfiRow
from amanah.cases.service import _noted, get_case
from amanah.compliance.rule import Code
from amanah.db.base import utcnow
from amanah.errors import Forbidden, InvalidInput, NotFound, Refused
from amanah.i18n import N_, Word
from amanah.reference import service_levels
from amanah.users.roles import Actor, Role

#: who may ask: every role that reviews a case
REVIEWERS = (Role.CASE_OFFICER, Role.EXPORT_CONTROL, Role.RELEASE_BOARD, Role.FINANCE,
             Role.LEADERSHIP)  # fmt: skip
#: who may answer: the partner's liaison, or an officer recording an answer received otherwise
ANSWERERS = (Role.PARTNER_LIAISON, Role.CASE_OFFICER)
MAX_TEXT = 5000


class Addressee(StrEnum):
    APPLICANT = "applicant"
    PARTNER = "partner"


class RfiStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    content: bytes


#: the texts of a request for information, named in a message in the reader's language
FIELD_WORDS = {"question": N_("question"), "answer": N_("answer")}


def _text(value: str, field: str) -> str:
    text = value.strip()
    words = Word(field, FIELD_WORDS[field])
    if not text:
        raise InvalidInput(N_("enter the %(field)s"), field=field, values={"field": words})
    if len(text) > MAX_TEXT:
        raise InvalidInput(
            N_("the %(field)s is longer than %(MAX_TEXT)s characters"),
            field=field,
            values={"field": words, "MAX_TEXT": MAX_TEXT},
        )
    return text


def send_rfi(session: Session, actor: Actor, case_id: int, *, addressee: str, question: str,
             due_on: date | None = None) -> RfiRow:  # fmt: skip
    if not actor.has(*REVIEWERS):
        raise Forbidden(N_("only reviewers (officers, export control, the release board, finance, "
                        "leadership) send requests for information"))  # fmt: skip
    case = get_case(session, actor, case_id)
    state = workflow.CaseState(case.state)
    if state is workflow.S.DRAFT or state in workflow.FINAL_STATES:
        raise Refused(N_("case %(reference)s is %(state)s: requests for information are "
                         "sent on submitted, open cases"), field="state",
                         values={"reference": case.reference, "state": Word(case.state)})  # fmt: skip
    to = parse_enum(Addressee, addressee, "addressee")
    text = _text(question, "question")
    if due_on is not None and due_on < utcnow().date():
        raise InvalidInput(N_("the answer cannot be due before today"), field="due_on")
    row = RfiRow(case_id=case.id, addressee=to.value, question=text, due_on=due_on,
                 asked_by=actor.username, asked_at=utcnow(), status=RfiStatus.OPEN.value,
                 answer="", document_ids=[])  # fmt: skip
    session.add(row)
    _noted(
        case,
        actor,
        "rfi_sent",
        N_("to the %(addressee)s: %(text)s"),
        {"addressee": Code(to.value), "text": text[:200]},
    )
    session.flush()
    audit.record(session, actor, Verb.RFI_SENT, "case", case.id,
                 after={"rfi_id": row.id, "addressee": to.value, "question": text,
                        "due_on": None if due_on is None else due_on.isoformat()})  # fmt: skip
    return row


def answer_rfi(session: Session, actor: Actor, case_id: int, rfi_id: int, *, answer: str,
               attachment: Attachment | None = None) -> RfiRow:  # fmt: skip
    if not actor.has(*ANSWERERS):
        raise Forbidden(N_("requests for information are answered by the partner's liaison or a "
                        "case officer"))  # fmt: skip
    case = get_case(session, actor, case_id)
    row = _rfi_of(session, case, rfi_id)
    if row.status != RfiStatus.OPEN:
        raise Refused(
            N_("request for information %(rfi_id)s was already answered"),
            field="rfi_id",
            values={"rfi_id": rfi_id},
        )
    text = _text(answer, "answer")
    if attachment is not None:
        document = add_document(session, actor, case.id, kind="other",
                                filename=attachment.filename,
                                content_type=attachment.content_type, content=attachment.content)  # fmt: skip
        row.document_ids = [*row.document_ids, document.id]
    row.answer, row.answered_by, row.answered_at = text, actor.username, utcnow()
    row.status = RfiStatus.ANSWERED.value
    _noted(
        case,
        actor,
        "rfi_answered",
        N_("request %(number)s: %(text)s"),
        {"number": str(row.id), "text": text[:200]},
    )
    session.flush()
    audit.record(session, actor, Verb.RFI_ANSWERED, "case", case.id,
                 after={"rfi_id": row.id, "answer": text, "documents": row.document_ids})  # fmt: skip
    return row


def _rfi_of(session: Session, case: CaseRow, rfi_id: int) -> RfiRow:
    row = session.get(RfiRow, rfi_id)
    if row is None or row.case_id != case.id:
        raise NotFound(N_("case %(reference)s has no request for information %(rfi_id)s"),
                       field="rfi_id", values={"reference": case.reference, "rfi_id": rfi_id})  # fmt: skip
    return row


def rfis_for(session: Session, actor: Actor, case_id: int) -> list[RfiRow]:
    case = get_case(session, actor, case_id)
    return list(session.scalars(select(RfiRow).where(RfiRow.case_id == case.id)
                                .order_by(RfiRow.id)))  # fmt: skip


def as_dict(row: RfiRow, *, staff: bool = True) -> dict[str, object]:
    """An RFI as the API shows it; a partner does not see which official asked."""
    return {"id": row.id, "addressee": row.addressee, "question": row.question,
            "due_on": row.due_on, "status": row.status, "asked_at": row.asked_at,
            "asked_by": row.asked_by if staff else None, "answer": row.answer,
            "answered_at": row.answered_at, "documents": list(row.document_ids)}  # fmt: skip


# --- the service-level clock -----------------------------------------------------------------


def calendar() -> sla.Calendar:
    levels = service_levels()
    return sla.Calendar.of(levels.workdays, levels.holidays)


DECIDED = ("approve", "refuse", "withdraw")


@dataclass(frozen=True)
class CaseClock:
    case_id: int
    started: date
    until: date
    clock: sla.Clock


def clocks(session: Session, case_ids: Iterable[int] | Select[Any],
           today: date | None = None) -> dict[int, CaseClock]:  # fmt: skip
    """The clock of each submitted case among `case_ids` (ids, or a query of them: the SLA
    report of every case passes one), in four queries whatever their number: submission,
    decision, RFI spans and kinds. A case never submitted has no clock."""
    if isinstance(case_ids, Select):
        chosen: Any = case_ids
    else:
        chosen = list(case_ids)
        if not chosen:
            return {}
    today = today or utcnow().date()
    levels = service_levels()
    cal = calendar()
    started: dict[int, datetime] = dict(session.execute(
        select(CaseEventRow.case_id, func.min(CaseEventRow.at))
        .where(CaseEventRow.case_id.in_(chosen), CaseEventRow.action == "submit")
        .group_by(CaseEventRow.case_id)).all())  # fmt: skip
    decided: dict[int, datetime] = dict(session.execute(
        select(CaseEventRow.case_id, func.max(CaseEventRow.at))
        .where(CaseEventRow.case_id.in_(chosen), CaseEventRow.action.in_(DECIDED))
        .group_by(CaseEventRow.case_id)).all())  # fmt: skip
    pauses: dict[int, list[sla.Pause]] = {}
    for case_id, asked, answered in session.execute(
        select(RfiRow.case_id, RfiRow.asked_at, RfiRow.answered_at).where(
            RfiRow.case_id.in_(chosen))):  # fmt: skip
        pauses.setdefault(case_id, []).append(
            sla.Pause(asked.date(), None if answered is None else answered.date())
        )
    kinds: dict[int, list[str]] = {}
    for case_id, kind in session.execute(
        select(LineItemRow.case_id, LineItemRow.kind).where(LineItemRow.case_id.in_(chosen))):  # fmt: skip
        kinds.setdefault(case_id, []).append(kind)
    order = list(started)
    starts = [started[i].date() for i in order]
    untils = [decided[i].date() if i in decided else today for i in order]
    base = sla.working_days_many(starts, untils, cal)  # one vectorised call for every case
    found = {}
    for case_id, start, until, days in zip(order, starts, untils, base, strict=True):
        target = sla.target_for(kinds.get(case_id, []), levels.targets, levels.default_target)
        held = pauses.get(case_id)
        if held:  # the few cases with RFIs: their paused days taken out
            clock = sla.clock(start, until, target, held, cal)
        else:
            clock = sla.clock_of_elapsed(days, target, False)
        found[case_id] = CaseClock(case_id, start, until, clock)
    return found


def clock_of(session: Session, actor: Actor, case_id: int, today: date | None = None) -> CaseClock | None:  # fmt: skip
    case = get_case(session, actor, case_id)
    return clocks(session, [case.id], today).get(case.id)


def clock_dict(found: CaseClock | None) -> dict[str, object] | None:
    if found is None:
        return None
    c = found.clock
    return {"started": found.started, "until": found.until, "elapsed_working_days": c.elapsed,
            "target_working_days": c.target, "remaining_working_days": c.remaining,
            "paused": c.paused, "standing": c.standing.value}  # fmt: skip
