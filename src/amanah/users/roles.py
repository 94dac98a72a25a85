"""The people who use Amanah (DESIGN.md) and the acting user as the services see them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from amanah.catalogue.classification import Classification


class Role(StrEnum):
    PARTNER_LIAISON = "partner_liaison"
    CASE_OFFICER = "case_officer"
    RELEASE_BOARD = "release_board"
    EXPORT_CONTROL = "export_control"
    FINANCE = "finance"
    LEADERSHIP = "leadership"
    AUDITOR = "auditor"
    ADMINISTRATOR = "administrator"


STAFF_ROLES = frozenset(Role) - {Role.PARTNER_LIAISON}


@dataclass(frozen=True)
class Actor:
    """Who is acting. `country` is set for partner liaisons: the state they speak for."""

    user_id: int
    username: str
    roles: frozenset[Role]
    clearance: Classification = Classification.UNCLASSIFIED
    country: str | None = None

    def has(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_partner(self) -> bool:
        return self.roles == {Role.PARTNER_LIAISON}

    def may_see_state(self, country: str) -> bool:
        return not self.is_partner or self.country == country


SYSTEM = Actor(
    user_id=0,
    username="system",
    roles=frozenset({Role.EXPORT_CONTROL}),
    clearance=Classification.TOP_SECRET,
)
