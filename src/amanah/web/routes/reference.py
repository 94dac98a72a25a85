"""Reference data (embargoes, memberships, agreements in force): changed only by a proposal
that a second owner of the data confirms."""

from typing import Annotated

from fastapi import APIRouter, Body

from amanah.partners import proposals
from amanah.partners.models import ReferenceProposalRow
from amanah.partners.schemas import (
    EmbargoIn,
    MembershipsIn,
    PartnerAgreementIn,
    ProposalDecisionIn,
    ProposalOut,
    RenewalIn,
)
from amanah.web.deps import Db, Who

router = APIRouter(tags=["reference data"])


def out(row: ReferenceProposalRow) -> ProposalOut:
    return ProposalOut.model_validate(row, from_attributes=True)


@router.post("/api/v1/embargoes", status_code=202, response_model=ProposalOut)
def api_propose_embargo(data: EmbargoIn, session: Db, who: Who) -> ProposalOut:
    """Propose an embargo or a change to one (its lifting too): it takes effect when a second
    person from export control or the administrators confirms it."""
    return out(proposals.propose_embargo(session, who, data))


@router.post("/api/v1/embargoes/{embargo_id}/renewals", status_code=202, response_model=ProposalOut)
def api_propose_renewal(embargo_id: str, data: RenewalIn, session: Db, who: Who) -> ProposalOut:
    """Propose to record a measure's renewal (the instrument, its adoption, the new end date and
    the official text): when a second owner confirms it, the renewal date moves, the daily
    check stops alerting and the open cases are re-assessed."""
    return out(proposals.propose_renewal(session, who, embargo_id, data))


@router.post("/api/v1/partners/{code}/memberships", status_code=202, response_model=ProposalOut)
def api_propose_memberships(code: str, data: MembershipsIn, session: Db, who: Who) -> ProposalOut:
    return out(proposals.propose_memberships(session, who, code, data))


@router.post("/api/v1/partners/{code}/agreements", status_code=202, response_model=ProposalOut)
def api_propose_agreement(
    code: str, data: PartnerAgreementIn, session: Db, who: Who
) -> ProposalOut:
    return out(proposals.propose_agreement(session, who, code, data))


@router.get("/api/v1/proposals", response_model=list[ProposalOut])
def api_proposals(session: Db, who: Who, status: str = "pending") -> list[ProposalOut]:
    """Proposals in `status` (pending, confirmed, rejected; empty: all), newest first."""
    return [out(r) for r in proposals.list_proposals(session, who, status or None)]


@router.post("/api/v1/proposals/{proposal_id}/confirm", response_model=ProposalOut)
def api_confirm(
    proposal_id: int,
    session: Db,
    who: Who,
    data: Annotated[ProposalDecisionIn | None, Body()] = None,
) -> ProposalOut:
    """Confirm and apply (four eyes: not by the proposer); open cases are re-assessed."""
    return out(proposals.confirm(session, who, proposal_id, data.note if data else ""))


@router.post("/api/v1/proposals/{proposal_id}/reject", response_model=ProposalOut)
def api_reject(
    proposal_id: int,
    session: Db,
    who: Who,
    data: Annotated[ProposalDecisionIn | None, Body()] = None,
) -> ProposalOut:
    return out(proposals.reject(session, who, proposal_id, data.note if data else ""))
