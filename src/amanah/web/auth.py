"""Server-side sessions with CSRF tokens for pages, bearer tokens for the API."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from amanah.db.base import utcnow


@dataclass
class WebSession:
    user_id: int
    csrf: str
    expires: datetime


class SessionStore:
    """Sessions live on the server; the browser holds only an opaque id."""

    def __init__(self, lifetime: timedelta) -> None:
        self.lifetime = lifetime
        self._sessions: dict[str, WebSession] = {}
        self._lock = threading.Lock()

    def open(self, user_id: int) -> tuple[str, WebSession]:
        sid = secrets.token_urlsafe(32)
        session = WebSession(user_id, secrets.token_urlsafe(24), utcnow() + self.lifetime)
        with self._lock:
            self._sessions[sid] = session
        return sid, session

    def get(self, sid: str | None) -> WebSession | None:
        if not sid:
            return None
        with self._lock:
            session = self._sessions.get(sid)
            if session is None:
                return None
            if session.expires < utcnow():
                del self._sessions[sid]
                return None
            session.expires = utcnow() + self.lifetime
            return session

    def close(self, sid: str | None) -> None:
        with self._lock:
            self._sessions.pop(sid or "", None)
