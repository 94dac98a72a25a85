"""Case snapshots and actors for the pure lifecycle tests."""

from __future__ import annotations

from amanah.cases.workflow import CaseSnapshot, CaseState
from amanah.catalogue.classification import Classification
from amanah.users.roles import Actor, Role


def actor(*roles: Role, user_id: int = 10, country: str | None = None) -> Actor:
    return Actor(user_id=user_id, username=f"user{user_id}", roles=frozenset(roles),
                 clearance=Classification.SECRET, country=country)  # fmt: skip


def ready_snapshot(state: CaseState, **changes: object) -> CaseSnapshot:
    """A case in `state` that satisfies every guard, unless `changes` say otherwise."""
    values: dict[str, object] = {
        "state": state,
        "partner": "XA",
        "submitted_by": 1,
        "item_count": 1,
        "has_end_user": True,
        "assessed": True,
        "blocking_findings": (),
        "prohibited_findings": (),
        "release_decided": True,
        "has_agreement": True,
        "previous_state": CaseState.APPROVED,
    }
    values.update(changes)
    return CaseSnapshot(**values)  # type: ignore[arg-type]
