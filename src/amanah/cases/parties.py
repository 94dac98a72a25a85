"""A request's parties (end user, consignee, intermediaries…): added, changed and removed; a
party added or changed is screened on arrival, one withdrawn is forgotten by screening. Each
call runs inside the caller's transaction, as `cases.service`'s do."""

from __future__ import annotations

from sqlalchemy.orm import Session

from amanah import events
from amanah.audit import service as audit
from amanah.audit.verbs import Verb
from amanah.cases.models import CaseRow, PartyRow
from amanah.cases.schemas import PartyIn
from amanah.cases.service import (
    PARTY_NOTE,
    REMOVED_PARTY_NOTE,
    _changed,
    _check_version,
    _noted,
    _party,
    child_of,
    editable_case,
    get_case,
    require_open,
    require_writer,
)
from amanah.compliance.rule import Code
from amanah.events import PartyAdded, PartyWithdrawn
from amanah.i18n import N_
from amanah.users.roles import Actor


def add_party(session: Session, actor: Actor, case_id: int, data: PartyIn,
              expected_version: int | None = None) -> PartyRow:  # fmt: skip
    case = get_case(session, actor, case_id)
    require_writer(actor, case)
    _check_version(case, expected_version)
    require_open(case)
    party = _party(data)
    case.parties.append(party)
    _noted(
        case,
        actor,
        "party_added",
        PARTY_NOTE,
        {"role": Code(party.role), "name": party.name, "country": party.country},
    )
    session.flush()
    _changed(session, actor, case, PartyAdded(case.id, actor, party.id))  # screened on arrival
    audit.record(session, actor, Verb.PARTY_ADDED, "case", case.id,
                 after={"party_id": party.id, "role": party.role, "name": party.name,
                        "country": party.country, "sector": party.sector})  # fmt: skip
    return party


def _party_of(case: CaseRow, party_id: int) -> PartyRow:
    return child_of(
        case, case.parties, party_id, "party_id", N_("case %(reference)s has no party %(party_id)s")
    )


def change_party(session: Session, actor: Actor, case_id: int, party_id: int, data: PartyIn,
                 expected_version: int | None = None) -> PartyRow:  # fmt: skip
    """Change a party of a request; it is screened again as changed."""
    case = editable_case(session, actor, case_id, expected_version)
    party = _party_of(case, party_id)
    fresh = _party(data)
    before = {"role": party.role, "name": party.name, "country": party.country,
              "type": party.party_type, "sector": party.sector}  # fmt: skip
    events.record(session, PartyWithdrawn(case.id, party.id))
    for name in ("role", "name", "country", "party_type", "sector", "birth_date", "identifiers"):
        setattr(party, name, getattr(fresh, name))
    _noted(
        case,
        actor,
        "party_changed",
        PARTY_NOTE,
        {"role": Code(party.role), "name": party.name, "country": party.country},
    )
    session.flush()
    _changed(session, actor, case, PartyAdded(case.id, actor, party.id))  # screened as new
    audit.record(session, actor, Verb.PARTY_CHANGED, "case", case.id, before=before,
                 after={"party_id": party.id, "role": party.role, "name": party.name,
                        "country": party.country, "type": party.party_type,
                        "sector": party.sector})  # fmt: skip
    return party


def remove_party(session: Session, actor: Actor, case_id: int, party_id: int,
                 expected_version: int | None = None) -> None:  # fmt: skip
    case = editable_case(session, actor, case_id, expected_version)
    party = _party_of(case, party_id)
    events.record(session, PartyWithdrawn(case.id, party.id))
    before = {"party_id": party.id, "role": party.role, "name": party.name,
              "country": party.country}  # fmt: skip
    case.parties.remove(party)
    _noted(
        case,
        actor,
        "party_removed",
        REMOVED_PARTY_NOTE,
        {"role": Code(str(before["role"])), "name": str(before["name"])},
    )
    _changed(session, actor, case)
    audit.record(session, actor, Verb.PARTY_REMOVED, "case", case.id, before=before)
