"""What the pages know of a logged-in browser. The sessions themselves are stored in the
database (amanah.users.sessions); the browser holds only an opaque id."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WebSession:
    user_id: int
    csrf: str
