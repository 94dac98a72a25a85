"""Security classification levels, ordered so that a level can be compared with a clearance."""

from __future__ import annotations

from enum import IntEnum

from amanah.errors import InvalidInput
from amanah.i18n import N_


class Classification(IntEnum):
    UNCLASSIFIED = 0
    RESTRICTED = 1
    CONFIDENTIAL = 2
    SECRET = 3
    TOP_SECRET = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(
        cls, value: str | int | Classification, field: str = "classification"
    ) -> Classification:
        if isinstance(value, Classification):
            return value
        if isinstance(value, int):
            try:
                return cls(value)
            except ValueError:
                pass
        else:
            key = value.strip().upper().replace(" ", "_").replace("-", "_")
            if key in cls.__members__:
                return cls[key]
        choices = ", ".join(c.label for c in cls)
        raise InvalidInput(
            N_("unknown classification %(value)s; expected one of: %(choices)s"),
            field=field,
            values={"value": repr(value), "choices": choices},
        )
