"""Domain events: what happened, as plain dataclasses. A service records an event on its unit of
work (`record(session, event)`) instead of calling the service of another domain; the message
bus (`amanah.bus`) runs the handlers that react to it (`amanah.handlers`), which is where one
domain's change meets another's. Nothing here imports a service: every domain may import this.

An event is handled by the handlers of its class and of each class it derives from, the most
specific first: `PartyAdded` is screened (its own handler) before the case is re-assessed
(the handler of `CaseChanged`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from amanah.monitoring.alerts import AlertMessage
from amanah.users.roles import Actor


@dataclass(frozen=True)
class Event:
    """Something that happened in a domain, recorded by its service."""


# ---- cases ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseChanged(Event):
    """A case's own facts changed (its request, parties, documents, decisions or state): it is
    re-assessed in the same unit of work, so what the caller reads next is current."""

    case_id: int
    actor: Actor | str


@dataclass(frozen=True)
class PartyAdded(CaseChanged):
    """A party arrived on a case (or was changed: screened again as new)."""

    party_id: int


@dataclass(frozen=True)
class PartyWithdrawn(Event):
    """A party is about to be removed from a request or replaced by changed details: its open
    hits no longer stand (a party whose hits were reviewed may not be withdrawn)."""

    case_id: int
    party_id: int


@dataclass(frozen=True)
class ItemClassified(CaseChanged):
    """Export control or the release board recorded what a line item really is."""

    item_id: int


@dataclass(frozen=True)
class CaseTransitioned(CaseChanged):
    """A case moved through its workflow."""

    action: str
    source: str
    target: str


# ---- agreements ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AgreementRecorded(CaseChanged):
    """An approved case's agreement was signed: its retransfer clause is a fact the rules read."""

    agreement_id: int


# ---- end-use monitoring --------------------------------------------------------------------


@dataclass(frozen=True)
class EndUseFindingRecorded(Event):
    """An end-use check found a discrepancy or a violation: the case's owner is alerted; when
    `suspend` (a violation on an active case, or a discrepancy its recorder chose to suspend
    for) the case is suspended and its unshipped deliveries held."""

    case_id: int
    owner_id: int | None
    finding: str  # discrepancy | violation
    what: str | AlertMessage  # the finding in words: alert message and suspension reason
    suspend: bool
    actor: Actor | str


# ---- compliance ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseProhibited(Event):
    """A re-assessment after a change outside the case found it newly prohibited. When the case
    was active (`suspend`) it is suspended and its unshipped deliveries held; its owner is
    alerted either way."""

    case_id: int
    reference: str
    owner_id: int | None
    reasons: str
    suspend: bool
    #: the prohibiting findings' reasons as messages (the alert's, in each reader's language)
    reason_messages: tuple[AlertMessage, ...] = ()


@dataclass(frozen=True)
class AuthorisationToReassess(Event):
    """ATT Art. 7(7): new information (an embargo, a screening hit, a risk note) changed the
    findings of an authorised case without prohibiting it; its owner is alerted to reassess."""

    case_id: int
    owner_id: int | None
    message: str | AlertMessage


@dataclass(frozen=True)
class RenewalOverdue(Event):
    """The daily check found a measure whose renewal date passed with no renewal recorded;
    export control is alerted (an alert for no one user)."""

    embargo_id: str
    kind: str
    message: str | AlertMessage


# ---- screening -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ScreeningHitsRaised(Event):
    """New hits on the parties of one open case (a list import's re-screening): the owner is
    alerted and the case re-assessed, whose screening finding then blocks approval."""

    case_id: int
    entries: tuple[str, ...]


@dataclass(frozen=True)
class HitReviewed(Event):
    """An officer decided a screening hit (true match or false positive)."""

    case_id: int
    hit_id: int
    decision: str
    actor: Actor | str


# ---- partners ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerFactsChanged(Event):
    """A fact the rules read about a partner changed (risk notes, memberships, an agreement in
    force); `partner` None: about every state. Its open cases are re-assessed."""

    partner: str | None
    actor: Actor | str


@dataclass(frozen=True)
class EmbargoChanged(PartnerFactsChanged):
    """An embargo was added, changed or overridden (on `partner`, or on everyone)."""

    embargo_id: str


# ---- jobs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class JobQueued(Event):
    """A background job was recorded: once its row is committed, the queue runs it."""

    job_id: int


# ---- recording -----------------------------------------------------------------------------

Dispatch = Callable[[Session, Event], None]
_dispatch: list[Dispatch] = []


def install(dispatch: Dispatch | None) -> None:
    """The message bus installs its dispatcher here once per process (`amanah.bus.start`)."""
    _dispatch[:] = [] if dispatch is None else [dispatch]


def record(session: Session, event: Event) -> None:
    """Record `event` on the unit of work `session`: the bus runs its handlers."""
    if not _dispatch:
        raise RuntimeError(
            f"{type(event).__name__} recorded before the message bus started: an entry point "
            "(web app, CLI, worker, test) calls amanah.bus.start() first"
        )
    _dispatch[0](session, event)
